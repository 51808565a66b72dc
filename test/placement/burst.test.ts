import { App } from 'cdktf';
import { BurstOptions, DataClass, IIndustryCloud, ITenant, LandingZoneStack, Problem, ProvinceHub, ProvinceHubProps, Tenant } from '../../lib';
import { artifact, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

const LINE = { dedicatedLineCidrs: ['10.20.0.0/24', '10.21.8.0/28'] };
const quota = { cpu: 32, memoryGi: 128, storageGi: 256, pods: 200 };

/** A hub with a dedicated line and a GENERAL industry cloud on the two private clusters. */
function portal(overrides: Partial<ProvinceHubProps> = LINE, dataClass = DataClass.GENERAL): { app: App; hub: ProvinceHub; ic: IIndustryCloud } {
  const { app, hub } = newHub(overrides);
  const ic = hub.addIndustryCloud('egov', { displayName: '政务服务行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass });
  return { app, hub, ic };
}

function bursting(burst: BurstOptions | unknown = { cluster: 'ali-burst', maxCpu: 64 }, overrides?: Partial<ProvinceHubProps>) {
  const env = portal(overrides);
  const tenant = env.ic.addTenant('zlb', { displayName: '浙里办运营中心', quota, admins: ['zlb-admins'], burst: burst as BurstOptions });
  return { ...env, tenant };
}

const resources = (app: App) => stackJson(app, 'zj-egov').resource;
/** A finding of the hub's compliance pack (tested in test/compliance), beside the placement layer's own problems. */
const compliance = (p: Problem) => p.code.startsWith('MLPS3-');

describe('the burst landing zone on the public cluster', () => {
  const { app, tenant } = bursting();
  app.synth();
  const r = resources(app);

  test('namespace, quota, limit range, default-deny network with the dedicated line, RBAC — and no secret', () => {
    const onBurst = Object.entries(r)
      .flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`))
      .filter((a) => a.includes('--ali-burst'))
      .sort();
    expect(onBurst).toEqual([
      'kubernetes_limit_range_v1.zlb--ali-burst',
      'kubernetes_namespace_v1.zlb--ali-burst',
      'kubernetes_network_policy_v1.zlb--ali-burst--allow-dedicated-line',
      'kubernetes_network_policy_v1.zlb--ali-burst--allow-dns',
      'kubernetes_network_policy_v1.zlb--ali-burst--allow-from-gateway',
      'kubernetes_network_policy_v1.zlb--ali-burst--allow-same-namespace',
      'kubernetes_network_policy_v1.zlb--ali-burst--default-deny',
      'kubernetes_resource_quota_v1.zlb--ali-burst',
      'kubernetes_role_binding_v1.zlb--ali-burst--admins',
      'kubernetes_role_binding_v1.zlb--ali-burst--deployer',
      'kubernetes_service_account_v1.zlb--ali-burst--deployer',
    ]);
    expect(Object.keys(r).filter((t) => /secret/.test(t))).toEqual([]);
    for (const byName of Object.values(r) as Array<Record<string, any>>) {
      for (const [name, body] of Object.entries(byName)) if (name.includes('--ali-burst')) expect(body.provider).toBe('kubernetes.ali-burst');
    }
  });

  test('the industry stack holds a provider for the public cluster', () => {
    const aliases = stackJson(app, 'zj-egov').provider.kubernetes.map((p: any) => p.alias);
    expect(aliases).toEqual(['hz-a-core', 'hz-b-core', 'ali-burst']);
  });

  test('namespace labels: public cloud, GENERAL data, placement burst', () => {
    expect(r.kubernetes_namespace_v1['zlb--ali-burst'].metadata.labels).toMatchObject({
      'gov-lz.io/tenant': 'zlb',
      'gov-lz.io/cloud': 'public',
      'gov-lz.io/data-class': 'general',
      'gov-lz.io/placement': 'burst',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(r.kubernetes_namespace_v1['zlb--hz-a-core'].metadata.labels['gov-lz.io/placement']).toBeUndefined();
  });

  test('its own quota, bounded by the option: memory at the home ratio, no storage, pods unlimited', () => {
    expect(r.kubernetes_resource_quota_v1['zlb--ali-burst'].spec.hard).toEqual({
      'requests.cpu': '64',
      'limits.cpu': '64',
      'requests.memory': '256Gi',
      'limits.memory': '256Gi',
      'requests.storage': '0',
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    });
    expect(r.kubernetes_resource_quota_v1['zlb--hz-a-core'].spec.hard['requests.cpu']).toBe('32');
  });

  test('egress: only DNS, its own pods and the dedicated-line CIDRs on 443', () => {
    const np = (n: string) => r.kubernetes_network_policy_v1[`zlb--ali-burst--${n}`].spec;
    expect(np('default-deny')).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    expect(np('allow-dedicated-line')).toEqual({
      pod_selector: {},
      policy_types: ['Egress'],
      egress: [{ to: [{ ip_block: { cidr: '10.20.0.0/24' } }, { ip_block: { cidr: '10.21.8.0/28' } }], ports: [{ port: '443', protocol: 'TCP' }] }],
    });
    const egressPolicies = Object.entries(r.kubernetes_network_policy_v1)
      .filter(([n, b]: [string, any]) => n.startsWith('zlb--ali-burst') && b.spec.egress)
      .map(([n]) => n)
      .sort();
    expect(egressPolicies).toEqual(['zlb--ali-burst--allow-dedicated-line', 'zlb--ali-burst--allow-dns', 'zlb--ali-burst--allow-same-namespace']);
    expect(r.kubernetes_network_policy_v1['zlb--hz-a-core--allow-dedicated-line']).toBeUndefined();
  });

  test('placements end with the burst placement; addresses include it', () => {
    expect(tenant.placements.map((p) => `${p.cluster.name}:${p.kind}:${p.quota.cpu}`)).toEqual(['hz-a-core:home:32', 'hz-b-core:home:32', 'ali-burst:burst:64']);
    expect(tenant.addresses().filter((a) => a.cluster === 'ali-burst')).toHaveLength(11);
  });

  test('inventory: the burst field, the PUBLIC placement, the data class', () => {
    const zj = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
    const t = zj.tenants.find((x: any) => x.code === 'zlb');
    expect(t.burst).toEqual({
      cluster: 'ali-burst',
      namespace: 'zlb',
      maxCpu: 64,
      maxMemoryGi: 256,
      maxStorageGi: 0,
      egressCidrs: ['10.20.0.0/24', '10.21.8.0/28'],
      egressPorts: [443],
    });
    expect(t.placements[2]).toEqual({ cluster: 'ali-burst', namespace: 'zlb', cloud: 'PUBLIC', quota: { cpu: 64, memoryGi: 256, storageGi: 0 } });
    expect(t.dataClass).toBe('GENERAL');
    expect(zj.placementPolicy.burstingTenants).toEqual([{ tenant: 'zlb', industryCloud: 'egov', cluster: 'ali-burst', maxCpu: 64, maxMemoryGi: 256 }]);
    expect(zj.clusters.find((c: any) => c.name === 'ali-burst').allocated).toMatchObject({ cpu: 64, memoryGi: 256 });
  });
});

test('explicit memory, pods and storage; the hub sets the dedicated-line ports', () => {
  const { app } = bursting({ cluster: 'ali-burst', maxCpu: 16, maxMemoryGi: 40, maxPods: 120, maxStorageGi: 10 }, { ...LINE, dedicatedLinePorts: [443, 8443] });
  app.synth();
  const r = resources(app);
  expect(r.kubernetes_resource_quota_v1['zlb--ali-burst'].spec.hard).toMatchObject({ 'requests.cpu': '16', 'requests.memory': '40Gi', 'requests.storage': '10Gi', pods: '120' });
  expect(r.kubernetes_network_policy_v1['zlb--ali-burst--allow-dedicated-line'].spec.egress[0].ports).toEqual([
    { port: '443', protocol: 'TCP' },
    { port: '8443', protocol: 'TCP' },
  ]);
  const t = JSON.parse(artifact(app, 'inventory.json')).provinces[0].tenants[0];
  expect(t.burst).toMatchObject({ maxCpu: 16, maxMemoryGi: 40, maxPods: 120, maxStorageGi: 10, egressPorts: [443, 8443] });
});

test('a tenant without burst has no burst field and no placement on the public cluster', () => {
  const { app, ic } = portal();
  const t = ic.addTenant('zwfw', { displayName: '省政务服务中心', quota });
  app.synth();
  expect(t.placements.map((p) => p.cluster.name)).toEqual(['hz-a-core', 'hz-b-core']);
  const inv = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
  expect('burst' in inv.tenants[0]).toBe(false);
  expect(inv.placementPolicy.burstingTenants).toEqual([]);
  expect(stackJson(app, 'zj-egov').provider.kubernetes.map((p: any) => p.alias)).toEqual(['hz-a-core', 'hz-b-core']);
});

test('burst addresses come from codes, not from where the tenant sits in the tree', () => {
  const { app, hub } = newHub(LINE);
  const ic = hub.addIndustryCloud('egov', { displayName: '政务服务行业云', clusters: ['hz-a-core'] });
  const stack = new LandingZoneStack(app, 'city');
  new Tenant(stack, 'deep-id', { industryCloud: ic, code: 'zlb', displayName: '浙里办', quota, burst: { cluster: 'ali-burst', maxCpu: 8 } });
  app.synth();
  const names = Object.keys(stackJson(app, 'city').resource.kubernetes_namespace_v1);
  expect(names.sort()).toEqual(['zlb--ali-burst', 'zlb--hz-a-core']);
});

describe('checks', () => {
  const problems = (build: (ic: IIndustryCloud, hub: ProvinceHub) => ITenant | void, overrides: Partial<ProvinceHubProps> = LINE, dataClass = DataClass.GENERAL) => {
    const { app, hub, ic } = portal(overrides, dataClass);
    build(ic, hub);
    return synthProblems(app);
  };
  const add =
    (burst: unknown, extra: Record<string, unknown> = {}) =>
    (ic: IIndustryCloud) =>
      ic.addTenant('zlb', { displayName: '浙里办', quota, burst: burst as BurstOptions, ...extra });

  test('IMPORTANT data never bursts to a public cluster', () => {
    // With backups, as IMPORTANT data needs them (MLPS3-22).
    const all = problems(add({ cluster: 'ali-burst', maxCpu: 64 }), { ...LINE, recovery: RECOVERY }, DataClass.IMPORTANT);
    // The compliance pack agrees, on the namespace the burst would write (MLPS3-14, security labels).
    expect(all.filter(compliance).map((x) => `${x.code} ${x.value}`)).toEqual(['MLPS3-14 kubernetes_namespace_v1.zlb--ali-burst']);
    const [p, ...rest] = all.filter((x) => !compliance(x));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'data-class-on-public-cloud', path: 'zj-egov/zlb', value: 'ali-burst' });
    expect(p.message).toBe('tenant "zlb" holds IMPORTANT data (重要数据), which must stay on the private government cloud, but cluster "ali-burst" is on a PUBLIC cloud (its burst cluster)');
    expect(p.fix).toBe('remove burst: only departments with GENERAL data may burst to a public cloud');
  });

  test('a tenant that declares CORE data in a GENERAL cloud cannot burst either', () => {
    const codes = problems(add({ cluster: 'ali-burst', maxCpu: 64 }, { dataClass: DataClass.CORE }))
      .filter((p) => !compliance(p))
      .map((p) => `${p.code}:${p.value}`);
    expect(codes).toEqual(['data-class-on-public-cloud:ali-burst']);
  });

  test('the burst cluster must be a known PUBLIC cluster that is not already one of the industry cloud', () => {
    expect(problems(add({ cluster: 'ali-nowhere', maxCpu: 8 }))).toEqual([
      {
        code: 'unknown-cluster',
        path: 'zj-egov/zlb',
        value: 'ali-nowhere',
        message: 'burst.cluster "ali-nowhere" is not a cluster of the hub',
        fix: 'use one of the public clusters: ali-burst',
      },
    ]);
    const [priv] = problems(add({ cluster: 'hz-a-core', maxCpu: 8 }));
    expect(priv).toMatchObject({ code: 'duplicate', value: 'hz-a-core' });
    const { app, hub } = newHub(LINE);
    const ic = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'] });
    ic.addTenant('zlb', { displayName: '浙里办', quota, burst: { cluster: 'hz-b-core', maxCpu: 8 } });
    const [notPublic] = synthProblems(app);
    expect(notPublic).toMatchObject({ code: 'not-public-cluster', value: 'hz-b-core' });
    expect(notPublic.message).toBe('burst.cluster "hz-b-core" is a PRIVATE cluster; a department bursts to a PUBLIC cluster');
    expect(notPublic.fix).toBe("use a public cluster (ali-burst); to use more private clusters, add them to the industry cloud's clusters");
  });

  test('a hub without a dedicated line lets nobody burst', () => {
    const [p] = problems(add({ cluster: 'ali-burst', maxCpu: 8 }), {});
    expect(p).toMatchObject({ code: 'no-dedicated-line', value: 'ali-burst' });
    expect(p.message).toBe('tenant "zlb" bursts to "ali-burst", but the hub declares no dedicated line (dedicatedLineCidrs), so its namespace there would reach nothing on the private side');
  });

  test('bad burst options are reported, all at once', () => {
    const got = problems(add({ cluster: 'ali-burst', maxCpu: -1, maxPods: 2.5, maxMemoryGi: 'lots', maxMem: 4 })).map((p) => `${p.code} ${JSON.stringify(p.value)} ${p.message}`);
    expect(got).toEqual([
      'invalid-value "maxMem" burst.maxMem is not a burst option',
      'invalid-quantity -1 burst.maxCpu must be at least 0.001',
      'invalid-quantity "lots" burst.maxMemoryGi must be a finite number',
      'invalid-quantity 2.5 burst.maxPods must be a whole number',
    ]);
    expect(problems(add('ali-burst')).map((p) => p.message)).toEqual(['burst must be an object']);
    expect(problems(add({ maxCpu: 8 })).map((p) => p.code)).toEqual(['missing-value']);
  });

  test('the burst quota counts against the public cluster capacity', () => {
    const [p] = problems(add({ cluster: 'ali-burst', maxCpu: 150 }));
    expect(p).toMatchObject({ code: 'over-capacity', path: 'zj/clusters/ali-burst', value: 150 });
    expect(p.message).toMatch(/^quotas on cluster "ali-burst" add up to 150 cores, above its capacity of 100; largest: zj-egov\/zlb 150/);
  });
});
