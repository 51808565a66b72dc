/**
 * The one place tests run the CDK command line, for cdktf and for CDK Terrain (cdktn) alike.
 *
 * Which one a project uses is read from the package its `cdktf` import resolves to (`cdktf`, or `cdktn` installed
 * under that name by an npm alias). The CLI is then `cdktf-cli`'s `cdktf` or `cdktn-cli`'s `cdktn`. cdktn-cli needs
 * Node.js 22.19 or later; on an older Node a synth runs the app command of cdktf.json directly, as the CLI does,
 * with the output folder in `CDKTF_OUTDIR` (both frameworks read it).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CDKTN_CLI_NODE } from '../scripts/cdktn';

const ROOT = path.resolve(__dirname, '..');

/** The CDK framework a project resolves `cdktf` to. */
export interface Framework {
  readonly name: 'cdktf' | 'cdktn';
  readonly version: string;
}

/** The framework the project in `dir` (default: this repository) imports as `cdktf`. */
export function framework(dir = ROOT): Framework {
  const pkg = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json', { paths: [dir] }), 'utf8'));
  if (pkg.name !== 'cdktf' && pkg.name !== 'cdktn') throw new Error(`"cdktf" resolves to ${pkg.name} in ${dir}`);
  return { name: pkg.name, version: pkg.version };
}

/** How a synth is run for a project: its CLI, or the app command when cdktn-cli cannot run on this Node. */
export interface CdkCli {
  readonly framework: Framework;
  /** `cdktf`, `cdktn`, or `node` when the app command runs directly. */
  readonly command: 'cdktf' | 'cdktn' | 'node';
  /** Path of the CLI's entry point (undefined for `node`). */
  readonly bin?: string;
}

function atLeast(version: string, min: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** The CLI for the project in `dir`: its own, else this repository's. */
export function cdkCli(dir = ROOT): CdkCli {
  const fw = framework(dir);
  const cliPackage = fw.name === 'cdktf' ? 'cdktf-cli' : 'cdktn-cli';
  let manifest: string | undefined;
  try {
    manifest = require.resolve(`${cliPackage}/package.json`, { paths: [dir, ROOT] });
  } catch {
    manifest = undefined;
  }
  if (fw.name === 'cdktn' && !atLeast(process.version, CDKTN_CLI_NODE)) return { framework: fw, command: 'node' };
  if (!manifest) throw new Error(`${cliPackage} is not installed for ${dir} (npm ci installs it)`);
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin[fw.name];
  return { framework: fw, command: fw.name, bin: path.join(path.dirname(manifest), bin) };
}

/** `<cli> synth --output <outdir>` in `dir`, or the app command of its cdktf.json where the CLI cannot run. */
export function cdkSynth(dir: string, outdir: string, env: NodeJS.ProcessEnv = {}): CdkCli {
  const cli = cdkCli(dir);
  const fullEnv = { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', ...env };
  if (cli.command === 'node') {
    const app: string = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8')).app;
    const r = spawnSync(app, { cwd: dir, shell: true, env: { ...fullEnv, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${app} failed in ${dir} (${r.status}):\n${r.stderr}\n${r.stdout}`);
    return cli;
  }
  try {
    execFileSync(process.execPath, [cli.bin!, 'synth', '--output', outdir], { cwd: dir, env: fullEnv, stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${cli.command} synth failed in ${dir}:\n${err.stderr?.toString() ?? ''}\n${err.stdout?.toString() ?? ''}\n${err.message}`, { cause: e });
  }
  return cli;
}
