/**
 * The Kubernetes objects of one application on one placement, as plain manifests: the same objects go to Terraform
 * (`kubernetes_manifest`) and to the manifest bundle a department's deployer applies.
 */
import type { TenantPlacement } from '../core/contracts';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { HubNamespaces } from '../core/names';
import { cpuQuantity, miQuantity } from '../core/quantities';
import { apiTokenPodFields, apiTokenVolumeMount } from '../private/api-token';
import type { ApplicationProbe, GovApplicationSpec } from '../schema/application';
import type { PeakWindow } from './peaks';

/** A Kubernetes object. */
export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

/** One peak, resolved: its window and the replicas it asks of each kind of placement. */
export interface ResolvedPeak {
  readonly name: string;
  readonly window: PeakWindow;
  readonly timezone: string;
  readonly perHomeCluster: number;
  readonly burst: number;
}

/** Everything the objects of an application are made from, resolved and checked. */
export interface AppModel {
  readonly name: string;
  readonly tenant: string;
  readonly spec: GovApplicationSpec;
  /** `terraform`: the landing zone manages the objects (protected by admission); `manifests`: the department's deployer does. */
  readonly delivery: 'terraform' | 'manifests';
  readonly peaks: readonly ResolvedPeak[];
  /** How peaks are scheduled. */
  readonly scheduler: 'keda' | 'cronjob' | 'none';
  readonly gateway: { readonly namespace: string; readonly name: string };
  readonly scalerImage: string;
  /** Labels the monitoring stack selects by; undefined: no ServiceMonitor or rules (no operations layer). */
  readonly monitoring?: Readonly<Record<string, string>>;
  /** Replicas the autoscaler keeps between on a placement. */
  replicas(p: TenantPlacement): { min: number; max: number };
}

const portOf = (spec: GovApplicationSpec, name?: string): string => name ?? Object.keys(spec.ports)[0];

/** Labels on every object of the application. */
export function objectLabels(m: AppModel): Record<string, string> {
  return {
    ...(m.delivery === 'terraform' ? { [Labels.MANAGED_BY]: MANAGED_BY } : {}),
    [Labels.PART_OF]: PART_OF,
    [Labels.TENANT]: m.tenant,
    [Labels.NAME]: m.name,
  };
}

/** Labels of the pods, which the Service, the PDB and the ServiceMonitor select. */
export function podLabels(m: AppModel): Record<string, string> {
  return { [Labels.NAME]: m.name, [Labels.TENANT]: m.tenant };
}

function probe(p: ApplicationProbe, spec: GovApplicationSpec, startup: boolean): Record<string, unknown> {
  const port = portOf(spec, p.port);
  const action = p.exec ? { exec: { command: [...p.exec] } } : p.tcp || p.httpGet === undefined ? { tcpSocket: { port } } : { httpGet: { path: p.httpGet, port } };
  return { ...action, periodSeconds: p.periodSeconds ?? 10, failureThreshold: p.failureThreshold ?? (startup ? 30 : 3), timeoutSeconds: 2 };
}

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The Deployment: Pod Security restricted, Guaranteed resources, three probes, spread over zones and nodes. */
export function deployment(m: AppModel, p: TenantPlacement): Manifest {
  const s = m.spec;
  const labels = podLabels(m);
  const env = Object.entries(s.env ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const resources = { cpu: cpuQuantity(s.resources.cpu), memory: miQuantity(s.resources.memoryMi) };
  const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: {
      replicas: m.replicas(p).min,
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: m.name,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: m.name,
              image: s.image,
              ports: Object.entries(s.ports).map(([name, containerPort]) => ({ name, containerPort, protocol: 'TCP' })),
              ...(env.length > 0 ? { env } : {}),
              resources: { requests: resources, limits: resources },
              securityContext: restrictedContainer,
              readinessProbe: probe(s.probes.readiness, s, false),
              livenessProbe: probe(s.probes.liveness, s, false),
              startupProbe: probe(s.probes.startup ?? s.probes.readiness, s, s.probes.startup === undefined || s.probes.startup.failureThreshold === undefined),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

/** The workload's own identity (MLPS 8.1.4.1: no shared default account), with no token mounted. */
export function serviceAccount(m: AppModel, p: TenantPlacement): Manifest {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) }, automountServiceAccountToken: false };
}

