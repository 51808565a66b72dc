/**
 * The props boundary for JavaScript callers. No prop of the public API takes `null`, a Symbol or a BigInt (the types
 * say "leave it out" for a default), yet a JavaScript caller — or props read from JSON — may pass them anywhere, and
 * code that reads `props.x.y` or writes `${props.x}` into a message would then fail with a TypeError far from the
 * cause. The constructs strip every such value from the props they are given (as if left out) and report each one at
 * the gate, with every other problem; props that are not an object at all are reported too.
 */
import type { IConstruct } from 'constructs';
import { LandingZoneContext, type ProblemLocation, type ProblemReporter } from './context';
import { LandingZoneError, Problem, showValue, stringOf } from './errors';

/** The props with every `null`, Symbol and BigInt inside plain objects and arrays removed, and what was where. */
export interface NullFreeProps<T> {
  readonly value: T;
  /** What was removed, in document order: its path (`a.b[2].c`; `''` for the props themselves) and a description. */
  readonly nulls: readonly RemovedValue[];
}

/** A value {@link stripNulls} removed. */
export interface RemovedValue {
  readonly path: string;
  /** `null`, or the type (`symbol`, `bigint`), or for props that are no object at all, their type. */
  readonly value: string;
}

/**
 * Removes every `null` reachable through plain objects and arrays (a `null` array element becomes a hole's
 * `undefined`, so indexes stay those the caller wrote), and every Symbol and BigInt likewise. Objects without one are
 * returned as they are — same identity, same output — except objects without a prototype, copied into plain ones; class
 * instances (constructs, enum-likes, RecoveryObjective…) are never entered.
 */
export function stripNulls<T>(props: T): NullFreeProps<T> {
  const { value, nulls } = prune(props, (v) => (v === null ? 'null' : typeof v === 'symbol' || typeof v === 'bigint' ? typeof v : undefined));
  // Props that are not an object at all (a string, a number, an array): the construct reads them as none given.
  if (props !== undefined && nulls.length === 0 && (typeof props !== 'object' || Array.isArray(props))) nulls.push({ path: '', value: Array.isArray(props) ? 'an array' : typeof props });
  return { value, nulls };
}

/**
 * Walks plain objects and arrays, removing each value `drop` describes (and recording it with its path); a plain
 * object or array is copied only when something in it goes (or it has no prototype), anything else is left as it is
 * and never entered.
 */
function prune<T>(props: T, drop: (v: unknown, at: string) => string | undefined): { value: T; nulls: RemovedValue[] } {
  const nulls: RemovedValue[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, at: string, depth: number): unknown => {
    const dropped = drop(v, at);
    if (dropped !== undefined) {
      nulls.push({ path: at, value: dropped });
      return undefined;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) return v;
    // No prop is nested this deep: deeper values (a hostile or broken input) go, before a walk of the library's overflows the stack.
    if (depth > MAX_PROPS_DEPTH) {
      nulls.push({ path: at, value: `value nested more than ${MAX_PROPS_DEPTH} levels deep` });
      return undefined;
    }
    try {
      return visitObject(v, at, depth);
    } catch (e) {
      // A getter or a Proxy that throws when read: nothing of the library can read it either.
      nulls.push({ path: at, value: `object that cannot be read (${e instanceof Error ? e.message : stringOf(e)})` });
      return undefined;
    }
  };
  const visitObject = (v: object, at: string, depth: number): unknown => {
    if (Array.isArray(v)) {
      seen.add(v);
      let copy: unknown[] | undefined;
      v.forEach((x, i) => {
        const y = visit(x, `${at}[${i}]`, depth + 1);
        if (y !== x) (copy ??= [...v])[i] = y;
      });
      return copy ?? v;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    seen.add(v);
    // An object without a prototype (Object.create(null), some parsers' output) becomes a plain one: it has no
    // toString, so every message that writes it (`${props.name}`) would throw a TypeError instead of reporting it.
    let copy: Record<string, unknown> | undefined = proto === null ? copyOf(v as Record<string, unknown>, Object.prototype) : undefined;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const y = visit(x, at ? `${at}.${k}` : k, depth + 1);
      if (y !== x) {
        copy ??= copyOf(v as Record<string, unknown>, proto as object | null);
        if (y === undefined) delete copy[k];
        else define(copy, k, y);
      }
    }
    return copy ?? v;
  };
  return { value: visit(props, '', 0) as T, nulls };
}

/** How deep props may nest (the deepest of the landing zone's, a published contract's node pool labels, is five). */
export const MAX_PROPS_DEPTH = 32;

/** A shallow copy by defineProperty: a key such as `__proto__` stays a plain key of the copy, as it was in the original. */
function copyOf(v: Record<string, unknown>, proto: object | null): Record<string, unknown> {
  const copy = Object.create(proto) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) define(copy, k, x);
  return copy;
}

