/** Our side of the benchmark: the benchmark province built with the library. */
import { App } from 'cdktf';
import { CloudKind, CpuArch, DataClass, ProvinceHub, SiteRole, StateBackend } from '../lib';
import { BenchSpec } from './spec';

/** Builds the province of `spec` in `app` (one ProvinceHub, its industry clouds and tenants). */
export function buildOurs(app: App, spec: BenchSpec): ProvinceHub {
  const hub = new ProvinceHub(app, spec.province, {
    province: spec.province,
    displayName: spec.displayName,
    registry: spec.registry,
    sites: spec.sites.map((s) => ({ name: s.name, city: s.city, role: s.role === 'PRODUCTION' ? SiteRole.PRODUCTION : SiteRole.DISASTER_RECOVERY })),
    clusters: spec.clusters.map((c) => ({
      name: c.name,
      site: c.site,
      cloud: CloudKind.PRIVATE,
      arch: CpuArch.ARM64,
      capacity: spec.capacity,
      connection: { configPath: '~/.kube/config', context: c.context },
    })),
    stateBackend: StateBackend.local(),
  });
  for (const ind of spec.industries) {
    const ic = hub.addIndustryCloud(ind.code, {
      displayName: ind.displayName,
      clusters: spec.clusters.map((c) => c.name),
      dataClass: ind.dataClass === 'important' ? DataClass.IMPORTANT : DataClass.GENERAL,
    });
    for (const t of ind.tenants) {
      ic.addTenant(t.code, { displayName: t.displayName, quota: t.quota, admins: t.admins, viewers: t.viewers });
    }
  }
  return hub;
}
