/**
 * Local chart folders for the end-to-end suite. Production pulls the operator charts from the hub registry
 * (`oci://<registry>/charts`); the planes here cannot download anything, so the e2e points the hub's
 * `charts.repository` at `file://<folder>` with one unpacked chart per operator, named and versioned as the pinned
 * upstream chart, carrying the upstream CRDs at the pinned versions (test/fixtures/upstream/) and, where upstream
 * publishes them, the chart's own values.schema.json and default values.yaml, so that helm validates the library's
 * values as it would in production. The charts have no templates but the objects the landing zone refers to (the Grafana admin secret): the operators' Deployments would never run on planes without nodes, and
 * their webhooks would then refuse every custom resource.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GATEWAY_API_CHART, KEDA_CHART } from '../../lib/application/platform';
import { YURT_MANAGER_CHART } from '../../lib/edge/edge-zones';
import { MiddlewareOperators } from '../../lib/middleware/operators';
import { KUBE_PROMETHEUS_STACK } from '../../lib/observability/chart';

const UPSTREAM = path.join(__dirname, '..', 'fixtures', 'upstream');

interface LocalChart {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  /** Files under test/fixtures/upstream/. */
  readonly crds: readonly string[];
  readonly valuesSchema?: string;
  /** The chart's default values (the schema is checked against them merged with the library's). */
  readonly values?: string;
  /** Templates of objects the real chart creates that the landing zone refers to, by file name. */
  readonly templates?: Readonly<Record<string, string>>;
}

/**
 * The Grafana admin secret kube-prometheus-stack's grafana subchart creates (name `<release>-grafana`, keys
 * `admin-user` and `admin-password`, the password kept across upgrades by a lookup, as the grafana chart does): the
 * Grafana folder permissions job of the observability feature reads it.
 */
const GRAFANA_ADMIN_SECRET = [
  '{{- $name := printf "%s-grafana" .Release.Name }}',
  '{{- $existing := lookup "v1" "Secret" .Release.Namespace $name }}',
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: {{ $name }}',
  '  namespace: {{ .Release.Namespace }}',
  'type: Opaque',
  'data:',
  '  admin-user: {{ "admin" | b64enc }}',
  '  admin-password: {{ if $existing }}{{ index $existing.data "admin-password" }}{{ else }}{{ randAlphaNum 40 | b64enc }}{{ end }}',
  '',
].join('\n');

/** Velero's chart as the recovery layer pins it (VELERO_CHART_VERSION). */
const VELERO = { chart: 'velero', version: '12.1.0', appVersion: '1.18.1' };

