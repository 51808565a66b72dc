import { TerraformStack, Testing } from 'cdktf';
import { Cluster, ClusterConnection, CloudKind, CpuArch } from '../../lib';
import { checkConnection } from '../../lib/topology/cluster-connection';
import { newApp } from '../helpers';

const cluster = (name: string, connection: object = { configPath: '~/.kube/config', context: name }) =>
  new Cluster({ name, site: 's', cloud: CloudKind.PRIVATE, arch: CpuArch.ARM64, capacity: { cpu: 1, memoryGi: 1 }, connection });

test('one aliased kubernetes and helm provider per stack and cluster, created on first use', () => {
  const app = newApp();
  const s1 = new TerraformStack(app, 's1');
  const s2 = new TerraformStack(app, 's2');
  const a = cluster('hz-a-core');
  const b = cluster('hz-b-core');
  expect(ClusterConnection.of(s1, a)).toBe(ClusterConnection.of(s1, a));
  expect(ClusterConnection.of(s1, a)).not.toBe(ClusterConnection.of(s2, a));
  expect(ClusterConnection.of(s1, a).kubernetesProviderRef).toBe('kubernetes.hz-a-core');
  void ClusterConnection.of(s1, b).kubernetesProviderRef;
  expect(ClusterConnection.of(s1, b).helmProviderRef).toBe('helm.hz-b-core');
  const json = JSON.parse(Testing.synth(s1));
  expect(json.provider.kubernetes).toEqual([
    { alias: 'hz-a-core', config_context: 'hz-a-core', config_path: '~/.kube/config' },
    { alias: 'hz-b-core', config_context: 'hz-b-core', config_path: '~/.kube/config' },
  ]);
  expect(json.provider.helm).toEqual([{ alias: 'hz-b-core', kubernetes: { config_context: 'hz-b-core', config_path: '~/.kube/config' } }]);
  // Nothing was asked of s2 but the connection object: no provider yet.
  expect(JSON.parse(Testing.synth(s2)).provider).toBeUndefined();
  // A version range of the bindings' major line, not cdktf's exact pin: mirrors carry the release they have.
  expect(json.terraform.required_providers).toEqual({
    kubernetes: { source: 'kubernetes', version: '>= 2.38.0, < 4.0.0' },
    helm: { source: 'helm', version: '>= 3.1.1, < 4.0.0' },
  });
});

test('host connections carry the CA and an exec plugin, never a static credential', () => {
  const app = newApp();
  const s = new TerraformStack(app, 's');
  const c = cluster('xc', {
    host: 'https://10.1.0.10:6443',
    clusterCaCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token', args: ['--cluster', 'xc'] },
  });
  void ClusterConnection.of(s, c).kubernetesProvider;
  const [p] = JSON.parse(Testing.synth(s)).provider.kubernetes;
  expect(p.host).toBe('https://10.1.0.10:6443');
  expect(p.cluster_ca_certificate).toContain('BEGIN CERTIFICATE');
  expect(p.exec).toEqual([{ api_version: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token', args: ['--cluster', 'xc'] }]);
  expect(p.insecure).toBeUndefined();
});

describe('checkConnection', () => {
  test.each([
    [undefined, 'neither a kubeconfig path nor a host'],
    [{}, 'neither a kubeconfig path nor a host'],
    [{ configPath: 'x', token: 'secret' }, 'token, which is not accepted'],
    [{ host: 'https://h', exec: { apiVersion: 'v', command: 'c' } }, 'without the cluster CA'],
    [{ host: 'https://h', clusterCaCertificate: 'pem' }, 'without an exec credential plugin'],
    [{ host: 'http://h', clusterCaCertificate: 'pem', exec: { apiVersion: 'v', command: 'c' } }, 'not https'],
  ])('%j is refused', (conn, fragment) => {
    expect(checkConnection(conn as never)?.message).toContain(fragment);
  });

  test('a kubeconfig with a context is fine', () => {
    expect(checkConnection({ configPath: '~/.kube/config', context: 'c' })).toBeUndefined();
  });
});
