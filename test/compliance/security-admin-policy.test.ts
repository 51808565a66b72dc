/**
 * 三权分立, issue 21 item 4: the security administrator grants access (RBAC needs bind and escalate for that), but never
 * to itself or a fellow administrator, never cluster-admin, and never touches what the landing zone manages. The
 * policy's CEL, run with @bufbuild/cel on admission requests shaped as the API server sends them.
 */
import { AdminRole } from '../../lib/compliance/admin-roles';
import { securityAdminPolicy, SECURITY_ADMIN_POLICY_NAME } from '../../lib/compliance/security-admin-policy';
import { newHub, stackJson } from '../helpers';
import { evaluate, toCel } from '../placement/cel';

const SECURITY = { username: 'sec@zj', groups: ['zj-security-admins', 'system:authenticated'] };
const TERRAFORM = { username: 'terraform@zj', groups: ['zj-terraform', 'system:authenticated'] };
const policy = securityAdminPolicy({
  security: ['zj-security-admins'],
  administrators: ['zj-system-admins', 'zj-security-admins', 'zj-audit-admins', 'zj-terraform', 'zj-break-glass'],
}).policy as any;
const MANAGED = { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone' };

function decide(who: { username: string; groups: string[] }, resource: string, object: Record<string, unknown> | null, operation = 'CREATE', oldObject: Record<string, unknown> | null = null): string {
  const request = toCel({ operation, resource: { group: 'rbac.authorization.k8s.io', version: 'v1', resource }, userInfo: who, name: 'x' });
  const bindings = { request, object: object === null ? null : toCel(object), oldObject: oldObject === null ? null : toCel(oldObject) };
  for (const c of policy.spec.matchConditions) if (evaluate(c.expression, bindings) !== true) return 'not matched';
  for (const v of policy.spec.validations) if (evaluate(v.expression, bindings) !== true) return v.message;
  return 'allowed';
}

const binding = (kind: string, roleRef: string, subjects: Array<{ kind: string; name: string; namespace?: string }>, labels?: Record<string, string>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'wjw' } : {}), ...(labels ? { labels } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleRef },
  subjects,
});
const readSecrets = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'read-secrets' },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
};

test('the security administrator grants departments and service accounts roles, in their namespaces and cluster-wide', () => {
  expect(decide(SECURITY, 'rolebindings', binding('RoleBinding', 'edit', [{ kind: 'Group', name: 'zj-wjw-developers' }]))).toBe('allowed');
  expect(decide(SECURITY, 'clusterrolebindings', binding('ClusterRoleBinding', 'view', [{ kind: 'ServiceAccount', name: 'scanner', namespace: 'gov-lz-system' }]))).toBe('allowed');
  expect(decide(SECURITY, 'clusterroles', readSecrets)).toBe('allowed');
  expect(decide(SECURITY, 'rolebindings', null, 'DELETE', binding('RoleBinding', 'edit', [{ kind: 'Group', name: 'zj-wjw-developers' }]))).toBe('allowed');
});

test('it cannot grant itself or a fellow administrator anything, by group or by its own user name, in one subject among many', () => {
  for (const group of ['zj-security-admins', 'zj-system-admins', 'zj-audit-admins', 'zj-terraform', 'zj-break-glass']) {
    expect(decide(SECURITY, 'clusterrolebindings', binding('ClusterRoleBinding', 'read-secrets', [{ kind: 'Group', name: group }]))).toMatch(/never to itself or to another administrator/);
  }
  expect(
    decide(
      SECURITY,
      'rolebindings',
      binding('RoleBinding', 'admin', [
        { kind: 'Group', name: 'zj-wjw-developers' },
        { kind: 'User', name: 'sec@zj' },
      ]),
    ),
  ).toMatch(/never to itself/);
  // On update too: a department's binding turned into its own.
  const before = binding('RoleBinding', 'edit', [{ kind: 'Group', name: 'zj-wjw-developers' }]);
  expect(decide(SECURITY, 'rolebindings', binding('RoleBinding', 'edit', [{ kind: 'Group', name: 'zj-security-admins' }]), 'UPDATE', before)).toMatch(/never to itself/);
});

test('it cannot bind cluster-admin, nor change, delete or forge what the landing zone manages', () => {
  expect(decide(SECURITY, 'clusterrolebindings', binding('ClusterRoleBinding', 'cluster-admin', [{ kind: 'Group', name: 'zj-wjw-developers' }]))).toMatch(/^cluster-admin is granted only/);
  const own = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: AdminRole.SECURITY.roleName, labels: MANAGED }, rules: [] };
  const widened = { ...own, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] };
  expect(decide(SECURITY, 'clusterroles', widened, 'UPDATE', own)).toMatch(/^the landing zone manages this object/);
  // Dropping the label in the same update does not help: the old object is the landing zone's.
  expect(decide(SECURITY, 'clusterroles', { ...widened, metadata: { name: own.metadata.name } }, 'UPDATE', own)).toMatch(/^the landing zone manages/);
  expect(decide(SECURITY, 'clusterrolebindings', null, 'DELETE', { ...binding('ClusterRoleBinding', 'gov-lz:audit-admin', [{ kind: 'Group', name: 'zj-audit-admins' }], MANAGED) })).toMatch(
    /^the landing zone manages/,
  );
  expect(decide(SECURITY, 'clusterroles', { ...readSecrets, metadata: { name: 'read-secrets', labels: MANAGED } })).toMatch(/^the landing zone manages/);
});

test('the Terraform identity is not concerned', () => {
  expect(decide(TERRAFORM, 'clusterrolebindings', binding('ClusterRoleBinding', 'cluster-admin', [{ kind: 'Group', name: 'zj-terraform' }]))).toBe('not matched');
});

test('the policy and its binding are on every cluster of the hub, and the security administrators read admission configuration but write none (Kubernetes runs no admission on it)', () => {
  const { app } = newHub({ adminGroups: { securityAdmins: ['zj-sec'], breakGlass: ['zj-bg'] } });
  app.synth();
  const hub = stackJson(app, 'zj-hub').resource;
  for (const c of ['ali-burst', 'hz-a-core', 'hz-b-core']) {
    const spec = hub.kubernetes_manifest[`${SECURITY_ADMIN_POLICY_NAME}--${c}`].manifest.spec;
    expect(spec.matchConditions[0].expression).toBe(`has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ['zj-sec'])`);
    expect(spec.validations[2].expression).toContain(`['zj-audit-admins', 'zj-bg', 'zj-sec', 'zj-system-admins', 'zj-terraform']`);
    expect(hub.kubernetes_manifest[`${SECURITY_ADMIN_POLICY_NAME}--${c}--binding`]).toMatchObject({ manifest: { spec: { policyName: SECURITY_ADMIN_POLICY_NAME, validationActions: ['Deny'] } } });
  }
  const rules = AdminRole.SECURITY.rules.filter((r) => r.apiGroups.includes('admissionregistration.k8s.io'));
  expect(rules.map((r) => [[...r.resources].sort(), [...r.verbs].sort()])).toEqual([
    [
      ['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations'],
      ['get', 'list', 'watch'],
    ],
  ]);
});
