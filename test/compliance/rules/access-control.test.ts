import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { DataClass, MlpsLevel3Checks, PostgresOffering } from '../../../lib';
import { ComplianceView } from '../../../lib/compliance/resource-view';
import { leastPrivilegeRoles } from '../../../lib/compliance/rules/access-control/least-privilege-roles';
import { noBroadClusterGrants } from '../../../lib/compliance/rules/access-control/no-broad-cluster-grants';
import { securityLabels } from '../../../lib/compliance/rules/access-control/security-labels';
import { artifact, synthProblems } from '../../helpers';
import { addManifest, addResource, check, namespace, province } from '../helpers';

const rbac = 'rbac.authorization.k8s.io';
const crb = (name: string, role: string, subjects: object[]) => ({
  apiVersion: `${rbac}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
  subjects,
});

describe('MLPS3-12 roles grant least privilege', () => {
  test('compliant: the administrator roles (escalation only for security, exec and secrets only for system)', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'reader', {
      apiVersion: `${rbac}/v1`,
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'wjw' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['app-db'], verbs: ['get'] }],
    });
    const { findings, result } = check(leastPrivilegeRoles, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBeGreaterThan(10);
  });

  test('non-compliant: a wildcard Role written by hand; escalation, exec and Secret listing bound to someone other than the administrators', () => {
    const { app, hub } = province();
    new RoleV1(hub.industryCloud('health').stack, 'wild', {
      provider: undefined,
      metadata: { name: 'everything', namespace: 'wjw' },
      rule: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { apiGroups: [rbac], resources: ['rolebindings'], verbs: ['create', 'bind'] },
        { apiGroups: [''], resources: ['pods/exec', 'secrets'], verbs: ['create', 'list'] },
      ],
    });
    // Bound on the same (provider-less) cluster as the typed Role above.
    addManifest(
      hub.industryCloud('health').stack,
      'wild-binding',
      {
        apiVersion: `${rbac}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'contractors', namespace: 'wjw' },
        roleRef: { apiGroup: rbac, kind: 'Role', name: 'everything' },
        subjects: [{ kind: 'Group', name: 'contractors' }],
      },
      '',
    );
    const messages = check(leastPrivilegeRoles, app).messages;
    expect(messages).toContain('error: Role "everything" in namespace "wjw", rule 1 grants verbs: ["*"], a wildcard that also covers whatever is added later');
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^error: RoleBinding "contractors" in namespace "wjw" gives Role "everything" in namespace "wjw", which grants escalate, bind or impersonate .* to Group contractors: only the security administrators/,
      ),
    );
    expect(messages).toContainEqual(expect.stringMatching(/which grants a remote shell or tunnel .* to Group contractors: only the system administrators/));
    expect(messages).toContainEqual(expect.stringMatching(/which grants reading every Secret in its scope .* to Group contractors/));
  });

  test('built-in roles are expanded: edit bound cluster-wide gives exec, Secrets and service-account impersonation', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ops-edit', crb('ops-edit', 'edit', [{ kind: 'Group', name: 'zj-ops' }]));
    const messages = check(leastPrivilegeRoles, app).messages;
    expect(messages).toContainEqual(expect.stringContaining('gives ClusterRole "edit" on the whole cluster, which grants escalate, bind or impersonate'));
    expect(messages).toContainEqual(expect.stringContaining('gives ClusterRole "edit" on the whole cluster, which grants a remote shell or tunnel'));
    expect(messages).toContainEqual(expect.stringContaining('gives ClusterRole "edit" on the whole cluster, which grants reading every Secret'));
  });

  test('aggregated ClusterRoles are expanded, and a self-declared administrator label exempts nothing', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'sneaky', {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'sneaky', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true', 'gov-lz.io/admin-role': 'security' } },
      rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }],
    });
    addManifest(hub.hubStack, 'auditors-view', crb('auditors-view', 'view', [{ kind: 'Group', name: 'zj-readers' }]));
    addManifest(hub.hubStack, 'labelled', crb('labelled', 'sneaky', [{ kind: 'User', name: 'alice' }]));
    const messages = check(leastPrivilegeRoles, app).messages;
    expect(messages).toContainEqual(expect.stringMatching(/gives ClusterRole "view" on the whole cluster, which grants service-account tokens .* to Group zj-readers/));
    expect(messages).toContainEqual(expect.stringMatching(/gives ClusterRole "sneaky" on the whole cluster, which grants service-account tokens .* to User alice/));
  });

  test("a department's own admins bound to admin in its own namespace administer their own system", () => {
    const { app } = province();
    // The Tenant binds wjw-admins to the built-in admin role in wjw: exec and Secrets there are the department's.
    expect(check(leastPrivilegeRoles, app).findings).toEqual([]);
  });
});

