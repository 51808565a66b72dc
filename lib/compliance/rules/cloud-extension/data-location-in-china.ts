import { SiteRole } from '../../../core/enums';
import { isLabelValue, Labels } from '../../../core/labels';
import type { HubSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { backupLocations } from '../backup-recovery/velero';
import { describe, isBusinessZone, isMainlandRegion, isTenantNamespace } from '../support';

/** MLPS3-29: infrastructure and data stay in mainland China, and where data lies can be shown. */
export const dataLocationInChina: ComplianceRule<'hub'> = {
  id: 'MLPS3-29',
  name: 'Data and infrastructure stay in mainland China',
  nameZh: '基础设施位置与数据存储位置',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.1.1 a', '8.2.4.5 a', '8.2.4.6 b'],
  severity: 'error',
  description: `Every public-cloud site names its region, and every declared region is a mainland-China region (Hong Kong and Macau regions count as cross-border). Every data-bearing object says where its data lies with ${Labels.DATA_LOCATION}, and the label is true: each tenant namespace carries the city of its cluster's site; each Velero BackupStorageLocation carries the city of the hub site that holds the store (or names a mainland cloud region).`,
  remediation:
    "Name the mainland-China region of every public-cloud site; label every data-bearing object with gov-lz.io/data-location, the city of its cluster's site (the landing zone does for tenants and backup locations).",
  subject: 'hub',
  check: function dataLocationInChina(h: HubSubject, ctx: RuleContext) {
    const out: Violation[] = [];
    const sites = h.hub.sites ?? [];
    for (const s of sites) {
      const at = `${h.path}/sites/${s.name}`;
      const isPublic = SiteRole.parse(s.role)?.value === SiteRole.PUBLIC_CLOUD.value;
      if (isPublic && (typeof s.region !== 'string' || s.region.trim() === '')) {
        out.push({ message: `public-cloud site "${s.name}" names no region, so where its data lies cannot be shown`, fix: "set region, e.g. 'cn-hangzhou'", path: at });
      } else if (typeof s.region === 'string' && s.region.trim() !== '' && !isMainlandRegion(s.region)) {
        out.push({
          message: `site "${s.name}" is in region "${s.region}", outside mainland China`,
          fix: 'use a mainland-China region (cn-*, ap-beijing…); transfers abroad need a separate legal assessment',
          path: at,
        });
      }
    }
    // The city each cluster's data is in, from its site.
    const cityOf = new Map<string, string | undefined>();
    for (const c of h.hub.clusters ?? []) if (typeof c?.name === 'string') cityOf.set(c.name, sites.find((s) => s.name === c.site)?.city);
    // A store in one of the hub's own data centres is where its city label says; its S3 region name is free text (MinIO, Ceph).
    const ownCities = new Set(sites.filter((s) => SiteRole.parse(s.role) && SiteRole.parse(s.role)!.value !== SiteRole.PUBLIC_CLOUD.value).map((s) => s.city));
    for (const l of backupLocations(ctx)) {
      if (!cityOf.has(l.cluster)) continue;
      const city = l.labels[Labels.DATA_LOCATION];
      if (ownCities.has(city)) continue;
      const where = `backup storage location "${l.name}" on cluster "${l.cluster}"`;
      if (l.region !== undefined && !isMainlandRegion(l.region)) {
        out.push({ message: `${where} is in region "${l.region}", outside mainland China`, fix: 'keep backups in a mainland-China region', resource: l.resource });
      } else if (l.region === undefined) {
        out.push({
          message: `${where} ${city === undefined ? `carries no ${Labels.DATA_LOCATION} label` : `says it is in "${city}", which is no site of province "${h.hub.province}",`} and names no region, so where the backups lie cannot be shown`,
          fix: `label it ${Labels.DATA_LOCATION}: <city of the site that holds the bucket> (${[...ownCities].sort().join(', ') || 'a site of the hub'}), or name the mainland region of the cloud store`,
          resource: l.resource,
        });
      }
    }
    for (const r of ctx.ofKind('Namespace')) {
      if (!cityOf.has(r.cluster)) continue;
      const ns = r.object;
      if (!ns) continue;
      const tenant = isTenantNamespace(ns);
      if (!tenant && !isBusinessZone(ns.metadata.labels[Labels.ZONE])) continue;
      const label = ns.metadata.labels[Labels.DATA_LOCATION];
      const city = cityOf.get(r.cluster);
      if (label === undefined) {
        out.push({
          message: `${describe(r)} holds ${tenant ? "a department's" : 'business'} data but carries no ${Labels.DATA_LOCATION} label, so the inventory cannot say where it is kept`,
          fix: isLabelValue(city)
            ? `label the namespace ${Labels.DATA_LOCATION}: ${city}`
            : `give the site of cluster "${r.cluster}" a city that is a label value (pinyin, e.g. 'hangzhou' rather than ${JSON.stringify(city ?? null)}): tenant namespaces are then labelled with it`,
          resource: r,
        });
      } else if (city !== undefined && label !== city) {
        out.push({
          message: `${describe(r)} says its data is in "${label}", but cluster "${r.cluster}" is on a site in ${city}`,
          fix: `label the namespace ${Labels.DATA_LOCATION}: ${city}`,
          resource: r,
        });
      }
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
