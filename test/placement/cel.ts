/**
 * Runs a ValidatingAdmissionPolicy's CEL the way the API server does — variables in order, then each
 * validation, then its message expression — with @bufbuild/cel and its strings extension (Kubernetes CEL
 * has the same `join`, `split`…).
 */
import { isCelError, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** JSON → CEL input: objects as maps, whole numbers as int. */
export function toCel(v: unknown): any {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

/** Evaluates one expression; a CEL error fails the test. */
export function evaluate(expr: string, bindings: Record<string, unknown>): unknown {
  const out = run(expr, bindings as any, { funcs: strings });
  if (isCelError(out)) throw new Error(`${expr}: ${String((out as any).message ?? out)}`);
  return out;
}

/** Admission of one pod by a policy manifest: undefined when admitted, else the message. */
export function admit(policy: any, object: unknown): string | undefined {
  const obj = toCel(object);
  const variables = new Map<string, unknown>();
  for (const v of policy.spec.variables ?? []) variables.set(v.name, evaluate(v.expression, { object: obj, variables }));
  for (const v of policy.spec.validations) {
    if (evaluate(v.expression, { object: obj, variables }) === true) continue;
    return v.messageExpression ? String(evaluate(v.messageExpression, { object: obj, variables })) : v.message;
  }
  return undefined;
}

/** A pod with the given spec. */
export function pod(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'wjw' }, spec };
}
