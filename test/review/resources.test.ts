import fc from 'fast-check';
import { baseAddress, canonicalJson, changedPaths, classifyResource, jsonEqual, OwnerIndex, readSynthOutput, replaceReasons, updateHazards } from '../../lib/review';
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

test("the demo's shelf, classified from its real bodies: the primary and the replica cluster, base backups, a retained database", () => {
  const hub = demo.stacks.get('zj-hub')!.resources;
  const body = (name: string) => hub.get(`kubernetes_manifest.${name}`)!.body;
  const c = (name: string) => classifyResource('kubernetes_manifest', body(name));
  expect(c('postgres--hz-a-core')).toEqual({
    kind: 'database',
    destructiveOnDelete: true,
    onDelete: 'deletes the primary of a PostgreSQL database spanning sites, and its volumes: writes stop until a replica cluster is promoted',
  });
  expect(c('postgres--hz-b-core').onDelete).toMatch(/^deletes a replica cluster of a PostgreSQL database spanning sites/);
  expect(c('postgres--hz-b-core--base-backup')).toMatchObject({ kind: 'backup-schedule', destructiveOnDelete: true });
  expect(c('wjw--postgres--hz-a-core--database')).toMatchObject({ kind: 'database', destructiveOnDelete: false });
  expect(c('postgres--hz-a-core--pooler')).toMatchObject({ kind: 'middleware', destructiveOnDelete: false });
  expect(c('jkm--kafka--hz-a-core--user')).toMatchObject({ kind: 'secret', destructiveOnDelete: false });
  // A switchover is an in-place update that still takes writes away; any other change of the Cluster is not.
  const primary = body('postgres--hz-a-core') as any;
  const switched = { ...primary, manifest: { ...primary.manifest, spec: { ...primary.manifest.spec, replica: { ...primary.manifest.spec.replica, primary: 'postgres-hz-b-core' } } } };
  expect(updateHazards('kubernetes_manifest', primary, switched)[0]).toMatch(/^spec\.replica\.primary changes \(postgres-hz-a-core → postgres-hz-b-core\): a switchover\./);
  const bigger = { ...primary, manifest: { ...primary.manifest, spec: { ...primary.manifest.spec, instances: 5 } } };
  expect(updateHazards('kubernetes_manifest', primary, bigger)).toEqual([]);
  expect(updateHazards('kubernetes_namespace_v1', primary, switched)).toEqual([]);
});

test('a forced-new attribute or another provider means replace; a label change updates in place', () => {
  const ns = demo.stacks.get('zj-health')!.resources.get('kubernetes_namespace_v1.wjw--hz-a-core')!.body as any;
  const renamed = { ...ns, metadata: { ...ns.metadata, name: 'wjw2' } };
  expect(replaceReasons('kubernetes_namespace_v1', ns, renamed)).toEqual(['metadata.name changes (wjw → wjw2); it cannot change in place']);
  expect(replaceReasons('kubernetes_namespace_v1', ns, { ...ns, provider: 'kubernetes.hz-b-core' })).toEqual(['provider changes from kubernetes.hz-a-core to kubernetes.hz-b-core (another cluster)']);
  const relabelled = { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, 'gov-lz.io/data-class': 'core' } } };
  expect(replaceReasons('kubernetes_namespace_v1', ns, relabelled)).toEqual([]);
  expect(changedPaths(ns, relabelled)).toEqual(['metadata.labels.gov-lz.io/data-class']);
  const rb = demo.stacks.get('zj-health')!.resources.get('kubernetes_role_binding_v1.wjw--hz-a-core--admins')!.body as any;
  expect(replaceReasons('kubernetes_role_binding_v1', rb, { ...rb, role_ref: { ...rb.role_ref, name: 'edit' } })[0]).toMatch(/^role_ref changes/);
  const cluster = manifest('postgresql.cnpg.io/v1', 'Cluster');
  expect(replaceReasons('kubernetes_manifest', cluster, { manifest: { ...cluster.manifest, metadata: { name: 'y', namespace: 'gov-lz-middleware' } } })[0]).toMatch(
    /^manifest.metadata.name changes \(x → y\)/,
  );
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
  // A grant's objects are `<tenant>--<offering>--<cluster>…`: the tenant owns them, the cluster is the third part.
  expect(owners.ownerOf('kubernetes_manifest.wjw--postgres--hz-b-core--database', 'zj-hub').code).toBe('wjw');
  expect(owners.clusterOf('kubernetes_manifest.wjw--postgres--hz-b-core--database')).toBe('hz-b-core');
  expect(owners.ownerOf('kubernetes_manifest.postgres--hz-a-core--base-backup', 'zj-hub')).toEqual({ kind: 'offering', code: 'postgres', province: 'zj' });
  expect(owners.ownerOf('kubernetes_namespace_v1.gov-lz-system--hz-a-core', 'zj-platform-hz-a-core').kind).toBe('platform');
  expect(owners.ownerOf('terraform_data.something', 'zj-hub').kind).toBe('hub');
  expect(owners.ownerOf('terraform_data.something').kind).toBe('unknown');
  expect(baseAddress('module.a.module.b[0].kubernetes_manifest.pg--hz-a-core')).toBe('kubernetes_manifest.pg--hz-a-core');
});

test('jsonEqual is equality of canonicalJson (keys in any order; what JSON leaves out or writes as null), without writing JSON', () => {
  const shuffled = (v: unknown, seed: number): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => shuffled(x, seed + i));
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x], i) => [k, shuffled(x, seed + i)] as const);
    return Object.fromEntries(seed % 2 ? entries.reverse() : entries);
  };
  const value = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(
      undefined,
      NaN,
      Infinity,
      -0,
      0,
      null,
      [undefined, 1],
      [null, 1],
      { a: undefined },
      {},
      { a: null },
      [],
      Object.assign(new Array<number>(3), { 0: 1, 2: 2 }),
      [1, null, 2],
      new Date(0),
      '1970-01-01T00:00:00.000Z',
    ),
  );
  fc.assert(
    fc.property(value, value, fc.nat(), (a, b, seed) => {
      expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      expect(jsonEqual(a, shuffled(a, seed))).toBe(true);
      expect(jsonEqual({ x: a, y: [b] }, { y: [shuffled(b, seed)], x: shuffled(a, seed + 1) })).toBe(true);
    }),
    { numRuns: 2000, seed: 22 },
  );
});
