/**
 * Every Kubernetes object of every stack validates against the Kubernetes API's OpenAPI v3 schemas (and the CRDs for
 * custom resources), with the name rules the API server applies: the demo province, the province with every layer on,
 * the city example on the published hub, and a province with unusual but valid input. The end-to-end suite applies
 * the demo to real API servers; the other configurations are only ever validated here. See test/k8s-openapi.ts; the
 * schemas are test/fixtures/upstream/kubernetes and the CRDs beside it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { tmpdir } from './helpers';
import { ApiTypes, celTypeProblems } from './k8s-cel-types';
import { synthFull, synthUnusual } from './k8s-objects-fixtures';
import { apiObjectOf, emittedObjects, KubernetesSchemas, problemsOf, type ApiObject, type EmittedObject } from './k8s-openapi';
import { semanticProblems, SEMANTIC_KINDS } from './k8s-semantics';
import { synthDemo } from './review/fixtures';

// examples/city imports the package by its name, as a city project does: here the package is this repository's lib/.
jest.mock('cdktf-gov-landing-zone', () => jest.requireActual('../lib'), { virtual: true });

const schemas = new KubernetesSchemas();
const apiTypes = new ApiTypes();

/** examples/city/main.ts synthesized in this process (its App writes to CDKTF_OUTDIR). */
function synthCity(): string {
  const outdir = path.join(tmpdir('govlz-city-'), 'cdktf.out');
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      require('../examples/city/main');
    });
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
  }
  return outdir;
}

function synthInto(build: (outdir: string) => void): string {
  const outdir = path.join(tmpdir('govlz-k8s-'), 'cdktf.out');
  build(outdir);
  return outdir;
}

const kindsOf = (objects: readonly EmittedObject[]) => [...new Set(objects.map((o) => `${o.object.apiVersion}/${o.object.kind}`))].sort();

