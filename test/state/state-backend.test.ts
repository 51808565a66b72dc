import * as path from 'path';
import { App } from 'cdktf';
import { LandingZoneStack, StateBackend } from '../../lib';
import { listFiles, newApp, newHub, stackJson, synthProblems, tmpdir } from '../helpers';

test('local state: one file per stack, path relative to the stack folder (same JSON on every machine)', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new LandingZoneStack(app, 'zj-hub');
  StateBackend.local().bind(stack);
  app.synth();
  const p = stackJson(app, 'zj-hub').terraform.backend.local.path;
  expect(p).not.toMatch(/^\//);
  // Terraform runs in <outdir>/stacks/<stack>; the file lands in the directory cdktf runs in.
  expect(path.resolve(outdir, 'stacks', 'zj-hub', p)).toBe(path.resolve('terraform.zj-hub.tfstate'));
});

test('local state in a chosen directory', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new LandingZoneStack(app, 'zj-health');
  StateBackend.local({ directory: 'state' }).bind(stack);
  app.synth();
  const p = stackJson(app, 'zj-health').terraform.backend.local.path;
  expect(path.resolve(outdir, 'stacks', 'zj-health', p)).toBe(path.resolve('state', 'terraform.zj-health.tfstate'));
  expect(StateBackend.local().kind).toBe('local');
});

describe('S3-compatible object store (OSS, OBS, MinIO)', () => {
  const minio = { endpoint: 'https://minio.zj.gov.internal:9000', bucket: 'zj-tfstate', region: 'us-east-1', pathStyle: true };

  test('one object per stack, a lock file, no credential, nothing AWS-only', () => {
    const { app, hub } = newHub({ stateBackend: StateBackend.s3Compatible(minio) });
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], shards: 2 });
    app.synth();
    const hubBackend = stackJson(app, 'zj-hub').terraform.backend.s3;
    expect(hubBackend).toEqual({
      bucket: 'zj-tfstate',
      key: 'gov-lz/zj-hub.tfstate',
      region: 'us-east-1',
      endpoints: { s3: 'https://minio.zj.gov.internal:9000' },
      use_path_style: true,
      use_lockfile: true,
      encrypt: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_s3_checksum: true,
    });
    expect(stackJson(app, 'zj-health-2').terraform.backend.s3.key).toBe('gov-lz/zj-health-2.tfstate');
    expect(stackJson(app, 'zj-platform-hz-a-core').terraform.backend.s3.key).toBe('gov-lz/zj-platform-hz-a-core.tfstate');
  });

  test('OSS with virtual-hosted addressing, a key prefix and no lock file', () => {
    const app = newApp();
    const stack = new LandingZoneStack(app, 'hz-city');
    StateBackend.s3Compatible({ endpoint: 'https://oss-cn-hangzhou-internal.aliyuncs.com', bucket: 'hz-tfstate', region: 'cn-hangzhou', keyPrefix: 'hz/gov-lz', lockFile: false }).bind(stack);
    app.synth();
    const b = stackJson(app, 'hz-city').terraform.backend.s3;
    expect([b.key, b.use_path_style, b.use_lockfile]).toEqual(['hz/gov-lz/hz-city.tfstate', false, false]);
  });

  test('bad options are reported at synth, once', () => {
    const { app } = newHub({ stateBackend: StateBackend.s3Compatible({ endpoint: 'oss-cn-hangzhou.aliyuncs.com', bucket: 'Bad_Bucket', region: '', keyPrefix: '/x/' }) });
    expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      'invalid-state-backend zj-hub/stateBackend "oss-cn-hangzhou.aliyuncs.com"',
      'invalid-state-backend zj-hub/stateBackend "Bad_Bucket"',
      'invalid-state-backend zj-hub/stateBackend ""',
      'invalid-state-backend zj-hub/stateBackend "/x/"',
    ]);
  });
});

describe('PostgreSQL', () => {
  test('one schema per stack; the connection stays in the environment', () => {
    const { app, hub } = newHub({ stateBackend: StateBackend.pg() });
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], shards: 2 });
    app.synth();
    expect(stackJson(app, 'zj-hub').terraform.backend).toEqual({ pg: { schema_name: 'zj-hub' } });
    expect(stackJson(app, 'zj-health-1').terraform.backend).toEqual({ pg: { schema_name: 'zj-health-1' } });
    expect(JSON.stringify(stackJson(app, 'zj-hub'))).not.toMatch(/conn_str|postgres:\/\//);
    expect(StateBackend.pg().kind).toBe('pg');
  });

  test('a schema prefix, and one that is not a plain name', () => {
    const { app } = newHub({ stateBackend: StateBackend.pg({ schemaPrefix: 'tfstate_' }) });
    app.synth();
    expect(stackJson(app, 'zj-hub').terraform.backend.pg.schema_name).toBe('tfstate_zj-hub');
    const bad = newHub({ stateBackend: StateBackend.pg({ schemaPrefix: 'Tf State' }) });
    expect(synthProblems(bad.app).map((p) => p.message)).toEqual(['schemaPrefix may hold only lower-case letters, digits, "_" and "-"']);
  });
});

