import { App } from 'cdktf';
import { DataClass, MlpsLevel3Checks, ProvinceHub } from '../../lib';
import { EDGE_POLICY_NAME, edgeZonePolicy } from '../../lib/edge/edge-policy';
import { artifact, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';
import { evaluate, toCel } from '../placement/cel';
import { crdValidator, errorsOf } from '../schema';

const ZONE = { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge', capacity: { cpu: 16, memoryGi: 64 }, linkLatencyMs: 8, linkBandwidthMbps: 1000 };
const CONTROLS = { physicalAccessControl: true, encryptedLink: true, encryptedStorage: true, centralAudit: true };

function province(): { app: App; hub: ProvinceHub } {
  return newHub({ recovery: RECOVERY });
}

describe('a department at a county edge zone', () => {
  const { app, hub } = province();
  const egov = hub.addIndustryCloud('egov', { displayName: '政务服务', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  // Declared before the zone: the placement follows when the zone is added.
  egov.addTenant('dsj', {
    displayName: '大数据局',
    quota: { cpu: 8, memoryGi: 32 },
    admins: ['dsj-admins'],
    edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16, pods: 50 }, latencyObjectiveMs: 20 },
  });
  hub.addEdgeZone('yuhang', { ...ZONE, displayName: '余杭区' });
  egov.addTenant('mzj', { displayName: '民政局', quota: { cpu: 8, memoryGi: 32 } });
  app.synth();
  const tenants = stackJson(app, 'zj-egov').resource;
  const hubStack = stackJson(app, 'zj-hub').resource;

  test('gets a namespace <code>-<zone> on the zone cluster with its labels, default selector and tolerations', () => {
    const ns = tenants.kubernetes_namespace_v1['dsj--hz-a-core--edge-yuhang'];
    expect(ns.metadata.name).toBe('dsj-yuhang');
    expect(ns.provider).toBe('kubernetes.hz-a-core');
    expect(ns.metadata.labels).toMatchObject({
      'gov-lz.io/tenant': 'dsj',
      'gov-lz.io/edge-zone': 'yuhang',
      'gov-lz.io/edge-network-policy': 'not-enforced',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(ns.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('apps.openyurt.io/nodepool=yuhang-edge,gov-lz.io/edge-zone=yuhang');
    expect(JSON.parse(ns.metadata.annotations['scheduler.alpha.kubernetes.io/defaultTolerations'])).toEqual([{ key: 'gov-lz.io/edge-zone', operator: 'Equal', value: 'yuhang', effect: 'NoSchedule' }]);
    // The home namespaces are untouched.
    expect(tenants.kubernetes_namespace_v1['dsj--hz-a-core'].metadata.name).toBe('dsj');
    expect(tenants.kubernetes_namespace_v1['dsj--hz-a-core'].metadata.labels['gov-lz.io/edge-zone']).toBeUndefined();
    expect(tenants.kubernetes_namespace_v1['mzj--hz-a-core--edge-yuhang']).toBeUndefined();
  });

  test('with the edge quota, the LimitRange, default-deny policies and role bindings of home', () => {
    const quota = tenants.kubernetes_resource_quota_v1['dsj--hz-a-core--edge-yuhang'];
    expect(quota.metadata.namespace).toBe('dsj-yuhang');
    expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '4', 'limits.memory': '16Gi', pods: '50' });
    expect(tenants.kubernetes_limit_range_v1['dsj--hz-a-core--edge-yuhang'].metadata.namespace).toBe('dsj-yuhang');
    expect(tenants.kubernetes_network_policy_v1['dsj--hz-a-core--edge-yuhang--default-deny'].metadata.namespace).toBe('dsj-yuhang');
    expect(tenants.kubernetes_role_binding_v1['dsj--hz-a-core--edge-yuhang--admins'].metadata.namespace).toBe('dsj-yuhang');
  });

  test('the platform stack installs the yurt-manager chart (NodePool CRD); the hub stack the NodePool, valid against the CRD', () => {
    const platform = stackJson(app, 'zj-platform-hz-a-core').resource;
    expect(platform.helm_release['yurt-manager--hz-a-core']).toMatchObject({ chart: 'yurt-manager', version: '1.7.0', namespace: 'gov-lz-system' });
    expect(stackJson(app, 'zj-platform-hz-b-core').resource.helm_release?.['yurt-manager--hz-b-core']).toBeUndefined();
    const pool = hubStack.kubernetes_manifest['edge-yuhang--hz-a-core--nodepool'];
    expect(pool.provider).toBe('kubernetes.hz-a-core');
    expect(pool.manifest).toMatchObject({ apiVersion: 'apps.openyurt.io/v1beta2', kind: 'NodePool', metadata: { name: 'yuhang-edge' } });
    expect(pool.manifest.spec.taints).toEqual([{ key: 'gov-lz.io/edge-zone', value: 'yuhang', effect: 'NoSchedule' }]);
    expect(pool.manifest.spec.annotations).toEqual({ 'node.openyurt.io/autonomy-duration': '0' });
    expect(errorsOf(crdValidator('openyurt/apps.openyurt.io_nodepools.yaml', 'v1beta2'), pool.manifest)).toEqual([]);
  });

  test('the hub stack carries the edge admission policy of the cluster, bound to tenant namespaces', () => {
    const policy = hubStack.kubernetes_manifest[`${EDGE_POLICY_NAME}--hz-a-core`].manifest;
    const binding = hubStack.kubernetes_manifest[`${EDGE_POLICY_NAME}--hz-a-core--binding`].manifest;
    expect(policy.kind).toBe('ValidatingAdmissionPolicy');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(binding.spec.matchResources.namespaceSelector).toEqual({ matchExpressions: [{ key: 'gov-lz.io/tenant', operator: 'Exists' }] });
    expect(JSON.stringify(policy)).toContain("'yuhang/dsj-yuhang'");
    expect(hubStack.kubernetes_manifest[`${EDGE_POLICY_NAME}--hz-b-core`]).toBeUndefined();
  });

  test('the inventory lists the zone and who runs there; the review shows it', () => {
    const inv = JSON.parse(artifact(app, 'inventory.json'));
    const zones = inv.provinces[0].edgeZones;
    expect(zones).toEqual([
      expect.objectContaining({
        name: 'yuhang',
        site: 'hz-a',
        cluster: 'hz-a-core',
        nodePool: 'yuhang-edge',
        enforcesNetworkPolicy: false,
        linkLatencyMs: 8,
        tenants: [{ tenant: 'dsj', namespace: 'dsj-yuhang', dataClass: 'GENERAL', quota: { cpu: 4, memoryGi: 16, pods: 50 } }],
      }),
    ]);
    const review = artifact(app, 'review.md');
    // The county sits under the site it links to in the topology, joined to its cluster.
    const site = review.slice(review.indexOf('subgraph site_hz_a'), review.indexOf('end', review.indexOf('subgraph site_hz_a')));
    expect(site).toContain('edge_yuhang["余杭区 · county yuhang<br/>pool yuhang-edge · NetworkPolicy not enforced<br/>1 tenant: dsj"]');
    expect(review).toContain('cluster_hz_a_core -.-|"edge 边缘 · 8 ms · 1000 Mbit/s"| edge_yuhang');
    expect(review).toMatch(
      /\| `yuhang` 余杭区 \| hz-a · `hz-a-core` \| `yuhang-edge` \| 8 ms · 1000 Mbit\/s \| not enforced \(one department\) \| missing: physicalAccessControl, encryptedLink, encryptedStorage, centralAudit \| dsj GENERAL \(4 cpu, 16 Gi, 50 pods\) \| ✅ 1\/1 \|/,
    );
  });
});

/** Admission of a pod in a namespace by the edge policy, as the API server evaluates it. */
function admit(policy: any, namespace: { name: string; labels?: Record<string, string> }, spec: Record<string, unknown>, operation = 'CREATE'): string | undefined {
  const object = toCel({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: namespace.name }, spec });
  const namespaceObject = toCel({ metadata: { name: namespace.name, labels: { 'kubernetes.io/metadata.name': namespace.name, ...(namespace.labels ?? {}) } } });
  const request = toCel({ operation });
  const variables = new Map<string, unknown>();
  for (const v of policy.spec.variables ?? []) variables.set(v.name, evaluate(v.expression, { object, namespaceObject, request, variables }));
  for (const v of policy.spec.validations) {
    if (evaluate(v.expression, { object, namespaceObject, request, variables }) === true) continue;
    return v.messageExpression ? String(evaluate(v.messageExpression, { object, namespaceObject, request, variables })) : v.message;
  }
  return undefined;
}

describe('the edge admission policy (its CEL, run with @bufbuild/cel)', () => {
  const taint = (zone: string) => ({ key: 'gov-lz.io/edge-zone', value: zone, effect: 'NoSchedule' as const });
  const { policy } = edgeZonePolicy([
    { name: 'yuhang', nodePool: 'yuhang-edge', taints: [taint('yuhang')], namespaces: ['dsj-yuhang'] },
    { name: 'xiaoshan', nodePool: 'xiaoshan-edge', taints: [taint('xiaoshan')], namespaces: ['mzj-xiaoshan', 'dsj-xiaoshan'] },
  ]);
  const edgeNs = { name: 'dsj-yuhang', labels: { 'gov-lz.io/tenant': 'dsj', 'gov-lz.io/edge-zone': 'yuhang' } };
  const pinned = {
    nodeSelector: { 'apps.openyurt.io/nodepool': 'yuhang-edge', 'gov-lz.io/edge-zone': 'yuhang' },
    tolerations: [{ key: 'gov-lz.io/edge-zone', operator: 'Equal', value: 'yuhang', effect: 'NoSchedule' }],
  };
  const containers = [{ name: 'app', image: 'x' }];

  test("admits a pod of the zone's namespace that selects its pool and tolerates its taint", () => {
    expect(admit(policy, edgeNs, { containers, ...pinned })).toBeUndefined();
  });

  test("refuses a pod of the zone's namespace without the pool's selector, or selecting another pool", () => {
    expect(admit(policy, edgeNs, { containers })).toMatch(/namespace dsj-yuhang runs in edge zone yuhang: its pods must select node pool yuhang-edge/);
    expect(admit(policy, edgeNs, { containers, nodeSelector: { 'apps.openyurt.io/nodepool': 'xiaoshan-edge' } })).toMatch(/must select node pool yuhang-edge/);
  });

  test("refuses another department's pod that tolerates the zone's taint, whatever its namespace labels say", () => {
    const other = { name: 'mzj', labels: { 'gov-lz.io/tenant': 'mzj' } };
    expect(admit(policy, other, { containers, tolerations: pinned.tolerations })).toMatch(
      /namespace mzj may not run pods in edge zone yuhang: the pod tolerates its taint gov-lz.io\/edge-zone=yuhang:NoSchedule/,
    );
    // A forged edge-zone label does not help: the zone admits namespaces by name.
    const forged = { name: 'mzj', labels: { 'gov-lz.io/tenant': 'mzj', 'gov-lz.io/edge-zone': 'yuhang' } };
    expect(admit(policy, forged, { containers, ...pinned })).toMatch(/may not run pods in edge zone yuhang/);
    // Tolerating every taint (an empty key with Exists) tolerates the zone's too.
    expect(admit(policy, other, { containers, tolerations: [{ operator: 'Exists' }] })).toMatch(/edge zone xiaoshan, yuhang|edge zone yuhang/);
    // Selecting the pool alone is refused too.
    expect(admit(policy, other, { containers, nodeSelector: { 'apps.openyurt.io/nodepool': 'yuhang-edge' } })).toMatch(/may not run pods in edge zone yuhang \(node pool yuhang-edge\)/);
  });

  test("the department's own home namespace may not land there either; a shared zone admits each of its namespaces", () => {
    expect(admit(policy, { name: 'dsj', labels: { 'gov-lz.io/tenant': 'dsj' } }, { containers, tolerations: pinned.tolerations })).toMatch(/namespace dsj may not run pods in edge zone yuhang/);
    const xs = { nodeSelector: { 'apps.openyurt.io/nodepool': 'xiaoshan-edge' }, tolerations: [{ key: 'gov-lz.io/edge-zone', operator: 'Equal', value: 'xiaoshan', effect: 'NoSchedule' }] };
    expect(admit(policy, { name: 'mzj-xiaoshan', labels: { 'gov-lz.io/tenant': 'mzj', 'gov-lz.io/edge-zone': 'xiaoshan' } }, { containers, ...xs })).toBeUndefined();
    // A toleration of another zone's value for the same key does not tolerate this zone's taint.
    expect(
      admit(
        policy,
        { name: 'mzj-xiaoshan', labels: { 'gov-lz.io/tenant': 'mzj', 'gov-lz.io/edge-zone': 'xiaoshan' } },
        { containers, ...xs, tolerations: [...xs.tolerations, { key: 'gov-lz.io/edge-zone', operator: 'Exists' }] },
      ),
    ).toMatch(/may not run pods in edge zone yuhang/);
  });

  test('pods of tenant namespaces are not created with spec.nodeName; updates of scheduled pods pass', () => {
    const home = { name: 'mzj', labels: { 'gov-lz.io/tenant': 'mzj' } };
    expect(admit(policy, home, { containers, nodeName: 'edge-node-1' })).toMatch(/spec.nodeName would bypass/);
    expect(admit(policy, home, { containers, nodeName: 'edge-node-1' }, 'UPDATE')).toBeUndefined();
    expect(admit(policy, home, { containers })).toBeUndefined();
  });
});

describe('the checks of edge zones', () => {
  const codes = (app: App) => synthProblems(app).map((p) => `${p.code} ${p.value === undefined ? '' : typeof p.value === 'string' ? p.value : JSON.stringify(p.value)}`);

  test('IMPORTANT data only in a zone that declares the MLPS controls', () => {
    const { app, hub } = province();
    const health = hub.addIndustryCloud('health', { displayName: '卫健', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    hub.addEdgeZone('yuhang', ZONE);
    health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    const problems = synthProblems(app);
    const p = problems.find((x) => x.code === 'edge-zone-lacks-controls');
    expect(p?.message).toMatch(/IMPORTANT data .* physicalAccessControl, encryptedLink, encryptedStorage, centralAudit/);
    expect(p?.path).toBe('zj-health/wjw');

    const ok = province();
    const h2 = ok.hub.addIndustryCloud('health', { displayName: '卫健', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    ok.hub.addEdgeZone('yuhang', { ...ZONE, controls: CONTROLS });
    h2.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    expect(() => ok.app.synth()).not.toThrow();
  });

  test('a zone without NetworkPolicy hosts one department; IMPORTANT data never shares it', () => {
    const { app, hub } = province();
    const health = hub.addIndustryCloud('health', { displayName: '卫健', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL });
    hub.addEdgeZone('yuhang', { ...ZONE, controls: CONTROLS });
    health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    egov.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    const problems = synthProblems(app);
    expect(problems.filter((p) => p.code === 'edge-zone-shared').map((p) => p.path)).toEqual(['zj-health/wjw']);

    const enforced = province();
    const h2 = enforced.hub.addIndustryCloud('health', { displayName: '卫健', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    const e2 = enforced.hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL });
    enforced.hub.addEdgeZone('yuhang', { ...ZONE, controls: CONTROLS, enforcesNetworkPolicy: true });
    h2.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    e2.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    expect(() => enforced.app.synth()).not.toThrow();
  });

  test('GENERAL departments share such a zone only by accepting it: a suppression of MLPS3-28 with reason, owner and expiry', () => {
    const build = (accept: boolean) => {
      const { app, hub } = province();
      const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL });
      hub.addEdgeZone('yuhang', ZONE);
      const a = egov.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
      const b = egov.addTenant('mzj', { displayName: '民政局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
      if (accept) {
        for (const t of [a, b]) {
          MlpsLevel3Checks.suppress(t, { ruleId: 'MLPS3-28', reason: '余杭 county kiosks share the zone; GENERAL data only (SEC-88)', owner: 'zj-security-office', expires: '2999-12-31' });
        }
      }
      return app;
    };
    const problems = synthProblems(build(false)).filter((p) => p.code === 'MLPS3-28');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/department "dsj" is in edge zone "yuhang", whose network does not enforce NetworkPolicy, with department mzj/),
      expect.stringMatching(/department "mzj" is in edge zone "yuhang", .* with department dsj/),
    ]);
    const accepted = build(true);
    accepted.synth();
    expect(artifact(accepted, 'compliance.json')).toContain('SEC-88');
  });

  test('edge quotas stay within the zone capacity; a zone without capacity takes no quota', () => {
    const { app, hub } = province();
    const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'] });
    hub.addEdgeZone('yuhang', { ...ZONE, enforcesNetworkPolicy: true, capacity: { cpu: 6, memoryGi: 64 } });
    hub.addEdgeZone('linan', { ...ZONE, nodePool: 'linan-edge', capacity: undefined });
    egov.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang', 'linan'], quota: { cpu: 4, memoryGi: 16 } } });
    egov.addTenant('mzj', { displayName: '民政局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 } } });
    const problems = synthProblems(app);
    const over = problems.find((p) => p.code === 'edge-capacity-exceeded');
    expect(over?.message).toMatch(/reserve 8 cpu \(dsj 4, mzj 4\), more than the zone's capacity of 6/);
    expect(over?.path).toBe('zj/edgeZones/yuhang');
    expect(problems.find((p) => p.code === 'edge-capacity-unknown')?.path).toBe('zj/edgeZones/linan');
  });

  test('latency and bandwidth objectives the link cannot meet are refused', () => {
    const { app, hub } = province();
    const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'] });
    hub.addEdgeZone('yuhang', ZONE);
    hub.addEdgeZone('linan', { ...ZONE, nodePool: 'linan-edge', linkLatencyMs: undefined });
    egov.addTenant('dsj', {
      displayName: '大数据局',
      quota: { cpu: 8, memoryGi: 32 },
      edge: { zones: ['yuhang'], quota: { cpu: 4, memoryGi: 16 }, latencyObjectiveMs: 5, bandwidthObjectiveMbps: 2000 },
    });
    egov.addTenant('mzj', { displayName: '民政局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['linan'], quota: { cpu: 4, memoryGi: 16 }, latencyObjectiveMs: 5 } });
    const problems = synthProblems(app);
    expect(problems.filter((p) => p.code === 'edge-link-objective').map((p) => p.message)).toEqual([
      expect.stringMatching(/needs a round trip of 5 ms at most to site "hz-a", but the link of edge zone "yuhang" has 8 ms/),
      expect.stringMatching(/needs 2000 Mbit\/s at least .* has 1000 Mbit\/s/),
    ]);
    expect(problems.find((p) => p.code === 'edge-link-unknown')?.message).toMatch(/edge zone "linan" declares no linkLatencyMs/);
  });

  test('bad zone props and unknown zones are reported together, nothing is written', () => {
    const { app, hub } = province();
    const egov = hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'] });
    hub.addEdgeZone('Bad_Zone', { ...ZONE });
    hub.addEdgeZone('wrongsite', { ...ZONE, site: 'hz-b', nodePool: 'w-edge' });
    hub.addEdgeZone('public', { ...ZONE, site: 'ali-hz', cluster: 'ali-burst', nodePool: 'p-edge' });
    hub.addEdgeZone('soft', { ...ZONE, nodePool: 's-edge', taints: [{ key: 'k', effect: 'PreferNoSchedule' }] });
    hub.addEdgeZone('twin', { ...ZONE });
    egov.addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 }, edge: { zones: ['nowhere'], quota: { cpu: 4, memoryGi: 16 } } });
    const found = codes(app);
    expect(found).toEqual(
      expect.arrayContaining([
        'invalid-name Bad_Zone',
        'cluster-not-on-site hz-a-core',
        'edge-on-public-cluster ali-burst',
        'edge-zone-untainted [{"key":"k","effect":"PreferNoSchedule"}]',
        'duplicate yuhang-edge',
        'unknown-edge-zone nowhere',
      ]),
    );
  });

  test('a hub without edge zones writes nothing of them', () => {
    const { app, hub } = province();
    hub.addIndustryCloud('egov', { displayName: '政务', clusters: ['hz-a-core'] }).addTenant('dsj', { displayName: '大数据局', quota: { cpu: 8, memoryGi: 32 } });
    app.synth();
    expect(stackJson(app, 'zj-platform-hz-a-core').resource.helm_release?.['yurt-manager--hz-a-core']).toBeUndefined();
    expect(JSON.stringify(stackJson(app, 'zj-hub'))).not.toContain(EDGE_POLICY_NAME);
    expect(JSON.parse(artifact(app, 'inventory.json')).provinces[0].edgeZones).toEqual([]);
  });
});
