import { AuditPolicyDocument, landingZoneAuditPolicy } from '../../../lib/compliance/audit-policy';
import { ComplianceView, ViewResource } from '../../../lib/compliance/resource-view';
import { Violation } from '../../../lib/compliance/rule';
import { auditLogRetention } from '../../../lib/compliance/rules/audit/audit-log-retention';
import { AUDIT_EXPECTATIONS, auditPolicyCoverage, checkExpectations } from '../../../lib/compliance/rules/audit/audit-policy-coverage';
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

  test('verdicts are kept per policy, groups and expectations within a process, and each caller gets its own copy', () => {
    const hub = (rules: AuditPolicyDocument['rules']) => ({ audit: { policy: policy(rules) }, adminGroups: undefined }) as unknown as Parameters<typeof checkExpectations>[0];
    const open = checkExpectations(hub([{ level: 'Metadata' }]), AUDIT_EXPECTATIONS);
    expect(open.length).toBeGreaterThan(0);
    (open[0] as { message: string }).message = 'changed by a caller';
    const again = checkExpectations(hub([{ level: 'Metadata' }]), AUDIT_EXPECTATIONS);
    expect(again[0].message).not.toBe('changed by a caller');
    expect(again).toHaveLength(open.length);
    // Another policy is not answered from what the first one gave.
    expect(checkExpectations(hub([{ level: 'None' }]), AUDIT_EXPECTATIONS)[0].message).toMatch(/ at None; /);
    expect(checkExpectations(hub([{ level: 'Metadata' }]), AUDIT_EXPECTATIONS.slice(0, 4))).toEqual([]);
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

describe('MLPS3-9 audit records are kept 185 days, by the API servers and in a store sized for them', () => {
  test('compliant: 365 days in a central sink', () => {
    const { app } = province({ audit: { logRetentionDays: 365, logSink: 'syslog+tls://audit.zj.gov.internal:6514' } });
    expect(check(auditLogRetention, app).findings).toEqual([]);
  });

  test('the default (185 days, 1 GiB a day, no sink) only warns about the sink; the store is sized 222Gi and the rotation holds 185 days', () => {
    const { app } = province();
    expect(check(auditLogRetention, app).messages).toEqual([
      'warning: the hub declares no central sink for API-server audit records, so they stay in the clusters, where whoever administers a cluster can delete them',
    ]);
    const view = ComplianceView.build(app);
    const claim = view.ofKind('PersistentVolumeClaim').find((r) => r.cluster === 'hz-a-core' && r.object?.metadata.namespace === 'gov-lz-audit')!;
    expect((claim.object!.spec as any).resources.requests.storage).toBe('222Gi');
    const backend = view.ofKind('ConfigMap').find((r) => r.cluster === 'hz-a-core' && r.object?.metadata.name === 'audit-backend')!;
    // 1024 MiB × 185 days in files of 100 MiB: 1,895 files, and the one being written.
    expect(backend.object!.data).toMatchObject({ 'retention-days': '185', 'audit-log-maxage': '185', 'audit-log-maxsize': '100', 'audit-log-maxbackup': '1896', 'daily-volume-mi': '1024' });
  });

  test('non-compliant: 180 days (six months can be 184 days), or 90', () => {
    for (const days of [180, 90]) {
      const { app } = province({ audit: { logRetentionDays: days, logSink: 'sls://zj/audit' } });
      expect(check(auditLogRetention, app).messages).toEqual([`error: audit.logRetentionDays is ${days}; audit records must be kept at least 185 days (six months are up to 184 days)`]);
    }
  });

  test('non-compliant: API servers that delete or rotate records out early', () => {
    const { app } = province({ audit: { logSink: 'sls://zj/audit', dailyVolumeMi: 2048, apiServerLog: { maxAgeDays: 30, maxBackups: 10 } } });
    expect(check(auditLogRetention, app).messages.filter((m) => m.includes('"hz-a-core"'))).toEqual([
      'error: the API servers of cluster "hz-a-core" delete audit log files after 30 days (--audit-log-maxage); records must be kept 185 days',
      'error: the API servers of cluster "hz-a-core" keep 10 files of 100 MiB (--audit-log-maxbackup, --audit-log-maxsize): at 2048 MiB a day records are rotated out after 0 days, not 185',
    ]);
  });

  test('non-compliant: a store shrunk by hand, or removed (read from what is synthesized for each cluster)', () => {
    const { app } = province({ audit: { logSink: 'sls://zj/audit', dailyVolumeMi: 512 } });
    const view = ComplianceView.build(app);
    const altered = (r: ViewResource): ViewResource =>
      r.kind === 'PersistentVolumeClaim' && r.cluster === 'hz-a-core' ? { ...r, object: { ...r.object!, spec: { resources: { requests: { storage: '50Gi' } } } } } : r;
    const ctx = Object.create(view, {
      ofKind: {
        value: (k: string) =>
          view
            .ofKind(k)
            .filter((r) => !(r.cluster === 'hz-b-core' && r.object?.metadata.namespace === 'gov-lz-audit'))
            .map(altered),
      },
    }) as ComplianceView;
    const hub = view.hubs[0];
    expect((auditLogRetention.check(hub, ctx) as Violation[]).map((v) => v.message)).toEqual([
      'the audit log store on cluster "hz-a-core" requests "50Gi"; 512 MiB a day for 185 days (with a fifth of headroom) needs 111Gi',
      'cluster "hz-b-core" has no audit log store (PersistentVolumeClaim gov-lz-audit/audit-records) for the 185 days of audit records',
      'cluster "hz-b-core" declares no API-server audit log backend (ConfigMap gov-lz-audit/audit-backend with audit-log-maxage, audit-log-maxsize and audit-log-maxbackup)',
    ]);
  });
});
