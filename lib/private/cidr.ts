/**
 * CIDR parsing and containment for network policy checks, on top of ipaddr.js (IPv4 and IPv6).
 */
import * as ipaddr from 'ipaddr.js';

/** A parsed address block. */
export interface Cidr {
  readonly text: string;
  readonly kind: 'ipv4' | 'ipv6';
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefixLength: number;
}

/**
 * Parses a CIDR the way a NetworkPolicy `ipBlock.cidr` should be written: dotted-quad IPv4 or IPv6, with a
 * prefix length. Returns what is wrong as a string, or the parsed block.
 */
export function parseCidr(value: unknown): Cidr | string {
  if (typeof value !== 'string') return 'a CIDR must be a string';
  // The same few blocks (pod networks, 0.0.0.0/0, the dedicated line) are read for every policy of every department.
  let parsed = PARSED.get(value);
  if (parsed === undefined) {
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(value, (parsed = parse(value)));
  }
  return parsed;
}

const PARSED = new Map<string, Cidr | string>();
const PARSED_MAX = 10_000;

function parse(value: string): Cidr | string {
  const v4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(value);
  if (!v4 && !(value.includes(':') && ipaddr.IPv6.isValidCIDR(value))) {
    return `"${value}" is not an IPv4 or IPv6 address block in CIDR notation (e.g. 10.20.0.0/24)`;
  }
  const [address, prefixLength] = ipaddr.parseCIDR(value);
  return { text: value, kind: address.kind(), address, prefixLength };
}

/** The canonical form of a block: host bits cleared (`10.20.0.5/24` → `10.20.0.0/24`). */
export function canonicalCidr(c: Cidr): string {
  const network = c.kind === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(c.text) : ipaddr.IPv6.networkAddressFromCIDR(c.text);
  return `${network.toString()}/${c.prefixLength}`;
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  if (inner.kind !== outer.kind || inner.prefixLength < outer.prefixLength) return false;
  return inner.address.match([outer.address, outer.prefixLength] as [ipaddr.IPv4, number]);
}

/** A contiguous range of addresses of one family, both ends included. */
export interface AddressRange {
  readonly kind: 'ipv4' | 'ipv6';
  readonly start: bigint;
  readonly end: bigint;
}

const BITS = { ipv4: 32, ipv6: 128 } as const;
/** `::ffff:0:0/96`, where IPv6 writes IPv4 addresses (IPv4-mapped): a block there reaches IPv4 hosts. */
const MAPPED_START = 0xffffn << 32n;
const MAPPED_END = MAPPED_START + 0xffffffffn;

function toBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * The addresses a block covers: its own range, and for an IPv6 block that reaches into the IPv4-mapped space
 * (`::ffff:0:0/96`) the IPv4 addresses it reaches there too (`::ffff:10.0.0.0/104` is 10.0.0.0/8 to a dual-stack
 * data path; `::/0` covers every IPv4 address as well).
 */
export function cidrRanges(c: Cidr): AddressRange[] {
  let ranges = RANGES.get(c);
  if (!ranges) RANGES.set(c, (ranges = computeRanges(c)));
  return ranges;
}

const RANGES = new WeakMap<Cidr, AddressRange[]>();

function computeRanges(c: Cidr): AddressRange[] {
  const bits = BITS[c.kind];
  const size = 1n << BigInt(bits - c.prefixLength);
  const start = (toBigInt(c.address.toByteArray()) / size) * size;
  const own: AddressRange = { kind: c.kind, start, end: start + size - 1n };
  if (c.kind === 'ipv4') return [own];
  const lo = own.start > MAPPED_START ? own.start : MAPPED_START;
  const hi = own.end < MAPPED_END ? own.end : MAPPED_END;
  return lo <= hi ? [own, { kind: 'ipv4', start: lo - MAPPED_START, end: hi - MAPPED_START }] : [own];
}

/** The union of ranges, sorted and merged (adjacent ranges join). */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const out: AddressRange[] = [];
  for (const kind of ['ipv4', 'ipv6'] as const) {
    const sorted = ranges.filter((r) => r.kind === kind).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let cur: AddressRange | undefined;
    for (const r of sorted) {
      if (cur && r.start <= cur.end + 1n) {
        if (r.end > cur.end) cur = { kind, start: cur.start, end: r.end };
      } else {
        if (cur) out.push(cur);
        cur = r;
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** `ranges` without the addresses of `minus`. */
export function subtractRanges(ranges: readonly AddressRange[], minus: readonly AddressRange[]): AddressRange[] {
  let out = mergeRanges(ranges);
  for (const m of mergeRanges(minus)) {
    const next: AddressRange[] = [];
    for (const r of out) {
      if (r.kind !== m.kind || m.end < r.start || m.start > r.end) {
        next.push(r);
        continue;
      }
      if (m.start > r.start) next.push({ kind: r.kind, start: r.start, end: m.start - 1n });
      if (m.end < r.end) next.push({ kind: r.kind, start: m.end + 1n, end: r.end });
    }
    out = next;
  }
  return out;
}

/** Whether two sets of ranges share an address. */
export function rangesOverlap(a: readonly AddressRange[], b: readonly AddressRange[]): boolean {
  return a.some((x) => b.some((y) => x.kind === y.kind && x.start <= y.end && y.start <= x.end));
}

/** The address families whose every address the ranges cover together (`0.0.0.0/1` and `128.0.0.0/1` cover IPv4). */
export function familiesCovered(ranges: readonly AddressRange[]): Array<'ipv4' | 'ipv6'> {
  const merged = mergeRanges(ranges);
  return (['ipv4', 'ipv6'] as const).filter((kind) => merged.some((r) => r.kind === kind && r.start === 0n && r.end === (1n << BigInt(BITS[kind])) - 1n));
}

/** The text of a range as the smallest list of blocks, for messages (`10.0.0.0/8`). */
export function rangeText(r: AddressRange): string {
  const bits = BITS[r.kind];
  const out: string[] = [];
  let start = r.start;
  while (start <= r.end && out.length < 4) {
    let prefix = bits;
    while (prefix > 0) {
      const size = 1n << BigInt(bits - prefix + 1);
      if (start % size !== 0n || start + size - 1n > r.end) break;
      prefix--;
    }
    out.push(`${addressText(r.kind, start)}/${prefix}`);
    start += 1n << BigInt(bits - prefix);
  }
  return out.join(', ') + (start <= r.end ? ', …' : '');
}

function addressText(kind: 'ipv4' | 'ipv6', n: bigint): string {
  const bytes: number[] = [];
  for (let i = 0; i < (kind === 'ipv4' ? 4 : 16); i++) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/**
 * What is wrong with a block a user declares (a network rule's peer, a cluster's pod or service network): not a
 * CIDR, host bits set (the block is not what it seems to say), or the whole address space. Undefined when it is fine.
 */
export function declaredCidrProblem(value: unknown, options: { allowAnyAddress?: boolean } = {}): { message: string; fix: string } | undefined {
  const c = parseCidr(value);
  if (typeof c === 'string') return { message: c, fix: 'write the block in CIDR notation, e.g. 10.20.0.0/24' };
  const canonical = canonicalCidr(c);
  if (canonical !== c.text) return { message: `"${c.text}" has host bits set; it means ${canonical}`, fix: `write ${canonical}` };
  if (!options.allowAnyAddress && familiesCovered(cidrRanges(c)).length > 0) return { message: `"${c.text}" is every address`, fix: 'give the narrowest block that holds the addresses' };
  return undefined;
}