describe('MLPS3-13 no cluster-wide grants to departments or the public', () => {
  test('compliant: tenant RoleBindings, administrator bindings, cluster-admin for the declared break-glass group', () => {
    const { app } = province({ adminGroups: { breakGlass: ['zj-break-glass'] } });
    const { findings, result } = check(noBroadClusterGrants, app);
    expect(findings).toEqual([]);
    // 2 tenant bindings (admins, deployer) × 2 clusters + (3 administrator bindings, 3 administrator RoleBindings in the
    // platform and audit namespaces, the Terraform identity's and 1 break-glass) × 3 clusters.
    expect(result.checked).toBe(28);
  });

  test('non-compliant: a ClusterRoleBinding to a department group written by hand, anonymous access, cluster-admin', () => {
    const { app, hub } = province();
    new ClusterRoleBindingV1(hub.hubStack, 'leak', {
      metadata: { name: 'wjw-everywhere' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' },
      subject: [{ kind: 'Group', name: 'wjw-admins', apiGroup: rbac }],
    });
    addManifest(hub.hubStack, 'anon', crb('anon', 'view', [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: rbac }]));
    addManifest(
      hub.hubStack,
      'ops',
      crb('ops', 'cluster-admin', [
        { kind: 'Group', name: 'ops', apiGroup: rbac },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'wjw' },
      ]),
    );
    expect(check(noBroadClusterGrants, app).messages).toEqual([
      'error: ClusterRoleBinding "anon" on cluster "hz-a-core" grants ClusterRole "view" to system:unauthenticated, i.e. to every caller',
      'error: ClusterRoleBinding "ops" on cluster "hz-a-core" binds cluster-admin to Group ops, ServiceAccount deployer, outside the declared break-glass and Terraform groups',
      'error: ClusterRoleBinding "ops" on cluster "hz-a-core" gives ServiceAccount wjw/deployer of department "wjw" ClusterRole "cluster-admin" on the whole cluster',
      'error: ClusterRoleBinding "wjw-everywhere" gives the department group "wjw-admins" ClusterRole "view" on the whole cluster',
    ]);
  });
});