/** The Service in front of the pods. */
export function service(m: AppModel, p: TenantPlacement): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: {
      type: 'ClusterIP',
      selector: podLabels(m),
      ports: Object.entries(m.spec.ports).map(([name, port]) => ({ name, port, targetPort: name, protocol: 'TCP' })),
    },
  };
}

/** At most one pod down at a time in a voluntary disruption (node drain, upgrade). */
export function disruptionBudget(m: AppModel, p: TenantPlacement): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: { maxUnavailable: 1, selector: { matchLabels: podLabels(m) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
}

const behavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 10, periodSeconds: 15 },
    ],
  },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 20, periodSeconds: 60 }] },
};

/** The HorizontalPodAutoscaler (manifest bundle; Terraform delivery uses BurstAutoscaler, the same figures). */
export function autoscaler(m: AppModel, p: TenantPlacement): Manifest {
  const { min, max } = m.replicas(p);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: m.name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior,
    },
  };
}

/** The peak calendar with KEDA: a ScaledObject (it owns the HPA) with the CPU target and one cron trigger per peak. */
export function scaledObject(m: AppModel, p: TenantPlacement, burst: boolean): Manifest {
  const { min, max } = m.replicas(p);
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: m.name },
      minReplicaCount: min,
      maxReplicaCount: max,
      advanced: { horizontalPodAutoscalerConfig: { name: m.name, behavior } },
      triggers: [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
        ...m.peaks
          .filter((k) => (burst ? k.burst : k.perHomeCluster) > 0)
          .map((k) => ({
            type: 'cron',
            name: k.name,
            metadata: { timezone: k.timezone, start: k.window.start, end: k.window.end, desiredReplicas: String(burst ? k.burst : k.perHomeCluster) },
          })),
      ],
    },
  };
}

/** Name of the account the platform's peak scaler runs as (in gov-lz-system, a platform identity). */
export const scalerAccount = (m: AppModel) => `${m.tenant}-${m.name}-peaks`;

/**
 * The peak calendar without KEDA: CronJobs in gov-lz-system raise the HPA's floor at the start of each peak and put
 * it back at the end, as a platform identity (the HPA is the landing zone's: admission refuses tenant identities).
 */
export function peakScaler(m: AppModel, p: TenantPlacement, burst: boolean): Manifest[] {
  const account = scalerAccount(m);
  const ns = HubNamespaces.SYSTEM;
  const { min } = m.replicas(p);
  const labels = { ...objectLabels(m), [Labels.MANAGED_BY]: MANAGED_BY };
  const peaks = m.peaks.filter((k) => (burst ? k.burst : k.perHomeCluster) > 0);
  if (peaks.length === 0) return [];
  const job = (name: string, schedule: string, timezone: string, floor: number): Manifest => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: ns, labels },
    spec: {
      schedule,
      timeZone: timezone,
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 6,
          template: {
            metadata: { labels: { [Labels.NAME]: `${m.name}-peaks`, [Labels.TENANT]: m.tenant } },
            spec: {
              serviceAccountName: account,
              // The API through a projected, short-lived token only (MLPS3-33): no automounted one.
              ...apiTokenPodFields(),
              restartPolicy: 'OnFailure',
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'scale',
                  image: m.scalerImage,
                  args: ['patch', 'horizontalpodautoscaler', m.name, '--namespace', p.namespace, '--type=merge', '--patch', JSON.stringify({ spec: { minReplicas: floor } })],
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                  securityContext: restrictedContainer,
                  volumeMounts: [apiTokenVolumeMount()],
                },
              ],
            },
          },
        },
      },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace: ns, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: account, namespace: p.namespace, labels },
      rules: [{ apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], resourceNames: [m.name], verbs: ['get', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: account, namespace: p.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    },
    ...peaks.flatMap((k) => [
      job(`${m.tenant}-${m.name}-${k.name}-up`, k.window.start, k.timezone, Math.max(min, burst ? k.burst : k.perHomeCluster)),
      job(`${m.tenant}-${m.name}-${k.name}-down`, k.window.end, k.timezone, min),
    ]),
  ];
}

