/**
 * Issue 21, item 6 (the runtime half): for every MLPS rule whose non-compliant case Kubernetes can refuse at runtime,
 * the case is reproduced on the deployed demo and the real API server refuses it — Pod Security `restricted`, the
 * landing zone's ValidatingAdmissionPolicies (registry allow-list, managed objects, namespace labels), RBAC denies,
 * ResourceQuota and LimitRange. docs/compliance.md ("Enforced at runtime") lists rule → test. What only synth can
 * check (a NodePort Service, a read-only root file system, automountServiceAccountToken, ttl of backups…) is not
 * refused by Kubernetes and is not claimed here. 20-admission proves some of these cases too; this file is the index.
 */
import { A, compliantPod, kube } from './demo';
import { Identity, Kube } from './kube';

const NS = 'jyt';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const RBAC = 'rbac.authorization.k8s.io';
const ADMIN: Identity = { user: 'alice@jyt', groups: ['jyt-admins'] };
const DEPLOYER: Identity = { user: `system:serviceaccount:${NS}:deployer`, groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`] };

/** A compliant pod changed by `change` (its spec and first container). */
function pod(name: string, change: (spec: any, container: any) => void): Record<string, unknown> {
  const p = compliantPod(name) as any;
  change(p.spec, p.spec.containers[0]);
  return p;
}

/** Creates `body` in the department's namespace as `who` (the platform identity by default); expects a refusal matching `why`. */
async function refused(k: Kube, body: Record<string, unknown>, why: RegExp, who?: Identity): Promise<void> {
  const r = await k.create(PODS, body, who);
  const name = (body.metadata as { name: string }).name;
  if (r.status === 201) await k.delete(`${PODS}/${name}`);
  expect([name, r.status, r.body?.message]).toEqual([name, 403, expect.stringMatching(why)]);
}

describe('the non-compliant cases Kubernetes refuses at runtime (rule → refusal)', () => {
  const k = kube(A);
  const created: string[] = [];
  afterAll(async () => {
    for (const p of created) await k.delete(p);
  });

  test('MLPS3-15 / MLPS3-16: privileged containers, host namespaces, privilege escalation and added capabilities are refused by Pod Security restricted', async () => {
    await refused(
      k,
      pod('e2e-59-privileged', (_s, c) => (c.securityContext = { ...c.securityContext, privileged: true, allowPrivilegeEscalation: true })),
      /privileged/,
    );
    await refused(
      k,
      pod('e2e-59-hostpid', (s) => (s.hostPID = true)),
      /host namespaces \(hostPID=true\)/,
    );
    await refused(
      k,
      pod('e2e-59-hostipc', (s) => (s.hostIPC = true)),
      /host namespaces \(hostIPC=true\)/,
    );
    await refused(
      k,
      pod('e2e-59-escalation', (_s, c) => (c.securityContext = { ...c.securityContext, allowPrivilegeEscalation: true })),
      /allowPrivilegeEscalation != false/,
    );
    await refused(
      k,
      pod('e2e-59-netadmin', (_s, c) => (c.securityContext = { ...c.securityContext, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } })),
      /unrestricted capabilities|non-default capabilities/,
    );
  });

  test('MLPS3-33 (in part): a container that may run as root, without a seccomp profile or with its capabilities kept is refused', async () => {
    await refused(
      k,
      pod('e2e-59-root', (s, c) => {
        delete s.securityContext.runAsNonRoot;
        c.securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
      }),
      /runAsNonRoot != true/,
    );
    await refused(
      k,
      pod('e2e-59-seccomp', (s) => delete s.securityContext.seccompProfile),
      /seccompProfile/,
    );
    await refused(
      k,
      pod('e2e-59-caps', (_s, c) => (c.securityContext = { ...c.securityContext, capabilities: {} })),
      /unrestricted capabilities/,
    );
  });

  test('MLPS3-24: a hostPath volume in a department namespace is refused', async () => {
    await refused(
      k,
      pod('e2e-59-hostpath', (s, c) => {
        s.volumes = [{ name: 'host', hostPath: { path: '/var/lib/kubelet' } }];
        c.volumeMounts = [{ name: 'host', mountPath: '/host', readOnly: true }];
      }),
      /hostPath/,
    );
  });

  test('MLPS3-3: host network and host ports are refused outside the management zone', async () => {
    await refused(
      k,
      pod('e2e-59-hostnetwork', (s) => (s.hostNetwork = true)),
      /host namespaces \(hostNetwork=true\)/,
    );
    await refused(
      k,
      pod('e2e-59-hostport', (_s, c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }])),
      /hostPort/,
    );
  });

  test('MLPS3-31 / MLPS3-32: an image from outside the hub registry is refused by gov-lz-registry-allow-list', async () => {
    await refused(
      k,
      pod('e2e-59-foreign-image', (_s, c) => (c.image = 'quay.io/evil/miner:1.0')),
      /ValidatingAdmissionPolicy 'gov-lz-registry-allow-list'/,
    );
    // An init container counts too.
    await refused(
      k,
      pod('e2e-59-foreign-init', (s, c) => (s.initContainers = [{ ...c, name: 'init', image: 'docker.io/library/busybox:1.36' }])),
      /gov-lz-registry-allow-list/,
    );
  });

  test('MLPS3-2: a container without resources gets the LimitRange defaults, and an over-quota pod is refused', async () => {
    const bare = pod('e2e-59-bare', (_s, c) => delete c.resources);
    const r = await k.create(PODS, bare);
    expect(r.status).toBe(201);
    created.push(`${PODS}/e2e-59-bare`);
    expect(r.body.spec.containers[0].resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(r.body.spec.containers[0].resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    await Kube.until(`the quota controller to compute tenant-quota in ${NS}`, async () => {
      const q = await k.get(`/api/v1/namespaces/${NS}/resourcequotas/tenant-quota`);
      return q.body?.status?.hard?.['requests.cpu'] ? q.body : undefined;
    });
    await refused(
      k,
      pod('e2e-59-too-big', (_s, c) => (c.resources = { requests: { cpu: '999', memory: '1Gi' }, limits: { cpu: '999', memory: '1Gi' } })),
      /exceeded quota: tenant-quota/,
    );
  });

  test("MLPS3-57: each placement holds the department to its own share: in its edge zone's namespace a pod above the edge share (8 CPU) is refused, though its home share (64) would admit it", async () => {
    const EDGE = '/api/v1/namespaces/jyt-yuhang/pods';
    await Kube.until('the quota controller to compute tenant-quota in jyt-yuhang', async () => {
      const q = await k.get('/api/v1/namespaces/jyt-yuhang/resourcequotas/tenant-quota');
      return q.body?.status?.hard?.['requests.cpu'] ? q.body : undefined;
    });
    const big = compliantPod('e2e-59-above-edge-share') as any;
    big.spec.containers[0].resources = { requests: { cpu: '9', memory: '1Gi' }, limits: { cpu: '9', memory: '1Gi' } };
    const r = await k.create(EDGE, big);
    if (r.status === 201) await k.delete(`${EDGE}/e2e-59-above-edge-share`);
    expect([r.status, r.body?.message]).toEqual([403, expect.stringMatching(/exceeded quota: tenant-quota.*requested: .*cpu=9/)]);
  });

  test('MLPS3-5 / MLPS3-2 / MLPS3-11: a department cannot remove its default deny, raise its quota or take over its deployer (gov-lz-protect-managed-objects)', async () => {
    for (const who of [ADMIN, DEPLOYER]) {
      const del = await k.delete(`/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies/default-deny`, who);
      expect([who.user, del.status, del.body.message]).toEqual([who.user, 403, expect.stringMatching(/gov-lz-protect-managed-objects/)]);
    }
    // Where RBAC already refuses (the built-in admin role does not write quotas or limit ranges), the policy is the second line.
    const refusedBy = async (verb: string, resource: string, path: string, body?: unknown) => {
      const rbac = await k.can(ADMIN, verb, { group: resource === 'rolebindings' ? RBAC : '', resource, namespace: NS });
      const r = verb === 'delete' ? await k.delete(path, ADMIN) : await k.patch(path, body, ADMIN);
      expect([path, r.status, r.body.message]).toEqual([path, 403, expect.stringMatching(rbac ? /gov-lz-protect-managed-objects/ : /cannot (patch|delete) resource/)]);
    };
    await refusedBy('patch', 'resourcequotas', `/api/v1/namespaces/${NS}/resourcequotas/tenant-quota`, { spec: { hard: { 'requests.cpu': '9999' } } });
    await refusedBy('delete', 'limitranges', `/api/v1/namespaces/${NS}/limitranges/tenant-defaults`);
    await refusedBy('patch', 'serviceaccounts', `/api/v1/namespaces/${NS}/serviceaccounts/deployer`, { automountServiceAccountToken: true });
    await refusedBy('delete', 'rolebindings', `/apis/${RBAC}/v1/namespaces/${NS}/rolebindings/tenant-deployer`);
  });

  test('MLPS3-1 / MLPS3-14 / MLPS3-28 / MLPS3-29: a department cannot change its zone, data class, tenant or data-location labels (gov-lz-protect-namespace-labels)', async () => {
    // Namespaces are cluster-scoped: give a team the RBAC to patch them, so that admission decides.
    const role = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'e2e-59-namespace-editor' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'patch'] }] };
    const binding = {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'e2e-59-namespace-editor' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'e2e-59-namespace-editor' },
      subjects: [{ kind: 'Group', name: 'e2e-59-team', apiGroup: RBAC }],
    };
    expect((await k.create(`/apis/${RBAC}/v1/clusterroles`, role)).status).toBe(201);
    created.push(`/apis/${RBAC}/v1/clusterroles/e2e-59-namespace-editor`);
    expect((await k.create(`/apis/${RBAC}/v1/clusterrolebindings`, binding)).status).toBe(201);
    created.push(`/apis/${RBAC}/v1/clusterrolebindings/e2e-59-namespace-editor`);
    const team: Identity = { user: 'bob@jyt', groups: ['e2e-59-team'] };
    await Kube.until('the namespace editor role to apply', async () => ((await k.can(team, 'patch', { resource: 'namespaces', name: NS })) ? true : undefined));
    for (const labels of [{ 'gov-lz.io/zone': 'mgmt' }, { 'gov-lz.io/data-class': 'core' }, { 'gov-lz.io/tenant': 'wjw' }, { 'gov-lz.io/data-location': 'hongkong' }]) {
      const r = await k.patch(`/api/v1/namespaces/${NS}`, { metadata: { labels } }, team);
      expect([JSON.stringify(labels), r.status, r.body.message]).toEqual([JSON.stringify(labels), 403, expect.stringMatching(/gov-lz-protect-namespace-labels/)]);
    }
  });

  test('MLPS3-12 / MLPS3-13: RBAC refuses a department cluster-wide grants, grants in other namespaces and escalation', async () => {
    const crb = {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'e2e-59-jyt-everywhere' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', name: 'jyt-admins', apiGroup: RBAC }],
    };
    const r1 = await k.create(`/apis/${RBAC}/v1/clusterrolebindings`, crb, ADMIN);
    expect(r1.status).toBe(403);
    const rb = (namespace: string, role: string) => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'e2e-59-grant', namespace },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'Group', name: 'jyt-admins', apiGroup: RBAC }],
    });
    // Into another department's namespace.
    expect((await k.create(`/apis/${RBAC}/v1/namespaces/wjw/rolebindings`, rb('wjw', 'view'), ADMIN)).status).toBe(403);
    // cluster-admin in its own namespace: more than the admin holds, so RBAC's escalation check refuses it.
    const esc = await k.create(`/apis/${RBAC}/v1/namespaces/${NS}/rolebindings`, rb(NS, 'cluster-admin'), ADMIN);
    expect([esc.status, esc.body.message]).toEqual([403, expect.stringMatching(/attempting to grant RBAC permissions not currently held|forbidden/)]);
    // Nor reading another department's Secrets, nor the audit log store.
    expect(await k.can(ADMIN, 'get', { resource: 'secrets', namespace: 'wjw' })).toBe(false);
    expect((await k.get('/api/v1/namespaces/wjw/secrets', ADMIN)).status).toBe(403);
    expect((await k.get('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend', ADMIN)).status).toBe(403);
  });

  test('MLPS3-25: the system administrator cannot read a department’s Secrets or run a pod as a platform service account (see 58-separation-of-duties)', async () => {
    const ops: Identity = { user: 'ops@zj', groups: ['zj-system-admins'] };
    expect((await k.get(`/api/v1/namespaces/${NS}/secrets`, ops)).status).toBe(403);
    expect((await k.create('/api/v1/namespaces/gov-lz-system/pods', compliantPod('e2e-59-borrowed'), ops)).status).toBe(403);
  });
});
