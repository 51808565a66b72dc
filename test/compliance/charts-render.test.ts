/**
 * The demo province's 18 Helm releases rendered for real (npm run charts:render's code: helm built from helm.sh/helm/v3
 * by test/e2e/tools.sh, the operator charts vendored under test/fixtures/charts, yurt-manager and the Gateway API CRDs
 * from their Go modules), then fed to the pack: the operators' own objects give findings and passes, and the render is
 * byte for byte the folder the demo commits (examples/province/rendered-charts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { MlpsLevel3Checks } from '../../lib';
import { manifestsText, parseManifests, RenderedChartsIndex, RenderedObject } from '../../lib/compliance/rendered-charts';
import { goBinary, helmFromTools, renderCharts, toolsCache } from '../../scripts/render-charts';
import { listFiles, tmpdir } from '../helpers';
import { testWithTools } from '../terraform';

const { run: t } = testWithTools('test/compliance/charts-render.test.ts', () => {
  try {
    goBinary();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
});

jest.setTimeout(900_000);

const TODAY = '2026-12-07';
const COMMITTED = path.join(__dirname, '..', '..', 'examples', 'province', 'rendered-charts');

t('charts:render renders all 18 releases with their values, as committed, and the pack checks the operators inside', () => {
  const out = tmpdir('govlz-charts-out-');
  const synth = new App({ outdir: out });
  buildProvince(synth, 'zj', { compliance: { today: TODAY }, renderedCharts: false });
  synth.synth();

  const charts = tmpdir('govlz-charts-');
  const index: RenderedChartsIndex = renderCharts({ out, charts, helm: helmFromTools(), moduleCache: path.join(toolsCache(), 'chart-sources'), log: () => undefined });
  expect(index.releases).toHaveLength(18);
  const status = Object.fromEntries(index.releases.filter((r) => r.stack === 'zj-platform-hz-a-core').map((r) => [r.address, `${r.status} ${r.coverage}`]));
  expect(status).toEqual({
    'helm_release.cloudnative-pg--hz-a-core': 'rendered chart',
    'helm_release.gateway-api-crds--hz-a-core': 'rendered release-manifest',
    'helm_release.keda--hz-a-core': 'rendered chart',
    'helm_release.kube-prometheus-stack--hz-a-core': 'rendered chart',
    'helm_release.redis-operator--hz-a-core': 'rendered chart',
    'helm_release.strimzi-kafka-operator--hz-a-core': 'rendered chart',
    'helm_release.velero': 'rendered chart',
    'helm_release.yurt-manager--hz-a-core': 'rendered chart',
  });
  expect(index.releases.filter((r) => r.status !== 'rendered')).toEqual([]);
  // The vendored charts name the upstream repository and commit they were copied from.
  expect(index.releases.find((r) => r.address === 'helm_release.velero')!.source).toEqual({
    module: 'github.com/vmware-tanzu/helm-charts',
    version: '84dd2c080519168bae69541f3c4c3fa6b2596da9',
    path: 'charts/velero',
  });

  // The release's values reach the objects: Velero's server runs hardened (the recovery layer's values), the
  // Strimzi operator watches the middleware namespace (and its own), the images come from the hub registry.
  // Each file holds, per object, helm's Source line and the object as one line of JSON (manifestsText).
  const objects = (file: string) => {
    const text = fs.readFileSync(path.join(charts, 'zj-platform-hz-a-core', file), 'utf8');
    const parsed = parseManifests(text, file);
    expect(manifestsText(parsed)).toBe(text);
    return parsed;
  };
  const one = (list: RenderedObject[], source: string, kind: string) => list.find((o) => o.source === source && o.object.kind === kind)!.object;
  const velero = one(objects('velero.yaml'), 'velero/templates/deployment.yaml', 'Deployment').spec.template.spec.containers[0];
  expect(velero.image).toBe('harbor.zj.gov.internal/velero/velero:v1.18.1');
  expect(velero.securityContext.readOnlyRootFilesystem).toBe(true);
  const strimzi = one(objects('strimzi-kafka-operator--hz-a-core.yaml'), 'strimzi-kafka-operator/templates/060-Deployment-strimzi-cluster-operator.yaml', 'Deployment');
  expect(strimzi.spec.template.spec.containers[0].env).toContainEqual({ name: 'STRIMZI_NAMESPACE', value: 'gov-lz-middleware,gov-lz-system' });
  // No credential and nothing random: Secret values are blanked, so two renders are the same.
  const grafana = objects('kube-prometheus-stack--hz-a-core.yaml').find((o) => o.object.kind === 'Secret' && o.object.data?.['admin-password'] !== undefined)!.object;
  expect(grafana.data['admin-password']).toBe('');

  // The committed folder is this render, byte for byte (regenerate: npx cdktf synth && npm run charts:render).
  expect(listFiles(COMMITTED)).toEqual(listFiles(charts));
  for (const f of listFiles(charts)) expect(`${f}\n${fs.readFileSync(path.join(COMMITTED, f), 'utf8')}`).toBe(`${f}\n${fs.readFileSync(path.join(charts, f), 'utf8')}`);

  const app = new App({ outdir: tmpdir('govlz-charts-check-') });
  buildProvince(app, 'zj', { compliance: { today: TODAY }, renderedCharts: charts });
  const doc = MlpsLevel3Checks.report(app);
  expect(doc.charts.releases.map((r) => r.status)).toEqual(index.releases.map(() => 'rendered'));
  expect(doc.summary.errors).toBe(0);

  // Real findings inside the charts, dispositioned by the demo's security office: Velero's cluster-admin binding ...
  const veleroAdmin = 'helm_release.velero[velero/templates/clusterrolebinding.yaml#ClusterRoleBinding:velero-server]';
  const sup = doc.suppressions.find((s) => s.ruleId === 'MLPS3-13' && s.resource === veleroAdmin && s.path === 'zj-platform-hz-a-core/Backup/Velero')!;
  expect(sup.findings.map((f) => f.message)).toEqual([expect.stringContaining('binds cluster-admin to ServiceAccount velero-server')]);
  // ... and Strimzi reading the Secrets of the middleware namespace it manages.
  const strimziBinding =
    'helm_release.strimzi-kafka-operator--hz-a-core[strimzi-kafka-operator/templates/020-RoleBinding-strimzi-cluster-operator.yaml#RoleBinding:gov-lz-middleware/strimzi-cluster-operator]';
  expect(doc.suppressions.find((s) => s.ruleId === 'MLPS3-12' && s.resource === strimziBinding)!.findings.map((f) => f.message)).toContainEqual(expect.stringContaining('reading every Secret'));
  // Real passes: kube-state-metrics' Deployment is hardened by its chart, and without its Secret collector (the
  // observability layer's values) its cluster-wide binding reads no Secret.
  const passed = (id: string) => doc.rules.find((r) => r.id === id)!.evidence.flatMap((e) => e.resources);
  const ksm =
    'helm_release.kube-prometheus-stack--hz-a-core[kube-prometheus-stack/charts/kube-state-metrics/templates/deployment.yaml#Deployment:gov-lz-system/kube-prometheus-stack-kube-state-metrics]';
  expect(passed('MLPS3-33')).toContain(ksm);
  const ksmBinding =
    'helm_release.kube-prometheus-stack--hz-a-core[kube-prometheus-stack/charts/kube-state-metrics/templates/clusterrolebinding.yaml#ClusterRoleBinding:kube-prometheus-stack-kube-state-metrics]';
  expect(passed('MLPS3-12')).toContain(ksmBinding);
  expect([...doc.findings, ...doc.suppressions.flatMap((s) => s.findings)].filter((f) => f.resource === ksmBinding)).toEqual([]);
  // Velero's server Deployment passes MLPS3-33 with the recovery layer's securityContext; its node agent does not.
  expect(passed('MLPS3-33')).toContain('helm_release.velero[velero/templates/deployment.yaml#Deployment:gov-lz-backup/velero]');
  expect(
    doc.suppressions.find((s) => s.ruleId === 'MLPS3-33' && s.resource === 'helm_release.velero[velero/templates/node-agent-daemonset.yaml#DaemonSet:gov-lz-backup/node-agent]')!.matched,
  ).toBeGreaterThan(0);
  // With every release rendered, the workload items are decided, not left 未检查 for charts.
  expect(doc.rules.find((r) => r.id === 'MLPS3-33')!.charts).toEqual({ rendered: 18, notRendered: 0 });
});
