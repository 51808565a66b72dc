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
  expect(sys.rule[0]).toMatchObject({ api_groups: [''], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] });
  const b = r.kubernetes_cluster_role_binding_v1;
  expect(b['gov-lz-system-admin--hz-b-core']).toMatchObject({
    role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gov-lz:system-admin' },
    subject: [{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'zj-ops' }],
    depends_on: ['kubernetes_cluster_role_v1.gov-lz-system-admin--hz-b-core'],
  });
  expect(b['gov-lz-audit-admin--hz-b-core'].subject[0].name).toBe('zj-audit-admins');
  expect(b['gov-lz-break-glass--ali-burst']).toMatchObject({ role_ref: { name: 'cluster-admin' }, subject: [{ name: 'zj-break-glass' }] });
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
