/**
 * Where the user's code declared a construct: the first stack frame outside this library and outside
 * node_modules when the construct was made, as a file relative to the source root (the nearest folder above the
 * working directory that holds `.git`, else the working directory) and a line.
 *
 * The trace is captured when the construct is made and formatted only when a report asks for the site: V8 formats
 * an Error's stack on its first read, through the source maps then installed (ts-node, jest), so lines are those of
 * the TypeScript source; the library's and node_modules' frames are dropped before that formatting. Capturing costs microseconds per construct (5,105 captures took 33 ms of the 15.5 s of CPU
 * a 5,000-tenant province synthesizes in), so it is always on; formatting happens for findings only.
 *
 * The landing zone's constructs record themselves; a construct of another package (an ISV offering) calls
 * `recordDeclaration(this)` in its constructor to have findings point at its users' code instead of its scope's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';

/** A line of a source file, relative to the source root (`/` separators). */
export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

interface Capture {
  readonly trace: Error;
  site?: SourceLocation | null;
}

const captures = new WeakMap<object, Capture>();
/** This library's own code: lib/ when run from source, dist/ when installed. */
const LIBRARY = path.resolve(__dirname, '..') + path.sep;
const FRAMES = 40;

/** Records where `subject` (a construct, or a plain object such as a suppression) is being made. */
export function recordDeclaration(subject: object): void {
  if (captures.has(subject)) return;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  const trace = new Error();
  Error.stackTraceLimit = limit;
  captures.set(subject, { trace });
}

/** Where `subject` itself was declared, or null when that was not recorded or not found in the user's files. */
export function ownDeclaration(subject: object): SourceLocation | null {
  const c = captures.get(subject);
  if (!c) return null;
  if (c.site === undefined) c.site = firstUserFrame(userFramesOnly(c.trace));
  return c.site;
}

/**
 * The trace's stack as the installed formatter (source maps) writes it, but of its candidate frames only: frames of
 * this library and of node_modules are left out before formatting, so that only the user's files have their source
 * maps read (jest reads a file's map once per test file; the library's frames are most of the stack).
 */
function userFramesOnly(trace: Error): string {
  const format = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    const candidates = frames.filter((f) => {
      const file = f.getFileName() ?? '';
      return !file.startsWith(LIBRARY) && !file.split(/[\\/]/).includes('node_modules');
    });
    return format ? format(error, candidates) : `${String(error)}${candidates.map((f) => `\n    at ${f.toString()}`).join('')}`;
  };
  try {
    return trace.stack ?? '';
  } finally {
    Error.prepareStackTrace = format;
  }
}

/** Where a construct was declared: its own site, else that of the nearest scope above it with one. */
export function declarationOf(construct: IConstruct): SourceLocation | null {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const site = ownDeclaration(c);
    if (site) return site;
  }
  return null;
}

const FRAME = /\(?((?:[A-Za-z]:)?[^():\s][^():]*):(\d+):(\d+)\)?\s*$/;

function firstUserFrame(stack: string): SourceLocation | null {
  const root = sourceRoot();
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (!path.isAbsolute(file) || file.startsWith(LIBRARY) || file.split(/[\\/]/).includes('node_modules')) continue;
    const rel = path.relative(root, file);
    // Outside the source root, or gone: not a file a reader of the report can open.
    if (rel.startsWith('..') || path.isAbsolute(rel) || !fs.existsSync(file)) return null;
    return { file: rel.split(path.sep).join('/'), line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}

let cachedRoot: { cwd: string; root: string } | undefined;

/** The nearest folder at or above the working directory holding `.git`; the working directory when there is none. */
export function sourceRoot(): string {
  const cwd = process.cwd();
  if (cachedRoot?.cwd === cwd) return cachedRoot.root;
  let root = cwd;
  for (let d = cwd; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) {
      root = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  cachedRoot = { cwd, root };
  return root;
}
