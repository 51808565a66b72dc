/**
 * Data follows the dual-active pair: PostgreSQL spans the two production sites (CloudNativePG distributed topology),
 * archives WAL and base backups to the DR centre, and the recovery planner counts it; Redis and Kafka say what they
 * achieve. CNPG objects are validated against the CRDs in test/fixtures/upstream.
 */
import { createHash } from 'crypto';
import { App } from 'cdktf';
import { DataClass, KafkaOffering, PostgresOffering, PostgresOfferingProps, ProvinceHubProps, RecoveryObjective, RedisOffering } from '../../lib';
import { NETWORK_RULE_NAME_MAX_LENGTH } from '../../lib/core/names';
import { siteRuleName } from '../../lib/middleware/postgres-options';
import { artifact, hubProps, newHub, stackJson, synthProblems } from '../helpers';
import { warnings } from '../middleware/fixture';
import { crdValidator, errorsOf } from '../schema';

const backupLocation = { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' };
const recovery = { backupLocation, metroStorage: { mode: 'synchronous' as const, storageClass: 'metro-replicated', witnessSite: 'nb' } };
// A manual cross-site promotion (page, decide, fence, check, promote, switch the address) takes about 26 minutes.
const objective30 = RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 5 });
const siteEndpoints = {
  'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
  'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
};

function province(pg: PostgresOfferingProps, objective = objective30, hub: Partial<ProvinceHubProps> = { recovery }) {
  const { app, hub: h } = newHub(hub);
  const health = h.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: objective });
  const wjw = health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32, storageGi: 0 } });
  h.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500, ...pg }));
  h.middleware.get('postgres').grantConnect(wjw, { database: 'wjw' });
  return { app, hub: h, health, wjw };
}

const cluster = (app: App, c: string) => stackJson(app, 'zj-hub').resource.kubernetes_manifest[`postgres--${c}`].manifest;
const validCluster = crdValidator('cloudnative-pg/postgresql.cnpg.io_clusters.yaml');
const validBackup = crdValidator('cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml');

