import { ClusterControlPlane } from '../../../lib';
import { auditPipelineProtected } from '../../../lib/compliance/rules/audit/audit-pipeline-protected';
import { networkPolicyEnforced, cniEnforcesNetworkPolicy } from '../../../lib/compliance/rules/boundary-protection/network-policy-enforced';
import { secretsEncryptedAtRest } from '../../../lib/compliance/rules/data-protection/secrets-encrypted-at-rest';
import { apiServerAuthentication } from '../../../lib/compliance/rules/identity/api-server-authentication';
import { apiEndpointRestricted } from '../../../lib/compliance/rules/intrusion-prevention/api-endpoint-restricted';
import { CONTROL_PLANE, hubProps, synthProblems } from '../../helpers';
import { addResource, check, province } from '../helpers';

/** The fixture's province with every cluster declaring `cp` (and `plugin`) instead. */
function withControlPlane(cp: ClusterControlPlane | undefined, plugin?: string) {
  return province({ clusters: hubProps().clusters.map((c) => ({ ...c, controlPlane: cp, networkPlugin: plugin })) });
}

describe('MLPS3-35 secrets are encrypted at rest', () => {
  test('compliant: KMS v2 (or aescbc, secretbox) first for secrets', () => {
    for (const first of ['kms-v2', 'aescbc', 'secretbox'] as const) {
      const { app } = withControlPlane({ ...CONTROL_PLANE, secretsEncryption: [first, 'identity'] });
      const { findings, result } = check(secretsEncryptedAtRest, app);
      expect(findings).toEqual([]);
      expect(result.checked).toBe(3);
    }
  });

  test('non-compliant: identity first is an error, kms-v1 and aesgcm too; nothing declared is a warning', () => {
    const plain = withControlPlane({ ...CONTROL_PLANE, secretsEncryption: ['identity', 'kms-v2'] });
    expect(check(secretsEncryptedAtRest, plain.app).messages[0]).toBe(
      'error: cluster "ali-burst" encrypts Secrets at rest with identity, which writes Secrets to etcd (and its snapshots) in plain text',
    );
    expect(check(secretsEncryptedAtRest, withControlPlane({ ...CONTROL_PLANE, secretsEncryption: ['kms-v1'] }).app).messages[0]).toMatch(/^error: .* kms-v1, deprecated/);
    expect(check(secretsEncryptedAtRest, withControlPlane({ ...CONTROL_PLANE, secretsEncryption: ['aesgcm'] }).app).messages[0]).toMatch(/^error: .* aesgcm, which needs its key rotated/);
    expect(check(secretsEncryptedAtRest, withControlPlane(undefined).app).messages).toEqual([
      'warning: cluster "ali-burst" declares no EncryptionConfiguration for secrets, so whether Secrets lie in etcd in plain text is unknown',
      'warning: cluster "hz-a-core" declares no EncryptionConfiguration for secrets, so whether Secrets lie in etcd in plain text is unknown',
      'warning: cluster "hz-b-core" declares no EncryptionConfiguration for secrets, so whether Secrets lie in etcd in plain text is unknown',
    ]);
  });
});

