/** The domain diff of a department's applications (GovApplication): SLO, capacity, and what removes running service. */
import type { ApplicationRecord } from '../schema/application';
import { byKey, same } from './diff-support';
import type { DomainChange } from './model';

const capacity = (a: ApplicationRecord) => `replicas ${a.replicas.min}–${a.replicas.max}, ${a.resources.cpu} CPU/${a.resources.memoryMi} MiB per pod, peak ${a.peakCapacity.replicas} pods`;
const slo = (a: ApplicationRecord) => (a.slo ? `${a.slo.availability}%${a.slo.latencyMs !== undefined ? ` p99 ${a.slo.latencyMs} ms` : ''}` : 'none');

/** Applications added, removed (destructive), with a changed SLO or capacity, moved off clusters, or delivered another way. */
export function diffApplications(
  base: Omit<DomainChange, 'kind' | 'destructive' | 'message'>,
  tenant: string,
  before: ApplicationRecord[] | undefined,
  after: ApplicationRecord[] | undefined,
): DomainChange[] {
  const out: DomainChange[] = [];
  const b = byKey(before, (a) => a.name);
  const h = byKey(after, (a) => a.name);
  for (const [name, a] of h) {
    const o = b.get(name);
    if (!o) {
      out.push({ ...base, kind: 'application-added', after: a, destructive: false, message: `application ${tenant}/${name} is added (SLO ${slo(a)}, ${capacity(a)})` });
      continue;
    }
    if (!same(o.slo, a.slo) || o.achievableAvailability !== a.achievableAvailability) {
      out.push({
        ...base,
        kind: 'application-slo-changed',
        before: { slo: o.slo, achievableAvailability: o.achievableAvailability },
        after: { slo: a.slo, achievableAvailability: a.achievableAvailability },
        destructive: false,
        message: `SLO of ${tenant}/${name}: ${slo(o)} → ${slo(a)} (achievable ${o.achievableAvailability ?? '?'}% → ${a.achievableAvailability ?? '?'}%)`,
      });
    }
    if (!same(o.replicas, a.replicas) || !same(o.resources, a.resources) || !same(o.peaks, a.peaks) || o.burst !== a.burst) {
      out.push({
        ...base,
        kind: 'application-capacity-changed',
        before: o,
        after: a,
        destructive: false,
        message: `capacity of ${tenant}/${name}: ${capacity(o)} → ${capacity(a)}${o.burst !== a.burst ? `; burst ${o.burst} → ${a.burst}` : ''}`,
      });
    }
    const gone = o.clusters.filter((c) => !a.clusters.includes(c));
    const redelivered = o.delivery !== a.delivery;
    if (gone.length > 0 || redelivered || !same(o.route, a.route)) {
      const parts = [
        ...(gone.length > 0 ? [`its objects on ${gone.join(', ')} are deleted`] : []),
        // Terraform forgets (and destroys) what it managed when the bundle takes over, and the reverse needs an import.
        ...(redelivered ? [`delivery ${o.delivery} → ${a.delivery}: the objects are deleted by ${o.delivery === 'terraform' ? 'Terraform' : 'the department deployer'} and created again`] : []),
        ...(!same(o.route, a.route) ? [`route ${o.route ? `${o.route.host}${o.route.path}` : 'none'} → ${a.route ? `${a.route.host}${a.route.path}` : 'none'}`] : []),
      ];
      out.push({
        ...base,
        kind: 'application-changed',
        before: o,
        after: a,
        destructive: gone.length > 0 || redelivered || (o.route !== null && a.route === null),
        message: `application ${tenant}/${name}: ${parts.join('; ')}`,
      });
    }
  }
  for (const [name, o] of b) {
    if (!h.has(name))
      out.push({
        ...base,
        kind: 'application-removed',
        before: o,
        destructive: true,
        message: `application ${tenant}/${name} is removed: its Deployment, Service and route are deleted on ${o.clusters.join(', ')}`,
      });
  }
  return out;
}
