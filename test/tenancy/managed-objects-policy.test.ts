/**
 * Issue 13, class 2: tenants cannot undo their own isolation. The admission policy's CEL, run with @bufbuild/cel on
 * admission requests shaped as the API server sends them.
 */
import { managedObjectsPolicy, MANAGED_OBJECTS_POLICY_NAME } from '../../lib/tenancy/managed-objects-policy';
import { newHub, stackJson } from '../helpers';
import { evaluate, toCel } from '../placement/cel';

const MANAGED = { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'gov-lz.io/tenant': 'wjw' };

function networkPolicy(name: string, labels?: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'wjw', uid: 'u-1', ...(labels ? { labels } : {}) },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

interface Who {
  readonly username: string;
  readonly groups?: string[];
}

const DEPARTMENT_ADMIN: Who = { username: 'zhang.san@wjw', groups: ['wjw-admins', 'system:authenticated'] };
const DEPLOYER: Who = { username: 'system:serviceaccount:wjw:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:wjw', 'system:authenticated'] };
const PLATFORM: Who = { username: 'terraform@zj', groups: ['zj-system-admins', 'system:authenticated'] };

/** An AdmissionRequest as the API server builds it for a NetworkPolicy. */
function request(operation: 'CREATE' | 'UPDATE' | 'DELETE', who: Who, object: unknown, oldObject: unknown, resource = 'networkpolicies'): Record<string, unknown> {
  const obj = (object ?? oldObject) as { metadata: { name: string } };
  return {
    uid: 'req-1',
    kind: { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
    resource: { group: 'networking.k8s.io', version: 'v1', resource },
    requestKind: { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
    name: obj.metadata.name,
    namespace: 'wjw',
    operation,
    userInfo: { username: who.username, uid: 'uid-1', ...(who.groups ? { groups: who.groups } : {}) },
    dryRun: false,
  };
}

/** What the policy decides: 'not matched' (not its business), 'allowed' or the denial message. */
function decide(policy: any, operation: 'CREATE' | 'UPDATE' | 'DELETE', who: Who, object: unknown, oldObject: unknown): string {
  const bindings = { request: toCel(request(operation, who, object, oldObject)), object: object === null ? null : toCel(object), oldObject: oldObject === null ? null : toCel(oldObject) };
  for (const c of policy.spec.matchConditions) if (evaluate(c.expression, bindings) !== true) return 'not matched';
  for (const v of policy.spec.validations) {
    if (evaluate(v.expression, { ...bindings, variables: new Map() }) === true) continue;
    return String(evaluate(v.messageExpression, bindings));
  }
  return 'allowed';
}

const policy = managedObjectsPolicy({ groups: ['zj-system-admins', 'zj-security-admins'] }).policy;

describe('the managed-objects admission policy', () => {
  const defaultDeny = networkPolicy('default-deny', MANAGED);

  test('a department admin cannot delete, change or take over what the landing zone manages', () => {
    expect(decide(policy, 'DELETE', DEPARTMENT_ADMIN, null, defaultDeny)).toBe(
      'the networkpolicies "default-deny" in namespace "wjw" is managed by the landing zone (app.kubernetes.io/managed-by=cdktf-gov-landing-zone); only platform identities may DELETE it: change it in the landing-zone repository, or create an object of your own without that label',
    );
    const opened = { ...defaultDeny, spec: { podSelector: {}, policyTypes: [] } };
    expect(decide(policy, 'UPDATE', DEPARTMENT_ADMIN, opened, defaultDeny)).toMatch(/only platform identities may UPDATE it/);
    // Removing the label first does not help: the old object is managed.
    const unlabelled = { ...defaultDeny, metadata: { ...(defaultDeny.metadata as object), labels: {} } };
    expect(decide(policy, 'UPDATE', DEPARTMENT_ADMIN, unlabelled, defaultDeny)).toMatch(/only platform identities may UPDATE it/);
  });

  test("the department's deployer service account is a tenant identity too", () => {
    expect(decide(policy, 'DELETE', DEPLOYER, null, defaultDeny)).toMatch(/only platform identities may DELETE it/);
  });

  test('a tenant keeps adding, changing and deleting its own policies, and cannot claim the landing zone label for one', () => {
    const own = networkPolicy('allow-from-frontend');
    expect(decide(policy, 'CREATE', DEPARTMENT_ADMIN, own, null)).toBe('not matched');
    expect(decide(policy, 'UPDATE', DEPLOYER, own, own)).toBe('not matched');
    expect(decide(policy, 'DELETE', DEPLOYER, null, own)).toBe('not matched');
    expect(decide(policy, 'CREATE', DEPARTMENT_ADMIN, networkPolicy('looks-managed', MANAGED), null)).toMatch(/only platform identities may CREATE it/);
  });

  test('platform identities and Kubernetes itself may change and delete managed objects', () => {
    expect(decide(policy, 'UPDATE', PLATFORM, defaultDeny, defaultDeny)).toBe('allowed');
    expect(decide(policy, 'DELETE', { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] }, null, defaultDeny)).toBe('allowed');
    // The namespace controller empties a namespace being deleted; the garbage collector deletes owned objects.
    expect(decide(policy, 'DELETE', { username: 'system:serviceaccount:kube-system:namespace-controller', groups: ['system:serviceaccounts'] }, null, defaultDeny)).toBe('allowed');
    expect(decide(policy, 'DELETE', { username: 'system:kube-controller-manager' }, null, defaultDeny)).toBe('allowed');
    // A look-alike namespace prefix is not kube-system.
    expect(decide(policy, 'DELETE', { username: 'system:serviceaccount:kube-system-x:sa', groups: [] }, null, defaultDeny)).toMatch(/only platform identities/);
  });

  test('every namespaced resource is covered, in tenant namespaces, failing closed', () => {
    const p = policy as any;
    expect(p.spec.failurePolicy).toBe('Fail');
    expect(p.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*'], scope: 'Namespaced' }]);
    const binding = managedObjectsPolicy({ groups: [] }).binding as any;
    expect(binding.spec).toEqual({
      policyName: MANAGED_OBJECTS_POLICY_NAME,
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'gov-lz.io/tenant', operator: 'Exists' }] } },
    });
  });
});

describe('the hub lays the policy on every cluster', () => {
  test('with the system, security and break-glass groups by default, or platformGroups', () => {
    const { app } = newHub({ adminGroups: { breakGlass: ['zj-break-glass'] } });
    app.synth();
    const manifests = stackJson(app, 'zj-hub').resource.kubernetes_manifest;
    for (const c of ['hz-a-core', 'hz-b-core', 'ali-burst']) {
      const p = manifests[`${MANAGED_OBJECTS_POLICY_NAME}--${c}`];
      expect(p.provider).toBe(`kubernetes.${c}`);
      expect(p.manifest.spec.validations[0].expression).toContain("['system:masters', 'zj-break-glass', 'zj-security-admins', 'zj-system-admins']");
      expect(manifests[`${MANAGED_OBJECTS_POLICY_NAME}--${c}--binding`].depends_on).toEqual([`kubernetes_manifest.${MANAGED_OBJECTS_POLICY_NAME}--${c}`]);
    }
    const other = newHub({ platformGroups: ['zj-terraform'] });
    other.app.synth();
    const expr = stackJson(other.app, 'zj-hub').resource.kubernetes_manifest[`${MANAGED_OBJECTS_POLICY_NAME}--hz-a-core`].manifest.spec.validations[0].expression;
    expect(expr).toContain("['system:masters', 'zj-terraform']");
  });
});
