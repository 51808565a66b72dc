/**
 * Renders the Helm releases of a synthesized output folder, so that the compliance pack's workload and RBAC rules see
 * the objects inside the charts (`renderedCharts`, lib/compliance/rendered-charts.ts). Synth never runs this: it only
 * reads what this writes.
 *
 *   npx cdktf synth && npm run charts:render -- [--out cdktf.out] [--charts examples/province/rendered-charts] [--helm <path to helm>] [--kubectl <path>]
 *
 * For each helm_release of `<out>/stacks/<stack>/cdk.tf.json` it looks the chart up in CHART_SOURCES and templates it
 * with `helm template` (helm built by test/e2e/tools.sh from helm.sh/helm/v3, the major version terraform-provider-helm
 * embeds) with the release's name, namespace, values and `set` entries, for Kubernetes KUBE_VERSION, without the
 * chart's test hooks. The machines reach no chart repository: the operator charts are vendored verbatim at their
 * pinned versions under test/fixtures/charts/ (scripts/vendor-charts.sh, SOURCES.md there); yurt-manager's chart and
 * the Gateway API CRDs come from their Go modules (`go mod download` into the tool cache). CRDs are left out of the
 * output (no rule reads them), Secret values and `checksum/…` annotations are blanked (random per render, and no
 * credential is written), so the same releases always give the same folder: the demo commits it
 * (examples/province/rendered-charts) and test/examples.test.ts fails when it is stale. A chart with no known source,
 * or whose values hold Terraform expressions, is written to the index as not rendered, with the reason; the reports
 * then list it and the items the chart rules cite stay 未检查 or 部分符合.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  chartName,
  manifestsText,
  parseManifests,
  RenderedObject,
  RENDERED_CHARTS_SCHEMA_VERSION,
  releaseDigest,
  RenderCoverage,
  RenderedChartsIndex,
  RenderedReleaseEntry,
} from '../lib/compliance/rendered-charts';

/** An upstream chart vendored verbatim under test/fixtures/charts/ (test/fixtures/charts/SOURCES.md), templated with the release's values. */
export interface VendoredChartSource {
  readonly chart: string;
  readonly version: string;
  readonly kind: 'vendored';
  /** The chart's folder under test/fixtures/charts/ (dependencies in its charts/ folder, as helm expects). */
  readonly folder: string;
  /** Where the files were copied from: the git repository, the commit, the chart's folder in it. */
  readonly upstream: { readonly repository: string; readonly commit: string; readonly path: string };
  readonly coverage: RenderCoverage;
  /** What the render leaves out, or how it differs from the release. */
  readonly note?: string;
}

/** Where a chart's objects can be had from a Go module. */
export interface ChartModuleSource {
  readonly chart: string;
  readonly version: string;
  /**
   * `chart`: a Helm chart folder, templated with the release's values; `manifest`: YAML applied as it is;
   * `kustomize`: a kustomization folder, built with `kubectl kustomize` (kubectl from test/e2e/tools.sh).
   */
  readonly kind: 'chart' | 'manifest' | 'kustomize';
  readonly module: string;
  readonly moduleVersion: string;
  /** Folder (chart) or file or folder of YAML files (manifest) inside the module. */
  readonly path: string;
  readonly coverage: RenderCoverage;
  /** For manifests: the namespace upstream installs into, moved into the release's namespace. */
  readonly upstreamNamespace?: string;
  /** What the render leaves out, or how it differs from the release. */
  readonly note?: string;
}

/** A chart whose sources cannot be had here, and why. */
export interface ChartUnavailable {
  readonly chart: string;
  readonly version: string;
  readonly reason: string;
}

/** The vendored upstream charts (scripts/vendor-charts.sh copies them; test/fixtures/charts/SOURCES.md lists what was left out). */
export const VENDORED_CHARTS = path.join(__dirname, '..', 'test', 'fixtures', 'charts');