export const LOCAL_CHARTS: readonly LocalChart[] = [
  {
    name: MiddlewareOperators.CLOUDNATIVE_PG.chart,
    version: MiddlewareOperators.CLOUDNATIVE_PG.version,
    appVersion: MiddlewareOperators.CLOUDNATIVE_PG.appVersion,
    crds: ['clusters', 'databases', 'poolers', 'scheduledbackups'].map((k) => `cloudnative-pg/postgresql.cnpg.io_${k}.yaml`),
    valuesSchema: 'cloudnative-pg/values.schema.json',
    values: 'cloudnative-pg/values.yaml',
  },
  {
    name: MiddlewareOperators.STRIMZI.chart,
    version: MiddlewareOperators.STRIMZI.version,
    appVersion: MiddlewareOperators.STRIMZI.appVersion,
    crds: ['040-Crd-kafka.yaml', '043-Crd-kafkatopic.yaml', '044-Crd-kafkauser.yaml', '045-Crd-kafkanodepool.yaml'].map((f) => `strimzi/${f}`),
  },
  {
    name: MiddlewareOperators.REDIS.chart,
    version: MiddlewareOperators.REDIS.version,
    appVersion: MiddlewareOperators.REDIS.appVersion,
    crds: ['redisreplications', 'redissentinels'].map((k) => `redis-operator/redis.redis.opstreelabs.in_${k}.yaml`),
  },
  // The hub's gateway install (Gateway API standard channel CRDs) and KEDA, as ApplicationPlatform installs them on
  // every cluster's platform stack: HTTPRoutes and ScaledObjects of the demo's applications need their CRDs.
  {
    name: GATEWAY_API_CHART.chart,
    version: GATEWAY_API_CHART.version,
    appVersion: `v${GATEWAY_API_CHART.version}`,
    crds: ['gateways', 'httproutes', 'referencegrants'].map((k) => `gateway-api/gateway.networking.k8s.io_${k}.yaml`),
  },
  {
    name: KEDA_CHART.chart,
    version: KEDA_CHART.version,
    appVersion: KEDA_CHART.version,
    crds: ['keda/keda.sh_scaledobjects.yaml'],
  },
  {
    name: VELERO.chart,
    version: VELERO.version,
    appVersion: VELERO.appVersion,
    crds: ['velero/schedules.yaml', 'velero/backupstoragelocations.yaml', 'velero/restores.yaml'],
    valuesSchema: 'velero/values.schema.json',
    values: 'velero/values.yaml',
  },
  {
    // The monitoring stack (observability): the prometheus-operator CRDs, so that the PrometheusRule, PodMonitor and
    // AlertmanagerConfig objects of the hub and tenant stacks are accepted by the live API server.
    name: KUBE_PROMETHEUS_STACK.chart,
    version: KUBE_PROMETHEUS_STACK.version,
    appVersion: KUBE_PROMETHEUS_STACK.appVersion,
    crds: ['alertmanagerconfigs', 'podmonitors', 'prometheusrules', 'servicemonitors'].map((k) => `prometheus-operator/monitoring.coreos.com_${k}.yaml`),
    values: 'kube-prometheus-stack/values.yaml',
    templates: { 'grafana-secret.yaml': GRAFANA_ADMIN_SECRET },
  },
  {
    // County edge zones: yurt-manager brings the NodePool CRD (OpenYurt's controllers do not run here).
    name: YURT_MANAGER_CHART.chart,
    version: YURT_MANAGER_CHART.version,
    appVersion: YURT_MANAGER_CHART.appVersion,
    crds: ['openyurt/apps.openyurt.io_nodepools.yaml'],
  },
];

/** Writes the local charts under `dir` and returns the `file://` repository to give the hub. */
export function writeLocalCharts(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const c of LOCAL_CHARTS) {
    const base = path.join(dir, c.name);
    fs.mkdirSync(path.join(base, 'crds'), { recursive: true });
    fs.mkdirSync(path.join(base, 'templates'), { recursive: true });
    fs.writeFileSync(
      path.join(base, 'Chart.yaml'),
      [
        'apiVersion: v2',
        `name: ${c.name}`,
        `version: ${c.version}`,
        `appVersion: "${c.appVersion}"`,
        `description: CRDs of ${c.name} ${c.version} (upstream, verbatim) for the gov-lz end-to-end suite; the operator does not run on control planes without nodes`,
        'type: application',
        '',
      ].join('\n'),
    );
    for (const crd of c.crds) {
      const src = path.join(UPSTREAM, crd);
      if (!fs.existsSync(src)) throw new Error(`${src} is missing: the upstream CRDs are vendored in test/fixtures/upstream (see its SOURCES.md)`);
      fs.copyFileSync(src, path.join(base, 'crds', path.basename(crd)));
    }
    for (const [file, text] of Object.entries(c.templates ?? {})) fs.writeFileSync(path.join(base, 'templates', file), text);
    if (c.valuesSchema) fs.copyFileSync(path.join(UPSTREAM, c.valuesSchema), path.join(base, 'values.schema.json'));
    if (c.values) fs.copyFileSync(path.join(UPSTREAM, c.values), path.join(base, 'values.yaml'));
    else fs.writeFileSync(path.join(base, 'values.yaml'), '{}\n');
  }
  return `file://${dir}`;
}
