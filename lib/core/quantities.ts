/**
 * Kubernetes quantities from plain numbers with the unit in the name (`cpu` cores, `memoryGi`, `storageGi`).
 */

/** CPU cores as a Kubernetes quantity: whole cores as `"4"` (`"2k"` for 2,000), fractions in millicores (`"500m"`). */
export function cpuQuantity(cores: number): string {
  return decimalQuantity(Math.round(cores * 1000), -3);
}

/** Gibibytes as a Kubernetes quantity (`"256Gi"`, `"2Ti"`); fractions go to Mi. */
export function giQuantity(gi: number): string {
  return binaryQuantity(Math.round(gi * 1024), 2);
}

/** Mebibytes as a Kubernetes quantity (`"512Mi"`, `"1Gi"`). */
export function miQuantity(mi: number): string {
  return binaryQuantity(Math.round(mi), 2);
}

/** A count (pods, objects) as a Kubernetes quantity (`"400"`, `"1k"`). */
export function countQuantity(n: number): string {
  return decimalQuantity(Math.round(n), 0);
}

/*
 * The API server stores every quantity in its canonical form (resource.Quantity.String()): the largest suffix that
 * keeps the number whole, `1024Mi` → `1Gi`, `1000m` → `1`, `2000` → `2k`. Terraform compares what it wrote with what
 * it reads back, so a non-canonical value is a change on every plan; these functions write the canonical form.
 */
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/** `value` × 1024^`unit` bytes (unit 2 = Mi), canonical. */
function binaryQuantity(value: number, unit: number): string {
  if (value === 0) return '0';
  let v = value;
  let u = unit;
  while (u < BINARY.length - 1 && v % 1024 === 0) {
    v /= 1024;
    u += 1;
  }
  return `${v}${BINARY[u]}`;
}

/** `value` × 10^`exponent` (exponent -3 = milli), canonical. */
function decimalQuantity(value: number, exponent: number): string {
  if (value === 0) return '0';
  let v = value;
  let e = exponent;
  while (e < 18 && v % 1000 === 0) {
    v /= 1000;
    e += 3;
  }
  return `${v}${DECIMAL[e]}`;
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

const QUANTITY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** Bytes of a storage quantity (`"222Gi"`, `"1T"`, `"500000000"`); undefined when it is not one. */
export function quantityBytes(q: unknown): number | undefined {
  const m = typeof q === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(q.trim()) : null;
  return m ? Number(m[1]) * QUANTITY_UNITS[m[2] ?? ''] : undefined;
}
