import * as fs from 'fs';
import * as path from 'path';
import { buildProvince } from '../../examples/province/province';
import { InventoryDocument } from '../../lib/hub/inventory';
import { INVENTORY_SCHEMA_VERSION } from '../../lib/schema/inventory';
import { artifact, newApp } from '../helpers';
import { synthDemo } from '../review/fixtures';

/** The demo province's inventory, from the run's synth of the demo (test/review/fixtures.ts): a copy of its own, parsed anew. */
function demoInventory(): { outdir: string; inv: InventoryDocument } {
  const outdir = synthDemo();
  return { outdir, inv: JSON.parse(fs.readFileSync(path.join(outdir, 'gov-lz', 'inventory.json'), 'utf8')) };
}

test('inventory.json holds the domain model of the demo province', () => {
  const { inv } = demoInventory();
  expect(inv.schemaVersion).toBe(INVENTORY_SCHEMA_VERSION);
  expect(inv.generator).toMatch(/^cdktf-gov-landing-zone@\d+\.\d+\.\d+/);
  expect(inv.provinces).toHaveLength(1);
  const zj = inv.provinces[0];
  expect(zj).toMatchObject({ province: 'zj', displayName: '浙江省政务云', registry: 'harbor.zj.gov.internal', mlpsLevel: 3, stateBackend: 'local' });
  expect(zj.stacks).toEqual({ hub: 'zj-hub', platform: { 'hz-a-core': 'zj-platform-hz-a-core', 'hz-b-core': 'zj-platform-hz-b-core', 'ali-burst': 'zj-platform-ali-burst' } });
  expect(zj.sites.map((s) => `${s.name}:${s.role}:${s.city}`)).toEqual(['hz-a:PRODUCTION:hangzhou', 'hz-b:PRODUCTION:hangzhou', 'nb:DISASTER_RECOVERY:ningbo', 'ali-hz:PUBLIC_CLOUD:hangzhou']);
  expect(zj.industryClouds.map((i) => i.code)).toEqual(['education', 'egov', 'health']);
  expect(zj.industryClouds.find((i) => i.code === 'health')).toMatchObject({
    dataClass: 'IMPORTANT',
    recovery: { rtoMinutes: 15, rpoMinutes: 5, availability: 0.9999 },
    stacks: ['zj-health'],
    tenants: ['cdc', 'jkm', 'wjw', 'ybj', 'yjj'],
  });
  expect(zj.tenants.length).toBeGreaterThanOrEqual(12);
  const wjw = zj.tenants.find((t) => t.code === 'wjw')!;
  expect(wjw).toMatchObject({
    displayName: '省卫生健康委员会',
    industryCloud: 'health',
    stack: 'zj-health',
    namespace: 'wjw',
    quota: { cpu: 64, memoryGi: 256, storageGi: 2048, pods: 400 },
    admins: ['wjw-admins'],
    viewers: ['wjw-auditors'],
  });
  expect(wjw.placements.map((p) => `${p.cluster}/${p.namespace}/${p.cloud}`)).toEqual(['hz-a-core/wjw/PRIVATE', 'hz-b-core/wjw/PRIVATE']);
  expect(wjw.addresses).toContain('kubernetes_namespace_v1.wjw--hz-a-core');
  // 11 objects on each of 2 clusters, the egress rule of its PostgreSQL grant on each, and on each site the egress to
  // the other site's endpoint (the primary moves there in a failover).
  expect(wjw.addresses).toHaveLength(26);
  expect(wjw.addresses).toContain('kubernetes_network_policy_v1.wjw--hz-b-core--egress-middleware-postgres-hz-a-core');
});

test('allocated quota per cluster is the sum of the tenants placed on it', () => {
  const { inv } = demoInventory();
  const zj = inv.provinces[0];
  const sum = zj.tenants.filter((t) => t.placements.some((p) => p.cluster === 'hz-a-core')).reduce((a, t) => a + t.quota.cpu!, 0);
  const hzA = zj.clusters.find((c) => c.name === 'hz-a-core')!;
  // Shared middleware instances on the cluster count too.
  const middleware = (zj.middleware as any).offerings.filter((o: any) => o.clusters.includes('hz-a-core')).reduce((a: number, o: any) => a + o.sizing.perCluster.cpu, 0);
  expect(middleware).toBeGreaterThan(0);
  expect(hzA.allocated).toMatchObject({ cpu: sum + middleware });
  expect(hzA.capacity).toMatchObject({ cpu: 2000, memoryGi: 8192 });
  // The public cluster carries only burst quota (the exam authority's, in the demo).
  const burst = zj.tenants.flatMap((t) => t.placements.filter((p) => p.cluster === 'ali-burst')).reduce((a, p) => a + p.quota.cpu!, 0);
  expect(burst).toBeGreaterThan(0);
  expect(zj.clusters.find((c) => c.name === 'ali-burst')!.allocated).toMatchObject({ cpu: burst });
});

test('stacks are listed with their dependencies and resource counts', () => {
  const { outdir, inv } = demoInventory();
  const health = inv.stacks.find((s) => s.name === 'zj-health')!;
  expect(health.dependsOn).toEqual(['zj-hub']);
  const json = JSON.parse(require('fs').readFileSync(`${outdir}/stacks/zj-health/cdk.tf.json`, 'utf8'));
  const count = Object.values(json.resource as Record<string, object>).reduce((a, m) => a + Object.keys(m).length, 0);
  expect(health.resources).toBe(count);
  expect(inv.stacks.map((s) => s.name)).toEqual([...inv.stacks.map((s) => s.name)].sort());
});

test('other layers add fields to tenants and sections to the province, in key order', () => {
  const app = newApp();
  const hub = buildProvince(app);
  hub.addInventorySection('zeta', () => ({ z: 1 }));
  hub.addInventorySection('alpha', () => ['a']);
  const cdc = hub.industryCloud('health').tenants.find((t) => t.code === 'cdc')!;
  cdc.addInventoryField('example', () => [{ offering: 'postgres' }]);
  expect(() => cdc.addInventoryField('example', () => [])).toThrow('inventory field example is added twice');
  app.synth();
  const zj = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
  // Sections follow the fixed keys, sorted; other layers (placement, compliance…) add their own.
  const sections = Object.keys(zj).slice(Object.keys(zj).indexOf('tenants') + 1);
  expect(sections).toEqual([...sections].sort());
  expect(sections).toEqual(expect.arrayContaining(['alpha', 'zeta']));
  expect(zj.zeta).toEqual({ z: 1 });
  expect(zj.tenants.find((t: any) => t.code === 'cdc').example).toEqual([{ offering: 'postgres' }]);
  expect(zj.tenants.find((t: any) => t.code === 'ybj').example).toBeUndefined();
});
