import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { deniesByDefault, describe, isBusinessZone, isTenantNamespace, policiesIn, zoneLabel } from '../support';

/** MLPS3-5: what is not explicitly allowed is denied, in both directions, in every business namespace. */
export const defaultDeny: ComplianceRule<'resource'> = {
  id: 'MLPS3-5',
  name: 'Network access is denied unless allowed',
  nameZh: '访问控制：默认拒绝',
  domain: RuleDomain.BOUNDARY_PROTECTION,
  clauses: ['8.1.3.2 a', '8.1.3.1 c'],
  cis: ['5.3.2'],
  severity: 'error',
  description:
    "Every tenant namespace, and every app- or data-zone namespace (the hub's gov-lz-middleware included), has a NetworkPolicy selecting all pods that denies ingress and one that denies egress by default (one policy may do both); allow rules come on top of them.",
  remediation: 'Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules to the namespace, then allow what is needed on top of it (every tenant gets one: default-deny).',
  subject: 'resource',
  kinds: ['Namespace'],
  check: function defaultDeny(r: ViewResource, ctx: RuleContext) {
    const ns = r.object;
    if (!ns) return RuleStatus.NOT_APPLICABLE;
    const tenant = isTenantNamespace(ns);
    if (!tenant && !isBusinessZone(zoneLabel(ns))) return RuleStatus.NOT_APPLICABLE;
    const policies = policiesIn(ctx, r.cluster, ns.metadata.name ?? '');
    const missing = (['Ingress', 'Egress'] as const).filter((d) => !policies.some((p) => deniesByDefault(p, d)));
    if (missing.length === 0) return RuleStatus.COMPLIANT;
    return {
      message: `${describe(r)} has no default-deny NetworkPolicy for ${missing.join(' and ').toLowerCase()}, so traffic not explicitly allowed still flows`,
      fix: "add a NetworkPolicy with podSelector: {}, policyTypes: ['Ingress', 'Egress'] and no rules (tenants get one: default-deny)",
    };
  },
};
