/**
 * One measurement, in a fresh process: `node bench/.out/bench/child.js <scenario> <tenants> <outdir> [province]`
 * (scenario `review`: `gov-lz review` of the output in `<outdir>`, against the base output folder given as `province`).
 *
 * Prints one JSON line: phase timings (ms since the process started, from `performance.now()`), peak RSS
 * (`process.resourceUsage().maxRSS`), CPU time and, for the micro JSON scenario, the `JSON.stringify` time.
 * The parent (run.ts) measures the wall time of the whole process, module loading included, and counts the
 * resources. Modules are required inside each scenario so that a scenario loads only what it uses.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What a child reports. */
export interface ChildReport {
  readonly scenario: string;
  /** Node start-up until this script ran. */
  readonly bootMs: number;
  /** Requiring the framework and the app's modules. */
  readonly loadMs: number;
  /** Building the construct tree. */
  readonly buildMs: number;
  /** Synthesizing (writing the output). */
  readonly synthMs: number;
  readonly maxRssKb: number;
  /** User + system CPU time of the process (less sensitive than wall time to other load on the machine). */
  readonly cpuMs: number;
  /** Micro JSON only: time spent in JSON.stringify. */
  readonly stringifyMs?: number;
}

/** An app of either framework: both take an outdir and write everything on synth(). */
interface SynthApp {
  synth(): void;
}

interface Scenario {
  readonly framework: 'cdktf' | 'cdk8s';
  /** Requires the scenario's modules and returns what builds its app. */
  readonly load: () => (app: any, tenants: number, province: string | undefined) => void;
}

const fromSpec = (build: (app: any, spec: import('./spec').BenchSpec) => unknown) => {
  const { benchSpec } = require('./spec') as typeof import('./spec');
  return (app: unknown, tenants: number, province: string | undefined) => void build(app, benchSpec(tenants, province));
};

const SCENARIOS: Record<string, Scenario> = {
  ours: { framework: 'cdktf', load: () => fromSpec((require('./ours') as typeof import('./ours')).buildOurs) },
  'ours-full': { framework: 'cdktf', load: () => fromSpec((require('./ours') as typeof import('./ours')).buildOursFull) },
  'ours-obs': { framework: 'cdktf', load: () => fromSpec((require('./ours') as typeof import('./ours')).buildOursObservability) },
  'raw-cdktf': { framework: 'cdktf', load: () => fromSpec((require('./raw-cdktf') as typeof import('./raw-cdktf')).buildRawCdktf) },
  cdk8s: { framework: 'cdk8s', load: () => fromSpec((require('./cdk8s') as typeof import('./cdk8s')).buildCdk8s) },
  'micro-raw-cdktf': { framework: 'cdktf', load: () => (require('./micro') as typeof import('./micro')).microRawCdktf },
  'micro-cdk8s': { framework: 'cdk8s', load: () => (require('./micro') as typeof import('./micro')).microCdk8s },
};

/** The floor: the micro-reference's Terraform JSON built as plain objects and written with JSON.stringify. */
function microJson(tenants: number, outdir: string): { load: number; build: number; stringifyMs: number } {
  const { microTerraformJson } = require('./micro') as typeof import('./micro');
  const load = performance.now();
  const doc = microTerraformJson(tenants);
  const build = performance.now();
  const text = JSON.stringify(doc, null, 2);
  const stringifyMs = performance.now() - build;
  fs.mkdirSync(path.join(outdir, 'stacks', 'micro'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', 'micro', 'cdk.tf.json'), text);
  return { load, build, stringifyMs };
}

/**
 * With GOVLZ_BENCH_HEAP_SNAPSHOT=<file>: writes a V8 heap snapshot when the first stack file is opened for writing —
 * the gate has run, every body is built and held, nothing is written yet: the live heap near its peak
 * (`node bench/.out/bench/heap-summary.js <file>` sums it by constructor). For profiling only; the figures of a
 * run with it are not measurements.
 */
function snapshotAtFirstStack(file: string): void {
  const v8 = require('v8') as typeof import('v8');
  // The module object itself (the namespace import is read-only), the one the library's stack writer calls.
  const realFs = require('fs') as { openSync: typeof fs.openSync };
  const open = realFs.openSync;
  let done = false;
  realFs.openSync = function (this: unknown, ...args: Parameters<typeof fs.openSync>) {
    if (!done && String(args[0]).endsWith('cdk.tf.json')) {
      done = true;
      v8.writeHeapSnapshot(file);
    }
    return open.apply(this, args);
  } as typeof fs.openSync;
}

function main(): void {
  const boot = performance.now();
  const [name, tenantsArg, outdir, province] = process.argv.slice(2);
  const tenants = Number(tenantsArg);
  let load: number;
  let build: number;
  let stringifyMs: number | undefined;
  if (name === 'micro-json') {
    ({ load, build, stringifyMs } = microJson(tenants, outdir));
  } else if (name === 'review') {
    // `gov-lz review --out <outdir> [--base <province arg>]`, as the command runs it (tenants is unused).
    const { main: review } = require('../lib/review/cli') as typeof import('../lib/review/cli');
    load = performance.now();
    build = load;
    const args = ['review', '--out', outdir, ...(province ? ['--base', province] : []), '--output', path.join(os.tmpdir(), `govlz-bench-review-${process.pid}.md`)];
    const code = review(args, { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), cwd: process.cwd() });
    if (code !== 0 && code !== 1) throw new Error(`gov-lz review exited with ${code}`);
  } else {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${[...Object.keys(SCENARIOS), 'micro-json'].join(', ')}`);
    const { App } = require(scenario.framework) as { App: new (props: { outdir: string }) => SynthApp };
    const buildApp = scenario.load();
    load = performance.now();
    const app = new App({ outdir });
    if (process.env.GOVLZ_BENCH_HEAP_SNAPSHOT) snapshotAtFirstStack(process.env.GOVLZ_BENCH_HEAP_SNAPSHOT);
    buildApp(app, tenants, province);
    build = performance.now();
    app.synth();
  }
  const end = performance.now();
  const usage = process.resourceUsage();
  const report: ChildReport = {
    scenario: name,
    bootMs: boot,
    loadMs: load - boot,
    buildMs: build - load,
    synthMs: end - build,
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    stringifyMs,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) main();