describe('MLPS3-13 reads every subject of every binding (issue 13, class 3)', () => {
  const rb = (ns: string, name: string, role: string, subjects: object[]) => ({
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
    subjects,
  });
  const twoDepartments = () => {
    const p = province();
    p.hub.industryCloud('health').addTenant('ybj', { displayName: '医保局', quota: { cpu: 1, memoryGi: 1 }, admins: ['ybj-admins'] });
    return p;
  };

  test('no department subject cluster-wide: its service-account group, a service account as a user, every service account', () => {
    const { app, hub } = twoDepartments();
    addManifest(hub.hubStack, 'sa-group', crb('sa-group', 'view', [{ kind: 'Group', name: 'system:serviceaccounts:wjw', apiGroup: rbac }]));
    addManifest(hub.hubStack, 'sa-user', crb('sa-user', 'view', [{ kind: 'User', name: 'system:serviceaccount:ybj:deployer', apiGroup: rbac }]));
    addManifest(hub.hubStack, 'all-sa', crb('all-sa', 'view', [{ kind: 'Group', name: 'system:serviceaccounts', apiGroup: rbac }]));
    expect(check(noBroadClusterGrants, app).messages).toEqual([
      'error: ClusterRoleBinding "all-sa" on cluster "hz-a-core" gives Group "system:serviceaccounts" ClusterRole "view" on the whole cluster: every service account of the cluster, those of every department included',
      'error: ClusterRoleBinding "sa-group" on cluster "hz-a-core" gives Group "system:serviceaccounts:wjw" of department "wjw" ClusterRole "view" on the whole cluster',
      'error: ClusterRoleBinding "sa-user" on cluster "hz-a-core" gives User "system:serviceaccount:ybj:deployer" of department "ybj" ClusterRole "view" on the whole cluster',
    ]);
  });

  test("no department's subject in another department's namespace, or in the hub's; the own subjects are fine", () => {
    const { app, hub } = twoDepartments();
    addManifest(
      hub.hubStack,
      'own',
      rb('wjw', 'own', 'view', [
        { kind: 'Group', name: 'wjw-admins', apiGroup: rbac },
        { kind: 'Group', name: 'system:serviceaccounts:wjw', apiGroup: rbac },
        { kind: 'ServiceAccount', name: 'app' },
      ]),
    );
    addManifest(
      hub.hubStack,
      'cross',
      rb('ybj', 'cross', 'edit', [
        { kind: 'Group', name: 'wjw-admins', apiGroup: rbac },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'wjw' },
        { kind: 'Group', name: 'system:serviceaccounts:wjw', apiGroup: rbac },
      ]),
    );
    addManifest(hub.hubStack, 'everyone', rb('ybj', 'everyone', 'view', [{ kind: 'Group', name: 'system:serviceaccounts', apiGroup: rbac }]));
    addManifest(hub.hubStack, 'platform', rb('kube-system', 'platform', 'view', [{ kind: 'User', name: 'system:serviceaccount:wjw:deployer', apiGroup: rbac }]));
    expect(check(noBroadClusterGrants, app).messages).toEqual([
      'error: RoleBinding "cross" in namespace "ybj" on cluster "hz-a-core" grants ClusterRole "edit" in department "ybj"\'s namespace to Group "system:serviceaccounts:wjw" of department "wjw": a cross-tenant grant',
      'error: RoleBinding "cross" in namespace "ybj" on cluster "hz-a-core" grants ClusterRole "edit" in department "ybj"\'s namespace to Group "wjw-admins" of department "wjw": a cross-tenant grant',
      'error: RoleBinding "cross" in namespace "ybj" on cluster "hz-a-core" grants ClusterRole "edit" in department "ybj"\'s namespace to ServiceAccount wjw/deployer of department "wjw": a cross-tenant grant',
      'error: RoleBinding "everyone" in namespace "ybj" on cluster "hz-a-core" grants ClusterRole "view" in department "ybj"\'s namespace to Group "system:serviceaccounts": every service account of the cluster, those of every department included',
      'error: RoleBinding "platform" in namespace "kube-system" on cluster "hz-a-core" grants ClusterRole "view" to User "system:serviceaccount:wjw:deployer" of department "wjw" in namespace "kube-system", outside the department\'s own namespaces',
    ]);
  });

  test('hand-written typed bindings are read whatever their shape: one subject block written as an object', () => {
    const { app, hub } = twoDepartments();
    const stack = hub.industryCloud('health').stack;
    new RoleBindingV1(stack, 'typed', {
      metadata: { name: 'typed', namespace: 'ybj' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'admin' },
      subject: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'wjw' }],
    });
    addResource(stack, 'kubernetes_cluster_role_binding_v1', 'single', {
      metadata: { name: 'single' },
      role_ref: { api_group: rbac, kind: 'ClusterRole', name: 'view' },
      subject: { kind: 'Group', name: 'ybj-admins', api_group: rbac },
    });
    expect(check(noBroadClusterGrants, app).messages).toEqual([
      'error: ClusterRoleBinding "single" on cluster "hz-a-core" gives the department group "ybj-admins" ClusterRole "view" on the whole cluster',
      'error: RoleBinding "typed" in namespace "ybj" grants ClusterRole "admin" in department "ybj"\'s namespace to ServiceAccount wjw/deployer of department "wjw": a cross-tenant grant',
    ]);
  });

  test('an approved cross-tenant grant is a suppression with reason, owner and expiry; without it the synth fails', () => {
    const build = (suppress: boolean) => {
      const { app, hub } = twoDepartments();
      addManifest(hub.hubStack, 'cross', rb('ybj', 'cross', 'view', [{ kind: 'Group', name: 'wjw-admins', apiGroup: rbac }]));
      if (suppress) MlpsLevel3Checks.suppress(hub.hubStack, { ruleId: 'MLPS3-13', reason: '卫健委 audits 医保局 claims (ticket SEC-42)', owner: 'zj-security-office', expires: '2099-12-31' });
      return app;
    };
    expect(
      synthProblems(build(false))
        .filter((p) => p.code === 'MLPS3-13')
        .map((p) => p.message),
    ).toEqual([
      expect.stringMatching(
        /^RoleBinding "cross" in namespace "ybj" on cluster "hz-a-core" grants ClusterRole "view" in department "ybj"'s namespace to Group "wjw-admins" of department "wjw": a cross-tenant grant/,
      ),
    ]);
    const app = build(true);
    app.synth();
    expect(JSON.parse(artifact(app, 'compliance.json')).suppressions.map((x: any) => [x.ruleId, x.matched])).toEqual([['MLPS3-13', 1]]);
  });
});

