import { Labels } from '../../../core/labels';
import { AdminRole, AUDIT_NAMESPACE, BREAK_GLASS_BINDING, groupsOf, READ_VERBS, TERRAFORM_BINDING } from '../../admin-roles';
import { atLeast, auditLevelFor } from '../../audit-policy';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { effectiveRules, grants } from '../access-control/effective-rbac';
import { bindingSubjects, isHubNamespace, onHubCluster, PolicyRuleView, rbacRules, roleRefOf } from '../support';

const CONTROL_GROUPS = new Set(['rbac.authorization.k8s.io', 'admissionregistration.k8s.io']);

/** `group/resource:verb` for every right a role holds that changes state. */
function writeRights(role: ViewResource): Set<string> {
  const out = new Set<string>();
  for (const r of rbacRules(role.object!)) {
    for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) if (!READ_VERBS.has(v)) out.add(`${g || 'core'}/${res}:${v}`);
  }
  return out;
}

/** One right to ask for: verb, resource (with subresource), API group. */
type Probe = readonly [verb: string, resource: string, group?: string];

const WRITES = ['create', 'update', 'patch'];
const WORKLOAD_WRITES: Probe[] = [
  ...['deployments', 'statefulsets', 'daemonsets', 'replicasets'].flatMap((r) => WRITES.map((v): Probe => [v, r, 'apps'])),
  ...['jobs', 'cronjobs'].flatMap((r) => WRITES.map((v): Probe => [v, r, 'batch'])),
  ...WRITES.map((v): Probe => [v, 'replicationcontrollers']),
  ['create', 'pods'],
  ['update', 'pods'],
  ['patch', 'pods'],
];
const SECRETS: Probe[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'].map((v): Probe => [v, 'secrets']);
const SHELLS: Probe[] = ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'nodes/proxy', 'services/proxy'].flatMap((r) => [['create', r] as Probe, ['get', r] as Probe]);
const CSR_APPROVAL: Probe[] = [
  ['update', 'certificatesigningrequests/approval', 'certificates.k8s.io'],
  ['approve', 'signers', 'certificates.k8s.io'],
];
const RBAC = 'rbac.authorization.k8s.io';

/** Rights no system administrator may hold on the whole cluster or in a platform namespace, and why. */
const NOT_FOR_SYSTEM: ReadonlyArray<{ what: string; probes: readonly Probe[] }> = [
  { what: "reads or writes Secrets (departments' data and every service account's credentials)", probes: SECRETS },
  { what: 'mints service-account tokens (serviceaccounts/token), acting as any service account', probes: [['create', 'serviceaccounts/token']] },
  { what: 'opens a shell or tunnel into pods (exec, attach, port-forward, proxy), where privileged service accounts run', probes: SHELLS },
  { what: 'creates pods or changes workload templates: a pod runs as any service account of its namespace, an operator’s included, and mounts its Secrets', probes: WORKLOAD_WRITES },
  {
    what: 'binds, escalates or impersonates',
    probes: [
      ['bind', 'clusterroles', RBAC],
      ['bind', 'roles', RBAC],
      ['escalate', 'clusterroles', RBAC],
      ['escalate', 'roles', RBAC],
      ['impersonate', 'users'],
      ['impersonate', 'groups'],
      ['impersonate', 'serviceaccounts'],
    ],
  },
  { what: 'approves certificate signing requests (the security administrator’s)', probes: CSR_APPROVAL },
];

/** Rights the security administrator may not hold: it sets security policy, it does not run workloads or read data. */
const NOT_FOR_SECURITY: ReadonlyArray<{ what: string; probes: readonly Probe[] }> = [
  { what: 'reads or writes Secrets', probes: SECRETS },
  { what: 'creates pods or changes workloads', probes: WORKLOAD_WRITES },
  { what: 'opens a shell or tunnel into pods', probes: SHELLS },
];

/** Every binding on the cluster that names one of `groups`, with what its role really grants (built-in and aggregated roles expanded). */
function grantsTo(ctx: RuleContext, c: ClusterSubject, groups: ReadonlySet<string>): Array<{ binding: ViewResource; namespace?: string; rules: readonly PolicyRuleView[] }> {
  const out: Array<{ binding: ViewResource; namespace?: string; rules: readonly PolicyRuleView[] }> = [];
  for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
    for (const b of onHubCluster(ctx, c, kind).filter((x) => x.object)) {
      if (!bindingSubjects(b.object!).some((s) => s.kind === 'Group' && groups.has(s.name))) continue;
      const namespace = kind === 'RoleBinding' ? b.object!.metadata.namespace : undefined;
      out.push({ binding: b, namespace, rules: effectiveRules(ctx, c.cluster.name, roleRefOf(b.object!), namespace) });
    }
  }
  return out;
}

