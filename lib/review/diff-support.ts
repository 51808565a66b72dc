/** Helpers of the domain diff: keyed lists, set deltas and figures for messages. */
import type { Amounts, Minutes, StackResource } from './inputs';
import { availabilityText, minutesText, rpoText } from './model';
import { jsonEqual } from './resources';

export function byKey<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, T> {
  return new Map((items ?? []).map((t) => [key(t), t]));
}

export const AMOUNT_KEYS = ['cpu', 'memoryGi', 'storageGi', 'pods'] as const;

/** `cpu 64 → 96, memoryGi 256 → 384` */
export function amountsDelta(a: Amounts | undefined, b: Amounts | undefined): string {
  const parts: string[] = [];
  for (const k of AMOUNT_KEYS) {
    const x = a?.[k];
    const y = b?.[k];
    if (x !== y) parts.push(`${k} ${x ?? 'unset'} → ${y ?? 'unset'}`);
  }
  return parts.join(', ');
}

export function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? null, b ?? null);
}

export function fmtRecovery(r: { rtoMinutes?: Minutes; rpoMinutes?: Minutes; availability?: number } | null | undefined): string {
  if (!r) return 'none';
  const av = typeof r.availability === 'number' ? `, ${availabilityText(r.availability)}` : '';
  return `RTO ${minutesText(r.rtoMinutes)}, ${rpoText(r.rpoMinutes)}${av}`;
}

export function sortedSet(a: readonly string[] | undefined): string[] {
  return [...new Set(a ?? [])].sort();
}

export function listDelta(a: readonly string[] | undefined, b: readonly string[] | undefined): { added: string[]; removed: string[] } {
  const sa = new Set(a ?? []);
  const sb = new Set(b ?? []);
  return { added: [...sb].filter((x) => !sa.has(x)).sort(), removed: [...sa].filter((x) => !sb.has(x)).sort() };
}

/** Domain-level changes between two inventories. */
/** What the resource-level diff found about tenants changing stack. */

/** The body as compared: `depends_on` orders operations but changes nothing in the cluster. */
export function comparable(body: Record<string, unknown>): Record<string, unknown> {
  if (!('depends_on' in body)) return body;
  const { depends_on: _ignored, ...rest } = body;
  return rest;
}

/** Equal digests (both read through review indexes) are equal bodies; otherwise the bodies are compared. */
export function sameBody(r: StackResource, s: StackResource): boolean {
  if (r.digest !== undefined && r.digest === s.digest) return true;
  const ca = comparable(r.body);
  const cb = comparable(s.body);
  return jsonEqual(ca, cb);
}
