import { MlpsLevel3Checks, PostgresOffering } from '../../lib';
import { listFiles, synthProblems } from '../helpers';
import { addresses, fixture, synthResources, warnings } from './fixture';

describe('PostgreSQL offering: an instance on every private production cluster, a database and a role per grant', () => {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500 }));
  f.hub.middleware.get('postgres').grantConnect(f.wjw, { database: 'wjw' });
  const r = synthResources(f.app);

  test('one CloudNativePG Cluster per private PRODUCTION cluster, protected from destroy', () => {
    expect(
      Object.keys(r.hub.kubernetes_manifest)
        .filter((n) => /^postgres--[^-]+-[^-]+-core$/.test(n))
        .sort(),
    ).toEqual(['postgres--hz-a-core', 'postgres--hz-b-core']);
    const c = r.hub.kubernetes_manifest['postgres--hz-b-core'];
    expect(c.provider).toBe('kubernetes.hz-b-core');
    expect(c.lifecycle).toEqual({ prevent_destroy: true });
    expect(c.manifest.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(c.manifest.metadata).toMatchObject({ name: 'postgres', namespace: 'gov-lz-middleware' });
    expect(c.manifest.spec).toMatchObject({
      instances: 3,
      imageName: 'harbor.zj.gov.internal/cloudnative-pg/postgresql:18.4-system-trixie',
      enableSuperuserAccess: false,
      storage: { size: '500Gi' },
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' },
      inheritedMetadata: { labels: { 'gov-lz.io/offering': 'postgres' } },
    });
    expect(c.manifest.spec.postgresql.parameters).toEqual({ password_encryption: 'scram-sha-256', log_connections: 'on', log_disconnections: 'on' });
  });

  test('pg_hba: each role over TLS to its own database only, everything else rejected', () => {
    expect(r.hub.kubernetes_manifest['postgres--hz-a-core'].manifest.spec.postgresql.pg_hba).toEqual(['hostssl wjw wjw all scram-sha-256', 'host all all all reject']);
  });

  test('the grant is a managed role with its password secret and a Database kept after the grant goes', () => {
    expect(r.hub.kubernetes_manifest['postgres--hz-a-core'].manifest.spec.managed.roles).toEqual([
      { name: 'wjw', ensure: 'present', login: true, inherit: true, connectionLimit: -1, comment: 'gov-lz tenant wjw', passwordSecret: { name: 'wjw--postgres' } },
    ]);
    const secret = r.hub.kubernetes_secret_v1['wjw--postgres--hz-a-core--credentials'];
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(secret.metadata).toMatchObject({ name: 'wjw--postgres', namespace: 'gov-lz-middleware', labels: { 'cnpg.io/reload': 'true' } });
    expect(secret.data_wo).toEqual({ username: 'wjw', password: '${var.gov_lz_postgres_passwords["wjw"]}' });
    expect(secret.data).toBeUndefined();
    const db = r.hub.kubernetes_manifest['wjw--postgres--hz-a-core--database'];
    expect(db.manifest).toMatchObject({ kind: 'Database', metadata: { name: 'wjw--postgres', namespace: 'gov-lz-middleware' } });
    expect(db.manifest.spec).toEqual({ cluster: { name: 'postgres' }, name: 'wjw', owner: 'wjw', ensure: 'present', databaseReclaimPolicy: 'retain' });
    expect(db.depends_on).toEqual(['kubernetes_secret_v1.wjw--postgres--hz-a-core--credentials']);
  });

  test("the tenant's connection secret in its own namespace: host, database, user, TLS required", () => {
    const s = r.health.kubernetes_secret_v1['wjw--postgres--hz-a-core'];
    expect(s.metadata).toMatchObject({ name: 'middleware-postgres', namespace: 'wjw' });
    expect(s.depends_on).toEqual(['kubernetes_namespace_v1.wjw--hz-a-core']);
    expect(s.data_wo).toEqual({
      host: 'postgres-rw.gov-lz-middleware.svc',
      port: '5432',
      dbname: 'wjw',
      username: 'wjw',
      password: '${var.gov_lz_postgres_passwords["wjw"]}',
      sslmode: 'require',
      uri: 'postgresql://wjw:${urlencode(var.gov_lz_postgres_passwords["wjw"])}@postgres-rw.gov-lz-middleware.svc:5432/wjw?sslmode=require',
      'jdbc-uri': 'jdbc:postgresql://postgres-rw.gov-lz-middleware.svc:5432/wjw?sslmode=require',
    });
    expect(Number.isInteger(s.data_wo_revision) && s.data_wo_revision >= 1).toBe(true);
  });

  test('the operator is installed once per cluster in the platform stack; nothing lands on the public cluster', () => {
    expect(Object.keys(r.platform('hz-a-core').helm_release)).toEqual(['cloudnative-pg--hz-a-core']);
    expect(r.platform('ali-burst').helm_release).toBeUndefined();
    expect(Object.keys(r.platform('ali-burst').kubernetes_namespace_v1)).not.toContain('gov-lz-middleware--ali-burst');
  });
});

