/**
 * 三权分立 on a real API server (issue 21, item 4): what the system, security and audit administrators and the Terraform
 * identity may do on the deployed demo, asked of the real authorizer by SubjectAccessReview, and tried for real where a
 * request shows more than the authorizer's answer (a Secret read, a pod with an operator's service account, a CSR
 * approval, the audit records). The demo declares no adminGroups: the defaults apply (zj-system-admins,
 * zj-security-admins, zj-audit-admins, zj-terraform).
 */
import { execFileSync } from 'child_process';
import { A, compliantPod, kube } from './demo';
import { Identity, Kube } from './kube';

type Ask = readonly [label: string, verb: string, resource: { group?: string; resource: string; subresource?: string; namespace?: string; name?: string }];

const SYSTEM: Identity = { user: 'ops@zj', groups: ['zj-system-admins'] };
const SECURITY: Identity = { user: 'sec@zj', groups: ['zj-security-admins'] };
const AUDIT: Identity = { user: 'auditor@zj', groups: ['zj-audit-admins'] };
const TERRAFORM: Identity = { user: 'terraform@zj', groups: ['zj-terraform'] };
const RBAC = 'rbac.authorization.k8s.io';
const CERTS = 'certificates.k8s.io';

/** Asks every question of the authorizer; returns the ones whose answer is not `expected`, and prints the matrix. */
async function mismatches(k: Kube, who: string, id: Identity, asks: readonly Ask[], expected: boolean): Promise<string[]> {
  const wrong: string[] = [];
  const rows: string[] = [];
  for (const [label, verb, res] of asks) {
    const allowed = await k.can(id, verb, res);
    rows.push(`| ${who} | ${label} | ${allowed ? 'yes' : '-'} |`);
    if (allowed !== expected) wrong.push(`${who} ${expected ? 'cannot' : 'can'} ${label}`);
  }
  console.log(`三权分立 on ${A} (SubjectAccessReview; expected ${expected ? 'yes' : '-'}):\n| who | request | allowed |\n|---|---|---|\n${rows.join('\n')}`);
  return wrong;
}