describe('Kubernetes secrets in a hub cluster', () => {
  test('by default in the first private cluster of the hub, through its kubeconfig context', () => {
    const { app, hub } = newHub({ stateBackend: StateBackend.kubernetes() });
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], shards: 2 });
    app.synth();
    expect(stackJson(app, 'zj-hub').terraform.backend.kubernetes).toEqual({
      secret_suffix: 'zj-hub-state',
      namespace: 'gov-lz-state',
      labels: { 'app.kubernetes.io/part-of': 'gov-landing-zone', 'gov-lz.io/stack': 'zj-hub' },
      config_path: '~/.kube/config',
      config_context: 'hz-a-core',
    });
    // Terraform refuses a suffix ending in -<number> (it numbers the chunks of large states itself).
    expect(stackJson(app, 'zj-health-2').terraform.backend.kubernetes.secret_suffix).toBe('zj-health-2-state');
  });

  test('another cluster of the hub, or an explicit kubeconfig', () => {
    const { app } = newHub({ stateBackend: StateBackend.kubernetes({ cluster: 'hz-b-core', namespace: 'tfstate' }) });
    app.synth();
    expect(stackJson(app, 'zj-hub').terraform.backend.kubernetes).toMatchObject({ config_context: 'hz-b-core', namespace: 'tfstate' });
    const city = newApp();
    const stack = new LandingZoneStack(city, 'hz-city');
    StateBackend.kubernetes({ connection: { configPath: '/etc/hz/kubeconfig', context: 'state' } }).bind(stack);
    city.synth();
    expect(stackJson(city, 'hz-city').terraform.backend.kubernetes).toMatchObject({ config_path: '/etc/hz/kubeconfig', config_context: 'state', secret_suffix: 'hz-city-state' });
  });

  test('an unknown cluster, no cluster at all, a host with an exec plugin', () => {
    expect(synthProblems(newHub({ stateBackend: StateBackend.kubernetes({ cluster: 'hz-c-core' }) }).app).map((p) => [p.code, p.message])).toEqual([
      ['unknown-cluster', 'the state backend keeps its secrets on cluster "hz-c-core", which the hub does not declare; did you mean "hz-a-core"?'],
    ]);
    const city = newApp();
    StateBackend.kubernetes().bind(new LandingZoneStack(city, 'hz-city'));
    expect(synthProblems(city).map((p) => p.message)).toEqual(['the kubernetes state backend does not know which cluster to keep the state in']);
    const exec = newApp();
    StateBackend.kubernetes({ connection: { host: 'https://10.0.0.1:6443', clusterCaCertificate: 'PEM', exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'iam' } } }).bind(
      new LandingZoneStack(exec, 'hz-city'),
    );
    expect(synthProblems(exec).map((p) => p.message)).toEqual([
      "Terraform's kubernetes backend can only reach the state cluster through a kubeconfig; a host with an exec plugin is rejected by its client",
    ]);
  });
});

describe('options a JavaScript caller may pass (adversarial hardening)', () => {
  test('null options are none; options that are no object and nulls inside are reported at the gate, never a TypeError', () => {
    for (const factory of [StateBackend.local, StateBackend.pg, StateBackend.kubernetes, StateBackend.s3Compatible]) expect(() => factory(null as any)).not.toThrow();
    const app = newApp();
    const pg = new LandingZoneStack(app, 'zj-hub');
    StateBackend.pg('tfstate_' as any).bind(pg);
    const local = new LandingZoneStack(app, 'zj-health');
    StateBackend.local({ directory: NaN } as any).bind(local);
    const k8s = new LandingZoneStack(app, 'zj-edu');
    StateBackend.kubernetes({ connection: { configPath: null, context: 'hz-a-core' } } as any).bind(k8s);
    expect(synthProblems(app).map((p) => `${p.path} ${p.code} ${JSON.stringify(p.value)}`)).toEqual([
      'zj-hub/stateBackend invalid-state-backend "(string)"',
      'zj-health/stateBackend invalid-state-backend null',
      'zj-edu/stateBackend invalid-state-backend null',
      'zj-edu/stateBackend invalid-connection {"context":"hz-a-core"}',
    ]);
  });

  test('a function or a class instance in the options is reported, never handed to cdktf (which throws a plain Error writing it)', () => {
    const app = newApp();
    StateBackend.kubernetes({ connection: { configPath: '~/.kube/config', context: () => 'hz-a-core' } } as any).bind(new LandingZoneStack(app, 'zj-hub'));
    StateBackend.s3Compatible({ endpoint: 'https://minio.zj.gov.internal', bucket: 'zj-tfstate', region: 'us-east-1', encrypt: new Date(0) } as any).bind(new LandingZoneStack(app, 'zj-edu'));
    expect(synthProblems(app).map((p) => `${p.path} ${p.message}`)).toEqual([
      'zj-hub/stateBackend the state backend option connection.context is a function, not a literal value',
      'zj-edu/stateBackend the state backend option encrypt is a Date, not a literal value',
    ]);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('a local directory that is a URL (with a credential) is refused: path.resolve would keep user:password in the state path', () => {
    const app = newApp();
    StateBackend.local({ directory: 'https://user:secret@host.example/x' }).bind(new LandingZoneStack(app, 'zj-hub'));
    StateBackend.local({ directory: 'file:///var/state' }).bind(new LandingZoneStack(app, 'zj-edu'));
    expect(synthProblems(app).map((p) => `${p.path} ${p.code}`)).toEqual(['zj-hub/stateBackend credential-in-url', 'zj-edu/stateBackend invalid-state-backend']);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test("a city's remote state checks the backend's options as a bound backend does", () => {
    const app = newApp();
    const city = new LandingZoneStack(app, 'hz-city');
    StateBackend.s3Compatible({ endpoint: 'https://ak:sk@minio.zj.gov.internal', bucket: 'zj-tfstate', region: 'us-east-1' }).remoteState(city, 'Hub', 'zj-hub');
    expect(synthProblems(app).map((p) => `${p.path} ${p.code}`)).toEqual(['hz-city/stateBackend credential-in-url']);
    expect(listFiles(app.outdir)).toEqual([]);
  });
});