test('resources added per grant: 3 in the hub stack and 2 in the tenant stack on each shared cluster', () => {
  const before = fixture();
  before.hub.middleware.add(new PostgresOffering());
  const a = synthResources(before.app);
  const after = fixture();
  after.hub.middleware.add(new PostgresOffering());
  after.hub.middleware.get('postgres').grantConnect(after.ybj);
  const b = synthResources(after.app);
  const added = (x: string[], y: string[]) => y.filter((n) => !x.includes(n));
  expect(added(addresses(a.hub), addresses(b.hub))).toEqual([
    'kubernetes_manifest.ybj--postgres--hz-a-core--database',
    'kubernetes_manifest.ybj--postgres--hz-b-core--database',
    'kubernetes_network_policy_v1.ybj--postgres--hz-a-core',
    'kubernetes_network_policy_v1.ybj--postgres--hz-b-core',
    'kubernetes_secret_v1.ybj--postgres--hz-a-core--credentials',
    'kubernetes_secret_v1.ybj--postgres--hz-b-core--credentials',
  ]);
  expect(added(addresses(a.health), addresses(b.health))).toEqual([
    'kubernetes_network_policy_v1.ybj--hz-a-core--egress-middleware-postgres',
    'kubernetes_network_policy_v1.ybj--hz-b-core--egress-middleware-postgres',
    'kubernetes_secret_v1.ybj--postgres--hz-a-core',
    'kubernetes_secret_v1.ybj--postgres--hz-b-core',
  ]);
  // Nothing else changes in the hub stack but the role in each Cluster.
  for (const name of addresses(a.hub)) {
    const [type, n] = name.split('.');
    if (n.startsWith('postgres--') && type === 'kubernetes_manifest') continue;
    expect({ name, body: b.hub[type][n] }).toEqual({ name, body: a.hub[type][n] });
  }
});

