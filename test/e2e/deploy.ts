/**
 * Running the real cdktf CLI and Terraform on the e2e province (test/e2e/app/main.ts), in the suite's work folder.
 * Every run's output goes to a log file under <work>/logs, and a failure throws with its tail.
 */
import { execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

export interface E2eEnv {
  readonly work: string;
  readonly kubeconfig: string;
  readonly charts: string;
  readonly ownPlanes: boolean;
  readonly planesDir: string;
  readonly terraform: string;
  readonly kubectl: string;
}

/** The suite's environment, as test/e2e/run.ts sets it; a clear error when the suite is run without it. */
export function e2eEnv(): E2eEnv {
  const e = process.env;
  const missing = ['GOV_LZ_E2E_WORK', 'GOV_LZ_KUBECONFIG', 'GOV_LZ_E2E_CHARTS', 'GOV_LZ_TERRAFORM', 'PG_CONN_STR'].filter((k) => !e[k]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set: run the suite with npm run e2e (test/e2e/run.ts), which starts the planes and PostgreSQL`);
  return {
    work: e.GOV_LZ_E2E_WORK!,
    kubeconfig: e.GOV_LZ_KUBECONFIG!,
    charts: e.GOV_LZ_E2E_CHARTS!,
    ownPlanes: e.GOV_LZ_E2E_OWN_PLANES === '1',
    planesDir: e.GOV_LZ_E2E_PLANES_DIR ?? '',
    terraform: e.GOV_LZ_TERRAFORM!,
    kubectl: e.GOV_LZ_KUBECTL ?? 'kubectl',
  };
}

/** The run's secret inputs, made once by test/e2e/run.ts (every e2e file must use the same ones). */
export function secretInputs(): Record<string, string> {
  const file = process.env.GOV_LZ_E2E_SECRETS;
  if (!file || !fs.existsSync(file)) throw new Error('GOV_LZ_E2E_SECRETS not set: run the suite with npm run e2e (test/e2e/run.ts)');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * What the platform team supplies at plan and apply time as ephemeral variables, never stored: the middleware grants'
 * passwords, the DR object store's key, the shared PostgreSQL CA and the shared Redis's TLS certificate (real ones, made
 * with openssl). Random per run.
 */
export function makeSecretInputs(): Record<string, string> {
  const pw = () => crypto.randomBytes(18).toString('base64url');
  // hz-jyj and nb-jyj: examples/city's blueprint tenants, whose grant requests the demo accepts.
  const tenants = { postgres: ['wjw', 'ybj', 'dsj', 'zwfw', 'hz-jyj', 'nb-jyj'], redis: ['jkm', 'zwfw', 'ksy', 'default', 'nb-jyj'], kafka: ['dsj', 'jkm'] };
  const out: Record<string, string> = {};
  for (const [offering, codes] of Object.entries(tenants)) out[`TF_VAR_gov_lz_${offering}_passwords`] = JSON.stringify(Object.fromEntries(codes.map((c) => [c, pw()])));
  out.TF_VAR_gov_lz_backup_store_credentials = JSON.stringify({ access_key_id: `e2e${crypto.randomBytes(6).toString('hex')}`, secret_access_key: pw() });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-e2e-ca-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '30',
        '-subj',
        '/CN=postgres-ca.zj.gov.internal',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    out.TF_VAR_gov_lz_postgres_ca = JSON.stringify({ crt: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'), key: fs.readFileSync(path.join(dir, 'ca.key'), 'utf8') });
    // The shared Redis serves TLS only: a server certificate for its master service and pods, signed by that CA.
    const redisNames = ['redis-master.gov-lz-middleware.svc', '*.redis-headless.gov-lz-middleware.svc'];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'redis.key',
        '-out',
        'redis.crt',
        '-days',
        '30',
        '-subj',
        `/CN=${redisNames[0]}`,
        '-addext',
        `subjectAltName=${redisNames.map((n) => `DNS:${n}`).join(',')}`,
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    out.TF_VAR_gov_lz_redis_tls = JSON.stringify({ ca: read('ca.crt'), crt: read('redis.crt'), key: read('redis.key') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
  readonly log: string;
}

let runs = 0;

/** Runs a command with the suite's environment; output to a log file (and returned). */
export function run(label: string, file: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const env = e2eEnv();
  const logDir = path.join(env.work, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, `${String(++runs).padStart(2, '0')}-${label.replace(/[^a-z0-9-]+/gi, '-')}.log`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 20 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      fs.writeFileSync(log, `$ ${file} ${args.join(' ')}\n(cwd ${opts.cwd})\n\n${output}`);
      resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000, log });
    });
  });
}

/** Throws with the tail of the log unless the run exited with one of `ok`. */
export function expectExit(r: RunResult, ok: number[] = [0]): RunResult {
  if (!ok.includes(r.code)) {
    const tail = r.output.trimEnd().split('\n').slice(-60).join('\n');
    throw new Error(`exit code ${r.code} (expected ${ok.join(' or ')}); log ${r.log}:\n${tail}`);
  }
  return r;
}

export type Scenario = 'base' | 'moved' | 'removed' | 'failover';

/** A project folder for the app in one scenario: cdktf.json pointing at test/e2e/app/main.ts. */
export function project(scenario: Scenario): string {
  const env = e2eEnv();
  const dir = path.join(env.work, `app-${scenario}`);
  fs.mkdirSync(dir, { recursive: true });
  const tsnode = path.join(ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only');
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify(
      {
        language: 'typescript',
        app: `node --require ${tsnode} ${path.join(ROOT, 'test', 'e2e', 'app', 'main.ts')}`,
        projectId: 'gov-lz-e2e',
        sendCrashReports: 'false',
        terraformProviders: [],
        terraformModules: [],
        context: {},
      },
      null,
      2,
    ),
  );
  return dir;
}

/** The environment of the e2e app and of Terraform for one scenario. */
export function appEnv(scenario: Scenario, passwords: Record<string, string>): NodeJS.ProcessEnv {
  const env = e2eEnv();
  return {
    GOV_LZ_E2E_SCENARIO: scenario,
    // The app runs from the scenario's folder: ts-node takes the repository's compiler options.
    TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
    GOV_LZ_E2E_BACKEND: 'pg',
    GOV_LZ_E2E_CHARTS: env.charts,
    GOV_LZ_KUBECONFIG: env.kubeconfig,
    TERRAFORM_BINARY_NAME: env.terraform,
    // Never wait for an answer (cdktf runs Terraform in a terminal): a missing variable is an error, not a prompt.
    TF_INPUT: '0',
    // Terraform's pg backend takes one advisory lock (-1) for creating any workspace in the database, whatever
    // the schema: stacks applied in parallel for the first time collide on it. Waiting for the lock serializes them.
    TF_CLI_ARGS_plan: '-lock-timeout=300s',
    TF_CLI_ARGS_apply: '-lock-timeout=300s',
    TF_CLI_ARGS_destroy: '-lock-timeout=300s',
    TF_CLI_ARGS_import: '-lock-timeout=300s',
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    DISABLE_VERSION_CHECK: 'true',
    ...passwords,
  };
}

/** The real cdktf CLI of this repository (cdktf-cli), with the app's environment. */
export function cdktf(scenario: Scenario, args: string[], passwords: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const bin = path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  return run(`cdktf-${args[0]}-${scenario}`, process.execPath, [bin, ...args], { cwd: project(scenario), env: { ...appEnv(scenario, passwords), ...extraEnv } });
}

/** Terraform in one synthesized stack folder of a scenario. */
export function terraform(scenario: Scenario, stack: string, args: string[], passwords: Record<string, string>): Promise<RunResult> {
  const env = e2eEnv();
  const cwd = path.join(project(scenario), 'cdktf.out', 'stacks', stack);
  return run(`terraform-${args[0]}-${stack}-${scenario}`, env.terraform, args, { cwd, env: appEnv(scenario, passwords) });
}

/** Adds figures to <work>/timings.json (read into BENCHMARKS.md). */
export function recordTiming(key: string, value: unknown): void {
  const file = path.join(e2eEnv().work, 'timings.json');
  const t = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  t[key] = value;
  fs.writeFileSync(file, JSON.stringify(t, null, 2) + '\n');
}
