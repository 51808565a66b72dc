/**
 * The hostile-configuration harness shared by test/core/adversarial.test.ts (unit: few runs) and
 * test/core/adversarial-wide.test.ts (integration: many runs).
 *
 * A province is described by one plain object (a {@link Scenario}: hub props, industry clouds with their tenants and
 * network rules, offerings, grants, applications, blueprints, edge zones) and built through the public API only, as a
 * JavaScript caller would: a mutation replaces any value of it — however deep — with a hostile one (text, number,
 * wrong type), duplicates an entry or names something that does not exist. Whatever the mutation, synth must either
 * succeed with sound output or throw one LandingZoneError that lists every problem with its path, value and fix and
 * writes no stack; any other exception is a bug.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import fc from 'fast-check';
import {
  DataClass,
  DepartmentBlueprint,
  GovApplication,
  ITenant,
  LandingZoneError,
  LandingZoneStack,
  PostgresOffering,
  Problem,
  ProvinceHub,
  PublishedHub,
  RecoveryObjective,
  RedisOffering,
  Tenant,
} from '../../lib';
import { showValue } from '../../lib/core/errors';
import { hubProps, RECOVERY, tmpdir } from '../helpers';
import { apiObjectOf } from '../k8s-openapi';
import { semanticProblems } from '../k8s-semantics';

/** Marks the hostile text that must never reach Terraform as a template: `${gov_lz_hostile…` unescaped. */
export const MARK = 'gov_lz_hostile';
/** The password of the hostile URL (`https://user:secret@host.example/x`): no output file may hold it. */
export const HOSTILE_CREDENTIAL = 'user:secret@';

