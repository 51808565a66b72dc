import type { ClusterSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain } from '../../rule';
import { onHubCluster } from '../support';

const METRICS = /kube-prometheus-stack|prometheus|victoria-?metrics|arms|cms-agent/i;
const LOGS = /fluent-?bit|fluentd|vector|loki|promtail|filebeat|logtail|ilogtail|logstash/i;

/**
 * MLPS3-27: every cluster is monitored centrally: metrics, logs shipped off the nodes, security alerts; and every
 * department namespace on it is covered: rules evaluated in it (a PrometheusRule) and its alerts routed to someone
 * (an AlertmanagerConfig with a receiver), as the hub's observability lays down.
 */
export const centralMonitoring: ComplianceRule<'cluster'> = {
  id: 'MLPS3-27',
  name: 'Clusters are monitored centrally',
  nameZh: '集中监测与审计数据汇总',
  domain: RuleDomain.CENTRALISED_MANAGEMENT,
  clauses: ['8.1.5.4 c', '8.1.5.4 d', '8.1.5.4 f'],
  severity: 'warning',
  description:
    'Every cluster declares a metrics stack (e.g. kube-prometheus-stack), a log collector that ships container and audit logs to the central sink (e.g. Fluent Bit), and at least one PrometheusRule for alerting; every department namespace on it has a PrometheusRule and an AlertmanagerConfig with a receiver (scraped and routed). Only presence is checked at synth.',
  remediation:
    'Install on every cluster a metrics stack (e.g. kube-prometheus-stack), a log collector shipping container and audit logs to the central sink (e.g. Fluent Bit) and at least one PrometheusRule for security alerts, from the hub registry.',
  subject: 'cluster',
  check: function centralMonitoring(c: ClusterSubject, ctx: RuleContext) {
    const here = (kind: string) => onHubCluster(ctx, c, kind);
    const charts = here('helm_release').map((r) => `${r.body.chart ?? ''} ${r.body.name ?? ''}`);
    const missing: string[] = [];
    if (!charts.some((x) => METRICS.test(x)) && here('Prometheus').length === 0) missing.push('metrics stack');
    if (!charts.some((x) => LOGS.test(x))) missing.push('log collector');
    if (here('PrometheusRule').length === 0) missing.push('alerting rules (PrometheusRule)');
    // Every department namespace here: rules evaluated in it, and its alerts routed to a receiver.
    const unwatched: string[] = [];
    const unrouted: string[] = [];
    for (const t of ctx.tenants) {
      if (!ctx.namespace(c.cluster.name, t.namespace)) continue;
      const inside = ctx.inNamespace(c.cluster.name, t.namespace);
      if (!inside.some((r) => r.kind === 'PrometheusRule')) unwatched.push(t.namespace);
      if (!inside.some((r) => r.kind === 'AlertmanagerConfig' && ((r.object?.spec as { receivers?: unknown[] } | undefined)?.receivers ?? []).length > 0)) unrouted.push(t.namespace);
    }
    const list = (ns: string[]) => `${ns.slice(0, 5).join(', ')}${ns.length > 5 ? ` and ${ns.length - 5} more` : ''}`;
    if (unwatched.length) missing.push(`alerting rules in the department namespaces ${list(unwatched)}`);
    if (unrouted.length) missing.push(`alert routing (AlertmanagerConfig) in the department namespaces ${list(unrouted)}`);
    if (missing.length === 0) return [];
    return {
      message: `cluster "${c.cluster.name}" declares no ${missing.join(', no ')}`,
      fix: "turn on the hub's observability (kube-prometheus-stack, department rules and routing; give observability.receivers or each tenant alerting.receivers) and install a log collector from the hub registry into gov-lz-system, with alerts for security events (RBAC changes, authentication failures, intrusion alerts)",
    };
  },
};
