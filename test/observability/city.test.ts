/** A city project's `alerting` on a published hub: bound when the hub publishes its observability, refused when it runs none. */
import { DataClass, HubContract, LandingZoneStack, ProvinceHub, PublishedHub } from '../../lib';
import { newApp, newHub, stackJson, synthProblems } from '../helpers';
import { CrdSchemas } from '../schema';
import { OBSERVABILITY } from './fixture';

const crds = new CrdSchemas(['prometheus-operator']);

function hubContract(observability: boolean): HubContract {
  const { hub } = newHub(observability ? { observability: { ...OBSERVABILITY, smtp: { smarthost: 'smtp.zj.gov.internal:25', from: 'alerts@zj.gov.cn' } } } : {});
  hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  hub.addIndustryCloud('citizen', { displayName: '便民服务', clusters: ['ali-burst'], dataClass: DataClass.GENERAL });
  return hub.contract();
}

function city(observability: boolean) {
  const app = newApp();
  const stack = new LandingZoneStack(app, 'hz-city');
  const zj = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(hubContract(observability), 'zj-hub.json'));
  const health = zj.industryCloud('health');
  health.addTenant('hz-wjw', {
    displayName: '杭州市卫生健康委员会',
    quota: { cpu: 8, memoryGi: 32 },
    alerting: {
      receivers: [
        { name: 'hz-wjw-oncall', webhookUrl: 'https://im.hz.gov.internal/hook/wjw' },
        { name: 'hz-wjw-mail', email: 'oncall@wjw.hangzhou.gov.cn' },
      ],
    },
  });
  health.addTenant('hz-ybj', { displayName: '杭州市医疗保障局', quota: { cpu: 8, memoryGi: 32 } });
  return { app, stack };
}

test('the hub publishes its monitoring: clusters, retention, the operations centre’s receivers and mail relay', () => {
  expect(hubContract(true).observability).toEqual({
    chart: { name: 'kube-prometheus-stack', version: '88.5.3' },
    clusters: ['hz-a-core', 'hz-b-core'],
    retentionDays: 180,
    receivers: [{ name: 'zj-ops', webhookUrl: 'https://im.zj.gov.internal/hook/zj-ops' }],
    smtp: { smarthost: 'smtp.zj.gov.internal:25', from: 'alerts@zj.gov.cn' },
  });
  expect(hubContract(false).observability).toBeUndefined();
});

test("a city tenant's alerting is bound: its rules, routing and dashboard in its namespaces on the hub's monitored clusters", () => {
  const { app } = city(true);
  app.synth();
  const res = stackJson(app, 'hz-city').resource;
  const manifests = Object.entries<any>(res.kubernetes_manifest ?? {});
  for (const c of ['hz-a-core', 'hz-b-core']) {
    const rule = res.kubernetes_manifest[`hz-wjw--${c}--prometheusrule-gov-lz-department`];
    expect(rule.provider).toBe(`kubernetes.${c}`);
    expect(rule.depends_on).toEqual([`kubernetes_namespace_v1.hz-wjw--${c}`]);
    expect(res.kubernetes_namespace_v1[`hz-wjw--${c}`]).toBeDefined();
    expect(rule.manifest.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert)[0].labels).toMatchObject({ layer: 'application', owner: 'hz-wjw' });
    const amc = res.kubernetes_manifest[`hz-wjw--${c}--alertmanagerconfig-gov-lz-alerting`].manifest;
    expect(amc.spec.receivers).toEqual([
      { name: 'hz-wjw-oncall', webhookConfigs: [{ url: 'https://im.hz.gov.internal/hook/wjw', sendResolved: true }] },
      // The hub's mail relay, from the contract.
      { name: 'hz-wjw-mail', emailConfigs: [{ to: 'oncall@wjw.hangzhou.gov.cn', sendResolved: true, smarthost: 'smtp.zj.gov.internal:25', from: 'alerts@zj.gov.cn' }] },
    ]);
    expect(res.kubernetes_config_map_v1[`hz-wjw--${c}--configmap-gov-lz-dashboard`].metadata.annotations).toEqual({ grafana_folder: 'hz-wjw' });
  }
  // A city tenant without receivers is routed to the province's operations centre, as a hub tenant is.
  expect(res.kubernetes_manifest['hz-ybj--hz-a-core--alertmanagerconfig-gov-lz-alerting'].manifest.spec.receivers).toEqual([
    { name: 'zj-ops', webhookConfigs: [{ url: 'https://im.zj.gov.internal/hook/zj-ops', sendResolved: true }] },
  ]);
  // Every monitoring object validates against the pinned CRDs; the hub's own stack and platform objects are not the city's.
  const monitoring = manifests.map(([, m]) => m.manifest).filter((m) => m.apiVersion.startsWith('monitoring.coreos.com'));
  expect(monitoring.length).toBe(8);
  for (const m of monitoring) expect({ name: `${m.kind} ${m.metadata.namespace}`, problems: crds.validate(m) }).toEqual({ name: `${m.kind} ${m.metadata.namespace}`, problems: [] });
  expect(Object.keys(res.helm_release ?? {})).toEqual([]);
  expect(manifests.filter(([, m]) => m.manifest.kind === 'PodMonitor' || m.manifest.kind === 'CronJob')).toEqual([]);
});

test("a city tenant's alerting on a hub that runs no observability is refused, saying why and what to do", () => {
  const { app } = city(false);
  const problems = synthProblems(app);
  expect(problems.map((p) => p.message)).toEqual([
    'tenant "hz-wjw" sets alerting, but the published hub "zj" runs no observability (its contract has no observability section): its alerts would go nowhere',
  ]);
  expect(problems[0].fix).toBe("remove alerting from the tenant, or ask the province's platform team to set observability on the hub and publish its contract again");
});