describe('PostgreSQL spans the two production sites', () => {
  const { app } = province({ siteEndpoints, archiveTimeoutSeconds: 60 });
  app.synth();
  const a = cluster(app, 'hz-a-core');
  const b = cluster(app, 'hz-b-core');

  test('one CA for both sites, from the platform PKI: each server certificate carries the address the other site dials', () => {
    // The operators would each make their own CA, and their server certificates name only in-cluster services:
    // `sslmode: verify-full` to pg-hz-a.zj.gov.internal would fail (found by the real-deploys review).
    expect(a.spec.certificates).toEqual({ serverCASecret: 'postgres-ca', clientCASecret: 'postgres-ca', serverAltDNSNames: ['pg-hz-a.zj.gov.internal'] });
    expect(b.spec.certificates).toEqual({ serverCASecret: 'postgres-ca', clientCASecret: 'postgres-ca', serverAltDNSNames: ['pg-hz-b.zj.gov.internal'] });
    const hub = stackJson(app, 'zj-hub');
    for (const c of ['hz-a-core', 'hz-b-core']) {
      const ca = hub.resource.kubernetes_secret_v1[`postgres--${c}--ca`];
      expect(ca.metadata).toMatchObject({ name: 'postgres-ca', namespace: 'gov-lz-middleware' });
      expect(ca.data_wo).toEqual({ 'ca.crt': '${var.gov_lz_postgres_ca.crt}', 'ca.key': '${var.gov_lz_postgres_ca.key}' });
      const creds = hub.resource.kubernetes_secret_v1[`postgres--${c}--dr-credentials`];
      expect(creds.data_wo).toEqual({ ACCESS_KEY_ID: '${var.gov_lz_backup_store_credentials.access_key_id}', ACCESS_SECRET_KEY: '${var.gov_lz_backup_store_credentials.secret_access_key}' });
      // The operator reads both secrets when it first reconciles the Cluster.
      expect(hub.resource.kubernetes_manifest[`postgres--${c}`].depends_on).toEqual([`kubernetes_secret_v1.postgres--${c}--ca`, `kubernetes_secret_v1.postgres--${c}--dr-credentials`]);
    }
    expect(hub.variable.gov_lz_postgres_ca).toMatchObject({ type: 'object({ crt = string, key = string })', ephemeral: true, sensitive: true });
  });

  test('the primary on hz-a-core, a replica cluster on hz-b-core streaming from it, both valid against the CRD', () => {
    expect(a.spec.replica).toEqual({ self: 'postgres-hz-a-core', primary: 'postgres-hz-a-core', source: 'postgres-hz-b-core' });
    expect(b.spec.replica).toEqual({ self: 'postgres-hz-b-core', primary: 'postgres-hz-a-core', source: 'postgres-hz-a-core' });
    expect(a.spec.bootstrap).toBeUndefined();
    expect(b.spec.bootstrap).toEqual({ pg_basebackup: { source: 'postgres-hz-a-core' } });
    expect(b.spec.externalClusters.find((e: any) => e.name === 'postgres-hz-a-core').connectionParameters).toEqual({
      host: 'pg-hz-a.zj.gov.internal',
      port: '5432',
      user: 'streaming_replica',
      sslmode: 'verify-full',
      dbname: 'postgres',
    });
    expect(errorsOf(validCluster, a)).toEqual([]);
    expect(errorsOf(validCluster, b)).toEqual([]);
  });

  test('WAL and base backups go to the DR centre, each site under its own server name; credentials by reference', () => {
    expect(b.spec.backup).toEqual({
      barmanObjectStore: {
        destinationPath: 's3://zj-backups/zj/postgres/postgres',
        endpointURL: 'https://oss.nb.zj.gov.internal',
        serverName: 'postgres-hz-b-core',
        s3Credentials: { accessKeyId: { name: 'postgres-dr-credentials', key: 'ACCESS_KEY_ID' }, secretAccessKey: { name: 'postgres-dr-credentials', key: 'ACCESS_SECRET_KEY' } },
        wal: { compression: 'gzip', maxParallel: 2 },
        data: { compression: 'gzip' },
      },
      retentionPolicy: '30d',
    });
    expect(a.spec.postgresql.parameters.archive_timeout).toBe('60s');
    const backup = stackJson(app, 'zj-hub').resource.kubernetes_manifest['postgres--hz-a-core--base-backup'];
    expect(backup.manifest.spec).toEqual({
      schedule: '0 0 2 * * *',
      cluster: { name: 'postgres' },
      method: 'barmanObjectStore',
      backupOwnerReference: 'self',
      immediate: true,
      target: 'prefer-standby',
    });
    expect(backup.depends_on).toEqual(['kubernetes_manifest.postgres--hz-a-core']);
    expect(errorsOf(validBackup, backup.manifest)).toEqual([]);
  });

  test('tenants connect through the hub-owned address; each site may reach the other site endpoint (the primary moves); the other site may come in', () => {
    const health = stackJson(app, 'zj-health').resource;
    const rule = health.kubernetes_network_policy_v1['wjw--hz-b-core--egress-middleware-postgres-hz-a-core'];
    expect(rule.spec.egress).toEqual([{ to: [{ ip_block: { cidr: '10.31.1.10/32' } }], ports: [{ port: '5432', protocol: 'TCP' }] }]);
    expect(health.kubernetes_network_policy_v1['wjw--hz-a-core--egress-middleware-postgres-hz-b-core'].spec.egress[0].to).toEqual([{ ip_block: { cidr: '10.32.1.10/32' } }]);
    expect(health.kubernetes_network_policy_v1['wjw--hz-a-core--egress-middleware-postgres-hz-a-core']).toBeUndefined();
    const ingress = stackJson(app, 'zj-hub').resource.kubernetes_network_policy_v1['postgres--hz-a-core--cross-site'];
    expect(ingress.spec.ingress).toEqual([{ from: [{ ip_block: { cidr: '10.22.0.0/16' } }], ports: [{ port: '5432', protocol: 'TCP' }] }]);
  });

  test('the planner: asynchronous, bounded by the 60 s archive timeout plus the upload; RTO counts the people of a manual promotion', () => {
    const row = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery.tenants.find((t: any) => t.tenant === 'wjw');
    // 60 + 30 + 300 (DNS p99) + 600 (on-call) + 300 (decision) + 120 (fence, lag check) + 120 (promote) + 60 (address).
    expect(row.achievable).toMatchObject({ rpoMinutes: 1.5, rtoMinutes: 26.5 });
    expect(row.range.rtoMinutes[0]).toBeLessThan(row.range.rtoMinutes[1]);
    expect(row.range.rpoMinutes).toEqual([0, 1.5]);
    expect(row.manualSeconds).toBe(600 + 300 + 120);
    expect(row.meets).toBe(true);
    expect(row.movement.failbackMinutes).toBeGreaterThan(row.movement.switchoverMinutes);
    expect(row.mechanisms.find((m: any) => m.id === 'postgresql:postgres')).toEqual({
      id: 'postgresql:postgres',
      description: 'PostgreSQL "postgres": asynchronous replica cluster on hz-b-core; the guaranteed bound is the WAL archive',
      rpoMinutes: 1.5,
      rtoMinutes: 20,
    });
    expect(row.regional).toMatchObject({ possible: false, impossible: 'the DR centre nb has no cluster to restore to' });
  });

  test('the secret points tenants at the hub-owned address; the failover stack of each cluster switches it and references no other cluster', () => {
    const health = stackJson(app, 'zj-health');
    const secret =
      health.resource.kubernetes_secret_v1['wjw--hz-b-core--postgres'] ?? Object.entries(health.resource.kubernetes_secret_v1).find(([k]) => k.includes('hz-b-core') && k.includes('postgres'))![1];
    expect((secret as any).data_wo.host).toBe('postgres-primary.gov-lz-middleware.svc.cluster.local');
    for (const [c, target] of [
      ['hz-a-core', 'postgres-pooler.gov-lz-middleware.svc.cluster.local'],
      ['hz-b-core', 'pg-hz-a.zj.gov.internal'],
    ]) {
      const stack = stackJson(app, `zj-failover-${c}`);
      expect(Object.keys(stack.provider.kubernetes).length).toBe(1);
      expect(stack.provider.kubernetes[0].alias).toBe(c);
      const svc = stack.resource.kubernetes_manifest['gov-lz-middleware--postgres-primary'];
      expect(svc.provider).toBe(`kubernetes.${c}`);
      expect(svc.manifest.spec).toMatchObject({ type: 'ExternalName', externalName: target.startsWith('postgres-pooler') ? target.replace('postgres-pooler', 'postgres-rw') : target });
    }
  });

  test('the seed objective is not met with a manual promotion, and synth says so with the term to change; declared automation meets it', () => {
    const [p, ...rest] = synthProblems(province({ siteEndpoints, archiveTimeoutSeconds: 60 }, RecoveryObjective.SEED).app);
    expect(p.message).toContain('achievable RTO 26.5 min exceeds the objective of 15 min');
    expect(p.message).toContain('the largest term is promote PostgreSQL: on-call response (page, acknowledge, diagnose)');
    expect(p.fix).toBe('declare recovery.automation.databasePromotion once an automated, drilled promotion exists');
    // 0.9998 sites: 26.5-minute failovers still leave 99.99 % (the availability holds; only the RTO fails).
    expect(rest).toEqual([]);
    const automated = province({ siteEndpoints, archiveTimeoutSeconds: 60 }, RecoveryObjective.SEED, {
      recovery: { ...recovery, automation: { databasePromotion: { tool: 'zj-dr-orchestrator 2.3', drilled: '2026-10-12' } } },
    });
    automated.app.synth();
    const row = JSON.parse(artifact(automated.app, 'inventory.json')).provinces[0].recovery.tenants[0];
    expect(row.meets).toBe(true);
    expect(row.manualSeconds).toBe(0);
    const bad = province({ siteEndpoints }, objective30, { recovery: { ...recovery, automation: { databasePromotion: { tool: '', drilled: 'last year' } } } });
    expect(synthProblems(bad.app).map((x) => x.code)).toEqual(['invalid-value']);
  });

  test("a drill's measured timings replace the assumptions for its industry cloud, and the inventory says when each was drilled", () => {
    const drilled = province({ siteEndpoints, archiveTimeoutSeconds: 60 }, objective30, {
      recovery: { ...recovery, drills: [{ industryCloud: 'health', date: '2026-11-14', scenario: 'site', measured: { humanResponseSeconds: 240, decisionSeconds: 120 } }], drillsAsOf: '2026-12-01' },
    });
    drilled.app.synth();
    const row = JSON.parse(artifact(drilled.app, 'inventory.json')).provinces[0].recovery.tenants[0];
    expect(row.achievable.rtoMinutes).toBe(26.5 - (600 - 240) / 60 - (300 - 120) / 60);
    expect(row.assumptions.find((a: any) => a.name === 'humanResponseSeconds')).toEqual({ name: 'humanResponseSeconds', value: 240, drilled: '2026-11-14' });
    expect(row.assumptions.find((a: any) => a.name === 'databasePromotionSeconds')).toEqual({ name: 'databasePromotionSeconds', value: 120 });
    expect(warnings(drilled.app).filter((w) => w.includes('no drill'))).toEqual([]);
    // Without a drill in the period, synth warns that the objective rests on unconfirmed assumptions.
    const stale = province({ siteEndpoints, archiveTimeoutSeconds: 60 }, objective30, {
      recovery: { ...recovery, drills: [{ industryCloud: 'health', date: '2024-01-10', scenario: 'site', measured: {} }], drillsAsOf: '2026-12-01', drillValidityDays: 365 },
    });
    stale.app.synth();
    expect(warnings(stale.app)).toContain(
      'zj/health: the recovery objective of "health" rests on assumptions no drill has confirmed in the last 365 days (last drill 2024-01-10): run the drill plan (gov-lz/runbooks/*-health-drill.md) and record its measured timings in recovery.drills',
    );
    const bad = province({ siteEndpoints }, objective30, { recovery: { ...recovery, drills: [{ industryCloud: 'nope', date: '2026-13-40', scenario: 'site', measured: { fastSeconds: 1 } as any }] } });
    expect(synthProblems(bad.app).map((x) => x.code)).toEqual(['unknown-reference', 'invalid-value', 'invalid-value']);
  });

  test("each site's scenario says what happens to the database: promote when the primary's site is lost, nothing when the replica's is", () => {
    const md = artifact(app, 'runbooks/zj-health.md');
    const scenario = (site: string) => md.split('## Scenario: ').find((s) => s.startsWith(`site ${site} `))!;
    expect(scenario('hz-a')).toContain(
      "   confirm 'hz-b-core' 'promote clusters.postgresql.cnpg.io/postgres in gov-lz-middleware on hz-b-core to primary' && kubectl --context hz-b-core -n gov-lz-middleware patch clusters.postgresql.cnpg.io/postgres --type merge --patch-file manifests/postgres-promote-hz-b-core.json\n",
    );
    expect(scenario('hz-a')).toContain('pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up');
    expect(scenario('hz-a')).toContain('cnpg.io/fencedInstances=\'["*"]\'');
    expect(scenario('hz-a')).toContain('manifests/postgres-reclone-hz-a-core.json');
    expect(scenario('hz-a')).toContain('{.status.demotionToken}');
    expect(scenario('hz-a')).toContain('cdktf deploy zj-failover-hz-b-core --ignore-missing-stack-dependencies');
    expect(scenario('hz-b')).not.toContain('patch clusters');
    expect(scenario('hz-b')).toContain('its primary `hz-a-core` is not on hz-b; nothing to promote, tenants keep writing to it');
    expect(JSON.parse(artifact(app, 'runbooks/manifests/postgres-promote-hz-b-core.json'))).toEqual({ spec: { replica: { primary: 'postgres-hz-b-core' } } });
  });
});