/** A small province with every kind of input: the base every mutation starts from (it synthesizes). */
export function baseScenario(): Scenario {
  return {
    hub: hubProps({
      recovery: RECOVERY,
      audit: { logSink: 'syslog+tls://audit.zj.gov.internal:6514' },
      observability: { retentionDays: 30, receivers: [{ name: 'ops', webhookUrl: 'https://im.zj.gov.internal/hook/ops' }] },
      dedicatedLineCidrs: ['10.200.0.0/24'],
    }) as unknown as Record<string, unknown>,
    industries: [
      {
        code: 'health',
        options: { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: { rtoMinutes: 60, rpoMinutes: 15 } },
        tenants: [
          {
            code: 'wjw',
            options: {
              displayName: '卫健委',
              quota: { cpu: 8, memoryGi: 32, storageGi: 100, pods: 50 },
              admins: ['wjw-admins'],
              viewers: ['wjw-auditors'],
              dataKey: { keyId: 'kms://kms.zj.gov.internal/keys/wjw-data', custodians: ['wjw-admins'] },
              alerting: { receivers: [{ name: 'wjw-oncall', webhookUrl: 'https://im.zj.gov.internal/hook/wjw' }] },
              containerDefaults: { cpu: 1, memoryMi: 1024, requestCpu: 0.1, requestMemoryMi: 128 },
              gatewayPorts: [8443],
            },
            rules: [{ name: 'to-api', direction: 'egress', peers: [{ cidr: '10.50.0.0/24' }], ports: [{ port: 443 }] }],
          },
        ],
      },
      {
        code: 'edu',
        options: { displayName: '教育', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL },
        tenants: [{ code: 'ksy', options: { displayName: '考试院', quota: { cpu: 4, memoryGi: 16 }, admins: ['ksy-admins'], burst: { cluster: 'ali-burst', maxCpu: 16, maxPods: 60 } }, rules: [] }],
      },
    ],
    postgres: { instances: 2, storageGi: 50 },
    redis: { replicas: 2, sentinels: 3, memoryGi: 2 },
    grants: [
      { offering: 'postgres', tenant: 'wjw', options: { database: 'wjw' } },
      { offering: 'redis', tenant: 'ksy', options: {} },
    ],
    apps: [
      {
        tenant: 'ksy',
        id: 'score',
        props: {
          image: 'harbor.zj.gov.internal/ksy/score@sha256:5f0c7a2e9b1d4c3f8a6e0d2b7c9f1a3e5d7b9c1e3f5a7b9d1c3e5f7a9b1d3c5e',
          ports: { http: 8080 },
          probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
          resources: { cpu: 0.5, memoryMi: 512 },
          replicas: { min: 2, max: 4 },
          slo: { availability: 99.9 },
          uses: ['redis'],
          route: { host: 'cf.zjzs.gov.cn' },
        },
      },
    ],
    blueprints: [{ name: 'edu-bureau', props: { version: 1, displayName: '教育局', quota: { cpu: 2, memoryGi: 4 }, optionalGrants: ['postgres'] } }],
    edgeZones: [{ name: 'yuhang', props: { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge', enforcesNetworkPolicy: false, capacity: { cpu: 8, memoryGi: 32, pods: 50 } } }],
  };
}

/** A province as data (every value may be anything once mutated). */
export interface Scenario {
  hub: Record<string, unknown>;
  industries: any;
  postgres?: any;
  redis?: any;
  grants: any;
  apps: any;
  blueprints: any;
  edgeZones: any;
}

const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);
const entry = (x: unknown): x is Record<string, any> => x !== null && typeof x === 'object';

/** Builds the scenario through the public API, passing each value exactly as the scenario holds it. */
export function buildScenario(app: App, s: Scenario): ProvinceHub {
  const hub = new ProvinceHub(app, 'zj', s.hub as any);
  const tenants = new Map<unknown, ITenant>();
  for (const ic of list(s.industries).filter(entry)) {
    // A recovery objective is made by RecoveryObjective.of, which checks its own props (see the recovery tests).
    const rec = entry(ic.options) ? ic.options.recovery : undefined;
    const options = entry(rec) && typeof rec.rtoMinutes === 'number' && typeof rec.rpoMinutes === 'number' ? { ...ic.options, recovery: RecoveryObjective.of(rec as any) } : ic.options;
    const cloud = hub.addIndustryCloud(ic.code, options);
    for (const t of list(ic.tenants).filter(entry)) {
      const tenant = cloud.addTenant(t.code, t.options);
      if (!tenants.has(t.code)) tenants.set(t.code, tenant);
      for (const rule of list(t.rules)) tenant.addNetworkRule(rule);
    }
  }
  if (s.postgres !== undefined) hub.middleware.add(new PostgresOffering(s.postgres));
  if (s.redis !== undefined) hub.middleware.add(new RedisOffering(s.redis));
  for (const g of list(s.grants).filter(entry)) hub.middleware.get(g.offering).grantConnect((tenants.get(g.tenant) ?? g.tenant) as ITenant, g.options);
  for (const a of list(s.apps).filter(entry)) new GovApplication((tenants.get(a.tenant) ?? a.tenant) as ITenant, a.id, a.props);
  for (const b of list(s.blueprints).filter(entry)) hub.addBlueprint(new DepartmentBlueprint(b.name, b.props));
  for (const z of list(s.edgeZones).filter(entry)) hub.addEdgeZone(z.name, z.props);
  return hub;
}

// ---- generators ----

/** Text that breaks naive code: templates, prototype keys, paths, controls, bidi, NUL, case, length, whitespace. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    `\${${MARK}}`,
    `a\${${MARK}}b`,
    `%{${MARK}}`,
    `x%{ if ${MARK} }y%{ endif }`,
    `$\${${MARK}}`,
    '}',
    '${',
    '',
    '   ',
    '\t\n',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '../../etc/passwd',
    '..',
    'a/b',
    'UPPER',
    '1leading-digit',
    '-leading-dash',
    'trailing-dash-',
    'a\u0000b',
    'evil\u202ecod',
    'zero\u200bwidth',
    '卫健委',
    '🙂',
    'a'.repeat(64),
    'a'.repeat(300),
    'https://user:secret@host.example/x',
  ),
  fc.string({ unit: fc.constantFrom('a', '-', '.', '$', '{', '}', '%', '/', ' ', 'Z', '0', '\u202e', '\u0000', '中'), maxLength: 12 }),
);

/** Numbers a JavaScript caller can pass where a count, an amount or a port is expected. */
export const hostileNumber: fc.Arbitrary<number> = fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0, 0.5, 1.0000001, 1e308, Number.MAX_SAFE_INTEGER + 2, 65536, 2 ** 31);

/** A value of the wrong type: null, undefined, a string for a number, an array for an object, an object for an array. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  '5',
  true,
  [],
  ['x'],
  {},
  { length: 1, 0: 'x' },
  () => 1,
  Symbol('hostile'),
  // What some parsers return: no prototype, so no toString (`${x}` throws).
  Object.create(null),
  10n,
  new Date(0),
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, wrongType);

/** Every path to a value of the scenario (objects and arrays, not class instances), as key lists. */
export function valuePaths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (at.length > 0) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => valuePaths(x, [...at, i], out));
  else if (entry(v) && Object.getPrototypeOf(v) === Object.prototype) for (const k of Object.keys(v)) valuePaths(v[k], [...at, k], out);
  return out;
}

