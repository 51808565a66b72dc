/**
 * Elastic burst to the public cloud (弹性扩展到公有云): a citizen-facing department with GENERAL data gets a
 * landing zone on a public cluster that absorbs its peaks. There it has its own namespace and quota (bounded
 * by the burst option), the same limit defaults, RBAC and default-deny network as at home, and one way back:
 * egress to the private API gateway over the dedicated line (专线). No credential is copied there.
 */
import { ProblemReporter } from '../core/context';
import type { BurstOptions, ITenant, NetworkRule, TenantQuota } from '../core/contracts';
import { checkAmount, round3 } from '../core/quantities';
import type { BurstRecord } from '../schema/inventory';

/** TCP ports open from a burst namespace towards the dedicated-line CIDRs when the hub sets none. */
export const DEFAULT_DEDICATED_LINE_PORTS: readonly number[] = [443];

/** Memory per core assumed when the tenant's own quota cannot tell (it is invalid and reported). */
const FALLBACK_MEMORY_PER_CORE_GI = 4;

const BURST_KEYS = ['cluster', 'maxCpu', 'maxMemoryGi', 'maxPods', 'maxStorageGi'];

/** Name of the NetworkPolicy (and address part) that opens the dedicated line from a burst namespace. */
export const DEDICATED_LINE_POLICY = 'allow-dedicated-line';

/** The quota of the tenant's namespace on the public cluster. */
export function burstQuota(burst: BurstOptions, own: TenantQuota): TenantQuota {
  const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const perCore = positive(own?.cpu) && positive(own?.memoryGi) ? own.memoryGi / own.cpu : FALLBACK_MEMORY_PER_CORE_GI;
  const memoryGi = burst.maxMemoryGi ?? (positive(burst.maxCpu) ? Math.ceil(round3(burst.maxCpu * perCore)) : 0);
  return {
    cpu: burst.maxCpu,
    memoryGi,
    storageGi: burst.maxStorageGi ?? 0,
    ...(burst.maxPods !== undefined ? { pods: burst.maxPods } : {}),
  };
}

/** The only egress of a burst namespace besides DNS and its own pods: the private API gateway over the dedicated line. */
export function dedicatedLineRule(cidrs: readonly string[], ports: readonly number[]): NetworkRule {
  return {
    name: DEDICATED_LINE_POLICY,
    direction: 'egress',
    peers: cidrs.map((cidr) => ({ cidr })),
    ports: ports.map((port) => ({ port, protocol: 'TCP' as const })),
  };
}

/** The `burst` field of a tenant's inventory entry (read by the review). */
export interface BurstInventory {
  readonly cluster: string;
  readonly namespace: string;
  readonly maxCpu: number;
  readonly maxMemoryGi: number;
  readonly maxPods?: number;
  readonly maxStorageGi: number;
  /** Where the burst namespace may connect to: the dedicated-line CIDRs. */
  readonly egressCidrs: string[];
  readonly egressPorts: number[];
}

/** The inventory field for a tenant's burst option. */
export function burstInventory(tenant: ITenant, burst: BurstOptions, cidrs: readonly string[], ports: readonly number[]): BurstInventory & BurstRecord {
  const q = burstQuota(burst, tenant.quota);
  return {
    cluster: burst.cluster,
    namespace: tenant.namespace,
    maxCpu: q.cpu,
    maxMemoryGi: q.memoryGi,
    ...(q.pods !== undefined ? { maxPods: q.pods } : {}),
    maxStorageGi: q.storageGi ?? 0,
    egressCidrs: [...cidrs],
    egressPorts: [...ports],
  };
}

/** Checks the shape of a burst option (the cluster itself is checked by the tenant's placement rules). */
export function checkBurstOptions(tenant: ITenant, burst: unknown, r: ProblemReporter): burst is BurstOptions {
  if (typeof burst !== 'object' || burst === null || Array.isArray(burst)) {
    r.error(tenant, { code: 'invalid-value', value: burst, message: 'burst must be an object', fix: "set burst: { cluster: 'ali-burst', maxCpu: 128 }" });
    return false;
  }
  const b = burst as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(b)
    .filter((k) => !BURST_KEYS.includes(k))
    .sort()) {
    ok = false;
    r.error(tenant, { code: 'invalid-value', value: key, message: `burst.${key} is not a burst option`, fix: `use only ${BURST_KEYS.join(', ')}` });
  }
  if (typeof b.cluster !== 'string' || b.cluster === '') {
    ok = false;
    r.error(tenant, { code: 'missing-value', value: b.cluster, message: 'burst.cluster names no cluster', fix: "set burst.cluster to the public cluster's code, e.g. 'ali-burst'" });
  }
  const amounts: Array<[string, boolean, boolean, number]> = [
    ['maxCpu', true, false, 0.001],
    ['maxMemoryGi', false, false, 0.001],
    ['maxPods', false, true, 1],
    ['maxStorageGi', false, false, 0],
  ];
  for (const [field, required, integer, min] of amounts) {
    const v = b[field];
    if (v === undefined && !required) continue;
    const problem = checkAmount(v, `burst.${field}`, { integer, min });
    if (problem) {
      ok = false;
      r.error(tenant, { code: 'invalid-quantity', value: v, message: problem, fix: `set burst.${field} to how far the department may grow on the public cluster` });
    }
  }
  return ok;
}
