import { Labels, MANAGED_BY } from '../../../core/labels';
import { asList } from '../../k8s-object';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { byCluster } from '../per-run';
import { deniesByDefault, describe, isHubNamespace, policiesIn } from '../support';
import { allows, allowsInGroup, bindingsByCluster, subjectList } from './grants-index';

/** The policy that keeps tenants from changing or deleting what the landing zone manages in their namespaces. */
export const GUARDRAIL_POLICY = 'gov-lz-protect-managed-objects';
const ADMISSION_GROUP = 'admissionregistration.k8s.io';
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];

function failsClosed(p: ViewResource | undefined): boolean {
  const spec = (p?.object?.spec ?? {}) as Record<string, any>;
  return spec.failurePolicy === undefined || spec.failurePolicy === 'Fail';
}

/** Whether a binding of the guardrail policy denies, and covers every namespace labelled gov-lz.io/tenant (or all). */
function bindingCoversTenants(b: ViewResource | undefined): boolean {
  const spec = (b?.object?.spec ?? {}) as Record<string, any>;
  if (!asList(spec.validationActions).includes('Deny')) return false;
  const sel = spec.matchResources?.namespaceSelector;
  if (sel === undefined || (Object.keys(sel.matchLabels ?? {}).length === 0 && asList(sel.matchExpressions).length === 0)) return true;
  if (Object.keys(sel.matchLabels ?? {}).length > 0) return false;
  const exprs = asList(sel.matchExpressions);
  return exprs.length === 1 && exprs[0]?.key === Labels.TENANT && exprs[0]?.operator === 'Exists';
}

/**
 * MLPS3-40: access-control policies are configured by authorised subjects only. On every cluster with a department:
 * the landing zone's guardrail admission policy and its binding exist and fail closed, no department holds any right
 * on admission control, every department namespace has a managed default-deny policy (which the guardrail protects),
 * and each department may set its own NetworkPolicies (8.2.4.2 b).
 */
export const tenantGuardrails: ComplianceRule<'cluster'> = {
  id: 'MLPS3-40',
  name: 'Guardrails departments cannot override',
  nameZh: '授权主体配置访问控制策略',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 e', '8.2.4.2 b'],
  severity: 'error',
  description: `On every cluster that hosts a department: the ValidatingAdmissionPolicy ${GUARDRAIL_POLICY} (only platform identities change objects labelled ${Labels.MANAGED_BY}: ${MANAGED_BY} in department namespaces) exists, fails closed, and a binding of it denies in every namespace labelled ${Labels.TENANT}; no department subject holds any right on ${ADMISSION_GROUP} (built-in and aggregated roles expanded); every department namespace has a default-deny NetworkPolicy managed by the landing zone, so the guardrail protects it; and each department may write NetworkPolicies in its own namespace (the cloud customer sets its own access rules, 8.2.4.2 b).`,
  remediation: `Keep the hub's ManagedObjectsProtection on every cluster (the hub installs ${GUARDRAIL_POLICY}), bind no department to a role over ${ADMISSION_GROUP}, keep the tenant layer's default-deny policy, and leave departments the built-in admin or edit role in their namespaces.`,
  subject: 'cluster',
  check: function tenantGuardrails(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    // Reserved names (a tenant called kube-system or gov-lz-gateway) are refused at the gate already.
    const tenantNamespaces = ctx.tenants
      .map((t) => t.namespace)
      .filter((ns) => typeof ns === 'string' && ns !== 'default' && !ns.startsWith('kube-') && !isHubNamespace(ns) && ctx.namespace(code, ns) !== undefined);
    if (tenantNamespaces.length === 0) return RuleStatus.NOT_APPLICABLE;
    const name = `cluster "${code}"`;
    const out: Violation[] = [];
    const policy = (byCluster(ctx, 'ValidatingAdmissionPolicy').get(code) ?? []).find((r) => r.object?.metadata.name === GUARDRAIL_POLICY);
    const bindings = (byCluster(ctx, 'ValidatingAdmissionPolicyBinding').get(code) ?? []).filter((r) => ((r.object?.spec ?? {}) as any).policyName === GUARDRAIL_POLICY);
    if (!policy)
      out.push({
        message: `${name} hosts departments but has no ${GUARDRAIL_POLICY} admission policy: a department admin can delete its own default-deny policy or quota`,
        fix: "keep the hub's ManagedObjectsProtection on every cluster",
      });
    else if (!failsClosed(policy))
      out.push({ message: `${describe(policy)} fails open (failurePolicy ${(policy.object!.spec as any).failurePolicy})`, fix: 'set failurePolicy: Fail', resource: policy });
    if (policy && !bindings.some(bindingCoversTenants))
      out.push({
        message: `${name}: no binding of ${GUARDRAIL_POLICY} denies in every namespace labelled ${Labels.TENANT}`,
        fix: `bind it with validationActions [Deny] and namespaceSelector ${Labels.TENANT} Exists`,
      });
    for (const b of bindingsByCluster(ctx).get(code) ?? []) {
      if ((b.tenants.length === 0 && !b.everyone) || !allowsInGroup(b, ADMISSION_GROUP)) continue;
      out.push({
        message: `${describe(b.resource)} gives ${b.everyone ? 'every caller' : `department ${b.tenants.join(', ')}`} (${subjectList(b)}) rights on ${ADMISSION_GROUP} through ${b.roleRef.kind} ${b.roleRef.name}: the department could remove the guardrails`,
        fix: 'admission control belongs to the security administrators; bind departments to admin or edit in their own namespaces only',
        resource: b.resource,
      });
    }
    // The cluster's bindings by namespace, once (thousands of departments, thousands of bindings: no scan per namespace).
    const resolvedAll = bindingsByCluster(ctx).get(code) ?? [];
    const byNamespace = new Map<string | undefined, Array<(typeof resolvedAll)[number]>>();
    for (const b of resolvedAll) {
      const l = byNamespace.get(b.namespace);
      if (l) l.push(b);
      else byNamespace.set(b.namespace, [b]);
    }
    for (const ns of tenantNamespaces.sort()) {
      const denyAll = policiesIn(ctx, code, ns).filter((np) => deniesByDefault(np, 'Ingress') || deniesByDefault(np, 'Egress'));
      if (!denyAll.some((np) => np.metadata.labels[Labels.MANAGED_BY] === MANAGED_BY))
        out.push({
          message: `department namespace "${ns}" on ${name} has no default-deny NetworkPolicy managed by the landing zone, so nothing protects its isolation from its own admins`,
          fix: "keep the tenant layer's default-deny policy (labelled managed-by)",
        });
      const owner = ctx.tenantOfNamespace(ns)?.code;
      if (owner && !(byNamespace.get(ns) ?? []).some((b) => b.tenants.includes(owner) && allows(b, WRITE, 'networkpolicies', 'networking.k8s.io')))
        out.push({
          message: `department "${owner}" cannot set NetworkPolicies of its own in namespace "${ns}" on ${name}`,
          fix: 'give its admins the built-in admin or edit role in its namespace (tenant admins)',
          severity: 'warning',
        });
    }
    return out;
  },
};
