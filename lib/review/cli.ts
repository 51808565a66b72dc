/**
 * `gov-lz`: the command line. Thin: parses arguments (node:util parseArgs), calls the review, writes the
 * result and sets the exit code. bin/gov-lz.js (installed packages) and bin/gov-lz.ts (this repository) call
 * {@link main}.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { libraryVersion } from '../private/version';
import { drift } from './drift-cli';
import { gitlabSastReport, readComplianceSarif, readSarifFile } from './gitlab-sast';
import { diagnoseSynthOutput, outputFoldersOf } from './input-diagnosis';
import { openSynthOutput, ReviewInputError } from './inputs';
import { renderMarkdown, DEFAULT_MAX_CHARS } from './markdown';
import type { FailOn } from './model';
import { parsePlanArgument } from './plan';
import { buildReview } from './review';

/** Exit codes of `gov-lz`. */
export const ExitCode = {
  /** The review was written and no `--fail-on` condition holds. */
  OK: 0,
  /** The review was written and a `--fail-on` condition holds (destructive change, compliance error…). */
  FAILED_CHECK: 1,
  /** Bad arguments or unreadable input; nothing was written. */
  USAGE: 2,
} as const;

/** Where the command writes: injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const FAIL_ON: readonly FailOn[] = ['destructive', 'delete', 'error', 'warning'];

export const USAGE = `Usage: gov-lz review [options]

Reviews a synthesized landing zone (cdktf.out) for a pull request: summary, topology, quota versus
capacity, isolation and grants, recovery, compliance; with --base, what the change does; with --plan,
what Terraform will do, per tenant.

Options:
  --out <dir>          the synthesized output to review (default: cdktf.out)
  --base <dir>         a synthesized output to compare with (e.g. of the target branch)
  --plan <file>        Terraform plan JSON (terraform show -json plan.out); repeat for several stacks;
                       write <stack>=<file> to name the stack the plan belongs to
  --format <md|json>   Markdown for a PR comment (default) or JSON for machines
  --output <file>      write to a file instead of standard output
  --fail-on <what>     exit 1 when it holds; repeat or separate with commas:
                         destructive  a namespace, database, middleware, volume, backup schedule or
                                      chart is deleted, anything is replaced, moved between stacks
                                      without import and removed blocks (movedFrom, previousShards),
                                      the primary of a PostgreSQL database spanning sites changes,
                                      or a tenant, placement, offering or industry cloud is removed
                         delete       any resource is deleted, replaced or moved
                         error        the compliance report has errors (a report written by
                                      synth never has: synth stops on them first)
                         warning      the compliance report has open warnings
  --max-chars <n>      size limit of the Markdown (default: ${DEFAULT_MAX_CHARS})
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 review written; 1 review written and a --fail-on condition holds; 2 bad arguments or input.

Usage: gov-lz drift [options] [<plan.json> …]

What changed on the clusters outside Terraform: reads terraform plan -refresh-only -json output (the
message stream of \`terraform plan -refresh-only -json\`, or \`terraform show -json\` of a refresh-only plan),
one file per stack, and names each drifted resource, its department (or the hub) and the MLPS rules whose
guarantee the change breaks.

Options:
  --plan <file>              a plan file; repeat, or give files as arguments; <stack>=<file> names its stack
  --out <dir>                the synthesized output, for owners (default: cdktf.out when it exists)
  --format <md|json|sarif>   Markdown (default), JSON, or SARIF 2.1.0 for code scanning
  --output <file>            write to a file instead of standard output
  --fail-on <what>           exit 1 when it holds: drift (anything drifted), finding (a drift breaks an
                             MLPS rule); repeat or separate with commas

Exit codes: 0 report written; 1 report written and a --fail-on condition holds; 2 bad arguments or input.

Usage: gov-lz gitlab-sast [--out <dir> | --sarif <file>] [--output <file>]

Writes the open findings of <dir>/gov-lz/compliance.sarif (default cdktf.out), or of a SARIF log written with
GOVLZ_SARIF=<file> (it is written even when synth fails on compliance errors), as a GitLab SAST report
(artifacts:reports:sast), at the same files and lines; suppressed findings are left out. Exit codes: 0 written;
2 bad arguments or no SARIF log.
`;

function defaultIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() };
}

/** Runs `gov-lz` with the arguments after the program name; returns the exit code. */
export function main(argv: readonly string[], io: CliIo = defaultIo()): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (ReviewInputError.isReviewInputError(e) || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`gov-lz: ${oneLine((e as Error).message)}\n`);
      return ExitCode.USAGE;
    }
    // Anything else comes from an input of a shape no check foresaw (a wrong-shaped file): which file, by its schema.
    const diagnosis = diagnose(argv, io);
    if (diagnosis) {
      io.stderr(`gov-lz: ${oneLine(diagnosis)}\n`);
      return ExitCode.USAGE;
    }
    // Else one line, never a trace.
    const err = e as Error;
    io.stderr(
      `gov-lz: the input could not be reviewed: ${oneLine(`${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`)} (check that --out, --base and --plan are what cdktf synth and terraform show -json wrote)\n`,
    );
    return ExitCode.USAGE;
  }
}

function diagnose(argv: readonly string[], io: CliIo): string | undefined {
  try {
    for (const dir of outputFoldersOf(argv)) {
      const found = fs.existsSync(resolveIn(io, dir)) ? diagnoseSynthOutput(resolveIn(io, dir), dir) : undefined;
      if (found) return found;
    }
  } catch {
    // the diagnosis is a courtesy: the generic message follows
  }
  return undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 1000);
}

