/**
 * Helm charts rendered outside synth (renderedCharts): the objects of a rendered release reach the workload and RBAC
 * rules as resources of that release; a release not rendered (or changed since) is listed, and keeps the items those
 * rules cite from 不适用 and 符合. The rendered release is the real `helm template` output of yurt-manager 1.7.0, cut
 * down (test/fixtures/rendered-charts/SOURCES.md).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parse, parseAllDocuments } from 'yaml';
import { MlpsLevel3Checks, ProvinceHub } from '../../lib';
import { chartName, manifestsText, parseManifests, RENDERED_CHARTS_SCHEMA_VERSION, releaseDigest, RenderedChartsIndex } from '../../lib/compliance/rendered-charts';
import { complianceMarkdown } from '../../lib/compliance/report/compliance-markdown';
import { ComplianceView } from '../../lib/compliance/resource-view';
import { CHART_SOURCES, redact, VENDORED_CHARTS } from '../../scripts/render-charts';
import { synthDemo } from '../review/fixtures';
import { addResource, province, TODAY } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rendered-charts');
const YURT = fs.readFileSync(path.join(FIXTURES, 'yurt-manager-1.7.0.yaml'), 'utf8');
const RELEASE = 'helm_release.yurt-manager--hz-a-core';
const DEPLOYMENT = `${RELEASE}[yurt-manager/templates/yurt-manager.yaml#Deployment:gov-lz-system/yurt-manager]`;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-rendered-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The test province with the yurt-manager release on hz-a-core's platform stack, its charts read from `folder`. */
function app(folder: string | undefined, values: string[] = []): { app: App; hub: ProvinceHub } {
  // No backups: the release is the only helm_release of the app.
  const p = province({ compliance: { today: TODAY, ...(folder ? { renderedCharts: folder } : {}) } }, { backups: false });
  addResource(p.hub.platformStacks.get('hz-a-core')!, 'helm_release', 'yurt-manager--hz-a-core', {
    name: 'yurt-manager',
    namespace: 'gov-lz-system',
    repository: 'oci://harbor.zj.gov.internal/charts',
    chart: 'yurt-manager',
    version: '1.7.0',
    values,
  });
  return p;
}

/** Writes a rendered-charts folder holding `manifest` as the release's render, with the digest of the release in `a`. */
function render(a: App, manifest: string, status: 'rendered' | 'not-rendered' = 'rendered'): string {
  const release = ComplianceView.build(a).ofKind('helm_release')[0];
  fs.mkdirSync(path.join(tmp, release.stack), { recursive: true });
  fs.writeFileSync(path.join(tmp, release.stack, 'yurt-manager--hz-a-core.yaml'), manifest);
  const index: RenderedChartsIndex = {
    schemaVersion: RENDERED_CHARTS_SCHEMA_VERSION,
    renderer: 'helm v3.21.4',
    releases: [
      {
        stack: release.stack,
        address: release.address,
        chart: 'yurt-manager',
        version: '1.7.0',
        namespace: 'gov-lz-system',
        digest: releaseDigest(release.body),
        status,
        ...(status === 'rendered'
          ? { coverage: 'chart' as const, file: `${release.stack}/yurt-manager--hz-a-core.yaml`, source: { module: 'github.com/openyurtio/openyurt', version: 'v1.7.0', path: 'charts/yurt-manager' } }
          : { reason: 'no source for this chart' }),
      },
    ],
  };
  fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(index));
  return tmp;
}

test('charts:render knows every chart the library installs, at the pinned version: a source, or why there is none', () => {
  // Every chart the demo province installs (it installs them all: operators, monitoring, backups, KEDA, gateway, edge).
  const out = synthDemo();
  const pinned = new Set<string>();
  for (const stack of fs.readdirSync(path.join(out, 'stacks'))) {
    const tf = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    for (const r of Object.values<Record<string, unknown>>(tf.resource?.helm_release ?? {})) pinned.add(`${chartName(r.chart)} ${String(r.version)}`);
  }
  expect(CHART_SOURCES.map((s) => `${s.chart} ${s.version}`).sort()).toEqual([...pinned].sort());
  for (const s of CHART_SOURCES) {
    if ('reason' in s) expect(s.reason.length).toBeGreaterThan(40);
    else if (s.kind === 'vendored') {
      // A vendored chart's folder holds the chart at the pinned version, with its licence.
      const meta = parse(fs.readFileSync(path.join(VENDORED_CHARTS, s.folder, 'Chart.yaml'), 'utf8'));
      expect([meta.name, meta.version]).toEqual([s.chart, s.version]);
      expect(fs.existsSync(path.join(VENDORED_CHARTS, s.folder, 'LICENSE'))).toBe(true);
      expect(s.upstream.commit).toMatch(/^[0-9a-f]{40}$/);
    } else expect([s.chart, s.moduleVersion]).toEqual([s.chart, expect.stringMatching(/^v\d+\.\d+\.\d+$/)]);
  }
});

