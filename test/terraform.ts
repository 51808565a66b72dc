/**
 * Running the real Terraform CLI in tests, on configurations that use only Terraform's built-ins
 * (outputs, terraform_data, terraform_remote_state, the pg and local backends): no provider download,
 * no network but loopback.
 *
 * Outside CI a test whose tools are missing is skipped with a warning; in CI (CI=true) it runs and fails.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpdir } from './helpers';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Why Terraform cannot run here, or undefined. */
export function terraformMissing(): string | undefined {
  try {
    const v = JSON.parse(execFileSync('terraform', ['version', '-json'], { stdio: 'pipe', env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1' } }).toString());
    const [major, minor] = String(v.terraform_version).split('.').map(Number);
    if (major < 1 || (major === 1 && minor < 7)) return `terraform ${v.terraform_version} is older than 1.7 (removed blocks)`;
    return undefined;
  } catch (e) {
    return `terraform cannot run: ${(e as Error).message.split('\n')[0]}`;
  }
}

/**
 * `test` when the tools are there or in CI (where a missing tool is a failure), else `test.skip` with a warning.
 * `missing` is evaluated once, when the file loads.
 */
export function testWithTools(file: string, missing: () => string | undefined): { run: jest.It; missing: string | undefined } {
  const why = missing();
  if (why && !IN_CI) {
    console.warn(`${file} skipped: ${why} (in CI this fails)`);
    return { run: test.skip, missing: why };
  }
  return { run: test, missing: why };
}

/** The environment Terraform runs in: an empty CLI configuration, no checkpoint calls, nothing from the caller's proxies. */
export function terraformEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const rc = path.join(tmpdir('govlz-tfrc-'), 'empty.tfrc');
  fs.writeFileSync(rc, '');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    TF_CLI_CONFIG_FILE: rc,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform asynchronously (several may run at once). */
export function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs terraform and fails with its output when it does not succeed. */
export async function terraformOk(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await terraform(cwd, args, env);
  if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${cwd} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** `init` then `apply -auto-approve`. */
export async function initAndApply(cwd: string, env: NodeJS.ProcessEnv, applyArgs: string[] = []): Promise<void> {
  await terraformOk(cwd, ['init', '-input=false'], env);
  await terraformOk(cwd, ['apply', '-auto-approve', '-input=false', ...applyArgs], env);
}

/** `terraform output -json`, values only. */
export async function outputs(cwd: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const out = JSON.parse(await terraformOk(cwd, ['output', '-json'], env));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, (v as { value: unknown }).value]));
}

const BUILTIN_TYPES = ['terraform_data'];

/**
 * A synthesized stack reduced to what runs with Terraform's built-ins: the kubernetes and helm resources,
 * providers and the blocks that name them are dropped; backend, outputs, data sources and terraform_data stay.
 */
export function builtinsOnly(stack: any): any {
  const out = JSON.parse(JSON.stringify(stack));
  delete out.provider;
  delete out['//'];
  if (out.terraform) delete out.terraform.required_providers;
  if (out.resource) {
    for (const type of Object.keys(out.resource)) if (!BUILTIN_TYPES.includes(type)) delete out.resource[type];
    if (Object.keys(out.resource).length === 0) delete out.resource;
  }
  const builtin = (address: string) => BUILTIN_TYPES.includes(address.split('.')[0]);
  if (out.import) out.import = out.import.filter((b: any) => builtin(b.to));
  if (out.removed) out.removed = out.removed.filter((b: any) => builtin(b.from));
  for (const k of ['import', 'removed']) if (out[k]?.length === 0) delete out[k];
  return out;
}

/** The address a Kubernetes object gets when {@link asTerraformData} stands it in for a terraform_data. */
export function standInAddress(address: string): string {
  const [type, ...name] = address.split('.');
  return `terraform_data.${type}--${name.join('.')}`;
}

/**
 * A synthesized stack with every Kubernetes object replaced by a `terraform_data` holding its body, at an
 * address derived from the original one; `import` and `removed` blocks are rewritten alike. Terraform then
 * plans the stack's moves for real (terraform_data supports import), without the kubernetes provider.
 */
export function asTerraformData(stack: any): any {
  const out = builtinsOnly({ ...stack, resource: undefined, import: undefined, removed: undefined });
  const data: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries<Record<string, any>>(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const { provider: _p, depends_on: _d, ...rest } = body;
      data[standInAddress(`${type}.${name}`).split('.')[1]] = { input: rest };
    }
  }
  if (Object.keys(data).length > 0) out.resource = { terraform_data: data };
  if (stack.import) out.import = stack.import.map((b: any) => ({ ...b, to: standInAddress(b.to) }));
  if (stack.removed) out.removed = stack.removed.map((b: any) => ({ ...b, from: standInAddress(b.from) }));
  return out;
}

/** Writes a configuration into `dir` (created, previous main.tf.json replaced). */
export function writeConfig(dir: string, config: unknown): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  return dir;
}

/**
 * `TF_VAR_gov_lz_redis_tls` for plans that never reach a cluster (built-ins only): PEM-shaped text the variable's
 * validation accepts, no real key (the e2e makes a real certificate with openssl, test/e2e/deploy.ts).
 */
export const REDIS_TLS_STAND_IN = {
  TF_VAR_gov_lz_redis_tls: JSON.stringify({
    ca: '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n',
    crt: '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n',
    key: '-----BEGIN EC PRIVATE KEY-----\nstand-in\n-----END EC PRIVATE KEY-----\n',
  }),
};
