import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformVariable } from 'cdktf';
import { noPlaintextCredentials } from '../../../lib/compliance/rules/data-protection/no-plaintext-credentials';
import { tlsInTransit } from '../../../lib/compliance/rules/data-protection/tls-in-transit';
import { transportEncryptionKept } from '../../../lib/compliance/rules/data-protection/transport-encryption-kept';
import { RedisOffering } from '../../../lib/middleware/redis-offering';
import { addManifest, addResource, check, deployment, namespace, province } from '../helpers';

const gateway = (listeners: object[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'hub', namespace: 'gov-lz-gateway' },
  spec: { gatewayClassName: 'x', listeners },
});

describe('MLPS3-18 entry points encrypt traffic in transit', () => {
  test('compliant: an HTTPS listener with a certificate, an Ingress with TLS for its hosts', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'gw', gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'cert' }] } }]));
    addResource(hub.hubStack, 'kubernetes_ingress_v1', 'web', {
      metadata: { name: 'web', namespace: 'gov-lz-gateway' },
      spec: { tls: [{ hosts: ['a.gov.cn'], secret_name: 'c' }], rule: [{ host: 'a.gov.cn' }] },
    });
    const { findings, result } = check(tlsInTransit, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2);
  });

  test('non-compliant: an HTTP listener, HTTPS without certificate, an Ingress with a host outside its TLS', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'gw',
      gateway([
        { name: 'http', protocol: 'HTTP', port: 80 },
        { name: 'https', protocol: 'HTTPS', port: 443 },
      ]),
    );
    addManifest(hub.hubStack, 'ing', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'gov-lz-gateway' },
      spec: { tls: [{ hosts: ['a.gov.cn'] }], rules: [{ host: 'a.gov.cn' }, { host: 'b.gov.cn' }] },
    });
    addManifest(hub.hubStack, 'plain', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'plain', namespace: 'gov-lz-gateway' }, spec: { rules: [{ host: 'c.gov.cn' }] } });
    expect(check(tlsInTransit, app).messages).toEqual([
      'error: Gateway "hub" in namespace "gov-lz-gateway" on cluster "hz-a-core", listener http speaks HTTP in clear text',
      'error: Gateway "hub" in namespace "gov-lz-gateway" on cluster "hz-a-core", listener https terminates HTTPS without a certificate',
      'error: Ingress "web" in namespace "gov-lz-gateway" on cluster "hz-a-core" serves b.gov.cn without TLS',
      'error: Ingress "plain" in namespace "gov-lz-gateway" on cluster "hz-a-core" serves without TLS',
    ]);
  });
});

describe('MLPS3-18 middleware in transit, judged by its configuration', () => {
  const kafka = (tls: boolean) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'Kafka',
    metadata: { name: 'kafka', namespace: 'gov-lz-middleware' },
    spec: { kafka: { listeners: [{ name: 'tls', port: 9093, type: 'internal', tls }] } },
  });
  const redis = (spec: Record<string, unknown>) => ({ apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'RedisReplication', metadata: { name: 'redis', namespace: 'gov-lz-middleware' }, spec });

  test('compliant: Kafka listeners with TLS, Redis with a certificate', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'kafka', kafka(true));
    addManifest(hub.hubStack, 'redis', redis({ TLS: { secret: { secretName: 'redis-tls' } } }));
    const { findings, result } = check(tlsInTransit, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2);
  });

  test("compliant: the middleware shelf's own Redis (replication and sentinel) serves TLS", () => {
    const { app, hub } = province();
    hub.middleware.add(new RedisOffering()).grantConnect(hub.industryCloud('health').tenants[0]);
    const { findings, result } = check(tlsInTransit, app);
    expect(findings).toEqual([]);
    // A RedisReplication and a RedisSentinel on each of the two clusters.
    expect(result.checked).toBe(4);
  });

  test('non-compliant: a plain Kafka listener; Redis without TLS, or with TLS but no certificate secret', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'kafka', kafka(false));
    addManifest(hub.hubStack, 'redis', redis({}));
    addManifest(hub.hubStack, 'redis-nosecret', { ...redis({ TLS: { ca: 'ca.crt' } }), metadata: { name: 'redis-b', namespace: 'gov-lz-middleware' } });
    expect(check(tlsInTransit, app).messages).toEqual([
      'error: Kafka "kafka" in namespace "gov-lz-middleware" on cluster "hz-a-core", listener tls (port 9093) carries messages in clear text (tls is not true)',
      'error: RedisReplication "redis" in namespace "gov-lz-middleware" on cluster "hz-a-core" serves Redis in clear text (no spec.TLS with a certificate secret)',
      'error: RedisReplication "redis-b" in namespace "gov-lz-middleware" on cluster "hz-a-core" serves Redis in clear text (no spec.TLS with a certificate secret)',
    ]);
  });
});

