import { KafkaOffering, PostgresOffering, ProvinceHub, RedisOffering } from '../../lib';
import { artifact, hubProps, listFiles, synthProblems } from '../helpers';
import { addresses, fixture, synthResources } from './fixture';

describe('the middleware network: nothing reaches gov-lz-middleware but the instance itself, its operator and granted tenants', () => {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering());
  f.hub.middleware.add(new RedisOffering());
  f.hub.middleware.get('postgres').grantConnect(f.wjw);
  f.hub.middleware.get('redis').grantConnect(f.ybj);
  const r = synthResources(f.app);

  test('the namespace (zone data, Pod Security restricted) and its default deny are in the platform stack of clusters with instances', () => {
    for (const c of ['hz-a-core', 'hz-b-core']) {
      const p = r.platform(c);
      const ns = p.kubernetes_namespace_v1[`gov-lz-middleware--${c}`];
      expect(ns.metadata.labels).toMatchObject({ 'gov-lz.io/zone': 'data', 'pod-security.kubernetes.io/enforce': 'restricted', 'gov-lz.io/province': 'zj' });
      const deny = p.kubernetes_network_policy_v1[`gov-lz-middleware--${c}--default-deny-ingress`];
      expect(deny.metadata).toMatchObject({ name: 'default-deny-ingress', namespace: 'gov-lz-middleware' });
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
      // Egress is denied too; the instances reach their namespace, the cluster DNS and the API server, nothing else here.
      expect(p.kubernetes_network_policy_v1[`gov-lz-middleware--${c}--default-deny-egress`].spec).toEqual({ pod_selector: {}, policy_types: ['Egress'] });
      expect(p.kubernetes_network_policy_v1[`gov-lz-middleware--${c}--allow-egress-same-namespace`].spec.egress).toEqual([{ to: [{ pod_selector: {} }] }]);
      expect(p.kubernetes_network_policy_v1[`gov-lz-middleware--${c}--allow-egress-dns`].spec.egress[0].ports).toEqual([
        { port: '53', protocol: 'UDP' },
        { port: '53', protocol: 'TCP' },
      ]);
      expect(p.kubernetes_network_policy_v1[`gov-lz-middleware--${c}--allow-egress-api-server`].spec.egress).toEqual([
        { to: [{ ip_block: { cidr: c === 'hz-a-core' ? '10.1.0.0/28' : '10.2.0.0/28' } }], ports: [{ port: '6443', protocol: 'TCP' }] },
      ]);
      expect(Object.keys(p.helm_release).sort()).toEqual([`cloudnative-pg--${c}`, `redis-operator--${c}`]);
      expect(p.helm_release[`redis-operator--${c}`].depends_on).toEqual([`kubernetes_namespace_v1.gov-lz-system--${c}`, `kubernetes_namespace_v1.gov-lz-middleware--${c}`]);
    }
    expect(listFiles(`${f.app.outdir}/stacks`)).toContain('zj-platform-ali-burst/cdk.tf.json');
    // No middleware there: only the management namespaces' own policies.
    expect(Object.keys(r.platform('ali-burst').kubernetes_network_policy_v1).filter((k) => !/^gov-lz-(system|backup)--/.test(k))).toEqual([]);
  });

  test('every ingress rule into the middleware namespace comes from a member pod, the operator namespace or a granted tenant', () => {
    const policies = Object.values(r.hub.kubernetes_network_policy_v1 as Record<string, any>).filter((p) => p.metadata.namespace === 'gov-lz-middleware');
    const sources = new Set<string>();
    for (const p of policies) {
      expect(p.spec.policy_types).toEqual(['Ingress']);
      for (const rule of p.spec.ingress) {
        expect(rule.from).toHaveLength(1);
        const from = rule.from[0];
        if (from.pod_selector && from.namespace_selector) {
          // The hub's Prometheus (its pods in gov-lz-system, not every pod there), on the exporters' named ports only.
          expect(from).toEqual({
            namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'gov-lz-system' } },
            pod_selector: { match_labels: { 'app.kubernetes.io/name': 'prometheus' } },
          });
          sources.add(`prometheus:${rule.ports.map((x: any) => x.port).join(',')}`);
        } else if (from.pod_selector) {
          // Pods of the same offering only, selected by the offering label.
          expect(from).toEqual({ pod_selector: p.spec.pod_selector });
          expect(Object.keys(from.pod_selector.match_labels)).toEqual(['gov-lz.io/offering']);
          sources.add(`members:${from.pod_selector.match_labels['gov-lz.io/offering']}`);
        } else {
          expect(Object.keys(from)).toEqual(['namespace_selector']);
          expect(rule.ports.length).toBeGreaterThan(0);
          sources.add(`${from.namespace_selector.match_labels['kubernetes.io/metadata.name']}:${rule.ports.map((x: any) => x.port).join(',')}`);
        }
      }
    }
    expect([...sources].sort()).toEqual([
      'gov-lz-system:6379,26379',
      'gov-lz-system:8000',
      'members:postgres',
      'members:redis',
      'prometheus:metrics',
      'prometheus:redis-exporter',
      'wjw:5432',
      'ybj:6379',
    ]);
  });

  test("a grant's ingress policy lets the tenant's namespace reach the client pods on the offering's port", () => {
    const p = r.hub.kubernetes_network_policy_v1['wjw--postgres--hz-b-core'];
    expect(p.provider).toBe('kubernetes.hz-b-core');
    expect(p.metadata).toMatchObject({ name: 'wjw--postgres', labels: { 'gov-lz.io/tenant': 'wjw', 'gov-lz.io/offering': 'postgres' } });
    expect(p.spec).toEqual({
      pod_selector: { match_labels: { 'cnpg.io/cluster': 'postgres' } },
      policy_types: ['Ingress'],
      ingress: [{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'wjw' } } }], ports: [{ port: '5432', protocol: 'TCP' }] }],
    });
  });
});

