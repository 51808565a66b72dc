import { parse } from '@bufbuild/cel';
import { CloudKind, CpuArch, DataClass, ICluster, ProvinceHubProps } from '../../lib';
import { domesticHardwarePolicy, domesticNodeSelector, nodeSelectorAnnotation } from '../../lib/placement/domestic-hardware';
import { artifact, hubProps, newHub, stackJson, synthProblems } from '../helpers';
import { admit, pod } from './cel';

const cluster = (over: Partial<ICluster>): ICluster => ({
  name: 'c',
  site: 's',
  cloud: CloudKind.PRIVATE,
  arch: CpuArch.ARM64,
  capacity: { cpu: 1, memoryGi: 1 },
  connection: {},
  nodePools: [],
  displayName: 'c',
  ...over,
});

describe('the node selector of domestic hardware', () => {
  test('without node pools: the architecture label', () => {
    expect(domesticNodeSelector(cluster({}))).toEqual({ 'kubernetes.io/arch': 'arm64' });
  });

  test('one ARM64 pool: all its labels; amd64 pools do not count', () => {
    const c = cluster({
      nodePools: [
        { name: 'x86', nodeLabels: { 'node.gov-lz.io/pool': 'x86' }, arch: CpuArch.AMD64 },
        { name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng', 'node.gov-lz.io/vendor': 'huawei' } },
      ],
    });
    expect(domesticNodeSelector(c)).toEqual({ 'kubernetes.io/arch': 'arm64', 'node.gov-lz.io/pool': 'kunpeng', 'node.gov-lz.io/vendor': 'huawei' });
    expect(nodeSelectorAnnotation(domesticNodeSelector(c))).toBe('kubernetes.io/arch=arm64,node.gov-lz.io/pool=kunpeng,node.gov-lz.io/vendor=huawei');
  });

  test('several ARM64 pools: the labels they all share, so pods may use any of them', () => {
    const c = cluster({
      nodePools: [
        { name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/xc': 'true', 'node.gov-lz.io/pool': 'kunpeng' } },
        { name: 'phytium', nodeLabels: { 'node.gov-lz.io/xc': 'true', 'node.gov-lz.io/pool': 'phytium' } },
      ],
    });
    expect(domesticNodeSelector(c)).toEqual({ 'kubernetes.io/arch': 'arm64', 'node.gov-lz.io/xc': 'true' });
  });
});

const pools = (props: ProvinceHubProps) => ({
  ...props,
  clusters: props.clusters.map((c) => (c.arch === CpuArch.ARM64 ? { ...c, nodePools: [{ name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng' } }] } : c)),
});

describe('an industry cloud that requires domestic hardware', () => {
  test('its tenants carry the node selector and the label on every cluster; inventory says so', () => {
    const { app, hub } = newHub(pools(hubProps()));
    const ic = hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core', 'hz-b-core'], requireDomesticHardware: true });
    ic.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 } });
    const other = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] });
    other.addTenant('jyt', { displayName: '教育厅', quota: { cpu: 8, memoryGi: 32 } });
    app.synth();
    const ns = stackJson(app, 'zj-egov').resource.kubernetes_namespace_v1['dsj--hz-b-core'];
    expect(ns.metadata.labels['gov-lz.io/domestic-hardware']).toBe('required');
    expect(ns.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('kubernetes.io/arch=arm64,node.gov-lz.io/pool=kunpeng');
    const plain = stackJson(app, 'zj-edu').resource.kubernetes_namespace_v1['jyt--hz-a-core'];
    expect(plain.metadata.labels['gov-lz.io/domestic-hardware']).toBeUndefined();
    expect(plain.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBeUndefined();
    const zj = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
    expect(zj.tenants.find((t: any) => t.code === 'dsj').domesticHardware).toEqual({
      requiredBy: 'industryCloud',
      nodeSelectors: { 'hz-a-core': 'kubernetes.io/arch=arm64,node.gov-lz.io/pool=kunpeng', 'hz-b-core': 'kubernetes.io/arch=arm64,node.gov-lz.io/pool=kunpeng' },
    });
    expect(zj.tenants.find((t: any) => t.code === 'jyt').domesticHardware).toBeUndefined();
    expect(zj.placementPolicy).toMatchObject({
      domesticHardwareIndustryClouds: ['egov'],
      domesticHardwareTenants: ['dsj'],
      domesticHardwarePolicy: { policy: 'gov-lz-domestic-hardware', clusters: ['hz-a-core', 'hz-b-core'] },
    });
  });

  test('an amd64 cluster does not qualify', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core', 'ali-burst'], requireDomesticHardware: true });
    expect(synthProblems(app)).toEqual([
      {
        code: 'not-domestic-hardware',
        path: 'zj/egov',
        value: 'ali-burst',
        message: 'industry cloud "egov" requires domestic hardware (信创), but cluster "ali-burst" is amd64; only ARM64 (鲲鹏/飞腾) clusters qualify',
        fix: 'place it on ARM64 clusters only (remove "ali-burst"), or set requireDomesticHardware: false if the policy does not apply',
      },
    ]);
  });

  test('an ARM64 cluster whose declared node pools are all amd64 does not qualify', () => {
    const props = hubProps();
    const clusters = props.clusters.map((c) => (c.name === 'hz-a-core' ? { ...c, nodePools: [{ name: 'x86', nodeLabels: { pool: 'x86' }, arch: CpuArch.AMD64 }] } : c));
    const { app, hub } = newHub({ clusters });
    hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core'], requireDomesticHardware: true });
    const [p] = synthProblems(app);
    expect(p).toMatchObject({ code: 'not-domestic-hardware', value: 'hz-a-core' });
    expect(p.message).toBe('industry cloud "egov" requires domestic hardware (信创), but none of the node pools cluster "hz-a-core" declares is ARM64');
  });

  test('a tenant cannot lift the requirement', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core'], requireDomesticHardware: true });
    ic.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, requireDomesticHardware: false });
    const [p] = synthProblems(app);
    expect(p).toMatchObject({ code: 'looser-than-industry-cloud', path: 'zj-egov/dsj', value: false });
    expect(p.message).toBe('tenant "dsj" sets requireDomesticHardware: false, but its industry cloud "egov" requires domestic hardware (信创); a department cannot lift that');
  });

  test('not a boolean', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core'], requireDomesticHardware: 'yes' as unknown as boolean });
    expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${p.message}`)).toEqual(['invalid-value zj/egov requireDomesticHardware must be true or false']);
  });
});

describe('a tenant that requires domestic hardware on its own', () => {
  test('gets the node placement on its clusters', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] });
    ic.addTenant('ksy', { displayName: '考试院', quota: { cpu: 8, memoryGi: 32 }, requireDomesticHardware: true });
    app.synth();
    const ns = stackJson(app, 'zj-edu').resource.kubernetes_namespace_v1['ksy--hz-a-core'];
    expect(ns.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('kubernetes.io/arch=arm64');
    const t = JSON.parse(artifact(app, 'inventory.json')).provinces[0].tenants[0];
    expect(t.domesticHardware).toEqual({ requiredBy: 'tenant', nodeSelectors: { 'hz-a-core': 'kubernetes.io/arch=arm64' } });
  });

  test('on an amd64 cluster, or bursting to one, is an error', () => {
    const { app, hub } = newHub({ dedicatedLineCidrs: ['10.20.0.0/24'] });
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core', 'ali-burst'], dataClass: DataClass.GENERAL });
    ic.addTenant('zlb', { displayName: '浙里办', quota: { cpu: 8, memoryGi: 32 }, requireDomesticHardware: true });
    const ic2 = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] });
    ic2.addTenant('ksy', { displayName: '考试院', quota: { cpu: 8, memoryGi: 32 }, requireDomesticHardware: true, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    const problems = synthProblems(app);
    expect(problems.map((p) => `${p.code} ${p.path} ${p.value}`)).toEqual(['not-domestic-hardware zj-portal/zlb ali-burst', 'not-domestic-hardware zj-edu/ksy ali-burst']);
    expect(problems[1].message).toMatch(/is amd64; only ARM64 \(鲲鹏\/飞腾\) clusters qualify \(its burst cluster\)$/);
    expect(problems[1].fix).toBe('remove burst, or burst to an ARM64 public cluster');
  });
});

describe('the admission policy', () => {
  const { policy, binding } = domesticHardwarePolicy() as any;

  test('selects namespaces labelled domestic-hardware=required and denies', () => {
    expect(policy.metadata.name).toBe('gov-lz-domestic-hardware');
    expect(policy.spec.validations[0].expression).toBe(
      "has(object.spec.nodeSelector) && 'kubernetes.io/arch' in object.spec.nodeSelector && object.spec.nodeSelector['kubernetes.io/arch'] == 'arm64'",
    );
    expect(() => parse(policy.spec.validations[0].expression)).not.toThrow();
    expect(binding.spec).toEqual({
      policyName: 'gov-lz-domestic-hardware',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'gov-lz.io/domestic-hardware': 'required' } } },
    });
  });

  test('admits pods placed on arm64 nodes (as PodNodeSelector leaves them), rejects the rest', () => {
    const c = [{ name: 'a', image: 'harbor.zj.gov.internal/a:1' }];
    expect(admit(policy, pod({ containers: c, nodeSelector: { 'kubernetes.io/arch': 'arm64', 'node.gov-lz.io/pool': 'kunpeng' } }))).toBeUndefined();
    const message = admit(policy, pod({ containers: c }));
    expect(message).toMatch(/^this namespace requires domestic hardware \(信创\): the pod must select kubernetes.io\/arch: arm64/);
    expect(admit(policy, pod({ containers: c, nodeSelector: { 'kubernetes.io/arch': 'amd64' } }))).toBe(message);
    expect(admit(policy, pod({ containers: c, nodeSelector: { disk: 'ssd' } }))).toBe(message);
  });

  test('installed by the hub stack on ARM64 clusters only', () => {
    const { app } = newHub();
    app.synth();
    const names = Object.keys(stackJson(app, 'zj-hub').resource.kubernetes_manifest).filter((n) => n.startsWith('gov-lz-domestic-hardware'));
    expect(names.sort()).toEqual([
      'gov-lz-domestic-hardware--hz-a-core',
      'gov-lz-domestic-hardware--hz-a-core--binding',
      'gov-lz-domestic-hardware--hz-b-core',
      'gov-lz-domestic-hardware--hz-b-core--binding',
    ]);
  });
});
