/** `gov-lz drift`: the command's argument handling (the report is built by drift.ts). */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { buildDrift, driftMarkdown, driftSarif } from './drift';
import { readSynthOutput, ReviewInputError } from './inputs';
import { parsePlanArgument } from './plan';

/** What the command needs from the command line's shell (cli.ts). */
export interface DriftCliHelpers {
  readonly resolve: (p: string) => string;
  readonly emit: (output: string | undefined, text: string) => void;
  readonly usage: (message: string) => number;
  /** Prints the command line's help; returns exit code 0. */
  readonly help: () => number;
}

const FAIL_ON = ['drift', 'finding'] as const;

/** Runs `gov-lz drift`; returns the exit code (0 written, 1 a --fail-on condition holds, 2 usage). */
export function drift(argv: readonly string[], io: { stdout: (t: string) => void; stderr: (t: string) => void }, h: DriftCliHelpers): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      plan: { type: 'string', multiple: true },
      out: { type: 'string' },
      format: { type: 'string', default: 'md' },
      output: { type: 'string' },
      'fail-on': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return h.help();
  const format = values.format!;
  if (format !== 'md' && format !== 'json' && format !== 'sarif') return h.usage(`--format must be md, json or sarif, not "${format}"`);
  const failOn: string[] = [];
  for (const f of (values['fail-on'] ?? [])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!(FAIL_ON as readonly string[]).includes(f)) return h.usage(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${f}"`);
    failOn.push(f);
  }
  const plans = [...(values.plan ?? []), ...positionals].map(parsePlanArgument).map((p) => ({ ...p, file: h.resolve(p.file), shownAs: p.file }));
  if (plans.length === 0) return h.usage('give at least one plan file (terraform plan -refresh-only -json > plan.json)');
  const outDir = values.out ?? 'cdktf.out';
  let inventory;
  if (values.out !== undefined || fs.existsSync(h.resolve(outDir))) {
    const synth = readSynthOutput(h.resolve(outDir), outDir);
    inventory = synth.inventory;
    if (!inventory) throw new ReviewInputError(`${outDir} has no gov-lz/inventory.json: owners cannot be named (synthesize the landing zone first, or leave --out out)`);
  }
  const report = buildDrift(plans, inventory);
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'sarif' ? JSON.stringify(driftSarif(report), null, 2) + '\n' : driftMarkdown(report);
  h.emit(values.output, text);
  const findings = report.resources.filter((r) => r.rules.length > 0).length;
  const failed = failOn.filter((f) => (f === 'drift' ? report.resources.length > 0 : findings > 0));
  if (failed.length > 0) {
    io.stderr(`gov-lz: drift fails on ${failed.join(', ')} (drifted: ${report.resources.length}, breaking an MLPS rule: ${findings})\n`);
    return 1;
  }
  return 0;
}
