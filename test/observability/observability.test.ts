import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KafkaOffering, ProvinceHub } from '../../lib';
import { artifact, hubProps, newApp, stackJson, synthesizedOnce, synthProblems } from '../helpers';
import { CrdSchemas, SCHEMAS_DIR } from '../schema';
import { observed } from './fixture';

const crds = new CrdSchemas(['prometheus-operator']);

/** The observed province, synthesized once for the tests that only read its output. */
const synthesized = synthesizedOnce(() => observed());

function manifests(stack: any): any[] {
  return Object.values<any>(stack.resource?.kubernetes_manifest ?? {}).map((m) => m.manifest);
}

test('kube-prometheus-stack on every private cluster (platform stack), none on the public one', () => {
  const f = synthesized();
  for (const c of ['hz-a-core', 'hz-b-core']) {
    const r = stackJson(f.app, `zj-platform-${c}`).resource.helm_release[`kube-prometheus-stack--${c}`];
    expect(r).toMatchObject({ chart: 'kube-prometheus-stack', version: '88.5.3', repository: 'oci://harbor.zj.gov.internal/charts', namespace: 'gov-lz-system' });
    const values = JSON.parse(r.values[0]);
    expect(values.prometheus.prometheusSpec.retention).toBe('180d');
    expect(values.prometheus.prometheusSpec.enforcedNamespaceLabel).toBe('namespace');
    expect(values.prometheus.prometheusSpec.externalLabels).toEqual({ cluster: c, province: 'zj' });
    expect(values.global.imageRegistry).toBe('harbor.zj.gov.internal');
  }
  expect(stackJson(f.app, 'zj-platform-ali-burst').resource?.helm_release?.['kube-prometheus-stack--ali-burst']).toBeUndefined();
});

/** Key paths of our values that must exist in the chart's default values.yaml (the chart has no values.schema.json). */
test('every value set exists in the vendored chart defaults, its subcharts included (free-form maps excepted)', () => {
  const f = synthesized();
  const values = JSON.parse(stackJson(f.app, 'zj-platform-hz-a-core').resource.helm_release['kube-prometheus-stack--hz-a-core'].values[0]);
  const defaults = YAML.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'kube-prometheus-stack', 'values.yaml'), 'utf8'));
  // The subcharts' own defaults, from the vendored chart (test/fixtures/charts/SOURCES.md), under their keys.
  const merge = (a: any, b: any): any =>
    a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)
      ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, merge(a[k], b[k])]))
      : (b ?? a);
  for (const sub of ['grafana', 'kube-state-metrics', 'prometheus-node-exporter']) {
    const file = path.join(__dirname, '..', 'fixtures', 'charts', 'kube-prometheus-stack-88.5.3', 'charts', sub, 'values.yaml');
    defaults[sub] = merge(YAML.parse(fs.readFileSync(file, 'utf8')), defaults[sub]);
  }
  // Free-form values (their content is Prometheus/Alertmanager configuration, checked by amtool and the CRD tests), and
  // keys of the grafana subchart, whose values.yaml is not vendored.
  const freeForm = [
    'alertmanager.config',
    'prometheus.prometheusSpec.externalLabels',
    'prometheus.prometheusSpec.storageSpec',
    'prometheus.prometheusSpec.prometheusRulesExcludedFromEnforce',
    'alertmanager.alertmanagerSpec.alertmanagerConfigMatcherStrategy',
    'grafana.sidecar.dashboards.folderAnnotation',
    'grafana.sidecar.dashboards.provider.foldersFromFilesStructure',
    'grafana.grafana.ini',
    // Kubernetes securityContext objects: the maps exist in the charts' defaults, their fields are the API's.
    'grafana.containerSecurityContext',
    'grafana.sidecar.securityContext',
    'prometheus-node-exporter.containerSecurityContext',
    // Commented out in the grafana chart's values.yaml (`# useExistingClusterRole:`), read by its templates.
    'grafana.rbac.useExistingClusterRole',
  ];
  const missing: string[] = [];
  const walk = (v: any, d: any, at: string): void => {
    if (freeForm.includes(at)) return;
    if (d === undefined) {
      missing.push(at);
      return;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) walk(v[k], d?.[k], at ? `${at}.${k}` : k);
    else if (typeof d === 'object' && d !== null && !Array.isArray(d) && !Array.isArray(v) && typeof v !== 'object') missing.push(`${at} (a map in the chart)`);
  };
  walk(values, defaults, '');
  expect(missing).toEqual([]);
  expect(defaults.prometheus.prometheusSpec.prometheusRulesExcludedFromEnforce).toBeDefined();
});

