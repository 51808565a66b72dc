import { AuditPolicyDocument, landingZoneAuditPolicy } from '../../../lib/compliance/audit-policy';
import { auditLogRetention } from '../../../lib/compliance/rules/audit/audit-log-retention';
import { auditPolicyCoverage } from '../../../lib/compliance/rules/audit/audit-policy-coverage';
import { privilegedOperationsAudited } from '../../../lib/compliance/rules/audit/privileged-operations-audited';
import { check, province } from '../helpers';

const policy = (rules: AuditPolicyDocument['rules']): AuditPolicyDocument => ({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules });

describe('MLPS3-7 audit policy coverage', () => {
  test("compliant: the landing zone's policy", () => {
    const { app } = province();
    const { findings, result } = check(auditPolicyCoverage, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 1 });
  });

  test('non-compliant: a catch-all None, and secrets logged with their content', () => {
    const { app } = province({
      audit: { policy: policy([{ level: 'RequestResponse', resources: [{ group: '', resources: ['secrets'] }] }, { level: 'Metadata', verbs: ['get', 'list', 'watch'] }, { level: 'None' }]) },
    });
    const messages = check(auditPolicyCoverage, app).messages;
    expect(messages).toContain('error: audit policy rule 3 is a catch-all at level None: every request after it goes unrecorded');
    expect(messages).toContain('error: the audit policy logs "get secrets" at RequestResponse, which writes the content to the log (reading a secret is recorded, its value never)');
    expect(messages).toContain(
      'error: the audit policy logs "create rbac.authorization.k8s.io/clusterrolebindings" at None; at least Request is needed (changes to access rights are security events)',
    );
    expect(messages).not.toContain(expect.stringContaining('"get pods"'));
  });

  test('a policy that matches nothing logs nothing (None), as kube-apiserver does', () => {
    const { app } = province({ audit: { policy: policy([]) } });
    expect(check(auditPolicyCoverage, app).messages).toContain(
      'error: the audit policy logs "get pods" at None; at least Metadata is needed (every request is recorded with who, what, when and the outcome)',
    );
  });
});

describe('MLPS3-7 evaluates the policy per user, group, namespace and name, as the API server does', () => {
  const exempt = (rule: AuditPolicyDocument['rules'][number]) => province({ audit: { policy: policy([rule, ...landingZoneAuditPolicy().rules]) } }).app;

  test('a None rule for the system administrators fails, though a request without a user is still logged', () => {
    const messages = check(auditPolicyCoverage, exempt({ level: 'None', userGroups: ['zj-system-admins'] })).messages;
    expect(messages).toContainEqual(expect.stringMatching(/^error: the audit policy logs "get pods" below Metadata for group zj-system-admins \(None\)/));
    expect(messages).toContainEqual(expect.stringMatching(/"create rbac.authorization.k8s.io\/clusterrolebindings" below Request for group zj-system-admins \(None\)/));
  });

  test('a None rule for a user, a namespace or a resource name fails too', () => {
    expect(check(auditPolicyCoverage, exempt({ level: 'None', users: ['system:serviceaccount:kube-system:deployer'] })).messages).toContainEqual(
      expect.stringContaining('"delete apps/deployments" below Request for user system:serviceaccount:kube-system:deployer (None)'),
    );
    expect(check(auditPolicyCoverage, exempt({ level: 'None', namespaces: ['wjw'] })).messages).toContainEqual(
      expect.stringContaining('"create pods" below Request for an authenticated user in namespace wjw (None)'),
    );
    expect(check(auditPolicyCoverage, exempt({ level: 'Metadata', resources: [{ group: 'rbac.authorization.k8s.io', resourceNames: ['cluster-admin'] }] })).messages).toContainEqual(
      expect.stringContaining('"create rbac.authorization.k8s.io/clusterrolebindings" below Request for an authenticated user on cluster-admin (Metadata)'),
    );
  });

  test('system:masters (the Terraform identity, break-glass) is no exception', () => {
    expect(check(auditPolicyCoverage, exempt({ level: 'None', userGroups: ['system:masters'] })).messages).toContainEqual(expect.stringContaining('for group system:masters (None)'));
  });

  test('a rule that logs secrets in full for one group is found', () => {
    expect(check(auditPolicyCoverage, exempt({ level: 'RequestResponse', userGroups: ['zj-audit-admins'], resources: [{ group: '', resources: ['secrets'] }] })).messages).toContainEqual(
      expect.stringContaining('"get secrets" above Metadata for group zj-audit-admins (RequestResponse)'),
    );
  });

  test('a rule that only adds detail for some requesters is fine', () => {
    expect(check(auditPolicyCoverage, exempt({ level: 'RequestResponse', userGroups: ['zj-system-admins'], resources: [{ group: 'apps' }] })).findings).toEqual([]);
  });
});

describe('MLPS3-8 privileged operations are audited', () => {
  test("compliant: the landing zone's policy", () => {
    const { app } = province();
    expect(check(privilegedOperationsAudited, app).findings).toEqual([]);
  });

  test('non-compliant: exec and node deletes only at Metadata', () => {
    const base = landingZoneAuditPolicy();
    const { app } = province({ audit: { policy: policy([{ level: 'Metadata', resources: [{ group: '', resources: ['pods/exec', 'nodes'] }] }, ...base.rules]) } });
    expect(check(privilegedOperationsAudited, app).messages).toEqual([
      'error: the audit policy logs "create pods/exec" at Metadata; at least Request is needed (privileged remote operations must be auditable by the customer)',
      'error: the audit policy logs "delete nodes" at Metadata; at least Request is needed (privileged remote operations must be auditable by the customer)',
      'error: the audit policy logs "deletecollection nodes" at Metadata; at least Request is needed (privileged remote operations must be auditable by the customer)',
    ]);
  });
});

describe('MLPS3-9 audit records are kept 180 days', () => {
  test('compliant: 365 days in a central sink', () => {
    const { app } = province({ audit: { logRetentionDays: 365, logSink: 'syslog+tls://audit.zj.gov.internal:6514' } });
    expect(check(auditLogRetention, app).findings).toEqual([]);
  });

  test('the default (180 days, no sink) only warns about the sink', () => {
    const { app } = province();
    expect(check(auditLogRetention, app).messages).toEqual([
      'warning: the hub declares no central sink for API-server audit records, so they stay on the control-plane nodes where an administrator can delete them',
    ]);
  });

  test('non-compliant: 90 days', () => {
    const { app } = province({ audit: { logRetentionDays: 90, logSink: 'sls://zj/audit' } });
    expect(check(auditLogRetention, app).messages).toEqual(['error: audit.logRetentionDays is 90; audit records must be kept at least 180 days']);
  });
});
