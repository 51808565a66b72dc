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