test('every monitoring custom resource validates against the pinned prometheus-operator CRDs', () => {
  const f = synthesized();
  const all = [...manifests(stackJson(f.app, 'zj-hub')), ...manifests(stackJson(f.app, 'zj-health'))].filter((m) => m.apiVersion.startsWith('monitoring.coreos.com'));
  const kinds = new Set(all.map((m) => m.kind));
  expect([...kinds].sort()).toEqual(['AlertmanagerConfig', 'PodMonitor', 'PrometheusRule']);
  for (const m of all) expect({ name: `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`, problems: crds.validate(m) }).toEqual({ name: expect.any(String), problems: [] });
});

test('each department namespace on a monitored cluster gets its rules, dashboard and (with receivers) its routing', () => {
  const f = synthesized();
  const health = stackJson(f.app, 'zj-health').resource;
  const rule = health.kubernetes_manifest['wjw--hz-a-core--prometheusrule-gov-lz-department'];
  expect(rule.provider).toBe('kubernetes.hz-a-core');
  expect(rule.depends_on).toEqual(['kubernetes_namespace_v1.wjw--hz-a-core']);
  const alerts = rule.manifest.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
  for (const a of alerts) expect(a.labels).toMatchObject({ layer: 'application', owner: 'wjw' });
  expect(alerts.map((a: any) => a.alert)).toEqual(['GovLzPodCrashLooping', 'GovLzPodOomKilled', 'GovLzPvcAlmostFull', 'GovLzQuotaShort', 'GovLzQuotaIdle']);
  const amc = health.kubernetes_manifest['wjw--hz-a-core--alertmanagerconfig-gov-lz-alerting'].manifest;
  expect(amc.spec.receivers).toEqual([{ name: 'wjw-oncall', webhookConfigs: [{ url: 'https://im.zj.gov.internal/hook/wjw', sendResolved: true }] }]);
  // ybj has no receivers of its own: its alerts go to the platform team's.
  expect(health.kubernetes_manifest['ybj--hz-a-core--alertmanagerconfig-gov-lz-alerting'].manifest.spec.receivers).toEqual([
    { name: 'zj-ops', webhookConfigs: [{ url: 'https://im.zj.gov.internal/hook/zj-ops', sendResolved: true }] },
  ]);
  expect(health.kubernetes_manifest['ybj--hz-a-core--prometheusrule-gov-lz-department']).toBeDefined();
  const dash = health.kubernetes_config_map_v1['wjw--hz-b-core--configmap-gov-lz-dashboard'];
  expect(dash.metadata.annotations).toEqual({ grafana_folder: 'wjw' });
  expect(dash.metadata.labels.grafana_dashboard).toBe('1');
  expect(JSON.parse(dash.data['gov-lz-wjw.json']).title).toBe('省卫生健康委员会 (wjw)');
  // The public cluster runs no Prometheus: nothing there.
  expect(Object.keys(stackJson(f.app, 'zj-citizen').resource.kubernetes_manifest ?? {}).filter((k) => k.includes('prometheusrule'))).toEqual([]);
});

test('fault demarcation: an offering down inhibits exactly its grantees on that cluster; removing a grant removes its inhibition', () => {
  const inhibit = (grants: boolean) => {
    const f = observed({ grants });
    f.app.synth();
    const values = JSON.parse(stackJson(f.app, 'zj-platform-hz-a-core').resource.helm_release['kube-prometheus-stack--hz-a-core'].values[0]);
    return values.alertmanager.config.inhibit_rules;
  };
  expect(inhibit(true)).toEqual([
    { source_matchers: ['alertname="GovLzClusterDown"'], target_matchers: ['layer="application"'], equal: ['cluster'] },
    { source_matchers: ['alertname="GovLzOfferingDown"', 'offering="postgres"'], target_matchers: ['layer="application"', 'owner=~"wjw|ybj"'], equal: ['cluster'] },
    { source_matchers: ['alertname="GovLzOfferingDown"', 'offering="redis"'], target_matchers: ['layer="application"', 'owner=~"wjw"'], equal: ['cluster'] },
  ]);
  expect(inhibit(false)).toEqual([{ source_matchers: ['alertname="GovLzClusterDown"'], target_matchers: ['layer="application"'], equal: ['cluster'] }]);
});

test('the platform alert names the departments an offering outage affects', () => {
  const f = synthesized();
  const rule = manifests(stackJson(f.app, 'zj-hub')).find((m) => m.kind === 'PrometheusRule' && m.metadata.name === 'gov-lz-platform');
  const pg = rule.spec.groups[0].rules.find((r: any) => r.labels.offering === 'postgres');
  expect(pg.annotations.affected).toBe('wjw, ybj');
  expect(pg.labels).toMatchObject({ layer: 'middleware', owner: 'hub' });
});

