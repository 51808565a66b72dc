/**
 * `npm run e2e`: builds or reuses the real tools, starts the local control planes and a PostgreSQL for the state,
 * runs the end-to-end suite (jest.e2e.config.js) against them, and always stops everything it started, also on
 * Ctrl-C and on failure.
 *
 * GOV_LZ_E2E_KUBECONFIG=<file> runs the suite against your own clusters instead (kind, k3d, a real cluster): the file
 * needs the contexts hz-a-core, hz-b-core and ali-burst and an identity that may impersonate; the checks that stop a
 * plane are skipped there. GOV_LZ_E2E_KEEP=1 leaves the planes running afterwards (npm run e2e:down stops them).
 * Arguments after `--` go to jest (e.g. `npm run e2e -- -t admission`).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres, PostgresServer } from '../postgres';
import { writeLocalCharts } from './charts';
import { makeSecretInputs } from './deploy';
import { down, PlaneError, planesDir, up } from './planes';
import { loadTools } from './tools';

const ROOT = path.join(__dirname, '..', '..');

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`e2e: ${s}\n`);
  const tools = loadTools((s) => log(s));
  const work = process.env.GOV_LZ_E2E_WORK ?? path.join(os.tmpdir(), 'gov-lz-e2e-work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  let ownPlanes = false;
  let pg: PostgresServer | undefined;
  const cleanup = async () => {
    try {
      pg?.stop();
    } catch (e) {
      log(`stopping PostgreSQL: ${(e as Error).message}`);
    }
    pg = undefined;
    if (ownPlanes && process.env.GOV_LZ_E2E_KEEP !== '1') {
      const n = await down();
      log(`stopped the planes (${n} processes)`);
    }
    ownPlanes = false;
  };
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping everything the suite started`);
    void cleanup().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    let kubeconfig = process.env.GOV_LZ_E2E_KUBECONFIG;
    let planeSeconds = 0;
    if (!kubeconfig) {
      ownPlanes = true;
      const state = await up({ tools, log });
      kubeconfig = state.kubeconfig;
      planeSeconds = state.startSeconds;
      log(`${state.planes.length} control planes up in ${planeSeconds.toFixed(1)} s (${state.planes.map((p) => `${p.name} ${p.server}`).join(', ')})`);
    } else {
      log(`using your clusters from ${kubeconfig}`);
    }
    pg = await startPostgres();
    log(`PostgreSQL for the state on 127.0.0.1:${pg.port}`);
    const charts = writeLocalCharts(path.join(work, 'charts'));
    // The platform team's secret inputs for this run (random; never written to cdktf.out or the state).
    const secrets = path.join(work, 'secret-inputs.json');
    fs.writeFileSync(secrets, JSON.stringify(makeSecretInputs()), { mode: 0o600 });
    fs.writeFileSync(path.join(work, 'timings.json'), JSON.stringify({ planesStartSeconds: planeSeconds }, null, 2) + '\n');

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...pg.env,
      GOV_LZ_KUBECONFIG: kubeconfig,
      GOV_LZ_E2E_WORK: work,
      GOV_LZ_E2E_CHARTS: charts,
      GOV_LZ_E2E_SECRETS: secrets,
      GOV_LZ_E2E_OWN_PLANES: ownPlanes ? '1' : '0',
      GOV_LZ_E2E_PLANES_DIR: planesDir(),
      GOV_LZ_TERRAFORM: tools.TERRAFORM,
      GOV_LZ_TERRAFORM_NAME: tools.TERRAFORM_NAME,
      GOV_LZ_KUBECTL: tools.KUBECTL,
      TF_CLI_CONFIG_FILE: tools.TF_CLI_CONFIG_FILE,
      TF_PLUGIN_CACHE_DIR: path.join(tools.GOV_LZ_TOOLS_CACHE, 'plugin-cache'),
      PATH: [path.dirname(tools.TERRAFORM), path.dirname(tools.KUBECTL), process.env.PATH].join(path.delimiter),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
    };
    fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR!, { recursive: true });
    const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [jest, '--config', path.join(ROOT, 'jest.e2e.config.js'), '--runInBand', ...argv], { cwd: ROOT, env, stdio: 'inherit' });
      child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
    });
    log(`suite finished in ${((Date.now() - started) / 1000).toFixed(0)} s with exit code ${code}; timings in ${path.join(work, 'timings.json')}`);
    return code;
  } finally {
    await cleanup();
  }
}

main(process.argv.slice(2).filter((a) => a !== '--')).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`e2e: ${e instanceof PlaneError ? e.message : (e as Error).message}\n`);
    process.exit(1);
  },
);