describe('MLPS3-14 business namespaces carry security labels', () => {
  test('compliant: tenant namespaces carry data class and level', () => {
    const { app } = province();
    const { findings, result } = check(securityLabels, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2);
  });

  test('non-compliant: missing labels, and a level above the platform', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-a', namespace('a', { 'gov-lz.io/tenant': 'a', 'gov-lz.io/data-class': 'secret', 'gov-lz.io/mlps-level': '4' }));
    addManifest(hub.hubStack, 'ns-mw', namespace('gov-lz-middleware', { 'gov-lz.io/zone': 'data' }));
    expect(check(securityLabels, app).messages).toEqual([
      'error: Namespace "a" on cluster "hz-a-core" has gov-lz.io/data-class: "secret"; it must be general, important or core',
      'error: Namespace "a" on cluster "hz-a-core" is graded level 4, above its platform\'s level 3',
      'error: Namespace "gov-lz-middleware" on cluster "hz-a-core" has gov-lz.io/data-class: null; it must be general, important or core',
      'error: Namespace "gov-lz-middleware" on cluster "hz-a-core" has gov-lz.io/mlps-level: null; it must be the protection level (1–5)',
    ]);
  });

  test("compliant: the middleware shelf's namespace, labelled with the strictest class of the departments granted", () => {
    const { app, hub } = province();
    const pg = hub.middleware.add(new PostgresOffering());
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    pg.grantConnect(edu.addTenant('jyt', { displayName: '教育厅', quota: { cpu: 1, memoryGi: 2 } }));
    const labels = () => ComplianceView.build(app).namespace('hz-b-core', 'gov-lz-middleware')!.object!.metadata.labels;
    expect(labels()).toMatchObject({ 'gov-lz.io/zone': 'data', 'gov-lz.io/data-class': 'general', 'gov-lz.io/mlps-level': '3', 'gov-lz.io/data-location': 'hangzhou' });
    pg.grantConnect(hub.industryCloud('health').tenants[0]);
    expect(labels()['gov-lz.io/data-class']).toBe('important');
    expect(check(securityLabels, app).findings).toEqual([]);
  });

  test('compliant: a GENERAL burst namespace on the public cluster', () => {
    const { app, hub } = province({ dedicatedLineCidrs: ['10.200.0.0/24'] });
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16 }, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    expect(ComplianceView.build(app).namespace('ali-burst', 'ksy')!.object!.metadata.labels['gov-lz.io/data-class']).toBe('general');
    const { findings, result } = check(securityLabels, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2 + 3);
  });

  test('non-compliant: important or core data in a namespace on a public cluster, by the hub or by its label', () => {
    const { app, hub } = province({ dedicatedLineCidrs: ['10.200.0.0/24'] });
    // The placement layer refuses this burst at synth too (data-class-on-public-cloud); the pack sees the namespace it would write.
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16 }, dataClass: DataClass.IMPORTANT, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    addManifest(hub.hubStack, 'ns-x', namespace('x', { 'gov-lz.io/zone': 'app', 'gov-lz.io/data-class': 'core', 'gov-lz.io/mlps-level': '3', 'gov-lz.io/cloud': 'public' }), 'elsewhere');
    expect(check(securityLabels, app).messages).toEqual([
      'error: Namespace "ksy" on cluster "ali-burst" holds IMPORTANT data on a public cloud cluster',
      'error: Namespace "x" on cluster "elsewhere" holds CORE data on a public cloud cluster',
    ]);
  });
});
