/**
 * Validation of generated Kubernetes objects and Helm values against the upstream schemas vendored in
 * test/fixtures/upstream (SOURCES.md there gives their versions, sources and licences).
 *
 * CRDs: the served version's openAPIV3Schema, an OpenAPI v3 "structural" schema rather than plain JSON Schema.
 * It is enforced as the API server would, with these rules made explicit rather than loosened:
 * - a field a schema does not declare is an error, unless the object is `x-kubernetes-preserve-unknown-fields` or
 *   declares `additionalProperties` (the API server would prune it silently, hiding a typo in our code);
 * - `x-kubernetes-int-or-string` accepts an integer or a string; `x-kubernetes-list-type: set` needs distinct items
 *   and `map` distinct `x-kubernetes-list-map-keys`;
 * - formats `int32`, `int64` (integers in range), `date-time` (RFC 3339) and `byte` (base64) are checked; an unknown format fails
 *   the schema compilation instead of being ignored;
 * - the object's own `metadata` is checked as ObjectMeta (name, namespace, string labels and annotations);
 * - `x-kubernetes-validations` (CEL) rules run with @bufbuild/cel on the values they apply to (`celProblems`);
 *   transition rules (those that read `oldSelf`) only run on updates and are skipped; a rule that cannot be
 *   evaluated is a problem, not a pass.
 * Helm: the chart's values.schema.json, applied like Helm does to the chart defaults (values.yaml) merged with ours.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isCelError, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { toCel } from './placement/cel';

/** test/fixtures/upstream: the vendored CRDs, chart metadata and values schemas. */
export const SCHEMAS_DIR = path.join(__dirname, 'fixtures', 'upstream');

type Schema = Record<string, any>;

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An ajv for Kubernetes OpenAPI v3 schemas: strict, Kubernetes formats and list-type/int-or-string extensions (also test/k8s-openapi.ts). */
export function kubernetesAjv(): Ajv {
  // strictTypes/strictRequired lint the schema's authoring (upstream's, not ours) and change no verdict on data.
  // The CRDs are large (CloudNativePG's Pooler is 650 kB): skip ajv's code optimisation pass, which costs more than it saves here.
  // Go's inline flag `(?i)` (prometheus-operator's patterns) is not JavaScript: it is read as case-insensitive for the
  // whole pattern, which can only accept more than Go does from that point on, never less.
  const goRegExp = Object.assign((pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.split('(?i)').join(''), `${flags}i`) : new RegExp(pattern, flags)), {
    code: 'goRegExp',
  });
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateFormats: true, code: { optimize: false, regExp: goRegExp } });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && Number.isSafeInteger(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => RFC3339.test(s) });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 });
  // OpenAPI annotations and Kubernetes extensions that constrain nothing ajv can check (CEL runs separately).
  for (const keyword of [
    'example',
    'externalDocs',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-map-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-validations',
  ]) {
    ajv.addKeyword({ keyword });
  }
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    validate: (on: boolean, data: unknown) => !on || (typeof data === 'number' && Number.isInteger(data)) || typeof data === 'string',
    errors: false,
  });
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    validate: function listType(kind: string, data: unknown[], parent?: Schema) {
      if (kind === 'set') return new Set(data.map((d) => JSON.stringify(d))).size === data.length;
      if (kind === 'map') {
        const keys: string[] = parent?.['x-kubernetes-list-map-keys'] ?? [];
        const ids = data.map((d) => JSON.stringify(keys.map((k) => (d as Record<string, unknown>)?.[k])));
        return new Set(ids).size === ids.length;
      }
      return true;
    },
    errors: false,
  });
  return ajv;
}

/** The schema the API server enforces: undeclared fields are errors unless preserved. */
function structural(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map((s) => structural(s)) as unknown as Schema;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, structural(s as Schema)]));
    else if (k === 'description') continue;
    else if (['items', 'additionalProperties', 'not'].includes(k) && typeof v === 'object') out[k] = structural(v as Schema);
    else if (['allOf', 'anyOf', 'oneOf'].includes(k)) out[k] = (v as Schema[]).map((s) => structural(s));
    else out[k] = v;
  }
  const isObject = out.type === 'object' || (out.properties && !out.type);
  if (isObject && out['x-kubernetes-preserve-unknown-fields'] !== true && out.additionalProperties === undefined) {
    if (out['x-kubernetes-embedded-resource'] === true) {
      out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META, ...(out.properties ?? {}) };
    }
    out.additionalProperties = false;
  }
  return out;
}

