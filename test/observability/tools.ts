/**
 * The real Prometheus tools: promtool (Debian `prometheus`), amtool and alertmanager (Debian
 * `prometheus-alertmanager`). Outside CI a missing tool skips the suite with a warning; in CI it fails.
 */
import { execFileSync, spawnSync } from 'child_process';

/** Why a tool cannot run here, or undefined. */
export function toolMissing(...tools: string[]): string | undefined {
  for (const t of tools) {
    try {
      execFileSync(t, ['--version'], { stdio: 'pipe' });
    } catch (e) {
      const pkg = t === 'promtool' ? 'prometheus' : t === 'python3' ? 'python3' : 'prometheus-alertmanager';
      return `${t} cannot run (${(e as Error).message.split('\n')[0]}): apt-get install ${pkg}`;
    }
  }
  return undefined;
}

/** Runs a tool; returns its exit code, its output (stdout then stderr) and its stdout alone. */
export function run(tool: string, args: string[], cwd?: string): { code: number; out: string; stdout: string } {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}