function run(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${libraryVersion()}\n`);
    return ExitCode.OK;
  }
  if (command === 'gitlab-sast') return gitlabSast(rest, io);
  if (command === 'drift')
    return drift(rest, io, { resolve: (p) => resolveIn(io, p), emit: (output, text) => emit(io, output, text), usage: (m) => usage(io, m), help: () => (io.stdout(USAGE), ExitCode.OK) });
  if (command !== 'review') {
    io.stderr(`gov-lz: unknown command "${command}"; the command is \`gov-lz review\`, \`gov-lz drift\` or \`gov-lz gitlab-sast\` (gov-lz --help)\n`);
    return ExitCode.USAGE;
  }
  const { values } = parseArgs({
    args: [...rest],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string', default: 'cdktf.out' },
      base: { type: 'string' },
      plan: { type: 'string', multiple: true },
      format: { type: 'string', default: 'md' },
      output: { type: 'string' },
      'fail-on': { type: 'string', multiple: true },
      'max-chars': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return ExitCode.OK;
  }
  if (values.version) {
    io.stdout(`${libraryVersion()}\n`);
    return ExitCode.OK;
  }
  const format = values.format!;
  if (format !== 'md' && format !== 'json') return usage(io, `--format must be md or json, not "${format}"`);
  const failOn: FailOn[] = [];
  for (const f of (values['fail-on'] ?? [])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!FAIL_ON.includes(f as FailOn)) return usage(io, `--fail-on must be one of ${FAIL_ON.join(', ')}, not "${f}"`);
    failOn.push(f as FailOn);
  }
  let maxChars = DEFAULT_MAX_CHARS;
  if (values['max-chars'] !== undefined) {
    maxChars = Number(values['max-chars']);
    if (!Number.isInteger(maxChars) || maxChars < 1000) return usage(io, `--max-chars must be a whole number of at least 1000, not "${values['max-chars']}"`);
  }

  // Paths are read resolved but shown as given, so the review does not depend on the machine it ran on.
  const resolve = (p: string) => resolveIn(io, p);
  // Through the review index when each output has a valid one: no stack is parsed unless a body is compared.
  // Both outputs' files are hashed (a second thread) while their indexes and, for a comparison, inventories are parsed.
  const compares = values.base !== undefined || (values.plan ?? []).length > 0;
  const openedHead = openSynthOutput(resolve(values.out!), values.out!, undefined, { index: true, inventory: compares });
  const openedBase = values.base !== undefined ? openSynthOutput(resolve(values.base), values.base, undefined, { index: true, inventory: true }) : undefined;
  const head = openedHead.finish();
  const base = openedBase?.finish();
  const plans = (values.plan ?? []).map(parsePlanArgument).map((p) => ({ ...p, file: resolve(p.file), shownAs: p.file }));
  const review = buildReview({ head, base, plans, failOn });
  const text = format === 'json' ? JSON.stringify(review, null, 2) + '\n' : renderMarkdown(review, { maxChars });
  emit(io, values.output, text);
  for (const f of failOn.filter((x) => x === 'error' || x === 'warning')) {
    if (review.verdict.compliance === 'not-evaluated') io.stderr(`gov-lz: --fail-on ${f}: the output has no gov-lz/compliance.json, so there are no compliance ${f}s to check\n`);
  }
  if (review.verdict.failed.length > 0) {
    io.stderr(
      `gov-lz: review fails on ${review.verdict.failed.join(', ')} (destructive changes: ${review.verdict.destructive + review.verdict.destructiveDomain}, deletes: ${review.verdict.deletes}, compliance errors: ${review.verdict.complianceErrors}, warnings: ${review.verdict.complianceWarnings})\n`,
    );
    return ExitCode.FAILED_CHECK;
  }
  return ExitCode.OK;
}

/** `gov-lz gitlab-sast`: compliance.sarif as a GitLab SAST report. */
function gitlabSast(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: { out: { type: 'string' }, sarif: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(USAGE);
    return ExitCode.OK;
  }
  if (values.out !== undefined && values.sarif !== undefined) return usage(io, 'give --out or --sarif, not both');
  const log = values.sarif !== undefined ? readSarifFile(resolveIn(io, values.sarif), values.sarif) : readComplianceSarif(resolveIn(io, values.out ?? 'cdktf.out'), values.out ?? 'cdktf.out');
  const text = JSON.stringify(gitlabSastReport(log), null, 2) + '\n';
  emit(io, values.output, text);
  return ExitCode.OK;
}

function resolveIn(io: CliIo, p: string): string {
  return path.isAbsolute(p) ? p : path.join(io.cwd, p);
}

/** Writes a command's result to `--output` (folders made as needed), or to standard output. */
function emit(io: CliIo, output: string | undefined, text: string): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  const file = resolveIn(io, output);
  try {
    makeFolders(path.dirname(file));
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new ReviewInputError(`cannot write --output ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * `mkdir -p` one folder at a time. Node's own recursive mkdir never returns where a folder exists and yet refuses
 * children with ENOENT (procfs, sysfs: `--output /proc/x/y` spun forever); here that is the error it is.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) fs.mkdirSync(d);
}

function usage(io: CliIo, message: string): number {
  io.stderr(`gov-lz: ${message}\n\n${USAGE}`);
  return ExitCode.USAGE;
}
