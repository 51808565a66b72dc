import { clusterAdminGroups } from '../../admin-roles';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { bindingSubjects, describe, isHubNamespace, namespaceTenant, PUBLIC_GROUPS, roleRefOf, subjectReach } from '../support';

/**
 * MLPS3-13: no cluster-wide rights for departments, workloads or anonymous callers; no department's subject bound in
 * another department's namespace; cluster-admin only for break-glass groups.
 */
export const noBroadClusterGrants: ComplianceRule<'resource'> = {
  id: 'MLPS3-13',
  name: 'No cluster-wide grants to departments or the public',
  nameZh: '租户权限隔离',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 d', '8.1.4.2 a'],
  cis: ['5.1.1'],
  severity: 'error',
  description:
    "Every subject of every binding is read, hand-written ones included. No binding names system:anonymous, system:unauthenticated or system:authenticated. No ClusterRoleBinding names a department's subject: its groups, its service accounts, its service-account group system:serviceaccounts:<namespace>, or system:serviceaccounts (every service account). A RoleBinding in a department's namespace names only that department's subjects: another department's subject there is a cross-tenant grant, accepted only as a suppression with a reason, an owner and an expiry date; a department's subject bound in a namespace of the hub or of Kubernetes acts outside its own. cluster-admin is bound only to the hub's declared break-glass groups, and never through a RoleBinding.",
  // A breach hands an attacker the clusters: a credential in the output, an anonymous or cluster-wide grant.
  securitySeverity: 9.0,
  remediation:
    "Grant departments rights in their own namespaces only (RoleBindings, as a tenant's admins and viewers get); never bind anonymous or all-authenticated users, or every service account; bind cluster-admin only to the hub's adminGroups.breakGlass groups. A department that must act in another's namespace does so with the approval of both (a suppression of MLPS3-13 with reason, owner and expiry).",
  subject: 'resource',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  seesRenderedCharts: true,
  check: function noBroadClusterGrants(r: ViewResource, ctx: RuleContext) {
    const b = r.object;
    if (!b) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const subjects = bindingSubjects(b);
    const ref = roleRefOf(b);
    const who = (s: { kind: string; name: string; namespace?: string }) =>
      s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? b.metadata.namespace ?? '?'}/${s.name}` : `${s.kind} "${s.name}"`;
    const depts = (codes: readonly string[]) => `department${codes.length === 1 ? '' : 's'} ${codes.map((c) => `"${c}"`).join(', ')}`;
    for (const s of subjects) {
      if (PUBLIC_GROUPS.has(s.name))
        out.push({ message: `${describe(r)} grants ${ref.kind} "${ref.name}" to ${s.name}, i.e. to every caller`, fix: 'bind named groups from the identity provider only' });
    }
    if (b.kind === 'RoleBinding') {
      const ns = b.metadata.namespace;
      const owner = ns === undefined ? undefined : namespaceTenant(ctx, r.cluster, ns);
      for (const s of subjects) {
        if (PUBLIC_GROUPS.has(s.name)) continue;
        const reach = subjectReach(s, ns, ctx, r.cluster);
        if (reach.everyone && owner !== undefined) {
          out.push({
            message: `${describe(r)} grants ${ref.kind} "${ref.name}" in department "${owner}"'s namespace to ${who(s)}: ${reach.everyone}`,
            fix: `bind the department's own subjects only (system:serviceaccounts:${owner} for its own service accounts)`,
          });
          continue;
        }
        if (owner !== undefined) {
          const others = reach.tenants.filter((t) => t !== owner);
          if (others.length > 0 && !reach.tenants.includes(owner)) {
            out.push({
              message: `${describe(r)} grants ${ref.kind} "${ref.name}" in department "${owner}"'s namespace to ${who(s)} of ${depts(others)}: a cross-tenant grant`,
              fix: `bind only "${owner}"'s own subjects; if the access is approved by both departments, suppress MLPS3-13 on the binding with the reason, owner and expiry`,
            });
          }
        } else if (reach.tenants.length > 0 && ns !== undefined && (isHubNamespace(ns) || ns.startsWith('kube-') || ns === 'default')) {
          out.push({
            message: `${describe(r)} grants ${ref.kind} "${ref.name}" to ${who(s)} of ${depts(reach.tenants)} in namespace "${ns}", outside the department's own namespaces`,
            fix: 'departments act only in their own namespaces; use the hub gateway or a middleware grant for what they need from the platform',
          });
        }
      }
      if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') {
        out.push({
          message: `${describe(r)} binds cluster-admin inside a namespace, which includes changing its RBAC and quotas`,
          fix: 'bind the built-in admin ClusterRole for namespace administrators',
        });
      }
      return out;
    }
    for (const s of subjects) {
      if (PUBLIC_GROUPS.has(s.name)) continue;
      const reach = subjectReach(s, undefined, ctx, r.cluster);
      if (reach.everyone) {
        out.push({
          message: `${describe(r)} gives ${who(s)} ClusterRole "${ref.name}" on the whole cluster: ${reach.everyone}`,
          fix: "bind the platform's own service accounts by name, never every service account",
        });
      } else if (reach.tenants.length > 0) {
        const what = s.kind === 'Group' && !s.name.startsWith('system:') ? `the department group "${s.name}"` : `${who(s)} of ${depts(reach.tenants)}`;
        out.push({
          message: `${describe(r)} gives ${what} ClusterRole "${ref.name}" on the whole cluster`,
          fix: 'grant departments rights only in their own namespaces (a RoleBinding, as Tenant admins/viewers do)',
        });
      }
    }
    if (ref.name === 'cluster-admin') {
      const hubGroups = ctx.hubOfCluster(r.cluster)?.adminGroups;
      const breakGlass = new Set([...(hubGroups ? clusterAdminGroups(hubGroups) : []), ...ctx.hubs.flatMap((h) => (h.adminGroups ? clusterAdminGroups(h.adminGroups) : []))]);
      const others = subjects.filter((s) => !(s.kind === 'Group' && breakGlass.has(s.name))).map((s) => `${s.kind} ${s.name}`);
      if (others.length > 0) {
        out.push({
          message: `${describe(r)} binds cluster-admin to ${others.join(', ')}, outside the declared break-glass and Terraform groups`,
          fix: 'bind the three administrator roles instead (adminGroups), or declare the group in adminGroups.breakGlass (people) or adminGroups.terraform (the identity Terraform applies with)',
        });
      }
    }
    return out;
  },
};
