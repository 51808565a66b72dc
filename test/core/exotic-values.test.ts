/**
 * Values no message can write and no sum can take — a Symbol, an object without a prototype (Object.create(null), what
 * some parsers return), a BigInt, a function where data belongs — at each boundary of the public API where one once
 * escaped as a TypeError (found by sweeping every value of the adversarial scenarios with each: `${code}` on a symbol,
 * `Number(x)` on a bigint, cdktf resolving a function in a provider block). Each is now one LandingZoneError naming
 * where, what and the fix, and nothing is written; the adversarial suites draw these values at random everywhere.
 */
import { showValue, stringOf, textOf } from '../../lib/core/errors';
import { MAX_PROPS_DEPTH, positional, stripNulls } from '../../lib/core/props';
import { ENTRY_POINTS, entryPointProblems, mutateInput } from './adversarial-entry-points';
import { applyCityMutation, applyMutation, baseCity, baseScenario, Mutation, Outcome, outcomeProblems, synthCity, synthScenario } from './adversarial-scenario';

const SYMBOL = Symbol('hostile');
const BARE = (): object => Object.create(null) as object;
const FN = () => 1;

const refused = (o: Outcome): string[] => (o.kind === 'refused' ? o.error.problems.map((p) => `[${p.code}] ${p.path}`) : ['synth succeeded']);

describe('the hub scenario', () => {
  const cases: Array<[string, Array<string | number>, unknown, RegExp]> = [
    ['a PostgreSQL offering count as a symbol', ['postgres', 'instances'], SYMBOL, /invalid-value/],
    ['a PostgreSQL offering count as a bigint', ['postgres', 'instances'], 10n, /invalid-value/],
    ['a PostgreSQL offering size without a prototype', ['postgres', 'storageGi'], BARE(), /\]/],
    ['a Redis size as a bigint', ['redis', 'memoryGi'], 10n, /invalid-value/],
    ['a grant option without a prototype', ['grants', 0, 'options', 'database'], BARE(), /\]/],
    ['the offering a grant names, as a symbol', ['grants', 0, 'offering'], SYMBOL, /unknown-offering/],
    ['an application name as a symbol', ['apps', 0, 'id'], SYMBOL, /invalid-name/],
    ['an application name without a prototype', ['apps', 0, 'id'], BARE(), /invalid-name/],
    ['a blueprint name as a symbol', ['blueprints', 0, 'name'], SYMBOL, /\]/],
    ['an edge zone name without a prototype', ['edgeZones', 0, 'name'], BARE(), /invalid-name/],
    ['an edge zone site as a bigint', ['edgeZones', 0, 'props', 'site'], 10n, /invalid-value/],
    ["a cluster's kubeconfig path as a function", ['hub', 'clusters', 0, 'connection', 'configPath'], FN, /\]/],
    ["a site's availability as a function", ['hub', 'sites', 0, 'availability'], FN, /invalid-value/],
    ["a site's availability without a prototype", ['hub', 'sites', 0, 'availability'], BARE(), /invalid-value/],
    ['the province code without a prototype', ['hub', 'province'], BARE(), /\]/],
    ['an industry cloud code without a prototype', ['industries', 0, 'code'], BARE(), /\]/],
  ];
  test.each(cases)('%s: one LandingZoneError, nothing written', (_what, path, value, code) => {
    const s = applyMutation(baseScenario(), { kind: 'set', path, value } as Mutation);
    const o = synthScenario(s);
    expect(refused(o).join('\n')).toMatch(code);
    expect(outcomeProblems(s, o, { determinism: false })).toEqual([]);
  });
});

describe('a city project on the published contract', () => {
  const cases: Array<[string, Array<string | number>, unknown]> = [
    ['the industry cloud a department names, as a symbol', ['tenants', 1, 'industry'], SYMBOL],
    ['the industry cloud a department names, without a prototype', ['tenants', 1, 'industry'], BARE()],
    ['a department code without a prototype', ['tenants', 0, 'code'], BARE()],
    ["a site's display name in the contract, without a prototype", ['contract', 'sites', 0, 'displayName'], BARE()],
    ["a cluster's kubeconfig context in the contract, as a function", ['contract', 'clusters', 0, 'connection', 'context'], FN],
  ];
  test('a function in the contract is a problem of the contract (JSON cannot hold one), not a crash in the provider block', () => {
    const c = applyCityMutation(baseCity(), { kind: 'set', path: ['contract', 'clusters', 0, 'connection', 'context'], value: FN } as Mutation);
    const o = synthCity(c);
    expect(o.kind === 'refused' ? o.error.message : 'synth succeeded').toMatch(/clusters\[0\]\.connection\.context is a function, which a contract \(JSON\) cannot hold/);
  });
  test.each(cases)('%s: a sound output or one LandingZoneError, never a TypeError', (_what, path, value) => {
    const c = applyCityMutation(baseCity(), { kind: 'set', path, value } as Mutation);
    // synthCity rethrows anything but a LandingZoneError.
    const o = synthCity(c);
    expect(outcomeProblems(() => synthCity(c), o, { determinism: false })).toEqual([]);
  });
});

