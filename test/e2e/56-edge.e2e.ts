/**
 * County edge zones on the real control planes: the demo's zone `yuhang` (OpenYurt NodePool `yuhang-edge` on hz-a-core,
 * department jyt). No kubelet runs, so the zone's nodes are Node objects labelled and tainted as the pool's, and pods
 * are API objects that the real admission chain (PodNodeSelector, PodTolerationRestriction, the ValidatingAdmissionPolicy
 * `gov-lz-edge-zones`) accepts or refuses.
 */
import { A, compliantPod, kube } from './demo';

const ZONE = 'yuhang';
const POOL = 'yuhang-edge';
const EDGE_NS = 'jyt-yuhang';
const TAINT = { key: 'gov-lz.io/edge-zone', value: ZONE, effect: 'NoSchedule' };
const NODE = 'e2e-yuhang-node-1';
const tolerations = [{ key: TAINT.key, operator: 'Equal', value: TAINT.value, effect: TAINT.effect }];

describe('county edge zones on real control planes', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const p of created.reverse()) await kube(A).delete(p);
  });

  test('the NodePool is on the cluster (its CRD came with the local yurt-manager chart) and the namespace of the zone exists', async () => {
    const pool = await kube(A).get(`/apis/apps.openyurt.io/v1beta2/nodepools/${POOL}`);
    expect(pool.status).toBe(200);
    expect(pool.body.spec).toMatchObject({ type: 'Edge', labels: { 'gov-lz.io/edge-zone': ZONE }, taints: [TAINT] });
    const ns = await kube(A).get(`/api/v1/namespaces/${EDGE_NS}`);
    expect(ns.status).toBe(200);
    expect(ns.body.metadata.labels).toMatchObject({ 'gov-lz.io/tenant': 'jyt', 'gov-lz.io/edge-zone': ZONE });
    const quota = await kube(A).get(`/api/v1/namespaces/${EDGE_NS}/resourcequotas/tenant-quota`);
    expect(quota.body.spec.hard).toMatchObject({ 'requests.cpu': '8', 'limits.memory': '32Gi', pods: '50' });
  });

  test("a node joins the pool as OpenYurt labels it (a Node object: no kubelet here), tainted with the zone's taint", async () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: NODE, labels: { 'apps.openyurt.io/nodepool': POOL, 'gov-lz.io/edge-zone': ZONE, 'kubernetes.io/arch': 'arm64' } },
      spec: { taints: [TAINT] },
    };
    const r = await kube(A).create('/api/v1/nodes', node);
    expect([r.status, r.body?.message]).toEqual([201, undefined]);
    created.push(`/api/v1/nodes/${NODE}`);
  });

  test("a pod of the zone's namespace is admitted and gets the pool's selector and the zone's toleration from the namespace", async () => {
    const r = await kube(A).create(`/api/v1/namespaces/${EDGE_NS}/pods`, compliantPod('e2e-edge-ok'));
    expect([r.status, r.body?.message]).toEqual([201, undefined]);
    created.push(`/api/v1/namespaces/${EDGE_NS}/pods/e2e-edge-ok`);
    expect(r.body.spec.nodeSelector).toEqual({ 'apps.openyurt.io/nodepool': POOL, 'gov-lz.io/edge-zone': ZONE });
    expect(r.body.spec.tolerations).toEqual(expect.arrayContaining([expect.objectContaining(tolerations[0])]));
  });

  test("a pod of the zone's namespace cannot ask for another pool", async () => {
    const r = await kube(A).create(`/api/v1/namespaces/${EDGE_NS}/pods`, compliantPod('e2e-edge-elsewhere', { nodeSelector: { 'apps.openyurt.io/nodepool': 'linan-edge' } }));
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/node label selector conflicts|must select node pool yuhang-edge/);
  });

  test("another department's pod that tolerates the zone's taint and selects its pool is refused by gov-lz-edge-zones", async () => {
    const r = await kube(A).create('/api/v1/namespaces/kjt/pods', compliantPod('e2e-edge-intruder', { nodeSelector: { 'apps.openyurt.io/nodepool': POOL }, tolerations }));
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/ValidatingAdmissionPolicy 'gov-lz-edge-zones'.*namespace kjt may not run pods in edge zone yuhang/);
    // Tolerating every taint is tolerating the zone's.
    const all = await kube(A).create('/api/v1/namespaces/kjt/pods', compliantPod('e2e-edge-everything', { tolerations: [{ operator: 'Exists' }] }));
    expect(all.status).toBe(403);
    expect(all.body.message).toMatch(/gov-lz-edge-zones.*edge zone yuhang/);
  });

  test("the department's own home namespace does not land in the zone either; naming the node directly is refused", async () => {
    const home = await kube(A).create('/api/v1/namespaces/jyt/pods', compliantPod('e2e-edge-home', { tolerations }));
    expect(home.status).toBe(403);
    expect(home.body.message).toMatch(/gov-lz-edge-zones.*namespace jyt may not run pods in edge zone yuhang/);
    const named = await kube(A).create('/api/v1/namespaces/kjt/pods', compliantPod('e2e-edge-nodename', { nodeName: NODE }));
    expect(named.status).toBe(403);
    expect(named.body.message).toMatch(/gov-lz-edge-zones.*spec.nodeName would bypass/);
  });
});