test('alerting.md and the inventory: receivers, inhibitions, showback', () => {
  const f = synthesized();
  const md = artifact(f.app, 'alerting.md');
  expect(md).toContain('| wjw | health | `wjw-oncall` | `GovLzClusterDown` on its clusters; `postgres` down on `hz-a-core`; `redis` down on `hz-a-core`;');
  expect(md).toContain('| hz-a-core | postgres | wjw, ybj |');
  const inv = JSON.parse(artifact(f.app, 'inventory.json')).provinces[0].observability;
  expect(inv.alerting).toEqual({ wjw: ['wjw-oncall'] });
  const wjw = inv.showback.find((s: any) => s.tenant === 'wjw');
  expect(wjw).toEqual({
    tenant: 'wjw',
    industryCloud: 'health',
    clusters: { 'hz-a-core': { cpu: 8, memoryGi: 32, storageGi: 100 }, 'hz-b-core': { cpu: 8, memoryGi: 32, storageGi: 100 } },
    reserved: { cpu: 16, memoryGi: 64, storageGi: 200 },
    grants: [
      { offering: 'postgres', kind: 'postgresql', clusters: ['hz-a-core', 'hz-b-core'] },
      { offering: 'redis', kind: 'redis', clusters: ['hz-a-core', 'hz-b-core'] },
    ],
  });
});

test('bad alerting is refused at the gate, all problems together, credentials never shown', () => {
  const app = newApp();
  const hub = new ProvinceHub(app, 'zj', hubProps({ observability: { retentionDays: 1.5, receivers: [{ name: 'Ops', email: 'ops@zj.gov.cn' }] } }));
  const ic = hub.addIndustryCloud('health', { displayName: 'h', clusters: ['hz-a-core'] });
  ic.addTenant('wjw', {
    displayName: 'w',
    quota: { cpu: 1, memoryGi: 1 },
    alerting: {
      receivers: [
        { name: 'a', webhookUrl: 'https://bot:s3cret@im.zj.gov.internal/hook' },
        { name: 'a', webhookUrl: 'ftp://x' },
      ],
    },
  });
  const problems = synthProblems(app).map((p) => `${p.code}: ${p.message}`);
  expect(problems).toEqual(
    expect.arrayContaining([
      'invalid-value: observability.retentionDays must be a whole number of days',
      'invalid-name: observability.receivers: receiver name must be a DNS-1123 label',
      "missing-value: observability.receivers: an e-mail receiver needs the hub's mail relay",
      expect.stringMatching(/^credential-in-url: alerting.receivers of tenant "wjw": the webhookUrl of "a": it holds a user name or password/),
      'duplicate: alerting.receivers of tenant "wjw": two receivers are named "a"',
      'invalid-value: alerting.receivers of tenant "wjw": webhookUrl must be an http(s) URL',
    ]),
  );
  expect(JSON.stringify(synthProblems(app))).not.toContain('s3cret');
});

test("the monitoring chart's repository and registry are checked like the middleware operators'", () => {
  const { app } = observed({ overrides: { observability: { chartRepository: 'https://ops:s3cret@charts.zj.gov.internal', imageRegistry: 'harbor.zj.gov.internal/' } } });
  const problems = synthProblems(app);
  expect(problems.map((p) => `${p.code}: ${p.message}`)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^credential-in-url: observability.chartRepository: it holds a user name or password/),
      'invalid-value: observability.imageRegistry must be a registry host (and optional port and path) without a scheme',
      // MLPS3-31 names the chart's host, never its userinfo.
      expect.stringMatching(/^MLPS3-31: helm_release kube-prometheus-stack--hz-a-core pulls its chart from charts.zj.gov.internal, not from/),
    ]),
  );
  expect(JSON.stringify(problems)).not.toContain('s3cret');
  const ftp = observed({ overrides: { observability: { chartRepository: 'ftp://charts.zj.gov.internal' } } });
  expect(synthProblems(ftp.app).map((p) => p.message)).toContain('observability.chartRepository must be an oci:// or https:// chart repository, or file:///<absolute folder> of unpacked charts');
});

test('alerting without observability on the hub is refused', () => {
  const app = newApp();
  const hub = new ProvinceHub(app, 'zj', hubProps());
  hub
    .addIndustryCloud('health', { displayName: 'h', clusters: ['hz-a-core'] })
    .addTenant('wjw', { displayName: 'w', quota: { cpu: 1, memoryGi: 1 }, alerting: { receivers: [{ name: 'a', webhookUrl: 'https://im.zj.gov.internal/hook' }] } });
  expect(synthProblems(app).map((p) => p.message)).toEqual(['tenant "wjw" sets alerting, but the hub has no observability: its alerts would go nowhere']);
});

