/**
 * A tenant's blueprint in a diff: the version it is built from changed (an upgrade), or it joined or left a blueprint.
 * What the upgrade changes in the tenant (quota, rules, grants, data class) is listed by the tenant's other changes,
 * right beside it: the per-tenant diff a reviewer reads.
 */
import type { TenantRecord } from './inputs';
import type { DomainChange } from './model';

type Base = Pick<DomainChange, 'province' | 'subject' | 'displayName' | 'industryCloud'>;

/** The blueprint change of one tenant, if any. */
export function blueprintChanges(base: Base, o: TenantRecord, t: TenantRecord): DomainChange[] {
  const before = o.blueprint;
  const after = t.blueprint;
  if (!before && !after) return [];
  if (before && after && before.name === after.name && before.version === after.version) return [];
  const ref = (b: NonNullable<TenantRecord['blueprint']>) => `${b.name}@${b.version}`;
  const message =
    before && after
      ? before.name === after.name
        ? `tenant ${t.code}: blueprint ${after.name} ${before.version} → ${after.version}`
        : `tenant ${t.code}: blueprint ${ref(before)} → ${ref(after)}`
      : after
        ? `tenant ${t.code} is now built from blueprint ${ref(after)}`
        : `tenant ${t.code} is no longer built from blueprint ${ref(before!)}`;
  return [{ ...base, kind: 'blueprint-changed', before: before ?? null, after: after ?? null, destructive: false, message }];
}
