/**
 * Every custom resource the middleware emits validates against its CRD's openAPIV3Schema (and its CEL rules), and
 * every Helm values object against the chart's values.schema.json merged with the chart's defaults, from
 * test/fixtures/upstream (SOURCES.md). See test/schema.ts for how the OpenAPI extensions are enforced.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KafkaOffering, PostgresOffering, RedisOffering } from '../../lib';
import { cloudnativePgValues, MiddlewareOperators, redisOperatorValues, strimziValues } from '../../lib/middleware/operators';
import { listFiles } from '../helpers';
import { synthDemo } from '../review/fixtures';
import { ChartValues, CrdSchemas, SCHEMAS_DIR } from '../schema';
import { fixture } from './fixture';

const crds = new CrdSchemas(['cloudnative-pg', 'strimzi', 'redis-operator', 'prometheus-operator']);

/** The synthesized JSON of one stack of an output folder. */
function stackOf(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** Every kubernetes_manifest of the middleware (labelled with its offering) in every stack of an output folder, by address. */
function manifests(outdir: string): Array<{ address: string; manifest: any }> {
  return listFiles(path.join(outdir, 'stacks')).flatMap((file) => {
    const stack = path.dirname(file);
    const res = stackOf(outdir, stack).resource?.kubernetes_manifest ?? {};
    return Object.entries<any>(res)
      .filter(([, r]) => r.manifest.metadata?.labels?.['gov-lz.io/offering'])
      .map(([name, r]) => ({ address: `${stack}:${name}`, manifest: r.manifest }));
  });
}

/** The demo province's output: the run's synth of it (test/review/fixtures.ts), a copy of its own. */
function demo(): string {
  return synthDemo();
}

/** The other shapes the offerings can take (no pooler, WAL volume, storage class, one broker…). */
function variants(): string {
  const f = fixture();
  f.hub.middleware.add(new PostgresOffering({ name: 'pg', walStorageGi: 20, storageClass: 'csi-ssd', allowDestroy: true }));
  f.hub.middleware.add(new RedisOffering({ replicas: 2, sentinels: 1, storageClass: 'csi-ssd' }));
  f.hub.middleware.add(new KafkaOffering({ brokers: 1, controllers: 1, storageClass: 'csi-ssd' }));
  for (const o of ['pg', 'redis', 'kafka']) f.hub.middleware.get(o).grantConnect(f.wjw);
  f.hub.middleware.get('pg').grantConnect(f.ybj, { role: 'ybj_app', database: 'ybj_db', connectionLimit: 20 });
  f.app.synth();
  return f.app.outdir;
}

describe('custom resources against their CRDs', () => {
  const all = [...manifests(demo()), ...manifests(variants())];

  test('every kind the offerings emit is a served version of a CRD in test/fixtures/upstream', () => {
    const kinds = [...new Set(all.map(({ manifest }) => `${manifest.apiVersion}/${manifest.kind}`))].sort();
    expect(kinds).toEqual([
      'kafka.strimzi.io/v1/Kafka',
      'kafka.strimzi.io/v1/KafkaNodePool',
      'kafka.strimzi.io/v1/KafkaUser',
      // The offerings' PodMonitors (observability, in the demo).
      'monitoring.coreos.com/v1/PodMonitor',
      'postgresql.cnpg.io/v1/Cluster',
      'postgresql.cnpg.io/v1/Database',
      'postgresql.cnpg.io/v1/Pooler',
      'postgresql.cnpg.io/v1/ScheduledBackup',
      'redis.redis.opstreelabs.in/v1beta2/RedisReplication',
      'redis.redis.opstreelabs.in/v1beta2/RedisSentinel',
    ]);
    for (const k of kinds) expect(crds.kinds).toContain(k);
  });

  test('each one validates against its openAPIV3Schema', () => {
    expect(all.length).toBeGreaterThan(40);
    const problems = all.flatMap(({ address, manifest }) => crds.validate(manifest).map((p) => `${address} (${crds.fileOf(manifest.apiVersion, manifest.kind)}): ${p}`));
    expect(problems).toEqual([]);
  });

  test('the validator rejects what the API server would prune or refuse', () => {
    const cluster = all.find((m) => m.manifest.kind === 'Cluster')!.manifest;
    const user = all.find((m) => m.manifest.kind === 'KafkaUser')!.manifest;
    const sentinel = all.find((m) => m.manifest.kind === 'RedisSentinel')!.manifest;
    expect(crds.validate({ ...cluster, spec: { ...cluster.spec, instancez: 3 } })).toEqual(['/spec must NOT have additional properties (instancez)']);
    expect(crds.validate({ ...cluster, spec: { ...cluster.spec, instances: '3' } })).toEqual(['/spec/instances must be integer {"type":"integer"}']);
    expect(crds.validate({ ...cluster, metadata: { ...cluster.metadata, labels: { a: 1 } } })).toEqual(['/metadata/labels/a must be string {"type":"string"}']);
    const acls = [{ resource: { type: 'topic', name: 'x.', patternType: 'prefix' }, operations: ['Destroy'] }];
    expect(crds.validate({ ...user, spec: { ...user.spec, authorization: { type: 'simple', acls } } })[0]).toMatch(
      /^\/spec\/authorization\/acls\/0\/operations\/0 must be equal to one of the allowed values/,
    );
    expect(crds.validate({ ...sentinel, spec: { ...sentinel.spec, clusterSize: 2 ** 31 } })).toEqual(['/spec/clusterSize must match format "int32" {"format":"int32"}']);
    expect(crds.validate({ apiVersion: 'postgresql.cnpg.io/v1beta1', kind: 'Cluster' })[0]).toMatch(/^no served CRD version for postgresql\.cnpg\.io\/v1beta1\/Cluster/);
  });

  test('their CEL rules run too (x-kubernetes-validations); transition rules only run on updates', () => {
    const cel = (kind: string) => {
      const m = all.find((x) => x.manifest.kind === kind)!.manifest;
      const rules = crds.celRules(m.apiVersion, kind);
      return { onCreate: rules.filter((r) => !r.transition).length, transition: rules.filter((r) => r.transition).length };
    };
    expect(cel('Cluster')).toEqual({ onCreate: 8, transition: 1 });
    expect(cel('Database')).toEqual({ onCreate: 9, transition: 12 });
    expect(cel('KafkaUser')).toEqual({ onCreate: 3, transition: 0 });
    const cluster = all.find((m) => m.manifest.kind === 'Cluster')!.manifest;
    const database = all.find((m) => m.manifest.kind === 'Database')!.manifest;
    const user = all.find((m) => m.manifest.kind === 'KafkaUser')!.manifest;
    expect(crds.validate({ ...cluster, spec: { ...cluster.spec, imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ImageCatalog', name: 'pg', major: 18 } } })).toEqual([
      '/spec imageName and imageCatalogRef are mutually exclusive',
    ]);
    expect(crds.validate({ ...database, spec: { ...database.spec, name: 'template1' } })).toEqual(['/spec/name the name template1 is reserved']);
    expect(crds.validate({ ...user, spec: { ...user.spec, authentication: { type: 'scram-sha-512', validityDays: 30 } } })).toEqual([
      "/spec/authentication 'validityDays' and 'renewalDays' can be configured only with 'type: tls'",
    ]);
  });
});

describe('Helm values', () => {
  const cnpg = new ChartValues('cloudnative-pg');

  test('the CloudNativePG values, merged with the chart defaults as Helm does, validate against values.schema.json', () => {
    expect(cnpg.validate(cloudnativePgValues('harbor.zj.gov.internal'))).toEqual([]);
    // And every key we set is one the chart declares (values.schema.json does not forbid unknown keys, so a typo would pass).
    const declared = (values: any, defaults: any, schema: any, at: string): string[] =>
      Object.entries(values).flatMap(([k, v]) => {
        const here = `${at}.${k}`;
        const inDefaults = defaults && typeof defaults === 'object' && k in defaults;
        const inSchema = schema?.properties && k in schema.properties;
        if (!inDefaults && !inSchema) return [here];
        const freeForm = inDefaults && typeof defaults[k] === 'object' && defaults[k] !== null && Object.keys(defaults[k]).length === 0;
        if (freeForm || typeof v !== 'object' || v === null || Array.isArray(v)) return [];
        return declared(v, inDefaults ? defaults[k] : undefined, inSchema ? schema.properties[k] : undefined, here);
      });
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'cloudnative-pg', 'values.schema.json'), 'utf8'));
    expect(declared(cloudnativePgValues('harbor.zj.gov.internal'), cnpg.defaults, schema, '')).toEqual([]);
    expect(declared({ imagee: {} }, cnpg.defaults, schema, '')).toEqual(['.imagee']);
  });

  test('the validator bites: a wrong type fails, and the chart defaults are what make partial values valid', () => {
    expect(cnpg.validate({ replicaCount: 'two' })).toEqual(['/replicaCount must be integer {"type":"integer"}']);
    expect(cnpg.validate({ config: { clusterWide: 'yes' } })).toEqual(['/config/clusterWide must be boolean {"type":"boolean"}']);
    expect(cnpg.validate({ crds: null })).toEqual([]);
  });

  test('the values written to helm_release are exactly these objects, as JSON with sorted keys', () => {
    const releases = stackOf(demo(), 'zj-platform-hz-a-core').resource.helm_release;
    const values = (name: string) => releases[`${name}--hz-a-core`].values;
    expect(values('cloudnative-pg')).toEqual([JSON.stringify(sortDeep(cloudnativePgValues('harbor.zj.gov.internal')))]);
    expect(values('strimzi-kafka-operator')).toEqual([JSON.stringify(sortDeep(strimziValues('harbor.zj.gov.internal')))]);
    expect(values('redis-operator')).toEqual([JSON.stringify(sortDeep(redisOperatorValues('harbor.zj.gov.internal')))]);
  });

  test('Strimzi and redis-operator ship no values.schema.json in test/fixtures/upstream: nothing to validate their values against', () => {
    // When one appears, this fails: then validate those values like CloudNativePG's above.
    expect(fs.existsSync(path.join(SCHEMAS_DIR, 'strimzi', 'values.schema.json'))).toBe(false);
    expect(fs.existsSync(path.join(SCHEMAS_DIR, 'redis-operator', 'values.schema.json'))).toBe(false);
  });
});

test('the pinned operator versions are those of test/fixtures/upstream', () => {
  const chart = (dir: string) => YAML.parse(fs.readFileSync(path.join(SCHEMAS_DIR, dir, 'Chart.yaml'), 'utf8'));
  expect(MiddlewareOperators.CLOUDNATIVE_PG).toEqual({ chart: chart('cloudnative-pg').name, version: chart('cloudnative-pg').version, appVersion: chart('cloudnative-pg').appVersion });
  expect(MiddlewareOperators.REDIS).toEqual({ chart: chart('redis-operator').name, version: chart('redis-operator').version, appVersion: chart('redis-operator').appVersion });
  // Strimzi's Chart.yaml in git carries placeholder versions; SOURCES.md records the published chart.
  expect(chart('strimzi').name).toBe(MiddlewareOperators.STRIMZI.chart);
  expect(fs.readFileSync(path.join(SCHEMAS_DIR, 'SOURCES.md'), 'utf8')).toContain(`the published chart version is **${MiddlewareOperators.STRIMZI.version}**`);
});

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortDeep(v[k])]),
  );
}
