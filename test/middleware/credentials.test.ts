/**
 * Passwords never reach cdktf.out: they come from ephemeral, sensitive map variables and flow only into
 * write-only attributes. The variables' checks run for real in `terraform plan` (built-ins only, no provider).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { PostgresOffering, RedisOffering } from '../../lib';
import { MiddlewareCredentials, PASSWORD_PATTERN } from '../../lib/middleware/credentials';
import { listFiles, stackJson, tmpdir } from '../helpers';
import { REDIS_TLS_STAND_IN, terraformEnv } from '../terraform';
import { fixture, synthResources } from './fixture';

test('one ephemeral, sensitive map variable per offering and stack, listing the keys that stack needs', () => {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering());
  f.hub.middleware.add(new RedisOffering());
  f.hub.middleware.get('postgres').grantConnect(f.wjw);
  f.hub.middleware.get('redis').grantConnect(f.ybj);
  const r = synthResources(f.app);
  const hub = r.variables('zj-hub');
  expect(Object.keys(hub).sort()).toEqual(['gov_lz_postgres_passwords', 'gov_lz_redis_passwords', 'gov_lz_redis_tls']);
  expect(hub.gov_lz_redis_passwords).toMatchObject({ type: 'map(string)', sensitive: true, ephemeral: true, nullable: false });
  expect(hub.gov_lz_redis_passwords.validation[0].error_message).toMatch(/: default, ybj\.$/);
  expect(hub.gov_lz_postgres_passwords.validation[0].condition).toBe(`\${alltrue([for k in ["wjw"] : can(regex(${JSON.stringify(PASSWORD_PATTERN)}, lookup(var.gov_lz_postgres_passwords, k, "")))])}`);
  // The tenants' stack needs only its tenants' passwords (no Redis admin).
  const health = r.variables('zj-health');
  expect(health.gov_lz_redis_passwords.validation[0].error_message).toMatch(/: ybj\.$/);
  expect(MiddlewareCredentials.variableName('pg-olap')).toBe('gov_lz_pg_olap_passwords');
  // Ephemeral variables and write-only attributes need Terraform 1.11.
  expect(stackJson(f.app, 'zj-hub').terraform.required_version).toBe('>= 1.11.0');
  expect(stackJson(f.app, 'zj-health').terraform.required_version).toBe('>= 1.11.0');
  expect(stackJson(f.app, 'zj-platform-hz-a-core').terraform.required_version).toBeUndefined();
});

describe('terraform plan checks the passwords before anything is applied (real terraform, built-ins only)', () => {
  const f = fixture();
  f.hub.middleware.add(new RedisOffering());
  f.hub.middleware.get('redis').grantConnect(f.wjw);
  f.hub.middleware.get('redis').grantConnect(f.ybj);
  const r = synthResources(f.app);
  const dir = tmpdir('govlz-tf-');
  // The stack's own variable block, with a resource that needs no provider.
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ variable: r.variables('zj-hub'), resource: { terraform_data: { probe: { input: 'x' } } } }, null, 2));
  // An empty CLI configuration: the caller's (possibly missing) ~/.terraformrc must not leak warnings into stderr.
  const env = terraformEnv({ TF_DATA_DIR: path.join(dir, '.terraform') });
  const tf = (args: string[], vars?: Record<string, string>) =>
    spawnSync('terraform', args, { cwd: dir, env: { ...env, ...REDIS_TLS_STAND_IN, ...(vars ? { TF_VAR_gov_lz_redis_passwords: JSON.stringify(vars) } : {}) }, encoding: 'utf8' });
  const init = tf(['init', '-input=false', '-no-color']);

  test('terraform init succeeds with no provider to download', () => {
    expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('all keys, well-formed: the plan goes through', () => {
    const p = tf(['plan', '-input=false', '-no-color', '-lock=false'], { default: 'Adm1n+Pass/word=0123', wjw: 'wjw-0123456789abcdef', ybj: 'ybj.0123456789ABCDEF' });
    expect({ status: p.status, stderr: p.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('a missing key or a password with a quote stops the plan, naming the keys', () => {
    const cases: Array<Record<string, string>> = [
      { default: 'Adm1n+Pass/word=0123', wjw: 'wjw-0123456789abcdef' },
      { default: 'Adm1n+Pass/word=0123', wjw: 'wjw-0123456789abcdef', ybj: 'ybj"0123456789abcdef' },
    ];
    for (const vars of cases) {
      const p = tf(['plan', '-input=false', '-no-color', '-lock=false'], vars);
      expect(p.status).not.toBe(0);
      expect(p.stderr.replace(/\s+/g, ' ')).toContain('gov_lz_redis_passwords must map each of these keys to a password of 16 to 128 characters');
      expect(p.stderr.replace(/\s+/g, ' ')).toContain('default, wjw, ybj.');
    }
  });

  test('no value at all: Terraform asks for it and the plan stops', () => {
    const p = tf(['plan', '-input=false', '-no-color', '-lock=false']);
    expect(p.status).not.toBe(0);
    expect(p.stderr).toMatch(/No value for required variable/);
  });
});

test('no secret value anywhere in cdktf.out: every Secret is write-only and every password reference sits in data_wo', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
  let secrets = 0;
  let references = 0;
  for (const file of listFiles(path.join(outdir, 'stacks'))) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', file), 'utf8'));
    for (const [name, s] of Object.entries<any>(json.resource?.kubernetes_secret_v1 ?? {})) {
      secrets++;
      expect({ name, data: s.data, binary: s.binary_data, stringData: s.string_data }).toEqual({ name, data: undefined, binary: undefined, stringData: undefined });
      expect(Object.keys(s.data_wo).length).toBeGreaterThan(0);
      expect(Number.isInteger(s.data_wo_revision) && s.data_wo_revision >= 1).toBe(true);
    }
    // Outside data_wo and the variable declarations, no value refers to a password variable.
    const walk = (v: unknown, where: string[]): void => {
      if (typeof v === 'string') {
        if (v.includes('var.gov_lz_')) {
          references++;
          expect({ file, where: where.join('.') }).toEqual({
            file,
            where: expect.stringMatching(/^(resource\.kubernetes_secret_v1\.[^.]+\.data_wo\.|variable\.gov_lz_\w+_(passwords|credentials|ca|tls)\.validation)/),
          });
        }
      } else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) walk(x, [...where, k]);
      }
    };
    walk(json, []);
  }
  expect(secrets).toBeGreaterThan(20);
  expect(references).toBeGreaterThan(20);
});
