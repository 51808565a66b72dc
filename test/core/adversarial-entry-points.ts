/**
 * The entry points the province scenario of adversarial-scenario.ts does not reach, each as plain data mutated the same
 * way (and then passed through the public API exactly as a JavaScript caller would): the state backends
 * (StateBackend.local, s3Compatible, pg, kubernetes, as a hub's and as a city's remote-state backend), the Kafka and an
 * ISV offering with their grants, PublishedHub.fromContract / fromRemoteState / ProvinceHub.fromPublished options /
 * ApplicationPlatform.fromPublished / DepartmentBlueprint.fromPublished, GovApplication.fromScore (the Score document
 * and its overrides, plus hostile files), and construct ids of every construct class. Mutations add truncation (a key
 * deleted), a whole input replaced and a list grown huge to the set/duplicate ones. The property is the province's:
 * a sound synth or one LandingZoneError with every problem's path, value and fix, nothing written; any other
 * exception is a bug.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import fc from 'fast-check';
import * as YAML from 'yaml';
import * as lib from '../../lib';
import {
  ApplicationPlatform,
  DataClass,
  DepartmentBlueprint,
  GovApplication,
  ITenant,
  KafkaOffering,
  LandingZoneStack,
  ProvinceHub,
  PublishedHub,
  PublishedProvinceHub,
  StateBackend,
  Tenant,
} from '../../lib';
import { hubProps, RECOVERY, tmpdir } from '../helpers';
import { defineDameng } from '../middleware/dameng';
import { baseContract, hostileValue, Outcome, outcomeProblems, synthWith, valuePaths } from './adversarial-scenario';

// ---- mutations of any plain input ----

type Key = string | number;
/** One change to an input: a value set, an entry deleted (truncation), a list entry duplicated, a list grown huge, the whole input replaced. */
export type InputMutation =
  { kind: 'set'; path: Key[]; value: unknown } | { kind: 'delete'; path: Key[] } | { kind: 'duplicate'; path: Key[] } | { kind: 'huge'; path: Key[] } | { kind: 'replace'; value: unknown };

const HUGE = 2000;

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (isPlain(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: copy(v[k]), enumerable: true, writable: true, configurable: true });
    return o as T;
  }
  return v;
}

export function mutateInput<T>(base: T, m: InputMutation): T {
  if (m.kind === 'replace') return m.value as T;
  const s = copy(base);
  let parent: any = s;
  for (const k of m.path.slice(0, -1)) parent = parent[k];
  const last = m.path[m.path.length - 1];
  if (m.kind === 'set') Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.push(copy(parent[last as number]));
  else if (m.kind === 'huge' && Array.isArray(parent[last])) {
    const list = parent[last] as unknown[];
    parent[last] = Array.from({ length: HUGE }, (_, i) => copy(list[i % Math.max(1, list.length)]));
  }
  return s;
}

/** Mutations of `base`: any value set to a hostile one, deleted, duplicated (list entries), grown huge (lists), or the whole input replaced. */
export function inputMutation(base: unknown): fc.Arbitrary<InputMutation> {
  const paths = valuePaths(base);
  const items = paths.filter((p) => typeof p[p.length - 1] === 'number');
  const lists = paths.filter((p) => Array.isArray(p.reduce((v: any, k) => v?.[k], base)));
  const arbs: Array<fc.WeightedArbitrary<InputMutation>> = [{ weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: hostileValue }) }];
  if (paths.length > 0) {
    arbs.push({ weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }) });
    arbs.push({ weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) });
  }
  if (items.length > 0) arbs.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...items) }) });
  if (lists.length > 0) arbs.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), path: fc.constantFrom(...lists) }) });
  return fc.oneof(...arbs);
}

// ---- the entry points ----

/** An entry point of the public API: plain input data, and how a program passes it through the API. */
export interface EntryPoint {
  readonly name: string;
  readonly base: () => unknown;
  readonly build: (app: App, input: any) => void;
  /** Synths are costly: entry points whose build synthesizes a whole hub. */
  readonly heavy?: boolean;
}

/** A small hub: one industry cloud on two clusters with a department, and whatever `extra` adds. */
function smallHub(app: App, props: Record<string, unknown> = {}): { hub: ProvinceHub; wjw: ITenant } {
  const hub = new ProvinceHub(app, 'zj', hubProps({ recovery: RECOVERY, ...props }) as any);
  const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  return { hub, wjw: health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32 } }) };
}