/** The route on the hub gateway. */
export function httpRoute(m: AppModel, p: TenantPlacement): Manifest | undefined {
  const r = m.spec.route;
  if (!r) return undefined;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: m.name, namespace: p.namespace, labels: objectLabels(m) },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: m.gateway.namespace, name: m.gateway.name }],
      hostnames: [r.host],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: r.path ?? '/' } }], backendRefs: [{ group: '', kind: 'Service', name: m.name, port: m.spec.ports[portOf(m.spec, r.port)] }] }],
    },
  };
}

/** Where Prometheus scrapes the pods. */
export function serviceMonitor(m: AppModel, p: TenantPlacement): Manifest | undefined {
  if (!m.monitoring) return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: m.name, namespace: p.namespace, labels: { ...objectLabels(m), ...m.monitoring } },
    spec: {
      selector: { matchLabels: objectLabels(m) },
      endpoints: [{ port: portOf(m.spec, m.spec.metrics?.port), path: m.spec.metrics?.path ?? '/metrics', interval: '30s' }],
    },
  };
}

/** The burn-rate windows of the multi-window, multi-burn-rate alerts (the SRE workbook's table for a 30-day budget). */
export const BURN_RATES = [
  { severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor: 6 },
  { severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor: 1 },
] as const;

/** Names of the rule groups of an application. */
export const ruleGroups = (m: AppModel) => [`${m.name}-slo-burn-rate`, ...(m.spec.slo?.latencyMs !== undefined ? [`${m.name}-slo-latency`] : [])];

/** The SLO's burn-rate recording and alerting rules. */
export function sloRules(m: AppModel, p: TenantPlacement): Manifest | undefined {
  const slo = m.spec.slo;
  if (!m.monitoring || !slo) return undefined;
  const metric = slo.requestMetric ?? 'http_requests_total';
  const errors = slo.errorMatcher ?? 'code=~"5.."';
  const sel = `namespace="${p.namespace}",service="${m.name}"`;
  const budget = Number((1 - slo.availability / 100).toPrecision(6));
  const windows = [...new Set(BURN_RATES.flatMap((b) => [b.long, b.short]))];
  const record = (w: string) => `gov_lz:slo_errors_per_request:ratio_rate${w}`;
  const ruleLabels = { tenant: m.tenant, app: m.name };
  const groups: Array<Record<string, unknown>> = [
    {
      name: `${m.name}-slo-burn-rate`,
      rules: [
        ...windows.map((w) => ({
          record: record(w),
          expr: `sum(rate(${metric}{${sel},${errors}}[${w}])) / sum(rate(${metric}{${sel}}[${w}]))`,
          labels: ruleLabels,
        })),
        ...BURN_RATES.map((b) => ({
          alert: `${m.name}-slo-burn-${b.long}`,
          expr: `${record(b.long)}{tenant="${m.tenant}",app="${m.name}"} > (${b.factor} * ${budget}) and ${record(b.short)}{tenant="${m.tenant}",app="${m.name}"} > (${b.factor} * ${budget})`,
          for: b.severity === 'page' ? '2m' : '15m',
          labels: { ...ruleLabels, severity: b.severity },
          annotations: { summary: `${m.tenant}/${m.name} burns its ${slo.availability}% error budget ${b.factor}× too fast (${b.long} and ${b.short} windows)` },
        })),
      ],
    },
  ];
  if (slo.latencyMs !== undefined) {
    const hist = slo.latencyMetric ?? 'http_request_duration_seconds';
    groups.push({
      name: `${m.name}-slo-latency`,
      rules: [
        {
          alert: `${m.name}-slo-latency-p99`,
          expr: `histogram_quantile(0.99, sum by (le) (rate(${hist}_bucket{${sel}}[5m]))) > ${slo.latencyMs / 1000}`,
          for: '10m',
          labels: { ...ruleLabels, severity: 'ticket' },
          annotations: { summary: `${m.tenant}/${m.name} p99 latency above ${slo.latencyMs} ms` },
        },
      ],
    });
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: `${m.name}-slo`, namespace: p.namespace, labels: { ...objectLabels(m), ...m.monitoring } },
    spec: { groups },
  };
}
