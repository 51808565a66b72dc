import { type ClusterProps, type ProvinceHubProps, CloudKind, PostgresOffering } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { hubProps, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

/** The hub's clusters with their control plane changed (`undefined` drops the API server's addresses). */
function clusters(change: (c: ClusterProps) => Partial<ClusterProps>): ClusterProps[] {
  return hubProps().clusters.map((c) => ({ ...c, ...change(c) }));
}

function warnings(app: Parameters<typeof LandingZoneContext.of>[0]): string[] {
  return LandingZoneContext.of(app)
    .run()
    .warnings.filter((w) => !w.message.startsWith('[MLPS3-'))
    .map((w) => `${typeof w.at === 'string' ? w.at : w.at.node.path}: ${w.message}`);
}

function policies(app: Parameters<typeof stackJson>[0], cluster: string): Record<string, any> {
  return stackJson(app, `zj-platform-${cluster}`).resource.kubernetes_network_policy_v1 ?? {};
}

describe("the hub's management namespaces deny ingress by default", () => {
  const withEverything = (overrides: Partial<ProvinceHubProps> = {}) => {
    const { app, hub } = newHub({ applications: { keda: true }, ...overrides });
    hub.addIndustryCloud('health', { displayName: '医疗健康', clusters: ['hz-a-core', 'hz-b-core'] }).addTenant('wjw', { displayName: '卫健委', quota: { cpu: 4, memoryGi: 16 } });
    hub.middleware.add(new PostgresOffering({ instances: 3 })).grantConnect(hub.industryCloud('health').tenants[0]);
    hub.addEdgeZone('yuhang', { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge', enforcesNetworkPolicy: true });
    return { app, hub };
  };

  test('gov-lz-system: default deny, its own pods, and the API server on the webhook ports of what runs there', () => {
    const { app } = withEverything();
    app.synth();
    const p = policies(app, 'hz-a-core');
    expect(p['gov-lz-system--hz-a-core--default-deny-ingress'].spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    expect(p['gov-lz-system--hz-a-core--allow-same-namespace'].spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] });
    const api = p['gov-lz-system--hz-a-core--allow-from-api-server'];
    // KEDA (admission webhooks 9443, metrics APIService 6443), CloudNativePG (9443), yurt-manager (10273); no
    // prometheus-operator here: the fixture has no observability.
    expect(api.spec.ingress).toEqual([
      {
        from: [{ ip_block: { cidr: '10.1.0.0/28' } }],
        ports: [
          { port: '6443', protocol: 'TCP' },
          { port: '9443', protocol: 'TCP' },
          { port: '10273', protocol: 'TCP' },
        ],
      },
    ]);
    expect(api.metadata.annotations).toEqual({ 'gov-lz.io/webhooks': 'cloudnative-pg:9443 keda:6443,9443 yurt-manager:10273' });
    expect(api.depends_on).toEqual(['kubernetes_namespace_v1.gov-lz-system--hz-a-core']);
    // ali-burst runs KEDA only; its API server has its own addresses.
    expect(policies(app, 'ali-burst')['gov-lz-system--ali-burst--allow-from-api-server'].spec.ingress).toEqual([
      {
        from: [{ ip_block: { cidr: '10.3.0.0/28' } }],
        ports: [
          { port: '6443', protocol: 'TCP' },
          { port: '9443', protocol: 'TCP' },
        ],
      },
    ]);
    // Nothing else of the hub's platform writes an ingress rule into gov-lz-system.
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith('gov-lz-system--'))
        .sort(),
    ).toEqual(['gov-lz-system--hz-a-core--allow-from-api-server', 'gov-lz-system--hz-a-core--allow-same-namespace', 'gov-lz-system--hz-a-core--default-deny-ingress']);
    expect(warnings(app).filter((w) => w.includes('apiServerCidrs'))).toEqual([]);
  });

  test("gov-lz-backup (the recovery layer's): default deny and its own pods; Velero serves no webhook", () => {
    const { app } = withEverything({ recovery: RECOVERY });
    app.synth();
    const p = policies(app, 'hz-b-core');
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith('gov-lz-backup--'))
        .sort(),
    ).toEqual(['gov-lz-backup--hz-b-core--allow-same-namespace', 'gov-lz-backup--hz-b-core--default-deny-ingress']);
    expect(p['gov-lz-backup--hz-b-core--default-deny-ingress'].depends_on).toEqual(['kubernetes_namespace_v1.gov-lz-backup--hz-b-core']);
  });

  test('webhooks and no declared API-server addresses: a warning that names them, and no rule that would admit anything', () => {
    const { app } = withEverything({ clusters: clusters(() => ({ controlPlane: { ...hubProps().clusters[0].controlPlane, apiServerCidrs: undefined } })) });
    expect(
      warnings(app)
        .filter((w) => w.includes('gov-lz-system'))
        .sort(),
    ).toEqual([
      `zj-platform-ali-burst/Baseline: namespace "gov-lz-system" on cluster "ali-burst" denies ingress by default and serves webhooks the API server calls (keda on 6443, 9443), but the cluster declares no controlPlane.apiServerCidrs: the API server cannot reach them, and admissions that need them fail — declare the control-plane addresses, e.g. controlPlane: { apiServerCidrs: ['10.1.0.0/28'] } (the control-plane nodes, outside podCidrs)`,
      `zj-platform-hz-a-core/Baseline: namespace "gov-lz-system" on cluster "hz-a-core" denies ingress by default and serves webhooks the API server calls (cloudnative-pg on 9443; keda on 6443, 9443; yurt-manager on 10273), but the cluster declares no controlPlane.apiServerCidrs: the API server cannot reach them, and admissions that need them fail — declare the control-plane addresses, e.g. controlPlane: { apiServerCidrs: ['10.1.0.0/28'] } (the control-plane nodes, outside podCidrs)`,
      `zj-platform-hz-b-core/Baseline: namespace "gov-lz-system" on cluster "hz-b-core" denies ingress by default and serves webhooks the API server calls (cloudnative-pg on 9443; keda on 6443, 9443), but the cluster declares no controlPlane.apiServerCidrs: the API server cannot reach them, and admissions that need them fail — declare the control-plane addresses, e.g. controlPlane: { apiServerCidrs: ['10.1.0.0/28'] } (the control-plane nodes, outside podCidrs)`,
    ]);
    // …and the middleware's instances cannot reach the API server either.
    expect(warnings(app).filter((w) => w.includes('gov-lz-middleware'))).toHaveLength(2);
    app.synth();
    expect(policies(app, 'hz-a-core')['gov-lz-system--hz-a-core--allow-from-api-server']).toBeUndefined();
    expect(policies(app, 'hz-a-core')['gov-lz-middleware--hz-a-core--allow-egress-api-server']).toBeUndefined();
  });

  test('a cluster without webhooks needs no API-server addresses', () => {
    const { app } = newHub({ clusters: clusters(() => ({ controlPlane: undefined })) });
    expect(warnings(app)).toEqual([]);
    app.synth();
    expect(policies(app, 'hz-a-core')['gov-lz-system--hz-a-core--default-deny-ingress']).toBeDefined();
  });

  test('bad API-server addresses: not a block, inside the pod network, the whole space; a bad port', () => {
    const bad = clusters((c) =>
      c.name === 'hz-a-core'
        ? { podCidrs: ['10.244.0.0/16'], controlPlane: { ...c.controlPlane, apiServerCidrs: ['10.244.1.0/28', 'nope', '0.0.0.0/0'], apiServerPort: 70000 } }
        : c.cloud === CloudKind.PUBLIC
          ? { controlPlane: { ...c.controlPlane, apiServerCidrs: [] } }
          : {},
    );
    const problems = synthProblems(newHub({ clusters: bad }).app).filter((p) => p.code === 'invalid-control-plane');
    expect(problems.map((p) => `${JSON.stringify(p.value)} ${p.message}`)).toEqual([
      `"10.244.1.0/28" controlPlane.apiServerCidrs: "10.244.1.0/28" overlaps the cluster's pod network (10.244.0.0/16): the management namespaces would admit every pod in it on the webhook ports`,
      expect.stringMatching(/^"nope" controlPlane\.apiServerCidrs: /),
      '"0.0.0.0/0" controlPlane.apiServerCidrs: "0.0.0.0/0" is every address',
      '70000 controlPlane.apiServerPort must be a TCP port (1 to 65535)',
      '[] controlPlane.apiServerCidrs must list the address blocks of the API server (the control-plane nodes)',
    ]);
  });
});
