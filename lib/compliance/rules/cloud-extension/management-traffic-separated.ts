import { Labels } from '../../../core/labels';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { ROUTE_KINDS } from '../boundary-protection/exposure-through-dmz';
import { describe, namespaceOf, pinnedNamespaces, policyRules } from '../support';

/** MLPS3-30: business traffic never opens connections into the management zone, and management UIs stay off the business gateway. */
export const managementTrafficSeparated: ComplianceRule<'resource'> = {
  id: 'MLPS3-30',
  name: 'Management traffic is kept apart from business traffic',
  nameZh: '管理流量与业务流量分离',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.5.1 b'],
  severity: 'error',
  description:
    'No NetworkPolicy of an app-, data- or dmz-zone namespace allows egress into a mgmt-zone namespace (management starts connections, business never does), and no route publishes a mgmt-zone service through the business gateway.',
  remediation:
    'Let management components start connections to business namespaces (an ingress rule on the business side), never the reverse, and do not publish mgmt-zone services through the business gateway.',
  subject: 'resource',
  kinds: ['NetworkPolicy', ...ROUTE_KINDS],
  check: function managementTrafficSeparated(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const zone = ctx.zoneOf(r.cluster, namespaceOf(r));
    if (obj.kind !== 'NetworkPolicy') {
      if (zone !== 'mgmt') return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} publishes a management service through the business gateway`, fix: 'reach management interfaces through the internal management network or the bastion' };
    }
    if (zone === 'mgmt' || zone === undefined) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const rule of policyRules(obj).filter((x) => x.direction === 'egress')) {
      for (const p of rule.peers) {
        const sel = p?.namespaceSelector;
        if (sel === undefined) continue;
        const names = pinnedNamespaces(sel) ?? [];
        const mgmt = names.filter((n) => ctx.zoneOf(r.cluster, n) === 'mgmt');
        if (sel?.matchLabels?.[Labels.ZONE] === 'mgmt') mgmt.push(`${Labels.ZONE}=mgmt`);
        if (mgmt.length > 0) {
          out.push({
            message: `${describe(r)}: egress rule ${rule.index + 1} lets ${zone}-zone pods open connections into the management zone (${mgmt.join(', ')})`,
            fix: 'let management components start the connection (an ingress rule on the business side), never the reverse',
          });
        }
      }
    }
    return out;
  },
};