test('the fixture is the helm output SOURCES.md records (sha256)', () => {
  const sha = createHash('sha256').update(YURT).digest('hex');
  expect(fs.readFileSync(path.join(FIXTURES, 'SOURCES.md'), 'utf8')).toContain(`\`${sha}\``);
});

test("parseManifests keeps each document's template from helm's Source comment", () => {
  const objects = parseManifests(YURT, 'fallback');
  expect(objects.map((o) => `${o.object.kind} ${o.source}`)).toEqual([
    'ServiceAccount yurt-manager/templates/yurt-manager.yaml',
    'ClusterRole yurt-manager/templates/yurt-manager-auto-generated.yaml',
    'ClusterRoleBinding yurt-manager/templates/yurt-manager.yaml',
    'Deployment yurt-manager/templates/yurt-manager.yaml',
  ]);
  expect(parseManifests('kind: ConfigMap\nmetadata: {name: x}\n', 'releases/x.yaml')[0].source).toBe('releases/x.yaml');
  expect(chartName('/charts/local/yurt-manager/')).toBe('yurt-manager');
});

test('the JSON-per-line stream charts:render writes reads as the same objects as the YAML, and is what the demo commits', () => {
  const objects = parseManifests(YURT, 'fallback');
  const text = manifestsText(objects);
  expect(text.split('\n').filter((l) => l.startsWith('{'))).toHaveLength(objects.length);
  expect(parseManifests(text, 'fallback')).toEqual(objects);
  // It is YAML: the YAML parser reads it as the same objects (and so does kubectl).
  expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual(objects.map((o) => o.object));
  // Whatever else the stream holds goes through the YAML parser: a YAML line, pretty JSON, a comment after the value.
  const cm = { kind: 'ConfigMap', metadata: { name: 'x' } };
  expect(parseManifests(`${text}---\nkind: Secret\n`, 'f').map((o) => o.object.kind)).toEqual([...objects.map((o) => o.object.kind), 'Secret']);
  expect(parseManifests(`---\n# Source: a.yaml\n${JSON.stringify(cm, null, 2)}\n`, 'f')).toEqual([{ source: 'a.yaml', object: cm }]);
  expect(parseManifests(`---\n${JSON.stringify(cm)}\n# trailing\n---\n# Source: b.yaml\n${JSON.stringify(cm)}\n`, 'f').map((o) => o.source)).toEqual(['f', 'b.yaml']);
  // Two values in one document are no stream, as for the YAML parser; an empty document's comment names nothing.
  expect(() => parseManifests(`---\n${JSON.stringify(cm)}\n${JSON.stringify(cm)}\n`, 'two.yaml')).toThrow(/two\.yaml/);
  expect(parseManifests(`---\n# Source: a.yaml\n---\n${JSON.stringify(cm)}\n`, 'f')[0].source).toBe('f');
  // The demo's committed renders are in this form (so the demo's synth skips the YAML parser): render them again otherwise.
  const demo = path.join(__dirname, '..', '..', 'examples', 'province', 'rendered-charts');
  for (const e of (JSON.parse(fs.readFileSync(path.join(demo, 'index.json'), 'utf8')) as RenderedChartsIndex).releases.filter((r) => r.file)) {
    const committed = fs.readFileSync(path.join(demo, e.file!), 'utf8');
    expect(`${e.file}: ${manifestsText(parseManifests(committed, e.file!)) === committed ? 'one JSON line per object' : 'not as charts:render writes it'}`).toBe(`${e.file}: one JSON line per object`);
  }
});

