/**
 * The shared middleware shelf as the review reads it from real synth output of the demo (three offerings, grants to
 * six departments, PostgreSQL over the Hangzhou pair) and of variations made through the public API. Outputs the
 * API refuses to write (a policy or a secret missing, a grant opened on the burst cluster) are made by deleting or
 * adding one object of a real output in memory.
 */
import { PostgresOffering, ProvinceHub } from '../../lib';
import { buildReview, readSynthOutput, SynthOutput } from '../../lib/review';
import { synthDemo, tenantOf } from './fixtures';

let demo: string;
beforeAll(() => {
  demo = synthDemo();
});

const province = (out: SynthOutput) => buildReview({ head: out }).provinces[0];
const tenant = (out: SynthOutput, code: string) => province(out).isolation.find((t) => t.tenant === code)!;

/** A second PostgreSQL over both sites, granted to jyt (the education department). */
function archive(props: ConstructorParameters<typeof PostgresOffering>[0]) {
  return (hub: ProvinceHub) => {
    hub.middleware.add(new PostgresOffering({ name: 'archive', instances: 2, storageGi: 200, archiveTimeoutSeconds: 60, ...props }));
    hub.middleware.get('archive').grantConnect(tenantOf(hub, 'jyt'));
  };
}

const endpoints = {
  'hz-a-core': { host: 'pg-archive-hz-a.zj.gov.internal', cidr: '10.31.1.20/32', sourceCidr: '10.21.0.0/16' },
  'hz-b-core': { host: 'pg-archive-hz-b.zj.gov.internal', cidr: '10.32.1.20/32', sourceCidr: '10.22.0.0/16' },
};

test("the demo's grants are open exactly where main opens them: the exam authority's Redis grant on its private clusters, not on its burst cluster", () => {
  const p = province(readSynthOutput(demo));
  expect(p.isolationSummary.tenantsWithProblems).toBe(0);
  const granted = p.isolation.filter((t) => t.grants.length > 0).map((t) => [t.tenant, t.grants.map((g) => `${g.offering}@${g.clusters.join('+')}${g.writesToPrimary ? ' →primary' : ''}`)]);
  expect(granted).toEqual([
    ['dsj', ['kafka@hz-a-core+hz-b-core', 'postgres@hz-a-core+hz-b-core →primary']],
    ['jkm', ['kafka@hz-a-core+hz-b-core', 'redis@hz-a-core+hz-b-core']],
    ['ksy', ['redis@hz-a-core+hz-b-core']],
    ['wjw', ['postgres@hz-a-core+hz-b-core →primary']],
    ['ybj', ['postgres@hz-a-core+hz-b-core →primary']],
    ['zwfw', ['postgres@hz-a-core+hz-b-core →primary', 'redis@hz-a-core+hz-b-core']],
  ]);
  // ksy bursts to ali-burst: no egress to the shelf there, and the review does not ask for one.
  const ksy = p.isolation.find((t) => t.tenant === 'ksy')!;
  expect(ksy.clusters).toEqual(['hz-a-core', 'hz-b-core', 'ali-burst']);
  expect(ksy.grants).toEqual([{ offering: 'redis', kind: 'redis', port: 6379, clusters: ['hz-a-core', 'hz-b-core'], egressPolicy: true, ingressPolicy: true, credentials: true }]);
});

test('PostgreSQL over two sites: primary and replica clusters, where replica sites write, the WAL archive and base backups', () => {
  const p = province(readSynthOutput(demo));
  const pg = p.offerings!.find((o) => o.name === 'postgres')!;
  expect(pg).toMatchObject({
    kind: 'postgresql',
    operator: 'cloudnative-pg 0.29.0',
    perCluster: { cpu: 7, memoryGi: 25, storageGi: 1500, pods: 5 },
    // hz-jyj and nb-jyj: examples/city's tenants, by the grant requests the demo accepts
    grantedTo: ['dsj', 'hz-jyj', 'nb-jyj', 'wjw', 'ybj', 'zwfw'],
    problems: [],
  });
  expect(pg.topology).toEqual({
    mode: 'distributed',
    primary: 'hz-a-core',
    replicas: ['hz-b-core'],
    primaryEndpoint: 'pg-hz-a.zj.gov.internal:5432',
    walArchive: 's3://zj-landing-zone-backups/zj/postgres/postgres',
    baseBackups: [
      { cluster: 'hz-a-core', schedule: '0 0 2 * * *' },
      { cluster: 'hz-b-core', schedule: '0 0 2 * * *' },
    ],
  });
  expect(p.offerings!.find((o) => o.name === 'redis')!.topology).toBeUndefined();
});