test("the shelf's own monitors: one PodMonitor per metrics endpoint, selecting the pods as each operator labels them", () => {
  const f = observed();
  f.hub.middleware.add(new KafkaOffering());
  f.app.synth();
  const monitors = manifests(stackJson(f.app, 'zj-hub')).filter((m) => m.kind === 'PodMonitor' && m.metadata.namespace === 'gov-lz-middleware');
  const on = (name: string) => monitors.filter((m) => m.metadata.name === name);
  // Once per cluster the offering runs on (the hub stack holds both clusters' objects, each with its provider).
  expect(on('gov-lz-postgres-instance')).toHaveLength(2);
  const pick = (name: string) => {
    const m = on(name)[0];
    return { selector: m.spec.selector.matchLabels, port: m.spec.podMetricsEndpoints[0].port, relabelings: m.spec.podMetricsEndpoints[0].relabelings };
  };
  expect(pick('gov-lz-postgres-instance')).toEqual({
    selector: { 'cnpg.io/cluster': 'postgres', 'cnpg.io/podRole': 'instance' },
    port: 'metrics',
    relabelings: [
      { action: 'replace', targetLabel: 'offering', replacement: 'postgres' },
      { action: 'replace', targetLabel: 'part', replacement: 'instance' },
    ],
  });
  expect(pick('gov-lz-redis-instance')).toMatchObject({ selector: { app: 'redis', redis_setup_type: 'replication' }, port: 'redis-exporter' });
  expect(pick('gov-lz-redis-sentinel')).toMatchObject({ selector: { app: 'redis-sentinel', redis_setup_type: 'sentinel' }, port: 'redis-exporter' });
  expect(pick('gov-lz-kafka-brokers')).toMatchObject({ selector: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/broker-role': 'true' }, port: 'tcp-prometheus' });
  expect(pick('gov-lz-kafka-controllers')).toMatchObject({ selector: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/controller-role': 'true' }, port: 'tcp-prometheus' });
  expect(pick('gov-lz-kafka-exporter')).toMatchObject({ selector: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'kafka-kafka-exporter' }, port: 'tcp-prometheus' });
  for (const m of monitors) expect({ name: m.metadata.name, problems: crds.validate(m) }).toEqual({ name: m.metadata.name, problems: [] });
  // The offering-down alerts read each offering's own "serves" series.
  const rule = manifests(stackJson(f.app, 'zj-hub')).find((m) => m.kind === 'PrometheusRule' && m.metadata.name === 'gov-lz-platform');
  const exprs = Object.fromEntries(rule.spec.groups[0].rules.filter((r: any) => r.labels.offering).map((r: any) => [r.labels.offering, r.expr]));
  expect(exprs).toEqual({
    kafka: 'absent(up{namespace="gov-lz-middleware",offering="kafka",part="brokers"} == 1)',
    postgres: 'absent(cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance"} == 1)',
    redis: 'absent(redis_up{namespace="gov-lz-middleware",offering="redis",part="instance"} == 1)',
  });
});

test('CloudNativePG makes no PodMonitor of its own: neither the Cluster nor the operator chart enables one', () => {
  const f = synthesized();
  const hub = stackJson(f.app, 'zj-hub');
  const clusters = manifests(hub).filter((m) => m.kind === 'Cluster');
  expect(clusters.length).toBeGreaterThan(0);
  for (const c of clusters) expect(c.spec.monitoring?.enablePodMonitor ?? false).toBe(false);
  const release = stackJson(f.app, 'zj-platform-hz-a-core').resource.helm_release;
  const cnpg = Object.values<any>(release).find((r) => r.chart === 'cloudnative-pg');
  expect(JSON.parse(cnpg.values[0]).monitoring.podMonitorEnabled).toBe(false);
});

test("the middleware namespace lets the hub's Prometheus, and only it, reach each offering's named metrics ports", () => {
  const f = observed();
  f.hub.middleware.add(new KafkaOffering());
  f.app.synth();
  const policies = stackJson(f.app, 'zj-hub').resource.kubernetes_network_policy_v1;
  const ports = (o: string) => {
    const p = policies[`${o}--hz-a-core--metrics`];
    expect(p.metadata).toMatchObject({ name: `${o}-metrics`, namespace: 'gov-lz-middleware' });
    expect(p.spec.pod_selector.match_labels).toEqual({ 'gov-lz.io/offering': o });
    const rule = p.spec.ingress[0];
    // Both selectors in one peer: Prometheus pods of gov-lz-system, not every pod there.
    expect(rule.from).toEqual([
      { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'gov-lz-system' } }, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
    return rule.ports.map((x: { port: string }) => x.port);
  };
  expect(ports('postgres')).toEqual(['metrics']);
  expect(ports('redis')).toEqual(['redis-exporter']);
  expect(ports('kafka')).toEqual(['tcp-prometheus']);
});
