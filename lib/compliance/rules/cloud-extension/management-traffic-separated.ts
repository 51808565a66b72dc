import { Labels } from '../../../core/labels';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { ROUTE_KINDS } from '../boundary-protection/exposure-through-dmz';
import { describe, isBusinessZone, namespaceOf, pinnedNamespaces, policyRules } from '../support';
import { allowsWith } from './zone-reach';

const isBusinessOrDmz = (z: string | undefined) => z === 'dmz' || isBusinessZone(z);

/** MLPS3-30: business traffic never opens connections into the management zone, and management UIs stay off the business gateway. */
export const managementTrafficSeparated: ComplianceRule<'resource'> = {
  id: 'MLPS3-30',
  name: 'Management traffic is kept apart from business traffic',
  nameZh: '管理流量与业务流量分离',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.5.1 b'],
  severity: 'error',
  description:
    'No app-, data- or dmz-zone namespace can open connections into a mgmt-zone namespace of its cluster, computed from the real NetworkPolicies as Kubernetes enforces them (the source must allow the egress and the management namespace the ingress; a namespace no policy closes allows everything): management starts connections, business never does. No NetworkPolicy of a business namespace names the management zone as an egress destination, and no route publishes a mgmt-zone service through the business gateway. The management namespaces of the hub meet it: gov-lz-system, gov-lz-backup and gov-lz-audit deny ingress by default and admit their own pods and, on the ports of the webhooks served there, the API server at controlPlane.apiServerCidrs.',
  remediation:
    'Let management components start connections to business namespaces (an ingress rule on the business side), never the reverse, and do not publish mgmt-zone services through the business gateway.',
  subject: 'resource',
  kinds: ['Namespace', 'NetworkPolicy', ...ROUTE_KINDS],
  check: function managementTrafficSeparated(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'Namespace') {
      const name = obj.metadata.name;
      if (name === undefined || ctx.zoneOf(r.cluster, name) !== 'mgmt') return RuleStatus.NOT_APPLICABLE;
      const open = ctx
        .ofKind('Namespace')
        .filter((n) => n.cluster === r.cluster && n.object?.metadata.name !== undefined && isBusinessOrDmz(ctx.zoneOf(r.cluster, n.object.metadata.name)))
        .map((n) => n.object!.metadata.name!)
        .filter((from) => allowsWith(ctx, r.cluster, from, name, 'egress') && allowsWith(ctx, r.cluster, name, from, 'ingress'))
        .sort();
      if (open.length === 0) return RuleStatus.COMPLIANT;
      return {
        message: `business namespaces ${open.map((n) => `"${n}" (${ctx.zoneOf(r.cluster, n)})`).join(', ')} can open connections into management namespace "${name}" on cluster "${r.cluster}": their policies allow the egress and "${name}" accepts the ingress`,
        fix: `close "${name}" with a default-deny ingress policy that admits only its own pods and the API server (on the webhook ports), or deny the business namespaces' egress to it`,
      };
    }
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
