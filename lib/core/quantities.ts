/**
 * Kubernetes quantities from plain numbers with the unit in the name (`cpu` cores, `memoryGi`, `storageGi`).
 */

/** CPU cores as a Kubernetes quantity: whole cores as `"4"`, fractions in millicores (`"500m"`). */
export function cpuQuantity(cores: number): string {
  if (Number.isInteger(cores)) return String(cores);
  return `${Math.round(cores * 1000)}m`;
}

/** Gibibytes as a Kubernetes quantity (`"256Gi"`); fractions go to Mi. */
export function giQuantity(gi: number): string {
  if (Number.isInteger(gi)) return `${gi}Gi`;
  return `${Math.round(gi * 1024)}Mi`;
}

/** Mebibytes as a Kubernetes quantity (`"512Mi"`). */
export function miQuantity(mi: number): string {
  return `${Math.round(mi)}Mi`;
}

/** What is wrong with a non-negative amount, or undefined. */
export function checkAmount(value: unknown, what: string, opts: { integer?: boolean; min?: number } = {}): string | undefined {
  const min = opts.min ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${what} must be a finite number`;
  if (value < min) return `${what} must be at least ${min}`;
  if (opts.integer && !Number.isInteger(value)) return `${what} must be a whole number`;
  return undefined;
}

/** Resource amounts a tenant asks for, or a cluster offers. */
export interface ResourceAmounts {
  /** CPU cores. */
  readonly cpu: number;
  /** Memory in GiB. */
  readonly memoryGi: number;
  /** Persistent storage in GiB. @default - not limited */
  readonly storageGi?: number;
  /** Pods. @default - not limited */
  readonly pods?: number;
}

/** Adds amounts field by field (undefined counts as 0). */
export function addAmounts(a: ResourceAmounts, b: Partial<ResourceAmounts>): ResourceAmounts {
  return {
    cpu: a.cpu + (b.cpu ?? 0),
    memoryGi: a.memoryGi + (b.memoryGi ?? 0),
    storageGi: (a.storageGi ?? 0) + (b.storageGi ?? 0),
    pods: (a.pods ?? 0) + (b.pods ?? 0),
  };
}

export const ZERO_AMOUNTS: ResourceAmounts = { cpu: 0, memoryGi: 0, storageGi: 0, pods: 0 };

/** Rounds away float noise (0.1 + 0.2) for display and comparison. */
export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