test('inventory: the province section `middleware` and the tenant field `grants`', () => {
  const f = fixture();
  f.hub.middleware.add(new KafkaOffering({ clusters: ['hz-a-core'] }));
  f.hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500 }));
  f.hub.middleware.get('postgres').grantConnect(f.wjw, { database: 'wjw' });
  f.hub.middleware.get('kafka').grantConnect(f.wjw);
  f.hub.middleware.get('postgres').grantConnect(f.ybj);
  f.app.synth();
  const zj = JSON.parse(artifact(f.app, 'inventory.json')).provinces[0];
  expect(zj.middleware.offerings.map((o: any) => o.name)).toEqual(['kafka', 'postgres']);
  expect(zj.middleware.offerings[1]).toEqual({
    name: 'postgres',
    kind: 'postgresql',
    namespace: 'gov-lz-middleware',
    clusters: ['hz-a-core', 'hz-b-core'],
    endpoint: { host: 'postgres-rw.gov-lz-middleware.svc', port: 5432 },
    sizing: {
      topology: { kind: 'independent' },
      walArchive: null,
      instances: 3,
      cpu: 2,
      memoryGi: 8,
      storageGi: 500,
      walStorageGi: null,
      pooler: null,
      perCluster: { cpu: 6, memoryGi: 24, storageGi: 1500, pods: 3 },
    },
    operator: { chart: 'cloudnative-pg', version: '0.29.0', repository: 'oci://harbor.zj.gov.internal/charts' },
    grants: ['wjw', 'ybj'],
  });
  expect(zj.middleware.offerings[0]).toMatchObject({ kind: 'kafka', clusters: ['hz-a-core'], endpoint: { host: 'kafka-kafka-bootstrap.gov-lz-middleware.svc', port: 9093 }, grants: ['wjw'] });
  const wjw = zj.tenants.find((t: any) => t.code === 'wjw');
  expect(wjw.grants).toEqual([
    {
      offering: 'kafka',
      kind: 'kafka',
      host: 'kafka-kafka-bootstrap.gov-lz-middleware.svc',
      port: 9093,
      secretName: 'middleware-kafka',
      clusters: ['hz-a-core'],
      topicPrefix: 'wjw.',
      user: 'wjw--kafka',
    },
    {
      offering: 'postgres',
      kind: 'postgresql',
      host: 'postgres-rw.gov-lz-middleware.svc',
      port: 5432,
      secretName: 'middleware-postgres',
      clusters: ['hz-a-core', 'hz-b-core'],
      database: 'wjw',
      role: 'wjw',
    },
  ]);
  expect(zj.tenants.find((t: any) => t.code === 'web').grants).toBeUndefined();
  // The instances count against the clusters' capacity.
  const hzB = zj.clusters.find((c: any) => c.name === 'hz-b-core');
  expect(hzB.allocated.cpu).toBe(8 + 8 + 6);
});