describe('infeasible objectives name the mechanism to change', () => {
  test('RPO 1 min, asynchronous replication and a 5-minute archive timeout: the error names the archive timeout', () => {
    const { app } = province({ siteEndpoints, replication: 'asynchronous', archiveTimeoutSeconds: 300 }, RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 1 }));
    const [p, ...rest] = synthProblems(app);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'objective-not-met', path: 'zj/health', value: 5.5 });
    expect(p.message).toBe(
      'recovery objective not met for tenant wjw: achievable RPO 5.5 min exceeds the objective of 1 min: PostgreSQL "postgres": asynchronous replica cluster on hz-b-core; the guaranteed bound is the WAL archive; the largest term is WAL archive timeout (300 s, PostgresOffering "postgres" archiveTimeoutSeconds)',
    );
    expect(p.fix).toBe('lower archiveTimeoutSeconds on PostgresOffering "postgres", or use replication: \'synchronous\' (needs siteEndpoints)');
  });

  test('an RPO of 0 makes replication synchronous: one commit waits for the other site and a local standby', () => {
    const { app } = province({ siteEndpoints }, RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 0 }));
    app.synth();
    const a = cluster(app, 'hz-a-core');
    expect(a.spec.postgresql.synchronous).toEqual({ method: 'first', number: 2, maxStandbyNamesFromCluster: 1, standbyNamesPre: ['postgres'], dataDurability: 'required' });
    expect(errorsOf(validCluster, a)).toEqual([]);
    const row = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery.tenants[0];
    expect(row.achievable.rpoMinutes).toBe(0);
    expect(row.mechanisms.find((m: any) => m.id === 'postgresql:postgres').description).toBe(
      'PostgreSQL "postgres": synchronous replica cluster on hz-b-core; losing either site blocks writes (dataDurability required) until the runbook promotes or relaxes durability — counted',
    );
  });

  test('synchronous replication without a site endpoint to stream from, or with one instance', () => {
    const problems = synthProblems(province({ replication: 'synchronous', instances: 1 }).app);
    expect(problems.map((p) => p.message)).toEqual([
      'synchronous replication of PostgreSQL "postgres" needs streaming between the sites, but siteEndpoints["hz-a-core"] is not declared',
      'synchronous replication of PostgreSQL "postgres" needs at least 2 instances per cluster (a commit waits for the other site and one local standby)',
    ]);
  });

  test('asynchronous streaming without a WAL archive has no bound: the error says to declare the backup location', () => {
    const { app } = province({ siteEndpoints }, objective30, { recovery: { metroStorage: recovery.metroStorage } });
    const problems = synthProblems(app);
    // No backup location: the hub reports it, and the planner cannot bound PostgreSQL's loss; the compliance pack
    // adds that the tenant's namespaces are in no backup (MLPS3-22) and no backup leaves the city (MLPS3-23).
    expect(problems.map((p) => p.code)).toEqual(['no-backup-location', 'objective-not-met', 'MLPS3-22', 'MLPS3-22', 'MLPS3-23']);
    expect(problems[1].value).toBe('unbounded');
    expect(problems[1].message).toContain('achievable RPO unbounded exceeds the objective of 5 min');
    expect(problems[1].message).toContain('the largest term is asynchronous replication lag (no WAL archive bounds it) (no bound, recovery.backupLocation)');
  });

  test('a distributed topology with no way for the replica to follow', () => {
    const { app } = province({ topology: 'distributed' }, objective30, { recovery: { metroStorage: recovery.metroStorage } });
    expect(synthProblems(app).map((p) => p.code)).toContain('no-replication-path');
  });

  test('bad site endpoints and a primary that does not run the offering', () => {
    const problems = synthProblems(
      province({
        siteEndpoints: { 'hz-a-core': { host: 'PG!', cidr: '0.0.0.0/0', sourceCidr: 'x' }, 'hz-c': siteEndpoints['hz-b-core'] } as any,
        primaryCluster: 'hz-a-core',
        archiveTimeoutSeconds: 60,
      }).app,
    );
    // The compliance pack sees the egress to 0.0.0.0/0 that the bad endpoint would open (MLPS3-4).
    // The unknown cluster is a root cause: it comes first.
    expect(problems.map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual([
      'unknown-cluster "hz-c"',
      'invalid-value "PG!"',
      'invalid-value "0.0.0.0/0"',
      'invalid-value "x"',
      'MLPS3-4 "kubernetes_network_policy_v1.wjw--hz-b-core--egress-middleware-postgres-hz-a-core"',
      // …as does the replica's own egress to the primary's site (the middleware namespace denies every other egress).
      'MLPS3-4 "kubernetes_network_policy_v1.postgres--hz-b-core--egress-site-hz-a-core"',
      // …which reaches other departments' pods too (MLPS3-28).
      'MLPS3-28 "kubernetes_network_policy_v1.wjw--hz-b-core--egress-middleware-postgres-hz-a-core"',
    ]);
  });
});

