import { atLeast, AuditLevel, auditLevelFor, AuditRequest } from '../../audit-policy';
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

/** Checks a list of expectations against the hub's audit policy. */
export function checkExpectations(hub: HubSubject, expectations: readonly Expectation[]): Violation[] {
  const policy = hub.audit!.policy;
  const out: Violation[] = [];
  for (const e of expectations) {
    const level = auditLevelFor(policy, e.req);
    if (!atLeast(level, e.min)) {
      out.push({
        message: `the audit policy logs "${describeRequest(e.req)}" at ${level}; at least ${e.min} is needed (${e.why})`,
        fix: `add a rule at level ${e.min} for it before any rule that matches it at a lower level, or keep the landing zone's default policy`,
      });
    } else if (e.max && !atLeast(e.max, level)) {
      out.push({ message: `the audit policy logs "${describeRequest(e.req)}" at ${level}, which writes the content to the log (${e.why})`, fix: `log it at ${e.max}` });
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
