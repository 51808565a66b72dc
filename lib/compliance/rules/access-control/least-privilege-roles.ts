import { AdminGroups, clusterAdminGroups } from '../../admin-roles';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { bindingSubjects, describe, rbacRules, roleRefOf, subjectReach } from '../support';
import { effectiveRules, grants } from './effective-rbac';

const REMOTE_SHELL = ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'nodes/proxy', 'services/proxy'];

/** A dangerous right, and which administrator alone may hold it. */
interface Right {
  readonly what: string;
  readonly holder: keyof Pick<AdminGroups, 'system' | 'security'>;
  readonly test: (rule: ReturnType<typeof rbacRules>[number]) => boolean;
}

const RIGHTS: readonly Right[] = [
  {
    what: 'escalate, bind or impersonate (its holders can give themselves more rights)',
    holder: 'security',
    test: (x) => x.verbs.some((v) => v === '*' || v === 'escalate' || v === 'bind' || v === 'impersonate'),
  },
  { what: 'service-account tokens (serviceaccounts/token: acting as any service account)', holder: 'security', test: (x) => grants(x, 'create', 'serviceaccounts/token') },
  { what: 'a remote shell or tunnel (exec, attach, port-forward, proxy)', holder: 'system', test: (x) => REMOTE_SHELL.some((s) => grants(x, 'create', s) || grants(x, 'get', s)) },
  {
    what: 'reading every Secret in its scope (list or watch)',
    holder: 'system',
    test: (x) => x.resourceNames.length === 0 && (grants(x, 'list', 'secrets') || grants(x, 'watch', 'secrets')),
  },
];

/** The dangerous rights a list of effective rules holds (the lists are shared per role reference: computed once each). */
const RIGHTS_HELD = new WeakMap<readonly unknown[], readonly Right[]>();
function rightsHeld(rules: ReturnType<typeof effectiveRules>): readonly Right[] {
  let held = RIGHTS_HELD.get(rules);
  if (!held) RIGHTS_HELD.set(rules, (held = RIGHTS.filter((right) => rules.some(right.test))));
  return held;
}

/** Per view and cluster: the groups that may hold each right, and the break-glass groups. */
const HOLDERS = new WeakMap<RuleContext, Map<string, { breakGlass: ReadonlySet<string>; allowed: Record<Right['holder'], ReadonlySet<string>> }>>();
function holdersOf(ctx: RuleContext, cluster: string) {
  let byCluster = HOLDERS.get(ctx);
  if (!byCluster) HOLDERS.set(ctx, (byCluster = new Map()));
  let h = byCluster.get(cluster);
  if (!h) {
    const groups = ctx.hubOfCluster(cluster)?.adminGroups;
    // The hub's groups; with a cluster code two hubs use (reported on its own), any hub's groups of that role.
    const allowed = (holder: Right['holder']) => new Set([...(groups?.[holder] ?? []), ...ctx.hubs.flatMap((hub) => hub.adminGroups?.[holder] ?? [])]);
    h = {
      breakGlass: new Set([...(groups ? clusterAdminGroups(groups) : []), ...ctx.hubs.flatMap((hub) => (hub.adminGroups ? clusterAdminGroups(hub.adminGroups) : []))]),
      allowed: { system: allowed('system'), security: allowed('security') },
    };
    byCluster.set(cluster, h);
  }
  return h;
}

/** The dangerous rights a binding gives, and to which subjects not allowed to hold them. */
function bindingFindings(r: ViewResource, ctx: RuleContext): Violation[] {
  const b = r.object!;
  const ref = roleRefOf(b);
  const ns = b.kind === 'RoleBinding' ? b.metadata.namespace : undefined;
  const held = rightsHeld(effectiveRules(ctx, r.cluster, ref, ns));
  if (held.length === 0) return [];
  const { breakGlass, allowed: allowedFor } = holdersOf(ctx, r.cluster);
  // Departments' subjects (a tenant's groups and service accounts) are MLPS3-13's: it keeps them in their own
  // namespaces, where they administer their own system. This rule is about everyone else.
  const out: Violation[] = [];
  for (const right of held) {
    const allowed = allowedFor[right.holder];
    const offenders = bindingSubjects(b).filter((s) => {
      if (s.kind === 'Group' && (allowed.has(s.name) || breakGlass.has(s.name))) return false;
      // A group a department declares (even one the tenancy layer refuses, such as system:*) is MLPS3-13's and the tenancy checks'.
      if (s.kind === 'Group' && ctx.tenantGroups.has(s.name)) return false;
      const reach = subjectReach(s, ns, ctx, r.cluster);
      return reach.everyone !== undefined || reach.tenants.length === 0;
    });
    if (offenders.length === 0) continue;
    out.push({
      message: `${describe(r)} gives ${ref.kind} "${ref.name}"${ns ? ` in namespace "${ns}"` : ' on the whole cluster'}, which grants ${right.what}, to ${offenders.map((s) => `${s.kind} ${s.name}`).join(', ')}: only the ${right.holder} administrators (adminGroups.${right.holder === 'system' ? 'systemAdmins' : 'securityAdmins'}) may hold it`,
      fix: `bind a role without it (built-in roles included: admin and edit grant exec, Secrets and service-account impersonation), or bind it to the ${right.holder} administrators' groups only`,
    });
  }
  return out;
}

/** MLPS3-12: least privilege, computed on what bindings really grant (built-in and aggregated roles expanded). */
export const leastPrivilegeRoles: ComplianceRule<'resource'> = {
  id: 'MLPS3-12',
  name: 'Roles grant least privilege',
  nameZh: '最小权限',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 d'],
  cis: ['5.1.2', '5.1.3', '5.1.8'],
  severity: 'error',
  description:
    "No Role or ClusterRole holds a wildcard (*) in verbs, resources, API groups or URLs. What each binding really grants is computed as the API server does — Kubernetes' built-in cluster-admin, admin, edit and view, and aggregated ClusterRoles, expanded — and every subject is read: escalate, bind, impersonate and service-account tokens only to the security administrators' groups, exec/attach/port-forward/proxy and listing Secrets only to the system administrators' groups (break-glass groups aside; departments' own subjects are kept to their own namespaces by MLPS3-13). No label a role gives itself changes this.",
  remediation:
    'List the verbs, resources and API groups a role needs instead of *; bind escalating rights to the security administrators and shells or Secret listing to the system administrators only; do not bind admin or edit outside a department’s own namespace.',
  subject: 'resource',
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  seesRenderedCharts: true,
  check: function leastPrivilegeRoles(r, ctx) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') return bindingFindings(r, ctx);
    const out: Violation[] = [];
    rbacRules(obj).forEach((rule, i) => {
      const at = `${describe(r)}, rule ${i + 1}`;
      for (const [field, values] of [
        ['verbs', rule.verbs],
        ['resources', rule.resources],
        ['apiGroups', rule.apiGroups],
        ['nonResourceURLs', rule.nonResourceURLs],
      ] as const) {
        if (values.some((v) => v === '*' || v.endsWith('/*'))) {
          out.push({ message: `${at} grants ${field}: ${JSON.stringify(values)}, a wildcard that also covers whatever is added later`, fix: `list the ${field} the role needs` });
        }
      }
    });
    return out;
  },
};
