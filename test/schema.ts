/**
 * Validation of generated Kubernetes objects and Helm values against the upstream schemas in ../shared/schemas.
 *
 * CRDs: the served version's openAPIV3Schema. Kubernetes silently prunes unknown fields, which would hide a typo in
 * our code, so here an object that lists `properties` rejects any other field unless the CRD preserves unknown fields
 * or declares `additionalProperties`. `x-kubernetes-validations` (CEL) rules are not evaluated here.
 * Helm: the chart's values.schema.json, applied like Helm does to the chart defaults (values.yaml) merged with ours.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as YAML from 'yaml';

export const SHARED = path.resolve(__dirname, '..', '..', 'shared');

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  for (const k of ['x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations', 'x-kubernetes-embedded-resource']) {
    ajv.addKeyword({ keyword: k });
  }
  const inRange = (min: number, max: number) => (x: number) => Number.isInteger(x) && x >= min && x <= max;
  ajv.addFormat('int32', { type: 'number', validate: inRange(-(2 ** 31), 2 ** 31 - 1) });
  ajv.addFormat('int64', { type: 'number', validate: (x: number) => Number.isInteger(x) });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('ipv4', /^(\d{1,3}\.){3}\d{1,3}$/);
  ajv.addFormat('ipv6', /^[0-9a-fA-F:]+$/);
  ajv.addFormat('uri', /^[a-zA-Z][a-zA-Z0-9+.-]*:/);
  return ajv;
}

/** Makes objects with listed properties closed, unless the CRD keeps unknown fields. */
function closeObjects(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : closeObjects(v);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

const crdCache = new Map<string, ValidateFunction>();

/** A validator for one CRD file (relative to ../shared/schemas), for its served version (or `version`). */
export function crdValidator(file: string, version?: string): ValidateFunction {
  const key = `${file}@${version ?? ''}`;
  let v = crdCache.get(key);
  if (!v) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(SHARED, 'schemas', file), 'utf8')).map((d) => d.toJSON());
    const crd = docs.find((d) => d?.kind === 'CustomResourceDefinition');
    const ver = crd.spec.versions.find((x: any) => (version ? x.name === version : x.served && x.storage)) ?? crd.spec.versions[0];
    const schema = closeObjects(ver.schema.openAPIV3Schema);
    // metadata is validated by the API server, not the CRD; our objects always carry name and namespace.
    schema.properties.metadata = { type: 'object' };
    v = newAjv().compile(schema);
    crdCache.set(key, v);
  }
  return v;
}

/** Helm's merge: maps merge recursively, anything else (lists included) is replaced by the override. */
export function helmMerge(base: any, override: any): any {
  if (base && override && typeof base === 'object' && typeof override === 'object' && !Array.isArray(base) && !Array.isArray(override)) {
    const out: any = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? helmMerge(base[k], v) : v;
    return out;
  }
  return override === undefined ? base : override;
}

/** Validates our values of a chart in ../shared/schemas/<chart>: merged with values.yaml when it is there. */
export function validateHelmValues(chart: string, values: Record<string, unknown>): ErrorObject[] {
  const dir = path.join(SHARED, 'schemas', chart);
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
  const defaultsFile = path.join(dir, 'values.yaml');
  const defaults = fs.existsSync(defaultsFile) ? YAML.parse(fs.readFileSync(defaultsFile, 'utf8')) : {};
  const validate = newAjv().compile(schema);
  return validate(helmMerge(defaults, values)) ? [] : [...(validate.errors ?? [])];
}

/** Validates an object, returning readable errors (empty when valid). */
export function errorsOf(validate: ValidateFunction, obj: unknown): string[] {
  return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`);
}
