import { CloudKind, CpuArch, DataClass, Problem } from '../../lib';
import { effectiveDataClass } from '../../lib/placement/data-class';
import { artifact, hubProps, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

/** Problems of the placement layer; the hub's compliance pack reports its own (e.g. MLPS3-21, one production site), tested in test/compliance. */
const placementOnly = (problems: Problem[]) => problems.filter((p) => !p.code.startsWith('MLPS3-'));

test('the effective class is the stricter of the tenant and its industry cloud', () => {
  expect(effectiveDataClass(undefined, DataClass.IMPORTANT)).toBe(DataClass.IMPORTANT);
  expect(effectiveDataClass(DataClass.CORE, DataClass.IMPORTANT)).toBe(DataClass.CORE);
  expect(effectiveDataClass(DataClass.GENERAL, DataClass.IMPORTANT)).toBe(DataClass.IMPORTANT);
  expect(effectiveDataClass('CORE', DataClass.GENERAL)).toBe(DataClass.CORE);
  expect(effectiveDataClass('SECRET', DataClass.GENERAL)).toBe(DataClass.GENERAL);
});

describe('an industry cloud on a public cluster', () => {
  test('IMPORTANT data on a public cluster is an error naming the cluster', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'ali-burst'], dataClass: DataClass.IMPORTANT });
    const problems = synthProblems(app);
    expect(placementOnly(problems)).toEqual([
      {
        code: 'data-class-on-public-cloud',
        path: 'zj/health',
        value: 'ali-burst',
        message: 'industry cloud "health" holds IMPORTANT data (重要数据), which must stay on the private government cloud, but cluster "ali-burst" is on a PUBLIC cloud',
        fix: 'remove "ali-burst" from its clusters (use a PRIVATE cluster), or, if the data really is GENERAL, classify it DataClass.GENERAL',
      },
    ]);
  });

  test('CORE on two public clusters: one problem each', () => {
    const clusters = [
      ...hubProps().clusters,
      { name: 'tx-burst', site: 'ali-hz', cloud: CloudKind.PUBLIC, arch: CpuArch.AMD64, capacity: { cpu: 10, memoryGi: 40 }, connection: { configPath: '~/.kube/config' } },
    ];
    const { app, hub } = newHub({ clusters });
    hub.addIndustryCloud('safety', { displayName: '公共安全', clusters: ['ali-burst', 'tx-burst'], dataClass: DataClass.CORE });
    expect(placementOnly(synthProblems(app)).map((p) => `${p.code}:${p.value}`)).toEqual(['data-class-on-public-cloud:ali-burst', 'data-class-on-public-cloud:tx-burst']);
  });

  test('GENERAL data may run there: tenants get a public namespace labelled general', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core', 'ali-burst'] });
    ic.addTenant('zlb', { displayName: '浙里办', quota: { cpu: 4, memoryGi: 16 } });
    app.synth();
    const ns = stackJson(app, 'zj-portal').resource.kubernetes_namespace_v1['zlb--ali-burst'];
    expect(ns.metadata.labels).toMatchObject({ 'gov-lz.io/cloud': 'public', 'gov-lz.io/data-class': 'general' });
  });
});

describe('a tenant data class', () => {
  test('stricter than its industry cloud: labelled and inventoried with its own class', () => {
    const { app, hub } = newHub({ recovery: RECOVERY });
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    const t = ic.addTenant('cdc', { displayName: '疾控中心', quota: { cpu: 4, memoryGi: 16 }, dataClass: DataClass.CORE });
    const other = ic.addTenant('yjj', { displayName: '药监局', quota: { cpu: 4, memoryGi: 16 } });
    expect(t.dataClass).toBe(DataClass.CORE);
    expect(other.dataClass).toBe(DataClass.IMPORTANT);
    app.synth();
    const ns = stackJson(app, 'zj-health').resource.kubernetes_namespace_v1;
    expect(ns['cdc--hz-a-core'].metadata.labels['gov-lz.io/data-class']).toBe('core');
    expect(ns['yjj--hz-a-core'].metadata.labels['gov-lz.io/data-class']).toBe('important');
    const tenants = JSON.parse(artifact(app, 'inventory.json')).provinces[0].tenants;
    expect(tenants.map((x: any) => `${x.code}:${x.dataClass}`)).toEqual(['cdc:CORE', 'yjj:IMPORTANT']);
  });

  test('looser than its industry cloud is an error', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], dataClass: DataClass.CORE });
    ic.addTenant('cdc', { displayName: '疾控中心', quota: { cpu: 4, memoryGi: 16 }, dataClass: DataClass.GENERAL });
    expect(placementOnly(synthProblems(app))).toEqual([
      {
        code: 'looser-than-industry-cloud',
        path: 'zj-health/cdc',
        value: 'GENERAL',
        message: 'tenant "cdc" declares GENERAL data, looser than CORE of its industry cloud "health"; a department may be stricter than its industry cloud, never looser',
        fix: 'remove dataClass (it inherits CORE), or set DataClass.CORE or stricter; a department with GENERAL data belongs in a GENERAL industry cloud',
      },
    ]);
  });

  test('stricter than a GENERAL cloud that has a public cluster is an error at the tenant', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core', 'ali-burst'] });
    ic.addTenant('gat', { displayName: '公安厅', quota: { cpu: 4, memoryGi: 16 }, dataClass: DataClass.IMPORTANT });
    const [p, ...rest] = placementOnly(synthProblems(app));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'data-class-on-public-cloud', path: 'zj-portal/gat', value: 'ali-burst' });
    expect(p.message).toMatch(/^tenant "gat" holds IMPORTANT data/);
  });

  test('a value that is not a DataClass', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core'] });
    ic.addTenant('gat', { displayName: '公安厅', quota: { cpu: 4, memoryGi: 16 }, dataClass: 'SECRET' as unknown as DataClass });
    expect(synthProblems(app)).toEqual([
      { code: 'invalid-value', path: 'zj-portal/gat', value: 'SECRET', message: 'dataClass is not a DataClass', fix: 'use DataClass.GENERAL, DataClass.IMPORTANT or DataClass.CORE' },
    ]);
  });

  test('the value string works as well as the class (plain JavaScript, published hubs)', () => {
    const { app, hub } = newHub({ recovery: RECOVERY });
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    const t = ic.addTenant('cdc', { displayName: '疾控中心', quota: { cpu: 4, memoryGi: 16 }, dataClass: 'CORE' as unknown as DataClass });
    expect(t.dataClass).toBe(DataClass.CORE);
    app.synth();
  });
});
