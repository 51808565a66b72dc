import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, ipBlocksOf, isAnyAddress, namespaceOf, wholeSpaceOpenedBy, policyRules } from '../support';

/** MLPS3-4: no NetworkPolicy opens egress to every destination (outside the DMZ). */
export const egressRestricted: ComplianceRule<'resource'> = {
  id: 'MLPS3-4',
  name: 'Outbound connections are restricted',
  nameZh: '非授权外联控制',
  domain: RuleDomain.BOUNDARY_PROTECTION,
  clauses: ['8.1.3.1 c'],
  severity: 'error',
  description:
    "Outside dmz-zone namespaces, no NetworkPolicy egress rule allows every destination (a rule without peers) or the whole address space (0.0.0.0/0, ::/0, ::ffff:0:0/96), and the egress address blocks of a namespace's policies do not add up to it (0.0.0.0/1 and 128.0.0.0/1 are 0.0.0.0/0): unauthorised outbound connections stay blocked.",
  remediation:
    'Name the destinations each egress rule needs (namespaces, pods or address blocks) instead of every destination or 0.0.0.0/0; reach the internet only through the egress gateway in the DMZ.',
  subject: 'resource',
  kinds: ['NetworkPolicy'],
  check: function egressRestricted(r: ViewResource, ctx: RuleContext) {
    const np = r.object;
    if (!np) return RuleStatus.NOT_APPLICABLE;
    if (ctx.zoneOf(r.cluster, namespaceOf(r)) === 'dmz') return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const rule of policyRules(np).filter((x) => x.direction === 'egress')) {
      if (rule.allPeers) {
        out.push({
          message: `${describe(r)}: egress rule ${rule.index + 1} names no destination, so it allows connections to anywhere`,
          fix: 'list the destinations (namespaces, pods or address blocks) the workload needs',
        });
      }
      for (const p of rule.peers) {
        if (isAnyAddress(p?.ipBlock?.cidr)) {
          out.push({
            message: `${describe(r)}: egress rule ${rule.index + 1} allows ${p.ipBlock.cidr}, the whole address space`,
            fix: 'name the address blocks the workload must reach; reach the internet only through the egress gateway in the DMZ',
          });
        }
      }
    }
    // Blocks spread over several rules or policies of the namespace add up: together they may be 0.0.0.0/0.
    const own = ipBlocksOf(np).filter((b) => b.direction === 'egress');
    const ns = namespaceOf(r);
    if (ns !== undefined && own.length > 0 && !own.some((b) => isAnyAddress(b.cidr))) {
      const families = wholeSpaceOpenedBy(ctx, r, 'egress');
      if (families.length > 0) {
        out.push({
          message: `${describe(r)} allows egress to ${own.map((b) => String(b.cidr)).join(', ')}; with these, the egress blocks of namespace "${ns}" cover every ${families.join(' and ')} address, as open as ${families.includes('IPv4') ? '0.0.0.0/0' : '::/0'}`,
          fix: 'name the address blocks the workload must reach; reach the internet only through the egress gateway in the DMZ',
        });
      }
    }
    return out;
  },
};
