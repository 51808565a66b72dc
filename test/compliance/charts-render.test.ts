/**
 * The demo province's Helm releases rendered for real (npm run charts:render's code: helm built from helm.sh/helm/v3 by
 * test/e2e/tools.sh, chart sources from the Go module proxy), then fed to the pack: the operators' own objects give
 * findings and passes, and the releases whose sources cannot be had are listed as not rendered, with the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { MlpsLevel3Checks } from '../../lib';
import { RenderedChartsIndex } from '../../lib/compliance/rendered-charts';
import { goBinary, helmFromTools, renderCharts, toolsCache } from '../../scripts/render-charts';
import { loadTools } from '../e2e/tools';
import { tmpdir } from '../helpers';
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

t('charts:render renders what the Go modules hold, and the pack checks the operators inside', () => {
  const out = tmpdir('govlz-charts-out-');
  const synth = new App({ outdir: out });
  buildProvince(synth, 'zj', { compliance: { today: TODAY } });
  synth.synth();

  const charts = tmpdir('govlz-charts-');
  // kubectl (KEDA's sources are a kustomization) comes from the e2e tools, cached by CI's first step.
  const index: RenderedChartsIndex = renderCharts({ out, charts, helm: helmFromTools(), kubectl: loadTools().KUBECTL, moduleCache: path.join(toolsCache(), 'chart-sources'), log: () => undefined });
  const status = Object.fromEntries(index.releases.filter((r) => r.stack === 'zj-platform-hz-a-core').map((r) => [r.address, `${r.status}${r.coverage ? ` ${r.coverage}` : ''}`]));
  expect(status).toEqual({
    'helm_release.cloudnative-pg--hz-a-core': 'rendered release-manifest',
    'helm_release.gateway-api-crds--hz-a-core': 'rendered release-manifest',
    'helm_release.keda--hz-a-core': 'rendered release-manifest',
    'helm_release.kube-prometheus-stack--hz-a-core': 'rendered partial',
    'helm_release.redis-operator--hz-a-core': 'not-rendered',
    'helm_release.strimzi-kafka-operator--hz-a-core': 'not-rendered',
    'helm_release.velero': 'not-rendered',
    'helm_release.yurt-manager--hz-a-core': 'rendered chart',
  });
  // Every release not rendered says why; the rendered ones name the module version and path they came from.
  for (const r of index.releases) {
    if (r.status === 'not-rendered') expect(r.reason).toMatch(/.{30,}/);
    else expect(r.source?.module).toMatch(/^(github\.com|sigs\.k8s\.io)\//);
  }
  // The manifests keep helm's template paths; the release manifests are moved into the release's namespace.
  const yurt = fs.readFileSync(path.join(charts, 'zj-platform-hz-a-core', 'yurt-manager--hz-a-core.yaml'), 'utf8');
  expect(yurt).toContain('# Source: yurt-manager/templates/yurt-manager.yaml');
  const cnpg = fs.readFileSync(path.join(charts, 'zj-platform-hz-a-core', 'cloudnative-pg--hz-a-core.yaml'), 'utf8');
  expect(cnpg).not.toContain('cnpg-system');
  const keda = fs.readFileSync(path.join(charts, 'zj-platform-hz-a-core', 'keda--hz-a-core.yaml'), 'utf8');
  expect(keda).toContain('# Source: github.com/kedacore/keda/v2@v2.20.2/config/default');
  expect(keda).not.toMatch(/namespace: keda$/m);

  const app = new App({ outdir: tmpdir('govlz-charts-check-') });
  buildProvince(app, 'zj', { compliance: { today: TODAY, renderedCharts: charts } });
  const doc = MlpsLevel3Checks.report(app);
  expect(doc.charts.releases.filter((r) => r.status === 'rendered').map((r) => r.resource)).toEqual(index.releases.filter((r) => r.status === 'rendered').map((r) => r.address));
  const cnpgBinding = 'helm_release.cloudnative-pg--hz-a-core[github.com/cloudnative-pg/cloudnative-pg@v1.30.0/releases/cnpg-1.30.0.yaml#ClusterRoleBinding:cnpg-manager-rolebinding]';
  // A real finding: the CloudNativePG operator reads every Secret of the cluster (its ClusterRole, bound cluster-wide).
  expect(doc.findings.filter((f) => f.ruleId === 'MLPS3-12' && f.resource === cnpgBinding).map((f) => f.message)).toContainEqual(expect.stringContaining('reading every Secret'));
  // A real pass: the operator's Deployment is hardened (its token is its release's bound service account's).
  const deployment = 'helm_release.cloudnative-pg--hz-a-core[github.com/cloudnative-pg/cloudnative-pg@v1.30.0/releases/cnpg-1.30.0.yaml#Deployment:gov-lz-system/cnpg-controller-manager]';
  expect(doc.rules.find((r) => r.id === 'MLPS3-33')!.evidence.flatMap((e) => e.resources)).toContain(deployment);
  // yurt-manager's Deployment, from the chart templated with the release's values, is not.
  expect(doc.findings.filter((f) => f.ruleId === 'MLPS3-33').map((f) => f.resource)).toContain(
    'helm_release.yurt-manager--hz-a-core[yurt-manager/templates/yurt-manager.yaml#Deployment:gov-lz-system/yurt-manager]',
  );
  // Releases not rendered keep the workload items from 符合 and 不适用.
  expect(doc.rules.find((r) => r.id === 'MLPS3-33')!.charts!.notRendered).toBeGreaterThan(0);
  expect(doc.items.find((i) => i.clause === '8.1.4.4 b')!.basis).toContain('未渲染的 Helm 发布');
});