describe.each([
  ['the demo province (examples/province)', () => synthDemo(), 700],
  ['a province with every layer on (bench ours-full, 20 departments)', () => synthInto(synthFull), 800],
  ['the city example on the published hub (examples/city)', synthCity, 20],
  ['a province with unusual but valid input (codes at their limits, Chinese names, six clusters, edge zones, blueprints)', () => synthInto(synthUnusual), 1000],
])('%s', (_name, synth, atLeast) => {
  const { objects, unknownTypes } = emittedObjects(synth());

  test('every resource under kubernetes_ carries an object of a kind with a schema', () => {
    expect(objects.length).toBeGreaterThanOrEqual(atLeast);
    expect(unknownTypes).toEqual([]);
    expect(kindsOf(objects).filter((k) => !schemas.knows(k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)))).toEqual([]);
  });

  test('every object validates against its schema and the API server’s name rules', () => {
    expect(problemsOf(schemas, objects)).toEqual([]);
  });

  test('every object passes the API server’s validation beyond the OpenAPI, the CEL of every admission policy included: parsed, names declared, fields of the matched kinds (test/k8s-semantics.ts, test/k8s-cel-types.ts)', () => {
    const problems = objects.flatMap(({ address, object }) =>
      [...semanticProblems(object, { typed: !address.includes(':kubernetes_manifest.') }), ...(object.kind === 'ValidatingAdmissionPolicy' ? celTypeProblems(object, apiTypes) : [])].map(
        (p) => `${address} (${object.apiVersion}/${object.kind}): ${p}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  test('every built-in kind emitted has rules there (Namespace and ServiceAccount have only the name rules of test/k8s-openapi.ts)', () => {
    const builtin = kindsOf(objects).filter((k) => schemas.builtinKinds.includes(k));
    expect(builtin.filter((k) => !SEMANTIC_KINDS.includes(k) && !['v1/Namespace', 'v1/ServiceAccount'].includes(k))).toEqual([]);
  });
});

describe('what the objects cover', () => {
  test('the demo alone emits the built-in kinds and the custom resources of every layer', () => {
    const kinds = kindsOf([...emittedObjects(synthDemo()).objects]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
        'apps/v1/Deployment',
        'autoscaling/v2/HorizontalPodAutoscaler',
        'batch/v1/CronJob',
        'networking.k8s.io/v1/NetworkPolicy',
        'policy/v1/PodDisruptionBudget',
        'rbac.authorization.k8s.io/v1/ClusterRole',
        'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
        'rbac.authorization.k8s.io/v1/Role',
        'rbac.authorization.k8s.io/v1/RoleBinding',
        'v1/ConfigMap',
        'v1/LimitRange',
        'v1/Namespace',
        'v1/PersistentVolumeClaim',
        'v1/ResourceQuota',
        'v1/Secret',
        'v1/Service',
        'v1/ServiceAccount',
        'apps.openyurt.io/v1beta2/NodePool',
        'gateway.networking.k8s.io/v1/HTTPRoute',
        'kafka.strimzi.io/v1/Kafka',
        'keda.sh/v1alpha1/ScaledObject',
        'monitoring.coreos.com/v1/PrometheusRule',
        'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
        'postgresql.cnpg.io/v1/Cluster',
        'redis.redis.opstreelabs.in/v1beta2/RedisReplication',
        'velero.io/v1/Schedule',
      ]),
    );
  });
});

describe('the validator itself', () => {
  const demo = emittedObjects(synthDemo()).objects;
  const copy = (kind: string): any => JSON.parse(JSON.stringify(demo.find((o) => o.object.kind === kind)!.object));

  test('an undeclared field, a wrong type and a malformed quantity are problems, at their paths', () => {
    const deployment = copy('Deployment');
    deployment.spec.template.spec.containers[0].imagePullPolcy = 'IfNotPresent';
    deployment.spec.replicas = 'two';
    expect(schemas.validate(deployment)).toEqual(['/spec/replicas must be integer {"type":"integer"}', '/spec/template/spec/containers/0 must NOT have additional properties (imagePullPolcy)']);
    const quota = copy('ResourceQuota');
    quota.spec.hard['limits.cpu'] = '16 cores';
    expect(schemas.validate(quota)).toContain('/spec/hard/limits.cpu must match format "quantity" {"format":"quantity"}');
    const policy = copy('NetworkPolicy');
    policy.spec.podSelectr = {};
    expect(schemas.validate(policy)).toEqual(['/spec must NOT have additional properties (podSelectr)']);
  });

  test('names, namespaces, label keys and values and selectors follow the API server’s rules', () => {
    const policy = copy('NetworkPolicy');
    policy.metadata.name = 'Allow_DNS';
    policy.metadata.labels['gov-lz.io/bad key'] = 'x';
    policy.metadata.labels['gov-lz.io/ok'] = 'a'.repeat(64);
    policy.spec.podSelector = { matchLabels: { app: '-bad-' } };
    expect(schemas.validate(policy)).toEqual([
      expect.stringMatching(/^\/metadata\/name "Allow_DNS" must be a DNS-1123 subdomain/),
      expect.stringMatching(/^\/metadata\/labels key "gov-lz.io\/bad key": name must be/),
      expect.stringMatching(/^\/metadata\/labels\/gov-lz.io\/ok label value "a{64}" must be at most 63 characters/),
      expect.stringMatching(/^\/spec\/podSelector\/matchLabels\/app label value "-bad-"/),
    ]);
    const ns = copy('Namespace');
    ns.metadata.name = 'a.b';
    ns.metadata.namespace = 'x';
    expect(schemas.validate(ns)).toEqual([expect.stringMatching(/^\/metadata\/name "a.b" must be a DNS-1123 label/), '/metadata/namespace "x" set on the cluster-scoped kind Namespace']);
    const service = copy('Service');
    service.metadata.name = '1-api';
    expect(schemas.validate(service)).toEqual([expect.stringMatching(/^\/metadata\/name "1-api" must be a DNS-1035 label/)]);
    const role = copy('ClusterRole');
    role.metadata.name = 'gov-lz:auditor';
    expect(schemas.validate(role)).toEqual([]);
    role.metadata.name = 'a/b';
    expect(schemas.validate(role)).toEqual([expect.stringMatching(/may not be '.', '..' or contain '\/' or '%'/)]);
    const quota = copy('ResourceQuota');
    delete quota.metadata.namespace;
    expect(schemas.validate(quota)).toEqual(['/metadata/namespace is required for the namespaced kind ResourceQuota']);
    const cron = copy('CronJob');
    cron.metadata.name = 'c'.repeat(53);
    expect(schemas.validate(cron)).toEqual([expect.stringMatching(/must be no more than 52 characters/)]);
  });

  test('custom resources are checked against their CRD, and a kind without a schema is a problem', () => {
    const rule = copy('PrometheusRule');
    rule.spec.grups = [];
    expect(schemas.validate(rule)).toEqual(['/spec must NOT have additional properties (grups)']);
    const schedule = copy('Schedule');
    delete schedule.metadata.namespace;
    expect(schemas.validate(schedule)).toEqual(['/metadata/namespace is required for the namespaced kind Schedule']);
    expect(schemas.validate({ apiVersion: 'example.gov.cn/v1', kind: 'Widget', metadata: { name: 'w' } } as ApiObject)).toEqual([expect.stringMatching(/^no schema for example.gov.cn\/v1\/Widget/)]);
  });

  test('a typed resource is read as the provider sends it: literals unescaped, a Secret’s plain text as stringData', () => {
    const secret = apiObjectOf('kubernetes_secret_v1', {
      metadata: { name: 'db', namespace: 'wjw' },
      data_wo: { password: '${var.password}' },
      data_wo_revision: 1,
      data: { note: 'cost $${x}' },
    });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'wjw', labels: {}, annotations: {} },
      stringData: { note: 'cost ${x}', password: '${var.password}' },
    });
    expect(schemas.validate(secret!)).toEqual([]);
  });

  test('an output with a kubernetes_ resource the conversion does not know fails the coverage check', () => {
    const outdir = tmpdir('govlz-k8s-unknown-');
    fs.mkdirSync(path.join(outdir, 'stacks', 's'), { recursive: true });
    fs.writeFileSync(
      path.join(outdir, 'stacks', 's', 'cdk.tf.json'),
      JSON.stringify({ resource: { kubernetes_ingress_class_v1: { x: { metadata: { name: 'x' } } }, kubernetes_namespace_v1: { y: { metadata: { name: 'Y' } } } } }),
    );
    const { objects, unknownTypes } = emittedObjects(outdir);
    expect(unknownTypes).toEqual(['kubernetes_ingress_class_v1']);
    expect(problemsOf(schemas, objects)).toEqual([expect.stringMatching(/^s:kubernetes_namespace_v1.y \(v1\/Namespace\): \/metadata\/name "Y" must be a DNS-1123 label/)]);
  });
});
