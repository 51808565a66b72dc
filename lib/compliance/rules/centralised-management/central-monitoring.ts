import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain } from '../../rule';
import { chartName, helmValueAt, isOff } from '../helm-values';
import { onClusterOfHub } from '../per-run';

/** Charts (the chart, not the release name a user picks) that install a metrics stack, and those that ship logs. */
const METRICS = /^(kube-prometheus-stack|prometheus|victoria-metrics-k8s-stack|ack-arms-prometheus|cms-agent)$/;
const LOGS = /^(fluent-bit|fluentd|vector|promtail|filebeat|logtail|ilogtail|loongcollector|logstash|alloy)$/;

/** Why a metrics-stack install does not monitor and alert (empty when it does). */
function metricsGaps(ctx: RuleContext, r: ViewResource): string[] {
  if (chartName(r) !== 'kube-prometheus-stack') return [];
  const out: string[] = [];
  if (isOff(helmValueAt(ctx, r, ['prometheus', 'enabled']))) out.push('Prometheus turned off');
  if (isOff(helmValueAt(ctx, r, ['alertmanager', 'enabled']))) out.push('Alertmanager turned off');
  return out;
}

/** Whether a log collector is configured to send logs off the node (an output other than stdout or null). */
function shipsLogs(ctx: RuleContext, r: ViewResource): boolean {
  const chart = chartName(r);
  if (chart === 'fluent-bit') {
    const outputs = helmValueAt(ctx, r, ['config', 'outputs']);
    if (typeof outputs !== 'string') return false;
    const names = [...outputs.matchAll(/^\s*name\s+(\S+)/gim)].map((m) => m[1].toLowerCase());
    return names.some((n) => n !== 'stdout' && n !== 'null');
  }
  if (chart === 'vector') {
    const sinks = helmValueAt(ctx, r, ['customConfig', 'sinks']);
    return !!sinks && typeof sinks === 'object' && Object.values(sinks as Record<string, any>).some((x) => x && x.type !== 'console' && x.type !== 'blackhole');
  }
  return true;
}

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
    'Every cluster runs, judged by the chart installed and its values (not by release names): a metrics stack (kube-prometheus-stack with Prometheus and Alertmanager on, another metrics chart, or a Prometheus object), a log collector configured to ship logs off the node (Fluent Bit with an output other than stdout, Vector with a sink other than the console, or another collector chart), and at least one PrometheusRule for alerting; every department namespace on it has a PrometheusRule and an AlertmanagerConfig with a receiver (scraped and routed). That the central store receives, keeps and analyses them is manual evidence.',
  remediation:
    'Install on every cluster a metrics stack (e.g. kube-prometheus-stack), a log collector shipping container and audit logs to the central sink (e.g. Fluent Bit) and at least one PrometheusRule for security alerts, from the hub registry.',
  subject: 'cluster',
  check: function centralMonitoring(c: ClusterSubject, ctx: RuleContext) {
    const here = (kind: string) => onClusterOfHub(ctx, c, kind);
    const releases = here('helm_release');
    const metrics = releases.filter((r) => METRICS.test(chartName(r)));
    const logs = releases.filter((r) => LOGS.test(chartName(r)));
    const missing: string[] = [];
    if (!metrics.some((r) => metricsGaps(ctx, r).length === 0) && here('Prometheus').length === 0) {
      const why = metrics.flatMap((r) => metricsGaps(ctx, r).map((g) => `${r.address}: ${g}`));
      missing.push(why.length ? `working metrics stack (${why.join('; ')})` : 'metrics stack');
    }
    if (!logs.some((r) => shipsLogs(ctx, r))) missing.push(logs.length ? `log collector that ships off the node (${logs.map((r) => r.address).join(', ')} sends nowhere but stdout)` : 'log collector');
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
