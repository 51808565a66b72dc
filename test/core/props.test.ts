import { App } from 'cdktf';
import { RecoveryObjective } from '../../lib';
import { stripNonData, stripNulls } from '../../lib/core/props';

describe('stripNulls (the props boundary for JavaScript callers)', () => {
  test('removes every null, Symbol and BigInt inside plain objects and arrays, and says where each was', () => {
    const props = { a: null, b: { c: [1, null, { d: null }], e: 'x' }, f: Symbol('s'), g: 10n };
    const { value, nulls } = stripNulls(props);
    expect(value).toEqual({ b: { c: [1, undefined, {}], e: 'x' } });
    expect(nulls).toEqual([
      { path: 'a', value: 'null' },
      { path: 'b.c[1]', value: 'null' },
      { path: 'b.c[2].d', value: 'null' },
      { path: 'f', value: 'symbol' },
      { path: 'g', value: 'bigint' },
    ]);
    // The caller's object is never changed.
    expect(props.a).toBeNull();
  });

  test('props without a null are returned as they are (same objects: the same output), class instances are not entered', () => {
    const objective = RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 });
    const app = new App();
    const props = { list: [1, 2], nested: { x: 'y' }, objective, app, fn: () => null };
    const { value, nulls } = stripNulls(props);
    expect(value).toBe(props);
    expect(nulls).toEqual([]);
  });

  test('a `__proto__` key stays a plain key of the copy: no prototype is changed', () => {
    const props = JSON.parse('{"__proto__": {"polluted": true}, "x": null}');
    const { value } = stripNulls(props) as { value: Record<string, unknown> };
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('props that are no object at all are reported as such; undefined props are not (the fields report what is missing)', () => {
    expect(stripNulls(null).nulls).toEqual([{ path: '', value: 'null' }]);
    expect(stripNulls('wjw').nulls).toEqual([{ path: '', value: 'string' }]);
    expect(stripNulls([1]).nulls).toEqual([{ path: '', value: 'an array' }]);
    expect(stripNulls(undefined).nulls).toEqual([]);
  });

  test('cycles are walked once', () => {
    const a: Record<string, unknown> = { n: null };
    a.self = a;
    expect(stripNulls(a).nulls).toEqual([{ path: 'n', value: 'null' }]);
  });
});

describe('stripNonData (props that reach Terraform JSON as they are)', () => {
  test('functions and class instances are removed with their path, nulls too; cycles end; data keeps its identity', () => {
    class Handle {}
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const given = { a: { f: () => 1, d: new Date(0), k: new Handle(), n: null, keep: 'text' }, list: [1, () => 2], cyclic };
    const { value, nulls } = stripNonData(given);
    expect(nulls).toEqual([
      { path: 'a.n', value: 'null' },
      { path: 'a.f', value: 'function' },
      { path: 'a.d', value: 'Date' },
      { path: 'a.k', value: 'class instance' },
      { path: 'list[1]', value: 'function' },
    ]);
    expect(value.a).toEqual({ keep: 'text' });
    expect(value.list).toEqual([1, undefined]);
    expect(value.cyclic).toBe(cyclic);
    const data = { a: { b: [1, 'x'] } };
    expect(stripNonData(data).value).toBe(data);
  });
});
