import { AdminRole } from '../../lib';
import { READ_VERBS } from '../../lib/compliance/admin-roles';
import { newHub, stackJson, synthProblems } from '../helpers';

test('the hub binds the three administrator roles on every cluster, from the hub stack', () => {
  const { app } = newHub({ adminGroups: { systemAdmins: ['zj-ops'], breakGlass: ['zj-break-glass'] } });
  app.synth();
  const r = stackJson(app, 'zj-hub').resource;
  expect(Object.keys(r.kubernetes_cluster_role_v1).sort()).toEqual(
    ['ali-burst', 'hz-a-core', 'hz-b-core'].flatMap((c) => ['audit', 'security', 'system'].map((x) => `gov-lz-${x}-admin--${c}`)).sort(),
  );
  const sys = r.kubernetes_cluster_role_v1['gov-lz-system-admin--hz-a-core'];
  expect(sys.provider).toBe('kubernetes.hz-a-core');
  expect(sys.metadata).toMatchObject({ name: 'gov-lz:system-admin', labels: { 'gov-lz.io/admin-role': 'system' }, annotations: { 'gov-lz.io/display-name': '系统管理员' } });
  expect(sys.rule[0]).toMatchObject({ api_groups: [''], verbs: ['get', 'list', 'watch'] });
  const b = r.kubernetes_cluster_role_binding_v1;
  expect(b['gov-lz-system-admin--hz-b-core']).toMatchObject({
    role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gov-lz:system-admin' },
    subject: [{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'zj-ops' }],
    depends_on: ['kubernetes_cluster_role_v1.gov-lz-system-admin--hz-b-core'],
  });
  expect(b['gov-lz-audit-admin--hz-b-core'].subject[0].name).toBe('zj-audit-admins');
  expect(b['gov-lz-break-glass--ali-burst']).toMatchObject({ role_ref: { name: 'cluster-admin' }, subject: [{ name: 'zj-break-glass' }] });
  // The Terraform identity: the fourth, break-glass identity, with a binding of its own.
  expect(b['gov-lz-terraform--hz-a-core']).toMatchObject({ metadata: { name: 'gov-lz:terraform' }, role_ref: { name: 'cluster-admin' }, subject: [{ name: 'zj-terraform' }] });
  // Namespaced rights: the system administrators read logs and config of the platform's namespaces, the auditors the audit log store.
  expect(Object.keys(r.kubernetes_role_binding_v1).filter((k) => k.endsWith('--hz-a-core'))).toEqual([
    'gov-lz-audit--gov-lz-audit-admin--hz-a-core',
    'gov-lz-gateway--gov-lz-system-admin--hz-a-core',
    'gov-lz-system--gov-lz-system-admin--hz-a-core',
  ]);
  // The audit namespace is laid in the same stack: the Role waits for it (the platform namespaces come with earlier stacks).
  expect(r.kubernetes_role_v1['gov-lz-audit--gov-lz-audit-admin--hz-a-core']).toMatchObject({
    metadata: { name: 'gov-lz:audit-admin', namespace: 'gov-lz-audit' },
    depends_on: ['kubernetes_namespace_v1.gov-lz-audit--hz-a-core'],
  });
  expect(r.kubernetes_namespace_v1['gov-lz-audit--hz-a-core']).toBeDefined();
  const sec = r.kubernetes_cluster_role_v1['gov-lz-security-admin--hz-a-core'];
  expect(sec.rule).toContainEqual({
    api_groups: ['certificates.k8s.io'],
    resources: ['signers'],
    verbs: ['approve'],
    resource_names: ['kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving'],
  });
});

test('the system administrator holds no right that reaches data or another identity', () => {
  const held = (verb: string, resource: string, group = '') => AdminRole.SYSTEM.rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
  for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) expect([verb, held(verb, 'secrets')]).toEqual([verb, false]);
  for (const sub of ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'nodes/proxy', 'services/proxy', 'serviceaccounts/token']) {
    expect([sub, held('create', sub), held('get', sub)]).toEqual([sub, false, false]);
  }
  for (const [res, group] of [
    ['pods', ''],
    ['deployments', 'apps'],
    ['statefulsets', 'apps'],
    ['daemonsets', 'apps'],
    ['jobs', 'batch'],
    ['cronjobs', 'batch'],
    ['replicationcontrollers', ''],
  ]) {
    expect([res, held('create', res, group), held('patch', res, group), held('update', res, group)]).toEqual([res, false, false, false]);
  }
  expect(AdminRole.SYSTEM.rules.some((r) => r.verbs.some((v) => ['bind', 'escalate', 'impersonate', 'approve'].includes(v)))).toBe(false);
  // Nor configmaps or logs cluster-wide: departments' configuration and logs are their data.
  expect([held('get', 'configmaps'), held('get', 'pods/log')]).toEqual([false, false]);
  // What it does: drain, restart, scale, back up.
  expect([held('create', 'pods/eviction'), held('delete', 'pods'), held('patch', 'nodes'), held('update', 'deployments/scale', 'apps'), held('create', 'restores', 'velero.io')]).toEqual([
    true,
    true,
    true,
    true,
    true,
  ]);
});

test('the Terraform identity must be declared, and may not be a Kubernetes group', () => {
  expect(synthProblems(newHub({ adminGroups: { terraform: [] } }).app).map((p) => `${p.code} ${p.path}`)).toEqual(['missing-value zj-hub/AdminRoles']);
  expect(synthProblems(newHub({ adminGroups: { terraform: ['system:masters'] } }).app).map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual(['invalid-group "system:masters"']);
});

test('without break-glass groups there is no cluster-admin binding', () => {
  const { app } = newHub();
  app.synth();
  expect(Object.keys(stackJson(app, 'zj-hub').resource.kubernetes_cluster_role_binding_v1).filter((k) => k.includes('break-glass'))).toEqual([]);
});

test('the roles hold disjoint rights that change state, and the auditor only reads', () => {
  const writes = (role: AdminRole) =>
    new Set(role.rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.filter((v) => !READ_VERBS.has(v)).map((v) => `${g}/${res}:${v}`)))));
  const [sys, sec, aud] = AdminRole.all().map(writes);
  expect([...sys].filter((x) => sec.has(x))).toEqual([]);
  expect(aud.size).toBe(0);
  expect(
    AdminRole.all()
      .flatMap((r) => r.rules)
      .some((r) => [...r.apiGroups, ...r.resources, ...r.verbs].includes('*')),
  ).toBe(false);
  expect(AdminRole.AUDIT.rules.some((r) => r.resources.includes('secrets'))).toBe(false);
});

test('empty or built-in administrator groups are refused', () => {
  const { app } = newHub({ adminGroups: { securityAdmins: [], auditAdmins: ['system:masters', ''] } });
  expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
    'missing-value zj-hub/AdminRoles []',
    'invalid-group zj-hub/AdminRoles "system:masters"',
    'invalid-group zj-hub/AdminRoles ""',
  ]);
});