let contractFileCache: string | undefined;
/** The base scenario's published contract, written once to a file (the snapshot of fromRemoteState). */
export function contractFile(): string {
  if (!contractFileCache || !fs.existsSync(contractFileCache)) {
    contractFileCache = path.join(tmpdir('govlz-contract-'), 'zj-hub.json');
    fs.writeFileSync(contractFileCache, JSON.stringify(baseContract()));
  }
  return contractFileCache;
}

/** A city project on a published hub, with one department and a grant request, as the city examples build it. */
function cityOn(app: App, published: PublishedHub, options?: unknown): void {
  const stack = new LandingZoneStack(app, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', published, options as any);
  hub.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫健委', quota: { cpu: 2, memoryGi: 4 } });
}

const BACKENDS: Record<string, { factory: (o: any) => StateBackend; options: Record<string, unknown> }> = {
  local: { factory: (o) => StateBackend.local(o), options: { directory: 'state' } },
  s3Compatible: {
    factory: (o) => StateBackend.s3Compatible(o),
    options: { endpoint: 'https://minio.zj.gov.internal:9000', bucket: 'zj-gov-tfstate', region: 'us-east-1', pathStyle: true, lockFile: true, keyPrefix: 'zj/gov-lz', encrypt: true },
  },
  pg: { factory: (o) => StateBackend.pg(o), options: { schemaPrefix: 'tfstate_' } },
  kubernetes: { factory: (o) => StateBackend.kubernetes(o), options: { namespace: 'gov-lz-state', connection: { configPath: '~/.kube/config', context: 'hz-a-core' } } },
  'kubernetes-cluster': { factory: (o) => StateBackend.kubernetes(o), options: { cluster: 'hz-a-core' } },
};

/** An offering defined outside the library (as an ISV package would), on the public MiddlewareOffering base class. */
const IsvOffering = defineDameng(lib.MiddlewareOffering);

const SCORE_FIXTURE = path.join(__dirname, '..', 'application', 'fixtures', 'score-query.score.yaml');

/** A department on the base hub with a redis grant, for Score files. */
function scoreTenant(app: App): ITenant {
  const { hub, wjw } = smallHub(app);
  hub.middleware.add(new lib.RedisOffering({ replicas: 2, sentinels: 3, memoryGi: 2 }));
  hub.middleware.get('redis').grantConnect(wjw);
  return wjw;
}

function writeScore(input: unknown): string {
  const file = path.join(tmpdir('govlz-score-'), 'score.yaml');
  // A value YAML cannot write (a function, a Symbol) is written as JSON would, or as text.
  let text: string;
  try {
    text = YAML.stringify(input);
  } catch {
    text = String(input);
  }
  fs.writeFileSync(file, text ?? '');
  return file;
}

/** A valid application. */
const APP_PROPS: lib.GovApplicationProps = {
  image: 'harbor.zj.gov.internal/ksy/score@sha256:' + 'a'.repeat(64),
  ports: { http: 8080 },
  probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
  resources: { cpu: 0.5, memoryMi: 512 },
  replicas: { min: 2, max: 4 },
};

/** Every entry point the province scenario does not reach, with the input a valid program passes. */
export const ENTRY_POINTS: readonly EntryPoint[] = [
  ...Object.entries(BACKENDS).map(([name, b]): EntryPoint => ({
    name: `StateBackend.${name} of a hub`,
    base: () => b.options,
    build: (app, input) => smallHub(app, { stateBackend: b.factory(input) }),
    heavy: true,
  })),
  ...Object.entries(BACKENDS)
    .filter(([name]) => name !== 'kubernetes-cluster')
    .map(([name, b]): EntryPoint => ({
      name: `StateBackend.${name} of a city's remote state`,
      base: () => ({ backend: b.options, stack: 'zj-hub', output: 'contract' }),
      build: (app, input) => {
        const i = isPlain(input) ? (input as Record<string, unknown>) : {};
        cityOn(app, PublishedHub.fromRemoteState({ ...i, backend: b.factory(i.backend), snapshot: contractFile() } as any));
      },
    })),
  {
    name: 'PublishedHub.fromRemoteState options',
    base: () => ({ snapshot: contractFile(), stack: 'zj-hub', output: 'contract' }),
    build: (app, input) => {
      const i = isPlain(input) ? { ...(input as Record<string, unknown>), backend: StateBackend.local() } : input;
      cityOn(app, PublishedHub.fromRemoteState(i as any));
    },
  },
  {
    name: 'PublishedHub.fromContract (whole contract: truncated, wrong types, prototype keys, huge lists)',
    base: () => baseContract(),
    build: (app, input) => cityOn(app, PublishedHub.fromContract(input, 'zj-hub.json')),
  },
  {
    name: 'ProvinceHub.fromPublished options',
    base: () => ({ connections: { 'hz-a-core': { configPath: '~/.kube/config', context: 'hz-a-core' } }, compliance: { suppressions: [] } }),
    build: (app, input) => cityOn(app, PublishedHub.fromContract(baseContract(), 'zj-hub.json'), input),
  },
  {
    name: 'DepartmentBlueprint.fromPublished',
    base: () => (baseContract() as any).blueprints[0],
    build: (app, input) => {
      const stack = new LandingZoneStack(app, 'hz-city');
      const contract = baseContract() as any;
      const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(contract, 'zj-hub.json'));
      const bp = DepartmentBlueprint.fromPublished(input);
      hub.industryCloud('edu').addTenant('hz-ksy', { displayName: '杭州市考试院', blueprint: bp.ref });
    },
  },
  {
    name: 'ApplicationPlatform.fromPublished',
    base: () => (baseContract() as any).applications ?? { keda: false, gateway: { name: 'gov-lz-gateway' } },
    // A city's own composition: a hub read from the contract, the application platform from the (hostile) section.
    build: (app, input) => {
      const stack = new LandingZoneStack(app, 'hz-city');
      const hub = new PublishedProvinceHub(stack, 'zj', { published: PublishedHub.fromContract(baseContract(), 'zj-hub.json') });
      hub.addFeature(ApplicationPlatform.fromPublished(input));
      const t = hub.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫健委', quota: { cpu: 2, memoryGi: 4 } });
      new GovApplication(t, 'score', APP_PROPS);
    },
  },
  {
    name: 'KafkaOffering and its grants',
    base: () => ({
      kafka: { brokers: 3, controllers: 3, cpu: 2, memoryGi: 8, storageGi: 100, kafkaVersion: '3.9.0' },
      grants: [{ tenant: 'wjw', options: { topicPrefix: 'wjw.' } }],
    }),
    build: (app, input) => {
      const { hub, wjw } = smallHub(app);
      const i = isPlain(input) ? (input as any) : {};
      hub.middleware.add(new KafkaOffering(i.kafka));
      for (const g of Array.isArray(i.grants) ? i.grants : [])
        hub.middleware.get('kafka').grantConnect(isPlain(g) && g.tenant === 'wjw' ? wjw : (g?.tenant as any), isPlain(g) ? (g.options as any) : g);
    },
    heavy: true,
  },
  {
    name: 'an ISV offering (MiddlewareOffering subclass) and its grants',
    base: () => ({ offering: { name: 'dameng', instances: 2, clusters: ['hz-a-core'] }, grants: [{ tenant: 'wjw', options: { user: 'WJW' } }] }),
    build: (app, input) => {
      const { hub, wjw } = smallHub(app);
      const i = isPlain(input) ? (input as any) : {};
      const offering = new IsvOffering(i.offering);
      hub.middleware.add(offering);
      for (const g of Array.isArray(i.grants) ? i.grants : [])
        hub.middleware.get(offering.name).grantConnect(isPlain(g) && g.tenant === 'wjw' ? wjw : (g?.tenant as any), isPlain(g) ? (g.options as any) : g);
    },
    heavy: true,
  },
  {
    name: 'GovApplication.fromScore (the Score document and the overrides)',
    base: () => ({ score: YAML.parse(fs.readFileSync(SCORE_FIXTURE, 'utf8')), overrides: { replicas: { min: 2, max: 8 } } }),
    // `file` (no mutation reaches it): a hostile file of hostileScoreFiles() instead of the written document.
    build: (app, input) => {
      const i = isPlain(input) ? (input as any) : { score: input };
      GovApplication.fromScore(scoreTenant(app), typeof i.file === 'string' ? i.file : writeScore(i.score), i.overrides);
    },
    heavy: true,
  },
  {
    name: 'construct ids and codes of every construct class',
    base: () => ({ hub: 'zj', stack: 'hz-city', industry: 'health', tenant: 'wjw', tenantConstruct: 'hz-jyj', application: 'score', edgeZone: 'yuhang' }),
    build: (app, input) => {
      const i = isPlain(input) ? (input as any) : {};
      const hub = new ProvinceHub(app, i.hub, hubProps({ recovery: RECOVERY }));
      const cloud = hub.addIndustryCloud(i.industry, { displayName: '医疗', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL });
      const t = cloud.addTenant(i.tenant, { displayName: '卫健委', quota: { cpu: 2, memoryGi: 4 } });
      new Tenant(hub.hubStack, i.tenantConstruct, { code: 'hz-jyj', displayName: '教育局', quota: { cpu: 1, memoryGi: 1 }, industryCloud: cloud });
      new GovApplication(t, i.application, APP_PROPS);
      hub.addEdgeZone(i.edgeZone, { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge', enforcesNetworkPolicy: false, capacity: { cpu: 8, memoryGi: 32, pods: 50 } } as any);
      const city = new LandingZoneStack(app, i.stack);
      ProvinceHub.fromPublished(city, i.hub, PublishedHub.fromContract(baseContract(), 'zj-hub.json'));
    },
    heavy: true,
  },
];

/** Score files no mutation of a document writes: missing, a directory, binary, a YAML bomb, several documents, placeholders, unknown types, huge numbers. */
export function hostileScoreFiles(): Array<[string, string]> {
  const dir = tmpdir('govlz-score-files-');
  const at = (name: string, text: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const fixture = fs.readFileSync(SCORE_FIXTURE, 'utf8');
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  return [
    ['a missing file', path.join(dir, 'missing.yaml')],
    ['a directory', dir],
    ['a binary file', at('binary.yaml', Buffer.from([0, 159, 146, 150, 255, 0, 1, 2]))],
    ['an empty file', at('empty.yaml', '')],
    ['a YAML bomb (anchors and aliases)', at('bomb.yaml', bomb)],
    ['a bomb inside a valid Score file', at('bomb-score.yaml', fixture.replace('LOG_LEVEL: info', 'LOG_LEVEL: info\n      BOMB: *z') + '\n' + bomb.replace(/^/gm, 'x-') + '\n')],
    ['multi-document YAML', at('multi.yaml', `${fixture}\n---\n${fixture}`)],
    [
      'Score placeholders',
      at('placeholders.yaml', fixture.replace('LOG_LEVEL: info', 'DB: ${resources.db.host}\n      LEVEL: $${literal}').replace('host: cf.zjzs.gov.cn', 'host: ${resources.dns.host}')),
    ],
    ['an unknown resource type', at('unknown.yaml', fixture.replace('type: redis', 'type: mongodb'))],
    [
      'huge numbers',
      at(
        'huge.yaml',
        fixture
          .replace('cpu: 250m', 'cpu: 1e308')
          .replace('memory: 256Mi', 'memory: 99999999999999999999Ti')
          .replace('targetPort: 8080', 'targetPort: 1e400')
          .replace('port: 8080\n        path: /live', 'port: 99999999999999999999\n        path: /live'),
      ),
    ],
    [
      'a template in the image and the name',
      at('template.yaml', fixture.replace('name: score-query', 'name: a${gov_lz_hostile}').replace(/image: .*/, 'image: harbor.zj.gov.internal/${gov_lz_hostile}@sha256:' + 'b'.repeat(64))),
    ],
    ['JSON with a __proto__ key', at('proto.json', JSON.stringify({ ...YAML.parse(fixture), metadata: JSON.parse('{"name":"score-query","__proto__":{"polluted":true}}') }))],
    ['a YAML merge key and a custom tag', at('tags.yaml', fixture.replace('LOG_LEVEL: info', 'LOG_LEVEL: !!js/function "function(){}"\n      <<: { A: b }'))],
  ];
}

// ---- the property ----

/** Synthesizes `build(app, input)`; the outcome's problems (empty when it holds the property), determinism checked on success. */
export function entryPointProblems(e: EntryPoint, input: unknown, determinism: boolean): string[] {
  const run = (): Outcome => synthWith((app) => e.build(app, input));
  const o = run();
  return outcomeProblems(run, o, { determinism: determinism && o.kind === 'ok' });
}

/** `runs` random mutations of each entry point's input (from `seed`). */
export function assertEntryPointProperty(e: EntryPoint, runs: number, seed: number): void {
  const base = e.base();
  fc.assert(
    fc.property(inputMutation(base), (m) => {
      expect(entryPointProblems(e, mutateInput(base, m), true)).toEqual([]);
    }),
    { seed, numRuns: runs },
  );
}

/** A table of hostile values, one of each class, for the exhaustive (integration) pass over every value of every entry point. */
export const VALUE_TABLE: readonly unknown[] = ['__proto__${gov_lz_hostile}', NaN, null, {}, ['x'], 'https://user:secret@host.example/x'];
