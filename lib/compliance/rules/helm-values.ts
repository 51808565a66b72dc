/** Reading a helm_release as it is configured: its chart (not the release name a user picks) and its values. */
import type { RuleContext, ViewResource } from '../resource-view';

/** The chart of a helm_release without its repository or archive suffix (`oci://…/charts/falco` → `falco`). */
export function chartName(r: ViewResource): string {
  return String(r.body.chart ?? '')
    .split('/')
    .pop()!
    .replace(/-\d[\w.+-]*\.tgz$/, '');
}

/** A Helm value by dotted path: `set` entries win over the values documents, later documents over earlier ones. */
export function helmValueAt(ctx: RuleContext, r: ViewResource, path: readonly string[]): unknown {
  const v = ctx.helmValues(r);
  const set = v.set.find((s) => s.name === path.join('.'));
  if (set) return set.value;
  let found: unknown;
  for (const doc of v.documents) {
    let cur: any = doc;
    for (const k of path) cur = cur && typeof cur === 'object' ? cur[k] : undefined;
    if (cur !== undefined) found = cur;
  }
  return found;
}

/** A value that turns something on (`true`, or `"true"` from a `set`). */
export const isOn = (v: unknown): boolean => v === true || v === 'true';
/** A value that turns something off. */
export const isOff = (v: unknown): boolean => v === false || v === 'false' || v === 'off';
