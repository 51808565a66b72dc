import { atLeast, AuditLevel, auditLevelFor, AuditPolicyDocument, AuditRequest } from '../../audit-policy';
import type { HubSubject } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

type Expectation = { req: AuditRequest; min: AuditLevel; max?: AuditLevel; why: string };

const write = (group: string, resource: string, why: string): Expectation[] =>
  ['create', 'update', 'patch', 'delete'].map((verb) => ({ req: { verb, group, resource }, min: 'Request' as AuditLevel, why }));

/** Requests the policy must log, and how much of them. */
export const AUDIT_EXPECTATIONS: readonly Expectation[] = [
  { req: { verb: 'get', group: '', resource: 'pods' }, min: 'Metadata', why: 'every request is recorded with who, what, when and the outcome' },
  { req: { verb: 'list', group: 'apps', resource: 'deployments' }, min: 'Metadata', why: 'every request is recorded with who, what, when and the outcome' },
  { req: { verb: 'watch', group: '', resource: 'nodes' }, min: 'Metadata', why: 'every request is recorded with who, what, when and the outcome' },
  { req: { verb: 'get', nonResourceURL: '/apis' }, min: 'Metadata', why: 'every request is recorded with who, what, when and the outcome' },
  ...write('rbac.authorization.k8s.io', 'clusterrolebindings', 'changes to access rights are security events'),
  ...write('rbac.authorization.k8s.io', 'roles', 'changes to access rights are security events'),
  ...write('networking.k8s.io', 'networkpolicies', 'changes to network isolation are security events'),
  ...write('', 'namespaces', 'changes to namespaces (zones, security labels) are security events'),
  ...write('admissionregistration.k8s.io', 'validatingadmissionpolicies', 'changes to admission control are security events'),
  ...write('apps', 'deployments', 'changes to workloads are significant user actions'),
  ...write('', 'pods', 'changes to workloads are significant user actions'),
  { req: { verb: 'get', group: '', resource: 'secrets' }, min: 'Metadata', max: 'Metadata', why: 'reading a secret is recorded, its value never' },
  { req: { verb: 'create', group: '', resource: 'secrets' }, min: 'Metadata', max: 'Metadata', why: 'writing a secret is recorded, its value never' },
  { req: { verb: 'update', group: '', resource: 'configmaps' }, min: 'Metadata', max: 'Metadata', why: 'config maps may hold credentials: their content stays out of the log' },
];

/** `create rbac.authorization.k8s.io/clusterrolebindings`. */
export function describeRequest(req: AuditRequest): string {
  if (req.nonResourceURL) return `${req.verb} ${req.nonResourceURL}`;
  const res = `${req.resource}${req.subresource ? `/${req.subresource}` : ''}`;
  return `${req.verb} ${req.group ? `${req.group}/` : ''}${res}`;
}

/** Resources without a namespace: their requests carry namespace "" (what a policy's `namespaces: [""]` matches). */
const CLUSTER_SCOPED = new Set([
  'nodes',
  'namespaces',
  'persistentvolumes',
  'clusterroles',
  'clusterrolebindings',
  'storageclasses',
  'certificatesigningrequests',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'customresourcedefinitions',
]);

/** Who sends a request, as the API server sees it (user name and groups). */
interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
  readonly label: string;
}

const authenticated = (user: string, groups: readonly string[], label: string): Principal => ({ user, groups: [...groups, 'system:authenticated'], label });

/**
 * The principals to ask the policy about, one per class the policy can tell apart: every user and group a rule names,
 * the hub's administrator groups (three roles and break-glass), system:masters (the cluster's own administrator and the
 * Terraform identity), a service account, an anonymous request and an authenticated nobody. A rule that exempts
 * anyone — `level: None` for the administrators — is found, whoever it names.
 */
function principals(hub: HubSubject, policy: AuditPolicyDocument): Principal[] {
  const out: Principal[] = [
    authenticated('probe-user', [], 'an authenticated user'),
    { user: 'system:anonymous', groups: ['system:unauthenticated'], label: 'an anonymous request' },
    authenticated('system:serviceaccount:kube-system:probe', ['system:serviceaccounts', 'system:serviceaccounts:kube-system'], 'a service account'),
    authenticated('kubernetes-admin', ['system:masters'], 'group system:masters'),
  ];
  const groups = new Set<string>();
  const g = hub.adminGroups;
  if (g) for (const x of [...g.system, ...g.security, ...g.audit, ...g.breakGlass, ...(g.terraform ?? [])]) groups.add(x);
  for (const rule of policy.rules ?? []) for (const x of rule.userGroups ?? []) groups.add(x);
  for (const x of [...groups].sort()) out.push(authenticated('probe-user', [x], `group ${x}`));
  const users = new Set<string>();
  for (const rule of policy.rules ?? []) for (const x of rule.users ?? []) users.add(x);
  for (const u of [...users].sort()) {
    const sa = /^system:serviceaccount:([^:]+):/.exec(u);
    out.push(authenticated(u, sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] : [], `user ${u}`));
  }
  return out;
}

/** The namespaces to ask about: every one a rule names, and one no rule names. */
function namespacesOf(policy: AuditPolicyDocument): string[] {
  const named = new Set<string>();
  for (const rule of policy.rules ?? []) for (const ns of rule.namespaces ?? []) if (ns !== '') named.add(ns);
  return ['gov-lz-probe-namespace', ...[...named].sort()];
}

/** The resource names to ask about: none, and every one a rule names. */
function namesOf(policy: AuditPolicyDocument): Array<string | undefined> {
  const named = new Set<string>();
  for (const rule of policy.rules ?? []) for (const gr of rule.resources ?? []) for (const n of gr.resourceNames ?? []) named.add(n);
  return [undefined, ...[...named].sort()];
}