test('a tenant code with "-" gives role and database names with "_"; a pooler puts PgBouncer in front', () => {
  const f = fixture();
  const jw = f.hub.industryCloud('health').addTenant('hz-jw', { displayName: '杭州市卫健委', quota: { cpu: 4, memoryGi: 16 } });
  f.hub.middleware.add(new PostgresOffering({ pooler: { instances: 2, poolMode: 'transaction' }, walStorageGi: 50, storageClass: 'csi-ssd' }));
  const grant = f.hub.middleware.get('postgres').grantConnect(jw, { connectionLimit: 40 });
  expect(grant.details).toEqual({ database: 'hz_jw', role: 'hz_jw', connectionLimit: 40 });
  const r = synthResources(f.app);
  const cluster = r.hub.kubernetes_manifest['postgres--hz-a-core'].manifest.spec;
  expect(cluster.storage).toEqual({ size: '100Gi', storageClass: 'csi-ssd' });
  expect(cluster.walStorage).toEqual({ size: '50Gi', storageClass: 'csi-ssd' });
  expect(cluster.managed.roles[0]).toMatchObject({ name: 'hz_jw', connectionLimit: 40, passwordSecret: { name: 'hz-jw--postgres' } });
  const pooler = r.hub.kubernetes_manifest['postgres--hz-a-core--pooler'].manifest;
  expect(pooler).toMatchObject({ kind: 'Pooler', metadata: { name: 'postgres-pooler' }, spec: { cluster: { name: 'postgres' }, instances: 2, type: 'rw', pgbouncer: { poolMode: 'transaction' } } });
  expect(r.health.kubernetes_secret_v1['hz-jw--postgres--hz-a-core'].data_wo.host).toBe('postgres-pooler.gov-lz-middleware.svc');
  // Tenants reach the pooler's pods only.
  const egress = r.health.kubernetes_network_policy_v1['hz-jw--hz-a-core--egress-middleware-postgres'].spec.egress[0];
  expect(egress.to[0].pod_selector).toEqual({ match_labels: { 'cnpg.io/poolerName': 'postgres-pooler' } });
  expect(r.hub.kubernetes_network_policy_v1['hz-jw--postgres--hz-a-core'].spec.pod_selector).toEqual({ match_labels: { 'cnpg.io/poolerName': 'postgres-pooler' } });
});

test('allowDestroy drops prevent_destroy; the operator chart and images can come from elsewhere', () => {
  const f = fixture({ compliance: { today: '2025-06-01' } });
  f.hub.middleware.add(
    new PostgresOffering({ allowDestroy: true, operator: { chartRepository: 'oci://harbor.zj.gov.internal/cnpg', chartVersion: '0.29.0', imageRegistry: 'mirror.zj.gov.internal/pg' } }),
  );
  // Images from a registry other than the hub's are a finding of the compliance pack (MLPS3-31): accepted here.
  MlpsLevel3Checks.suppress(f.hub, { ruleId: 'MLPS3-31', reason: 'PostgreSQL images come from the second, audited mirror', owner: 'zj-ops', expires: '2025-12-31' });
  // They also bypass the hub registry's vulnerability gate (MLPS3-46): the mirror's own scanning is the evidence.
  MlpsLevel3Checks.suppress(f.hub, { ruleId: 'MLPS3-46', reason: 'the second mirror scans PostgreSQL images like the hub registry', owner: 'zj-ops', expires: '2025-12-31' });
  const r = synthResources(f.app);
  expect(r.hub.kubernetes_manifest['postgres--hz-a-core'].lifecycle).toBeUndefined();
  expect(r.hub.kubernetes_manifest['postgres--hz-a-core'].manifest.spec.imageName).toBe('mirror.zj.gov.internal/pg/cloudnative-pg/postgresql:18.4-system-trixie');
  const rel = r.platform('hz-a-core').helm_release['cloudnative-pg--hz-a-core'];
  expect(rel).toMatchObject({ repository: 'oci://harbor.zj.gov.internal/cnpg', chart: 'cloudnative-pg', version: '0.29.0', namespace: 'gov-lz-system' });
  expect(JSON.parse(rel.values[0]).image.repository).toBe('mirror.zj.gov.internal/pg/cloudnative-pg/cloudnative-pg');
});