describe('Redis and Kafka replicate as their operators allow', () => {
  function withCacheAndQueue(dataOfRecord: boolean) {
    const { app, hub } = newHub({ recovery });
    const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], recovery: RecoveryObjective.SEED });
    const jkm = health.addTenant('jkm', { displayName: '健康码运营中心', quota: { cpu: 8, memoryGi: 32, storageGi: 0 } });
    hub.middleware.add(new RedisOffering({ dataOfRecord }));
    hub.middleware.add(new KafkaOffering({ dataOfRecord }));
    hub.middleware.get('redis').grantConnect(jkm);
    hub.middleware.get('kafka').grantConnect(jkm);
    return app;
  }

  test('as a cache and an event transport they do not bound the RPO, and the planner says what they achieve', () => {
    const app = withCacheAndQueue(false);
    app.synth();
    const row = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery.tenants[0];
    expect(row.meets).toBe(true);
    const byId = Object.fromEntries(row.mechanisms.map((m: any) => [m.id, m]));
    expect(byId['redis:redis']).toMatchObject({ rpoMinutes: null, rtoMinutes: 0 });
    expect(byId['redis:redis'].description).toContain("the operator does not replicate between clusters, so a lost site's cache is gone");
    expect(byId['kafka:kafka'].description).toContain('Strimzi does not stretch over Kubernetes clusters');
    expect(byId['kafka:kafka'].description).toContain('not a system of record (dataOfRecord: false)');
  });

  test('declared as data of record, they cannot meet an objective: synth fails and names them', () => {
    const problems = synthProblems(withCacheAndQueue(true));
    expect(problems).toHaveLength(1);
    expect(problems[0].value).toBe('unbounded');
    expect(problems[0].message).toMatch(/the largest term is (redis "redis"|kafka "kafka") is not replicated between sites \(no bound, dataOfRecord on offering/);
    expect(problems[0].fix).toContain('keep the data of record in a distributed PostgreSQL offering');
  });
});

