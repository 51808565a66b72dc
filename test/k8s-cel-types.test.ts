/** test/k8s-cel-types.ts on hand-written policies: field references checked against the matched kinds' schemas. */
import { ApiTypes, celTypeProblems } from './k8s-cel-types';

const api = new ApiTypes();
const rule = (apiGroups: string[], resources: string[]) => ({ apiGroups, apiVersions: ['*'], operations: ['CREATE'], resources });
const policy = (rules: object[], validations: string[], variables: Array<[string, string]> = []) => ({
  spec: { matchConstraints: { resourceRules: rules }, variables: variables.map(([name, expression]) => ({ name, expression })), validations: validations.map((expression) => ({ expression })) },
});
const pods = [rule([''], ['pods', 'pods/ephemeralcontainers'])];

test('the fields of the matched kind, of list elements, of maps and of variables resolve', () => {
  const good = policy(
    pods,
    [
      "variables.containers.all(c, c.image.startsWith('harbor.') && (!has(c.securityContext) || c.securityContext.runAsNonRoot == true))",
      "!has(object.spec.nodeSelector) || object.spec.nodeSelector['kubernetes.io/arch'] == 'arm64'",
      "namespaceObject.metadata.name != 'kube-system' && request.userInfo.username != '' && object.metadata.labels.all(k, k != '')",
      "oldObject == null || object.spec.tolerations.all(t, t.key != 'x' && t.effect != 'NoExecute')",
    ],
    [['containers', 'object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : [])']],
  );
  expect(celTypeProblems(good, api)).toEqual([]);
});

test.each([
  ['a field of the object', 'object.spec.containrs.size() > 0', /validations\/0\/expression CEL no field "containrs" in Pod.spec \(matched: Pod\)/],
  ['a field of a list element', "object.spec.containers.all(c, c.imag != '')", /no field "imag" in Pod.spec.containers\[\]/],
  ['a field under has()', 'has(object.metadata.labelz)', /no field "labelz" in Pod.metadata/],
  ['a field of the namespace', "namespaceObject.metadata.nme == 'x'", /no field "nme" in Namespace.metadata/],
  ['a field through a variable', 'variables.containers.all(c, c.ports.all(p, p.containerPrt > 0))', /no field "containerPrt" in Pod.spec.containers\[\].ports\[\]/],
])('%s that no matched kind declares is a problem', (_what, expression, expected) => {
  expect(celTypeProblems(policy(pods, [expression], [['containers', 'object.spec.containers']]), api)).toEqual([expect.stringMatching(expected)]);
});

test('over several kinds, a field of one of them is fine; a field of none is a problem', () => {
  const rbac = [rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'])];
  expect(celTypeProblems(policy(rbac, ["!has(object.roleRef) || object.roleRef.name != 'cluster-admin'", 'has(object.rules) || has(object.subjects)']), api)).toEqual([]);
  expect(celTypeProblems(policy(rbac, ["object.roleRf.name != 'cluster-admin'"]), api)).toEqual([expect.stringMatching(/no field "roleRf" in Role, RoleBinding \(matched: Role, RoleBinding\)/)]);
});

test('custom resources are checked against their CRD; free-form fields, request and rules over * or an unknown resource are not checked', () => {
  const schedules = [rule(['velero.io'], ['schedules'])];
  expect(celTypeProblems(policy(schedules, ['!has(object.spec.template.hooks)']), api)).toEqual([]);
  expect(celTypeProblems(policy(schedules, ['!has(object.spec.template.hookz)']), api)).toEqual([expect.stringMatching(/no field "hookz" in Schedule.spec.template/)]);
  expect(celTypeProblems(policy(pods, ["request.userInfo.anything == 'x' && object.metadata.annotations['a'].size() > 0"]), api)).toEqual([]);
  expect(celTypeProblems(policy([rule(['*'], ['*'])], ['object.nothing.at.all']), api)).toEqual([]);
  expect(celTypeProblems(policy([rule(['example.gov.cn'], ['widgets'])], ['object.nothing']), api)).toEqual([]);
});
