import { App } from 'cdktf';
import { PostgresOffering, ProvinceHub, RedisOffering } from '../../lib';
import { hubProps, stackJson, synthProblems } from '../helpers';
import { fixture, synthResources, warnings } from './fixture';

test('the tenant side of a grant: one secret and one egress rule per shared cluster, listed with the tenant', () => {
  const f = fixture();
  f.hub.middleware.add(new RedisOffering());
  const grant = f.hub.middleware.get('redis').grantConnect(f.wjw);
  expect(grant.node.path).toBe('zj-health/wjw/Grant-redis');
  expect(grant.clusters).toEqual(['hz-a-core', 'hz-b-core']);
  expect(grant.secretName).toBe('middleware-redis');
  expect(f.wjw.networkRules).toEqual([
    {
      name: 'middleware-redis',
      direction: 'egress',
      peers: [{ namespace: 'gov-lz-middleware', podLabels: { app: 'redis', redis_setup_type: 'replication' } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
      clusters: ['hz-a-core', 'hz-b-core'],
    },
  ]);
  const r = synthResources(f.app);
  const s = r.health.kubernetes_secret_v1['wjw--redis--hz-b-core'];
  expect(s.provider).toBe('kubernetes.hz-b-core');
  expect(s.metadata.labels).toEqual({
    'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone',
    'app.kubernetes.io/part-of': 'gov-landing-zone',
    'gov-lz.io/tenant': 'wjw',
    'gov-lz.io/offering': 'redis',
  });
  expect(r.health.kubernetes_network_policy_v1['wjw--hz-b-core--egress-middleware-redis'].spec.policy_types).toEqual(['Egress']);
});

test('bumping credentialsRevision rewrites the secrets on both sides; nothing else does', () => {
  const revisions = (rev?: number) => {
    const f = fixture();
    f.hub.middleware.add(new PostgresOffering());
    f.hub.middleware.get('postgres').grantConnect(f.wjw, rev === undefined ? {} : { credentialsRevision: rev });
    const r = synthResources(f.app);
    return [r.health.kubernetes_secret_v1['wjw--postgres--hz-a-core'].data_wo_revision, r.hub.kubernetes_secret_v1['wjw--postgres--hz-a-core--credentials'].data_wo_revision];
  };
  const [tenant1, hub1] = revisions();
  expect(revisions(1)).toEqual([tenant1, hub1]);
  const [tenant2, hub2] = revisions(2);
  expect(tenant2).not.toBe(tenant1);
  expect(hub2).not.toBe(hub1);
});

test('a tenant on clusters without an instance gets nothing there, with a warning; with no cluster in common, an error', () => {
  const partial = fixture();
  partial.hub.middleware.add(new PostgresOffering({ clusters: ['hz-a-core'] }));
  const g = partial.hub.middleware.get('postgres').grantConnect(partial.wjw);
  expect(g.clusters).toEqual(['hz-a-core']);
  expect(warnings(partial.app)).toEqual(['zj-health/wjw/Grant-postgres: offering "postgres" runs on hz-a-core but not on hz-b-core: tenant "wjw" gets no credentials and no network path to it there']);
  const r = synthResources(partial.app);
  expect(Object.keys(r.health.kubernetes_secret_v1)).toEqual(['wjw--postgres--hz-a-core']);
  expect(r.health.kubernetes_network_policy_v1['wjw--hz-b-core--egress-middleware-postgres']).toBeUndefined();

  const none = fixture();
  none.hub.middleware.add(new PostgresOffering({ clusters: ['hz-a-core'] }));
  const jyt = none.hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-b-core'] }).addTenant('jyt', { displayName: '省教育厅', quota: { cpu: 1, memoryGi: 1 } });
  none.hub.middleware.get('postgres').grantConnect(jyt, { credentialsRevision: 0 });
  none.hub.middleware.get('postgres').grantConnect(none.web);
  expect(synthProblems(none.app).map((p) => `[${p.code}] ${p.path}: ${p.message} | ${p.fix}`)).toEqual([
    '[invalid-value] zj-education/jyt/Grant-postgres: credentialsRevision must be a whole number of 1 or more | start at 1 and add 1 each time the password changes',
    '[unreachable-offering] zj-education/jyt/Grant-postgres: tenant "jyt" runs on hz-b-core and offering "postgres" on hz-a-core: no cluster runs both, and a network policy cannot reach another cluster | add one of hz-b-core to the offering\'s clusters, or grant an offering that runs there',
    '[unreachable-offering] zj-citizen/web/Grant-postgres: tenant "web" runs only on public clusters (ali-burst), which never reach private middleware directly | call the service through the private API gateway over the dedicated line, or grant "postgres" to a tenant on a private cluster',
  ]);
});

test('middleware runs on private clusters only; a tenant that bursts gets no credentials on its burst placement', () => {
  const f = fixture();
  f.hub.middleware.add(new RedisOffering({ clusters: ['hz-a-core', 'ali-burst'] }));
  expect(synthProblems(f.app).map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
    '[middleware-on-public-cloud] zj-hub/Middleware-redis: offering "redis" is placed on public cluster "ali-burst"; shared middleware keeps departments\' data and runs on private clusters only (tenants never reach private services from a public cluster)',
  ]);
  const b = fixture({ dedicatedLineCidrs: ['10.20.0.0/24'] });
  b.hub.middleware.add(new RedisOffering());
  const education = b.hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'] });
  const ksy = education.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 8 }, burst: { cluster: 'ali-burst', maxCpu: 16 } });
  expect(ksy.placements.map((p) => `${p.cluster.name}:${p.kind}`)).toEqual(['hz-a-core:home', 'hz-b-core:home', 'ali-burst:burst']);
  expect(b.hub.middleware.get('redis').grantConnect(ksy).clusters).toEqual(['hz-a-core', 'hz-b-core']);
  expect(ksy.networkRules.find((r) => r.name === 'middleware-redis')?.clusters).toEqual(['hz-a-core', 'hz-b-core']);
  const r = synthResources(b.app);
  expect(Object.keys(stackSecrets(b.app, 'zj-education'))).toEqual(['ksy--redis--hz-a-core', 'ksy--redis--hz-b-core']);
  expect(r.hub.kubernetes_network_policy_v1['ksy--redis--hz-a-core']).toBeDefined();
});

test("a tenant of another hub cannot be granted this hub's offering", () => {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering());
  const js = hubProps({ province: 'js', displayName: '江苏省政务云' });
  const other = new ProvinceHub(f.app, 'js', { ...js, clusters: js.clusters.map((c) => ({ ...c, name: `js-${c.name}` })) });
  const ic = other.addIndustryCloud('health', { displayName: '医疗', clusters: ['js-hz-a-core'] });
  const t = ic.addTenant('wsj', { displayName: '卫生局', quota: { cpu: 1, memoryGi: 1 } });
  f.hub.middleware.get('postgres').grantConnect(t);
  expect(synthProblems(f.app).map((p) => p.message)).toContain('tenant "wsj" belongs to hub "js", not to "zj" whose offering "postgres" it is granted');
});

function stackSecrets(app: App, stack: string): Record<string, unknown> {
  return stackJson(app, stack).resource?.kubernetes_secret_v1 ?? {};
}