/**
 * Checks a list of expectations against the hub's audit policy, as kube-apiserver evaluates it: for every principal,
 * namespace and resource name the policy can tell apart (first matching rule wins, no match logs nothing).
 */
export function checkExpectations(hub: HubSubject, expectations: readonly Expectation[]): Violation[] {
  const key = expectationsKey(hub, expectations);
  let found = key === undefined ? undefined : CHECKED.get(key);
  if (!found) {
    found = uncachedExpectations(hub, expectations);
    if (key !== undefined) {
      if (CHECKED.size >= 64) CHECKED.clear();
      CHECKED.set(key, found);
    }
  }
  return found.map((v) => ({ ...v }));
}

/**
 * Verdicts by what they depend on — the policy, the hub's administrator groups and the expectations — for the synths of
 * one process (a test suite, a tool that synthesizes several provinces): the probes cost milliseconds per hub.
 */
const CHECKED = new Map<string, readonly Violation[]>();

function expectationsKey(hub: HubSubject, expectations: readonly Expectation[]): string | undefined {
  try {
    return JSON.stringify([hub.audit!.policy, hub.adminGroups ?? null, expectations]);
  } catch {
    return undefined; // Not plain data (a JavaScript caller's cycle): checked every time.
  }
}

function uncachedExpectations(hub: HubSubject, expectations: readonly Expectation[]): Violation[] {
  const policy = hub.audit!.policy;
  const who = principals(hub, policy);
  const namespaces = namespacesOf(policy);
  const names = namesOf(policy);
  const out: Violation[] = [];
  for (const e of expectations) {
    // The request as a bare probe first: when it already fails, one message says so for everyone.
    const bare = auditLevelFor(policy, e.req);
    if (!atLeast(bare, e.min)) {
      out.push({
        message: `the audit policy logs "${describeRequest(e.req)}" at ${bare}; at least ${e.min} is needed (${e.why})`,
        fix: `add a rule at level ${e.min} for it before any rule that matches it at a lower level, or keep the landing zone's default policy`,
      });
      continue;
    }
    if (e.max && !atLeast(e.max, bare)) {
      out.push({ message: `the audit policy logs "${describeRequest(e.req)}" at ${bare}, which writes the content to the log (${e.why})`, fix: `log it at ${e.max}` });
      continue;
    }
    const clusterScoped = e.req.nonResourceURL !== undefined || CLUSTER_SCOPED.has(e.req.resource ?? '');
    const under = new Map<string, AuditLevel>();
    const over = new Map<string, AuditLevel>();
    for (const p of who) {
      for (const ns of clusterScoped ? [undefined] : namespaces) {
        for (const name of e.req.nonResourceURL !== undefined ? [undefined] : names) {
          const level = auditLevelFor(policy, { ...e.req, user: p.user, userGroups: p.groups, namespace: ns ?? (clusterScoped ? undefined : e.req.namespace), name });
          const where = `${p.label}${ns && ns !== 'gov-lz-probe-namespace' ? ` in namespace ${ns}` : ''}${name ? ` on ${name}` : ''}`;
          if (!atLeast(level, e.min)) under.set(where, level);
          else if (e.max && !atLeast(e.max, level)) over.set(where, level);
        }
      }
    }
    if (under.size > 0) {
      out.push({
        message: `the audit policy logs "${describeRequest(e.req)}" below ${e.min} for ${[...under].map(([w, l]) => `${w} (${l})`).join(', ')} (${e.why}): the API server applies the first matching rule, so a rule that names these requesters exempts them`,
        fix: `remove the exemption, or put a rule at level ${e.min} or more for it before the rule that exempts them; nobody, administrators included, is exempt from auditing`,
      });
    }
    if (over.size > 0) {
      out.push({
        message: `the audit policy logs "${describeRequest(e.req)}" above ${e.max} for ${[...over].map(([w, l]) => `${w} (${l})`).join(', ')}, which writes the content to the log (${e.why})`,
        fix: `log it at ${e.max} for everyone`,
      });
    }
  }
  return out;
}

/** MLPS3-7: the API-server audit policy covers every user and records significant actions and security events. */
export const auditPolicyCoverage: ComplianceRule<'hub'> = {
  id: 'MLPS3-7',
  name: 'API-server audit policy covers all users and security events',
  nameZh: '安全审计覆盖',
  domain: RuleDomain.AUDIT,
  clauses: ['8.1.4.3 a', '8.1.4.3 b'],
  severity: 'error',
  description:
    'The audit policy the hub hands to kube-apiserver (audit-policy.yaml) has no catch-all None rule, logs every request at Metadata or more, changes to RBAC, network policy, namespaces, admission control and workloads at Request or more, and Secrets and ConfigMaps at Metadata only.',
  remediation:
    'Keep the audit policy the landing zone writes (audit-policy.yaml): no catch-all None rule, Metadata or more for every request, Request or more for changes to RBAC, network policy, namespaces, admission control and workloads, Metadata only for Secrets and ConfigMaps.',
  subject: 'hub',
  check: function auditPolicyCoverage(hub) {
    if (!hub.audit) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const rules = hub.audit.policy.rules ?? [];
    rules.forEach((rule, i) => {
      const selective = ['users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs'].some((k) => ((rule as any)[k] ?? []).length > 0);
      if (rule.level === 'None' && !selective) {
        out.push({ message: `audit policy rule ${i + 1} is a catch-all at level None: every request after it goes unrecorded`, fix: 'remove it; end the policy with a catch-all at level Metadata' });
      }
    });
    out.push(...checkExpectations(hub, AUDIT_EXPECTATIONS));
    return out;
  },
};
