import { Labels } from '../../../core/labels';
import { SiteRole } from '../../../core/enums';
import { backupLocations } from '../backup-recovery/velero';
import type { HubSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { isBusinessZone, isMainlandRegion } from '../support';

/** MLPS3-29: infrastructure and data stay in mainland China, and where data lies can be shown. */
export const dataLocationInChina: ComplianceRule<'hub'> = {
  id: 'MLPS3-29',
  name: 'Data and infrastructure stay in mainland China',
  nameZh: '基础设施位置与数据存储位置',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.1.1 a', '8.2.4.5 a', '8.2.4.6 b'],
  severity: 'error',
  description: `Every public-cloud site names its region, and every declared region (sites, Velero backup locations) is a mainland-China region (Hong Kong and Macau regions count as cross-border). Business namespaces carry ${Labels.DATA_LOCATION} so the inventory can tell each department where its data and backups are.`,
  subject: 'hub',
  provisional: `Business namespaces without ${Labels.DATA_LOCATION} are one warning per hub until the placement layer (#5) labels them; regions outside mainland China are errors already.`,
  check: function dataLocationInChina(h: HubSubject, ctx: RuleContext) {
    const out: Violation[] = [];
    for (const s of h.hub.sites ?? []) {
      const at = `${h.path}/sites/${s.name}`;
      const isPublic = SiteRole.parse(s.role)?.value === SiteRole.PUBLIC_CLOUD.value;
      if (isPublic && (typeof s.region !== 'string' || s.region.trim() === '')) {
        out.push({ message: `public-cloud site "${s.name}" names no region, so where its data lies cannot be shown`, fix: "set region, e.g. 'cn-hangzhou'", path: at });
      } else if (typeof s.region === 'string' && s.region.trim() !== '' && !isMainlandRegion(s.region)) {
        out.push({ message: `site "${s.name}" is in region "${s.region}", outside mainland China`, fix: 'use a mainland-China region (cn-*, ap-beijing…); transfers abroad need a separate legal assessment', path: at });
      }
    }
    const clusters = new Set((h.hub.clusters ?? []).map((c) => c.name));
    // A store in one of the hub's own data centres is where its city label says; its S3 region name is free text (MinIO, Ceph).
    const ownCities = new Set((h.hub.sites ?? []).filter((s) => SiteRole.parse(s.role) && SiteRole.parse(s.role)!.value !== SiteRole.PUBLIC_CLOUD.value).map((s) => s.city));
    for (const l of backupLocations(ctx)) {
      if (!clusters.has(l.cluster) || ownCities.has(l.labels[Labels.DATA_LOCATION]) || l.region === undefined || isMainlandRegion(l.region)) continue;
      out.push({ message: `backup storage location "${l.name}" on cluster "${l.cluster}" is in region "${l.region}", outside mainland China`, fix: 'keep backups in a mainland-China region', resource: l.resource });
    }
    const unlabelled = ctx
      .ofKind('Namespace')
      .filter((r) => clusters.has(r.cluster) && isBusinessZone(r.object?.metadata.labels[Labels.ZONE]) && !r.object?.metadata.labels[Labels.DATA_LOCATION]);
    if (unlabelled.length > 0) {
      const e = unlabelled[0].object!.metadata.name;
      out.push({
        message: `${unlabelled.length} business namespace${unlabelled.length === 1 ? '' : 's'} of province "${h.hub.province}" carry no ${Labels.DATA_LOCATION} label (e.g. "${e}" on "${unlabelled[0].cluster}"), so the inventory cannot say where their data is kept`,
        fix: `label business namespaces ${Labels.DATA_LOCATION}: <city of the cluster's site>`,
        severity: 'warning',
      });
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