test('sizing counts against capacity: an offering too big for its cluster is reported with the others on it', () => {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering({ instances: 3, cpu: 64, memoryGi: 256 }));
  const problems = synthProblems(f.app).filter((p) => p.code === 'over-capacity');
  expect(problems.map((p) => p.path)).toEqual(['zj/clusters/hz-a-core', 'zj/clusters/hz-a-core', 'zj/clusters/hz-b-core', 'zj/clusters/hz-b-core']);
  expect(problems[0].message).toBe('quotas on cluster "hz-a-core" add up to 208 cores, above its capacity of 200; largest: zj-hub/Middleware-postgres 192, zj-health/wjw 8, zj-health/ybj 8');
  expect(problems[1].message).toMatch(/^quotas on cluster "hz-a-core" add up to 832 GiB memory, above its capacity of 800; largest: zj-hub\/Middleware-postgres 768/);
});

describe('bad input on the shelf', () => {
  test('a grant of an unknown offering names the ones there are; nothing is written', () => {
    const f = fixture();
    f.hub.middleware.add(new PostgresOffering());
    f.hub.middleware.add(new RedisOffering());
    f.hub.middleware.get('postgresql').grantConnect(f.wjw);
    const problems = synthProblems(f.app);
    expect(problems).toEqual([
      {
        code: 'unknown-offering',
        path: 'zj-health/wjw',
        value: 'postgresql',
        message: 'tenant "wjw" is granted offering "postgresql", which is not on the hub\'s middleware shelf',
        fix: 'use one of: postgres, redis, or add it with hub.middleware.add(...)',
      },
    ]);
    expect(listFiles(f.app.outdir)).toEqual([]);
  });

  test('a grant through get() before add(), and of an offering never added', () => {
    const f = fixture();
    const early = f.hub.middleware.get('redis');
    early.grantConnect(f.wjw);
    f.hub.middleware.add(new RedisOffering());
    new KafkaOffering().grantConnect(f.ybj);
    const problems = synthProblems(f.app);
    expect(problems.map((p) => `[${p.code}] ${p.path}: ${p.message} | ${p.fix}`)).toEqual([
      '[unknown-offering] zj-health/wjw: tenant "wjw" is granted offering "redis" before it was added to the shelf | call hub.middleware.add(...) for "redis" before hub.middleware.get(\'redis\')',
      '[unknown-offering] zj-health/ybj: tenant "ybj" is granted offering "kafka", which was never added to a hub\'s middleware shelf | call hub.middleware.add(offering) before granting it',
    ]);
  });

  test('the same grant twice, two offerings with one name, one offering added twice, something that is no offering', () => {
    const f = fixture();
    const pg = f.hub.middleware.add(new PostgresOffering());
    pg.grantConnect(f.wjw);
    const again = pg.grantConnect(f.wjw, { database: 'other' });
    expect(again.details).toEqual({ database: 'wjw', role: 'wjw' });
    f.hub.middleware.add(new RedisOffering({ name: 'postgres' }));
    f.hub.middleware.add(pg);
    f.hub.middleware.add(undefined as any);
    const problems = synthProblems(f.app);
    expect(problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
      '[duplicate] zj-health/wjw: tenant "wjw" is granted offering "postgres" twice; a tenant has one database/user per offering',
      '[duplicate] zj/Middleware: two offerings are named "postgres" (postgresql and redis); names are unique on the shelf because grants and addresses use them',
      '[duplicate] zj/Middleware: offering "postgres" is added more than once; one offering object is one instance',
      '[invalid-value] zj/Middleware: hub.middleware.add() was given something that is not a middleware offering',
    ]);
  });

  test('one offering object on the shelves of two hubs', () => {
    const f = fixture();
    const pg = f.hub.middleware.add(new PostgresOffering());
    const jsProps = hubProps({ province: 'js', displayName: '江苏省政务云' });
    const js = new ProvinceHub(f.app, 'js', { ...jsProps, clusters: jsProps.clusters.map((c) => ({ ...c, name: `js-${c.name}` })) });
    js.middleware.add(pg);
    expect(synthProblems(f.app).map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
      '[duplicate] js/Middleware: offering "postgres" is added more than once (already on zj/Middleware); one offering object is one instance',
    ]);
  });

  test('placement: unknown, duplicate and no clusters, a name that is a cluster code, operator options', () => {
    const f = fixture();
    f.hub.middleware.add(new PostgresOffering({ clusters: ['hz-a-core', 'hz-a-core', 'hz-c-core'], operator: { chartVersion: '^0.29', chartRepository: 'harbor.zj.gov.internal/charts' } }));
    f.hub.middleware.add(new RedisOffering({ name: 'hz-a-core' }));
    f.hub.middleware.add(new KafkaOffering({ clusters: [], operator: { imageRegistry: 'https://harbor' } }));
    const problems = synthProblems(f.app);
    expect(problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
      // The unknown cluster is a root cause: first, with the nearest cluster.
      '[unknown-cluster] zj-hub/Middleware-postgres: offering "postgres" is placed on cluster "hz-c-core", which the hub does not have; did you mean "hz-a-core"?',
      '[duplicate] zj-hub/Middleware-postgres: cluster "hz-a-core" is listed twice',
      '[invalid-value] zj-hub/Middleware-postgres: operator.chartRepository must be an oci:// or https:// chart repository, or file:///<absolute folder> of unpacked charts',
      '[invalid-value] zj-hub/Middleware-postgres: operator.chartVersion must be an exact chart version (x.y.z): a range would let the operator change under a plan',
      '[invalid-name] zj-hub/Middleware-hz-a-core: offering name "hz-a-core" is also a cluster code; Terraform addresses <tenant>--<offering>--<cluster> would become ambiguous',
      '[no-cluster] zj-hub/Middleware-kafka: the offering names no cluster to run on',
      '[invalid-value] zj-hub/Middleware-kafka: operator.imageRegistry must be a registry host (and optional port and path) without a scheme',
    ]);
  });

  test('two offerings of one kind on a cluster share the operator, unless their operator settings differ', () => {
    const ok = fixture();
    ok.hub.middleware.add(new PostgresOffering());
    ok.hub.middleware.add(new PostgresOffering({ name: 'pg-olap', clusters: ['hz-a-core'] }));
    const r = synthResources(ok.app);
    expect(Object.keys(r.platform('hz-a-core').helm_release)).toEqual(['cloudnative-pg--hz-a-core']);
    expect(addresses(r.hub).filter((a) => /^kubernetes_manifest\.(postgres|pg-olap)--/.test(a))).toEqual([
      'kubernetes_manifest.pg-olap--hz-a-core',
      'kubernetes_manifest.postgres--hz-a-core',
      'kubernetes_manifest.postgres--hz-b-core',
    ]);

    const bad = fixture();
    bad.hub.middleware.add(new PostgresOffering());
    bad.hub.middleware.add(new PostgresOffering({ name: 'pg-olap', clusters: ['hz-b-core'], operator: { chartVersion: '0.28.2' } }));
    expect(synthProblems(bad.app).map((p) => p.message)).toEqual([
      'offerings postgres and pg-olap both need the operator release "cloudnative-pg" on cluster "hz-b-core", with different settings (version 0.29.0 vs 0.28.2)',
    ]);
  });

  test('no private production cluster to run on by default', () => {
    const f = fixture();
    const clusters = f.hub.clusters.map((c) => c.name);
    expect(clusters).toContain('ali-burst');
    const only = fixture({ sites: [{ name: 'ali-hz', city: 'hangzhou', role: (f.hub.sites[3] as any).role, region: 'cn-hangzhou' }], clusters: [f.hub.cluster('ali-burst')!] as any });
    only.hub.middleware.add(new RedisOffering());
    const problems = synthProblems(only.app).filter((p) => p.path.includes('Middleware'));
    expect(problems.map((p) => `[${p.code}] ${p.message} | ${p.fix}`)).toEqual([
      "[no-cluster] the offering names no cluster and the hub has no private cluster on a PRODUCTION site to run it on by default | set clusters, e.g. clusters: ['ali-burst']",
    ]);
  });
});
