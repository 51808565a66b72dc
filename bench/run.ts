/**
 * `npm run bench [-- options]`: measures our synth against the raw-cdktf and cdk8s peers on the same
 * Kubernetes objects, each measurement in its own child process (fresh heap). See BENCHMARKS.md.
 *
 * Options:
 *   --quick                 100 and 1,000 tenants, one run each, no 32-province, micro or linearity run
 *   --sizes 100,1000        province sizes (tenants)
 *   --tools ours,raw-cdktf,cdk8s   (add ours-full: the benchmark province with every layer of the library on;
 *                           ours-obs: with the operations layer only, observability and alerting)
 *   --review N              gov-lz review of the output of the last tool of --tools at N tenants, alone and against
 *                           a base of N - 100 tenants (0 skips it; default 0)
 *   --repeat N              runs per point; the median is reported (default 3, 1 with --quick)
 *   --provinces N           provinces in the parallel run (default 32; 0 skips it)
 *   --province-tenants N    tenants per province in the parallel run (default 100)
 *   --workers N             parallel workers (default os.availableParallelism())
 *   --no-micro              skip the 5,000 × 3 micro-reference
 *   --linearity N           rounds of ours at 0, 500 and 5,000 tenants, interleaved, for the cost per tenant
 *                           (default 5, 0 with --quick)
 *   --linearity-tool T      the build the linearity run measures (default ours; ours-full: every layer on, as issue 22
 *                           judges the per-department cost)
 *   --node-flags "F …"      flags for node in every measured process, e.g. "--max-semi-space-size=64" (docs/scale.md
 *                           recommends it for large provinces); printed with the figures; default none, as an app runs
 *   --json FILE             also write the raw results as JSON
 */
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ChildReport } from './child';
import { MICRO_TENANTS } from './micro';

type Tool = 'ours' | 'ours-obs' | 'ours-full' | 'raw-cdktf' | 'cdk8s';
/** Compared by default: ours and the two peers on the same objects. `ours-full` (every layer on) is asked for with --tools. */
const TOOLS: Tool[] = ['ours', 'raw-cdktf', 'cdk8s'];
const KNOWN_TOOLS: Tool[] = [...TOOLS, 'ours-obs', 'ours-full'];

/** Sizes of the linearity run: the fixed cost, and the two sizes the per-tenant target compares. */
const LINEARITY_SIZES = [0, 500, 5000];

/** A point whose first run takes longer than this is not repeated (keeps the full run under ten minutes). */
const REPEAT_LIMIT_MS = 20_000;

