/**
 * The S3-compatible and kubernetes backends as Terraform itself reads them (built into the terraform binary:
 * nothing to download). The S3 variant is applied for real against a minimal S3 endpoint on loopback that this
 * test serves (list, get, put with `If-None-Match`, delete: what Terraform's s3 backend and its lock file use);
 * the kubernetes variant is initialised against a kubeconfig whose API server is a closed loopback port, so
 * Terraform accepts every argument and fails only when it connects. Outside CI the test is skipped without terraform.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { StateBackend } from '../../lib';
import { newHub, stackJson, tmpdir } from '../helpers';
import { builtinsOnly, outputs, terraform, terraformEnv, terraformMissing, terraformOk, testWithTools, writeConfig } from '../terraform';

const { run, missing } = testWithTools('backend-init.test.ts', terraformMissing);

/** The hub stack of a small province on `backend`, reduced to Terraform's built-ins. */
function hubStack(backend: StateBackend): any {
  const { app } = newHub({ stateBackend: backend });
  app.synth();
  return builtinsOnly(stackJson(app, 'zj-hub'));
}

interface S3Request {
  readonly method: string;
  readonly url: string;
  readonly ifNoneMatch?: string;
  readonly authorization?: string;
}

/** Just enough of the S3 API on loopback for Terraform's s3 backend: objects in memory, conditional create. */
async function fakeS3(): Promise<{ url: string; objects: Map<string, Buffer>; requests: S3Request[]; close: () => Promise<void> }> {
  const objects = new Map<string, Buffer>();
  const requests: S3Request[] = [];
  const xml = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', url: `${url.pathname}${url.search}`, ifNoneMatch: req.headers['if-none-match'] as string | undefined, authorization: req.headers.authorization });
      const [, bucket, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        return xml(
          res,
          200,
          `<ListBucketResult><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${keys.map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(k)!.length}</Size></Contents>`).join('')}</ListBucketResult>`,
        );
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && key) {
        const body = objects.get(key);
        if (!body) return xml(res, 404, `<Error><Code>NoSuchKey</Code><Message>no such key</Message><Key>${key}</Key></Error>`);
        res.writeHead(200, { 'content-length': body.length, etag: `"${body.length}"` });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      if (req.method === 'PUT' && key) {
        if (req.headers['if-none-match'] === '*' && objects.has(key)) return xml(res, 412, '<Error><Code>PreconditionFailed</Code><Message>exists</Message></Error>');
        objects.set(key, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"1"' });
        return res.end();
      }
      if (req.method === 'DELETE' && key) {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      return xml(res, 400, '<Error><Code>NotImplemented</Code><Message>not in this fake</Message></Error>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, objects, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe('S3-compatible backend (MinIO-style, path style), applied for real on loopback', () => {
  run(
    'init and apply write the state object at its key, under a lock file taken with If-None-Match and released',
    async () => {
      if (missing) throw new Error(missing);
      const s3 = await fakeS3();
      try {
        const json = hubStack(StateBackend.s3Compatible({ endpoint: s3.url, bucket: 'zj-gov-tfstate', region: 'cn-hangzhou', pathStyle: true }));
        expect(json.terraform.backend.s3).toMatchObject({ bucket: 'zj-gov-tfstate', key: 'gov-lz/zj-hub.tfstate', use_lockfile: true, use_path_style: true });
        const dir = writeConfig(path.join(tmpdir('govlz-s3-'), 'zj-hub'), json);
        const env = terraformEnv({ AWS_ACCESS_KEY_ID: 'gov-lz-test', AWS_SECRET_ACCESS_KEY: 'gov-lz-test-secret' });
        await terraformOk(dir, ['init', '-input=false'], env);
        await terraformOk(dir, ['apply', '-auto-approve', '-input=false'], env);

        expect([...s3.objects.keys()]).toEqual(['gov-lz/zj-hub.tfstate']);
        const state = JSON.parse(s3.objects.get('gov-lz/zj-hub.tfstate')!.toString('utf8'));
        expect(state.outputs.contract.value.province).toBe('zj');
        expect((await outputs(dir, env)).contract).toEqual(state.outputs.contract.value);
        // The lock: created only if absent, then deleted.
        const lock = (method: string) => s3.requests.filter((r) => r.method === method && r.url.startsWith('/zj-gov-tfstate/gov-lz/zj-hub.tfstate.tflock?'));
        expect(lock('PUT').length).toBeGreaterThan(0);
        expect(lock('PUT').map((r) => r.ifNoneMatch)).toEqual(lock('PUT').map(() => '*'));
        expect(lock('DELETE')).toHaveLength(lock('PUT').length);
        // Signed for the declared region, with the credentials from the environment (none in the JSON).
        expect(s3.requests.every((r) => r.authorization?.includes('Credential=gov-lz-test/') && r.authorization.includes('/cn-hangzhou/s3/aws4_request'))).toBe(true);
        expect(JSON.stringify(json)).not.toContain('gov-lz-test');

        // Another apply holds the lock (its lock file exists): this one is refused rather than run beside it.
        s3.objects.set(
          'gov-lz/zj-hub.tfstate.tflock',
          Buffer.from(
            JSON.stringify({ ID: 'other', Operation: 'OperationTypeApply', Who: 'hz-city-ci', Version: '1.11.4', Created: '2026-11-22T00:00:00Z', Path: 'zj-gov-tfstate/gov-lz/zj-hub.tfstate' }),
          ),
        );
        const held = await terraform(dir, ['plan', '-input=false', '-lock-timeout=0s'], env);
        expect(held.code).not.toBe(0);
        expect(held.stderr).toContain('Error acquiring the state lock');
      } finally {
        await s3.close();
      }
    },
    120000,
  );
});

describe('kubernetes backend', () => {
  run(
    'Terraform accepts every argument the library writes and fails only when it connects (closed loopback port)',
    async () => {
      if (missing) throw new Error(missing);
      const home = tmpdir('govlz-home-');
      fs.mkdirSync(path.join(home, '.kube'));
      fs.writeFileSync(
        path.join(home, '.kube', 'config'),
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{ name: hz-a-core, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]',
          'users: [{ name: probe, user: { token: probe } }]',
          'contexts: [{ name: hz-a-core, context: { cluster: hz-a-core, user: probe } }]',
          'current-context: hz-a-core',
          '',
        ].join('\n'),
      );
      const json = hubStack(StateBackend.kubernetes({ cluster: 'hz-a-core' }));
      expect(json.terraform.backend.kubernetes).toMatchObject({ config_path: '~/.kube/config', config_context: 'hz-a-core', namespace: 'gov-lz-state', secret_suffix: 'zj-hub-state' });
      const env = terraformEnv({ HOME: home });
      const dir = writeConfig(path.join(tmpdir('govlz-k8s-'), 'zj-hub'), json);
      const r = await terraform(dir, ['init', '-input=false'], env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('https://127.0.0.1:1/api/v1/namespaces/gov-lz-state/secrets');
      expect(r.stderr).toContain('connection refused');

      // The control: an argument Terraform does not know fails before any connection.
      const bad = writeConfig(path.join(tmpdir('govlz-k8s-'), 'zj-hub'), {
        ...json,
        terraform: { ...json.terraform, backend: { kubernetes: { ...json.terraform.backend.kubernetes, secret_sufix: 'x' } } },
      });
      const rb = await terraform(bad, ['init', '-input=false'], env);
      expect(rb.code).not.toBe(0);
      expect(rb.stderr).toMatch(/Unsupported argument|secret_sufix/);
      expect(rb.stderr).not.toContain('connection refused');
    },
    60000,
  );
});
