import { canonicalCidr, Cidr, cidrWithin, parseCidr } from '../../lib/private/cidr';

const ok = (s: string) => {
  const c = parseCidr(s);
  if (typeof c === 'string') throw new Error(c);
  return c as Cidr;
};

test('parses IPv4 and IPv6 blocks and rejects everything else', () => {
  expect(ok('10.20.0.0/24')).toMatchObject({ kind: 'ipv4', prefixLength: 24 });
  expect(ok('fd00:20::/64')).toMatchObject({ kind: 'ipv6', prefixLength: 64 });
  for (const bad of ['10.20.0.0', '10.20/16', '0x0a.0.0.0/8', '10.20.0.0/33', 'fd00::/129', 'gateway.internal/24', '', 42]) {
    expect(parseCidr(bad)).toEqual(expect.any(String));
  }
  expect(parseCidr('10.20.0.0')).toBe('"10.20.0.0" is not an IPv4 or IPv6 address block in CIDR notation (e.g. 10.20.0.0/24)');
});

test('canonical form clears host bits', () => {
  expect(canonicalCidr(ok('10.20.0.5/24'))).toBe('10.20.0.0/24');
  expect(canonicalCidr(ok('10.20.0.0/24'))).toBe('10.20.0.0/24');
  expect(canonicalCidr(ok('fd00:20::1/64'))).toBe('fd00:20::/64');
});

test('containment: same family, narrower or equal prefix, inside the outer block', () => {
  const line = ok('10.20.0.0/24');
  expect(cidrWithin(ok('10.20.0.0/24'), line)).toBe(true);
  expect(cidrWithin(ok('10.20.0.128/25'), line)).toBe(true);
  expect(cidrWithin(ok('10.20.0.7/32'), line)).toBe(true);
  expect(cidrWithin(ok('10.20.0.0/23'), line)).toBe(false);
  expect(cidrWithin(ok('10.21.0.0/24'), line)).toBe(false);
  expect(cidrWithin(ok('0.0.0.0/0'), line)).toBe(false);
  expect(cidrWithin(ok('fd00::/64'), line)).toBe(false);
  expect(cidrWithin(ok('fd00:20::8/126'), ok('fd00:20::/64'))).toBe(true);
});
