/**
 * The demo's applications (GovApplication) on the real control planes: every object accepted by the API server
 * (the HTTPRoute and ScaledObject against the Gateway API and KEDA CRDs the platform stacks installed from the local
 * charts), and the pods: no scheduler or kubelet runs, but kube-controller-manager does, so the Deployment
 * controller's ReplicaSet creates the pods through admission (Pod Security restricted, the registry allow-list, the
 * 信创 node selector) — the pods exist only if admission accepted them. A pod made from the Deployment's template is
 * also created directly, so a refusal would come back with its reason.
 */
import { A, B, kube, PUBLIC } from './demo';
import { Kube } from './kube';

const apps = [
  { ns: 'wjw', name: 'appointments', clusters: [A, B], scaler: 'hpa' },
  { ns: 'ksy', name: 'score-query', clusters: [A, B, PUBLIC], scaler: 'keda' },
] as const;

describe('applications on the real control planes', () => {
  const created: Array<[string, string]> = [];
  afterAll(async () => {
    for (const [cluster, p] of created) await kube(cluster).delete(p);
  });

  for (const app of apps) {
    for (const cluster of app.clusters) {
      test(`${app.ns}/${app.name} on ${cluster}: Deployment, Service, ServiceAccount, PDB, autoscaling and route accepted`, async () => {
        const k = kube(cluster);
        const get = async (p: string) => (await k.get(p)).status;
        expect(await get(`/apis/apps/v1/namespaces/${app.ns}/deployments/${app.name}`)).toBe(200);
        expect(await get(`/api/v1/namespaces/${app.ns}/services/${app.name}`)).toBe(200);
        expect(await get(`/api/v1/namespaces/${app.ns}/serviceaccounts/${app.name}`)).toBe(200);
        expect(await get(`/apis/policy/v1/namespaces/${app.ns}/poddisruptionbudgets/${app.name}`)).toBe(200);
        const route = await k.get(`/apis/gateway.networking.k8s.io/v1/namespaces/${app.ns}/httproutes/${app.name}`);
        expect(route.status).toBe(200);
        expect(route.body.spec.parentRefs[0]).toMatchObject({ namespace: 'gov-lz-gateway', name: 'gov-lz-gateway' });
        if (app.scaler === 'hpa') {
          const hpa = await k.get(`/apis/autoscaling/v2/namespaces/${app.ns}/horizontalpodautoscalers/${app.name}`);
          expect([hpa.status, hpa.body.spec.scaleTargetRef.name, hpa.body.spec.minReplicas]).toEqual([200, app.name, 2]);
        } else {
          const so = await k.get(`/apis/keda.sh/v1alpha1/namespaces/${app.ns}/scaledobjects/${app.name}`);
          expect(so.status).toBe(200);
          const cron = so.body.spec.triggers.find((t: any) => t.type === 'cron');
          // 200 replicas at the gaokao results: 40 on each Hangzhou site, 120 on the public cloud.
          expect(cron.metadata).toMatchObject({ start: '0 8 25 6 *', end: '0 8 28 6 *', desiredReplicas: cluster === PUBLIC ? '120' : '40' });
        }
      });

      test(`${app.ns}/${app.name} on ${cluster}: the ReplicaSet's pods passed admission`, async () => {
        const k = kube(cluster);
        const selector = encodeURIComponent(`app.kubernetes.io/name=${app.name}`);
        const pods = await Kube.until(
          `pods of ${app.ns}/${app.name} on ${cluster}`,
          async () => {
            const r = await k.get(`/api/v1/namespaces/${app.ns}/pods?labelSelector=${selector}`);
            return r.status === 200 && r.body.items.length > 0 ? r.body.items : undefined;
          },
          120_000,
        );
        expect(pods[0].metadata.ownerReferences[0].kind).toBe('ReplicaSet');
        expect(pods[0].spec.serviceAccountName).toBe(app.name);
        expect(pods[0].spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
      });
    }
  }

  test('a pod made from the Deployment template is admitted directly (Pod Security restricted, registry, 信创 selector)', async () => {
    const k = kube(A);
    const dep = await k.get('/apis/apps/v1/namespaces/wjw/deployments/appointments');
    expect(dep.status).toBe(200);
    const template = dep.body.spec.template;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e2e-appointments-template', labels: { 'e2e.gov-lz.io/probe': 'template' } }, spec: template.spec };
    const r = await k.create('/api/v1/namespaces/wjw/pods', pod);
    expect([r.status, r.body?.message]).toEqual([201, undefined]);
    created.push([A, '/api/v1/namespaces/wjw/pods/e2e-appointments-template']);
  });
});
