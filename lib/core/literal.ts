import { holdsTokenMarker } from '../private/terraform-json';
import type { ProblemLocation, ProblemReporter } from './context';

/**
 * Reports every string in `props` that carries a cdktf token. The landing zone's props are names and text known
 * at synth (names, not tokens: DESIGN §4); a token there would be written as an expression, and text shaped like a
 * token marker (`${TfToken[…]}`) would be resolved as one. Only plain data is walked: constructs, enum-like
 * values and backends are not props of this kind.
 */
export function checkLiteralProps(r: ProblemReporter, at: ProblemLocation, props: unknown, what: string): void {
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (holdsTokenMarker(value)) {
        r.error(at, {
          code: 'token-in-props',
          value,
          message: `${what}${path ? ` ${path}` : ''} holds a cdktf token (or text shaped like one, \${TfToken[…]}); the landing zone writes its props as literal text and needs them at synth`,
          fix: 'give the literal value; pass names, not tokens (a value known only at plan time cannot name a namespace, a label or a report entry)',
        });
      }
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
      return;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (holdsTokenMarker(k)) visit(k, path ? `${path} (a key)` : '(a key)');
      visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(props, '');
}
