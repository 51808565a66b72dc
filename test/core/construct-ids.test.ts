/**
 * Construct ids a JavaScript caller may pass to every construct class the library exports: names Object.prototype has
 * (the constructs library keeps children in a plain object and takes `constructor`, `__proto__`, `toString`… for
 * children that exist), empty, non-string, a second construct of one id ('a/b' and 'a--b' are one id there), a scope
 * that is no construct. Each is one LandingZoneError naming the scope path, the id and the fix (constructId in
 * lib/core/names.ts, checked before `super(scope, id)`), never the constructs library's plain Error or a TypeError.
 */
import { App } from 'cdktf';
import { Construct } from 'constructs';
import {
  BurstAutoscaler,
  DisasterRecovery,
  IndustryCloud,
  LandingZoneError,
  LandingZoneStack,
  Observability,
  ProvinceHub,
  PublishedHub,
  PublishedProvinceHub,
  RequestedTenant,
  SharedMiddleware,
  Tenant,
} from '../../lib';
import { constructId } from '../../lib/core/names';
import { hubProps, newApp, RECOVERY } from '../helpers';

type Make = (scope: Construct, id: any) => unknown;

/** Every exported construct class, made in a scope that suits it (its props do not matter: the id is checked first). */
function makers(): Array<[string, () => Construct, Make]> {
  // A refused id adds nothing to its scope: one scope of each kind serves every id.
  const once = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const inStack = once(() => new LandingZoneStack(newApp(), 'city'));
  const hub = once(() => new ProvinceHub(newApp(), 'zj', hubProps({ recovery: RECOVERY })));
  return [
    ['ProvinceHub', () => newApp(), (s, id) => new ProvinceHub(s, id, hubProps({ recovery: RECOVERY }))],
    ['LandingZoneStack', () => newApp(), (s, id) => new LandingZoneStack(s, id)],
    ['IndustryCloud', hub, (s, id) => new IndustryCloud(s, id, {} as any)],
    ['Tenant', inStack, (s, id) => new Tenant(s, id, {} as any)],
    ['BurstAutoscaler', inStack, (s, id) => new BurstAutoscaler(s, id, {} as any)],
    ['RequestedTenant', inStack, (s, id) => new RequestedTenant(s, id, {} as any)],
    ['SharedMiddleware', inStack, (s, id) => new (SharedMiddleware as any)(s, id)],
    ['Observability', inStack, (s, id) => new (Observability as any)(s, id, {})],
    ['DisasterRecovery', inStack, (s, id) => new (DisasterRecovery as any)(s, id, {})],
    ['PublishedProvinceHub', inStack, (s, id) => new (PublishedProvinceHub as any)(s, id, {})],
    ['ProvinceHub.fromPublished', inStack, (s, id) => ProvinceHub.fromPublished(s, id, PublishedHub.fromFile('examples/city/zj-hub.json'))],
  ];
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

const HOSTILE_IDS: Array<[string, unknown, string | RegExp]> = [
  ['constructor', 'constructor', 'property every JavaScript object has'],
  ['__proto__', '__proto__', 'property every JavaScript object has'],
  ['toString', 'toString', 'property every JavaScript object has'],
  ['hasOwnProperty', 'hasOwnProperty', 'property every JavaScript object has'],
  ['empty', '', /is empty|a stack id names a folder/],
  ['undefined', undefined, 'must be a string'],
  ['null', null, 'must be a string'],
  ['a number', 5, 'must be a string'],
  ['an object', {}, 'must be a string'],
];

describe.each(makers())('%s', (_name, scopeOf, make) => {
  test.each(HOSTILE_IDS)('id %s: one LandingZoneError with the scope path, the id and a fix', (_label, id, fragment) => {
    const scope = scopeOf();
    const e = thrown(() => make(scope, id));
    expect(LandingZoneError.isLandingZoneError(e)).toBe(true);
    const [p, ...rest] = (e as LandingZoneError).problems;
    expect(rest).toEqual([]);
    expect(p.message).toMatch(fragment);
    expect(p.path.startsWith(scope.node.path)).toBe(true);
    expect(p.value).toBe(id);
    expect(p.fix).toMatch(/\S/);
    // The message is what the user reads: no stack trace.
    expect((e as Error).message).not.toMatch(/\n\s+at /);
  });
});

test('a second construct of an id (also through "/", which constructs reads as "--"): a duplicate, with the fix', () => {
  const app = newApp();
  new LandingZoneStack(app, 'city');
  const e = thrown(() => new LandingZoneStack(app, 'city')) as LandingZoneError;
  expect(e.problems.map((p) => [p.code, p.path])).toEqual([['duplicate', 'city']]);
  const stack = new LandingZoneStack(app, 'other');
  new (SharedMiddleware as any)(stack, 'a--b');
  const e2 = thrown(() => new (SharedMiddleware as any)(stack, 'a/b')) as LandingZoneError;
  expect(e2.problems.map((p) => [p.code, p.path, p.value])).toEqual([['duplicate', 'other/a--b', 'a/b']]);
  expect(e2.problems[0].message).toContain("'/' in an id reads as '--'");
});

test('an id that is a URL with a credential is refused: constructs turns its "/" into "--" and the output scan would no longer see it in the reports', () => {
  const stack = new LandingZoneStack(newApp(), 'city');
  const e = thrown(() => new (SharedMiddleware as any)(stack, 'https://user:secret@host.example/x')) as LandingZoneError;
  expect(e.problems.map((p) => [p.code, p.path, p.fix])).toEqual([['credential-in-id', 'city/https:----user:secret@host.example--x', "give a plain name, e.g. 'host-example-x'"]]);
});

test('a scope that is no construct: a LandingZoneError, not a TypeError reading node', () => {
  for (const scope of [undefined, null, {}, 'zj']) {
    const e = thrown(() => new LandingZoneStack(scope as any, 'city')) as LandingZoneError;
    expect(LandingZoneError.isLandingZoneError(e)).toBe(true);
    expect(e.problems.map((p) => p.code)).toEqual(['invalid-scope']);
  }
});

test('props a construct reads while it is built (hub, tenant, request): every one missing is reported together', () => {
  const hub = new ProvinceHub(newApp(), 'zj', hubProps({ recovery: RECOVERY }));
  const e = thrown(() => new IndustryCloud(hub, 'health', undefined as any)) as LandingZoneError;
  expect(e.problems.map((p) => [p.path, p.code, p.message.split(';')[0]])).toEqual([
    ['zj/health', 'missing-value', 'industry cloud prop hub must be the province hub'],
    ['zj/health', 'missing-value', 'industry cloud prop stack must be a function (scope, id) => TerraformStack'],
  ]);
  const stack = new LandingZoneStack(newApp(), 'city');
  const e2 = thrown(() => new BurstAutoscaler(stack, 'hpa', { tenant: 'wjw' } as any)) as LandingZoneError;
  expect(e2.problems.map((p) => [p.code, p.value])).toEqual([['invalid-value', 'wjw']]);
  const e3 = thrown(() => new RequestedTenant(stack, 'req', { request: [], industryCloud: null } as any)) as LandingZoneError;
  expect(e3.problems.map((p) => p.code)).toEqual(['invalid-value', 'missing-value']);
});

test('valid ids are returned unchanged; a code named like a prototype property still works through addIndustryCloud/addTenant', () => {
  const app = new App({ outdir: newApp().outdir });
  expect(constructId(app, 'zj-city', 'stack')).toBe('zj-city');
  const hub = new ProvinceHub(app, 'zj', hubProps({ recovery: RECOVERY }));
  const cloud = hub.addIndustryCloud('constructor', { displayName: '构造', clusters: ['hz-a-core'] });
  cloud.addTenant('valueof', { displayName: 'x', quota: { cpu: 1, memoryGi: 1 } });
  expect(cloud.code).toBe('constructor');
  expect(hub.stacks.map((s) => s.node.id)).toContain('zj-constructor');
});