/**
 * The Kubernetes version the charts are templated for (`helm template --kube-version`): the version of the local
 * control planes (test/e2e/tools.sh KUBERNETES_VERSION). Charts choose API versions and fields by it; without it helm
 * would use the version of its own client libraries, which changes with helm.
 */
export const KUBE_VERSION = '1.34.4';

/**
 * Every chart the library installs, at its pinned version, with where its objects come from. The operator charts are
 * vendored (the machines reach no chart repository); the Gateway API CRD chart installs CRDs only, which no rule reads,
 * so its Go module stays the source; yurt-manager's chart ships inside its Go module.
 */
export const CHART_SOURCES: ReadonlyArray<VendoredChartSource | ChartModuleSource | ChartUnavailable> = [
  {
    chart: 'yurt-manager',
    version: '1.7.0',
    kind: 'chart',
    module: 'github.com/openyurtio/openyurt',
    moduleVersion: 'v1.7.0',
    path: 'charts/yurt-manager',
    coverage: 'chart',
  },
  {
    chart: 'cloudnative-pg',
    version: '0.29.0',
    kind: 'vendored',
    folder: 'cloudnative-pg-0.29.0',
    upstream: { repository: 'github.com/cloudnative-pg/charts', commit: 'd1b5ad60cee2d9432a9cc05627b42a8d8dc7bbae', path: 'charts/cloudnative-pg' },
    coverage: 'chart',
    note: 'CRDs left out of the vendored chart (templates/crds): no rule reads them',
  },
  {
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    kind: 'vendored',
    folder: 'kube-prometheus-stack-88.5.3',
    upstream: { repository: 'github.com/prometheus-community/helm-charts', commit: 'ea930baeebeba39f56d6b44e351f23b2a072a600', path: 'charts/kube-prometheus-stack' },
    coverage: 'chart',
    note: 'with its dependencies kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1, prometheus-windows-exporter 0.12.8 and grafana 12.11.1; CRDs left out (charts/crds/crds)',
  },
  {
    chart: 'gateway-api-crds',
    version: '1.6.1',
    kind: 'manifest',
    module: 'sigs.k8s.io/gateway-api',
    moduleVersion: 'v1.6.1',
    path: 'config/crd/standard',
    coverage: 'release-manifest',
    note: 'the chart carries the standard-channel CRDs only (left out: no rule reads them): no workload and no RBAC object',
  },
  {
    chart: 'keda',
    version: '2.20.2',
    kind: 'vendored',
    folder: 'keda-2.20.2',
    upstream: { repository: 'github.com/kedacore/charts', commit: 'cbb9bb8ce0809dc9048f72302f7c09765d66ed56', path: 'keda' },
    coverage: 'chart',
    note: 'CRDs left out of the vendored chart (templates/crds): no rule reads them',
  },
  {
    chart: 'strimzi-kafka-operator',
    version: '1.2.0',
    kind: 'vendored',
    folder: 'strimzi-kafka-operator-1.2.0',
    upstream: { repository: 'github.com/strimzi/strimzi-kafka-operator', commit: '6c7b43c4af0db547c10463ba09d1dfa6f5e156a0', path: 'helm-charts/helm3/strimzi-kafka-operator' },
    coverage: 'chart',
  },
  {
    chart: 'redis-operator',
    version: '0.26.1',
    kind: 'vendored',
    folder: 'redis-operator-0.26.1',
    upstream: { repository: 'github.com/OT-CONTAINER-KIT/redis-operator', commit: '0bc34813ac968663d42e48c31436314cb173bd1f', path: 'charts/redis-operator' },
    coverage: 'chart',
  },
  {
    chart: 'velero',
    version: '12.1.0',
    kind: 'vendored',
    folder: 'velero-12.1.0',
    upstream: { repository: 'github.com/vmware-tanzu/helm-charts', commit: '84dd2c080519168bae69541f3c4c3fa6b2596da9', path: 'charts/velero' },
    coverage: 'chart',
  },
];

