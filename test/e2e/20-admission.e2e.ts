/**
 * The deployed demo, checked by the real admission chain and authorizer: Pod Security, the registry allow-list,
 * 信创 placement, the protection of managed objects, ResourceQuota, RBAC by SubjectAccessReview.
 */
import { A, compliantPod, kube } from './demo';
import { Identity, Kube } from './kube';

describe('the demo province on real control planes', () => {
  describe('admission, for real', () => {
    const ns = 'jyt';
    const created: Array<[string, string]> = [];
    afterAll(async () => {
      for (const [cluster, p] of created) await kube(cluster).delete(p);
    });

    test('a compliant pod is admitted (pods are API objects here: no node runs them)', async () => {
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, compliantPod('e2e-ok'));
      expect([r.status, r.body?.message]).toEqual([201, undefined]);
      created.push([A, `/api/v1/namespaces/${ns}/pods/e2e-ok`]);
    });

    test('a privileged pod in a tenant namespace is refused by Pod Security (restricted)', async () => {
      const pod = compliantPod('e2e-privileged');
      (pod.spec as any).containers[0].securityContext = { privileged: true };
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, pod);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/violates PodSecurity "restricted:latest": privileged/);
    });

    test('an image from outside the hub registry is refused by the registry allow-list policy', async () => {
      const pod = compliantPod('e2e-dockerhub');
      (pod.spec as any).containers[0].image = 'docker.io/library/nginx:1.27';
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, pod);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/ValidatingAdmissionPolicy 'gov-lz-registry-allow-list'.*not allowed: docker\.io\/library\/nginx:1\.27/);
    });

    test('in a 信创 namespace an amd64-only pod is refused, and a pod without a selector is placed on the ARM64 pool', async () => {
      const amd = await kube(A).create('/api/v1/namespaces/dsj/pods', compliantPod('e2e-amd64', { nodeSelector: { 'kubernetes.io/arch': 'amd64' } }));
      expect(amd.status).toBe(403);
      expect(amd.body.message).toMatch(/node label selector conflicts|domestic hardware/);
      const plain = await kube(A).create('/api/v1/namespaces/dsj/pods', compliantPod('e2e-arm64'));
      expect(plain.status).toBe(201);
      created.push([A, '/api/v1/namespaces/dsj/pods/e2e-arm64']);
      expect(plain.body.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'node.gov-lz.io/pool': 'kunpeng' });
    });

    test('nobody but the platform sets, changes or removes the landing-zone labels of a namespace (gov-lz-protect-namespace-labels)', async () => {
      const k = kube(A);
      // An identity that RBAC lets change namespaces (a self-service team), so that admission decides.
      const rbac = '/apis/rbac.authorization.k8s.io/v1';
      const role = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'e2e-namespace-editor' },
        rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'create', 'update', 'patch', 'delete'] }],
      };
      const binding = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'e2e-namespace-editor' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'e2e-namespace-editor' },
        subjects: [{ kind: 'Group', name: 'e2e-self-service', apiGroup: 'rbac.authorization.k8s.io' }],
      };
      expect((await k.create(`${rbac}/clusterroles`, role)).status).toBe(201);
      created.push([A, `${rbac}/clusterroles/e2e-namespace-editor`]);
      expect((await k.create(`${rbac}/clusterrolebindings`, binding)).status).toBe(201);
      created.push([A, `${rbac}/clusterrolebindings/e2e-namespace-editor`]);
      const team = { user: 'ci@hz-city', groups: ['e2e-self-service'] };
      await Kube.until('the namespace editor role to apply', async () => ((await k.can(team, 'patch', { resource: 'namespaces', name: ns })) ? true : undefined));
      const claim = await k.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e2e-evil', labels: { 'gov-lz.io/tenant': ns } } }, team);
      expect(claim.status).toBe(403);
      expect(claim.body.message).toMatch(/ValidatingAdmissionPolicy 'gov-lz-protect-namespace-labels'/);
      for (const labels of [{ 'gov-lz.io/tenant': 'wjw' }, { 'pod-security.kubernetes.io/enforce': 'privileged' }, { 'gov-lz.io/zone': null }]) {
        const r = await k.patch(`/api/v1/namespaces/${ns}`, { metadata: { labels } }, team);
        expect([JSON.stringify(labels), r.status]).toEqual([JSON.stringify(labels), 403]);
      }
      expect((await k.delete(`/api/v1/namespaces/${ns}`, team)).status).toBe(403);
      // Other labels stay free; the landing zone's are as the platform set them.
      expect((await k.patch(`/api/v1/namespaces/${ns}`, { metadata: { labels: { 'e2e.hz-city/owner': 'ci' } } }, team)).status).toBe(200);
      expect((await k.patch(`/api/v1/namespaces/${ns}`, { metadata: { labels: { 'e2e.hz-city/owner': null } } })).status).toBe(200);
      expect((await k.get(`/api/v1/namespaces/${ns}`)).body.metadata.labels).toMatchObject({ 'gov-lz.io/tenant': ns, 'pod-security.kubernetes.io/enforce': 'restricted', 'gov-lz.io/zone': 'app' });
    });
  });

  describe('departments cannot undo their own isolation (admission policy gov-lz-protect-managed-objects)', () => {
    const admin: Identity = { user: 'alice@wjw', groups: ['wjw-admins'] };
    const deployer: Identity = { user: 'system:serviceaccount:wjw:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:wjw'] };
    const own = (name: string, labels: Record<string, string> = {}) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, labels },
      spec: { podSelector: { matchLabels: { app: 'appointments' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'gateway' } } }] }] },
    });
    const policies = '/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies';

    test("RBAC lets the department's admin and deployer delete NetworkPolicies; admission refuses it for default-deny", async () => {
      for (const who of [admin, deployer]) {
        expect(await kube(A).can(who, 'delete', { group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'wjw' })).toBe(true);
        const r = await kube(A).delete(`${policies}/default-deny`, who);
        expect([r.status, r.body.message]).toEqual([403, expect.stringMatching(/gov-lz-protect-managed-objects.*managed by the landing zone/)]);
      }
      const q = await kube(A).patch('/api/v1/namespaces/wjw/resourcequotas/tenant-quota', { spec: { hard: { 'requests.cpu': '9999' } } }, admin);
      expect(q.status).toBe(403);
      expect((await kube(A).get(`${policies}/default-deny`)).status).toBe(200);
    });

    test('a department still adds its own policies, but cannot pass one off as the landing zone’s', async () => {
      const mine = await kube(A).create(policies, own('e2e-own-policy'), admin);
      expect(mine.status).toBe(201);
      expect((await kube(A).delete(`${policies}/e2e-own-policy`, admin)).status).toBe(200);
      const forged = await kube(A).create(policies, own('e2e-forged', { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone' }), deployer);
      expect(forged.status).toBe(403);
    });

    test('the platform identity (the one Terraform applies with) may still change them', async () => {
      const r = await kube(A).patch(`${policies}/default-deny`, { metadata: { annotations: { 'e2e.gov-lz.io/touched': 'yes' } } });
      expect(r.status).toBe(200);
      expect((await kube(A).patch(`${policies}/default-deny`, { metadata: { annotations: { 'e2e.gov-lz.io/touched': null } } })).status).toBe(200);
    });
  });

  test('ResourceQuota is enforced by the real admission and controller-manager: an over-quota object is refused', async () => {
    const k = kube(A);
    // The quota controller must have computed the quota's status before admission can count against it.
    await Kube.until('the quota controller to compute tenant-quota in sjj', async () => {
      const q = await k.get('/api/v1/namespaces/sjj/resourcequotas/tenant-quota');
      return q.body?.status?.hard?.['requests.cpu'] ? q.body : undefined;
    });
    const big = compliantPod('e2e-too-big');
    (big.spec as any).containers[0].resources = { requests: { cpu: '9', memory: '1Gi' }, limits: { cpu: '9', memory: '1Gi' } };
    const r = await k.create('/api/v1/namespaces/sjj/pods', big);
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/exceeded quota: tenant-quota, requested: .*requests\.cpu=9, used: .*requests\.cpu=0, limited: .*requests\.cpu=8/);
    const pvc = await k.create('/api/v1/namespaces/sjj/persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'e2e-too-big' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } },
    });
    expect(pvc.status).toBe(403);
    expect(pvc.body.message).toMatch(/exceeded quota: tenant-quota.*requests\.storage=200Gi.*limited: requests\.storage=128Gi/);
  });

  test('RBAC, by SubjectAccessReview: department admins and deployers act in their own namespaces only', async () => {
    const k = kube(A);
    const tenants = ['wjw', 'jyt', 'dsj'];
    const who = (t: string): Array<[string, Identity]> => [
      [`${t} admin`, { user: `alice@${t}`, groups: [`${t}-admins`] }],
      [`${t} deployer`, { user: `system:serviceaccount:${t}:deployer`, groups: ['system:serviceaccounts', `system:serviceaccounts:${t}`] }],
    ];
    const checks: Array<[string, { group?: string; resource: string; namespace?: string }]> = [
      ['create deployments', { group: 'apps', resource: 'deployments' }],
      ['get secrets', { resource: 'secrets' }],
      ['delete networkpolicies', { group: 'networking.k8s.io', resource: 'networkpolicies' }],
      ['create rolebindings', { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }],
    ];
    const verbOf = (label: string) => label.split(' ')[0];
    const rows: string[] = [];
    const problems: string[] = [];
    for (const t of tenants) {
      for (const [label, id] of who(t)) {
        const cells: string[] = [];
        for (const ns of tenants) {
          for (const [what, res] of checks) {
            const allowed = await k.can(id, verbOf(what), { ...res, namespace: ns });
            cells.push(allowed ? 'yes' : '-');
            if (ns !== t && allowed) problems.push(`${label} may ${what} in ${ns}`);
          }
        }
        // Cluster-scoped objects: none.
        for (const [what, res] of [
          ['create namespaces', { resource: 'namespaces' }],
          ['create clusterrolebindings', { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
          ['list secrets cluster-wide', { resource: 'secrets' }],
        ] as const) {
          const allowed = await k.can(id, verbOf(what) === 'list' ? 'list' : 'create', res);
          cells.push(allowed ? 'yes' : '-');
          if (allowed) problems.push(`${label} may ${what}`);
        }
        rows.push(`| ${label} | ${cells.join(' | ')} |`);
      }
      // In its own namespace an admin can run the department's workloads.
      expect(await k.can({ user: `alice@${t}`, groups: [`${t}-admins`] }, 'create', { group: 'apps', resource: 'deployments', namespace: t })).toBe(true);
    }
    const head = tenants.flatMap((ns) => checks.map(([w]) => `${w} in ${ns}`)).concat(['create namespaces', 'create clusterrolebindings', 'list secrets cluster-wide']);

    console.log(`RBAC matrix on ${A} (SubjectAccessReview; yes = allowed):\n| subject | ${head.join(' | ')} |\n|${'---|'.repeat(head.length + 1)}\n${rows.join('\n')}`);
    expect(problems).toEqual([]);
  });
});