describe('MLPS3-36 people authenticate through the province IdP', () => {
  test('compliant: OIDC to the IdP, anonymous off, no token file, lockout, timeout, two factors', () => {
    const { findings, result } = check(apiServerAuthentication, province().app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(3);
  });

  test('non-compliant: anonymous access, a static token file, no IdP and no IdP controls', () => {
    const { app } = withControlPlane({ ...CONTROL_PLANE, authentication: { anonymousAuth: true, staticTokenFile: true, idpLockoutAfterFailures: 50 } });
    expect(check(apiServerAuthentication, app).messages.filter((m) => m.includes('hz-a-core'))).toEqual([
      'error: cluster "hz-a-core" accepts a static token file (--token-auth-file): shared passwords that never expire',
      'error: cluster "hz-a-core" declares no OIDC identity provider: people are not identified by the province IdP',
      'error: cluster "hz-a-core" serves anonymous requests (--anonymous-auth=true)',
      'error: cluster "hz-a-core": the identity provider declares no idle-session timeout',
      'error: cluster "hz-a-core": the identity provider does not require two factors, one cryptographic',
      'error: cluster "hz-a-core": the identity provider locks an account only after 50 failed logins',
    ]);
    expect(check(apiServerAuthentication, withControlPlane({}).app).messages[0]).toBe('warning: cluster "ali-burst" declares no API-server authentication, so who may log in and how is unknown');
  });
});

describe('MLPS3-37 the API endpoint admits only administrators’ terminals', () => {
  test('compliant: the management network, the bastion only', () => {
    expect(check(apiEndpointRestricted, province().app).findings).toEqual([]);
  });

  test('non-compliant: published on the internet to every address, or to a /8', () => {
    const open = withControlPlane({ ...CONTROL_PLANE, endpoint: { network: 'internet', allowedSourceCidrs: ['0.0.0.0/0', '10.0.0.0/8'] } });
    expect(check(apiEndpointRestricted, open.app).messages.filter((m) => m.includes('hz-a-core'))).toEqual([
      'error: cluster "hz-a-core" admits 10.0.0.0/8 to its API endpoint, wider than the administrators\' terminals can be',
      'error: cluster "hz-a-core" admits every address (0.0.0.0/0) to its API endpoint',
      'error: cluster "hz-a-core" publishes its API endpoint on the internet network',
    ]);
    expect(check(apiEndpointRestricted, withControlPlane({ ...CONTROL_PLANE, endpoint: { network: 'management', allowedSourceCidrs: [] } }).app).messages[0]).toBe(
      'error: cluster "ali-burst" names no administrators\' terminals allowed to reach its API endpoint',
    );
  });
});

describe('MLPS3-38 the audit pipeline is protected from departments', () => {
  test('compliant: an audit webhook; a log file shipped by a collector in the management zone no department reaches', () => {
    expect(check(auditPipelineProtected, province().app).findings).toEqual([]);
    const { app, hub } = withControlPlane({ ...CONTROL_PLANE, audit: { logPath: '/var/log/kubernetes/audit/audit.log' } });
    for (const c of ['hz-a-core', 'hz-b-core', 'ali-burst']) addResource(hub.hubStack, 'helm_release', `fluent-bit--${c}`, { name: 'fluent-bit', chart: 'fluent-bit', namespace: 'gov-lz-system' }, c);
    expect(check(auditPipelineProtected, app).findings).toEqual([]);
  });

  test('non-compliant: no backend declared; a log file nobody ships; a collector a department can change', () => {
    expect(check(auditPipelineProtected, withControlPlane({ ...CONTROL_PLANE, audit: undefined }).app).messages[0]).toMatch(/^warning: cluster "ali-burst" declares no audit backend/);
    const { app, hub } = withControlPlane({ ...CONTROL_PLANE, audit: { logPath: '/var/log/kubernetes/audit/audit.log' } });
    expect(check(auditPipelineProtected, app).messages[0]).toBe(
      'warning: cluster "ali-burst" writes its audit log to /var/log/kubernetes/audit/audit.log on the control-plane nodes, and no log collector in the configuration ships it off them',
    );
    addResource(hub.hubStack, 'helm_release', 'fluent-bit', { name: 'fluent-bit', chart: 'fluent-bit', namespace: 'logging' });
    addResource(hub.hubStack, 'kubernetes_role_binding_v1', 'wjw-logging', {
      metadata: { name: 'wjw-logging', namespace: 'logging' },
      role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subject: [{ kind: 'Group', name: 'wjw-admins', api_group: 'rbac.authorization.k8s.io' }],
    });
    expect(check(auditPipelineProtected, app).messages.filter((m) => m.includes('hz-a-core') || m.includes('logging'))).toEqual([
      'error: the log collector helm_release.fluent-bit runs in namespace "logging", outside the management zone',
      'error: kubernetes_role_binding_v1.wjw-logging lets department wjw (Group/wjw-admins) daemonsets, deployments, configmaps, secrets in namespace "logging", where the audit log collector runs: it could stop or rewrite the audit trail',
    ]);
  });
});

describe('MLPS3-39 the CNI enforces NetworkPolicy', () => {
  test('compliant: calico, cilium, terway, flannel with calico', () => {
    for (const p of ['calico', 'cilium', 'antrea', 'terway', 'flannel+calico', 'canal']) expect(cniEnforcesNetworkPolicy(p)).toBe(true);
    expect(check(networkPolicyEnforced, province().app).findings).toEqual([]);
  });

  test('non-compliant: flannel alone is an error; an unknown or undeclared CNI a warning', () => {
    expect(check(networkPolicyEnforced, withControlPlane(CONTROL_PLANE, 'flannel').app).messages[0]).toBe(
      'error: cluster "ali-burst" runs flannel, which does not enforce NetworkPolicy: default-deny, zone and tenant isolation are not in force',
    );
    expect(check(networkPolicyEnforced, withControlPlane(CONTROL_PLANE, 'my-cni').app).messages[0]).toMatch(/^warning: cluster "ali-burst" runs the CNI "my-cni", which the pack does not know/);
    expect(check(networkPolicyEnforced, withControlPlane(CONTROL_PLANE).app).messages[0]).toMatch(/^warning: cluster "ali-burst" declares no CNI plugin/);
  });
});

test('the gate refuses a control plane it cannot read: unknown providers, a URL with a credential, bad blocks, a bad CNI name', () => {
  const { app } = withControlPlane(
    {
      secretsEncryption: ['kms', 'aescbc'] as any,
      authentication: { anonymousAuth: 'no' as any, staticTokenFile: false, oidcIssuerUrl: 'https://u:p@idp.zj.gov.internal/realms/zj', idpLockoutAfterFailures: 0 },
      endpoint: { network: 'lan' as any, allowedSourceCidrs: ['10.10.0.1/24'] },
      audit: { logPath: 'audit.log', webhookUrl: 'http://audit' },
    },
    'Calico',
  );
  const mine = synthProblems(app).filter((p) => p.code === 'invalid-control-plane' && p.path === 'zj/clusters/hz-a-core');
  expect(mine.map((p) => p.message)).toEqual([
    'networkPlugin must be the CNI plugin\'s name in lower case, e.g. "calico", "cilium" or "flannel+calico"',
    'controlPlane.secretsEncryption: unknown provider type "kms"',
    'controlPlane.authentication.anonymousAuth must be true or false',
    'controlPlane.authentication.oidcIssuerUrl holds a credential (user info in the URL)',
    'controlPlane.authentication.idpLockoutAfterFailures must be a whole number of at least 1',
    'controlPlane.endpoint.network must be one of management, business, internet',
    'controlPlane.endpoint.allowedSourceCidrs: "10.10.0.1/24" has host bits set; it means 10.10.0.0/24',
    'controlPlane.audit.logPath must be an absolute path (--audit-log-path)',
    'controlPlane.audit.webhookUrl must be an https:// URL without a query',
  ]);
});
