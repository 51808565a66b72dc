/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary folder, listening on a free loopback
 * port only, password authentication (scram), stopped and removed afterwards. Nothing is started globally.
 *
 * PostgreSQL refuses to run as root; when the tests run as root the server runs as the `postgres` user
 * (Debian's package creates it) or `nobody`, through `runuser`.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { tmpdir } from './helpers';

/** The folder with initdb, pg_ctl and postgres: GOVLZ_PG_BIN, the PATH, or the newest Debian install. */
export function postgresBinDir(): string | undefined {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b)));
  const candidates: string[] = [];
  if (process.env.GOVLZ_PG_BIN) candidates.push(process.env.GOVLZ_PG_BIN);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb');
    if (dir && fs.existsSync(initdb)) candidates.push(path.dirname(fs.realpathSync(initdb)));
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return candidates.find(has);
}

/** Why PostgreSQL cannot run here, or undefined. */
export function postgresMissing(): string | undefined {
  if (!postgresBinDir()) return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; install Debian's postgresql package or set GOVLZ_PG_BIN";
  if (process.getuid?.() === 0 && !fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) return 'running as root without runuser to start PostgreSQL as another user';
  return undefined;
}

export interface PostgresServer {
  readonly port: number;
  /** `postgres://govlz@127.0.0.1:<port>/tfstate?sslmode=disable`: no password in it. */
  readonly connectionString: string;
  /** PG_CONN_STR and PGPASSWORD, as Terraform's pg backend reads them. */
  readonly env: Record<string, string>;
  stop(): void;
}

function freePort(): Promise<number> {
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

function runAsUser(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
      return { user, uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

/** Starts a server; call stop() in afterAll. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresMissing());
  const as = runAsUser();
  const dir = tmpdir('govlz-pg-');
  const data = path.join(dir, 'data');
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(path.join(dir, 'pw'), password + '\n');
  if (as) {
    fs.chownSync(dir, as.uid, as.gid);
    fs.chownSync(path.join(dir, 'pw'), as.uid, as.gid);
  }
  const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' };
  const run = (cmd: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const full = path.join(bin, cmd);
    const [file, argv] = as ? ['runuser', ['-u', as.user, '--', full, ...args]] : [full, args];
    return execFileSync(file, argv, { cwd: dir, env: { ...env, ...extraEnv }, stdio: 'pipe' }).toString();
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'govlz', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-E', 'UTF8', '--no-locale']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`;
  try {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`, { cause: e });
  }
  let database = 'postgres';
  if (fs.existsSync(path.join(bin, 'createdb'))) {
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'govlz', 'tfstate'], { PGPASSWORD: password });
    database = 'tfstate';
  }
  const connectionString = `postgres://govlz@127.0.0.1:${port}/${database}?sslmode=disable`;
  return {
    port,
    connectionString,
    env: { PG_CONN_STR: connectionString, PGPASSWORD: password },
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
