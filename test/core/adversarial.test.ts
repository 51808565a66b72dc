/**
 * Adversarial configurations through the public API (property-based, fast-check): any value of a small province —
 * hub props, sites, clusters, industry clouds, tenants and their options and network rules, offerings, grants,
 * applications, blueprints, edge zones — replaced by hostile text, a hostile number or a value of the wrong type, or
 * an entry duplicated. Synth either succeeds, and then every stack is JSON, no user text is an unescaped template,
 * every Kubernetes object has valid names, labels and canonical quantities, and a second synth is byte-identical; or
 * it throws one LandingZoneError whose every problem has a path, the value and a fix, and writes no stack. Never any
 * other exception. A few runs here (the unit suite stays fast); test/core/adversarial-wide.test.ts runs many.
 */
import { assertEntryPointProperty, ENTRY_POINTS, entryPointProblems } from './adversarial-entry-points';
import { assertCityProperty, assertHubProperty, baseScenario, kubernetesObjectProblems, outcomeProblems, synthScenario, synthWith } from './adversarial-scenario';

const SEED = Number(process.env.GOVLZ_FC_SEED ?? 2612);
const RUNS = Number(process.env.GOVLZ_FC_RUNS ?? 6);

test('the base scenario synthesizes, with valid Kubernetes objects, twice the same', () => {
  const s = baseScenario();
  const o = synthScenario(s);
  expect(o.kind).toBe('ok');
  expect(outcomeProblems(s, o, { determinism: true })).toEqual([]);
});

test('hostile values anywhere in the props: a sound output or a LandingZoneError, never another exception', () => {
  assertHubProperty(RUNS, SEED);
});

test('a city project on a hostile published contract (any field of zj-hub.json) or with hostile departments: the same property', () => {
  assertCityProperty(RUNS, SEED);
});

test('the object validator rejects what the API server would', () => {
  const stack = {
    resource: {
      kubernetes_namespace_v1: { a: { metadata: { name: 'Bad_NS', labels: { 'gov-lz.io/tenant': 'x'.repeat(64) } } } },
      kubernetes_resource_quota_v1: { q: { metadata: { name: 'tenant-quota', namespace: 'ok' }, spec: { hard: { 'limits.cpu': '8.0', pods: '1e3' } } } },
      kubernetes_manifest: { m: { manifest: { kind: 'ConfigMap', metadata: { name: '-x', namespace: '${var.ns}', labels: { 'a/b/c': 'v' } } } } },
      kubernetes_role_binding_v1: { r: { metadata: { name: 'gov-lz:admin', namespace: 'ok' } } },
    },
  };
  expect(kubernetesObjectProblems(stack)).toEqual([
    'kubernetes_namespace_v1.a: name "Bad_NS"',
    'kubernetes_namespace_v1.a: label gov-lz.io/tenant value "' + 'x'.repeat(64) + '"',
    'kubernetes_resource_quota_v1.q: quota limits.cpu "8.0" is not a canonical quantity',
    'kubernetes_resource_quota_v1.q: quota pods "1e3" is not a canonical quantity',
    'kubernetes_manifest.m: name "-x"',
    'kubernetes_manifest.m: label key "a/b/c"',
  ]);
});

describe('the entry points the province scenario does not reach (state backends, offerings, published hub, Score files, construct ids)', () => {
  // The base input of each is valid, so a mutation that passes is checked for a sound output (not refused for nothing).
  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))('%s: the valid input synthesizes soundly, twice the same', (_name, e) => {
    const o = synthWith((app) => e.build(app, e.base()));
    expect(o.kind === 'refused' ? o.error.message : o.kind).toBe('ok');
    expect(entryPointProblems(e, e.base(), true)).toEqual([]);
  });

  // One random mutation each here (a synth of a small hub or a city project); adversarial-wide.test.ts runs many.
  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))('%s: a sound output or a LandingZoneError', (_name, e) => {
    assertEntryPointProperty(e, Number(process.env.GOVLZ_FC_ENTRY_RUNS ?? 1), SEED);
  });
});