test('without a replication path the offering stays one database per site, and says so', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'] });
  hub.middleware.add(new PostgresOffering({}));
  app.synth();
  expect(cluster(app, 'hz-b-core').spec.replica).toBeUndefined();
  expect(warnings(app)).toContain(
    'zj-hub/Middleware-postgres: PostgreSQL "postgres" runs an independent database on each of hz-a-core, hz-b-core: declare siteEndpoints or the hub\'s recovery.backupLocation to make it one database over the sites',
  );
});

test('the inventory records how PostgreSQL spans the sites and where its WAL goes; network rules name their clusters', () => {
  const { app } = province({ siteEndpoints, archiveTimeoutSeconds: 60 });
  app.synth();
  const zj = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
  const pg = zj.middleware.offerings.find((o: any) => o.name === 'postgres');
  expect(pg.sizing.topology).toEqual({
    kind: 'distributed',
    primaryCluster: 'hz-a-core',
    replication: 'asynchronous',
    siteEndpoints: { 'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', port: 5432 }, 'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', port: 5432 } },
  });
  expect(pg.sizing.walArchive).toEqual({ destination: 's3://zj-backups/zj/postgres/postgres', archiveTimeoutSeconds: 60 });
  const wjw = zj.tenants.find((t: any) => t.code === 'wjw');
  expect(wjw.networkRules.find((r: any) => r.name === 'middleware-postgres-hz-a-core')).toMatchObject({ direction: 'egress', clusters: ['hz-b-core'], peers: [{ cidr: '10.31.1.10/32' }] });
  expect(wjw.networkRules.find((r: any) => r.name === 'middleware-postgres-hz-b-core')).toMatchObject({ direction: 'egress', clusters: ['hz-a-core'], peers: [{ cidr: '10.32.1.10/32' }] });
});

