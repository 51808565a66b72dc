import { CloudKind, DataClass } from '../../../core/enums';
import { Labels } from '../../../core/labels';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, isBusinessZone, isTenantNamespace, zoneLabel } from '../support';

/** MLPS3-14: business namespaces carry security labels (data class, protection level) within the platform's level. */
export const securityLabels: ComplianceRule<'resource'> = {
  id: 'MLPS3-14',
  name: 'Business namespaces carry security labels',
  nameZh: '安全标记',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 g', '8.2.2.1 a'],
  severity: 'error',
  description: `Every tenant namespace, and every app- or data-zone namespace, carries ${Labels.DATA_CLASS} (general, important or core) and ${Labels.MLPS_LEVEL}, and its level is not above the hub's: a platform hosts no system graded higher than itself. A namespace on a public cluster (the hub declares the cluster PUBLIC, or the namespace says ${Labels.CLOUD}: public) is labelled general: important and core data stay on the private government cloud.`,
  remediation:
    'Label business namespaces with gov-lz.io/data-class and gov-lz.io/mlps-level (tenants get both from their industry cloud); keep IMPORTANT and CORE data on private clusters; do not host a system graded above the platform.',
  subject: 'resource',
  kinds: ['Namespace'],
  check: function securityLabels(r: ViewResource, ctx: RuleContext) {
    const ns = r.object;
    if (!ns) return RuleStatus.NOT_APPLICABLE;
    const tenant = isTenantNamespace(ns);
    if (!tenant && !isBusinessZone(zoneLabel(ns))) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const cls = ns.metadata.labels[Labels.DATA_CLASS];
    const dataClass = DataClass.all().find((d) => d.labelValue === cls);
    if (!dataClass) {
      out.push({
        message: `${describe(r)} has ${Labels.DATA_CLASS}: ${JSON.stringify(cls ?? null)}; it must be general, important or core`,
        fix: `label the namespace with its data class (${Labels.DATA_CLASS})`,
      });
    } else if (dataClass.rank > DataClass.GENERAL.rank) {
      const hub = ctx.hubOfCluster(r.cluster)?.hub;
      const declared = CloudKind.parse(hub?.cluster(r.cluster)?.cloud);
      const onPublic = declared ? declared.value === CloudKind.PUBLIC.value : ns.metadata.labels[Labels.CLOUD] === 'public';
      if (onPublic) {
        out.push({
          message: `${describe(r)} holds ${dataClass.value} data on a public cloud cluster`,
          fix: 'keep important and core data on the private clusters; only GENERAL departments may run (or burst) on a public cluster',
        });
      }
    }
    const levelText = ns.metadata.labels[Labels.MLPS_LEVEL];
    const level = Number(levelText);
    const hubLevel = ctx.hubOfCluster(r.cluster)?.hub.mlpsLevel;
    if (levelText === undefined || !Number.isInteger(level) || level < 1 || level > 5) {
      out.push({
        message: `${describe(r)} has ${Labels.MLPS_LEVEL}: ${JSON.stringify(levelText ?? null)}; it must be the protection level (1–5)`,
        fix: `label the namespace with its MLPS level (${Labels.MLPS_LEVEL})`,
      });
    } else if (typeof hubLevel === 'number' && level > hubLevel) {
      out.push({
        message: `${describe(r)} is graded level ${level}, above its platform's level ${hubLevel}`,
        fix: `host level-${level} systems on a platform graded at least ${level}, or correct the label`,
      });
    }
    return out;
  },
};
