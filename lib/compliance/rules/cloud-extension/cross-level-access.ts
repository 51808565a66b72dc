import { Labels } from '../../../core/labels';
import type { ClusterSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { byCluster } from '../per-run';
import { policiesIn, restrictsAll } from '../support';
import { allowsWith } from './zone-reach';

/**
 * MLPS3-45: between namespaces of different MLPS levels (gov-lz.io/mlps-level) on one cluster there is an access-control
 * boundary: whenever pods of one can open connections to pods of the other, computed from the real NetworkPolicies,
 * the receiving namespace restricts its ingress (a policy over every pod) and admits the other by an explicit rule.
 */
export const crossLevelAccess: ComplianceRule<'cluster'> = {
  id: 'MLPS3-45',
  name: 'Access between zones of different levels is controlled',
  nameZh: '不同等级网络区域边界访问控制',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.3.1 b'],
  cis: ['5.3.2'],
  severity: 'error',
  description: `For every pair of namespaces on one cluster labelled with different levels (${Labels.MLPS_LEVEL}), reachability is computed from the NetworkPolicies as Kubernetes enforces them (the source's egress and the destination's ingress must both allow it; a namespace no policy closes allows everything). Where one can open connections to the other, the destination restricts its ingress with a policy over every pod, so the crossing is an explicit access-control rule, not an open boundary. Namespaces without a level are not judged (MLPS3-14 requires one on business namespaces). The hub's own namespaces are judged like any other: its management and data namespaces deny ingress by default.`,
  remediation: 'Close every namespace with a default-deny policy (the tenant layer does for departments) and admit a namespace of another level only by an explicit, reviewed rule.',
  subject: 'cluster',
  check: function crossLevelAccess(c: ClusterSubject, ctx: RuleContext) {
    const code = c.cluster.name;
    const levelled = (byCluster(ctx, 'Namespace').get(code) ?? [])
      .map((r) => ({ name: r.object?.metadata.name, level: r.object?.metadata.labels[Labels.MLPS_LEVEL] }))
      .filter((n): n is { name: string; level: string } => typeof n.name === 'string' && typeof n.level === 'string' && n.level !== '')
      .sort((a, b) => a.name.localeCompare(b.name));
    if (new Set(levelled.map((n) => n.level)).size < 2) return RuleStatus.NOT_APPLICABLE;
    const closed = new Map(levelled.map((n) => [n.name, policiesIn(ctx, code, n.name).some((np) => restrictsAll(np, 'Ingress'))]));
    const out: Violation[] = [];
    for (const to of levelled) {
      if (closed.get(to.name)) continue;
      const open = levelled.filter((from) => from.level !== to.level && allowsWith(ctx, code, from.name, to.name, 'egress'));
      if (open.length === 0) continue;
      out.push({
        message: `namespace "${to.name}" (level ${to.level}) on cluster "${code}" accepts connections from namespaces of another level (${open.map((f) => `"${f.name}" level ${f.level}`).join(', ')}) with no access control at its boundary: no policy restricts its ingress`,
        fix: `close "${to.name}" with a default-deny ingress policy and admit the other level only by an explicit rule`,
      });
    }
    return out;
  },
};