test('an offering and clusters named at their limits (20 and 30 characters) still name each site rule within 50 characters', () => {
  // Found by test/k8s-objects.test.ts: `middleware-<offering>-<cluster>` was 62 characters and synth refused the rule it wrote itself.
  const long = (c: string) => `${c}-${'x'.repeat(30 - c.length - 2)}z`;
  const names: Record<string, string> = { 'hz-a-core': long('hz-a-core'), 'hz-b-core': long('hz-b-core'), 'ali-burst': long('ali-burst') };
  const { app, hub } = newHub({ recovery, clusters: hubProps().clusters.map((c) => ({ ...c, name: names[c.name], connection: { ...c.connection, context: names[c.name] } })) });
  const offering = 'pg-shared-xxxxxxxxxz';
  const health = hub.addIndustryCloud('health', {
    displayName: '医疗健康行业云',
    clusters: [names['hz-a-core'], names['hz-b-core']],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 5 }),
  });
  const wjw = health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32, storageGi: 0 } });
  const endpoints = Object.fromEntries(Object.entries(siteEndpoints).map(([c, e]) => [names[c], e]));
  hub.middleware.add(new PostgresOffering({ name: offering, instances: 3, storageGi: 500, siteEndpoints: endpoints, archiveTimeoutSeconds: 60 }));
  hub.middleware.get(offering).grantConnect(wjw);
  app.synth();
  const digest = (c: string) => createHash('sha256').update(c).digest('hex').slice(0, 8);
  const rules = JSON.parse(artifact(app, 'inventory.json'))
    .provinces[0].tenants.find((t: any) => t.code === 'wjw')
    .networkRules.filter((r: any) => r.peers.some((p: any) => p.cidr))
    .map((r: any) => r.name)
    .sort();
  expect(rules).toEqual([`middleware-${offering}-${digest(names['hz-a-core'])}`, `middleware-${offering}-${digest(names['hz-b-core'])}`].sort());
  for (const r of rules) expect(r.length).toBeLessThanOrEqual(NETWORK_RULE_NAME_MAX_LENGTH);
  // Names that fit keep their cluster, as before (the demo's `middleware-postgres-hz-a-core`).
  expect(siteRuleName('postgres', 'hz-a-core')).toBe('middleware-postgres-hz-a-core');
});