test('the primary on hz-b-core: the path to it is opened on hz-a-core, the replica site', () => {
  const out = readSynthOutput(synthDemo(archive({ siteEndpoints: endpoints, primaryCluster: 'hz-b-core' })));
  expect(province(out).offerings!.find((o) => o.name === 'archive')!.topology).toMatchObject({
    mode: 'distributed',
    primary: 'hz-b-core',
    replicas: ['hz-a-core'],
    primaryEndpoint: 'pg-archive-hz-b.zj.gov.internal:5432',
  });
  // Each site may reach the other's endpoint (the primary moves in a failover): hz-a-core reaches hz-b-core's.
  expect(tenant(out, 'jyt')).toMatchObject({ egress: expect.arrayContaining(['egress-middleware-archive-hz-b-core']), problems: [] });
  expect(tenant(out, 'jyt').grants[0].writesToPrimary).toBe(true);
  // Without that policy on hz-a-core, writes from there cannot reach the primary.
  out.stacks.get('zj-education')!.resources.delete('kubernetes_network_policy_v1.jyt--hz-a-core--egress-middleware-archive-hz-b-core');
  expect(tenant(out, 'jyt').problems).toEqual([
    "grant archive:5432: on hz-a-core (replica site) writes go to the primary's site endpoint pg-archive-hz-b.zj.gov.internal:5432, but no egress NetworkPolicy allows an address block on port 5432",
  ]);
});

test('without site endpoints the replica follows the WAL archive and its tenants read locally: no path to the primary is expected', () => {
  const out = readSynthOutput(synthDemo(archive({})));
  const topology = province(out).offerings!.find((o) => o.name === 'archive')!.topology!;
  expect(topology).toMatchObject({ mode: 'distributed', primary: 'hz-a-core', replicas: ['hz-b-core'] });
  expect(topology.primaryEndpoint).toBeUndefined();
  expect(tenant(out, 'jyt').grants[0].writesToPrimary).toBeUndefined();
  expect(tenant(out, 'jyt').problems).toEqual([]);
});

test('a PostgreSQL offering with a database per cluster is independent', () => {
  const out = readSynthOutput(synthDemo((hub) => hub.middleware.add(new PostgresOffering({ name: 'archive', topology: 'independent' }))));
  expect(province(out).offerings!.find((o) => o.name === 'archive')!.topology).toMatchObject({ mode: 'independent', replicas: [] });
});

test('what the stacks must hold for a grant: egress, ingress into the shelf, the secret, the path to the primary; never on the burst cluster', () => {
  const out = readSynthOutput(demo);
  const health = out.stacks.get('zj-health')!.resources;
  const hub = out.stacks.get('zj-hub')!.resources;
  health.delete('kubernetes_network_policy_v1.wjw--hz-b-core--egress-middleware-postgres-hz-a-core');
  hub.delete('kubernetes_network_policy_v1.ybj--postgres--hz-a-core');
  health.delete('kubernetes_secret_v1.jkm--redis--hz-b-core');
  // ksy's burst namespace gets the Redis egress its private namespaces have: the placement contract is broken.
  const edu = out.stacks.get('zj-education')!.resources;
  const policy = edu.get('kubernetes_network_policy_v1.ksy--hz-a-core--egress-middleware-redis')!;
  edu.set('kubernetes_network_policy_v1.ksy--ali-burst--egress-middleware-redis', {
    ...policy,
    address: 'kubernetes_network_policy_v1.ksy--ali-burst--egress-middleware-redis',
    provider: 'kubernetes.ali-burst',
    body: { ...policy.body, provider: 'kubernetes.ali-burst' },
  });
  expect(tenant(out, 'wjw').problems).toEqual([
    "grant postgres:5432: on hz-b-core (replica site) writes go to the primary's site endpoint pg-hz-a.zj.gov.internal:5432, but no egress NetworkPolicy allows an address block on port 5432",
  ]);
  expect(tenant(out, 'wjw').grants[0]).toMatchObject({ egressPolicy: true, writesToPrimary: false });
  expect(tenant(out, 'ybj').problems).toEqual(["grant postgres:5432: the offering's namespace gov-lz-middleware has no ingress NetworkPolicy from ybj on hz-a-core"]);
  expect(tenant(out, 'jkm').problems).toEqual(['grant redis:6379: no connection secret middleware-redis in jkm on hz-b-core']);
  expect(tenant(out, 'ksy').problems).toEqual([
    'grant redis:6379 is opened on ali-burst, a public or burst placement: it may reach private middleware only through the API gateway over the dedicated line',
  ]);
  expect(province(out).isolationSummary.tenantsWithProblems).toBe(4);
});

test("an offering's problems: an instance missing, no cross-site ingress on the primary, a WAL archive without base backups", () => {
  const out = readSynthOutput(demo);
  const hub = out.stacks.get('zj-hub')!.resources;
  hub.delete('kubernetes_network_policy_v1.postgres--hz-a-core--cross-site');
  hub.delete('kubernetes_manifest.postgres--hz-a-core--base-backup');
  hub.delete('kubernetes_manifest.postgres--hz-b-core--base-backup');
  hub.delete('kubernetes_manifest.kafka--hz-b-core');
  const p = province(out);
  expect(p.offerings!.find((o) => o.name === 'postgres')!.problems).toEqual([
    'WAL is archived to s3://zj-landing-zone-backups/zj/postgres/postgres but no ScheduledBackup takes base backups: the archive cannot be restored once retention removes the first base backup',
    "replicas and tenants on hz-b-core cannot reach the primary on hz-a-core: no ingress NetworkPolicy from another site's address block on port 5432 in gov-lz-middleware",
  ]);
  expect(p.offerings!.find((o) => o.name === 'kafka')!.problems).toEqual(['no instance of kafka on hz-b-core in the stacks (kubernetes_manifest.kafka--hz-b-core)']);
});
