import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { bindingSubjects, describe, isTenantNamespace, PUBLIC_GROUPS, roleRefOf } from '../support';

/** MLPS3-13: no cluster-wide rights for departments, workloads or anonymous callers; cluster-admin only for break-glass groups. */
export const noBroadClusterGrants: ComplianceRule<'resource'> = {
  id: 'MLPS3-13',
  name: 'No cluster-wide grants to departments or the public',
  nameZh: '租户权限隔离',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 d', '8.2.4.2 b'],
  severity: 'error',
  description:
    'No binding names system:anonymous, system:unauthenticated or system:authenticated. No ClusterRoleBinding names a tenant group or a ServiceAccount of a tenant namespace (departments act only in their own namespaces). cluster-admin is bound only to the hub\'s declared break-glass groups, and never through a RoleBinding.',
  // A breach hands an attacker the clusters: a credential in the output, an anonymous or cluster-wide grant.
  securitySeverity: 9.0,
  remediation:
    'Grant departments rights in their own namespaces only (RoleBindings, as a tenant\'s admins and viewers get); never bind anonymous or all-authenticated users; bind cluster-admin only to the hub\'s adminGroups.breakGlass groups.',
  subject: 'resource',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  check: function noBroadClusterGrants(r: ViewResource, ctx: RuleContext) {
    const b = r.object;
    if (!b) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const subjects = bindingSubjects(b);
    const ref = roleRefOf(b);
    for (const s of subjects) {
      if (PUBLIC_GROUPS.has(s.name)) out.push({ message: `${describe(r)} grants ${ref.kind} "${ref.name}" to ${s.name}, i.e. to every caller`, fix: 'bind named groups from the identity provider only' });
    }
    if (b.kind === 'RoleBinding') {
      if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') {
        out.push({ message: `${describe(r)} binds cluster-admin inside a namespace, which includes changing its RBAC and quotas`, fix: 'bind the built-in admin ClusterRole for namespace administrators' });
      }
      return out;
    }
    for (const s of subjects) {
      if (s.kind === 'Group' && ctx.tenantGroups.has(s.name)) {
        out.push({ message: `${describe(r)} gives the department group "${s.name}" ClusterRole "${ref.name}" on the whole cluster`, fix: "grant departments rights only in their own namespaces (a RoleBinding, as Tenant admins/viewers do)" });
      }
      if (s.kind === 'ServiceAccount' && s.namespace && isTenantNamespace(ctx.namespace(r.cluster, s.namespace)?.object)) {
        out.push({ message: `${describe(r)} gives ServiceAccount ${s.namespace}/${s.name} of a department ClusterRole "${ref.name}" on the whole cluster`, fix: 'bind workload accounts with a RoleBinding in their own namespace' });
      }
    }
    if (ref.name === 'cluster-admin') {
      const breakGlass = new Set(ctx.hubOfCluster(r.cluster)?.adminGroups?.breakGlass ?? []);
      const others = subjects.filter((s) => !(s.kind === 'Group' && breakGlass.has(s.name))).map((s) => `${s.kind} ${s.name}`);
      if (others.length > 0) {
        out.push({
          message: `${describe(r)} binds cluster-admin to ${others.join(', ')}, outside the declared break-glass groups`,
          fix: 'bind the three administrator roles instead (adminGroups), or declare the group in adminGroups.breakGlass',
        });
      }
    }
    return out;
  },
};
