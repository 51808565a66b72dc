import { Lazy } from 'cdktf';
import { compact, namespace, networkPolicy } from '../../lib/private/k8s';

describe('compact', () => {
  test('drops undefined members at every depth and keeps everything else, null and array slots included', () => {
    const input = { a: 1, b: undefined, c: { d: undefined, e: [1, undefined, { f: undefined, g: 'x' }], h: null }, i: [], j: {} };
    expect(compact(input)).toEqual({ a: 1, c: { e: [1, undefined, { g: 'x' }], h: null }, i: [], j: {} });
    expect(Object.keys(compact(input))).toEqual(['a', 'c', 'i', 'j']);
    expect(JSON.stringify(compact(input))).toBe(JSON.stringify(input));
  });

  test('never changes its input', () => {
    const input = { a: { b: undefined, c: 1 }, d: [{ e: undefined }] };
    const before = JSON.stringify(input, (_k, v) => (v === undefined ? '<undefined>' : v));
    compact(input);
    expect(JSON.stringify(input, (_k, v) => (v === undefined ? '<undefined>' : v))).toBe(before);
    expect('b' in input.a).toBe(true);
  });

  test('returns the same object where there is nothing to drop, so bodies do not hold a second copy', () => {
    const labels = { a: '1', b: '2' };
    const list = ['x', 'y'];
    const out = compact({ metadata: { labels, name: undefined }, list });
    expect(out.metadata.labels).toBe(labels);
    expect(out.list).toBe(list);
    const clean = { x: { y: [1, 2] } };
    expect(compact(clean)).toBe(clean);
  });

  test('keeps objects that are not plain (tokens) as they are', () => {
    const token = Lazy.anyValue({ produce: () => ({ k: 'v' }) });
    const out = compact({ manifest: { spec: token, gone: undefined } });
    expect(out.manifest.spec).toBe(token);
    expect(Object.keys(out.manifest)).toEqual(['spec']);
  });
});

describe('typed builders', () => {
  test('use the provider mapper (attribute names in snake_case) and leave no undefined behind', () => {
    const t = networkPolicy({ metadata: { name: 'p', namespace: 'n' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } });
    expect(t.type).toBe('kubernetes_network_policy_v1');
    expect(t.body).toEqual({ metadata: { name: 'p', namespace: 'n' }, spec: { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] } });
    const hasUndefined = (x: unknown): boolean => x !== null && typeof x === 'object' && Object.values(x as object).some((v) => v === undefined || hasUndefined(v));
    expect(hasUndefined(t.body)).toBe(false);
  });

  test('give each call a body of its own, so adding meta-arguments to one never touches another', () => {
    const labels = { a: '1' };
    const a = namespace({ metadata: { name: 'a', labels } });
    const b = namespace({ metadata: { name: 'b', labels } });
    expect(a.body).not.toBe(b.body);
    (a.body as Record<string, unknown>).provider = 'kubernetes.x';
    expect(b.body).not.toHaveProperty('provider');
  });
});
