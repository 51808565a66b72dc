import { asList, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, isTenantNamespace, namespaceOf } from '../support';

const QUOTA_KEYS: ReadonlyArray<[string, string]> = [
  ['requests.cpu', 'cpu'],
  ['requests.memory', 'memory'],
  ['limits.cpu', ''],
  ['limits.memory', ''],
];

/** Whether a namespace has a LimitRange giving containers default requests and limits for cpu and memory. */
function hasContainerDefaults(ctx: RuleContext, cluster: string, ns: string): boolean {
  return ctx
    .inNamespace(cluster, ns)
    .some(
      (x) =>
        x.kind === 'LimitRange' &&
        asList(x.object?.spec?.limits).some((l: any) => l?.type === 'Container' && l?.default?.cpu && l?.default?.memory && l?.defaultRequest?.cpu && l?.defaultRequest?.memory),
    );
}

/** MLPS3-2: declared capacity: tenant namespaces have a quota and container defaults; workloads have requests and limits. */
export const tenantCapacityDeclared: ComplianceRule<'resource'> = {
  id: 'MLPS3-2',
  name: 'Capacity is declared for every department and workload',
  nameZh: '业务处理能力与带宽保障',
  domain: RuleDomain.NETWORK_ARCHITECTURE,
  clauses: ['8.1.2.1 a', '8.1.2.1 b'],
  severity: 'error',
  description:
    'Every tenant namespace has a ResourceQuota bounding requests and limits of cpu and memory and a LimitRange with container defaults; every workload container has cpu and memory requests and limits, or inherits them from that LimitRange.',
  remediation:
    'Give every tenant a quota (quota.cpu and quota.memoryGi), keep its LimitRange (containerDefaults), and set resources.requests and resources.limits for cpu and memory on every container of a workload.',
  subject: 'resource',
  kinds: ['Namespace', ...WORKLOAD_KINDS],
  check: function tenantCapacityDeclared(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'Namespace') {
      if (!isTenantNamespace(obj)) return RuleStatus.NOT_APPLICABLE;
      const name = obj.metadata.name ?? '';
      const out: Violation[] = [];
      const quotas = ctx.inNamespace(r.cluster, name).filter((x) => x.kind === 'ResourceQuota');
      const hard = Object.assign({}, ...quotas.map((q) => (q.object?.spec?.hard ?? {}) as Record<string, string>));
      const missing = QUOTA_KEYS.filter(([k, alias]) => hard[k] === undefined && (alias === '' || hard[alias] === undefined)).map(([k]) => k);
      if (missing.length > 0) {
        out.push({
          message: `${describe(r)} has ${quotas.length === 0 ? 'no ResourceQuota' : `a ResourceQuota without ${missing.join(', ')}`}, so the department's share of the cluster is not bounded`,
          fix: 'give the tenant a quota (Tenant quota.cpu and quota.memoryGi produce requests.* and limits.*)',
        });
      }
      if (!hasContainerDefaults(ctx, r.cluster, name)) {
        out.push({ message: `${describe(r)} has no LimitRange with container default requests and limits for cpu and memory`, fix: 'keep the tenant LimitRange (containerDefaults) in the namespace' });
      }
      return out;
    }
    const pod = podSpecOf(obj);
    const containers = containersOf(pod);
    if (containers.length === 0) return RuleStatus.NOT_APPLICABLE;
    const ns = namespaceOf(r);
    if (ns !== undefined && hasContainerDefaults(ctx, r.cluster, ns)) return RuleStatus.COMPLIANT;
    const bare = containers.filter((c) => !(c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.cpu && c.resources?.limits?.memory)).map((c) => String(c.name ?? '?'));
    if (bare.length === 0) return RuleStatus.COMPLIANT;
    return {
      message: `${describe(r)}: container${bare.length > 1 ? 's' : ''} ${bare.join(', ')} declare${bare.length > 1 ? '' : 's'} no cpu/memory requests and limits, and the namespace has no LimitRange defaults`,
      fix: 'set resources.requests and resources.limits for cpu and memory on every container',
    };
  },
};