/**
 * Every value path of `base` set to each of `values` (by `set`): what `problems` finds in each result, or the first
 * line of what it threw, each labelled `<path> = <value>`. Empty when every one is sound.
 */
export function sweepValues<T>(base: T, values: readonly unknown[], set: (base: T, path: Array<string | number>, value: unknown) => T, problems: (mutated: T) => string[]): string[] {
  const failures: string[] = [];
  for (const at of valuePaths(base)) {
    for (const value of values) {
      const label = `${at.join('.')} = ${showValue(value)}`;
      try {
        failures.push(...problems(set(base, at, value)).map((x) => `${label}: ${x}`));
      } catch (e) {
        failures.push(`${label}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  return failures;
}

/** A copy of plain objects and arrays (class instances shared). */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (entry(v) && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: copy(v[k]), enumerable: true, writable: true, configurable: true });
    return o as T;
  }
  return v;
}

/** One change to the base scenario. */
export type Mutation = { kind: 'set'; path: Array<string | number>; value: unknown } | { kind: 'duplicate'; path: Array<string | number> };

export function applyMutation(base: Scenario, m: Mutation): Scenario {
  const s = copy(base);
  let parent: any = s;
  for (const k of m.path.slice(0, -1)) parent = parent[k];
  const last = m.path[m.path.length - 1];
  if (m.kind === 'set') Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (Array.isArray(parent)) parent.push(copy(parent[last as number]));
  return s;
}

const BASE_PATHS = valuePaths(baseScenario());
/** Paths whose parent is an array: their element can be duplicated (a second cluster, tenant, grant… of the same name). */
const LIST_ITEMS = BASE_PATHS.filter((p) => typeof p[p.length - 1] === 'number');

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...BASE_PATHS), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...LIST_ITEMS) }) },
);

// ---- the property ----

export type Outcome = { kind: 'ok'; outdir: string; files: Map<string, string> } | { kind: 'refused'; outdir: string; error: LandingZoneError };

/** Builds and synthesizes into a fresh folder; rethrows anything that is not a LandingZoneError. */
export function synthScenario(s: Scenario): Outcome {
  return synthWith((app) => buildScenario(app, s));
}

export function synthWith(build: (app: App) => void): Outcome {
  const outdir = tmpdir('govlz-adv-');
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
  } catch (e) {
    if (LandingZoneError.isLandingZoneError(e)) return { kind: 'refused', outdir, error: e };
    const err = e as Error;
    throw new Error(`not a LandingZoneError: ${err?.name}: ${err?.message}\n${err?.stack ?? ''}`, { cause: e });
  }
  return { kind: 'ok', outdir, files: readTree(outdir) };
}

export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** What is wrong with an outcome (empty when it holds the property). Checks determinism with a second synth (`again`). */
export function outcomeProblems(s: Scenario | (() => Outcome), o: Outcome, opts: { determinism: boolean }): string[] {
  const bad: string[] = [];
  if (o.kind === 'refused') {
    const problems = o.error.problems;
    if (problems.length === 0) bad.push('a LandingZoneError without problems');
    for (const p of problems as ReadonlyArray<Partial<Problem>>) {
      if (typeof p.path !== 'string' || p.path === '') bad.push(`problem without a path: ${JSON.stringify(p.message)}`);
      if (!Object.prototype.hasOwnProperty.call(p, 'value')) bad.push(`problem without a value: ${String(p.path)}`);
      if (typeof p.message !== 'string' || p.message.trim() === '') bad.push(`problem without a message: ${p.path}`);
      if (typeof p.fix !== 'string' || p.fix.trim() === '') bad.push(`problem without a fix: ${p.path} ${p.message}`);
      if (typeof p.code !== 'string' || p.code === '') bad.push(`problem without a code: ${p.path}`);
    }
    if (/\n\s+at .*\.[jt]s:\d+/.test(o.error.message)) bad.push('the message holds a stack trace');
    const stacks = path.join(o.outdir, 'stacks');
    if (fs.existsSync(stacks) && fs.readdirSync(stacks).length > 0) bad.push(`stacks written although synth failed: ${fs.readdirSync(stacks).join(', ')}`);
    return bad;
  }
  for (const [file, text] of o.files) {
    // The hostile credential (a URL with user:password) must never be written, in any file, JSON or not.
    if (text.includes(HOSTILE_CREDENTIAL)) bad.push(`${file}: the credential of a hostile URL was written`);
    if (!file.endsWith('.json')) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      bad.push(`${file} is not JSON: ${(e as Error).message}`);
      continue;
    }
    if (file.startsWith('stacks/')) {
      // User text is literal: `${`/`%{` from it arrive escaped ($${, %%{), never as a template. Terraform reads a run
      // of `$` before `{` as literal `$`s and one `$${` escape when there are two or more: only a single `$` opens one.
      if (new RegExp(`(^|[^$])\\$\\{${MARK}`).test(text)) bad.push(`${file}: an unescaped \${ from user text`);
      if (new RegExp(`(^|[^%])%\\{[^}]*${MARK}`).test(text)) bad.push(`${file}: an unescaped %{ from user text`);
      bad.push(...kubernetesObjectProblems(json).map((x) => `${file}: ${x}`));
      bad.push(...apiServerProblems(json).map((x) => `${file}: ${x}`));
    }
  }
  if (opts.determinism) {
    const again = typeof s === 'function' ? s() : synthScenario(s);
    if (again.kind !== 'ok') bad.push('a second synth of the same input failed');
    else {
      const names = [...o.files.keys()];
      if (names.join('\n') !== [...again.files.keys()].join('\n')) bad.push('a second synth wrote other files');
      for (const n of names) if (o.files.get(n) !== again.files.get(n)) bad.push(`a second synth wrote another ${n}`);
    }
  }
  return bad;
}

// ---- validity of the emitted Kubernetes objects ----

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A canonical quantity as the API server writes it back (no exponent, no trailing zeros, no leading +). */
const QUANTITY = /^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const RBAC = /^kubernetes_(cluster_)?role(_binding)?(_v1)?$/;

function labelProblems(labels: unknown, at: string): string[] {
  if (labels === undefined) return [];
  if (!entry(labels)) return [`${at}: labels are not a map`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const [prefix, name] = k.includes('/') ? [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)] : [undefined, k];
    if ((prefix !== undefined && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) out.push(`${at}: label key ${JSON.stringify(k)}`);
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !LABEL_NAME.test(v))) out.push(`${at}: label ${k} value ${JSON.stringify(v)}`);
  }
  return out;
}

/**
 * Names (DNS-1123 subdomains, namespaces DNS-1123 labels, RBAC names path segments), labels and selectors, and the
 * quantities of quotas and limit ranges, of every Kubernetes object of a stack. Values that are Terraform
 * expressions (`${…}`) are left to Terraform.
 */
export function kubernetesObjectProblems(stack: unknown): string[] {
  const out: string[] = [];
  const resources = entry(stack) && entry(stack.resource) ? stack.resource : {};
  for (const [type, byName] of Object.entries(resources)) {
    if (!type.startsWith('kubernetes_') || !entry(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (!entry(body)) continue;
      const obj = type === 'kubernetes_manifest' ? body.manifest : body;
      if (!entry(obj)) continue;
      const at = `${type}.${name}`;
      const meta = Array.isArray(obj.metadata) ? obj.metadata[0] : obj.metadata;
      if (!entry(meta)) continue;
      const kind = type === 'kubernetes_manifest' ? String(obj.kind) : type;
      const n = meta.name;
      const literal = (x: unknown): x is string => typeof x === 'string' && !x.includes('${');
      if (literal(n)) {
        const rbac = RBAC.test(type) || /^(Cluster)?Role(Binding)?$/.test(kind);
        const ok = rbac
          ? n !== '' && !/[/%]/.test(n) && n !== '.' && n !== '..'
          : kind === 'kubernetes_namespace_v1' || kind === 'Namespace'
            ? n.length <= 63 && LABEL.test(n)
            : n.length <= 253 && SUBDOMAIN.test(n);
        if (!ok) out.push(`${at}: name ${JSON.stringify(n)}`);
      }
      if (literal(meta.namespace) && (meta.namespace.length > 63 || !LABEL.test(meta.namespace))) out.push(`${at}: namespace ${JSON.stringify(meta.namespace)}`);
      out.push(...labelProblems(meta.labels, at));
      const spec = Array.isArray(obj.spec) ? obj.spec[0] : obj.spec;
      if (type === 'kubernetes_resource_quota_v1' && entry(spec) && entry(spec.hard)) {
        for (const [k, q] of Object.entries(spec.hard)) if (typeof q !== 'string' || !QUANTITY.test(q)) out.push(`${at}: quota ${k} ${JSON.stringify(q)} is not a canonical quantity`);
      }
      if (type === 'kubernetes_limit_range_v1' && entry(spec)) {
        for (const limit of list(spec.limit)) {
          for (const field of ['default', 'default_request', 'defaultRequest', 'max', 'min']) {
            const m = entry(limit) ? limit[field] : undefined;
            if (entry(m))
              for (const [k, q] of Object.entries(m)) if (typeof q !== 'string' || !QUANTITY.test(q)) out.push(`${at}: limit ${field}.${k} ${JSON.stringify(q)} is not a canonical quantity`);
          }
        }
      }
    }
  }
  return out;
}

/** What the API server's validation code would refuse in the objects of a stack (test/k8s-semantics.ts). */
export function apiServerProblems(stack: unknown): string[] {
  const resources = entry(stack) && entry(stack.resource) ? stack.resource : {};
  const out: string[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    if (!type.startsWith('kubernetes_') || !entry(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      const obj = entry(body) ? apiObjectOf(type, body) : undefined;
      if (obj) out.push(...semanticProblems(obj, { typed: type !== 'kubernetes_manifest' }).map((p) => `${type}.${name}: ${p}`));
    }
  }
  return out;
}

// ---- city projects: a published hub contract, mutated ----

/** A city project on a published contract: a department in each industry cloud, one made with `new Tenant`, one from a blueprint. */
export interface CityScenario {
  contract: unknown;
  tenants: any;
}

let contractCache: unknown;
/** The contract the base scenario publishes (gov-lz/zj-hub.json), synthesized once. */
export function baseContract(): unknown {
  if (contractCache === undefined) {
    const o = synthScenario(baseScenario());
    if (o.kind !== 'ok') throw new Error('the base scenario must synthesize');
    contractCache = JSON.parse(o.files.get('gov-lz/zj-hub.json')!);
  }
  return copy(contractCache);
}

export function baseCity(): CityScenario {
  return {
    contract: baseContract(),
    tenants: [
      { industry: 'health', code: 'hz-wjw', options: { displayName: '杭州市卫健委', quota: { cpu: 2, memoryGi: 4 }, admins: ['hz-wjw-admins'] } },
      { industry: 'edu', code: 'hz-jyj', options: { displayName: '杭州市教育局', quota: { cpu: 2, memoryGi: 4 } }, construct: true },
      { industry: 'edu', code: 'hz-ksy', options: { displayName: '杭州市考试院', blueprint: 'edu-bureau@1' } },
    ],
  };
}

/** Builds the city project through the public API (ProvinceHub.fromPublished, addTenant, new Tenant, grantConnect). */
export function buildCity(app: App, c: CityScenario): void {
  const stack = new LandingZoneStack(app, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(c.contract, 'zj-hub.json'));
  for (const t of list(c.tenants).filter(entry)) {
    const cloud = hub.industryCloud(t.industry);
    if (t.construct) new Tenant(stack, t.code, { ...t.options, code: t.code, industryCloud: cloud });
    else cloud.addTenant(t.code, t.options);
  }
}

const CITY_PATHS = valuePaths(baseCity());
export const cityMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...CITY_PATHS), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...CITY_PATHS.filter((p) => typeof p[p.length - 1] === 'number')) }) },
);

export function applyCityMutation(base: CityScenario, m: Mutation): CityScenario {
  return applyMutation(base as unknown as Scenario, m) as unknown as CityScenario;
}

export function synthCity(c: CityScenario): Outcome {
  return synthWith((app) => buildCity(app, c));
}

/**
 * The property over the hub scenario: `runs` random mutations of it (from `seed`), each a sound output or one
 * LandingZoneError. Determinism costs a second synth: checked on the successful runs only.
 */
export function assertHubProperty(runs: number, seed: number): void {
  const base = baseScenario();
  fc.assert(
    fc.property(mutation, (m) => {
      const s = applyMutation(base, m);
      const o = synthScenario(s);
      expect(outcomeProblems(s, o, { determinism: o.kind === 'ok' })).toEqual([]);
    }),
    { seed, numRuns: runs },
  );
}

/** The same property over a city project on the published contract. */
export function assertCityProperty(runs: number, seed: number): void {
  const base = baseCity();
  fc.assert(
    fc.property(cityMutation, (m) => {
      const c = applyCityMutation(base, m);
      const o = synthCity(c);
      expect(outcomeProblems(() => synthCity(c), o, { determinism: o.kind === 'ok' })).toEqual([]);
    }),
    { seed, numRuns: runs },
  );
}
