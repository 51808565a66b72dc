import { Labels } from '../../../core/labels';
import { AdminRole, BREAK_GLASS_BINDING, groupsOf, READ_VERBS } from '../../admin-roles';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { bindingSubjects, onHubCluster, rbacRules, roleRefOf } from '../support';

const CONTROL_GROUPS = new Set(['rbac.authorization.k8s.io', 'admissionregistration.k8s.io']);

/** `group/resource:verb` for every right a role holds that changes state. */
function writeRights(role: ViewResource): Set<string> {
  const out = new Set<string>();
  for (const r of rbacRules(role.object!)) {
    for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) if (!READ_VERBS.has(v)) out.add(`${g || 'core'}/${res}:${v}`);
  }
  return out;
}

/** MLPS3-25: 三权分立: three administrator roles, bound to separate groups, with disjoint rights that change state. */
export const separationOfDuties: ComplianceRule<'cluster'> = {
  id: 'MLPS3-25',
  name: 'System, security and audit administrators are separated (三权分立)',
  nameZh: '三权分立：系统管理、审计管理与安全管理',
  domain: RuleDomain.CENTRALISED_MANAGEMENT,
  clauses: ['8.1.5.1 a', '8.1.5.1 b', '8.1.5.2 a', '8.1.5.2 b', '8.1.5.3 a', '8.1.5.3 b', '8.1.4.2 d'],
  severity: 'error',
  description: `Every cluster of a hub has the three administrator ClusterRoles (labelled ${Labels.ADMIN_ROLE}: system, security, audit), each bound to the hub's configured groups; no group holds two of them or a department role; no right that changes state is in two roles; the audit administrator only reads; the system administrator cannot change RBAC, admission control or network policy; the administrator groups hold no other ClusterRole.`,
  remediation:
    'Keep the administrator roles the hub generates (gov-lz:system-admin, gov-lz:security-admin, gov-lz:audit-admin) and bind each to its own identity-provider groups (adminGroups); give no group two of them or a department role.',
  subject: 'cluster',
  check: function separationOfDuties(c: ClusterSubject, ctx: RuleContext) {
    const groups = c.hub.adminGroups;
    if (!groups) return RuleStatus.NOT_APPLICABLE;
    const cluster = c.cluster.name;
    const out: Violation[] = [];
    const roles = onHubCluster(ctx, c, 'ClusterRole').filter((r) => r.object);
    const bindings = onHubCluster(ctx, c, 'ClusterRoleBinding').filter((r) => r.object);
    const found = new Map<AdminRole, { role: ViewResource; groups: Set<string> }>();
    for (const role of AdminRole.all()) {
      const claimants = roles.filter((x) => x.object!.metadata.labels[Labels.ADMIN_ROLE] === role.value);
      if (claimants.length > 1) {
        out.push({
          message: `on cluster "${cluster}" ClusterRoles ${claimants
            .map((x) => x.object!.metadata.name)
            .sort()
            .join(', ')} all claim to be the ${role.title} role`,
          fix: `label only ${role.roleName} with ${Labels.ADMIN_ROLE}: ${role.value}`,
        });
      }
      const r = claimants.find((x) => x.object!.metadata.name === role.roleName) ?? claimants[0];
      if (!r) {
        out.push({
          message: `cluster "${cluster}" has no ${role.title} role (${role.chineseName}, ClusterRole ${role.roleName})`,
          fix: 'keep the administrator roles the hub generates (AdminRoles in the hub stack)',
        });
        continue;
      }
      const name = r.object!.metadata.name;
      const bound = new Set(
        bindings
          .filter((b) => roleRefOf(b.object!).kind === 'ClusterRole' && roleRefOf(b.object!).name === name)
          .flatMap((b) =>
            bindingSubjects(b.object!)
              .filter((s) => s.kind === 'Group')
              .map((s) => s.name),
          ),
      );
      const want = groupsOf(groups, role);
      const missing = want.filter((g) => !bound.has(g));
      const extra = [...bound].filter((g) => !want.includes(g));
      if (missing.length > 0 || extra.length > 0) {
        out.push({
          message: `on cluster "${cluster}" the ${role.title} role ${name} is bound to ${[...bound].sort().join(', ') || 'nobody'}, not to the configured ${want.join(', ') || '(none)'}`,
          fix: `bind ${name} to exactly the groups in adminGroups`,
          resource: r,
        });
      }
      found.set(role, { role: r, groups: bound });
    }
    const list = [...found];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [ra, a] = list[i];
        const [rb, b] = list[j];
        const shared = [...a.groups].filter((g) => b.groups.has(g));
        if (shared.length > 0)
          out.push({
            message: `on cluster "${cluster}" group${shared.length > 1 ? 's' : ''} ${shared.join(', ')} hold${shared.length > 1 ? '' : 's'} both the ${ra.title} and the ${rb.title} role`,
            fix: 'give each administrator role its own identity-provider group',
          });
        const wa = writeRights(a.role);
        const both = [...writeRights(b.role)].filter((x) => wa.has(x));
        if (both.length > 0)
          out.push({
            message: `on cluster "${cluster}" the ${ra.title} and ${rb.title} roles share rights that change state: ${both.slice(0, 5).join(', ')}${both.length > 5 ? ` and ${both.length - 5} more` : ''}`,
            fix: 'give every right that changes state to one administrator role only',
          });
      }
    }
    for (const [role, { groups: g }] of found) {
      const tenantGroups = [...g].filter((x) => ctx.tenantGroups.has(x));
      if (tenantGroups.length > 0)
        out.push({
          message: `on cluster "${cluster}" the ${role.title} group ${tenantGroups.join(', ')} is also a department's group`,
          fix: 'use separate groups for platform administrators and departments',
        });
    }
    const audit = found.get(AdminRole.AUDIT);
    if (audit && writeRights(audit.role).size > 0) {
      out.push({
        message: `on cluster "${cluster}" the audit administrator role can change state (${[...writeRights(audit.role)].slice(0, 3).join(', ')})`,
        fix: 'give the audit administrator get, list and watch only',
        resource: audit.role,
      });
    }
    const sys = found.get(AdminRole.SYSTEM);
    if (sys) {
      const control = rbacRules(sys.role.object!).filter((r) => r.apiGroups.some((g) => CONTROL_GROUPS.has(g)) || r.resources.includes('networkpolicies'));
      if (control.length > 0)
        out.push({
          message: `on cluster "${cluster}" the system administrator role holds rights on RBAC, admission control or network policy`,
          fix: 'leave security settings to the security administrator role',
          resource: sys.role,
        });
    }
    const adminGroups = new Set([...found.values()].flatMap((x) => [...x.groups]));
    const ours = new Set([...found.values()].map((x) => x.role.object!.metadata.name));
    for (const b of bindings) {
      const ref = roleRefOf(b.object!);
      if (ours.has(ref.name) || b.object!.metadata.name === BREAK_GLASS_BINDING) continue;
      const hit = bindingSubjects(b.object!)
        .filter((s) => s.kind === 'Group' && adminGroups.has(s.name))
        .map((s) => s.name);
      if (hit.length > 0)
        out.push({
          message: `on cluster "${cluster}" administrator group ${hit.join(', ')} also holds ClusterRole "${ref.name}" through ${b.object!.metadata.name}, which voids the separation`,
          fix: 'remove the binding; administrators act through their own role only',
          resource: b,
        });
    }
    return out;
  },
};
