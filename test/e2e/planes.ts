/**
 * Local Kubernetes control planes for the end-to-end suite and for trying the landing zone without a cluster:
 * one etcd + kube-apiserver + kube-controller-manager per cluster of the e2e province, on loopback, with TLS,
 * client-certificate authentication, RBAC, and the PodSecurity, PodNodeSelector, PodTolerationRestriction, ResourceQuota and ValidatingAdmissionPolicy admission
 * paths on. No kubelet and no scheduler: pods are API objects only, and operators do not run.
 *
 *   node -r ts-node/register/transpile-only test/e2e/planes.ts up      (npm run e2e:up)
 *   node -r ts-node/register/transpile-only test/e2e/planes.ts down    (npm run e2e:down)
 *   node -r ts-node/register/transpile-only test/e2e/planes.ts status
 *
 * The planes' folder (certificates, data, logs, kubeconfig, pids) is $GOV_LZ_E2E_DIR, default /tmp/gov-lz-e2e.
 * The kubeconfig's contexts are the cluster names; its admin user is in system:masters and in the demo's Terraform
 * group (zj-terraform): it is the identity Terraform deploys with, the fourth, break-glass identity.
 *
 * Each API server runs the audit policy the library writes for the demo (audit-policy.yaml: see ./audit.ts), with the
 * --audit-log-max* flags its header gives, and logs to <dir>/<cluster>/audit/audit.log (JSON lines);
 * `up --audit-policy <file>` runs another one (e.g. cdktf.out/gov-lz/audit-policy.yaml of your own synth).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { demoAudit, PlaneAudit } from './audit';
import { writeLocalCharts } from './charts';
import { makeSecretInputs } from './deploy';
import { loadTools, Tools } from './tools';

/** The clusters of the e2e province: the dual-active private pair and the public burst cluster. */
export const E2E_CLUSTERS = ['hz-a-core', 'hz-b-core', 'ali-burst'] as const;

export interface PlaneInfo {
  readonly name: string;
  readonly server: string;
  readonly apiserverPort: number;
  readonly etcdPort: number;
  readonly pids: { etcd: number; apiserver: number; controllerManager: number };
}

export interface PlanesState {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly planes: PlaneInfo[];
  readonly startedAt: string;
  readonly startSeconds: number;
}

/** A failure the user can act on: one line, no stack trace. */
export class PlaneError extends Error {}

export function planesDir(): string {
  return process.env.GOV_LZ_E2E_DIR ?? path.join(os.tmpdir(), 'gov-lz-e2e');
}

function stateFile(dir: string): string {
  return path.join(dir, 'planes.json');
}

export function readState(dir = planesDir()): PlanesState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile(dir), 'utf8')) as PlanesState;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops every process of the planes (each runs in its own process group) and removes their folder. */
export async function down(dir = planesDir(), opts: { keepDir?: boolean } = {}): Promise<number> {
  const state = readState(dir);
  const pids = new Set<number>();
  for (const p of state?.planes ?? []) for (const pid of Object.values(p.pids)) pids.add(pid);
  // Processes started before planes.json was written (a start that failed half-way) are in pids/.
  const pidDir = path.join(dir, 'pids');
  for (const f of fs.existsSync(pidDir) ? fs.readdirSync(pidDir) : []) {
    const pid = Number(fs.readFileSync(path.join(pidDir, f), 'utf8'));
    if (Number.isInteger(pid) && pid > 0) pids.add(pid);
  }
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(-pid, sig);
      } catch {
        try {
          process.kill(pid, sig);
        } catch {
          // already gone
        }
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while ([...pids].some(alive) && Date.now() < deadline) await sleep(100);
  signal('SIGKILL');
  const stopped = pids.size;
  if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  return stopped;
}

