import { Construct } from 'constructs';
import { NetworkRule, Tenant } from '../../lib';
import { mayReachPrivateServices, privateServiceClusters, ruleAppliesTo } from '../../lib/placement/network-reach';
import { batchFor } from '../../lib/private/resource-batch';
import { newHub, stackJson, synthProblems } from '../helpers';

const quota = { cpu: 8, memoryGi: 32 };
const LINE = { dedicatedLineCidrs: ['10.20.0.0/24'] };

/** What a middleware grant adds (see issue #3): egress to the middleware namespace on the tenant's clusters. */
const grant = (clusters?: string[]): NetworkRule => ({
  name: 'postgres',
  direction: 'egress',
  peers: [{ namespace: 'gov-lz-middleware', podLabels: { 'cnpg.io/cluster': 'pg' } }],
  ports: [{ port: 5432 }],
  ...(clusters ? { clusters } : {}),
});

function setup() {
  const { app, hub } = newHub(LINE);
  const ic = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
  const ksy = ic.addTenant('ksy', { displayName: '考试院', quota, burst: { cluster: 'ali-burst', maxCpu: 16 } }) as Tenant;
  return { app, hub, ic, ksy };
}

describe('the predicates a grant calls', () => {
  test('private services are reachable from the private placements only, never from the burst one', () => {
    const { ksy } = setup();
    expect(privateServiceClusters(ksy)).toEqual(['hz-a-core', 'hz-b-core']);
    expect(mayReachPrivateServices(ksy, 'hz-a-core')).toBe(true);
    expect(mayReachPrivateServices(ksy, 'ali-burst')).toBe(false);
  });

  test('a GENERAL industry cloud with a public home cluster: only the private ones', () => {
    const { hub } = newHub();
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core', 'ali-burst'] });
    const t = ic.addTenant('zlb', { displayName: '浙里办', quota });
    expect(privateServiceClusters(t)).toEqual(['hz-a-core']);
  });

  test('rules without clusters land on home placements, not on the burst placement', () => {
    const { ksy } = setup();
    const [a, , burst] = ksy.placements;
    expect(ruleAppliesTo(grant(), a)).toBe(true);
    expect(ruleAppliesTo(grant(), burst)).toBe(false);
    expect(ruleAppliesTo(grant(['ali-burst']), burst)).toBe(true);
    expect(ruleAppliesTo(grant(['ali-burst']), a)).toBe(false);
  });
});