/** Kinds that live outside namespaces (helm leaves the namespace of namespaced objects to the install). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'GatewayClass',
]);

export interface RenderOptions {
  /** The synth output folder (cdktf.out). */
  readonly out: string;
  /** The folder to write (emptied first). */
  readonly charts: string;
  /** helm. */
  readonly helm: string;
  /** GOMODCACHE for the chart sources that are Go modules. */
  readonly moduleCache: string;
  /** The vendored charts. @default VENDORED_CHARTS */
  readonly vendored?: string;
  /** kubectl, for the sources that are kustomizations; without it they are not rendered. @default - none */
  readonly kubectl?: string;
  readonly log?: (s: string) => void;
}

/** Renders every helm_release of `out` into `charts`; returns the index written. */
export function renderCharts(o: RenderOptions): RenderedChartsIndex {
  const log = o.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const stacksDir = path.join(o.out, 'stacks');
  if (!fs.existsSync(stacksDir)) throw new Error(`${stacksDir} does not exist: run npx cdktf synth first`);
  fs.rmSync(o.charts, { recursive: true, force: true });
  fs.mkdirSync(o.charts, { recursive: true });
  const helmVersion = execFileSync(o.helm, ['version', '--short'], { encoding: 'utf8' }).trim();
  const modules = new Map<string, string>();
  const releases: RenderedReleaseEntry[] = [];
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [name, raw] of Object.entries<Record<string, any>>(tf.resource?.helm_release ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const address = `helm_release.${name}`;
      const expression = /(^|[^$])\$\{|(^|[^%])%\{/.test(JSON.stringify(raw));
      const body = unescapeTemplates(raw) as Record<string, any>;
      const chart = chartName(body.chart);
      const version = String(body.version ?? '');
      const namespace = String(body.namespace ?? 'default');
      const base = { stack, address, chart, version, namespace, digest: releaseDigest(body) };
      const src = CHART_SOURCES.find((s) => s.chart === chart && s.version === version);
      const skip = (reason: string) => {
        log(`charts:render: ${stack} ${address}: not rendered: ${reason}`);
        releases.push({ ...base, status: 'not-rendered', reason });
      };
      if (!src) {
        skip(`no source is known for chart ${chart} ${version} (scripts/render-charts.ts CHART_SOURCES)`);
        continue;
      }
      if ('reason' in src) {
        skip(src.reason);
        continue;
      }
      if (expression) {
        skip('its values hold Terraform expressions, known only at apply time');
        continue;
      }
      let docs: RenderedObject[];
      let source: { module: string; version: string; path: string };
      let upstreamNamespace: string | undefined;
      if (src.kind === 'vendored') {
        docs = helmTemplate(o.helm, path.join(o.vendored ?? VENDORED_CHARTS, src.folder), body);
        source = { module: src.upstream.repository, version: src.upstream.commit, path: src.upstream.path };
      } else {
        const key = `${src.module}@${src.moduleVersion}`;
        let dir = modules.get(key);
        if (!dir) {
          dir = moduleDir(key, o.moduleCache);
          modules.set(key, dir);
        }
        if (src.kind === 'kustomize' && !o.kubectl) {
          skip(`${key}/${src.path} is a kustomization: give charts:render --kubectl (npm run e2e:tools builds one)`);
          continue;
        }
        docs = src.kind === 'chart' ? helmTemplate(o.helm, path.join(dir, src.path), body) : src.kind === 'kustomize' ? kustomizeDocs(o.kubectl!, dir, src) : manifestDocs(dir, src);
        source = { module: src.module, version: src.moduleVersion, path: src.path };
        upstreamNamespace = src.upstreamNamespace;
      }
      // CRDs are schemas, not workloads or grants: no rule reads them, and they are most of a chart's bytes.
      const objects = docs.filter((d) => d.object.kind !== 'CustomResourceDefinition');
      for (const d of objects) {
        placeInNamespace(d.object, namespace, upstreamNamespace);
        redact(d.object);
      }
      const out = path.join(stack, `${name}.yaml`);
      fs.mkdirSync(path.join(o.charts, stack), { recursive: true });
      fs.writeFileSync(path.join(o.charts, out), manifestsText(objects));
      log(`charts:render: ${stack} ${address}: ${objects.length} objects from ${source.module}@${source.version}/${source.path} (${src.coverage})`);
      releases.push({
        ...base,
        status: 'rendered',
        coverage: src.coverage,
        source,
        file: out,
        ...(src.note ? { reason: src.note } : {}),
      });
    }
  }
  const index: RenderedChartsIndex = { schemaVersion: RENDERED_CHARTS_SCHEMA_VERSION, renderer: `helm ${helmVersion}`, releases };
  fs.writeFileSync(path.join(o.charts, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

/** Undoes the Terraform JSON escaping of literal text (`$${` → `${`, `%%{` → `%{`). */
function unescapeTemplates(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (Array.isArray(v)) return v.map(unescapeTemplates);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescapeTemplates(x)]));
  return v;
}

/** Downloads a module through the Go module proxy into `cache`; returns its folder. */
function moduleDir(moduleAtVersion: string, cache: string): string {
  const json = execFileSync(goBinary(), ['mod', 'download', '-json', moduleAtVersion], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, GOMODCACHE: cache, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GO111MODULE: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const info = JSON.parse(json) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${moduleAtVersion}: ${info.Error ?? 'no folder'}`);
  return info.Dir;
}

/** go on the PATH, else where tools.sh looks for it (/usr/local/go/bin/go); undefined when there is none. */
export function goBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'go'))) return path.join(dir, 'go');
  if (fs.existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('go is not installed: install Go 1.26 at /usr/local/go (https://go.dev/dl/); the chart sources come from Go modules');
}

/** `helm template` of a chart folder with the release's name, namespace, values and set entries. */
function helmTemplate(helm: string, chartDir: string, body: Record<string, any>): Array<{ source: string; object: Record<string, any> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-values-'));
  try {
    // --skip-tests: helm_release installs a chart as `helm install` does, and that never creates the chart's test hooks.
    const args = ['template', String(body.name), chartDir, '--namespace', String(body.namespace ?? 'default'), '--kube-version', KUBE_VERSION, '--skip-tests'];
    for (const [i, text] of asArray(body.values).entries()) {
      const f = path.join(tmp, `values-${i}.yaml`);
      fs.writeFileSync(f, String(text));
      args.push('--values', f);
    }
    for (const s of asArray(body.set)) {
      const flag = s?.type === 'string' ? '--set-string' : s?.type === 'literal' ? '--set-literal' : '--set';
      args.push(flag, `${s.name}=${s.value}`);
    }
    for (const s of asArray(body.set_list)) args.push('--set', `${s.name}={${asArray(s.value).join(',')}}`);
    const text = execFileSync(helm, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
    return parseManifests(text, path.basename(chartDir));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The objects of a manifest file, or of every YAML file of a folder, each with its path in the module. */
function manifestDocs(dir: string, src: ChartModuleSource): Array<{ source: string; object: Record<string, any> }> {
  const full = path.join(dir, src.path);
  const files = fs.statSync(full).isDirectory()
    ? fs
        .readdirSync(full)
        .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
        .sort()
        .map((f) => path.join(src.path, f))
    : [src.path];
  const out: Array<{ source: string; object: Record<string, any> }> = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const object = doc.toJS();
      // The release's namespace is the landing zone's; upstream's own Namespace object is not installed.
      if (object && typeof object.kind === 'string' && object.kind !== 'Namespace') out.push({ source: `${src.module}@${src.moduleVersion}/${f}`, object });
    }
  }
  return out;
}

/** The objects `kubectl kustomize` builds from a kustomization folder of the module. */
function kustomizeDocs(kubectl: string, dir: string, src: ChartModuleSource): Array<{ source: string; object: Record<string, any> }> {
  const text = execFileSync(kubectl, ['kustomize', path.join(dir, src.path)], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  const source = `${src.module}@${src.moduleVersion}/${src.path}`;
  return parseManifests(text, source).filter((d) => d.object.kind !== 'Namespace');
}

/** Puts a namespaced object, and references to upstream's namespace, into the release's namespace. */
function placeInNamespace(obj: Record<string, any>, namespace: string, upstream: string | undefined): void {
  const md = (obj.metadata ??= {});
  if (!CLUSTER_SCOPED.has(obj.kind) && (md.namespace === undefined || md.namespace === upstream)) md.namespace = namespace;
  if (upstream === undefined) return;
  for (const s of asArray(obj.subjects)) if (s?.namespace === upstream) s.namespace = namespace;
  for (const w of asArray(obj.webhooks)) if (w?.clientConfig?.service?.namespace === upstream) w.clientConfig.service.namespace = namespace;
  if (obj.kind === 'APIService' && obj.spec?.service?.namespace === upstream) obj.spec.service.namespace = namespace;
}

/**
 * Blanks what a chart generates at random (a Grafana admin password, a webhook certificate) or derives from it: the
 * values of a Secret's data and stringData (the keys stay) and the `checksum/…` annotations of pod templates. The
 * folder is committed and must be the same on every render; no rule reads those values, and no credential is written.
 */
export function redact(obj: Record<string, any>): void {
  if (obj.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const m = obj[field];
      if (m && typeof m === 'object') for (const k of Object.keys(m)) m[k] = '';
    }
  }
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'annotations' && x && typeof x === 'object') for (const a of Object.keys(x)) if (a.startsWith('checksum/')) (x as Record<string, string>)[a] = 'redacted';
        visit(x);
      }
    }
  };
  visit(obj.spec);
}

function asArray(x: unknown): any[] {
  return Array.isArray(x) ? x : x === undefined || x === null ? [] : [x];
}

/** The helm test/e2e/tools.sh builds (a no-op when cached). */
export function helmFromTools(): string {
  const out = execFileSync('bash', [path.join(__dirname, '..', 'test', 'e2e', 'tools.sh'), 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = /^HELM=(.+)$/m.exec(out);
  if (!m) throw new Error('test/e2e/tools.sh helm printed no HELM= line');
  return m[1];
}

/** The tool cache test/e2e/tools.sh uses. */
export function toolsCache(): string {
  return process.env.GOV_LZ_TOOLS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'gov-lz-tools');
}

/** Where the demo province reads its charts from (examples/province/province.ts DEMO_RENDERED_CHARTS): the default output. */
const DEMO_CHARTS = path.join('examples', 'province', 'rendered-charts');

function main(argv: string[]): void {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const options = ['--out', '--charts', '--helm', '--kubectl'];
  const unknown = argv.filter((a, i) => a.startsWith('--') && !options.includes(a) && !options.includes(argv[i - 1]));
  if (unknown.length > 0)
    throw new Error(`unknown option ${unknown.join(', ')}: npm run charts:render -- [--out cdktf.out] [--charts examples/province/rendered-charts] [--helm <path>] [--kubectl <path>]`);
  const index = renderCharts({
    out: arg('out', 'cdktf.out'),
    charts: arg('charts', DEMO_CHARTS),
    helm: arg('helm', '') || helmFromTools(),
    moduleCache: path.join(toolsCache(), 'chart-sources'),
    kubectl: arg('kubectl', process.env.KUBECTL ?? '') || undefined,
  });
  const rendered = index.releases.filter((r) => r.status === 'rendered').length;
  process.stdout.write(
    `${rendered} of ${index.releases.length} Helm releases rendered into ${arg('charts', DEMO_CHARTS)} (${index.renderer}); give the pack renderedCharts: '${arg('charts', DEMO_CHARTS)}'\n`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`charts:render: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