/** Starts the planes (after stopping any left from an earlier run in the same folder). */
export async function up(options: { clusters?: readonly string[]; dir?: string; tools?: Tools; log?: (s: string) => void; auditPolicyFile?: string } = {}): Promise<PlanesState> {
  const dir = options.dir ?? planesDir();
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const tools = options.tools ?? loadTools(log);
  const clusters = options.clusters ?? E2E_CLUSTERS;
  await down(dir);
  fs.mkdirSync(path.join(dir, 'pids'), { recursive: true });
  const started = Date.now();
  const children: ChildProcess[] = [];
  try {
    const audit = planeAudit(options.auditPolicyFile);
    const pki = path.join(dir, 'pki');
    makePki(pki, tools, audit.terraformGroups);
    const planes: PlaneInfo[] = [];
    // Ports are picked free on loopback, so a port in use elsewhere never stops a start.
    for (const name of clusters) {
      const etcdPort = await freePort();
      const peerPort = await freePort();
      const apiserverPort = await freePort();
      const base = path.join(dir, name);
      fs.mkdirSync(path.join(base, 'etcd'), { recursive: true });
      fs.mkdirSync(path.join(base, 'audit'), { recursive: true });
      const etcd = start(dir, `${name}-etcd`, tools.ETCD, [
        '--name',
        name,
        '--data-dir',
        path.join(base, 'etcd'),
        '--listen-client-urls',
        `http://127.0.0.1:${etcdPort}`,
        '--advertise-client-urls',
        `http://127.0.0.1:${etcdPort}`,
        '--listen-peer-urls',
        `http://127.0.0.1:${peerPort}`,
        '--initial-advertise-peer-urls',
        `http://127.0.0.1:${peerPort}`,
        '--initial-cluster',
        `${name}=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync',
        '--log-level',
        'warn',
      ]);
      children.push(etcd);
      await waitFor(`etcd of ${name}`, dir, `${name}-etcd`, () => httpOk(`http://127.0.0.1:${etcdPort}/health`), 30_000);
      // The library's audit policy for the demo, as a platform engineer installs it (audit-policy.yaml's header).
      const auditPolicy = path.join(base, 'audit-policy.yaml');
      fs.writeFileSync(auditPolicy, audit.policyYaml);
      const apiserver = start(dir, `${name}-apiserver`, tools.KUBE_APISERVER, [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiserverPort}`,
        `--cert-dir=${path.join(base, 'certs')}`,
        `--tls-cert-file=${path.join(pki, 'apiserver.crt')}`,
        `--tls-private-key-file=${path.join(pki, 'apiserver.key')}`,
        `--client-ca-file=${path.join(pki, 'ca.crt')}`,
        `--service-account-issuer=https://${name}.e2e.gov-lz.local`,
        `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--authorization-mode=RBAC',
        // The defaults (NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity, ResourceQuota,
        // ValidatingAdmissionPolicy, webhooks…) stay on; these are named so that a change of defaults cannot drop them.
        '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,PodNodeSelector,PodTolerationRestriction,ResourceQuota,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
        '--allow-privileged=true',
        `--audit-policy-file=${auditPolicy}`,
        `--audit-log-path=${path.join(base, 'audit', 'audit.log')}`,
        '--audit-log-format=json',
        ...audit.logFlags,
        '--v=0',
      ]);
      children.push(apiserver);
      const server = `https://127.0.0.1:${apiserverPort}`;
      await waitFor(`kube-apiserver of ${name}`, dir, `${name}-apiserver`, () => readyz(server, pki), 90_000);
      const cmKubeconfig = path.join(base, 'controller-manager.kubeconfig');
      writeKubeconfig(cmKubeconfig, [{ name, server }], pki, 'controller-manager');
      const cm = start(dir, `${name}-controller-manager`, tools.KUBE_CONTROLLER_MANAGER, [
        `--kubeconfig=${cmKubeconfig}`,
        `--authentication-kubeconfig=${cmKubeconfig}`,
        `--authorization-kubeconfig=${cmKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        `--service-account-private-key-file=${path.join(pki, 'sa.key')}`,
        `--root-ca-file=${path.join(pki, 'ca.crt')}`,
        `--cluster-signing-cert-file=${path.join(pki, 'ca.crt')}`,
        `--cluster-signing-key-file=${path.join(pki, 'ca.key')}`,
        '--use-service-account-credentials=true',
        '--leader-elect=false',
        '--controllers=*',
        '--v=0',
      ]);
      children.push(cm);
      planes.push({ name, server, apiserverPort, etcdPort, pids: { etcd: etcd.pid!, apiserver: apiserver.pid!, controllerManager: cm.pid! } });
    }
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeKubeconfig(
      kubeconfig,
      planes.map((p) => ({ name: p.name, server: p.server })),
      pki,
      'admin',
    );
    // The controller-manager is ready when it has created the namespaces' default service-account CA bundle.
    for (const p of planes) {
      await waitFor(`kube-controller-manager of ${p.name}`, dir, `${p.name}-controller-manager`, () => hasConfigMap(tools, kubeconfig, p.name), 60_000);
    }
    const state: PlanesState = { dir, kubeconfig, planes, startedAt: new Date().toISOString(), startSeconds: (Date.now() - started) / 1000 };
    fs.writeFileSync(stateFile(dir), JSON.stringify(state, null, 2) + '\n');
    writeDemoEnv(dir, kubeconfig, tools);
    return state;
  } catch (e) {
    await down(dir, { keepDir: true });
    throw e;
  }
}

/**
 * `<dir>/env.sh`: what `npx cdktf deploy` of the demo (examples/province) needs on these planes — their kubeconfig, the
 * local charts, the provider mirror, and the platform team's secret inputs (random, for these planes only).
 */
function writeDemoEnv(dir: string, kubeconfig: string, tools: Tools): void {
  const charts = writeLocalCharts(path.join(dir, 'charts'));
  const vars: Record<string, string> = {
    GOV_LZ_KUBECONFIG: kubeconfig,
    KUBECONFIG: kubeconfig,
    GOV_LZ_CHARTS: charts,
    TF_CLI_CONFIG_FILE: tools.TF_CLI_CONFIG_FILE,
    PATH: `${path.dirname(tools.TERRAFORM)}:${path.dirname(tools.KUBECTL)}:$PATH`,
    ...makeSecretInputs(),
  };
  const quote = (v: string) => (v.includes('$PATH') ? `"${v}"` : `'${v.replace(/'/g, `'\\''`)}'`);
  const lines = ["# Written by npm run e2e:up: source it, then `npx cdktf deploy '*' --auto-approve --skip-provider-lock`."];
  for (const [k, v] of Object.entries(vars)) lines.push(`export ${k}=${quote(v)}`);
  fs.writeFileSync(path.join(dir, 'env.sh'), lines.join('\n') + '\n', { mode: 0o600 });
}

function start(dir: string, name: string, bin: string, args: string[]): ChildProcess {
  if (!fs.existsSync(bin)) throw new PlaneError(`${bin} is missing: run npm run e2e:tools (test/e2e/tools.sh) to build it`);
  const logFile = path.join(dir, 'logs', `${name}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  // Its own process group: down() stops it and anything it started, even after this process is gone.
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  if (child.pid === undefined) throw new PlaneError(`${name} did not start (${bin})`);
  fs.writeFileSync(path.join(dir, 'pids', name), String(child.pid));
  child.unref();
  return child;
}

async function waitFor(what: string, dir: string, logName: string, ready: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pid = Number(fs.readFileSync(path.join(dir, 'pids', logName), 'utf8'));
  while (Date.now() < deadline) {
    if (await ready()) return;
    if (!alive(pid)) {
      throw new PlaneError(`${what} exited while starting; its last lines (${path.join(dir, 'logs', `${logName}.log`)}):\n${tail(path.join(dir, 'logs', `${logName}.log`), 15)}`);
    }
    await sleep(250);
  }
  throw new PlaneError(`${what} was not ready after ${timeoutMs / 1000} s; see ${path.join(dir, 'logs', `${logName}.log`)}`);
}

function tail(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return fetch(url)
    .then((r) => r.ok)
    .catch(() => false);
}

function readyz(server: string, pki: string): Promise<boolean> {
  return new Promise((resolve) => {
    const https = require('https') as typeof import('https');
    const req = https.get(
      `${server}/readyz`,
      {
        ca: fs.readFileSync(path.join(pki, 'ca.crt')),
        cert: fs.readFileSync(path.join(pki, 'admin.crt')),
        key: fs.readFileSync(path.join(pki, 'admin.key')),
        timeout: 2000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function hasConfigMap(tools: Tools, kubeconfig: string, context: string): boolean {
  try {
    execFileSync(tools.KUBECTL, ['--kubeconfig', kubeconfig, '--context', context, '-n', 'default', 'get', 'configmap', 'kube-root-ca.crt', '-o', 'name'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The demo's audit declaration, or the given audit-policy.yaml with the demo's log flags and Terraform groups. */
function planeAudit(file: string | undefined): PlaneAudit {
  const demo = demoAudit();
  if (file === undefined) return demo;
  if (!fs.existsSync(file)) throw new PlaneError(`--audit-policy ${file}: no such file (synthesize first: npx cdktf synth writes cdktf.out/gov-lz/audit-policy.yaml)`);
  return { ...demo, policyYaml: fs.readFileSync(file, 'utf8') };
}

/**
 * A client certificate of the planes' CA for `user` in `groups` (the API server's client-certificate authentication:
 * CN the user, O each group): the suite authenticates as administrators and department users with them, so that the
 * audit policy is evaluated for them (impersonated requests are audited at the impersonator's level).
 */
export function clientCertificate(dir: string, name: string, user: string, groups: readonly string[], openssl = 'openssl'): { cert: string; key: string } {
  const pki = path.join(dir, 'pki');
  const subj = [...groups.map((g) => `/O=${g}`), `/CN=${user}`].join('');
  const run = (args: string[]) => execFileSync(openssl, args, { cwd: pki, stdio: 'pipe' });
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
  fs.writeFileSync(path.join(pki, `${name}.ext`), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`]);
  return { cert: path.join(pki, `${name}.crt`), key: path.join(pki, `${name}.key`) };
}

/** A CA, the API servers' serving certificate (127.0.0.1, localhost), client certificates and the service-account key. */
function makePki(dir: string, tools: Tools, terraformGroups: readonly string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const ssl = (args: string[]) => {
    try {
      execFileSync(tools.OPENSSL, args, { cwd: dir, stdio: 'pipe' });
    } catch (e: any) {
      throw new PlaneError(`openssl ${args[0]} failed: ${String(e.stderr ?? e.message).trim()}`);
    }
  };
  ssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '30',
    '-subj',
    '/CN=gov-lz-e2e-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
  const leaf = (name: string, subj: string, ext: string[]) => {
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext.join('\n') + '\n');
    ssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '30', '-extfile', `${name}.ext`]);
  };
  leaf('apiserver', '/CN=kube-apiserver', [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc',
  ]);
  // The deploying identity: system:masters (it bootstraps the clusters) and the Terraform identity's groups, so that the
  // audit policy records everything it does at RequestResponse, as it records a real Terraform identity's requests.
  leaf('admin', `/O=system:masters${terraformGroups.map((g) => `/O=${g}`).join('')}/CN=gov-lz-e2e-admin`, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=clientAuth',
  ]);
  leaf('controller-manager', '/CN=system:kube-controller-manager', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth']);
  ssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key']);
  ssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

function writeKubeconfig(file: string, clusters: Array<{ name: string; server: string }>, pki: string, user: string): void {
  const ca = path.join(pki, 'ca.crt');
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${clusters[0].name}`, 'clusters:'];
  for (const c of clusters) lines.push(`  - name: ${c.name}`, '    cluster:', `      server: ${c.server}`, `      certificate-authority: ${ca}`);
  lines.push('users:', `  - name: ${user}`, '    user:', `      client-certificate: ${path.join(pki, `${user}.crt`)}`, `      client-key: ${path.join(pki, `${user}.key`)}`);
  lines.push('contexts:');
  for (const c of clusters) lines.push(`  - name: ${c.name}`, '    context:', `      cluster: ${c.name}`, `      user: ${user}`);
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
}

async function cli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { clusters: { type: 'string' }, 'audit-policy': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const cmd = positionals[0];
  if (values.help || !cmd || !['up', 'down', 'status'].includes(cmd)) {
    process.stderr.write('usage: planes.ts up [--clusters a,b,c] [--audit-policy cdktf.out/gov-lz/audit-policy.yaml] | down | status\n');
    return values.help ? 0 : 2;
  }
  if (cmd === 'down') {
    const n = await down();
    process.stdout.write(`stopped ${n} processes; removed ${planesDir()}\n`);
    return 0;
  }
  if (cmd === 'status') {
    const s = readState();
    if (!s) {
      process.stdout.write(`no planes in ${planesDir()}\n`);
      return 1;
    }
    for (const p of s.planes) process.stdout.write(`${p.name}\t${p.server}\t${Object.values(p.pids).every(alive) ? 'running' : 'STOPPED'}\n`);
    process.stdout.write(`kubeconfig: ${s.kubeconfig}\n`);
    return 0;
  }
  const clusters = values.clusters ? values.clusters.split(',').filter(Boolean) : undefined;
  const state = await up({ clusters, auditPolicyFile: values['audit-policy'] });
  for (const p of state.planes) process.stderr.write(`${p.name}: ${p.server}\n`);
  process.stderr.write(`${state.planes.length} control planes up in ${state.startSeconds.toFixed(1)} s; stop them with npm run e2e:down\n`);
  process.stderr.write(`source ${path.join(state.dir, 'env.sh')}   # kubeconfig, local charts, provider mirror, the demo's secret inputs\n`);
  process.stderr.write(`then: npx cdktf deploy '*' --auto-approve --skip-provider-lock\n`);
  process.stdout.write(`${state.kubeconfig}\n`);
  return 0;
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`planes: ${e instanceof PlaneError ? e.message : String(e?.message ?? e)}\n`);
      process.exit(1);
    },
  );
}