describe('rules on a public placement', () => {
  test('a grant without clusters reaches middleware from the private namespaces only', () => {
    const { app, ksy } = setup();
    ksy.addNetworkRule(grant());
    app.synth();
    const np = stackJson(app, 'zj-edu').resource.kubernetes_network_policy_v1;
    expect(np['ksy--hz-a-core--egress-postgres']).toBeDefined();
    expect(np['ksy--hz-b-core--egress-postgres']).toBeDefined();
    expect(np['ksy--ali-burst--egress-postgres']).toBeUndefined();
  });

  test('a grant that names the burst cluster is an error: a public namespace would reach private middleware', () => {
    const { app, ksy } = setup();
    ksy.addNetworkRule(grant(['hz-a-core', 'ali-burst']));
    expect(synthProblems(app)).toEqual([
      {
        code: 'private-network-from-public',
        path: 'zj-edu/ksy',
        value: { namespace: 'gov-lz-middleware', podLabels: { 'cnpg.io/cluster': 'pg' } },
        message:
          'network rule "egress-postgres" would open its burst namespace on public cluster "ali-burst" towards the private side: namespace "gov-lz-middleware" is another namespace; on a public cluster only the tenant\'s own pods and the dedicated line may be peers',
        fix: 'limit the rule to the private clusters (clusters: ["hz-a-core","hz-b-core"]), or reach private services through the private API gateway over the dedicated line (10.20.0.0/24)',
      },
    ]);
  });

  test('an address block outside the dedicated line is an error; inside it is allowed and emitted', () => {
    const { app, ksy } = setup();
    ksy.addNetworkRule({ name: 'db-ip', direction: 'egress', peers: [{ cidr: '10.30.0.0/16' }], ports: [{ port: 5432 }], clusters: ['ali-burst'] });
    const [p] = synthProblems(app);
    expect(p.code).toBe('private-network-from-public');
    expect(p.message).toMatch(/towards the private side: address block 10.30.0.0\/16 is outside the dedicated line \(10.20.0.0\/24\)$/);

    const ok = setup();
    ok.ksy.addNetworkRule({ name: 'gateway-8443', direction: 'egress', peers: [{ cidr: '10.20.0.16/28' }], ports: [{ port: 8443 }], clusters: ['ali-burst'] });
    ok.ksy.addNetworkRule({ name: 'own-pods', direction: 'ingress', peers: [{ podLabels: { app: 'web' } }], ports: [{ port: 8080 }], clusters: ['ali-burst'] });
    ok.app.synth();
    const np = stackJson(ok.app, 'zj-edu').resource.kubernetes_network_policy_v1;
    expect(np['ksy--ali-burst--egress-gateway-8443'].spec.egress).toEqual([{ to: [{ ip_block: { cidr: '10.20.0.16/28' } }], ports: [{ port: '8443', protocol: 'TCP' }] }]);
    expect(np['ksy--ali-burst--ingress-own-pods']).toBeDefined();
    expect(np['ksy--hz-a-core--egress-gateway-8443']).toBeUndefined();
  });

  test('a home namespace on a public cluster follows the same rule', () => {
    const { app, hub } = newHub(LINE);
    const ic = hub.addIndustryCloud('portal', { displayName: '门户', clusters: ['hz-a-core', 'ali-burst'] });
    ic.addTenant('zlb', { displayName: '浙里办', quota }).addNetworkRule(grant());
    const [p, ...rest] = synthProblems(app);
    expect(rest).toEqual([]);
    expect(p.message).toMatch(/^network rule "egress-postgres" would open its namespace on public cluster "ali-burst" towards the private side/);
    expect(p.fix).toMatch(/^limit the rule to the private clusters \(clusters: \["hz-a-core"\]\)/);
  });
});

describe('no secret is copied to a burst namespace', () => {
  /** Something another layer might emit: a secret on a cluster, in a namespace. */
  const emitSecret = (scope: Construct, provider: string, namespace: string, type = 'kubernetes_secret_v1') => {
    const body =
      type === 'kubernetes_manifest' ? { provider, manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pg-app', namespace } } } : { provider, metadata: { name: 'pg-app', namespace } };
    batchFor(scope, 'Secrets').addProducer(() => [{ type, name: `pg-app--${namespace}--${provider.split('.')[1]}`, body }]);
  };

  test('a secret in the burst namespace, from any stack, is an error', () => {
    const { app, hub } = setup();
    emitSecret(hub.hubStack, 'kubernetes.ali-burst', 'ksy');
    const [p] = synthProblems(app);
    expect(p).toMatchObject({ code: 'secret-in-burst-namespace', path: 'zj-hub/Secrets', value: 'kubernetes_secret_v1.pg-app--ksy--ali-burst' });
    expect(p.message).toBe(
      'kubernetes_secret_v1.pg-app--ksy--ali-burst puts a Secret into the burst namespace "ksy" on a public cluster (ali-burst); credentials are never copied to the public cloud',
    );
  });

  test('also as a manifest; the same secret on a private cluster is fine', () => {
    const { app, hub } = setup();
    emitSecret(hub.hubStack, 'kubernetes.ali-burst', 'ksy', 'kubernetes_manifest');
    expect(synthProblems(app).map((p) => p.code)).toEqual(['secret-in-burst-namespace']);
    const ok = setup();
    emitSecret(ok.hub.hubStack, 'kubernetes.hz-a-core', 'ksy');
    ok.app.synth();
  });
});
