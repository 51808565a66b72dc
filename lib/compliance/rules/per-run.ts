/**
 * Indexes a rule builds once per check run (the context is built once per run), never once per subject: a rule asks
 * `perRun(ctx, key, build)` and every later subject of the run reads the same index.
 */
import type { ITenant, TenantPlacement } from '../../core/contracts';
import type { ClusterSubject, RuleContext } from '../resource-view';
import { isUnderAny } from '../suppressions';

const CACHE = new WeakMap<RuleContext, Map<string, unknown>>();

/** The value `build(ctx)` computed once for this run and key. */
export function perRun<T>(ctx: RuleContext, key: string, build: (ctx: RuleContext) => T): T {
  let m = CACHE.get(ctx);
  if (!m) CACHE.set(ctx, (m = new Map()));
  if (!m.has(key)) m.set(key, build(ctx));
  return m.get(key) as T;
}

/** Resources of a kind grouped by cluster code, built once per run. */
export function byCluster<K extends string>(ctx: RuleContext, kind: K): ReadonlyMap<string, ReturnType<RuleContext['ofKind']>> {
  return perRun(ctx, `by-cluster:${kind}`, (c) => {
    const out = new Map<string, Array<ReturnType<RuleContext['ofKind']>[number]>>();
    for (const r of c.ofKind(kind)) {
      const list = out.get(r.cluster) ?? [];
      list.push(r);
      out.set(r.cluster, list);
    }
    return out;
  });
}

/**
 * Resources of a kind on one hub's cluster (as `onHubCluster` in support.ts), read from the per-run index by cluster
 * rather than from every resource of the kind: another hub's objects on a cluster of the same code are left out.
 */
export function onClusterOfHub(ctx: RuleContext, c: ClusterSubject, kind: string): ReturnType<RuleContext['ofKind']> {
  const here = byCluster(ctx, kind).get(c.cluster.name) ?? [];
  if (ctx.hubs.length < 2) return here;
  const others = ctx.hubs.filter((h) => h !== c.hub).flatMap((h) => h.scopes);
  return here.filter((r) => !isUnderAny(r.path, others));
}

/**
 * Whether a tenant is laid out by this configuration: its namespace is on one of its clusters here, or it owns
 * addresses here. A department another project builds (a city's, known to the hub by its grant requests) is not: its
 * objects, and the checks of them, are that project's.
 */
export function builtHere(ctx: RuleContext, t: ITenant): boolean {
  const placements = Array.isArray(t.placements) ? t.placements : [];
  if (placements.some((p) => typeof p?.cluster?.name === 'string' && ctx.namespace(p.cluster.name, p.namespace) !== undefined)) return true;
  return typeof t.addresses === 'function' && t.addresses().length > 0;
}

/** One department's namespace on one cluster, from the tenant model (home, burst and edge placements alike). */
export interface DepartmentPlacement {
  readonly tenant: ITenant;
  readonly placement: TenantPlacement;
}

/**
 * The departments' placements by cluster code, built once per run from the tenants (their placements), never from the
 * labels a namespace carries.
 */
export function placementsByCluster(ctx: RuleContext): ReadonlyMap<string, readonly DepartmentPlacement[]> {
  return perRun(ctx, 'placements-by-cluster', (c) => {
    const out = new Map<string, DepartmentPlacement[]>();
    for (const tenant of c.tenants) {
      for (const placement of Array.isArray(tenant.placements) ? tenant.placements : []) {
        const name = placement?.cluster?.name;
        if (typeof name !== 'string' || typeof placement.namespace !== 'string') continue;
        const list = out.get(name) ?? [];
        list.push({ tenant, placement });
        out.set(name, list);
      }
    }
    return out;
  });
}
