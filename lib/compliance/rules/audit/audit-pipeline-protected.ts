import type { ClusterSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { allows, bindingsByCluster, subjectList } from '../access-control/grants-index';
import { onClusterOfHub } from '../per-run';

/** Charts that ship node logs (the API server's audit log file among them) off the nodes. */
const LOG_SHIPPERS = /fluent-?bit|fluentd|vector|promtail|filebeat|logtail|ilogtail|logstash|alloy/i;
const CHANGE = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];
const READ = ['get', 'list', 'watch', '*'];

/**
 * MLPS3-38: the audit pipeline is protected from unauthorised interruption: each API server declares where its
 * audit records go (a log file shipped off the node, or a webhook), the collector runs in the management zone, and no
 * department can read or change the collector, its configuration or its credentials.
 */
export const auditPipelineProtected: ComplianceRule<'cluster'> = {
  id: 'MLPS3-38',
  name: 'The audit pipeline is protected from departments',
  nameZh: '审计进程保护',
  domain: RuleDomain.AUDIT,
  clauses: ['8.1.4.3 d'],
  severity: 'error',
  description:
    "Every cluster declares its API server's audit backend (controlPlane.audit: --audit-log-path, or an audit webhook); a log-file backend is shipped off the nodes by a log collector (Fluent Bit, Vector…) installed in a mgmt-zone namespace; and no department subject (built-in and aggregated roles expanded) may change or delete the collector's workloads, configuration or secrets, or read them, where it runs. The audit policy file and flags on the control plane are manual evidence.",
  remediation:
    'Declare controlPlane.audit (logPath or webhookUrl); install the log collector into a mgmt-zone namespace of the hub (gov-lz-system) from the hub registry; bind departments only in their own namespaces.',
  provisional:
    'A cluster that declares no audit backend, or a log-file backend without a collector in the configuration, is a warning until the observability layer installs the collector; a department that can reach the collector is an error.',
  subject: 'cluster',
  check: function auditPipelineProtected(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    const name = `cluster "${code}"`;
    const out: Violation[] = [];
    const audit = c.cluster.controlPlane?.audit;
    const collectors = onClusterOfHub(ctx, c, 'helm_release').filter((r) => LOG_SHIPPERS.test(`${r.body.chart ?? ''} ${r.body.name ?? ''}`));
    if (!audit || (!audit.logPath && !audit.webhookUrl)) {
      out.push({
        message: `${name} declares no audit backend for its API server, so where its audit records go, and who could stop them, is unknown`,
        fix: "declare controlPlane.audit: { logPath: '/var/log/kubernetes/audit/audit.log' } (shipped by a collector) or { webhookUrl: 'https://…' }",
        severity: 'warning',
      });
    } else if (audit.logPath && !audit.webhookUrl && collectors.length === 0) {
      out.push({
        message: `${name} writes its audit log to ${audit.logPath} on the control-plane nodes, and no log collector in the configuration ships it off them`,
        fix: 'install a log collector (e.g. Fluent Bit) into gov-lz-system that tails the audit log to the central sink, or send the records to an audit webhook',
        severity: 'warning',
      });
    }
    const namespaces = new Set<string>();
    for (const r of collectors) {
      const ns = String(r.body.namespace ?? 'default');
      namespaces.add(ns);
      if (ctx.zoneOf(code, ns) !== 'mgmt')
        out.push({
          message: `the log collector ${r.address} runs in namespace "${ns}", outside the management zone`,
          fix: 'install it into a mgmt-zone namespace of the hub (gov-lz-system)',
          resource: r,
        });
    }
    for (const b of namespaces.size === 0 ? [] : (bindingsByCluster(ctx).get(code) ?? [])) {
      if (b.tenants.length === 0 && !b.everyone) continue;
      if (b.namespace !== undefined && !namespaces.has(b.namespace)) continue;
      const where = b.namespace === undefined ? 'every namespace' : `namespace "${b.namespace}"`;
      const touch = [
        ['daemonsets', 'apps'],
        ['deployments', 'apps'],
        ['configmaps', ''],
        ['secrets', ''],
      ].filter(([res, g]) => allows(b, CHANGE, res, g) || (res === 'secrets' && allows(b, READ, res, g)));
      if (touch.length === 0) continue;
      out.push({
        message: `${b.resource.address} lets ${b.everyone ? 'every caller' : `department ${b.tenants.join(', ')}`} (${subjectList(b)}) ${touch.map(([res]) => res).join(', ')} in ${where}, where the audit log collector runs: it could stop or rewrite the audit trail`,
        fix: 'bind departments only in their own namespaces; the audit pipeline belongs to the platform',
        resource: b.resource,
      });
    }
    return out;
  },
};
