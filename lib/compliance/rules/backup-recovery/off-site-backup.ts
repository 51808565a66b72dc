import { Labels } from '../../../core/labels';
import { SiteRole } from '../../../core/enums';
import type { HubSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { backupLocations } from './velero';

/** MLPS3-23: backups are also kept off-site, in another city than the production sites. */
export const offSiteBackup: ComplianceRule<'hub'> = {
  id: 'MLPS3-23',
  name: 'Backups are kept off-site',
  nameZh: '异地数据备份',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.1.4.9 b'],
  severity: 'error',
  description: `At least one Velero BackupStorageLocation of the hub's clusters is labelled ${Labels.DATA_LOCATION} with a city other than the production sites' (normally the disaster-recovery site's), so a regional disaster does not take the backups with it.`,
  subject: 'hub',
  provisional:
    `While no backup storage location is declared, or none carries ${Labels.DATA_LOCATION}, the finding is a warning; once the recovery layer (#4) declares labelled locations, backups kept only in the production city are an error.`,
  check: function offSiteBackup(h: HubSubject, ctx: RuleContext) {
    const clusters = new Set((h.hub.clusters ?? []).map((c) => c.name));
    const production = new Set((h.hub.sites ?? []).filter((s) => SiteRole.parse(s.role)?.value === SiteRole.PRODUCTION.value).map((s) => s.city));
    if (production.size === 0) return RuleStatus.NOT_APPLICABLE;
    const cities = [...production].sort().join(', ');
    const locations = backupLocations(ctx).filter((l) => clusters.has(l.cluster));
    if (locations.length === 0) {
      return { message: `no backup storage location is declared on the clusters of province "${h.hub.province}", so no backup leaves ${cities}`, fix: 'declare a Velero BackupStorageLocation at the disaster-recovery site', severity: 'warning' };
    }
    const located = locations.filter((l) => typeof l.labels[Labels.DATA_LOCATION] === 'string');
    if (located.length === 0) {
      return {
        message: `the ${locations.length} backup storage location${locations.length === 1 ? '' : 's'} of province "${h.hub.province}" carry no ${Labels.DATA_LOCATION} label, so it cannot be shown that a copy leaves ${cities}`,
        fix: `label each BackupStorageLocation ${Labels.DATA_LOCATION}: <city of the site that holds the bucket>`,
        severity: 'warning',
        resource: locations[0].resource,
      };
    }
    if (located.some((l) => !production.has(l.labels[Labels.DATA_LOCATION]))) return RuleStatus.COMPLIANT;
    return {
      message: `every backup storage location of province "${h.hub.province}" is in ${cities}, the production city: a regional disaster would take the backups too`,
      fix: 'add a BackupStorageLocation at the disaster-recovery site (another city) and replicate backups to it',
      resource: located[0].resource,
    };
  },
};
