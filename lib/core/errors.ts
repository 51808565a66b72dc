import { redactCredentials } from './credentials';

/**
 * One problem found while checking a landing zone.
 */
export interface Problem {
  /** Construct path of the element at fault, e.g. `zj-health/wjw`; model elements that are not constructs add `/clusters/<name>`. */
  readonly path: string;
  /** The offending value, as given (a credential in it masked: `user:***@host`). */
  readonly value: unknown;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to change to make it right. */
  readonly fix: string;
  /** Stable machine-readable kind, e.g. `invalid-name`, `duplicate`, `over-capacity`. */
  readonly code: string;
  /** Problems that follow from this one (a misspelled cluster makes recovery and compliance checks fail too). @default - none */
  readonly consequences?: readonly Problem[];
}

/**
 * Renders a value for a message: strings quoted, objects as compact JSON. Never throws, whatever a JavaScript caller
 * passed: a symbol, a function, a bigint, an object without a prototype or whose conversion throws.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  // NaN and Infinity as themselves (JSON would show null).
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  // Symbols and functions have no JSON; bigints and cycles throw.
  if (typeof json !== 'string') json = stringOf(value);
  return json.length > 200 ? json.slice(0, 197) + '...' : json;
}

/**
 * A value as text, for a message that names what was given: a string as it is, anything else as {@link showValue}
 * shows it. Use it where a message interpolates a caller's value before its type is known to be right: `${x}` throws
 * on a symbol or an object without a prototype.
 */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : showValue(value);
}

/** `String(value)`, which never throws: an object without a prototype, or whose toString throws, as its tag (`[object Object]`). */
export function stringOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    // An object without a prototype, or whose toString throws.
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '(a value that cannot be shown)';
    }
  }
}

/** Formats one problem as the lines a platform engineer reads in the terminal. */
export function formatProblem(p: Problem, index?: number): string {
  const head = index === undefined ? '' : `${index + 1}. `;
  const pad = ' '.repeat(head.length);
  const main = `${head}[${p.code}] ${p.path}\n${pad}value: ${showValue(p.value)}\n${pad}problem: ${p.message}\n${pad}fix: ${p.fix}`;
  const c = p.consequences ?? [];
  if (c.length === 0) return main;
  const n = c.length;
  return `${main}\n${pad}and ${n} consequence${n === 1 ? '' : 's'} (fixing the above fixes ${n === 1 ? 'it' : 'them'}):\n${c.map((x) => `${pad}  - [${x.code}] ${x.path}: ${x.message}`).join('\n')}`;
}

/**
 * Every problem found in one synth, reported together.
 *
 * The message lists each problem with its construct path, the offending value and the fix.
 * The stack trace is replaced by the message: a trace is never the only thing a user sees.
 */
export class LandingZoneError extends Error {
  /** Marks instances across copies of the library (`instanceof` fails when two copies are installed). */
  public static isLandingZoneError(x: unknown): x is LandingZoneError {
    return typeof x === 'object' && x !== null && (x as { [LZE]?: boolean })[LZE] === true;
  }

  declare public readonly problems: readonly Problem[];

  constructor(given: readonly Problem[], context = 'nothing was written to the output directory') {
    // Whatever check raised them, a credential a problem quotes (a URL's password in a value, a host with its
    // userinfo in a rule's message) is masked before anyone sees it: terminals and CI logs are not for secrets.
    const problems = given.map(redactProblem);
    const n = problems.length;
    const message = `${n} problem${n === 1 ? '' : 's'} found in the landing zone; ${context}.\n\n` + problems.map((p, i) => formatProblem(p, i)).join('\n\n') + '\n';
    super(message);
    this.name = 'LandingZoneError';
    // Not enumerable: Node prints an uncaught error's own properties, and the message already lists them.
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
    Object.defineProperty(this, LZE, { value: true });
    // A user runs `cdktf synth`; what they need is the list above, not where in our code it was raised.
    this.stack = `${this.name}: ${message}`;
  }
}

const LZE = Symbol.for('cdktf-gov-landing-zone.LandingZoneError');

/** A problem with every credential in its text and value masked ({@link redactCredentials}); unchanged parts are kept as they are. */
function redactProblem(p: Problem): Problem {
  const text = (x: string) => (typeof x === 'string' ? redactCredentials(x) : x);
  const value = redactValue(p.value, 0);
  const out: Problem = { ...p, path: text(p.path), message: text(p.message), fix: text(p.fix), value };
  return p.consequences ? { ...out, consequences: p.consequences.map(redactProblem) } : out;
}

function redactValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return redactCredentials(v);
  if (v === null || typeof v !== 'object' || depth > 8) return v;
  if (Array.isArray(v)) {
    const mapped = v.map((x) => redactValue(x, depth + 1));
    return mapped.some((x, i) => x !== v[i]) ? mapped : v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = redactValue(x, depth + 1);
    if (out[k] !== x) changed = true;
  }
  return changed ? out : v;
}