interface Options {
  quick: boolean;
  sizes: number[];
  tools: Tool[];
  repeat: number;
  provinces: number;
  provinceTenants: number;
  workers: number;
  micro: boolean;
  /** Rounds of the linearity run (ours at 0, 500 and 5,000 tenants, interleaved); 0 skips it. */
  linearity: number;
  /** The build the linearity run measures. */
  linearityTool: Tool;
  /** Tenants of the reviewed output (0: no review run). */
  review: number;
  json?: string;
  /** Flags given to node for every measured process (none by default). */
  nodeFlags: string[];
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const numbers = (s: string) => s.split(',').map((x) => Number(x.trim()));
  const opts: Options = {
    quick,
    sizes: numbers(value('--sizes') ?? (quick ? '100,1000' : '100,500,1000,5000')),
    tools: (value('--tools')?.split(',') as Tool[] | undefined) ?? TOOLS,
    repeat: Number(value('--repeat') ?? (quick ? 1 : 3)),
    provinces: Number(value('--provinces') ?? (quick ? 0 : 32)),
    provinceTenants: Number(value('--province-tenants') ?? 100),
    workers: Number(value('--workers') ?? os.availableParallelism()),
    micro: !argv.includes('--no-micro') && !quick,
    linearity: Number(value('--linearity') ?? (quick ? 0 : 5)),
    linearityTool: (value('--linearity-tool') ?? 'ours') as Tool,
    review: Number(value('--review') ?? 0),
    json: value('--json'),
    nodeFlags: (value('--node-flags') ?? '').split(/\s+/).filter((f) => f !== ''),
  };
  for (const f of opts.nodeFlags) if (!/^--[a-z0-9-]+(=[A-Za-z0-9._-]+)?$/.test(f)) throw new Error(`not a node flag: ${f}`);
  for (const t of [...opts.tools, opts.linearityTool]) if (!KNOWN_TOOLS.includes(t)) throw new Error(`unknown tool ${t}; known: ${KNOWN_TOOLS.join(', ')}`);
  for (const n of [...opts.sizes, opts.repeat, opts.provinces, opts.provinceTenants, opts.workers, opts.linearity, opts.review]) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${n}`);
  }
  return opts;
}

/** One child run. */
interface Run extends ChildReport {
  readonly wallMs: number;
  /** Terraform resources, or Kubernetes manifests for cdk8s. */
  readonly resources: number;
  /** sha256 of the sorted `<stack>/<type>.<name>` addresses (Terraform outputs only). */
  readonly addressHash?: string;
}

const CHILD = path.join(__dirname, 'child.js');
/** Node flags for every measured process (--node-flags), set once the options are read. */
let NODE_FLAGS: string[] = [];

function runChild(scenario: string, tenants: number, province = 'bp', keepIn?: string): Promise<Run> {
  const outdir = keepIn ?? fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-bench-'));
  const start = process.hrtime.bigint();
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, CHILD, scenario, String(tenants), outdir, province], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      try {
        if (code !== 0) throw new Error(`${scenario} ${tenants} exited with ${code}:\n${stderr}`);
        const report = JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
        resolve({ ...report, wallMs, ...(scenario === 'review' ? { resources: 0 } : countOutput(outdir)) });
      } catch (e) {
        reject(e);
      } finally {
        if (!keepIn) fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  });
}

/** Counts what a run wrote: Terraform resources (with a hash of their addresses) or YAML manifests. */
function countOutput(outdir: string): { resources: number; addressHash?: string } {
  const stacks = path.join(outdir, 'stacks');
  if (fs.existsSync(stacks)) {
    const addresses: string[] = [];
    for (const stack of fs.readdirSync(stacks)) {
      const doc = JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
      for (const [type, byName] of Object.entries(doc.resource ?? {})) for (const name of Object.keys(byName)) addresses.push(`${stack}/${type}.${name}`);
    }
    addresses.sort();
    return { resources: addresses.length, addressHash: crypto.createHash('sha256').update(addresses.join('\n')).digest('hex').slice(0, 16) };
  }
  let resources = 0;
  for (const f of fs.readdirSync(outdir)) {
    if (f.endsWith('.yaml')) resources += (fs.readFileSync(path.join(outdir, f), 'utf8').match(/^kind: /gm) ?? []).length;
  }
  return { resources };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The median run of a point (by wall time), with the number of runs. */
interface Point {
  readonly tool: string;
  readonly tenants: number;
  readonly runs: number;
  readonly wallMs: number;
  /** User + system CPU time of the child (GC threads included). */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly resources: number;
  readonly addressHash?: string;
  readonly phases: { bootMs: number; loadMs: number; buildMs: number; synthMs: number; stringifyMs?: number };
  readonly walls: number[];
}

function toPoint(tool: string, tenants: number, runs: Run[]): Point {
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const mid = byWall[Math.floor((byWall.length - 1) / 2)];
  const hashes = new Set(runs.map((r) => r.addressHash));
  if (hashes.size > 1) throw new Error(`${tool} ${tenants}: runs wrote different resources`);
  return {
    tool,
    tenants,
    runs: runs.length,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMb: median(runs.map((r) => r.maxRssKb / 1024)),
    resources: mid.resources,
    addressHash: mid.addressHash,
    phases: { bootMs: mid.bootMs, loadMs: mid.loadMs, buildMs: mid.buildMs, synthMs: mid.synthMs, stringifyMs: mid.stringifyMs },
    walls: runs.map((r) => Math.round(r.wallMs)),
  };
}

/**
 * Measures several (scenario, tenants) cells interleaved (run 1 of each, then run 2 of each…) so that load
 * from other processes drifts over all of them alike. A cell whose first run exceeds the limit runs once.
 */
async function measure(cells: ReadonlyArray<readonly [string, number]>, repeat: number, log: (s: string) => void): Promise<Point[]> {
  const runs = cells.map(() => [] as Run[]);
  for (let i = 0; i < Math.max(1, repeat); i++) {
    for (const [c, [scenario, tenants]] of cells.entries()) {
      if (i > 0 && runs[c][0].wallMs > REPEAT_LIMIT_MS) continue;
      const r = await runChild(scenario, tenants);
      runs[c].push(r);
      log(`  ${scenario.padEnd(16)} ${String(tenants).padStart(5)} tenants  run ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s, ${(r.maxRssKb / 1024).toFixed(0)} MB, ${r.resources} resources`);
    }
  }
  return cells.map(([scenario, tenants], c) => toPoint(scenario, tenants, runs[c]));
}

/** N separate province apps, `workers` at a time. */
async function parallelProvinces(tool: Tool, provinces: number, tenants: number, workers: number): Promise<{ wallMs: number; maxRssMb: number; resources: number }> {
  const start = process.hrtime.bigint();
  const codes = Array.from({ length: provinces }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
  let next = 0;
  let maxRssKb = 0;
  let resources = 0;
  const worker = async () => {
    while (next < codes.length) {
      const code = codes[next++];
      const r = await runChild(tool, tenants, code);
      maxRssKb = Math.max(maxRssKb, r.maxRssKb);
      resources += r.resources;
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, provinces) }, worker));
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, maxRssMb: maxRssKb / 1024, resources };
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (x: number) => x.toFixed(0);
const ratio = (a?: number, b?: number) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '–');

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  NODE_FLAGS = opts.nodeFlags;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  // An old build copied package.json here; the library finds its package root by walking up (lib/private/package-root.ts).
  fs.rmSync(path.resolve(__dirname, '..', 'package.json'), { force: true });

  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  const loadBefore = load();
  log(`machine: ${machine}; load average ${loadBefore}`);
  log('warm-up (not recorded): one small run per tool');
  for (const tool of opts.tools) await runChild(tool, Math.min(...opts.sizes, 100));

  // The fixed cost of each tool (no tenant), to compute the cost per added tenant.
  const points: Point[] = [];
  const at = (tool: string, n: number) => points.find((p) => p.tool === tool && p.tenants === n);
  for (const n of [0, ...opts.sizes]) {
    points.push(
      ...(await measure(
        opts.tools.map((t) => [t, n] as const),
        opts.repeat,
        log,
      )),
    );
    const ours = at('ours', n);
    const raw = at('raw-cdktf', n);
    if (ours && raw && ours.addressHash !== raw.addressHash) {
      throw new Error(`at ${n} tenants ours and raw cdktf wrote different resources (another stack split? see TENANTS_PER_INDUSTRY in bench/spec.ts)`);
    }
    const k8s = at('cdk8s', n);
    if (ours && k8s && n > 0 && ours.resources !== k8s.resources) throw new Error(`at ${n} tenants ours wrote ${ours.resources} resources, cdk8s ${k8s.resources} manifests`);
  }

  // CPU time, not wall time: the baseline at 0 tenants is short enough for one busy second to swing it.
  const perTenant = (p: Point) => {
    const base = at(p.tool, 0);
    return base && p.tenants > 0 ? (p.cpuMs - base.cpuMs) / p.tenants : undefined;
  };

  const lines: string[] = [];
  lines.push('| tool | tenants | resources | wall s | CPU s | peak RSS MB | CPU ms per added tenant | ours ÷ tool (wall) | ours ÷ tool (RSS) | runs |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of points) {
    const ours = at('ours', p.tenants);
    const pt = perTenant(p);
    lines.push(
      `| ${p.tool} | ${p.tenants.toLocaleString('en')} | ${p.resources.toLocaleString('en')} | ${s(p.wallMs)} | ${s(p.cpuMs)} | ${mb(p.maxRssMb)} | ${pt === undefined ? '–' : pt.toFixed(2)} | ${p.tool.startsWith('ours') ? '–' : ratio(ours?.wallMs, p.wallMs)} | ${p.tool.startsWith('ours') ? '–' : ratio(ours?.maxRssMb, p.maxRssMb)} | ${p.runs} |`,
    );
  }
  lines.push('');
  lines.push('Phases of the median run (ms): boot = node start-up, load = requiring modules, build = construct tree, synth = writing the output.');
  lines.push('');
  lines.push('| tool | tenants | boot | load | build | synth |');
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const p of points) {
    const f = p.phases;
    lines.push(`| ${p.tool} | ${p.tenants.toLocaleString('en')} | ${f.bootMs.toFixed(0)} | ${f.loadMs.toFixed(0)} | ${f.buildMs.toFixed(0)} | ${f.synthMs.toFixed(0)} |`);
  }

  // Cost per added tenant, from runs at 0, 500 and 5,000 tenants made in the same minutes (interleaved), so
  // that a busy minute on the shared machine does not pass for super-linear growth.
  let linearity: { points: Point[]; wall: number[]; cpu: number[] } | undefined;
  if (opts.linearity > 0) {
    log(`linearity: ${opts.linearityTool} at ${LINEARITY_SIZES.map((n) => n.toLocaleString('en')).join(', ')} tenants, ${opts.linearity} interleaved rounds`);
    const lp = await measure(
      LINEARITY_SIZES.map((n) => [opts.linearityTool, n] as const),
      opts.linearity,
      log,
    );
    const [zero, ...rest] = lp;
    linearity = {
      points: lp,
      wall: rest.map((p) => (p.wallMs - zero.wallMs) / p.tenants),
      cpu: rest.map((p) => (p.cpuMs - zero.cpuMs) / p.tenants),
    };
    lines.push('');
    lines.push(`Cost per added tenant (${opts.linearityTool}; ${LINEARITY_SIZES.map((n) => n.toLocaleString('en')).join(', ')} tenants interleaved, ${opts.linearity} rounds, medians):`);
    lines.push('');
    lines.push('| tenants | wall s | CPU s | peak RSS MB | wall ms per added tenant | CPU ms per added tenant |');
    lines.push('|---:|---:|---:|---:|---:|---:|');
    for (const [i, p] of lp.entries()) {
      const w = i === 0 ? '–' : linearity.wall[i - 1].toFixed(2);
      const c = i === 0 ? '–' : linearity.cpu[i - 1].toFixed(2);
      lines.push(`| ${p.tenants.toLocaleString('en')} | ${s(p.wallMs)} | ${s(p.cpuMs)} | ${mb(p.maxRssMb)} | ${w} | ${c} |`);
    }
  }

  const parallel: Array<{ tool: Tool; wallMs: number; maxRssMb: number; resources: number }> = [];
  if (opts.provinces > 0) {
    log(`${opts.provinces} provinces × ${opts.provinceTenants} tenants, ${opts.workers} workers`);
    for (const tool of opts.tools) {
      const r = await parallelProvinces(tool, opts.provinces, opts.provinceTenants, opts.workers);
      log(`  ${tool}: ${s(r.wallMs)} s, max ${mb(r.maxRssMb)} MB`);
      parallel.push({ tool, ...r });
    }
    const ours = parallel.find((p) => p.tool === 'ours');
    lines.push('');
    lines.push(`${opts.provinces} provinces of ${opts.provinceTenants} tenants, each a separate app (process), ${opts.workers} at a time:`);
    lines.push('');
    lines.push('| tool | resources | total wall s | max RSS MB | ours ÷ tool (wall) |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const p of parallel) {
      lines.push(`| ${p.tool} | ${p.resources.toLocaleString('en')} | ${s(p.wallMs)} | ${mb(p.maxRssMb)} | ${p.tool.startsWith('ours') ? '–' : ratio(ours?.wallMs, p.wallMs)} |`);
    }
  }

  const reviews: Array<{ what: string; wallMs: number; maxRssMb: number }> = [];
  if (opts.review > 0) {
    const tool = opts.tools[opts.tools.length - 1];
    const head = fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-bench-head-'));
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-bench-base-'));
    try {
      log(`review: ${tool} at ${opts.review.toLocaleString('en')} tenants, alone and against ${(opts.review - 100).toLocaleString('en')}`);
      await runChild(tool, opts.review, 'bp', head);
      await runChild(tool, Math.max(0, opts.review - 100), 'bp', base);
      for (const [what, against] of [
        ['alone', undefined],
        [`against a base of ${(opts.review - 100).toLocaleString('en')}`, base],
      ] as const) {
        const r = await runChild('review', 0, against ?? '', head);
        reviews.push({ what, wallMs: r.wallMs, maxRssMb: r.maxRssKb / 1024 });
        log(`  review ${what}: ${s(r.wallMs)} s, ${mb(r.maxRssKb / 1024)} MB`);
      }
    } finally {
      fs.rmSync(head, { recursive: true, force: true });
      fs.rmSync(base, { recursive: true, force: true });
    }
    lines.push('');
    lines.push(`\`gov-lz review\` of the ${tool} output at ${opts.review.toLocaleString('en')} tenants (a fresh process each, module loading included):`);
    lines.push('');
    lines.push('| review | wall s | peak RSS MB |');
    lines.push('|---|---:|---:|');
    for (const r of reviews) lines.push(`| ${r.what} | ${s(r.wallMs)} | ${mb(r.maxRssMb)} |`);
  }

  const micro: Point[] = [];
  if (opts.micro) {
    log(`micro-reference: ${MICRO_TENANTS.toLocaleString('en')} tenants × 3 objects`);
    micro.push(
      ...(await measure(
        ['micro-raw-cdktf', 'micro-cdk8s', 'micro-json'].map((m) => [m, MICRO_TENANTS] as const),
        opts.repeat,
        log,
      )),
    );
    lines.push('');
    lines.push(`Micro-reference (the issue's): ${MICRO_TENANTS.toLocaleString('en')} tenants × 3 objects (namespace, quota, default-deny policy), one stack or chart:`);
    lines.push('');
    lines.push('| scenario | resources | wall s | peak RSS MB | in-process s (build + synth) |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const p of micro) {
      const inProcess =
        p.phases.stringifyMs !== undefined ? `${s(p.phases.buildMs + p.phases.synthMs)} (JSON.stringify ${p.phases.stringifyMs.toFixed(0)} ms)` : s(p.phases.buildMs + p.phases.synthMs);
      lines.push(`| ${p.tool} | ${p.resources.toLocaleString('en')} | ${s(p.wallMs)} | ${mb(p.maxRssMb)} | ${inProcess} |`);
    }
  }

  // Targets (issue #8): the 1,000-tenant province in ≤ 8 s and ≤ 600 MB, ≤ 0.5× raw cdktf, cost per tenant at 5,000 within 1.1× of 500.
  const targets: string[] = [];
  const o1000 = at('ours', 1000);
  const r1000 = at('raw-cdktf', 1000);
  if (o1000) {
    targets.push(`1,000 tenants in ≤ 8 s: ${s(o1000.wallMs)} s ${o1000.wallMs <= 8000 ? 'MET' : 'NOT MET'}`);
    targets.push(`1,000 tenants in ≤ 600 MB: ${mb(o1000.maxRssMb)} MB ${o1000.maxRssMb <= 600 ? 'MET' : 'NOT MET'}`);
    if (r1000) targets.push(`≤ 0.5× raw cdktf at 1,000: ${ratio(o1000.wallMs, r1000.wallMs)} ${o1000.wallMs <= 0.5 * r1000.wallMs ? 'MET' : 'NOT MET'}`);
  }
  const o500 = at('ours', 500);
  const o5000 = at('ours', 5000);
  const linear = (what: string, a: number, b: number) =>
    `cost per added tenant at 5,000 within 1.1× of 500 (${what}${linearity ? `, ${opts.linearityTool}` : ''}): ${b.toFixed(2)} / ${a.toFixed(2)} ms = ${(b / a).toFixed(2)}× ${b <= 1.1 * a ? 'MET' : 'NOT MET'}`;
  if (linearity) {
    targets.push(linear('wall, interleaved runs', linearity.wall[0], linearity.wall[1]));
    targets.push(linear('CPU, interleaved runs', linearity.cpu[0], linearity.cpu[1]));
  } else if (o500 && o5000) {
    targets.push(linear('CPU', perTenant(o500)!, perTenant(o5000)!));
  }
  for (const n of opts.sizes) {
    const o = at('ours', n);
    const k = at('cdk8s', n);
    if (o && k) targets.push(`vs cdk8s at ${n.toLocaleString('en')}: ${ratio(o.wallMs, k.wallMs)} wall, ${ratio(o.maxRssMb, k.maxRssMb)} RSS`);
  }
  // Targets (issue #22): every layer on at 5,000 in ≤ 5 s and ≤ cdk8s's memory on the base objects; the review; the nation.
  const f5000 = at('ours-full', 5000);
  if (f5000) {
    targets.push(`5,000 tenants, every layer, ≤ 5 s: ${s(f5000.wallMs)} s ${f5000.wallMs <= 5000 ? 'MET' : 'NOT MET'}`);
    const k = at('cdk8s', 5000);
    targets.push(`5,000 tenants, every layer, ≤ 503 MB: ${mb(f5000.maxRssMb)} MB ${f5000.maxRssMb <= 503 ? 'MET' : 'NOT MET'}${k ? ` (cdk8s on the base objects here: ${mb(k.maxRssMb)} MB)` : ''}`);
  }
  for (const [i, r] of reviews.entries()) {
    const limit = i === 0 ? { ms: 1000, mb: 300 } : { ms: 2000, mb: Infinity };
    targets.push(
      `review ${r.what} ≤ ${limit.ms / 1000} s${limit.mb < Infinity ? ` and ≤ ${limit.mb} MB` : ''}: ${s(r.wallMs)} s, ${mb(r.maxRssMb)} MB ${r.wallMs <= limit.ms && r.maxRssMb <= limit.mb ? 'MET' : 'NOT MET'}`,
    );
  }
  for (const p of parallel) {
    if (opts.provinces === 32 && opts.provinceTenants === 1000 && p.tool.startsWith('ours'))
      targets.push(`32 provinces × 1,000 (${p.tool}) ≤ 60 s: ${s(p.wallMs)} s, max ${mb(p.maxRssMb)} MB per process ${p.wallMs <= 60000 ? 'MET' : 'NOT MET'}`);
  }
  if (targets.length > 0) {
    lines.push('');
    lines.push('Targets:');
    lines.push('');
    for (const t of targets) lines.push(`- ${t}`);
  }

  lines.unshift(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; load average (1, 5, 15 min) ${loadBefore} at the start, ${load()} at the end.`,
    `Command: npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}; ${opts.repeat} run(s) per point, median reported (a point whose first run exceeds ${REPEAT_LIMIT_MS / 1000} s runs once).`,
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  log(`done in ${s(Date.now() - started)} s`);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ options: opts, points, linearity, parallel, micro, reviews }, null, 2));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
