import { createHash } from 'crypto';
import { canonicalText } from './terraform-json';

/** A copy of `value` whose objects list their keys in sorted order, at every level. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as unknown as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as Record<string, unknown>).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out as T;
}

/** JSON with sorted keys: the same value always gives the same text (Helm values, digests). */
export function stableJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/** Strings with expression tokens as the expressions' text (token numbering depends on creation order). */
function canonical(value: unknown): unknown {
  if (typeof value === 'string') return canonicalText(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [canonicalText(k), canonical(v)]));
}

/**
 * A positive whole number that changes whenever `value` changes: the `*_wo_revision` of a write-only
 * attribute, so that Terraform rewrites the value exactly when what it is made of changes.
 * 48 bits of SHA-256: exact in a JavaScript number and in Terraform's int64.
 */
export function digestNumber(value: unknown): number {
  const hex = createHash('sha256')
    .update(stableJson(canonical(value)))
    .digest('hex');
  return parseInt(hex.slice(0, 12), 16) + 1;
}
