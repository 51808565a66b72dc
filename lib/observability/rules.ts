/**
 * The Prometheus rules of the landing zone, as plain objects: a department's alerts and utilisation recording rules
 * (one PrometheusRule in each of its namespaces) and the platform's alerts on a cluster (cluster down, offering
 * down). Every alert carries `layer` (platform / middleware / application) and `owner` (`hub` or the department code):
 * the inhibitions of alertmanager.ts match on them.
 */
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { HubNamespaces } from '../core/names';

/** Name of the PrometheusRule in a department's namespace. */
export const TENANT_RULE_NAME = 'gov-lz-department';
/** Name of the platform's PrometheusRule in gov-lz-system (excluded from namespace enforcement). */
export const PLATFORM_RULE_NAME = 'gov-lz-platform';
/** Alert names the inhibitions use. */
export const Alerts = {
  CLUSTER_DOWN: 'GovLzClusterDown',
  OFFERING_DOWN: 'GovLzOfferingDown',
  CRASH_LOOPING: 'GovLzPodCrashLooping',
  OOM_KILLED: 'GovLzPodOomKilled',
  PVC_ALMOST_FULL: 'GovLzPvcAlmostFull',
  QUOTA_SHORT: 'GovLzQuotaShort',
  QUOTA_IDLE: 'GovLzQuotaIdle',
  BURST_ACTIVE: 'GovLzBurstActive',
} as const;

/** Recording rules of utilisation (requested / used / quota per department and cluster; the cluster is an external label). */
export const Recorded = {
  QUOTA_USE: 'gov_lz:quota_use:ratio',
  CPU_REQUESTED: 'gov_lz:cpu_requested:cores',
  CPU_USED: 'gov_lz:cpu_used:cores',
  CPU_QUOTA: 'gov_lz:cpu_quota:cores',
  MEMORY_REQUESTED: 'gov_lz:memory_requested:bytes',
  MEMORY_USED: 'gov_lz:memory_used:bytes',
  MEMORY_QUOTA: 'gov_lz:memory_quota:bytes',
} as const;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: Array<Record<string, unknown>>;
}