/** A PEM certificate signing request (a fresh P-256 key, thrown away) for `subject`. */
function csrPem(subject: string): string {
  return execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', '/dev/null', '-subj', subject], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('三权分立 holds on a real API server (SubjectAccessReview, then for real)', () => {
  const k = kube(A);
  const created: string[] = [];
  afterAll(async () => {
    for (const p of created) await k.delete(p);
  });

  test('the system administrator operates resources: drains, restarts, scales, backs up, reads the platform’s logs', async () => {
    const can: Ask[] = [
      ['evict a department pod', 'create', { resource: 'pods', subresource: 'eviction', namespace: 'wjw' }],
      ['delete (restart) a pod', 'delete', { resource: 'pods', namespace: 'wjw' }],
      ['cordon a node', 'patch', { resource: 'nodes', name: 'node-1' }],
      ['scale a deployment', 'update', { group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'wjw' }],
      ['read pods everywhere', 'list', { resource: 'pods' }],
      ['run a Velero backup (without hooks: see below)', 'create', { group: 'velero.io', resource: 'backups', namespace: 'gov-lz-backup' }],
      ['read operator logs in gov-lz-system', 'get', { resource: 'pods', subresource: 'log', namespace: 'gov-lz-system' }],
      ['read config maps in gov-lz-system', 'list', { resource: 'configmaps', namespace: 'gov-lz-system' }],
    ];
    expect(await mismatches(k, 'system admin', SYSTEM, can, true)).toEqual([]);
  });

  test('the system administrator reads no Secret and cannot escalate through tokens, shells, pods or bindings', async () => {
    const cannot: Ask[] = [
      ['get a department secret', 'get', { resource: 'secrets', namespace: 'wjw' }],
      ['list secrets cluster-wide', 'list', { resource: 'secrets' }],
      ['list secrets in gov-lz-system', 'list', { resource: 'secrets', namespace: 'gov-lz-system' }],
      ['read a department config map', 'get', { resource: 'configmaps', namespace: 'wjw' }],
      ['read a department pod log', 'get', { resource: 'pods', subresource: 'log', namespace: 'wjw' }],
      ['mint a service-account token in gov-lz-system', 'create', { resource: 'serviceaccounts', subresource: 'token', namespace: 'gov-lz-system' }],
      ['mint a service-account token in gov-lz-backup', 'create', { resource: 'serviceaccounts', subresource: 'token', namespace: 'gov-lz-backup' }],
      ['exec into a pod in gov-lz-system', 'create', { resource: 'pods', subresource: 'exec', namespace: 'gov-lz-system' }],
      ['attach to a pod in gov-lz-backup', 'create', { resource: 'pods', subresource: 'attach', namespace: 'gov-lz-backup' }],
      ['port-forward to a pod in gov-lz-system', 'create', { resource: 'pods', subresource: 'portforward', namespace: 'gov-lz-system' }],
      ['exec into a department pod', 'create', { resource: 'pods', subresource: 'exec', namespace: 'wjw' }],
      ['proxy to a node', 'get', { resource: 'nodes', subresource: 'proxy', name: 'node-1' }],
      ['create a pod in gov-lz-system', 'create', { resource: 'pods', namespace: 'gov-lz-system' }],
      ['create a deployment in gov-lz-backup', 'create', { group: 'apps', resource: 'deployments', namespace: 'gov-lz-backup' }],
      ['patch a daemonset in gov-lz-backup', 'patch', { group: 'apps', resource: 'daemonsets', namespace: 'gov-lz-backup' }],
      ['create a job in gov-lz-system', 'create', { group: 'batch', resource: 'jobs', namespace: 'gov-lz-system' }],
      ['bind cluster-admin', 'bind', { group: RBAC, resource: 'clusterroles', name: 'cluster-admin' }],
      ['escalate a role', 'escalate', { group: RBAC, resource: 'clusterroles' }],
      ['create a cluster role binding', 'create', { group: RBAC, resource: 'clusterrolebindings' }],
      ['impersonate a user', 'impersonate', { resource: 'users', name: 'terraform@zj' }],
      ['impersonate a group', 'impersonate', { resource: 'groups', name: 'system:masters' }],
      ['impersonate a service account', 'impersonate', { resource: 'serviceaccounts', namespace: 'gov-lz-system' }],
      ['approve a CSR', 'update', { group: CERTS, resource: 'certificatesigningrequests', subresource: 'approval' }],
      ['change the audit log store', 'delete', { resource: 'persistentvolumeclaims', namespace: 'gov-lz-audit', name: 'audit-records' }],
      ['change the audit backend declaration', 'patch', { resource: 'configmaps', namespace: 'gov-lz-audit', name: 'audit-backend' }],
    ];
    expect(await mismatches(k, 'system admin', SYSTEM, cannot, false)).toEqual([]);
    // For real: a department's Secret, and a pod that would run as an operator's service account.
    const secrets = await k.get('/api/v1/namespaces/wjw/secrets', SYSTEM);
    expect(secrets.status).toBe(403);
    const pod = compliantPod('e2e-borrowed-identity', { serviceAccountName: 'default' });
    const r = await k.create('/api/v1/namespaces/gov-lz-system/pods', pod, SYSTEM);
    expect([r.status, r.body.reason]).toEqual([403, 'Forbidden']);
    const token = await k.create('/api/v1/namespaces/gov-lz-system/serviceaccounts/default/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} }, SYSTEM);
    expect(token.status).toBe(403);
    // Backups are the system administrator's, hooks are not: a hook runs a command (or adds an init container) with
    // Velero's rights in any pod — an operator's token, a department's shell (gov-lz-system-admin-backup-hooks).
    // (The e2e's Velero chart carries the Schedule and Restore CRDs; a Schedule's template is a Backup's spec.)
    const velero = '/apis/velero.io/v1/namespaces/gov-lz-backup';
    const schedule = (name: string, template: Record<string, unknown>) => ({ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name }, spec: { schedule: '0 2 * * *', template } });
    const restore = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name }, spec: { backupName: 'daily-1', ...spec } });
    const steal = { resources: [{ name: 'steal', includedNamespaces: ['gov-lz-system'], pre: [{ exec: { command: ['sh', '-c', 'cat /var/run/secrets/kubernetes.io/serviceaccount/token'] } }] }] };
    const implant = { resources: [{ name: 'implant', postHooks: [{ init: { initContainers: [{ name: 'x', image: 'busybox' }] } }] }] };
    const plainSchedule = await k.create(`${velero}/schedules`, schedule('e2e-58-plain', { includedNamespaces: ['wjw'] }), SYSTEM);
    expect([plainSchedule.status, plainSchedule.body?.message]).toEqual([201, undefined]);
    created.push(`${velero}/schedules/e2e-58-plain`);
    const plainRestore = await k.create(`${velero}/restores`, restore('e2e-58-plain', {}), SYSTEM);
    expect([plainRestore.status, plainRestore.body?.message]).toEqual([201, undefined]);
    created.push(`${velero}/restores/e2e-58-plain`);
    const refused = /ValidatingAdmissionPolicy 'gov-lz-system-admin-backup-hooks'.*Velero (schedule|backup and restore) hooks run commands or containers/;
    const hookedSchedule = await k.create(`${velero}/schedules`, schedule('e2e-58-steal', { includedNamespaces: ['gov-lz-system'], hooks: steal }), SYSTEM);
    expect([hookedSchedule.status, hookedSchedule.body.message]).toEqual([403, expect.stringMatching(refused)]);
    const hookedRestore = await k.create(`${velero}/restores`, restore('e2e-58-implant', { hooks: implant }), SYSTEM);
    expect([hookedRestore.status, hookedRestore.body.message]).toEqual([403, expect.stringMatching(refused)]);
    // Nor by changing one it may change: the hook is refused on update too.
    const cur = await k.get(`${velero}/schedules/e2e-58-plain`, SYSTEM);
    const changed = await k.request('PUT', `${velero}/schedules/e2e-58-plain`, { ...cur.body, spec: { ...cur.body.spec, template: { ...cur.body.spec.template, hooks: steal } } }, SYSTEM);
    expect([changed.status, changed.body.message]).toEqual([403, expect.stringMatching(refused)]);
  });

  test('the security administrator approves node certificates and manages RBAC and network policy, but no admission configuration, workload, Secret or client certificate', async () => {
    const can: Ask[] = [
      ['approve CSRs', 'update', { group: CERTS, resource: 'certificatesigningrequests', subresource: 'approval' }],
      ['approve kubelet serving certificates', 'approve', { group: CERTS, resource: 'signers', name: 'kubernetes.io/kubelet-serving' }],
      ['approve kubelet client certificates', 'approve', { group: CERTS, resource: 'signers', name: 'kubernetes.io/kube-apiserver-client-kubelet' }],
      ['create a cluster role binding', 'create', { group: RBAC, resource: 'clusterrolebindings' }],
      ['change a network policy', 'patch', { group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'wjw' }],
      ['label a namespace', 'patch', { resource: 'namespaces', name: 'wjw' }],
    ];
    const cannot: Ask[] = [
      ['approve user client certificates (any identity)', 'approve', { group: CERTS, resource: 'signers', name: 'kubernetes.io/kube-apiserver-client' }],
      ['get a department secret', 'get', { resource: 'secrets', namespace: 'wjw' }],
      ['create a pod', 'create', { resource: 'pods', namespace: 'wjw' }],
      ['create a deployment', 'create', { group: 'apps', resource: 'deployments', namespace: 'gov-lz-system' }],
      ['exec into a pod', 'create', { resource: 'pods', subresource: 'exec', namespace: 'gov-lz-system' }],
      ['change the audit log store', 'delete', { resource: 'persistentvolumeclaims', namespace: 'gov-lz-audit', name: 'audit-records' }],
      ['register a mutating webhook (it would receive every Secret it matches)', 'create', { group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' }],
      ['register a validating webhook', 'create', { group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' }],
      ['unbind an admission policy (Kubernetes runs no admission on admission configuration)', 'delete', { group: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicybindings' }],
      ['create an admission policy (through the repository only)', 'create', { group: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicies' }],
    ];
    expect([...(await mismatches(k, 'security admin', SECURITY, can, true)), ...(await mismatches(k, 'security admin', SECURITY, cannot, false))]).toEqual([]);

    // For real: a node's serving certificate is approved by the security administrator; a user client certificate is not.
    const csr = (name: string, signerName: string, subject: string, usages: string[]) => ({
      apiVersion: `${CERTS}/v1`,
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request: Buffer.from(csrPem(subject)).toString('base64'), signerName, usages },
    });
    const approve = async (name: string, who: Identity) => {
      const cur = await k.get(`/apis/${CERTS}/v1/certificatesigningrequests/${name}`);
      expect(cur.status).toBe(200);
      const body = { ...cur.body, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'E2EApproved', message: 'approved by the e2e suite' }] } };
      return k.request('PUT', `/apis/${CERTS}/v1/certificatesigningrequests/${name}/approval`, body, who);
    };
    const node = csr('e2e-kubelet-serving', 'kubernetes.io/kubelet-serving', '/O=system:nodes/CN=system:node:e2e-node', ['digital signature', 'server auth']);
    expect((await k.create(`/apis/${CERTS}/v1/certificatesigningrequests`, node)).status).toBe(201);
    created.push(`/apis/${CERTS}/v1/certificatesigningrequests/e2e-kubelet-serving`);
    const ok = await approve('e2e-kubelet-serving', SECURITY);
    expect([ok.status, ok.body?.message]).toEqual([200, undefined]);
    expect(ok.body.status.conditions.map((c: { type: string }) => c.type)).toContain('Approved');
    const user = csr('e2e-client-terraform', 'kubernetes.io/kube-apiserver-client', '/O=zj-terraform/CN=e2e-mallory', ['client auth']);
    expect((await k.create(`/apis/${CERTS}/v1/certificatesigningrequests`, user)).status).toBe(201);
    created.push(`/apis/${CERTS}/v1/certificatesigningrequests/e2e-client-terraform`);
    const refused = await approve('e2e-client-terraform', SECURITY);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/kubernetes\.io\/kube-apiserver-client/);
    // …and neither may the system administrator approve anything.
    expect((await approve('e2e-kubelet-serving', SYSTEM)).status).toBe(403);
  });

  test('the security administrator grants departments, but never itself or a fellow administrator, never cluster-admin, and never changes what the landing zone manages (gov-lz-security-admin-limits, for real)', async () => {
    const crb = `/apis/${RBAC}/v1/clusterrolebindings`;
    const forbidden = /gov-lz-security-admin-limits/;
    const binding = (name: string, role: string, subjects: Array<Record<string, string>>) => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
      subjects,
    });
    // A role that reads every Secret: RBAC lets it write one (escalate), and bind it, but only to others.
    const role = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'e2e-58-read-secrets' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] };
    const made = await k.create(`/apis/${RBAC}/v1/clusterroles`, role, SECURITY);
    expect([made.status, made.body?.message]).toEqual([201, undefined]);
    created.push(`/apis/${RBAC}/v1/clusterroles/e2e-58-read-secrets`);
    const toDepartment = await k.create(
      `/apis/${RBAC}/v1/namespaces/wjw/rolebindings`,
      {
        ...binding('e2e-58-wjw-readers', 'e2e-58-read-secrets', [{ apiGroup: RBAC, kind: 'Group', name: 'zj-wjw-developers' }]),
        kind: 'RoleBinding',
        metadata: { name: 'e2e-58-wjw-readers', namespace: 'wjw' },
      },
      SECURITY,
    );
    expect([toDepartment.status, toDepartment.body?.message]).toEqual([201, undefined]);
    created.push(`/apis/${RBAC}/v1/namespaces/wjw/rolebindings/e2e-58-wjw-readers`);
    for (const [label, body] of [
      ['to its own group', binding('e2e-58-self', 'e2e-58-read-secrets', [{ apiGroup: RBAC, kind: 'Group', name: 'zj-security-admins' }])],
      ['to its own user', binding('e2e-58-self-user', 'e2e-58-read-secrets', [{ apiGroup: RBAC, kind: 'User', name: SECURITY.user }])],
      ['to the system administrators', binding('e2e-58-fellow', 'e2e-58-read-secrets', [{ apiGroup: RBAC, kind: 'Group', name: 'zj-system-admins' }])],
      ['cluster-admin to a department', binding('e2e-58-superuser', 'cluster-admin', [{ apiGroup: RBAC, kind: 'Group', name: 'zj-wjw-developers' }])],
    ] as const) {
      const r = await k.create(crb, body, SECURITY);
      expect([label, r.status, r.body.message]).toEqual([label, 403, expect.stringMatching(forbidden)]);
    }
    // Its own role, written by the landing zone: neither widened nor deleted; nor is the policy that holds it.
    const own = await k.get(`/apis/${RBAC}/v1/clusterroles/gov-lz:security-admin`);
    expect(own.status).toBe(200);
    const widened = await k.request(
      'PUT',
      `/apis/${RBAC}/v1/clusterroles/gov-lz:security-admin`,
      { ...own.body, rules: [...own.body.rules, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
      SECURITY,
    );
    expect([widened.status, widened.body.message]).toEqual([403, expect.stringMatching(forbidden)]);
    // The policy's own binding is admission configuration, on which Kubernetes runs no admission: RBAC keeps it.
    const unbound = await k.delete('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/gov-lz-security-admin-limits', SECURITY);
    expect(unbound.status).toBe(403);
    expect(await k.can(SECURITY, 'get', { resource: 'secrets', namespace: 'wjw' })).toBe(false);
  });

  test('the audit administrator reads the audit records and their declaration, and changes nothing', async () => {
    const can: Ask[] = [
      ['read the audit log store claim', 'get', { resource: 'persistentvolumeclaims', namespace: 'gov-lz-audit', name: 'audit-records' }],
      ['read the audit backend declaration', 'get', { resource: 'configmaps', namespace: 'gov-lz-audit', name: 'audit-backend' }],
      ['read the audit store reader’s logs', 'get', { resource: 'pods', subresource: 'log', namespace: 'gov-lz-audit' }],
      ['read role bindings everywhere', 'list', { group: RBAC, resource: 'clusterrolebindings' }],
      ['read admission policies', 'list', { group: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicies' }],
      ['read CSRs', 'list', { group: CERTS, resource: 'certificatesigningrequests' }],
    ];
    const cannot: Ask[] = [
      ['change the audit backend declaration', 'update', { resource: 'configmaps', namespace: 'gov-lz-audit', name: 'audit-backend' }],
      ['delete the audit log store', 'delete', { resource: 'persistentvolumeclaims', namespace: 'gov-lz-audit', name: 'audit-records' }],
      ['delete the audit namespace', 'delete', { resource: 'namespaces', name: 'gov-lz-audit' }],
      ['relabel the audit namespace', 'patch', { resource: 'namespaces', name: 'gov-lz-audit' }],
      ['give itself rights in the audit namespace', 'create', { group: RBAC, resource: 'rolebindings', namespace: 'gov-lz-audit' }],
      ['get a department secret', 'get', { resource: 'secrets', namespace: 'wjw' }],
      ['read a department config map', 'get', { resource: 'configmaps', namespace: 'wjw' }],
      ['create a pod in the audit namespace', 'create', { resource: 'pods', namespace: 'gov-lz-audit' }],
    ];
    expect([...(await mismatches(k, 'audit admin', AUDIT, can, true)), ...(await mismatches(k, 'audit admin', AUDIT, cannot, false))]).toEqual([]);
    // For real: the declaration says 185 days, and the store is sized for them; the auditor cannot change either.
    const decl = await k.get('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend', AUDIT);
    expect(decl.status).toBe(200);
    expect(decl.body.data).toMatchObject({ 'retention-days': '185', 'audit-log-maxage': '185' });
    expect(Number(decl.body.data['audit-log-maxsize']) * Number(decl.body.data['audit-log-maxbackup'])).toBeGreaterThanOrEqual(Number(decl.body.data['daily-volume-mi']) * 185);
    const claim = await k.get('/api/v1/namespaces/gov-lz-audit/persistentvolumeclaims/audit-records', AUDIT);
    expect([claim.status, claim.body.spec.resources.requests.storage]).toEqual([200, '222Gi']);
    expect((await k.patch('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend', { data: { 'retention-days': '30' } }, AUDIT)).status).toBe(403);
    expect((await k.patch('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend', { data: { 'retention-days': '30' } }, SYSTEM)).status).toBe(403);
    expect((await k.delete('/api/v1/namespaces/gov-lz-audit/persistentvolumeclaims/audit-records', SYSTEM)).status).toBe(403);
    expect((await k.get('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend')).body.data['retention-days']).toBe('185');
  });

  test('the Terraform identity is the fourth, break-glass identity: its own group, bound to cluster-admin', async () => {
    const b = await k.get(`/apis/${RBAC}/v1/clusterrolebindings/gov-lz:terraform`);
    expect(b.status).toBe(200);
    expect([b.body.roleRef.name, b.body.subjects.map((s: { name: string }) => s.name), b.body.metadata.labels['gov-lz.io/admin-role']]).toEqual(['cluster-admin', ['zj-terraform'], 'terraform']);
    expect(await k.can(TERRAFORM, 'create', { group: RBAC, resource: 'clusterrolebindings' })).toBe(true);
    // None of the three administrators is in it, so none holds what it holds.
    for (const id of [SYSTEM, SECURITY, AUDIT]) expect([id.user, await k.can(id, 'create', { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' })]).toEqual([id.user, false]);
    // The three roles are bound to three different groups.
    const groups = await Promise.all(
      ['system', 'security', 'audit'].map(async (r) => (await k.get(`/apis/${RBAC}/v1/clusterrolebindings/gov-lz:${r}-admin`)).body.subjects.map((s: { name: string }) => s.name)),
    );
    expect(groups).toEqual([['zj-system-admins'], ['zj-security-admins'], ['zj-audit-admins']]);
  });
});