describe('bad input', () => {
  test('tenant codes that cannot be PostgreSQL names, and bad explicit names, are reported with the fix', () => {
    const f = fixture();
    const health = f.hub.industryCloud('health');
    const user = health.addTenant('user', { displayName: '用户中心', quota: { cpu: 1, memoryGi: 1 } });
    const app = health.addTenant('app', { displayName: '应用中心', quota: { cpu: 1, memoryGi: 1 } });
    const pg = f.hub.middleware.add(new PostgresOffering());
    pg.grantConnect(user);
    pg.grantConnect(app);
    pg.grantConnect(f.wjw, { database: 'Wjw-DB' });
    const problems = synthProblems(f.app);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual([
      ['invalid-name', 'zj-health/user/Grant-postgres', 'user'],
      ['invalid-name', 'zj-health/user/Grant-postgres', 'user'],
      ['invalid-name', 'zj-health/app/Grant-postgres', 'app'],
      ['invalid-name', 'zj-health/app/Grant-postgres', 'app'],
      ['invalid-name', 'zj-health/wjw/Grant-postgres', 'Wjw-DB'],
    ]);
    expect(problems[0].message).toBe('tenant code "user" cannot be a PostgreSQL role name: role name "user" is an SQL reserved word');
    expect(problems[0].fix).toBe("pass a valid name, e.g. grantConnect(user, { role: 'user_dept' })");
    expect(problems[3].message).toBe('tenant code "app" cannot be a PostgreSQL database name: database name "app" is reserved by PostgreSQL or CloudNativePG');
    expect(problems[4].message).toBe(
      `database name "Wjw-DB" is not a plain PostgreSQL identifier (lower-case letters, digits and '_', not starting with a digit), so every client would have to quote it`,
    );
    expect(listFiles(f.app.outdir)).toEqual([]);
  });

  test('two tenants on one database, options of other offerings, bad limits and sizes', () => {
    const f = fixture();
    const pg = f.hub.middleware.add(new PostgresOffering({ instances: 0, storageGi: -5 }));
    pg.grantConnect(f.wjw, { database: 'health' });
    pg.grantConnect(f.ybj, { database: 'health', topicPrefix: 'ybj.', connectionLimit: 2.5 });
    const problems = synthProblems(f.app);
    const text = problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`);
    expect(text).toEqual([
      '[invalid-quantity] zj-hub/Middleware-postgres: postgresql offering "postgres": instances must be at least 1',
      '[invalid-quantity] zj-hub/Middleware-postgres: postgresql offering "postgres": storageGi must be at least 1',
      '[duplicate] zj-health/ybj/Grant-postgres: tenants "wjw" and "ybj" would share the database "health" on offering "postgres"',
      '[invalid-value] zj-health/ybj/Grant-postgres: option "topicPrefix" does not apply to the postgresql offering "postgres"',
      '[invalid-value] zj-health/ybj/Grant-postgres: connectionLimit must be a whole number (-1 for no limit)',
    ]);
    expect(problems[3].fix).toBe('remove it; a postgresql grant takes: credentialsRevision, database, role, connectionLimit');
  });

  test('a base-backup schedule in CronJob form and a retention CloudNativePG cannot read are refused at synth', () => {
    const f = fixture();
    f.hub.middleware.add(new PostgresOffering({ baseBackupSchedule: '0 2 * * *', backupRetention: '30 days' }));
    const problems = synthProblems(f.app).filter((p) => p.path === 'zj-hub/Middleware-postgres');
    expect(problems.map((p) => [p.code, p.value])).toEqual([
      ['invalid-value', '0 2 * * *'],
      ['invalid-value', '30 days'],
    ]);
    expect(problems[0].message).toMatch(/baseBackupSchedule "0 2 \* \* \*" has 5 fields; a CloudNativePG schedule has six, seconds first/);
    expect(problems[0].fix).toBe("six fields, seconds first: e.g. '0 0 2 * * *' for 02:00 daily");
    expect(problems[1].fix).toBe("e.g. '30d', '6w' or '6m'");
    expect(listFiles(f.app.outdir)).toEqual([]);
  });

  test('a single instance is allowed with a warning', () => {
    const f = fixture();
    f.hub.middleware.add(new PostgresOffering({ instances: 1 }));
    expect(warnings(f.app)).toEqual([
      'zj-hub/Middleware-postgres: PostgreSQL offering "postgres" has 1 instance: no standby takes over when it fails',
      // This hub has no DR backup location and the offering no site endpoints: one database per site.
      'zj-hub/Middleware-postgres: PostgreSQL "postgres" runs an independent database on each of hz-a-core, hz-b-core: declare siteEndpoints or the hub\'s recovery.backupLocation to make it one database over the sites',
    ]);
  });
});
