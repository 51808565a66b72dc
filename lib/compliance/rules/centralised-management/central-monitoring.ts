import type { ClusterSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain } from '../../rule';
import { onHubCluster } from '../support';

const METRICS = /kube-prometheus-stack|prometheus|victoria-?metrics|arms|cms-agent/i;
const LOGS = /fluent-?bit|fluentd|vector|loki|promtail|filebeat|logtail|ilogtail|logstash/i;

/** MLPS3-27: every cluster is monitored centrally: metrics, logs shipped off the nodes, security alerts. */
export const centralMonitoring: ComplianceRule<'cluster'> = {
  id: 'MLPS3-27',
  name: 'Clusters are monitored centrally',
  nameZh: '集中监测与审计数据汇总',
  domain: RuleDomain.CENTRALISED_MANAGEMENT,
  clauses: ['8.1.5.4 c', '8.1.5.4 d', '8.1.5.4 f'],
  severity: 'warning',
  description:
    'Every cluster declares a metrics stack (e.g. kube-prometheus-stack), a log collector that ships container and audit logs to the central sink (e.g. Fluent Bit), and at least one PrometheusRule for alerting. Only presence is checked at synth.',
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
    if (missing.length === 0) return [];
    return {
      message: `cluster "${c.cluster.name}" declares no ${missing.join(', no ')}`,
      fix: 'install the monitoring and logging stack from the hub registry into gov-lz-system, with alerts for security events (RBAC changes, authentication failures, intrusion alerts)',
    };
  },
};
