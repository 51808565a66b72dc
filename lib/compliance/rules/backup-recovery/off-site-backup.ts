import { SiteRole } from '../../../core/enums';
import { Labels } from '../../../core/labels';
import type { HubSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { needsBackup } from './backup-coverage';
import { BackupLocation, backupLocations, backupSchedules, locationOf } from './velero';

/** MLPS3-23: backups are kept off-site, in another city than the production sites. */
export const offSiteBackup: ComplianceRule<'hub'> = {
  id: 'MLPS3-23',
  name: 'Backups are kept off-site',
  nameZh: '异地数据备份',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.1.4.9 b'],
  severity: 'error',
  description: `Every active Velero Schedule on the hub's clusters writes to a BackupStorageLocation declared on its cluster (the one it names, or the cluster's default) that is labelled ${Labels.DATA_LOCATION} with a city other than the production sites' (normally the disaster-recovery site's), so a regional disaster does not take the backups with it. A hub whose industry clouds need backups (a recovery objective, IMPORTANT or CORE data) and declares no location at all is non-compliant. On a published hub (a city project) the locations belong to, and are checked in, the hub's own project.`,
  remediation:
    'Set recovery.backupLocation on the hub to an object store at the DISASTER_RECOVERY site, so every cluster gets the dr-centre BackupStorageLocation labelled with that city, and point every Velero Schedule at it.',
  subject: 'hub',
  check: function offSiteBackup(h: HubSubject, ctx: RuleContext) {
    if (h.published) return RuleStatus.NOT_APPLICABLE;
    const clusters = new Set((h.hub.clusters ?? []).map((c) => c.name));
    const production = new Set((h.hub.sites ?? []).filter((s) => SiteRole.parse(s.role)?.value === SiteRole.PRODUCTION.value).map((s) => s.city));
    if (production.size === 0) return RuleStatus.NOT_APPLICABLE;
    const cities = [...production].sort().join(', ');
    const byCluster = new Map<string, BackupLocation[]>();
    for (const l of backupLocations(ctx)) {
      if (!clusters.has(l.cluster)) continue;
      const list = byCluster.get(l.cluster);
      if (list) list.push(l);
      else byCluster.set(l.cluster, [l]);
    }
    const schedules = backupSchedules(ctx).filter((s) => clusters.has(s.cluster) && !s.disabled);
    const needed = ctx.industryClouds.some((ic) => ic.hub === h.hub && ic.tenants.length > 0 && needsBackup(ic));
    if (schedules.length === 0 && byCluster.size === 0) {
      if (!needed) return RuleStatus.NOT_APPLICABLE;
      return {
        message: `no backup storage location is declared on the clusters of province "${h.hub.province}", so no backup leaves ${cities}, although its industry clouds need backups`,
        fix: "set recovery.backupLocation on the hub: { site: '<DISASTER_RECOVERY site>', endpoint: 'https://…', bucket: '<bucket>' }",
      };
    }
    // One finding per cluster and location, however many schedules write there.
    const bad = new Map<string, { count: number; violation: Violation }>();
    const report = (key: string, v: () => Violation) => {
      const e = bad.get(key);
      if (e) e.count++;
      else bad.set(key, { count: 1, violation: v() });
    };
    for (const s of schedules) {
      const loc = locationOf(s, byCluster.get(s.cluster) ?? []);
      const target = s.storageLocation ?? '(the default location)';
      if (!loc) {
        report(`${s.cluster}\u0000${target}\u0000missing`, () => ({
          message: `schedules on cluster "${s.cluster}" (e.g. "${s.name}") write to ${s.storageLocation ? `backup storage location "${s.storageLocation}"` : 'the default backup storage location'}, which is not declared on that cluster, so where the backups go cannot be shown`,
          fix: `declare the BackupStorageLocation on "${s.cluster}" (the recovery layer does, as dr-centre, with recovery.backupLocation), labelled ${Labels.DATA_LOCATION}: <city of the DR site>`,
          resource: s.resource,
        }));
        continue;
      }
      const city = loc.labels[Labels.DATA_LOCATION];
      if (city !== undefined && !production.has(city)) continue;
      report(`${s.cluster}\u0000${loc.name}`, () => ({
        message:
          city === undefined
            ? `backup storage location "${loc.name}" on cluster "${s.cluster}" carries no ${Labels.DATA_LOCATION} label, so it cannot be shown that its backups leave ${cities}`
            : `backup storage location "${loc.name}" on cluster "${s.cluster}" is in ${city}, a production city: a regional disaster would take the backups too`,
        fix: city === undefined ? `label it ${Labels.DATA_LOCATION}: <city of the site that holds the bucket>` : 'write the backups to a location at the disaster-recovery site, in another city',
        resource: loc.resource,
      }));
    }
    if (schedules.length === 0 && needed) {
      // Locations but nothing scheduled to them: rule 22 names the namespaces; here the hub has no off-site copy at all.
      return {
        message: `no backup schedule on the clusters of province "${h.hub.province}" writes anywhere, so no backup leaves ${cities}`,
        fix: 'schedule backups to the location at the disaster-recovery site (the recovery layer does for every tenant)',
      };
    }
    return [...bad.values()].map(({ count, violation }) => (count > 1 ? { ...violation, message: `${violation.message} (${count} schedules)` } : violation));
  },
};
