/**
 * `npm run bench:lists [-- --sizes 500,1000 --only <path>]`: how synth time grows with the length of every list a
 * province is configured with. Each list of the hostile-configuration scenario (test/core/adversarial-scenario.ts:
 * sites, clusters and their CIDR lists, industry clouds, departments, admins, network rules and peers, receivers,
 * grants, applications, blueprints, edge zones) is grown to each size, once with copies of its first entry (duplicates:
 * an error the checks report) and once with distinct entries, and synthesized in a child process (a fresh heap each).
 * The growth from one size to the next should be about the size's: a ratio well above it (× 4 for twice the
 * entries) is an algorithm that reads the list once per entry — minutes for a hostile or a very large province.
 * Prints one Markdown row per list and the lists whose growth is above 1.5× the size's. No assertion: figures for
 * BENCHMARKS.md.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';

type Key = Array<string | number>;

/** Every list of the scenario (paths to arrays with at least one entry). */
function lists(v: unknown, at: Key = [], out: Key[] = []): Key[] {
  if (Array.isArray(v)) {
    if (v.length > 0) out.push(at);
    v.forEach((x, i) => lists(x, [...at, i], out));
  } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) lists(x, [...at, k], out);
  }
  return out;
}

/** The `i`th distinct variant of an entry: its names (and CIDRs) numbered, everything else kept. */
function variant(x: unknown, i: number): unknown {
  if (typeof x === 'string') return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(x) ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32` : `${x}${i}`;
  if (typeof x === 'number') return x + (i % 1000);
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ['code', 'name', 'tenant', 'id'].includes(k) ? variant(v, i) : v]));
  }
  return x;
}

/** In the child: synthesizes the scenario with the list at `key` grown to `n` entries; prints ms and the outcome. */
function child(key: string, mode: string, n: number): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdktf') as typeof import('cdktf');
  const { LandingZoneError } = require('../lib') as typeof import('../lib');
  const { baseScenario, buildScenario } = require('../test/core/adversarial-scenario') as typeof import('../test/core/adversarial-scenario');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const s = baseScenario() as unknown as Record<string, unknown>;
  const at = key.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let parent: any = s;
  for (const k of at.slice(0, -1)) parent = parent[k];
  const first = parent[at[at.length - 1]][0];
  // The first entry stays as it is, so that what refers to it by name (grants, applications) still finds it.
  parent[at[at.length - 1]] = Array.from({ length: n }, (_, i) => (mode === 'copies' || i === 0 ? first : variant(first, i)));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-lists-'));
  const started = performance.now();
  let outcome = 'synthesized';
  try {
    const app = new App({ outdir: out });
    buildScenario(app, s as never);
    app.synth();
  } catch (e) {
    outcome = LandingZoneError.isLandingZoneError(e) ? `LandingZoneError (${e.problems.length} problems)` : `CRASH ${e instanceof Error ? e.message.slice(0, 120) : String(e)}`;
  }
  const ms = performance.now() - started;
  fs.rmSync(out, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ ms, outcome })}\n`);
}

function main(): void {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500,1000' }, only: { type: 'string' }, child: { type: 'string' } } });
  if (values.child) {
    const [key, mode, n] = values.child.split(' ');
    child(key, mode, Number(n));
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes two or more whole numbers, e.g. 500,1000');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { baseScenario } = require('../test/core/adversarial-scenario') as typeof import('../test/core/adversarial-scenario');
  const keys = lists(baseScenario())
    .map((k) => k.join('.'))
    .filter((k) => !values.only || k === values.only);
  const run = (key: string, mode: string, n: number): { ms: number; outcome: string } => {
    const text = execFileSync(process.execPath, ['--require', 'ts-node/register/transpile-only', __filename, '--child', `${key} ${mode} ${n}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(text.trim().split('\n').pop()!) as { ms: number; outcome: string };
  };
  const step = sizes[sizes.length - 1] / sizes[sizes.length - 2];
  const rows: string[] = [];
  const steep: string[] = [];
  for (const key of keys) {
    for (const mode of ['copies', 'distinct']) {
      const r = sizes.map((n) => run(key, mode, n));
      const growth = r[r.length - 1].ms / Math.max(r[r.length - 2].ms, 1);
      const row = `| \`${key}\` | ${mode} | ${r.map((x) => (x.ms / 1000).toFixed(2)).join(' | ')} | ${growth.toFixed(2)}× | ${r[r.length - 1].outcome} |`;
      rows.push(row);
      process.stderr.write(`${row}\n`);
      if (growth > 1.5 * step && r[r.length - 1].ms > 1000) steep.push(`${key} (${mode}): ${growth.toFixed(2)}× for ${step}× the entries`);
    }
  }
  const head = `| list | entries | ${sizes.map((n) => `${n.toLocaleString('en')} s`).join(' | ')} | growth | outcome at ${sizes[sizes.length - 1].toLocaleString('en')} |`;
  process.stdout.write([head, `|---|---|${sizes.map(() => '---:|').join('')}---:|---|`, ...rows].join('\n') + '\n');
  process.stdout.write(steep.length > 0 ? `\nGrowing faster than the list:\n${steep.map((s) => `- ${s}`).join('\n')}\n` : '\nEvery list grows synth time about as fast as itself.\n');
}

main();
