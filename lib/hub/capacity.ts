import type { ProblemReporter } from '../core/context';
import type { CapacityClaim, ICluster } from '../core/contracts';
import { ResourceAmounts, round3 } from '../core/quantities';

/** Quota reserved on one cluster, and by whom. */
export interface ClusterAllocation {
  amounts: Required<ResourceAmounts>;
  claims: CapacityClaim[];
}

/**
 * Adds claims to the allocation of each cluster, starting from `base` (what a published hub has already
 * reserved) or zero. Claims on clusters not in `clusters` are ignored (reported elsewhere).
 */
export function allocate(clusters: readonly ICluster[], claims: readonly CapacityClaim[], base?: (cluster: string) => Partial<ResourceAmounts> | undefined): Map<string, ClusterAllocation> {
  const out = new Map<string, ClusterAllocation>();
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  for (const c of clusters) {
    const b = base?.(c.name);
    out.set(c.name, { amounts: { cpu: num(b?.cpu), memoryGi: num(b?.memoryGi), storageGi: num(b?.storageGi), pods: num(b?.pods) }, claims: [] });
  }
  for (const claim of claims) {
    const entry = out.get(claim.cluster);
    if (!entry) continue;
    const a = entry.amounts;
    entry.amounts = {
      cpu: round3(a.cpu + num(claim.amounts.cpu)),
      memoryGi: round3(a.memoryGi + num(claim.amounts.memoryGi)),
      storageGi: round3(a.storageGi + num(claim.amounts.storageGi)),
      pods: a.pods + num(claim.amounts.pods),
    };
    entry.claims.push(claim);
  }
  return out;
}

/**
 * Reports every cluster whose allocation exceeds its capacity × overcommit ratio, naming the largest claims.
 * `reservedElsewhere` names what the base of the allocation is (e.g. "the hub's own tenants") for the message.
 */
export function checkCapacity(
  r: ProblemReporter,
  pathOf: (cluster: string) => string,
  clusters: readonly ICluster[],
  allocations: ReadonlyMap<string, ClusterAllocation>,
  overcommitRatio: number,
  reservedElsewhere?: string,
): void {
  const ratio = typeof overcommitRatio === 'number' && overcommitRatio > 0 ? overcommitRatio : 1;
  for (const [name, { amounts, claims }] of allocations) {
    const cluster = clusters.find((c) => c.name === name)!;
    const cap = cluster.capacity ?? ({} as ResourceAmounts);
    const fields: Array<[keyof ResourceAmounts, string]> = [
      ['cpu', 'cores'],
      ['memoryGi', 'GiB memory'],
      ['storageGi', 'GiB storage'],
      ['pods', 'pods'],
    ];
    for (const [field, unit] of fields) {
      const offered = cap[field];
      if (typeof offered !== 'number' || !(offered > 0)) continue;
      const limit = round3(offered * ratio);
      const used = amounts[field];
      if (used <= limit) continue;
      const top = [...claims]
        .map((c) => ({ owner: c.owner, v: Number(c.amounts[field] ?? 0) }))
        .filter((c) => c.v > 0)
        .sort((a, b) => b.v - a.v || a.owner.localeCompare(b.owner))
        .slice(0, 5)
        .map((c) => `${c.owner} ${c.v}`)
        .join(', ');
      const claimed = round3(claims.reduce((s, c) => s + Number(c.amounts[field] ?? 0), 0));
      const base = reservedElsewhere && round3(used - claimed) > 0 ? `${round3(used - claimed)} reserved by ${reservedElsewhere}, ` : '';
      r.error(pathOf(name), {
        code: 'over-capacity',
        value: used,
        message: `quotas on cluster "${name}" add up to ${used} ${unit}, above its capacity of ${offered}${ratio !== 1 ? ` × overcommit ${ratio} = ${limit}` : ''}; ${base}largest: ${top}`,
        fix: `lower tenant quotas by ${round3(used - limit)} ${unit} in total, raise capacity.${field} of "${name}", or set overcommitRatio on the hub`,
      });
    }
  }
}
