import { baseAddress, changedPaths, classifyResource, OwnerIndex, readSynthOutput, replaceReasons } from '../../lib/review';
import { synthDemo } from './fixtures';

let demo: ReturnType<typeof readSynthOutput>;
beforeAll(() => {
  demo = readSynthOutput(synthDemo());
});

const manifest = (apiVersion: string, kind: string) => ({ manifest: { apiVersion, kind, metadata: { name: 'x', namespace: 'gov-lz-middleware' } } });

test('deleting a namespace, database, middleware, volume, backup schedule or chart is destructive; a policy is not', () => {
  const cases: Array<[string, Record<string, unknown> | undefined, string, boolean]> = [
    ['kubernetes_namespace_v1', undefined, 'namespace', true],
    ['kubernetes_manifest', manifest('postgresql.cnpg.io/v1', 'Cluster'), 'database', true],
    ['kubernetes_manifest', manifest('postgresql.cnpg.io/v1', 'Database'), 'database', true],
    ['kubernetes_manifest', manifest('postgresql.cnpg.io/v1', 'ScheduledBackup'), 'backup-schedule', true],
    ['kubernetes_manifest', manifest('kafka.strimzi.io/v1', 'Kafka'), 'middleware', true],
    ['kubernetes_manifest', manifest('kafka.strimzi.io/v1', 'KafkaTopic'), 'middleware', true],
    ['kubernetes_manifest', manifest('redis.redis.opstreelabs.in/v1beta2', 'RedisReplication'), 'middleware', true],
    ['kubernetes_manifest', manifest('velero.io/v1', 'Schedule'), 'backup-schedule', true],
    ['kubernetes_persistent_volume_claim_v1', undefined, 'volume', true],
    ['helm_release', undefined, 'operator', true],
    ['kubernetes_manifest', manifest('gateway.networking.k8s.io/v1', 'HTTPRoute'), 'other', false],
    ['kubernetes_manifest', manifest('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy'), 'admission-policy', false],
    ['kubernetes_network_policy_v1', undefined, 'network-policy', false],
    ['kubernetes_role_binding_v1', undefined, 'rbac', false],
    ['terraform_data', undefined, 'other', false],
  ];
  for (const [type, body, kind, destructive] of cases) {
    const c = classifyResource(type, body);
    expect({ type, body: body?.manifest, kind: c.kind, destructive: c.destructiveOnDelete }).toEqual({ type, body: body?.manifest, kind, destructive });
  }
});

test('a forced-new attribute or another provider means replace; a label change updates in place', () => {
  const ns = demo.stacks.get('zj-health')!.resources.get('kubernetes_namespace_v1.wjw--hz-a-core')!.body as any;
  const renamed = { ...ns, metadata: { ...ns.metadata, name: 'wjw2' } };
  expect(replaceReasons('kubernetes_namespace_v1', ns, renamed)).toEqual(['metadata.name changes (wjw → wjw2); it cannot change in place']);
  expect(replaceReasons('kubernetes_namespace_v1', ns, { ...ns, provider: 'kubernetes.hz-b-core' })).toEqual([
    'provider changes from kubernetes.hz-a-core to kubernetes.hz-b-core (another cluster)',
  ]);
  const relabelled = { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, 'gov-lz.io/data-class': 'core' } } };
  expect(replaceReasons('kubernetes_namespace_v1', ns, relabelled)).toEqual([]);
  expect(changedPaths(ns, relabelled)).toEqual(['metadata.labels.gov-lz.io/data-class']);
  const rb = demo.stacks.get('zj-health')!.resources.get('kubernetes_role_binding_v1.wjw--hz-a-core--admins')!.body as any;
  expect(replaceReasons('kubernetes_role_binding_v1', rb, { ...rb, role_ref: { ...rb.role_ref, name: 'edit' } })[0]).toMatch(/^role_ref changes/);
  const cluster = manifest('postgresql.cnpg.io/v1', 'Cluster');
  expect(replaceReasons('kubernetes_manifest', cluster, { manifest: { ...cluster.manifest, metadata: { name: 'y', namespace: 'gov-lz-middleware' } } })[0]).toMatch(/^manifest.metadata.name changes \(x → y\)/);
});

test('addresses map to their tenant through the inventory, the address convention, or the stack', () => {
  const owners = new OwnerIndex([demo.inventory]);
  expect(owners.ownerOf('kubernetes_network_policy_v1.wjw--hz-a-core--allow-dns', 'zj-health')).toEqual({
    kind: 'tenant',
    code: 'wjw',
    displayName: '省卫生健康委员会',
    industryCloud: 'health',
    province: 'zj',
  });
  // A module prefix and an index are ignored; the convention finds tenants for addresses the inventory does not list.
  expect(owners.ownerOf('module.city.terraform_data.ybj--hz-b-core--extra["a"]').code).toBe('ybj');
  expect(owners.clusterOf('terraform_data.ybj--hz-b-core--extra')).toBe('hz-b-core');
  expect(owners.ownerOf('kubernetes_namespace_v1.gov-lz-system--hz-a-core', 'zj-platform-hz-a-core').kind).toBe('platform');
  expect(owners.ownerOf('terraform_data.something', 'zj-hub').kind).toBe('hub');
  expect(owners.ownerOf('terraform_data.something').kind).toBe('unknown');
  expect(baseAddress('module.a.module.b[0].kubernetes_manifest.pg--hz-a-core')).toBe('kubernetes_manifest.pg--hz-a-core');
});