function define(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/** Reports, at the gate, each `null` that {@link stripNulls} removed from the props of `scope`. */
export function reportNulls(scope: IConstruct, nulls: readonly RemovedValue[], what: string): void {
  if (nulls.length === 0) return;
  LandingZoneContext.of(scope).addCheck((r) => reportRemoved(r, scope, nulls, what));
}

/** Reports each value {@link stripNulls} removed from the props of `scope` (a construct or a model path; `what` names them: "tenant props"), now. */
export function reportRemoved(r: ProblemReporter, scope: ProblemLocation, nulls: readonly RemovedValue[], what: string): void {
  for (const { path: at, value } of nulls) {
    r.error(scope, {
      code: 'invalid-value',
      value: value === 'null' ? null : `(${value})`,
      message: at === '' ? `${what}: ${value} was given instead of an object` : `${what} ${at} is ${removedText(value)}; no prop of the landing zone takes one`,
      fix: at === '' ? `give the ${what} as an object` : `leave ${at} out (undefined) for its default, or give it a value of the documented type`,
    });
  }
}

/** A removed value's description as a message reads it: `null`, `a symbol`, `an object that cannot be read (…)`. */
export function removedText(value: string): string {
  return value === 'null' ? 'null' : `${/^[aeiou]/i.test(value) ? 'an' : 'a'} ${value}`;
}

/**
 * A positional argument (a code, a name, an id) as the library reads it before checking it: a symbol, or an object
 * without a prototype — which a message cannot write (`${code}` throws a TypeError) — becomes the text
 * {@link showValue} gives it (`Symbol(x)`, `{}`), which the checks then report as the invalid value it is; anything else
 * is returned as it is.
 */
export function positional<T>(value: T): T {
  if (typeof value === 'symbol') return showValue(value) as unknown as T;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === null) return stripNulls(value).value;
  return value;
}

/** {@link stripNulls} then {@link reportNulls}: the props as the construct should read them. */
export function nullFreeProps<T>(scope: IConstruct, props: T, what: string): T {
  const { value, nulls } = stripNulls(props);
  reportNulls(scope, nulls, what);
  return value;
}

/** A reference a construct cannot be built without (a hub, a tenant, a factory), as {@link requireReferences} checks it. */
export interface RequiredReference {
  /** Whether the value is usable. */
  readonly test: (value: unknown) => boolean;
  /** What it must be, for the message ("the hub the industry cloud belongs to"). */
  readonly expected: string;
  /** How to give it. */
  readonly fix: string;
}

/**
 * Checks the references a construct reads while it is being built (a JavaScript caller may leave them out or pass
 * anything): one LandingZoneError with a problem for each one missing or of the wrong kind, before the constructor
 * reads them. Everything else in the props is checked at the gate as usual.
 */
export function requireReferences(scope: IConstruct, what: string, props: unknown, required: Readonly<Record<string, RequiredReference>>): void {
  const given = props !== null && typeof props === 'object' ? (props as Record<string, unknown>) : {};
  const problems: Problem[] = [];
  for (const [key, ref] of Object.entries(required)) {
    const value = Object.prototype.hasOwnProperty.call(given, key) || key in given ? given[key] : undefined;
    if (ref.test(value)) continue;
    problems.push({
      path: scope.node.path,
      code: value === undefined || value === null ? 'missing-value' : 'invalid-value',
      value: value === null || typeof value !== 'object' ? (typeof value === 'function' ? '(a function)' : value) : Object.prototype.toString.call(value),
      message: `${what} prop ${key} must be ${ref.expected}; ${value === undefined ? 'it is missing' : `got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`}`,
      fix: ref.fix,
    });
  }
  if (problems.length > 0) throw new LandingZoneError(problems, `the ${what} could not be built`);
}

/** Whether `x` is an object with all the given members (what a reference test usually asks). */
export function hasMembers(x: unknown, ...members: string[]): boolean {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && members.every((m) => (x as Record<string, unknown>)[m] !== undefined);
}

/**
 * {@link stripNulls}, and also every function and class instance (a Date, a Map…) inside plain objects and arrays: for
 * props that are data only and reach Terraform JSON as they are (a backend block, a provider's connection), where
 * cdktf would refuse a function with a plain Error while it writes.
 */
export function stripNonData<T>(props: T): NullFreeProps<T> {
  const first = stripNulls(props);
  const second = prune(first.value, (v, at) => {
    const instance = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null;
    if (at === '' || (typeof v !== 'function' && !instance)) return undefined;
    const tag = Object.prototype.toString.call(v).slice(8, -1);
    return typeof v === 'function' ? 'function' : tag === 'Object' ? 'class instance' : tag;
  });
  return { value: second.value, nulls: [...first.nulls, ...second.nulls] };
}
