import { RedisOffering } from '../../lib';
import { REDIS_TENANT_COMMANDS } from '../../lib/middleware/redis-offering';
import { synthProblems } from '../helpers';
import { addresses, fixture, synthResources } from './fixture';

describe('Redis offering: replication with sentinel, an ACL user per grant limited to its key prefix', () => {
  const f = fixture();
  f.hub.middleware.add(new RedisOffering());
  const redis = f.hub.middleware.get('redis');
  redis.grantConnect(f.wjw);
  redis.grantConnect(f.ybj, { user: 'ybj-app', keyPrefix: 'ybj/cache:' });
  const r = synthResources(f.app);

  test('instance objects: admin secret, ACL secret, RedisReplication, RedisSentinel', () => {
    expect(addresses(r.hub).filter((a) => a.split('.')[1].startsWith('redis--hz-a-core'))).toEqual([
      'kubernetes_manifest.redis--hz-a-core',
      'kubernetes_manifest.redis--hz-a-core--sentinel',
      'kubernetes_network_policy_v1.redis--hz-a-core--members',
      'kubernetes_network_policy_v1.redis--hz-a-core--metrics',
      'kubernetes_network_policy_v1.redis--hz-a-core--operator',
      'kubernetes_secret_v1.redis--hz-a-core--acl',
      'kubernetes_secret_v1.redis--hz-a-core--admin',
      'kubernetes_secret_v1.redis--hz-a-core--tls',
    ]);
    const rr = r.hub.kubernetes_manifest['redis--hz-a-core'];
    expect(rr.lifecycle).toEqual({ prevent_destroy: true });
    expect(rr.depends_on).toEqual(['kubernetes_secret_v1.redis--hz-a-core--admin', 'kubernetes_secret_v1.redis--hz-a-core--acl', 'kubernetes_secret_v1.redis--hz-a-core--tls']);
    expect(rr.manifest).toMatchObject({ apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'RedisReplication', metadata: { name: 'redis', namespace: 'gov-lz-middleware' } });
    expect(rr.manifest.spec).toMatchObject({
      clusterSize: 3,
      kubernetesConfig: { image: 'harbor.zj.gov.internal/opstree/redis:v7.0.15', redisSecret: { name: 'redis-admin', key: 'password' } },
      acl: { secret: { secretName: 'redis-acl' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000 },
    });
    const sentinel = r.hub.kubernetes_manifest['redis--hz-a-core--sentinel'].manifest;
    expect(sentinel.kind).toBe('RedisSentinel');
    expect(sentinel.spec.redisSentinelConfig).toEqual({ redisReplicationName: 'redis', redisReplicationPassword: { secretKeyRef: { name: 'redis-admin', key: 'password' } }, quorum: '2' });
    // The operator's redis-exporter sidecar on every Redis and Sentinel pod, from the hub registry, hardened.
    for (const m of [rr.manifest, sentinel]) {
      expect(m.spec.redisExporter).toEqual({
        enabled: true,
        image: 'harbor.zj.gov.internal/opstree/redis-exporter:v1.44.0',
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, readOnlyRootFilesystem: true },
      });
    }
    expect(r.hub.kubernetes_secret_v1['redis--hz-a-core--admin'].data_wo).toEqual({ password: '${var.gov_lz_redis_passwords["default"]}' });
  });

  test('TLS only: Redis, its replication and the sentinels use the certificate written write-only from gov_lz_redis_tls', () => {
    const TLS = { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key', secret: { secretName: 'redis-tls' } };
    expect(r.hub.kubernetes_manifest['redis--hz-a-core'].manifest.spec.TLS).toEqual(TLS);
    expect(r.hub.kubernetes_manifest['redis--hz-a-core--sentinel'].manifest.spec.TLS).toEqual(TLS);
    expect(r.hub.kubernetes_manifest['redis--hz-a-core--sentinel'].depends_on).toContain('kubernetes_secret_v1.redis--hz-a-core--tls');
    const secret = r.hub.kubernetes_secret_v1['redis--hz-a-core--tls'];
    expect(secret.data_wo).toEqual({ 'ca.crt': '${var.gov_lz_redis_tls.ca}', 'tls.crt': '${var.gov_lz_redis_tls.crt}', 'tls.key': '${var.gov_lz_redis_tls.key}' });
    expect(secret.data).toBeUndefined();
    // The variable is ephemeral and sensitive: the key is in neither cdktf.out, nor the plan, nor the state.
    const v = r.variables('zj-hub').gov_lz_redis_tls;
    expect(v).toMatchObject({ ephemeral: true, sensitive: true, type: 'object({ ca = string, crt = string, key = string })' });
    expect(v.validation.map((x: any) => x.error_message)).toEqual([
      'gov_lz_redis_tls.ca must be a PEM certificate (the CA).',
      'gov_lz_redis_tls.crt must be a PEM certificate.',
      'gov_lz_redis_tls.key must be a PEM private key.',
    ]);
  });

  test('a bad tlsRevision is refused', () => {
    const g = fixture();
    g.hub.middleware.add(new RedisOffering({ tlsRevision: 0 }));
    expect(synthProblems(g.app).map((p) => `${p.code} ${p.message}`)).toContainEqual(expect.stringContaining('tlsRevision'));
  });

  test('the ACL file holds hashes of the passwords, and each tenant may touch only its prefix', () => {
    const acl = r.hub.kubernetes_secret_v1['redis--hz-a-core--acl'].data_wo['user.acl'];
    expect(acl.split('\n')).toEqual([
      'user default on #${sha256(var.gov_lz_redis_passwords["default"])} ~* &* +@all',
      `user wjw on #\${sha256(var.gov_lz_redis_passwords["wjw"])} resetkeys ~wjw:* resetchannels &wjw:* ${REDIS_TENANT_COMMANDS}`,
      `user ybj-app on #\${sha256(var.gov_lz_redis_passwords["ybj"])} resetkeys ~ybj/cache:* resetchannels &ybj/cache:* ${REDIS_TENANT_COMMANDS}`,
      '',
    ]);
    expect(REDIS_TENANT_COMMANDS).toMatch(/^-@all .* -@dangerous -@admin -scan -keys -randomkey$/);
  });

  test("the tenant's secret points at the master service", () => {
    expect(r.health.kubernetes_secret_v1['ybj--redis--hz-b-core'].data_wo).toEqual({
      host: 'redis-master.gov-lz-middleware.svc',
      port: '6379',
      username: 'ybj-app',
      password: '${var.gov_lz_redis_passwords["ybj"]}',
      'key-prefix': 'ybj/cache:',
      tls: 'true',
      uri: 'rediss://ybj-app:${urlencode(var.gov_lz_redis_passwords["ybj"])}@redis-master.gov-lz-middleware.svc:6379',
    });
    // Only the network policy is added per grant on the middleware side: the users live in the ACL secret.
    expect(addresses(r.hub).filter((a) => a.includes('ybj--redis'))).toEqual(['kubernetes_network_policy_v1.ybj--redis--hz-a-core', 'kubernetes_network_policy_v1.ybj--redis--hz-b-core']);
  });
});

test('a new grant or a rotated password changes the ACL revision, which restarts the Redis pods', () => {
  const acl = (build: (f: ReturnType<typeof fixture>) => void) => {
    const f = fixture();
    f.hub.middleware.add(new RedisOffering());
    build(f);
    const r = synthResources(f.app);
    return {
      env: r.hub.kubernetes_manifest['redis--hz-a-core'].manifest.spec.env,
      revision: r.hub.kubernetes_secret_v1['redis--hz-a-core--acl'].data_wo_revision,
    };
  };
  const one = acl((f) => f.hub.middleware.get('redis').grantConnect(f.wjw));
  const same = acl((f) => f.hub.middleware.get('redis').grantConnect(f.wjw));
  const two = acl((f) => {
    f.hub.middleware.get('redis').grantConnect(f.wjw);
    f.hub.middleware.get('redis').grantConnect(f.ybj);
  });
  const rotated = acl((f) => f.hub.middleware.get('redis').grantConnect(f.wjw, { credentialsRevision: 2 }));
  expect(one).toEqual(same);
  expect(one.env).toEqual([{ name: 'GOV_LZ_ACL_REVISION', value: expect.stringMatching(/^[1-9][0-9]*$/) }]);
  expect(new Set([one, two, rotated].map((x) => x.env[0].value)).size).toBe(3);
  expect(new Set([one, two, rotated].map((x) => x.revision)).size).toBe(3);
});

describe('bad input', () => {
  test('prefixes that overlap, glob characters, the reserved user and even sentinels', () => {
    const f = fixture();
    const redis = f.hub.middleware.add(new RedisOffering({ sentinels: 2 }));
    redis.grantConnect(f.wjw, { keyPrefix: 'health' });
    redis.grantConnect(f.ybj, { keyPrefix: 'health:ybj*', user: 'default' });
    const problems = synthProblems(f.app);
    expect(problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
      '[invalid-quantity] zj-hub/Middleware-redis: redis offering "redis": sentinels is even; a quorum of an even number of members survives no more failures than one member fewer',
      '[overlapping-prefix] zj-health/ybj/Grant-redis: keyPrefix "health:ybj*" of tenant "ybj" starts with "health", the keyPrefix of tenant "wjw" on Redis offering "redis": "wjw" would reach "ybj"\'s keys',
      `[invalid-name] zj-health/ybj/Grant-redis: a Redis user name here is a lower-case letter followed by letters, digits, '-' or '_' (at most 63), and not "default" (the administrator)`,
      '[invalid-value] zj-health/ybj/Grant-redis: keyPrefix must be 1 to 63 letters, digits or . _ : / - (no spaces and no glob characters * ? [ ] that would widen the ACL pattern)',
    ]);
    expect(problems[0].fix).toBe('use 3 or 1');
  });
});