const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const OBJECT_META: Schema = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
    generateName: { type: 'string' },
    namespace: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
};

function readCrds(file: string): Schema[] {
  return (yamlDocuments(path.join(SCHEMAS_DIR, file)) as Schema[]).filter((d) => d?.kind === 'CustomResourceDefinition');
}

/**
 * The documents of a vendored YAML file (`toJSON` of each). The CRDs are megabytes of YAML that every suite validating
 * against them would parse again (jest gives each file its own modules): within a `jest` run with the synth cache
 * (test/global-setup.js), the first reader keeps them as JSON there, by the text's sha256, for the others.
 */
export function yamlDocuments(file: string): unknown[] {
  const text = fs.readFileSync(file, 'utf8');
  const parse = () =>
    YAML.parseAllDocuments(text).map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJSON() as unknown;
    });
  const cache = process.env.GOVLZ_SYNTH_CACHE;
  if (!cache || !fs.existsSync(cache)) return parse();
  const kept = path.join(cache, `yaml-${createHash('sha256').update(text).digest('hex')}.json`);
  if (fs.existsSync(kept)) return JSON.parse(fs.readFileSync(kept, 'utf8')) as unknown[];
  const docs = parse();
  // Written aside and renamed into place, so the other worker never reads half a file.
  const staging = `${kept}.${process.pid}`;
  fs.writeFileSync(staging, JSON.stringify(docs));
  fs.renameSync(staging, kept);
  return docs;
}

const shared = { ajv: undefined as Ajv | undefined, compiled: new Map<Schema, ValidateFunction>() };

/** A validator of a root openAPIV3Schema, compiled once per schema object. */
function compileRoot(schema: Schema): ValidateFunction {
  let v = shared.compiled.get(schema);
  if (!v) {
    const root = structural(schema);
    root.properties = { ...root.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META };
    v = (shared.ajv ??= kubernetesAjv()).compile(root);
    shared.compiled.set(schema, v);
  }
  return v;
}

const crdFiles = new Map<string, Schema>();

/** A validator for one CRD file (relative to test/fixtures/upstream), for its served storage version (or `version`). */
export function crdValidator(file: string, version?: string): ValidateFunction {
  const key = `${file}@${version ?? ''}`;
  let schema = crdFiles.get(key);
  if (!schema) {
    const crd = readCrds(file)[0];
    const ver = crd.spec.versions.find((x: any) => (version ? x.name === version : x.served && x.storage)) ?? crd.spec.versions[0];
    schema = ver.schema.openAPIV3Schema as Schema;
    crdFiles.set(key, schema);
  }
  return compileRoot(schema);
}

/** Validates an object, returning readable errors (empty when valid). */
export function errorsOf(validate: ValidateFunction, obj: unknown): string[] {
  return validate(obj) ? [] : formatErrors(validate.errors);
}

/** Validators of every served version of every CRD under some folders of test/fixtures/upstream, by `apiVersion/kind`. */
export class CrdSchemas {
  private readonly schemas = new Map<string, { file: string; schema: Schema; scope: string }>();

