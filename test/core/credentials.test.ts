/** Issue 13, class 8: credentials are never written, wherever a URL, endpoint or connection is accepted. */
import { Release as HelmRelease } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformOutput } from 'cdktf';
import { PostgresOffering, StateBackend } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { credentialsInText, execCredential, holdsPrivateKey, redactCredentials, urlCredential } from '../../lib/core/credentials';
import { LandingZoneError } from '../../lib/core/errors';
import { batchFor } from '../../lib/private/resource-batch';
import { hubProps, listFiles, newHub, RECOVERY, synthProblems } from '../helpers';

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
  const problems = synthProblems(app);
  const values = problems
    .filter((x) => x.code === 'credential-in-url')
    .map((x) => x.value)
    .sort();
  // Shown with the password masked: the error is printed to terminals and CI logs.
  expect(values).toEqual(['https://ak:***@minio.zj.gov.internal:9000', 'https://ak:***@oss.nb.zj.gov.internal', 'https://u:***@charts.example/pg']);
  expect(JSON.stringify(problems)).not.toMatch(/:sk@|u:p@/);
  // The central scan of the output finds them too, and does not report them twice.
  expect(problems.filter((x) => x.code === 'credential-in-output')).toEqual([]);
});

describe('one central scan of everything written (issue 13, class 8): a field nobody checks is covered', () => {
  const province = () => {
    const { app, hub } = newHub();
    const wjw = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] }).addTenant('wjw', { displayName: '卫健委', quota: { cpu: 1, memoryGi: 1 } });
    return { app, hub, wjw };
  };
  const leaks = (app: App) =>
    synthProblems(app)
      .filter((p) => p.code === 'credential-in-output')
      .map((p) => `${p.path} ${JSON.stringify(p.value)}: ${p.message}`);

  test('a webhook URL with a password in a custom resource, a token in a helm value, a private key in an output', () => {
    const { app, hub, wjw } = province();
    // A later layer's alert receiver (wave 2), written as any layer writes: a resource batch in the tenant's stack.
    batchFor(wjw, 'Alerting').addProducer(() => [
      {
        type: 'kubernetes_manifest',
        name: 'wjw--hz-a-core--alerts',
        body: {
          provider: 'kubernetes.hz-a-core',
          manifest: {
            apiVersion: 'monitoring.coreos.com/v1alpha1',
            kind: 'AlertmanagerConfig',
            metadata: { name: 'oncall', namespace: 'wjw' },
            spec: { receivers: [{ name: 'oncall', webhookConfigs: [{ url: 'https://bot:hunter2@im.zj.gov.internal/hook/wjw' }] }] },
          },
        },
      },
    ]);
    new HelmRelease(hub.hubStack, 'grafana', { name: 'grafana', chart: 'grafana', values: ['datasources:\n  url: https://loki.zj.gov.internal/?access_token=s3cr3tvalue\n'] });
    new TerraformOutput(hub.hubStack, 'key', { value: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' });
    expect(leaks(app).sort()).toEqual([
      'zj-health/wjw "https://bot:***@im.zj.gov.internal/hook/wjw": stack "zj-health" at resource.kubernetes_manifest.wjw--hz-a-core--alerts.manifest.spec.receivers[0].webhookConfigs[0].url: a URL holds a password before its host (user:password@host); it would be written in plain text to cdktf.out (and the Terraform state)',
      'zj-hub/grafana "datasources:\\n  url: https://loki.zj.gov.internal/?access_token=***\\n": stack "zj-hub" at resource.helm_release.grafana.values[0]: a URL holds a secret in its query (access_token=…); it would be written in plain text to cdktf.out (and the Terraform state)',
      'zj-hub/key "(private key)": stack "zj-hub" at output.key.value: it holds private-key material (PEM); it would be written in plain text to cdktf.out (and the Terraform state)',
    ]);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('a static token in a provider block of the app, a secret in an exec plugin of it', () => {
    const { app, hub } = province();
    new KubernetesProvider(hub.hubStack, 'extra', { alias: 'extra', host: 'https://10.1.0.10:6443', token: 'eyJhbGciOiJSUzI1NiJ9.abc.def' });
    new KubernetesProvider(hub.hubStack, 'other', {
      alias: 'other',
      host: 'https://10.1.0.11:6443',
      exec: [{ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'iam', args: ['--password=abc'] }],
    });
    const found = leaks(app);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^zj-hub\/extra "\*\*\*": stack "zj-hub" at provider\.kubernetes\[0\]\.token: token is a literal credential/);
    expect(found[1]).toMatch(/^zj-hub\/other "\(exec plugin\)": stack "zj-hub" at provider\.kubernetes\[0\]\.exec: exec argument "password" passes a credential on the command line/);
  });

  test("the landing zone's own files are read before they are written", () => {
    const { app } = province();
    LandingZoneContext.of(app).addArtifact('notes.md', () => 'restore from postgresql://dba:Pa55w0rd@pg-hz-a.zj.gov.internal:5432/app\n');
    expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      'credential-in-output gov-lz/notes.md "restore from postgresql://dba:***@pg-hz-a.zj.gov.internal:5432/app\\n"',
    ]);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('what is not a credential passes: a password read at plan time (an expression), a URL without user information', () => {
    expect(credentialsInText('postgresql://wjw:${urlencode(var.gov_lz_postgres_passwords["wjw"])}@pg:5432/wjw')).toEqual([]);
    expect(credentialsInText('https://oss.nb.zj.gov.internal/bucket?prefix=a')).toEqual([]);
    expect(credentialsInText('oci://harbor.zj.gov.internal/charts')).toEqual([]);
    expect(credentialsInText('https://ghp_abcdefgh12345678@github.example/x')).toEqual([
      { reason: 'a URL holds a user name that may be a token before its host (token@host)', shown: 'https://***@github.example/x' },
    ]);
    expect(credentialsInText('uses basic authentication against LDAP; bearer tokens are refused')).toEqual([]);
    // A user name that is a name, not a token (a display name may hold such a link; the reports escape it).
    expect(credentialsInText('[政务网](https://www.gov.cn@evil.example/login), ssh://git@github.com/x')).toEqual([]);
    expect(credentialsInText('https://oss.nb.zj.gov.internal/bucket?prefix=a&keyword=x')).toEqual([]);
  });

  test('webhook keys in the query, Authorization headers written out', () => {
    expect(credentialsInText('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7d4b')).toEqual([
      { reason: 'a URL holds a secret in its query (key=…)', shown: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***' },
    ]);
    expect(credentialsInText('https://oapi.dingtalk.com/robot/send?access_token=abcdef123')[0].shown).toBe('https://oapi.dingtalk.com/robot/send?access_token=***');
    expect(credentialsInText('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toEqual([{ reason: 'it holds a bearer token (an Authorization header)', shown: 'Authorization: Bearer ***' }]);
    expect(credentialsInText('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toEqual([{ reason: 'it holds basic-auth credentials (an Authorization header)', shown: 'Authorization: Basic ***' }]);
  });
});

describe('every problem and annotation masks the credentials it quotes, whatever check raised it', () => {
  test('redactCredentials masks URL passwords, query tokens, bearer tokens and keys, and leaves other text as is', () => {
    expect(redactCredentials('from https://ops:s3cret@charts.zj.gov.internal/x and https://im.zj.gov.internal/hook?access_token=abcdef123456')).toBe(
      'from https://ops:***@charts.zj.gov.internal/x and https://im.zj.gov.internal/hook?access_token=***',
    );
    expect(redactCredentials('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe('Authorization: Bearer ***');
    expect(redactCredentials('-----BEGIN RSA PRIVATE KEY-----\nMIIE')).toBe('(private key)');
    expect(redactCredentials('postgresql://wjw:${var.password}@pg:5432/wjw')).toBe('postgresql://wjw:${var.password}@pg:5432/wjw');
    expect(redactCredentials('nothing here')).toBe('nothing here');
  });

  test('a LandingZoneError masks messages, fixes, paths, values and consequences', () => {
    const e = new LandingZoneError([
      {
        path: 'zj/x',
        code: 'c',
        value: { url: 'https://a:b1b2b3@h/x', list: ['https://a:c1c2c3@h'] },
        message: 'pulls from https://a:d1d2d3@h',
        fix: 'not https://a:e1e2e3@h',
        consequences: [{ path: 'zj/y', code: 'd', value: 'https://a:f1f2f3@h', message: 'm', fix: 'f' }],
      },
    ]);
    expect(e.message).not.toMatch(/[b-f]1[b-f]2[b-f]3/);
    expect(JSON.stringify(e.problems)).not.toMatch(/[b-f]1[b-f]2[b-f]3/);
    expect(e.problems[0].value).toEqual({ url: 'https://a:***@h/x', list: ['https://a:***@h'] });
  });
});
