import { atLeast, auditLevelFor, AuditRequest } from '../../audit-policy';
import type { HubSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { isUnderAny } from '../../suppressions';
import { describeRequest } from '../audit/audit-policy-coverage';

/** Creating or re-enabling a workload (a virtual machine's counterpart): the request, with its spec (image, replicas), must be in the record. */
const WORKLOAD_REQUESTS: readonly AuditRequest[] = [
  { verb: 'create', group: '', resource: 'pods' },
  ...['deployments', 'statefulsets', 'daemonsets', 'replicasets'].map((resource) => ({ verb: 'create', group: 'apps', resource })),
  ...['jobs', 'cronjobs'].map((resource) => ({ verb: 'create', group: 'batch', resource })),
  // Re-enabling: scaling a stopped workload up again, or resuming a suspended CronJob.
  ...['deployments', 'statefulsets'].flatMap((resource) => ['update', 'patch'].map((verb) => ({ verb, group: 'apps', resource, subresource: 'scale' }))),
  { verb: 'patch', group: 'batch', resource: 'cronjobs' },
];

/** Changing what isolates a department (its network policies, quota, limits, namespace labels). */
const ISOLATION_REQUESTS: readonly AuditRequest[] = [
  ...['create', 'update', 'patch', 'delete'].map((verb) => ({ verb, group: 'networking.k8s.io', resource: 'networkpolicies' })),
  ...['update', 'patch', 'delete'].flatMap((verb) => ['resourcequotas', 'limitranges'].map((resource) => ({ verb, group: '', resource }))),
  { verb: 'patch', group: '', resource: 'namespaces' },
];

/** Who may send such a request, one per class the policy can tell apart. */
function requesters(h: HubSubject, tenantGroups: readonly string[], otherGroup: string | undefined): Array<{ user: string; groups: string[]; label: string }> {
  const out = [
    { user: 'probe-user', groups: ['system:authenticated'], label: 'an authenticated user' },
    { user: 'system:anonymous', groups: ['system:unauthenticated'], label: 'an anonymous request' },
    { user: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], label: 'a controller' },
    { user: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'], label: 'group system:masters' },
  ];
  const g = h.adminGroups;
  const groups = new Set([...tenantGroups, ...(otherGroup !== undefined ? [otherGroup] : []), ...(g ? [...g.system, ...g.security, ...g.audit, ...g.breakGlass, ...(g.terraform ?? [])] : [])]);
  for (const rule of h.audit?.policy.rules ?? []) for (const x of rule.userGroups ?? []) groups.add(x);
  for (const x of [...groups].sort()) out.push({ user: 'probe-user', groups: [x, 'system:authenticated'], label: `group ${x}` });
  for (const rule of h.audit?.policy.rules ?? []) for (const u of rule.users ?? []) out.push({ user: u, groups: ['system:authenticated'], label: `user ${u}` });
  return out;
}

/** Whether a PrometheusRule alerts on a department's use of its quota (an alert over kube_resourcequota, directly or through a recorded series). */
function alertsOnQuota(r: ViewResource): boolean {
  const rules = (Array.isArray(r.object?.spec?.groups) ? r.object!.spec!.groups : []).flatMap((g: any) => (Array.isArray(g?.rules) ? g.rules : []));
  const quotaSeries = new Set<string>(rules.filter((x: any) => typeof x?.record === 'string' && String(x.expr ?? '').includes('kube_resourcequota')).map((x: any) => x.record));
  return rules.some((x: any) => typeof x?.alert === 'string' && (String(x.expr ?? '').includes('kube_resourcequota') || [...quotaSeries].some((s) => String(x.expr ?? '').includes(s))));
}

/**
 * MLPS3-49: unauthorised workloads and isolation failures are detected (8.2.4.3 a, b). The hub's audit policy,
 * evaluated per requester and per department namespace as the API server does, records every creation and
 * re-enabling of a workload (with its spec) and every change to what isolates a department; the records leave the
 * control planes for the security management centre, which alerts; and each department namespace has an alert on
 * its resource use against its quota. The alerting on the audit records happens in the SOC: manual evidence.
 */
export const unauthorisedWorkloadsDetected: ComplianceRule<'hub'> = {
  id: 'MLPS3-49',
  name: 'Unauthorised workloads and isolation failures are detected',
  nameZh: '非授权新建工作负载与隔离失效的检测',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.3 a', '8.2.4.3 b'],
  severity: 'error',
  description:
    "In every department namespace of the hub, the API-server audit policy — evaluated for each class of requester (the department's groups, another department's, the administrators and break-glass groups, system:masters, controllers, anyone) as kube-apiserver does — records at Request or more the creation of pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs and their re-enabling (scale, resume), and every change to the department's NetworkPolicies, ResourceQuota, LimitRange and namespace labels; the records leave the control planes (audit.logSink or each cluster's controlPlane.audit.webhookUrl) for the security management centre; and a PrometheusRule in each department namespace alerts on its use of its quota. That the SOC alerts on unauthorised creations is manual evidence.",
  remediation:
    "Keep the landing zone's audit policy (no None or Metadata-only rule for workload writes in department namespaces), ship the records off the control planes (audit: { logSink }), alert on them in the security management centre, and turn on observability so every department namespace gets its quota alerts.",
  provisional:
    'A department namespace without a quota alert is a warning until the hub runs monitoring (observability), and so is a hub that declares no destination for the audit records (no sink, no webhook on some cluster); a workload write or isolation change the policy does not record is an error.',
  subject: 'hub',
  check: function unauthorisedWorkloadsDetected(h: HubSubject, ctx: RuleContext) {
    if (h.published || !h.audit) return RuleStatus.NOT_APPLICABLE;
    const clusters = new Set((h.hub.clusters ?? []).map((c) => c.name));
    const tenants = ctx.tenants.filter((t) => (t.placements ?? []).some((p) => clusters.has(p.cluster?.name)) && isUnderAny(t.node.path, h.scopes));
    if (tenants.length === 0) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const policy = h.audit.policy;
    // One finding per requester and request, naming the namespaces: thousands of departments, a readable report.
    const gaps = new Map<string, { label: string; req: AuditRequest; level: string; namespaces: Set<string>; isolation: boolean }>();
    const allGroups = tenants.flatMap((t) => [...t.admins, ...t.viewers]);
    // The level depends on a group, user, namespace or name only where a rule of the policy names it: every other one
    // is asked about once (thousands of departments, one answer for all those the policy does not single out).
    const rules = policy.rules ?? [];
    const named = {
      users: new Set(rules.flatMap((r) => r.users ?? [])),
      groups: new Set(rules.flatMap((r) => r.userGroups ?? [])),
      namespaces: new Set(rules.flatMap((r) => r.namespaces ?? [])),
      names: new Set(rules.flatMap((r) => (r.resources ?? []).flatMap((g) => g.resourceNames ?? []))),
    };
    const levels = new Map<string, Array<[number, ReturnType<typeof auditLevelFor>]>>();
    const requests = [...WORKLOAD_REQUESTS.map((base) => ({ base, isolation: false })), ...ISOLATION_REQUESTS.map((base) => ({ base, isolation: true }))];
    const nameKey = (ns: string) => (named.namespaces.has(ns) ? ns : '*') + '|' + (named.names.has(ns) ? ns : '*');
    for (const t of tenants) {
      const own = [...t.admins, ...t.viewers];
      const other = allGroups.find((g) => !own.includes(g));
      const namespaces = [...new Set((t.placements ?? []).filter((p) => clusters.has(p.cluster?.name)).map((p) => p.namespace))];
      for (const who of requesters(h, own, other)) {
        const whoKey = `${named.users.has(who.user) ? who.user : '*'}|${who.groups
          .filter((x) => named.groups.has(x))
          .sort()
          .join(',')}`;
        for (const ns of namespaces) {
          // The requests this requester is not recorded for in this namespace, asked once per distinct answer.
          const classKey = `${whoKey}|${nameKey(ns)}`;
          let missed = levels.get(classKey);
          if (missed === undefined) {
            missed = [];
            for (const [i, { base }] of requests.entries()) {
              const level = auditLevelFor(policy, { ...base, namespace: ns, ...(base.resource === 'namespaces' ? { name: ns } : {}), user: who.user, userGroups: who.groups });
              if (!atLeast(level, 'Request')) missed.push([i, level]);
            }
            levels.set(classKey, missed);
          }
          for (const [i, level] of missed) {
            const gapKey = `${who.label}|${i}|${level}`;
            const g = gaps.get(gapKey) ?? { label: who.label, req: requests[i].base, level, namespaces: new Set<string>(), isolation: requests[i].isolation };
            g.namespaces.add(ns);
            gaps.set(gapKey, g);
          }
        }
      }
    }
    for (const g of gaps.values()) {
      const ns = [...g.namespaces].sort();
      out.push({
        message: `the audit policy of hub "${h.hub.province}" logs ${describeRequest(g.req)} by ${g.label} at ${g.level} in department namespace${ns.length > 1 ? 's' : ''} ${ns.slice(0, 5).join(', ')}${ns.length > 5 ? ` and ${ns.length - 5} more` : ''}: ${g.isolation ? 'a change to what isolates the department' : 'a workload created or re-enabled there'} leaves ${g.level === 'None' ? 'no record' : 'no record of its spec'}`,
        fix: 'record workload writes and changes to NetworkPolicies, quotas, limits and namespaces at Request or more for every requester (the landing zone policy does)',
      });
    }
    const webhooks = (h.hub.clusters ?? []).filter((c) => typeof c.controlPlane?.audit?.webhookUrl === 'string');
    if (!h.audit.logSink && webhooks.length < clusters.size)
      out.push({
        message: `hub "${h.hub.province}" declares no audit log sink and ${clusters.size - webhooks.length} of its clusters no audit webhook: the records of workload creation stay on the control planes, where nobody is alerted`,
        fix: "ship the audit records to the security management centre: audit: { logSink: 'syslog+tls://…' }, or controlPlane.audit.webhookUrl on every cluster",
        // Undeclared, not known to be wrong (as MLPS3-9's sink).
        severity: 'warning',
      });
    const missing = new Map<string, string[]>();
    for (const t of tenants) {
      for (const p of t.placements ?? []) {
        // A namespace another project creates (a city's department granted here) gets its alerts there.
        if (!clusters.has(p.cluster?.name) || ctx.namespace(p.cluster.name, p.namespace) === undefined) continue;
        const rules = ctx.inNamespace(p.cluster.name, p.namespace).filter((r) => r.kind === 'PrometheusRule' && !r.chart);
        if (rules.some(alertsOnQuota)) continue;
        const list = missing.get(p.cluster.name);
        if (list) list.push(p.namespace);
        else missing.set(p.cluster.name, [p.namespace]);
      }
    }
    for (const [cluster, ns] of [...missing].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...ns].sort();
      out.push({
        message: `department namespace${sorted.length > 1 ? 's' : ''} ${sorted.slice(0, 5).join(', ')}${sorted.length > 5 ? ` and ${sorted.length - 5} more` : ''} on cluster "${cluster}" ha${sorted.length > 1 ? 've' : 's'} no alert on the use of the quota: a department exhausting its resources, or running past them, goes unnoticed`,
        fix: 'run monitoring on the cluster (observability) so each department namespace gets its PrometheusRule with the quota alerts',
        severity: 'warning',
        path: `${h.path}/clusters/${cluster}`,
      });
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
