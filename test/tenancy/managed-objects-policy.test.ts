/**
 * Issue 13, class 2: tenants cannot undo their own isolation. The admission policy's CEL, run with @bufbuild/cel on
 * admission requests shaped as the API server sends them.
 */
import { managedObjectsPolicy, MANAGED_OBJECTS_POLICY_NAME, NAMESPACE_LABELS_POLICY_NAME, namespaceLabelsPolicy } from '../../lib/tenancy/managed-objects-policy';
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

describe('the namespace-labels admission policy (issue 13, class 5: label spoofing at runtime)', () => {
  const nsPolicy = namespaceLabelsPolicy({ groups: ['zj-system-admins'] }).policy as any;
  const ns = (name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: 'u-2', labels: { 'kubernetes.io/metadata.name': name, ...labels }, ...(annotations ? { annotations } : {}) },
  });
  /** What the policy decides on a Namespace request. */
  const decideNs = (operation: 'CREATE' | 'UPDATE' | 'DELETE', who: Who, object: any, oldObject: any): string => {
    const name = (object ?? oldObject).metadata.name;
    const req = {
      uid: 'r',
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      name,
      operation,
      userInfo: { username: who.username, ...(who.groups ? { groups: who.groups } : {}) },
    };
    const bindings = { request: toCel(req), object: object === null ? null : toCel(object), oldObject: oldObject === null ? null : toCel(oldObject) };
    for (const c of nsPolicy.spec.matchConditions) if (evaluate(c.expression, bindings) !== true) return 'not matched';
    for (const v of nsPolicy.spec.validations) {
      if (evaluate(v.expression, bindings) === true) continue;
      return String(evaluate(v.messageExpression, bindings));
    }
    return 'allowed';
  };
  const wjw = ns(
    'wjw',
    { 'gov-lz.io/tenant': 'wjw', 'gov-lz.io/zone': 'app', 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'pod-security.kubernetes.io/enforce': 'restricted' },
    { 'scheduler.alpha.kubernetes.io/node-selector': 'kubernetes.io/arch=arm64' },
  );
  const SELF_SERVICE: Who = { username: 'ci@city', groups: ['hz-platform-team', 'system:authenticated'] };

  test("a namespace of one's own cannot claim a department's gov-lz.io/tenant, or any landing-zone label", () => {
    expect(decideNs('CREATE', SELF_SERVICE, ns('evil', { 'gov-lz.io/tenant': 'wjw' }), null)).toBe(
      'namespace "evil" is a namespace of the landing zone (CREATE refused): only platform identities may create one, set, change or remove its gov-lz.io/*, pod-security.kubernetes.io/* and app.kubernetes.io/managed-by labels or its gov-lz.io/* and node-selector annotations, or delete it (a namespace claiming the gov-lz.io/tenant of a department would pass as the department); change them in the landing-zone repository',
    );
    const mine = ns('hz-sandbox', { team: 'a' });
    expect(decideNs('CREATE', SELF_SERVICE, mine, null)).toBe('not matched');
    expect(decideNs('UPDATE', SELF_SERVICE, ns('hz-sandbox', { team: 'a', 'gov-lz.io/zone': 'mgmt' }), mine)).toMatch(/\(UPDATE refused\): only platform identities/);
  });

  test("a department's namespace keeps its landing-zone labels and annotations: no change, no removal, no lower Pod Security, no deletion", () => {
    const relabel = (labels: Record<string, string>) => ({ ...wjw, metadata: { ...wjw.metadata, labels } });
    const { 'gov-lz.io/tenant': _t, ...withoutTenant } = wjw.metadata.labels as Record<string, string>;
    expect(decideNs('UPDATE', DEPARTMENT_ADMIN, relabel({ ...wjw.metadata.labels, 'gov-lz.io/tenant': 'ybj' }), wjw)).toMatch(/\(UPDATE refused\): only platform identities/);
    expect(decideNs('UPDATE', DEPARTMENT_ADMIN, relabel(withoutTenant), wjw)).toMatch(/\(UPDATE refused\): only platform identities/);
    expect(decideNs('UPDATE', DEPLOYER, relabel({ ...wjw.metadata.labels, 'pod-security.kubernetes.io/enforce': 'privileged' }), wjw)).toMatch(/\(UPDATE refused\): only platform identities/);
    expect(decideNs('UPDATE', DEPARTMENT_ADMIN, { ...wjw, metadata: { ...wjw.metadata, annotations: {} } }, wjw)).toMatch(/\(UPDATE refused\): only platform identities/);
    expect(decideNs('DELETE', DEPARTMENT_ADMIN, null, wjw)).toMatch(/\(DELETE refused\): only platform identities/);
    // Other labels stay the department's to set.
    expect(decideNs('UPDATE', DEPARTMENT_ADMIN, relabel({ ...wjw.metadata.labels, 'team.wjw/owner': 'zhang' }), wjw)).toBe('allowed');
  });

  test('platform identities and Kubernetes itself may label, relabel and delete', () => {
    expect(decideNs('CREATE', PLATFORM, wjw, null)).toBe('allowed');
    expect(decideNs('UPDATE', { username: 'admin', groups: ['system:masters'] }, { ...wjw, metadata: { ...wjw.metadata, labels: {} } }, wjw)).toBe('allowed');
    expect(decideNs('DELETE', PLATFORM, null, wjw)).toBe('allowed');
    const spec = nsPolicy.spec;
    expect(spec.failurePolicy).toBe('Fail');
    expect(spec.matchConstraints.resourceRules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['namespaces'], scope: 'Cluster' }]);
  });

  test('the hub lays it on every cluster beside the managed-objects policy', () => {
    const { app } = newHub();
    app.synth();
    const manifests = stackJson(app, 'zj-hub').resource.kubernetes_manifest;
    for (const c of ['hz-a-core', 'hz-b-core', 'ali-burst']) {
      expect(manifests[`${NAMESPACE_LABELS_POLICY_NAME}--${c}`].manifest.spec.validations[0].expression).toContain("['system:masters', 'zj-security-admins', 'zj-system-admins']");
      expect(manifests[`${NAMESPACE_LABELS_POLICY_NAME}--${c}--binding`].manifest.spec).toEqual({ policyName: NAMESPACE_LABELS_POLICY_NAME, validationActions: ['Deny'] });
    }
  });
});
