import { DataClass } from '../../../core/enums';
import type { IIndustryCloud } from '../../../industry-cloud/industry-cloud';
import type { RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { backupSchedules, covers } from './velero';

/** MLPS3-22: every tenant namespace of an industry cloud that needs recovery is in a backup schedule. */
export const backupCoverage: ComplianceRule<'industry-cloud'> = {
  id: 'MLPS3-22',
  name: 'Department data is backed up',
  nameZh: '数据备份',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.1.4.9 a', '8.2.4.6 a'],
  severity: 'error',
  description:
    'When an industry cloud declares a recovery objective or holds IMPORTANT or CORE data, every namespace of each of its tenants, on every cluster, is included in an active Velero Schedule (a velero.io/v1 Schedule, or a schedule in the velero chart values) on that cluster.',
  subject: 'industry-cloud',
  provisional:
    'While the app declares no Velero schedule at all, the rule reports one warning per industry cloud; as soon as backups are declared (the recovery layer, #4), every uncovered tenant namespace is an error.',
  check: function backupCoverage(ic: IIndustryCloud, ctx: RuleContext) {
    const cls = DataClass.parse(ic.dataClass);
    const needed = ic.recovery !== undefined || (cls !== undefined && cls.rank >= DataClass.IMPORTANT.rank);
    if (!needed || ic.tenants.length === 0) return RuleStatus.NOT_APPLICABLE;
    const schedules = backupSchedules(ctx);
    const why = ic.recovery ? `its recovery objective (RPO ${ic.recovery.rpoMinutes} min)` : `its ${cls!.value} data`;
    if (schedules.length === 0) {
      const n = ic.tenants.length * ic.clusters.length;
      return {
        message: `no backup schedule is declared anywhere, so the ${n} tenant namespace${n === 1 ? '' : 's'} of industry cloud "${ic.code}" are not backed up, although ${why} needs them`,
        fix: 'declare Velero schedules covering every tenant namespace (the recovery layer does this for industry clouds with a recovery objective)',
        severity: 'warning',
      };
    }
    const out: Violation[] = [];
    for (const t of ic.tenants) {
      for (const c of ic.clusters) {
        if (schedules.some((s) => s.cluster === c.name && covers(s, t.namespace))) continue;
        out.push({
          message: `namespace "${t.namespace}" of tenant "${t.code}" on cluster "${c.name}" is in no backup schedule, although ${why} of industry cloud "${ic.code}" needs it`,
          fix: `include "${t.namespace}" in a Velero Schedule on "${c.name}"`,
          path: t.node.path,
          resource: ctx.namespace(c.name, t.namespace),
        });
      }
    }
    return out;
  },
};