const holds = (rules: readonly PolicyRuleView[], p: Probe) => rules.some((r) => grants(r, p[0], p[1], p[2] ?? ''));
const where = (ns: string | undefined) => (ns ? `in namespace "${ns}"` : 'on the whole cluster');
/** Namespaces where the platform's privileged service accounts run: the hub's and Kubernetes' own. */
const platformNamespace = (ns: string) => isHubNamespace(ns) || ns.startsWith('kube-') || ns === 'default';

/** What the three roles (and the Terraform identity) really hold on one cluster, against 三权分立. */
function effectiveFindings(c: ClusterSubject, ctx: RuleContext): Violation[] {
  const groups = c.hub.adminGroups!;
  const cluster = c.cluster.name;
  const out: Violation[] = [];
  const system = grantsTo(ctx, c, new Set(groups.system)).filter((g) => g.namespace === undefined || platformNamespace(g.namespace));
  for (const rule of NOT_FOR_SYSTEM) {
    const hit = system.find((g) => rule.probes.some((p) => holds(g.rules, p)));
    if (hit)
      out.push({
        message: `on cluster "${cluster}" the system administrator ${rule.what}, through ${hit.binding.object!.kind} ${hit.binding.object!.metadata.name} ${where(hit.namespace)}`,
        fix: 'keep the system administrator to operating resources (gov-lz:system-admin); a department that wants an administrator in its namespace grants it there',
        resource: hit.binding,
      });
  }
  const security = grantsTo(ctx, c, new Set(groups.security));
  for (const rule of NOT_FOR_SECURITY) {
    const hit = security.find((g) => rule.probes.some((p) => holds(g.rules, p)));
    if (hit)
      out.push({
        message: `on cluster "${cluster}" the security administrator ${rule.what}, through ${hit.binding.object!.kind} ${hit.binding.object!.metadata.name} ${where(hit.namespace)}`,
        fix: 'leave workloads and data to the departments and the system administrator',
        resource: hit.binding,
      });
  }
  const clusterWide = security.filter((g) => g.namespace === undefined).flatMap((g) => g.rules);
  const missing = CSR_APPROVAL.filter((p) => !holds(clusterWide, p));
  if (missing.length > 0 && groups.security.length > 0)
    out.push({
      message: `on cluster "${cluster}" the security administrator cannot approve certificate signing requests (missing ${missing.map((p) => `${p[0]} ${p[2] ? `${p[2]}/` : ''}${p[1]}`).join(', ')})`,
      fix: 'grant update on certificatesigningrequests/approval and approve on the signers the security administrator answers for (gov-lz:security-admin does)',
    });
  const audit = grantsTo(ctx, c, new Set(groups.audit));
  const writing = audit.find((g) => g.rules.some((r) => r.verbs.some((v) => !READ_VERBS.has(v))));
  if (writing)
    out.push({
      message: `on cluster "${cluster}" the audit administrator can change state through ${writing.binding.object!.kind} ${writing.binding.object!.metadata.name} ${where(writing.namespace)}, the audit configuration included`,
      fix: 'give the audit administrator get, list and watch only',
      resource: writing.binding,
    });
  const reads = audit.filter((g) => g.namespace === undefined || g.namespace === AUDIT_NAMESPACE).flatMap((g) => g.rules);
  const records: Probe[] = [
    ['get', 'persistentvolumeclaims'],
    ['get', 'configmaps'],
    ['get', 'pods/log'],
  ];
  const unread = records.filter((p) => !holds(reads, p));
  if (unread.length > 0 && groups.audit.length > 0)
    out.push({
      message: `on cluster "${cluster}" the audit administrator cannot read the audit records in namespace "${AUDIT_NAMESPACE}" (missing ${unread.map((p) => `${p[0]} ${p[1]}`).join(', ')})`,
      fix: `bind the audit administrators' Role in ${AUDIT_NAMESPACE} (the hub's AdminRoles does)`,
    });
  out.push(...terraformFindings(c, ctx));
  return out;
}

