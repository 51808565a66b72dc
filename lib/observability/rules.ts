/**
 * The Prometheus rules of the landing zone, as plain objects: a department's alerts and utilisation recording rules
 * (one PrometheusRule in each of its namespaces) and the platform's alerts on a cluster (cluster down, offering
 * down). Every alert carries `layer` (platform / middleware / application) and `owner` (`hub` or the department code):
 * the inhibitions of alertmanager.ts match on them.
 */
import type { OfferingMetricsEndpoint } from '../core/extension';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';

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
  /** Namespace of its instances. */
  readonly namespace: string;
  /** How its pods are scraped (the shelf publishes it); none: no monitor, no offering-down alert. */
  readonly metrics: readonly OfferingMetricsEndpoint[];
}

/**
 * The offering-down expression: the series that says the instance serves, of the offering's own pods (the monitor
 * gives them the `offering` label), absent or never 1 for 5 minutes. Undefined when no endpoint tells.
 */
export function offeringDownExpr(o: OfferingOnCluster): string | undefined {
  const up = o.metrics.find((m) => m.upSeries !== undefined);
  if (!up) return undefined;
  return `absent(${up.upSeries}{namespace="${o.namespace}",offering="${o.offering}",part="${up.part}"} == 1)`;
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
  const middleware = offerings
    .flatMap((o) => {
      const expr = offeringDownExpr(o);
      return expr ? [{ o, expr }] : [];
    })
    .map(({ o, expr }) => ({
      alert: Alerts.OFFERING_DOWN,
      expr,
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

/** Name of the monitor of an offering's part: `gov-lz-<offering>-<part>`. */
export function monitorName(offering: string, part: string): string {
  return `gov-lz-${offering}-${part}`;
}

/**
 * The PodMonitors of an offering's instance on a cluster, one per metrics endpoint: the pods selected by the labels
 * their operator gives them, every series labelled `offering` and `part` (what the offering-down alert and the inhibitions match).
 */
export function offeringPodMonitors(o: OfferingOnCluster): Array<Record<string, unknown>> {
  return o.metrics.map((m) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: monitorName(o.offering, m.part), namespace: o.namespace, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.OFFERING]: o.offering } },
    spec: {
      selector: { matchLabels: { ...m.podLabels } },
      podMetricsEndpoints: [
        {
          port: m.port,
          path: m.path ?? '/metrics',
          relabelings: [
            { action: 'replace', targetLabel: 'offering', replacement: o.offering },
            { action: 'replace', targetLabel: 'part', replacement: m.part },
          ],
        },
      ],
    },
  }));
}