  constructor(dirs: string[]) {
    for (const dir of dirs) {
      for (const f of fs
        .readdirSync(path.join(SCHEMAS_DIR, dir))
        .filter((n) => /\.ya?ml$/.test(n) && n !== 'Chart.yaml' && n !== 'values.yaml')
        .sort()) {
        for (const crd of readCrds(path.join(dir, f))) {
          for (const v of crd.spec.versions ?? []) {
            if (v.served) this.schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, { file: `${dir}/${f}`, schema: v.schema.openAPIV3Schema, scope: crd.spec.scope });
          }
        }
      }
    }
  }

  /** `group/version/Kind` of every served CRD version. */
  public get kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** The CRD file that defines an apiVersion/kind. */
  public fileOf(apiVersion: string, kind: string): string | undefined {
    return this.schemas.get(`${apiVersion}/${kind}`)?.file;
  }

  /** The CRD's scope of an apiVersion/kind: `Namespaced` or `Cluster`. */
  public scopeOf(apiVersion: string, kind: string): string | undefined {
    return this.schemas.get(`${apiVersion}/${kind}`)?.scope;
  }

  /** Problems of a custom resource against its CRD, schema and CEL rules (empty when valid); a kind without a CRD is a problem. */
  public validate(resource: { apiVersion: string; kind: string; metadata?: unknown }): string[] {
    const entry = this.schemas.get(`${resource.apiVersion}/${resource.kind}`);
    if (!entry) return [`no served CRD version for ${resource.apiVersion}/${resource.kind} under ${SCHEMAS_DIR}`];
    const schemaProblems = errorsOf(compileRoot(entry.schema), resource);
    return schemaProblems.length > 0 ? schemaProblems : celProblems(entry.schema, resource).map((p) => `${p.path} ${p.message}`);
  }

  /** The CEL rules of a kind's CRD: where they are, and whether they are transition rules (skipped on create). */
  public celRules(apiVersion: string, kind: string): Array<{ path: string; rule: string; transition: boolean }> {
    const entry = this.schemas.get(`${apiVersion}/${kind}`);
    const out: Array<{ path: string; rule: string; transition: boolean }> = [];
    const walk = (s: Schema | undefined, at: string) => {
      if (!s || typeof s !== 'object') return;
      for (const r of s['x-kubernetes-validations'] ?? []) out.push({ path: at || '/', rule: r.rule, transition: /\boldSelf\b/.test(r.rule) });
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) walk(v, `${at}/${k}`);
      walk(s.items, `${at}/[]`);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}/{}`);
    };
    walk(entry?.schema, '');
    return out;
  }
}

/**
 * Runs the CEL rules of a schema on the values they apply to, with `self` bound to the value, as the API server
 * does on create. Rules that read `oldSelf` (transition rules) are skipped; a rule that does not evaluate to a
 * boolean (an unsupported function, say) is reported.
 */
export function celProblems(schema: Schema, value: unknown, at = ''): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (!schema || typeof schema !== 'object' || value === undefined || value === null) return out;
  for (const r of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(r.rule)) continue;
    const result = run(r.rule, { self: toCel(value) } as any, { funcs: strings });
    if (isCelError(result)) out.push({ path: at || '/', message: `CEL rule could not be evaluated: ${r.rule}: ${String((result as any).message ?? result)}` });
    else if (result !== true) out.push({ path: at || '/', message: r.messageExpression ?? r.message ?? `failed CEL rule ${r.rule}` });
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...celProblems(schema.items, v, `${at}/${i}`)));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub) out.push(...celProblems(sub, v, `${at}/${k}`));
    }
  }
  return out;
}

/** Helm's value coalescing: maps merge recursively, anything else (lists included) replaces, `null` removes the default. */
export function helmMerge(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else out[k] = k in base ? helmMerge(base[k], v) : v;
  }
  return out;
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function valuesAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  const inRange = (min: number, max: number) => (x: number) => Number.isInteger(x) && x >= min && x <= max;
  ajv.addFormat('int32', { type: 'number', validate: inRange(INT32.min, INT32.max) });
  ajv.addFormat('int64', { type: 'number', validate: (x: number) => Number.isInteger(x) });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('date-time', RFC3339);
  ajv.addFormat('ipv4', /^(\d{1,3}\.){3}\d{1,3}$/);
  ajv.addFormat('ipv6', /^[0-9a-fA-F:]+$/);
  ajv.addFormat('uri', /^[a-zA-Z][a-zA-Z0-9+.-]*:/);
  return ajv;
}

/** A chart's values.schema.json (draft-07) with its values.yaml when there is one, from test/fixtures/upstream/<chart>. */
export class ChartValues {
  public readonly defaults: unknown;
  public readonly schema: Schema;
  private readonly validateFn: ValidateFunction;

  constructor(public readonly chart: string) {
    const dir = path.join(SCHEMAS_DIR, chart);
    this.schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    const defaultsFile = path.join(dir, 'values.yaml');
    this.defaults = fs.existsSync(defaultsFile) ? (yamlDocuments(defaultsFile)[0] ?? null) : {};
    this.validateFn = valuesAjv().compile(this.schema);
  }

  /** Errors of our values merged onto the chart's defaults, as `helm install` would check them. */
  public errors(values: unknown): ErrorObject[] {
    return this.validateFn(helmMerge(this.defaults, values)) ? [] : [...(this.validateFn.errors ?? [])];
  }

  /** The same, readable. */
  public validate(values: unknown): string[] {
    return formatErrors(this.errors(values));
  }
}

/** Validates our values of a chart in test/fixtures/upstream/<chart>: merged with values.yaml when it is there. */
export function validateHelmValues(chart: string, values: Record<string, unknown>): ErrorObject[] {
  return new ChartValues(chart).errors(values);
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const p = e.params as Record<string, unknown> | undefined;
    const detail = p && 'additionalProperty' in p ? ` (${String(p.additionalProperty)})` : p && Object.keys(p).length ? ` ${JSON.stringify(p)}` : '';
    return `${e.instancePath || '/'} ${e.message}${detail}`;
  });
}