describe('the entry points beyond the province scenario', () => {
  const cases: Array<[string, Array<string | number>, unknown]> = [
    ['an ISV offering (MiddlewareOffering subclass) and its grants', ['offering', 'name'], SYMBOL],
    ['an ISV offering (MiddlewareOffering subclass) and its grants', ['offering', 'instances'], 10n],
    ['an ISV offering (MiddlewareOffering subclass) and its grants', ['offering', 'clusters', 0], BARE()],
    ['an ISV offering (MiddlewareOffering subclass) and its grants', ['grants', 0, 'options', 'user'], BARE()],
  ];
  test.each(cases)('%s: %j set to an exotic value', (name, path, value) => {
    const e = ENTRY_POINTS.find((x) => x.name === name)!;
    expect(e).toBeDefined();
    expect(entryPointProblems(e, mutateInput(e.base(), { kind: 'set', path, value }), false)).toEqual([]);
  });
});

describe('props nested deeper than any prop is, or that throw when read', () => {
  const deep = (n: number, wrap: (v: unknown) => unknown): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < n; i++) v = wrap(v);
    return v;
  };
  test.each([
    ['an object 50,000 levels deep as tenant labels', ['industries', 0, 'tenants', 0, 'options', 'labels'], () => deep(50_000, (a) => ({ a }))],
    ['a list 50,000 levels deep as application props', ['apps', 0, 'props'], () => deep(50_000, (a) => [a])],
  ])('%s: one LandingZoneError (no stack overflow)', (_what, path, make) => {
    const s = applyMutation(baseScenario(), { kind: 'set', path: path as Array<string | number>, value: make() } as Mutation);
    const o = synthScenario(s);
    expect(refused(o).join('\n')).toMatch(/invalid-value/);
    expect(outcomeProblems(s, o, { determinism: false })).toEqual([]);
  });

  test('stripNulls takes out what is nested more than MAX_PROPS_DEPTH levels, and what throws when read', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const { value, nulls } = stripNulls({ ok: 1, deep: deep(MAX_PROPS_DEPTH + 5, (a) => ({ a })), trap });
    expect(nulls.map((n) => n.value)).toEqual([`value nested more than ${MAX_PROPS_DEPTH} levels deep`, 'object that cannot be read (trap)']);
    expect(nulls[0].path).toBe(`deep${'.a'.repeat(MAX_PROPS_DEPTH)}`);
    expect((value as { ok: number }).ok).toBe(1);
    expect('trap' in (value as object)).toBe(false);
  });
});

describe('the helpers', () => {
  test('showValue, textOf and stringOf never throw, whatever they are given', () => {
    const throwing = {
      toString: () => {
        throw new Error('no');
      },
      toJSON: () => {
        throw new Error('no');
      },
    };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [SYMBOL, BARE(), 10n, FN, throwing, cyclic, undefined, null, NaN]) {
      expect(typeof showValue(v)).toBe('string');
      expect(typeof textOf(v)).toBe('string');
      expect(typeof stringOf(v)).toBe('string');
    }
    expect(showValue(SYMBOL)).toBe('Symbol(hostile)');
    expect(showValue(BARE())).toBe('{}');
    expect(stringOf(BARE())).toBe('[object Object]');
    expect(textOf('wjw')).toBe('wjw');
  });

  test('positional: a symbol becomes its text, an object without a prototype a plain one; anything else is kept', () => {
    expect(positional(SYMBOL)).toBe('Symbol(hostile)');
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const plain = positional(bare);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain).toEqual({ a: 1 });
    const given = { b: 2 };
    for (const v of ['x', 5, given, undefined, null, FN]) expect(positional(v)).toBe(v);
  });

  test('stripNulls makes every object without a prototype a plain one, at any depth, and reports nothing for it', () => {
    const inner = Object.assign(Object.create(null) as object, { y: 'z' });
    const props = Object.assign(Object.create(null) as object, { x: inner, list: [Object.create(null)] });
    const { value, nulls } = stripNulls(props) as unknown as { value: Record<string, any>; nulls: unknown[] };
    expect(nulls).toEqual([]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(value.x)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(value.list[0])).toBe(Object.prototype);
    expect(`${value.x}`).toBe('[object Object]');
  });
});
