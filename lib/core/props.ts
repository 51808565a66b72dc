/**
 * The props boundary for JavaScript callers. No prop of the public API takes `null`, a Symbol or a BigInt (the types
 * say "leave it out" for a default), yet a JavaScript caller — or props read from JSON — may pass them anywhere, and
 * code that reads `props.x.y` or writes `${props.x}` into a message would then fail with a TypeError far from the
 * cause. The constructs strip every such value from the props they are given (as if left out) and report each one at
 * the gate, with every other problem; props that are not an object at all are reported too.
 */
import type { IConstruct } from 'constructs';
import { LandingZoneContext } from './context';

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
 * `undefined`, so indexes stay those the caller wrote). Objects without a `null` are returned as they are — same
 * identity, same output — and class instances (constructs, enum-likes, RecoveryObjective…) are never entered.
 */
export function stripNulls<T>(props: T): NullFreeProps<T> {
  const nulls: RemovedValue[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, at: string): unknown => {
    if (v === null || typeof v === 'symbol' || typeof v === 'bigint') {
      nulls.push({ path: at, value: v === null ? 'null' : typeof v });
      return undefined;
    }
    if (typeof v !== 'object' || seen.has(v)) return v;
    if (Array.isArray(v)) {
      seen.add(v);
      let copy: unknown[] | undefined;
      v.forEach((x, i) => {
        const y = visit(x, `${at}[${i}]`);
        if (y !== x) (copy ??= [...v])[i] = y;
      });
      return copy ?? v;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    seen.add(v);
    let copy: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const y = visit(x, at ? `${at}.${k}` : k);
      if (y !== x) {
        copy ??= copyOf(v as Record<string, unknown>, proto as object | null);
        if (y === undefined) delete copy[k];
        else define(copy, k, y);
      }
    }
    return copy ?? v;
  };
  const value = visit(props, '') as T;
  // Props that are not an object at all (a string, a number, an array): the construct reads them as none given.
  if (props !== undefined && nulls.length === 0 && (typeof props !== 'object' || Array.isArray(props))) nulls.push({ path: '', value: Array.isArray(props) ? 'an array' : typeof props });
  return { value, nulls };
}

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
  LandingZoneContext.of(scope).addCheck((r) => {
    for (const { path: at, value } of nulls) {
      r.error(scope, {
        code: 'invalid-value',
        value: value === 'null' ? null : `(${value})`,
        message: at === '' ? `${what}: ${value} was given instead of an object` : `${what} ${at} is ${value === 'null' ? 'null' : `a ${value}`}; no prop of the landing zone takes one`,
        fix: at === '' ? `give the ${what} as an object` : `leave ${at} out (undefined) for its default, or give it a value of the documented type`,
      });
    }
  });
}

/** {@link stripNulls} then {@link reportNulls}: the props as the construct should read them. */
export function nullFreeProps<T>(scope: IConstruct, props: T, what: string): T {
  const { value, nulls } = stripNulls(props);
  reportNulls(scope, nulls, what);
  return value;
}