/** The PrometheusRule groups of one department namespace. */
export function tenantRuleGroups(tenant: string, namespace: string, options: { burst: boolean }): RuleGroup[] {
  const ns = `namespace="${namespace}"`;
  const labels = (severity: string) => ({ severity, layer: 'application', owner: tenant });
  const alert = (name: string, expr: string, forDuration: string, severity: string, summary: string) => ({
    alert: name,
    expr,
    for: forDuration,
    labels: labels(severity),
    annotations: { summary, department: tenant },
  });
  const alerts = [
    alert(
      Alerts.CRASH_LOOPING,
      `max_over_time(kube_pod_container_status_waiting_reason{${ns},reason="CrashLoopBackOff"}[5m]) >= 1`,
      '15m',
      'warning',
      'Pod {{ $labels.pod }} ({{ $labels.container }}) is crash-looping',
    ),
    alert(
      Alerts.OOM_KILLED,
      `kube_pod_container_status_last_terminated_reason{${ns},reason="OOMKilled"} == 1 and on (namespace, pod, container) increase(kube_pod_container_status_restarts_total{${ns}}[10m]) > 0`,
      '0m',
      'warning',
      'Container {{ $labels.container }} of {{ $labels.pod }} was killed out of memory',
    ),
    alert(
      Alerts.PVC_ALMOST_FULL,
      `kubelet_volume_stats_used_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}} > 0.9`,
      '10m',
      'warning',
      'Volume {{ $labels.persistentvolumeclaim }} is over 90 % full',
    ),
    alert(Alerts.QUOTA_SHORT, `${Recorded.QUOTA_USE}{${ns}} > 0.9`, '15m', 'warning', '资源不足: {{ $labels.resource }} uses over 90 % of the quota'),
    alert(
      Alerts.QUOTA_IDLE,
      `max_over_time(${Recorded.QUOTA_USE}{${ns},resource=~"requests.cpu|requests.memory"}[7d]) < 0.2`,
      '1h',
      'info',
      '资源空闲: {{ $labels.resource }} has used under 20 % of the quota for 7 days',
    ),
  ];
  if (options.burst) {
    alerts.push(
      alert(
        Alerts.BURST_ACTIVE,
        `kube_horizontalpodautoscaler_status_current_replicas{${ns}} >= kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
        '5m',
        'info',
        'Autoscaler {{ $labels.horizontalpodautoscaler }} is at its maximum here: load overflows to the public burst cluster',
      ),
    );
  }
  const owner = { owner: tenant };
  const record = (name: string, expr: string) => ({ record: name, expr, labels: owner });
  return [
    {
      name: `gov-lz-${tenant}.utilisation`,
      rules: [
        record(Recorded.QUOTA_USE, `kube_resourcequota{${ns},type="used"} / ignoring(type) (kube_resourcequota{${ns},type="hard"} > 0)`),
        record(Recorded.CPU_REQUESTED, `sum by (namespace) (kube_pod_container_resource_requests{${ns},resource="cpu"})`),
        record(Recorded.CPU_USED, `sum by (namespace) (rate(container_cpu_usage_seconds_total{${ns},container!=""}[5m]))`),
        record(Recorded.CPU_QUOTA, `sum by (namespace) (kube_resourcequota{${ns},resource="requests.cpu",type="hard"})`),
        record(Recorded.MEMORY_REQUESTED, `sum by (namespace) (kube_pod_container_resource_requests{${ns},resource="memory"})`),
        record(Recorded.MEMORY_USED, `sum by (namespace) (container_memory_working_set_bytes{${ns},container!=""})`),
        record(Recorded.MEMORY_QUOTA, `sum by (namespace) (kube_resourcequota{${ns},resource="requests.memory",type="hard"})`),
      ],
    },
    { name: `gov-lz-${tenant}.alerts`, rules: alerts },
  ];
}

/** An offering on a cluster and the departments granted it there (those its outage affects). */
export interface OfferingOnCluster {
  readonly offering: string;
  readonly kind: string;
  readonly tenants: readonly string[];
}

/** The platform's rule groups on one cluster: the cluster down, each offering instance down (listing who is affected). */
export function platformRuleGroups(cluster: string, offerings: readonly OfferingOnCluster[]): RuleGroup[] {
  const platform = {
    alert: Alerts.CLUSTER_DOWN,
    // The in-cluster Prometheus no longer reaches the API server: every department alert here is a consequence.
    expr: 'absent(up{job="apiserver"} == 1)',
    for: '5m',
    labels: { severity: 'critical', layer: 'platform', owner: 'hub' },
    annotations: { summary: `Cluster ${cluster}: the API server is unreachable; department alerts on this cluster are inhibited` },
  };
  const middleware = offerings.map((o) => ({
    alert: Alerts.OFFERING_DOWN,
    expr: `absent(up{namespace="${HubNamespaces.MIDDLEWARE}",offering="${o.offering}"} == 1)`,
    for: '5m',
    labels: { severity: 'critical', layer: 'middleware', owner: 'hub', offering: o.offering },
    annotations: {
      summary: `${o.kind} offering ${o.offering} on ${cluster} is down`,
      affected: o.tenants.length ? o.tenants.join(', ') : 'no department',
    },
  }));
  return [{ name: 'gov-lz-platform', rules: [platform, ...middleware] }];
}

/** A PrometheusRule object. */
export function prometheusRule(name: string, namespace: string, groups: RuleGroup[], extraLabels: Record<string, string> = {}): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name, namespace, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, ...extraLabels } },
    spec: { groups },
  };
}

/** Metrics port of each middleware kind's pods. */
const METRICS_PORT: Record<string, string> = { postgresql: 'metrics', kafka: 'tcp-prometheus', redis: 'redis-exporter' };

/** The PodMonitor of an offering's instance pods (gov-lz-middleware): its series carry the `offering` label. */
export function offeringPodMonitor(offering: string, kind: string): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: `gov-lz-${offering}`, namespace: HubNamespaces.MIDDLEWARE, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.OFFERING]: offering } },
    spec: {
      selector: { matchLabels: { [Labels.OFFERING]: offering } },
      podMetricsEndpoints: [
        {
          port: METRICS_PORT[kind] ?? 'metrics',
          relabelings: [{ action: 'replace', sourceLabels: [`__meta_kubernetes_pod_label_${Labels.OFFERING.replace(/[^a-zA-Z0-9]/g, '_')}`], targetLabel: 'offering' }],
        },
      ],
    },
  };
}
