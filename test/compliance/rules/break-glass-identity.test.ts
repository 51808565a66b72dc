/**
 * MLPS3-44 and the hub's break-glass identities (the Terraform identity, the break-glass groups): their standing
 * cluster-admin bindings pass only when the credentials are declared short-lived AND the hub's audit policy, evaluated
 * for their groups, records their requests in full. Every branch: accepted, no credential, no audit rule, a rule that
 * comes too late, a hand-written look-alike, a bad declaration.
 */
import { landingZoneAuditPolicy } from '../../../lib/compliance/audit-policy';
import { tenantDataAuthorised } from '../../../lib/compliance/rules/cloud-extension/tenant-data-authorised';
import { newHub, synthProblems } from '../../helpers';
import { addResource, check, province } from '../helpers';

const RBAC = 'rbac.authorization.k8s.io';
const CLUSTERS = ['ali-burst', 'hz-a-core', 'hz-b-core'];

test('accepted: credentials declared short-lived and the landing-zone policy records the identities at RequestResponse — the item is then 部分符合 (issuance records are manual evidence)', () => {
  const { app } = province({ adminGroups: { clusterAdminCredentialHours: 1, breakGlass: ['zj-break-glass'] } });
  const { findings, result } = check(tenantDataAuthorised, app);
  expect(findings).toEqual([]);
  expect(result.status).toBe('compliant');
});

test('not accepted: no short-lived credential declared — one warning per binding naming the missing declaration', () => {
  const { app } = province({ adminGroups: { breakGlass: ['zj-break-glass'] } });
  const { findings, messages } = check(tenantDataAuthorised, app);
  expect(findings.map((f) => `${f.severity} ${f.resource}`)).toEqual([
    ...CLUSTERS.map((c) => `warning kubernetes_cluster_role_binding_v1.gov-lz-break-glass--${c}`),
    ...CLUSTERS.map((c) => `warning kubernetes_cluster_role_binding_v1.gov-lz-terraform--${c}`),
  ]);
  expect(messages[0]).toContain('Group/zj-break-glass standing cluster-admin');
  expect(messages[0]).toContain('no short-lived credential is declared (adminGroups.clusterAdminCredentialHours)');
  expect(messages[0]).not.toContain('audit policy');
});

test('not accepted: the credential declared, but the hub’s own policy has no rule for the identity — evaluated, not declared', () => {
  const { app } = province({ adminGroups: { clusterAdminCredentialHours: 1 }, audit: { policy: landingZoneAuditPolicy([]) } });
  const { messages } = check(tenantDataAuthorised, app);
  expect(messages).toHaveLength(3);
  expect(messages[0]).toBe(
    'warning: ClusterRoleBinding "gov-lz:terraform" on cluster "ali-burst" gives Group/zj-terraform standing cluster-admin (every department\'s Secrets and shells) as the break-glass identity, but ' +
      'the audit policy logs a shell in a department pod at Request (needs RequestResponse) for Group/zj-terraform; ' +
      'the audit policy logs a read of department pods at Metadata (needs RequestResponse) for Group/zj-terraform; ' +
      'the audit policy logs a change of a department deployment at Request (needs RequestResponse) for Group/zj-terraform',
  );
});

test('not accepted: the identity’s rule is there but after a rule that records less (first match wins, as in kube-apiserver)', () => {
  const policy = landingZoneAuditPolicy(['zj-terraform']);
  const late = { ...policy, rules: [{ level: 'Metadata' as const, verbs: ['get', 'list', 'watch'] }, ...policy.rules] };
  const { messages } = check(tenantDataAuthorised, province({ adminGroups: { clusterAdminCredentialHours: 4 }, audit: { policy: late } }).app);
  expect(messages).toHaveLength(3);
  expect(messages[0]).toMatch(/the audit policy logs a read of department pods at Metadata \(needs RequestResponse\) for Group\/zj-terraform$/);
  // A policy that drops Secret reads of the identity entirely fails too.
  const blind = { ...policy, rules: [{ level: 'None' as const, resources: [{ group: '', resources: ['secrets'] }] }, ...policy.rules] };
  expect(check(tenantDataAuthorised, province({ adminGroups: { clusterAdminCredentialHours: 4 }, audit: { policy: blind } }).app).messages[0]).toMatch(
    /a read of a department Secret at None \(needs Metadata\)/,
  );
});

test('no exemption by name or label: a hand-written cluster-admin binding of the Terraform group is an error even with the credential declared', () => {
  const { app, hub } = province({ adminGroups: { clusterAdminCredentialHours: 1 } });
  addResource(hub.hubStack, 'kubernetes_cluster_role_binding_v1', 'copy', {
    metadata: { name: 'gov-lz:terraform', labels: { 'gov-lz.io/admin-role': 'terraform', 'app.kubernetes.io/managed-by': 'gov-lz' } },
    role_ref: { api_group: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
    subject: [{ kind: 'Group', name: 'zj-terraform', api_group: RBAC }],
  });
  const { messages } = check(tenantDataAuthorised, app);
  expect(messages).toEqual([
    'error: ClusterRoleBinding "gov-lz:terraform" on cluster "hz-a-core" lets Group/zj-terraform read Secrets and open shells in pods of every department (ClusterRole cluster-admin) without the department\'s authorisation (gov-lz.io/authorised-by) or a last day (gov-lz.io/expires: YYYY-MM-DD): standing access to department data',
  ]);
});

test('the declaration is validated: whole hours from 1 to 24', () => {
  for (const bad of [0, 25, 1.5, -1, '2' as unknown as number]) {
    expect(synthProblems(newHub({ adminGroups: { clusterAdminCredentialHours: bad } }).app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      `invalid-value zj-hub/AdminRoles ${JSON.stringify(bad)}`,
    ]);
  }
  expect(() => newHub({ adminGroups: { clusterAdminCredentialHours: 24 } }).app.synth()).not.toThrow();
});
