/**
 * Stack sharding: which stack of an industry cloud holds a tenant.
 *
 * The assignment is rendezvous (highest-random-weight) hashing of the tenant code over the shard numbers:
 * a pure function of the code and the declared shard count, so adding or removing a tenant never moves
 * another, and raising the count from n to n + 1 moves only the tenants that the new shard wins (about
 * 1 in n + 1), all of them into the new shard. The hash is part of the contract: changing it would move
 * tenants between stacks, so test/state/sharding.test.ts pins its values.
 */

/** The bound on Terraform resources per stack that keeps `terraform plan` fast (DESIGN §4). */
export const DEFAULT_MAX_RESOURCES_PER_STACK = 3000;

/** Most shards an industry cloud may declare. */
export const MAX_SHARDS = 999;

/** FNV-1a over the UTF-16 code units, finished with murmur3's avalanche so near-identical codes spread. */
function weight(code: string, shard: number): number {
  const s = `${code}\u0000${shard}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (1 … `shards`) that holds the tenant `code`. */
export function shardOf(code: string, shards: number): number {
  let best = 1;
  let bestWeight = -1;
  for (let n = 1; n <= shards; n++) {
    const w = weight(code, n);
    if (w > bestWeight) {
      best = n;
      bestWeight = w;
    }
  }
  return best;
}

/** Name of shard `n` of `shards`: `<base>` when there is one shard, `<base>-<n>` otherwise. */
export function shardStackName(base: string, shards: number, n: number): string {
  return shards === 1 ? base : `${base}-${n}`;
}

/** Whether `n` is a valid shard count. */
export function isShardCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_SHARDS;
}

/** What each tenant weighs, for {@link shardsNeeded}. */
export interface TenantLoad {
  readonly code: string;
  readonly resources: number;
}

/**
 * The smallest shard count above `current` at which no shard holds more than `bound` resources, given each
 * tenant's resources and `overhead` resources every stack holds besides tenants; undefined when none fits
 * (a single tenant above the bound).
 */
export function shardsNeeded(loads: readonly TenantLoad[], bound: number, current: number, overhead = 0): number | undefined {
  if (loads.some((l) => l.resources + overhead > bound)) return undefined;
  // Each tenant's shard and weight at the count tried, kept from one count to the next: raising the count to n moves a
  // tenant only to shard n, when n outweighs its shard so far (what shardOf computes from scratch, strict > included).
  const shard = new Array<number>(loads.length).fill(1);
  const best = new Array<number>(loads.length).fill(-1);
  const raise = (n: number) => {
    for (let i = 0; i < loads.length; i++) {
      const w = weight(loads[i].code, n);
      if (w > best[i]) {
        shard[i] = n;
        best[i] = w;
      }
    }
  };
  for (let n = 1; n <= Math.min(current, MAX_SHARDS); n++) raise(n);
  for (let n = Math.max(current, 0) + 1; n <= MAX_SHARDS; n++) {
    raise(n);
    const perShard = new Array<number>(n + 1).fill(overhead);
    let fits = true;
    for (let i = 0; i < loads.length; i++) {
      perShard[shard[i]] += loads[i].resources;
      if (perShard[shard[i]] > bound) {
        fits = false;
        break;
      }
    }
    if (fits) return n;
  }
  return undefined;
}
