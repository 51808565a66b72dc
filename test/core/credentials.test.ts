/** Issue 13, class 8: credentials are never written, wherever a URL, endpoint or connection is accepted. */
import { PostgresOffering, StateBackend } from '../../lib';
import { execCredential, holdsPrivateKey, urlCredential } from '../../lib/core/credentials';
import { hubProps, newHub, RECOVERY, synthProblems } from '../helpers';

const EXEC = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token' };
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

test('the detectors', () => {
  expect(urlCredential('https://admin:s3cret@10.1.0.10:6443')).toMatch(/user name or password/);
  expect(urlCredential('https://oss.nb.gov.internal/?access_token=abc')).toMatch(/query/);
  expect(urlCredential('https://oss.nb.gov.internal')).toBeUndefined();
  expect(holdsPrivateKey('-----BEGIN RSA PRIVATE KEY-----\nx')).toBe(true);
  expect(execCredential({ args: ['--token', 'abc'] })).toMatch(/command line/);
  expect(execCredential({ args: ['--client-secret=abc'] })).toMatch(/command line/);
  expect(execCredential({ env: { GOV_IAM_PASSWORD: 'x' } })).toMatch(/GOV_IAM_PASSWORD/);
  expect(execCredential({ env: { X: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc' } })).toMatch(/looks like a token/);
  expect(execCredential({ args: ['get-token', '--cluster', 'hz-a'], env: { GOV_IAM_PROFILE: 'ops' } })).toBeUndefined();
});

test.each([
  ['a password in the host URL', { host: 'https://admin:s3cret@10.1.0.10:6443', clusterCaCertificate: CA, exec: EXEC }],
  ['a private key as the CA', { host: 'https://10.1.0.10:6443', clusterCaCertificate: '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----', exec: EXEC }],
  ['a token in exec args', { host: 'https://10.1.0.10:6443', clusterCaCertificate: CA, exec: { ...EXEC, args: ['--token=abcdef'] } }],
  ['a password in exec env', { host: 'https://10.1.0.10:6443', clusterCaCertificate: CA, exec: { ...EXEC, env: { IAM_PASSWORD: 'abcdef' } } }],
])('a cluster connection with %s is refused', (_what, connection) => {
  const clusters = hubProps().clusters.map((c, i) => (i === 0 ? { ...c, connection } : c));
  const { app } = newHub({ clusters });
  const p = synthProblems(app).filter((x) => x.code === 'invalid-connection');
  expect(p).toHaveLength(1);
  expect(p[0].message).toMatch(/written in plain text to cdktf.out/);
});

test('endpoints and repositories with credentials are refused: state backend, backups, chart repositories', () => {
  const { app, hub } = newHub({
    stateBackend: StateBackend.s3Compatible({ endpoint: 'https://ak:sk@minio.zj.gov.internal:9000', bucket: 'tfstate', region: 'us-east-1' }),
    recovery: { ...RECOVERY, backupLocation: { ...RECOVERY!.backupLocation!, endpoint: 'https://ak:sk@oss.nb.zj.gov.internal' } },
  });
  hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 50, operator: { chartRepository: 'https://u:p@charts.example/pg' } } as any));
  const values = synthProblems(app).filter((x) => x.code === 'credential-in-url').map((x) => x.value).sort();
  expect(values).toEqual(['https://ak:sk@minio.zj.gov.internal:9000', 'https://ak:sk@oss.nb.zj.gov.internal', 'https://u:p@charts.example/pg']);
});
