import { DataClass, LandingZoneStack, Tenant } from '../../lib';
import { importIdOf } from '../../lib/state/moves';
import { artifact, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

const wjw = { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 }, admins: ['wjw-admins'] };

function province() {
  // IMPORTANT clouds are backed up (MLPS3-22): each tenant's Velero Schedules move with it like its other objects.
  const { app, hub } = newHub({ recovery: RECOVERY });
  const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
  const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
  const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core'] });
  return { app, hub, health, egov, edu };
}

describe('moving a tenant to another industry cloud', () => {
  test('the new stack imports every object with its Kubernetes id; the old stack forgets them', () => {
    const { app, egov } = province();
    egov.addTenant('wjw', { ...wjw, movedFrom: { industryCloud: 'health' } });
    app.synth();
    const now = stackJson(app, 'zj-egov');
    const before = stackJson(app, 'zj-health');
    const ids = Object.fromEntries(now.import.map((b: any) => [b.to, b.id]));
    expect(ids['kubernetes_namespace_v1.wjw--hz-a-core']).toBe('wjw');
    expect(ids['kubernetes_resource_quota_v1.wjw--hz-b-core']).toBe('wjw/tenant-quota');
    expect(ids['kubernetes_limit_range_v1.wjw--hz-a-core']).toBe('wjw/tenant-defaults');
    expect(ids['kubernetes_network_policy_v1.wjw--hz-a-core--default-deny']).toBe('wjw/default-deny');
    expect(ids['kubernetes_role_binding_v1.wjw--hz-a-core--admins']).toBe('wjw/tenant-admins');
    expect(ids['kubernetes_service_account_v1.wjw--hz-b-core--deployer']).toBe('wjw/deployer');
    const declared = Object.entries(now.resource)
      .flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`))
      .sort();
    expect(Object.keys(ids)).toEqual(declared);
    // An import block never names a provider: Terraform takes it from the resource.
    expect(now.import.every((b: any) => Object.keys(b).sort().join() === 'id,to')).toBe(true);
    expect(before.removed.map((b: any) => b.from)).toEqual(declared);
    expect(before.removed.every((b: any) => b.lifecycle.destroy === false)).toBe(true);
    expect(before.resource).toBeUndefined();
    expect(before.provider.kubernetes.map((p: any) => p.alias).sort()).toEqual(['hz-a-core', 'hz-b-core']);
    expect(now.terraform.required_version).toBe('>= 1.7.0');
    expect(before.terraform.required_version).toBe('>= 1.7.0');
    const t = JSON.parse(artifact(app, 'inventory.json')).provinces[0].tenants[0];
    expect(t.movedFrom).toEqual({ industryCloud: 'health', stack: 'zj-health' });
    expect(t.industryCloud).toBe('egov');
  });

  test('to an industry cloud on fewer clusters: only what stays is imported, the rest is forgotten and reported', () => {
    const { app, edu, health } = province();
    const t = edu.addTenant('wjw', { ...wjw, movedFrom: { industryCloud: health } });
    app.synth();
    const imported = stackJson(app, 'zj-education').import.map((b: any) => b.to);
    expect(imported.every((a: string) => a.includes('--hz-a-core'))).toBe(true);
    const removed = stackJson(app, 'zj-health').removed.map((b: any) => b.from);
    expect(removed).toContain('kubernetes_namespace_v1.wjw--hz-b-core');
    expect(removed).toContain('kubernetes_network_policy_v1.wjw--hz-b-core--default-deny');
    expect(removed).toHaveLength(2 * imported.length);
    const warnings = t.node.metadata.map((m) => m.data);
    expect(warnings).toEqual([
      'moving from industry cloud "health" leaves namespace "wjw" on hz-b-core: Terraform forgets it there and does not delete it; delete it by hand once the department\'s data has moved',
    ]);
  });

  test('within one stack (a city project): nothing to import, what the tenant leaves is forgotten, not destroyed', () => {
    const { app, hub } = province();
    const city = new LandingZoneStack(app, 'hz-city');
    new Tenant(city, 'hz-wjw', { ...wjw, industryCloud: hub.industryCloud('education'), movedFrom: { industryCloud: 'health' } });
    app.synth();
    const json = stackJson(app, 'hz-city');
    expect(json.import).toBeUndefined();
    expect(json.removed.map((b: any) => b.from)).toEqual(
      Object.keys(json.resource)
        .flatMap((type) => Object.keys(json.resource[type]).map((n) => `${type}.${n.replace('hz-a-core', 'hz-b-core')}`))
        .sort(),
    );
  });

  test('a move to an explicit stack name, and to names that do not exist', () => {
    const { app, egov } = province();
    const old = new LandingZoneStack(app, 'zj-legacy');
    egov.addTenant('wjw', { ...wjw, movedFrom: { stack: 'zj-legacy' } });
    egov.addTenant('ybj', { ...wjw, movedFrom: { stack: 'zj-nowhere' } });
    egov.addTenant('cdc', { ...wjw, movedFrom: { industryCloud: 'helth' } });
    const problems = synthProblems(app);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual([
      // The misspelled industry cloud is a root cause: first.
      ['unknown-industry-cloud', 'zj-egov/cdc', 'helth'],
      ['unknown-stack', 'zj-egov/ybj', 'zj-nowhere'],
    ]);
    expect(problems[1].fix).toMatch(/^use one of: zj-education, zj-egov, (zj-failover-hz-a-core, zj-failover-hz-b-core, )?zj-health, zj-hub, zj-legacy, zj-platform-ali-burst/);
    expect(problems[0].message).toBe('movedFrom.industryCloud: no industry cloud "helth"; known: health, egov, education');
    expect(old.node.tryFindChild('GovLzMoves')).toBeDefined();
  });

  test('forgetting an address the old stack still declares is refused', () => {
    const { app, health, egov } = province();
    health.addTenant('wjw', wjw);
    egov.addTenant('wjw', { ...wjw, movedFrom: { industryCloud: 'health' } });
    const problems = synthProblems(app);
    expect(problems.map((p) => p.code)).toContain('move-conflict');
    expect(problems.find((p) => p.code === 'move-conflict')!.message).toMatch(/^stack "zj-health" both declares kubernetes_\S+ and forgets it/);
  });

  test('movedFrom naming where the tenant is: a warning, no blocks', () => {
    const { app, health } = province();
    const t = health.addTenant('wjw', { ...wjw, movedFrom: { industryCloud: 'health' } });
    app.synth();
    expect(stackJson(app, 'zj-health').removed).toBeUndefined();
    expect(t.node.metadata.map((m) => m.data)).toContain('movedFrom names where the tenant is now, so nothing moves; remove movedFrom');
  });

  test('two synths give the same blocks', () => {
    const run = () => {
      const { app, egov } = province();
      egov.addTenant('wjw', { ...wjw, movedFrom: { industryCloud: 'health' } });
      egov.addTenant('cdc', { ...wjw, movedFrom: { industryCloud: 'health' } });
      app.synth();
      return JSON.stringify([stackJson(app, 'zj-egov').import, stackJson(app, 'zj-health').removed]);
    };
    expect(run()).toBe(run());
  });
});

test('a bursting tenant: its public-cloud namespace moves too, and the old stack keeps that provider', () => {
  const { app, hub } = newHub({ dedicatedLineCidrs: ['10.20.0.0/24'] });
  hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
  const culture = hub.addIndustryCloud('culture', { displayName: '文旅', clusters: ['hz-a-core', 'hz-b-core'] });
  culture.addTenant('ksy', { ...wjw, burst: { cluster: 'ali-burst', maxCpu: 16 }, movedFrom: { industryCloud: 'education' } });
  app.synth();
  const imported = stackJson(app, 'zj-culture').import.map((b: any) => b.to);
  expect(imported).toContain('kubernetes_namespace_v1.ksy--ali-burst');
  expect(imported.filter((a: string) => a.includes('--ali-burst')).length).toBeGreaterThan(5);
  const old = stackJson(app, 'zj-education');
  expect(old.removed.map((b: any) => b.from)).toEqual([...imported].sort());
  expect(old.provider.kubernetes.map((p: any) => p.alias).sort()).toEqual(['ali-burst', 'hz-a-core', 'hz-b-core']);
});

test('import ids of custom resources and helm releases', () => {
  expect(
    importIdOf({ type: 'kubernetes_manifest', name: 'x', body: { manifest: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: 'gov-lz-middleware' } } } }),
  ).toBe('apiVersion=postgresql.cnpg.io/v1,kind=Cluster,namespace=gov-lz-middleware,name=pg');
  expect(
    importIdOf({ type: 'kubernetes_manifest', name: 'x', body: { manifest: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' } } } }),
  ).toBe('apiVersion=admissionregistration.k8s.io/v1,kind=ValidatingAdmissionPolicy,name=p');
  expect(importIdOf({ type: 'helm_release', name: 'x', body: { name: 'velero', namespace: 'gov-lz-system' } })).toBe('gov-lz-system/velero');
  expect(importIdOf({ type: 'kubernetes_cluster_role_v1', name: 'x', body: { metadata: [{ name: 'r' }] } })).toBe('r');
  expect(importIdOf({ type: 'terraform_data', name: 'x', body: { input: 1 } })).toBeUndefined();
});