describe('MLPS3-19 encryption in transit is never turned off', () => {
  test('compliant: a BackupStorageLocation over https, a helm release verifying TLS', () => {
    const base = check(transportEncryptionKept, province().app);
    // The recovery layer's Velero releases, BackupStorageLocations and Schedules are among what is checked, and pass.
    expect(base.findings).toEqual([]);
    expect(base.result.checked).toBeGreaterThanOrEqual(3 + 3 + 2);
    const { app, hub } = province();
    addManifest(hub.hubStack, 'bsl', {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: 'dr', namespace: 'gov-lz-system' },
      spec: { config: { s3Url: 'https://oss.nb.gov.internal', insecureSkipTLSVerify: 'false' } },
    });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'mon', { name: 'mon', chart: 'x', values: ['tls:\n  insecureSkipVerify: false\n'] });
    const { findings, result } = check(transportEncryptionKept, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(base.result.checked + 2);
  });

  test('non-compliant: skip-verify, plain-http backups, sslmode=disable in a ConfigMap and in helm values', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'bsl', {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: 'dr', namespace: 'gov-lz-system' },
      spec: { config: { s3Url: 'http://oss.nb.gov.internal', insecureSkipTLSVerify: 'true' } },
    });
    addResource(hub.hubStack, 'kubernetes_config_map_v1', 'db', { metadata: { name: 'db', namespace: 'wjw' }, data: { DATABASE_URL: 'postgres://pg.gov-lz-middleware:5432/wjw?sslmode=disable' } });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'app', {
      name: 'app',
      chart: 'x',
      values: ['db:\n  sslmode: disable\n'],
      set: [{ name: 'kafka.insecure_skip_tls_verify', value: 'true' }],
    });
    expect(check(transportEncryptionKept, app).messages).toEqual([
      'error: ConfigMap "db" in namespace "wjw" on cluster "hz-a-core": data.DATABASE_URL holds a connection string that turns encryption off',
      'error: BackupStorageLocation "dr" in namespace "gov-lz-system" on cluster "hz-a-core": backups are uploaded over plain http (http://oss.nb.gov.internal)',
      'error: BackupStorageLocation "dr" in namespace "gov-lz-system" on cluster "hz-a-core": spec.config.insecureSkipTLSVerify turns off certificate verification',
      'error: helm_release app set kafka.insecure_skip_tls_verify: insecure_skip_tls_verify turns off certificate verification',
      'error: helm_release app values: db.sslmode is "disable", which allows unencrypted database connections',
    ]);
  });
});

describe('MLPS3-20 no credential in the synthesized output', () => {
  test('compliant: a Secret from a sensitive variable, secretKeyRef env, set_sensitive', () => {
    const { app, hub } = province();
    const pw = new TerraformVariable(hub.hubStack, 'pw', { type: 'string', sensitive: true });
    new SecretV1(hub.hubStack, 's', { metadata: { name: 'db', namespace: 'wjw' }, data: { password: pw.stringValue } });
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'api', {
        containers: [
          {
            name: 'api',
            env: [
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
              { name: 'TOKEN_TTL', value: '5m' },
            ],
          },
        ],
      }),
    );
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'app', {
      name: 'app',
      chart: 'x',
      set_sensitive: [{ name: 'auth.password', value: '${var.pw}' }],
      values: ['auth:\n  existingSecret: db\n'],
    });
    const { findings } = check(noPlaintextCredentials, app);
    expect(findings).toEqual([]);
  });

  test('non-compliant: literal secret data, a password in a ConfigMap, env, helm set and values, a custom resource', () => {
    const { app, hub } = province();
    new SecretV1(hub.hubStack, 's', { metadata: { name: 'db', namespace: 'wjw' }, data: { password: 'hunter2' } });
    addResource(hub.hubStack, 'kubernetes_config_map_v1', 'cm', { metadata: { name: 'cfg', namespace: 'wjw' }, data: { admin_password: 'x' } });
    addManifest(hub.hubStack, 'd', deployment('wjw', 'api', { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: 'x' }] }] }));
    addManifest(hub.hubStack, 'pg', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: 'x' }, spec: { superuser: { password: 'x' } } });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'app', {
      name: 'app',
      chart: 'x',
      set: [{ name: 'grafana.adminPassword', value: 'admin' }],
      values: ['minio:\n  secretKey: abc\n'],
    });
    expect(check(noPlaintextCredentials, app).messages).toEqual([
      'error: ConfigMap "cfg" in namespace "wjw" on cluster "hz-a-core": key admin_password holds a credential in a ConfigMap',
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core", container api: environment variable DB_PASSWORD holds a literal credential',
      'error: Cluster "pg" in namespace "x" on cluster "hz-a-core": spec.superuser.password holds a literal credential, written in plain text to cdktf.out and the Terraform state',
      'error: Secret "db" in namespace "wjw" holds literal values for password, written in plain text to cdktf.out and the state',
      'error: helm_release app values: minio.secretKey holds a literal credential, written in plain text to cdktf.out and the Terraform state',
      'error: helm_release app: set grafana.adminPassword is a literal credential',
    ]);
  });
});

test('namespaces and policies are skipped by the deep scans (they carry no settings)', () => {
  const base = check(noPlaintextCredentials, province().app).result.checked;
  const { app, hub } = province();
  addManifest(hub.hubStack, 'ns', namespace('x', { token: 'not-a-credential' }));
  const { findings, result } = check(noPlaintextCredentials, app);
  expect(findings).toEqual([]);
  expect(result.checked).toBe(base);
});