test('a rendered release: its Deployment and ClusterRoleBinding are checked, with the release and template as evidence', () => {
  const a = app(tmp).app;
  render(a, YURT);
  const doc = MlpsLevel3Checks.report(a);
  // The operator's Deployment: the container hardening it lacks (its token is its operator exception, see below).
  const hardening = doc.findings.filter((f) => f.ruleId === 'MLPS3-33');
  expect(hardening.map((f) => f.resource)).toEqual([DEPLOYMENT]);
  expect(hardening[0].message).toContain('(Helm release helm_release.yurt-manager--hz-a-core, yurt-manager/templates/yurt-manager.yaml)');
  expect(hardening[0].message).toContain('readOnlyRootFilesystem: true');
  expect(hardening[0].message).not.toContain('automountServiceAccountToken');
  expect(hardening[0].stack).toBe('zj-platform-hz-a-core');
  // The chart's ClusterRoleBinding, expanded against the chart's own ClusterRole: the operator may mint service-account tokens.
  const rbac = doc.findings.filter((f) => f.ruleId === 'MLPS3-12' && f.resource?.startsWith(RELEASE));
  expect(rbac.map((f) => f.resource)).toEqual([`${RELEASE}[yurt-manager/templates/yurt-manager.yaml#ClusterRoleBinding:yurt-manager-controller-role-binding]`]);
  expect(rbac[0].message).toContain('service-account tokens');
  // Passes are evidence too: the Deployment runs under its own service account (MLPS3-11).
  // The evidence names the rendered manifest the object lies in, not the stack's Terraform JSON.
  expect(doc.rules.find((r) => r.id === 'MLPS3-11')!.evidence.filter((e) => e.resources.includes(DEPLOYMENT))).toEqual([
    {
      path: expect.any(String),
      stack: 'zj-platform-hz-a-core',
      file: path.join(tmp, 'zj-platform-hz-a-core', 'yurt-manager--hz-a-core.yaml'),
      resources: [DEPLOYMENT, `${RELEASE}[yurt-manager/templates/yurt-manager.yaml#ServiceAccount:gov-lz-system/yurt-manager]`],
    },
  ]);
  expect(doc.charts.releases).toEqual([
    { stack: 'zj-platform-hz-a-core', resource: RELEASE, path: expect.any(String), file: 'stacks/zj-platform-hz-a-core/cdk.tf.json', status: 'rendered', detail: 'chart: 4 objects' },
  ]);
  expect(doc.charts.folders).toEqual([tmp]);
  expect(doc.charts.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(doc.rules.find((r) => r.id === 'MLPS3-33')!.charts).toEqual({ rendered: 1, notRendered: 0 });
  // Rules that do not read charts never see their objects (the image is upstream's here: the release has no values).
  expect(doc.findings.filter((f) => f.ruleId === 'MLPS3-31' && f.resource?.includes('['))).toEqual([]);
  expect(doc.rules.find((r) => r.id === 'MLPS3-31')!.charts).toBeNull();
});

test("a cluster-admin binding inside a chart is a finding (MLPS3-13), and the chart's objects change the input digest", () => {
  const binding = [
    '---',
    '# Source: yurt-manager/templates/admin.yaml',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata: {name: yurt-manager-admin}',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
    'subjects: [{kind: ServiceAccount, name: yurt-manager, namespace: gov-lz-system}]',
    '',
  ].join('\n');
  const a = app(tmp).app;
  render(a, YURT + binding);
  const doc = MlpsLevel3Checks.report(a);
  const f = doc.findings.filter((x) => x.ruleId === 'MLPS3-13' && x.resource?.startsWith(RELEASE));
  expect(f.map((x) => x.resource)).toEqual([`${RELEASE}[yurt-manager/templates/admin.yaml#ClusterRoleBinding:yurt-manager-admin]`]);
  expect(f[0].message).toContain('cluster-admin');
  const without = MlpsLevel3Checks.report(app(undefined).app);
  expect(doc.run.inputDigest).not.toBe(without.run.inputDigest);
});

test('the operator token exception holds only for a service account its release binds, in a mgmt-zone namespace', () => {
  const token = (manifest: string) => {
    const a = app(tmp).app;
    render(a, manifest);
    return MlpsLevel3Checks.report(a).findings.filter((f) => f.ruleId === 'MLPS3-33' && f.message.includes('automountServiceAccountToken'));
  };
  expect(token(YURT)).toEqual([]);
  // The release binds its account to nothing: the token is one it does not need.
  const unbound = YURT.split(/^---\n/m)
    .filter((d) => d && !d.includes('kind: ClusterRoleBinding'))
    .map((d) => `---\n${d}`)
    .join('');
  expect(token(unbound).map((f) => f.resource)).toEqual([DEPLOYMENT]);
  // The same chart installed into a department's namespace (app zone): no exception.
  expect(token(YURT.replace(/namespace: gov-lz-system/g, 'namespace: wjw')).map((f) => f.resource)).toEqual([DEPLOYMENT.replace('gov-lz-system', 'wjw')]);
});

test('without rendered charts the release is listed as not rendered and the workload items are never 不适用 or 符合', () => {
  const doc = MlpsLevel3Checks.report(app(undefined).app);
  expect(doc.charts).toEqual({
    folders: [],
    digest: null,
    releases: [expect.objectContaining({ resource: RELEASE, status: 'not-rendered', detail: expect.stringContaining('give the pack renderedCharts') })],
  });
  const rule = doc.rules.find((r) => r.id === 'MLPS3-33')!;
  expect(rule.charts).toEqual({ rendered: 0, notRendered: 1 });
  for (const clause of ['8.1.4.4 a', '8.1.4.2 f']) {
    const item = doc.items.find((i) => i.clause === clause)!;
    expect([clause, ['不适用', '符合'].includes(item.status)]).toEqual([clause, false]);
  }
  const md = complianceMarkdown(doc);
  expect(md).toContain('## Helm charts（Helm chart 渲染）');
  expect(md).toContain(`\`${RELEASE}\` | 未渲染 not rendered`);
  // A rule with nothing to check is not checked, not "not applicable"; a pass says what it could not see.
  expect(md).toMatch(/\| MLPS3-33 \|[^\n]*❔ not checked 未检查 \(Helm charts not rendered\)/);
  expect(md).toMatch(/\| MLPS3-12 \|[^\n]*✅ compliant 符合（1 个 Helm 发布未渲染 not rendered）/);
});

test('a release whose values changed since it was rendered, or that the renderer could not render, is not rendered', () => {
  const stale = app(tmp, ['replicaCount: 2\n']).app;
  render(app(tmp).app, YURT); // rendered for the release without values
  const doc = MlpsLevel3Checks.report(stale);
  expect(doc.charts.releases[0]).toMatchObject({ status: 'not-rendered', detail: expect.stringContaining('changed since the charts were rendered') });
  expect(doc.findings.filter((f) => f.resource?.startsWith(`${RELEASE}[`))).toEqual([]);

  const a = app(tmp).app;
  render(a, '', 'not-rendered');
  expect(MlpsLevel3Checks.report(a).charts.releases[0]).toMatchObject({ status: 'not-rendered', detail: 'no source for this chart' });
});

test('a renderedCharts folder without an index fails synth with the command that makes it', () => {
  const a = app(path.join(tmp, 'missing')).app;
  const doc = MlpsLevel3Checks.report(a);
  // report() returns the document; the problem itself goes to the synth gate.
  expect(doc.charts.releases[0].status).toBe('not-rendered');
  expect(() => a.synth()).toThrow(/renderedCharts: .*index\.json does not exist: render the charts with npm run charts:render/);
});

test('each vendored chart folder is the one test/fixtures/charts/SOURCES.md records (digest of paths and contents)', () => {
  const sources = fs.readFileSync(path.join(VENDORED_CHARTS, 'SOURCES.md'), 'utf8');
  const folders = fs
    .readdirSync(VENDORED_CHARTS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(folders).toEqual(
    CHART_SOURCES.filter((s) => 'kind' in s && s.kind === 'vendored')
      .map((s) => (s as { folder: string }).folder)
      .sort(),
  );
  for (const folder of folders) {
    const h = createHash('sha256');
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const f of walk(path.join(VENDORED_CHARTS, folder)))
      h.update(`${path.relative(path.join(VENDORED_CHARTS, folder), f)}\0`)
        .update(fs.readFileSync(f))
        .update('\0');
    expect(`${folder} ${sources.includes(`\`${h.digest('hex')}\``)}`).toBe(`${folder} true`);
  }
});

describe("a Velero release rendered from the vendored chart with the recovery layer's values (test/fixtures/rendered-charts/velero-12.1.0.yaml)", () => {
  const VELERO = fs.readFileSync(path.join(FIXTURES, 'velero-12.1.0.yaml'), 'utf8');
  const at = (o: string) => `helm_release.velero[${o}]`;
  const ADMIN = at('velero/templates/clusterrolebinding.yaml#ClusterRoleBinding:velero-server');

  /** The test province with backups (the recovery layer's real Velero release on each private cluster), hz-a-core's rendered. */
  function veleroApp(suppress?: (hub: ProvinceHub) => void): App {
    const p = province({ compliance: { today: TODAY, renderedCharts: tmp } });
    suppress?.(p.hub);
    const release = ComplianceView.build(p.app)
      .ofKind('helm_release')
      .find((r) => r.address === 'helm_release.velero' && r.stack === 'zj-platform-hz-a-core')!;
    fs.mkdirSync(path.join(tmp, release.stack), { recursive: true });
    fs.writeFileSync(path.join(tmp, release.stack, 'velero.yaml'), VELERO);
    const index: RenderedChartsIndex = {
      schemaVersion: RENDERED_CHARTS_SCHEMA_VERSION,
      renderer: 'helm v3.21.4',
      releases: [
        {
          stack: release.stack,
          address: release.address,
          chart: 'velero',
          version: '12.1.0',
          namespace: 'gov-lz-backup',
          digest: releaseDigest(release.body),
          status: 'rendered',
          coverage: 'chart',
          file: `${release.stack}/velero.yaml`,
          source: { module: 'github.com/vmware-tanzu/helm-charts', version: '84dd2c080519168bae69541f3c4c3fa6b2596da9', path: 'charts/velero' },
        },
      ],
    };
    fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(index));
    return p.app;
  }

  test("the chart's cluster-admin binding is a finding; the hardened server passes; the node agent does not", () => {
    const doc = MlpsLevel3Checks.report(veleroApp());
    const onRelease = (id: string) => doc.findings.filter((f) => f.ruleId === id && f.resource?.startsWith('helm_release.velero[') && f.stack === 'zj-platform-hz-a-core');
    expect(onRelease('MLPS3-13').map((f) => f.resource)).toEqual([ADMIN]);
    expect(onRelease('MLPS3-13')[0].message).toContain('binds cluster-admin to ServiceAccount velero-server');
    // The upgrade hook's binding is to its own ClusterRole, not cluster-admin.
    expect(onRelease('MLPS3-12').map((f) => f.resource)).toContain(ADMIN);
    expect(onRelease('MLPS3-33').map((f) => f.resource)).toEqual([at('velero/templates/node-agent-daemonset.yaml#DaemonSet:gov-lz-backup/node-agent')]);
    const passed = doc.rules.find((r) => r.id === 'MLPS3-33')!.evidence.flatMap((e) => e.resources);
    expect(passed).toContain(at('velero/templates/deployment.yaml#Deployment:gov-lz-backup/velero'));
    // hz-b-core's and ali-burst's releases are not in the folder: listed as not rendered.
    expect(doc.charts.releases.filter((r) => r.resource === 'helm_release.velero').map((r) => `${r.stack} ${r.status}`)).toEqual([
      'zj-platform-ali-burst not-rendered',
      'zj-platform-hz-a-core rendered',
      'zj-platform-hz-b-core not-rendered',
    ]);
  });

  test('a suppression scoped to the object takes its finding only; one naming an object the release lacks matches nothing', () => {
    const doc = MlpsLevel3Checks.report(
      veleroApp((hub) => {
        const reason = 'Velero restores every kind of object, so upstream requires cluster-admin (reviewed by the security office)';
        MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-13', reason, owner: 'zj-security-office', expires: '2027-06-30', resource: ADMIN });
        MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-13', reason, owner: 'zj-security-office', expires: '2027-06-30', resource: at('velero/templates/admin.yaml#ClusterRoleBinding:none') });
      }),
    );
    expect(doc.findings.filter((f) => f.ruleId === 'MLPS3-13' && f.resource === ADMIN)).toEqual([]);
    expect(doc.suppressions.filter((s) => s.ruleId === 'MLPS3-13').map((s) => [s.resource, s.matched])).toEqual([
      [at('velero/templates/admin.yaml#ClusterRoleBinding:none'), 0],
      [ADMIN, 1],
    ]);
    // The other rules still see the binding.
    expect(doc.findings.filter((f) => f.ruleId === 'MLPS3-12' && f.resource === ADMIN).length).toBeGreaterThan(0);
  });
});

test('charts:render blanks Secret values and checksum annotations (random per render, and never a credential)', () => {
  const secret: Record<string, any> = { kind: 'Secret', metadata: { name: 'g' }, data: { 'admin-user': 'YWRtaW4=', 'admin-password': 'cmFuZG9t' }, stringData: { token: 't' } };
  redact(secret);
  expect([secret.data, secret.stringData]).toEqual([{ 'admin-user': '', 'admin-password': '' }, { token: '' }]);
  const deployment: Record<string, any> = {
    kind: 'Deployment',
    spec: { template: { metadata: { annotations: { 'checksum/secret': 'f54b', 'kubectl.kubernetes.io/default-container': 'grafana' } } } },
  };
  redact(deployment);
  expect(deployment.spec.template.metadata.annotations).toEqual({ 'checksum/secret': 'redacted', 'kubectl.kubernetes.io/default-container': 'grafana' });
});

test('a suppression inside a release whose render is missing or stale waits for the render (a warning); inside a rendered release, matching nothing is an error', () => {
  // hz-a-core's render: the server's ServiceAccount only (no finding of its own).
  const VELERO = fs
    .readFileSync(path.join(FIXTURES, 'velero-12.1.0.yaml'), 'utf8')
    .split(/^---\n/m)
    .filter((d) => d.includes('serviceaccount-server.yaml'))
    .map((d) => `---\n${d}`)
    .join('');
  expect(VELERO).toContain('kind: ServiceAccount');
  const reason = 'Velero restores every kind of object, so upstream requires cluster-admin (reviewed by the security office)';
  const build = (suppress: (a: App, hub: ProvinceHub) => void): App => {
    const p = province({ compliance: { today: TODAY, renderedCharts: tmp } });
    suppress(p.app, p.hub);
    const release = ComplianceView.build(p.app)
      .ofKind('helm_release')
      .find((r) => r.address === 'helm_release.velero' && r.stack === 'zj-platform-hz-a-core')!;
    fs.mkdirSync(path.join(tmp, release.stack), { recursive: true });
    fs.writeFileSync(path.join(tmp, release.stack, 'velero.yaml'), VELERO);
    const entry = { stack: release.stack, address: release.address, chart: 'velero', version: '12.1.0', namespace: 'gov-lz-backup', digest: releaseDigest(release.body) };
    const index: RenderedChartsIndex = {
      schemaVersion: RENDERED_CHARTS_SCHEMA_VERSION,
      renderer: 'helm v3.21.4',
      releases: [{ ...entry, status: 'rendered', coverage: 'chart', file: `${release.stack}/velero.yaml` }],
    };
    fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(index));
    return p.app;
  };
  const object = 'helm_release.velero[velero/templates/clusterrolebinding.yaml#ClusterRoleBinding:velero-server]';
  // On hz-b-core's release, which the folder does not hold: it cannot match yet.
  const waiting = build((a) => {
    const velero = a.node.findAll().find((c) => c.node.path === 'zj-platform-hz-b-core/Backup/Velero')!;
    MlpsLevel3Checks.suppress(velero, { ruleId: 'MLPS3-13', reason, owner: 'zj-security-office', expires: '2027-06-30', resource: object });
  });
  expect(() => waiting.synth()).not.toThrow();
  const velero = waiting.node.findAll().find((c) => c.node.path === 'zj-platform-hz-b-core/Backup/Velero')!;
  expect(velero.node.metadata.map((m) => String(m.data))).toContainEqual(
    expect.stringMatching(/suppression of MLPS3-13 on .* cannot be checked: its Helm release helm_release\.velero is not rendered \(not in the rendered-charts folder/),
  );
  // On the hub, for an object hz-a-core's rendered release does not hold: stale, an error.
  const stale = build((_a, hub) =>
    MlpsLevel3Checks.suppress(hub, {
      ruleId: 'MLPS3-13',
      reason,
      owner: 'zj-security-office',
      expires: '2027-06-30',
      resource: 'helm_release.velero[velero/templates/admin.yaml#ClusterRoleBinding:none]',
    }),
  );
  expect(() => stale.synth()).toThrow(/suppression-unmatched/);
});