/** The Terraform identity: its own groups, bound to cluster-admin, every request logged at RequestResponse. */
function terraformFindings(c: ClusterSubject, ctx: RuleContext): Violation[] {
  const groups = c.hub.adminGroups!;
  const cluster = c.cluster.name;
  const terraform = [...(groups.terraform ?? [])];
  const out: Violation[] = [];
  const admins = new Set([...groups.system, ...groups.security, ...groups.audit]);
  const shared = terraform.filter((g) => admins.has(g));
  if (shared.length > 0)
    out.push({
      message: `on cluster "${cluster}" group ${shared.join(', ')} is both the Terraform identity's and an administrator's: the break-glass identity would be an everyday one`,
      fix: 'give the Terraform identity a group of its own (adminGroups.terraform)',
    });
  const bound = new Set(
    onHubCluster(ctx, c, 'ClusterRoleBinding')
      .filter((b) => b.object && roleRefOf(b.object).kind === 'ClusterRole' && roleRefOf(b.object).name === 'cluster-admin')
      .flatMap((b) =>
        bindingSubjects(b.object!)
          .filter((s) => s.kind === 'Group')
          .map((s) => s.name),
      ),
  );
  const unbound = terraform.filter((g) => !bound.has(g));
  if (unbound.length > 0)
    out.push({
      message: `on cluster "${cluster}" the Terraform identity's group ${unbound.join(', ')} is not bound (${TERRAFORM_BINDING}): the identity that applies the landing zone is not modelled on the cluster`,
      fix: 'keep the binding the hub generates from adminGroups.terraform',
    });
  const policy = c.hub.audit?.policy;
  if (policy) {
    for (const g of [...new Set([...terraform, ...groups.breakGlass])].sort()) {
      for (const req of [
        { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'gov-lz-probe-namespace' },
        { verb: 'get', group: '', resource: 'pods', namespace: 'gov-lz-probe-namespace' },
        { verb: 'delete', group: RBAC, resource: 'clusterrolebindings' },
      ]) {
        const level = auditLevelFor(policy, { ...req, user: 'probe-user', userGroups: [g, 'system:authenticated'] });
        if (!atLeast(level, 'RequestResponse')) {
          out.push({
            message: `on cluster "${cluster}" the audit policy logs "${req.verb} ${req.group ? `${req.group}/` : ''}${req.resource}" of break-glass group ${g} at ${level}: every request of the Terraform identity and the break-glass groups is to be recorded in full`,
            fix: `give them their own rule, { level: RequestResponse, userGroups: [${g}] }, after the Metadata rule for Secrets (the landing zone's policy has it)`,
          });
          break;
        }
      }
    }
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
  description: `Every cluster of a hub has the three administrator ClusterRoles (labelled ${Labels.ADMIN_ROLE}: system, security, audit), each bound to the hub's configured groups; no group holds two of them or a department role; no right that changes state is in two roles; the administrator groups hold no other ClusterRole. What each role really grants, through every binding (built-in and aggregated roles expanded), is checked: the system administrator, on the whole cluster and in the platform's namespaces, reads no Secret, mints no service-account token, opens no exec/attach/port-forward/proxy, creates no pod and changes no workload template (a pod runs as any service account of its namespace), and cannot bind, escalate, impersonate or approve certificates; the security administrator can approve certificate signing requests and touches no Secret, workload or shell; the audit administrator changes nothing and can read the audit records (namespace ${AUDIT_NAMESPACE}). The Terraform identity is a fourth, break-glass identity: groups of its own (adminGroups.terraform), bound to cluster-admin (${TERRAFORM_BINDING}), and the audit policy logs its every request, and the break-glass groups', at RequestResponse.`,
  remediation:
    'Keep the administrator roles the hub generates (gov-lz:system-admin, gov-lz:security-admin, gov-lz:audit-admin, their Roles in the platform and audit namespaces, gov-lz:terraform) and bind each to its own identity-provider groups (adminGroups); give no group two of them or a department role; bind nothing more to the administrators’ groups.',
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
      if (ours.has(ref.name) || b.object!.metadata.name === BREAK_GLASS_BINDING || b.object!.metadata.name === TERRAFORM_BINDING) continue;
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
    // What the roles really grant, wherever they are bound (only once each role is there: otherwise that is the finding).
    if (found.size === AdminRole.all().length) out.push(...effectiveFindings(c, ctx));
    return out;
  },
};
