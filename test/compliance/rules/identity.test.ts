import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformVariable } from 'cdktf';
import { clusterAccessAuthenticated } from '../../../lib/compliance/rules/identity/cluster-access-authenticated';
import { serviceAccountHygiene } from '../../../lib/compliance/rules/identity/service-account-hygiene';
import { addManifest, addResource, check, deployment, province } from '../helpers';

describe('MLPS3-10 management connections are mutually authenticated', () => {
  test('compliant: kubeconfig contexts, and a host with CA and an exec plugin; a token from a sensitive variable', () => {
    const { app, hub } = province();
    const token = new TerraformVariable(hub.hubStack, 'token', { type: 'string', sensitive: true });
    new KubernetesProvider(hub.hubStack, 'extra', { alias: 'extra', host: 'https://10.0.0.1:6443', clusterCaCertificate: 'PEM', token: token.stringValue });
    const { findings, result } = check(clusterAccessAuthenticated, app);
    expect(findings).toEqual([]);
    // kubernetes and helm providers of 3 clusters in the 3 platform stacks, kubernetes of 3 in the hub stack, 2 in health, and the extra one.
    expect(result.checked).toBeGreaterThanOrEqual(9);
  });

  test('non-compliant: an insecure provider with a static token over http', () => {
    const { app, hub } = province();
    new KubernetesProvider(hub.hubStack, 'bad', { alias: 'bad', host: 'http://10.0.0.1:8080', insecure: true, token: 'abc123' });
    expect(check(clusterAccessAuthenticated, app).messages).toEqual([
      'error: provider kubernetes.bad in stack zj-hub gives a host without the cluster CA, so the server is not verified',
      'error: provider kubernetes.bad in stack zj-hub holds a literal token, written in plain text to cdktf.out',
      'error: provider kubernetes.bad in stack zj-hub reaches the API server over http, not https',
      'error: provider kubernetes.bad in stack zj-hub skips verification of the API server certificate (insecure = true)',
    ]);
  });
});

describe('MLPS3-11 workloads run under their own service accounts', () => {
  test("compliant: the tenants' deployer accounts and a workload with its own account", () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'd', deployment('wjw', 'api', { serviceAccountName: 'api', containers: [{ name: 'api' }] }));
    addResource(hub.hubStack, 'kubernetes_service_account_v1', 'default-wjw', { metadata: { name: 'default', namespace: 'wjw' }, automount_service_account_token: false });
    const { findings, result } = check(serviceAccountHygiene, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(4);
  });

  test('non-compliant: the default account, a long-lived token, a workload without an account', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'd', deployment('wjw', 'api', { containers: [{ name: 'api' }] }));
    addManifest(hub.hubStack, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'wjw' } });
    addResource(hub.hubStack, 'kubernetes_secret_v1', 'tok', {
      metadata: { name: 'ci-token', namespace: 'wjw', annotations: { 'kubernetes.io/service-account.name': 'deployer' } },
      type: 'kubernetes.io/service-account-token',
    });
    expect(check(serviceAccountHygiene, app).messages).toEqual([
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core" runs as the namespace\'s default ServiceAccount, an identity shared by every workload that names none',
      'error: ServiceAccount "default" in namespace "wjw" on cluster "hz-a-core" mounts its token into every pod that names no account',
      'error: Secret "ci-token" in namespace "wjw" on cluster "hz-a-core" is a long-lived service-account token',
    ]);
  });
});
