import type { IIndustryCloud } from '../../../core/contracts';
import { CloudKind, DataClass } from '../../../core/enums';
import type { RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { scheduleIndex } from './velero';

/** Whether an industry cloud's tenants must be backed up: it declares a recovery objective, or holds IMPORTANT or CORE data. */
export function needsBackup(ic: IIndustryCloud): boolean {
  const cls = DataClass.parse(ic.dataClass);
  return ic.recovery !== undefined || (cls !== undefined && cls.rank >= DataClass.IMPORTANT.rank);
}

/** MLPS3-22: every tenant namespace on a private cluster of an industry cloud that needs recovery is in a backup schedule. */
export const backupCoverage: ComplianceRule<'industry-cloud'> = {
  id: 'MLPS3-22',
  name: 'Department data is backed up',
  nameZh: '数据备份',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.1.4.9 a', '8.2.4.6 a'],
  severity: 'error',
  description:
    'When an industry cloud declares a recovery objective or holds IMPORTANT or CORE data, the namespace of each of its tenants on each private cluster is included in an active Velero Schedule (a velero.io/v1 Schedule, or a schedule in the velero chart values) on that cluster. Namespaces on public clusters (a burst) are not backed up: they hold GENERAL data only and are meant to be stateless, so only one whose quota allows volumes is reported, as a warning.',
  remediation:
    'Give the industry cloud a recovery objective and the hub a recovery.backupLocation, so the recovery layer schedules a Velero backup of every tenant namespace on every private cluster; or declare a velero.io/v1 Schedule covering the namespace.',
  subject: 'industry-cloud',
  check: function backupCoverage(ic: IIndustryCloud, ctx: RuleContext) {
    if (!needsBackup(ic) || ic.tenants.length === 0) return RuleStatus.NOT_APPLICABLE;
    const cls = DataClass.parse(ic.dataClass);
    const index = scheduleIndex(ctx);
    const why = ic.recovery ? `its recovery objective (RPO ${ic.recovery.rpoMinutes} min)` : `its ${cls!.value} data`;
    const published = ctx.hubs.find((h) => h.hub === ic.hub)?.published === true;
    const fix = (ns: string, cluster: string) =>
      published
        ? `the published hub ${ic.hub.province} declares no backup location (no recovery.backupLocation in its contract), so the city's tenants get no Velero Schedule: ask the hub team to set recovery.backupLocation and publish the contract again, or include "${ns}" in a Velero Schedule on "${cluster}"`
        : index.size === 0
          ? `set recovery.backupLocation on the hub (the recovery layer then schedules a Velero backup of every tenant namespace on the private clusters), or include "${ns}" in a Velero Schedule on "${cluster}"`
          : `include "${ns}" in a Velero Schedule on "${cluster}"`;
    const out: Violation[] = [];
    for (const t of ic.tenants) {
      for (const p of t.placements ?? []) {
        const cluster = p.cluster.name;
        if (CloudKind.parse(p.cluster.cloud)?.value === CloudKind.PUBLIC.value) {
          // A burst (or a GENERAL cloud's public cluster) is not backed up; it must then hold no volume.
          if (p.quota?.storageGi === 0) continue;
          out.push({
            message: `namespace "${p.namespace}" of tenant "${t.code}" on public cluster "${cluster}" may hold volumes (${p.quota?.storageGi === undefined ? 'its storage is not limited' : `up to ${p.quota.storageGi} GiB`}), which no backup covers: namespaces on public clusters are not backed up`,
            fix: p.kind === 'burst' ? 'keep the burst stateless: leave burst.maxStorageGi at 0' : 'give the tenant storage on the private clusters only',
            severity: 'warning',
            path: t.node.path,
            resource: ctx.namespace(cluster, p.namespace),
          });
          continue;
        }
        if (index.covers(cluster, p.namespace)) continue;
        out.push({
          message: `namespace "${p.namespace}" of tenant "${t.code}" on cluster "${cluster}" is in no backup schedule, although ${why} of industry cloud "${ic.code}" needs it`,
          fix: fix(p.namespace, cluster),
          path: t.node.path,
          resource: ctx.namespace(cluster, p.namespace),
        });
      }
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
