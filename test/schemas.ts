/**
 * Validation against the upstream schemas in ../shared/schemas (SOURCES.md): custom resources against their CRD's
 * openAPIV3Schema, Helm values against the chart's values.schema.json after merging them with the chart's defaults
 * the way Helm does.
 *
 * The CRD schemas are OpenAPI v3 "structural" schemas, not plain JSON Schema. They are validated with ajv as the
 * API server would, with these rules made explicit rather than loosened:
 * - a field a schema does not declare is an error, unless the object is `x-kubernetes-preserve-unknown-fields`
 *   (the API server would prune it silently, and the intent would be lost);
 * - `x-kubernetes-int-or-string` accepts an integer or a string; `x-kubernetes-list-type: set` needs distinct
 *   items and `map` distinct `x-kubernetes-list-map-keys`;
 * - formats `int32`, `int64` (integers in range) and `date-time` (RFC 3339) are checked; an unknown format fails
 *   the schema compilation instead of being ignored;
 * - the object's own `metadata` is checked as ObjectMeta (name, namespace, string labels and annotations).
 * Not evaluated: `x-kubernetes-validations` (CEL rules); `countCelRules` reports how many apply to a schema, so a
 * test can name them.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as YAML from 'yaml';

/** ../shared/schemas, found from the project root (CI has it there too). */
export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'shared', 'schemas');

type Schema = Record<string, any>;

const INT32 = { min: -2147483648, max: 2147483647 };
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function kubernetesAjv(): Ajv {
  // strictTypes/strictRequired lint the schema's authoring (upstream's, not ours) and change no verdict on data.
  // The CRDs are large (CloudNativePG's Pooler is 650 kB): skip ajv's code optimisation pass, which costs more than it saves here.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateFormats: true, code: { optimize: false } });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && Number.isSafeInteger(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => RFC3339.test(s) });
  // OpenAPI annotations and Kubernetes extensions that constrain nothing checkable here.
  for (const keyword of ['example', 'externalDocs', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-map-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-embedded-resource', 'x-kubernetes-validations']) {
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
function structural(schema: Schema, embedded = false): Schema {
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
    if (out['x-kubernetes-embedded-resource'] === true || embedded) {
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

/** Validators of every served version of every CRD under ../shared/schemas, by `apiVersion/kind`. */
export class CrdSchemas {
  private readonly files = new Map<string, { file: string; schema: Schema }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = kubernetesAjv();

  constructor(dirs: string[]) {
    for (const dir of dirs) {
      const full = path.join(SCHEMAS_DIR, dir);
      for (const f of fs.readdirSync(full).filter((n) => /\.ya?ml$/.test(n) && n !== 'Chart.yaml' && n !== 'values.yaml').sort()) {
        for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(full, f), 'utf8'))) {
          const crd = doc.toJSON() as Schema;
          if (crd?.kind !== 'CustomResourceDefinition') continue;
          for (const v of crd.spec.versions ?? []) {
            if (!v.served) continue;
            this.files.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, { file: `${dir}/${f}`, schema: v.schema.openAPIV3Schema });
          }
        }
      }
    }
  }

  /** `group/version/Kind` of every served CRD version. */
  public get kinds(): string[] {
    return [...this.files.keys()].sort();
  }

  /** The CRD file that defines an apiVersion/kind. */
  public fileOf(apiVersion: string, kind: string): string | undefined {
    return this.files.get(`${apiVersion}/${kind}`)?.file;
  }

  /** Problems of a custom resource against its CRD (empty when valid); a kind without a CRD is a problem. */
  public validate(resource: { apiVersion: string; kind: string; metadata?: unknown }): string[] {
    const key = `${resource.apiVersion}/${resource.kind}`;
    const entry = this.files.get(key);
    if (!entry) return [`no served CRD version for ${key} under ${SCHEMAS_DIR}`];
    let validate = this.compiled.get(key);
    if (!validate) {
      const root = structural(entry.schema);
      root.properties = { ...root.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META };
      validate = this.ajv.compile(root);
      this.compiled.set(key, validate);
    }
    return validate(resource) ? [] : formatErrors(validate.errors);
  }

  /** How many CEL rules (`x-kubernetes-validations`) the CRD of a kind declares; they are not evaluated here. */
  public countCelRules(apiVersion: string, kind: string): number {
    const entry = this.files.get(`${apiVersion}/${kind}`);
    const count = (x: unknown): number =>
      Array.isArray(x)
        ? x.reduce((a: number, v) => a + count(v), 0)
        : x && typeof x === 'object'
          ? Object.entries(x).reduce((a, [k, v]) => a + (k === 'x-kubernetes-validations' && Array.isArray(v) ? v.length : count(v)), 0)
          : 0;
    return entry ? count(entry.schema) : 0;
  }
}

/** Helm's value coalescing: maps merge recursively, anything else replaces, `null` removes the default. */
export function helmMerge(defaults: unknown, values: unknown): unknown {
  if (!isMap(defaults) || !isMap(values)) return values === undefined ? defaults : values;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete out[k];
    else out[k] = k in defaults ? helmMerge(defaults[k], v) : v;
  }
  return out;
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A chart's values.schema.json (draft-07) with its values.yaml, from ../shared/schemas/<dir>. */
export class ChartValues {
  public readonly defaults: unknown;
  private readonly validateFn: ValidateFunction;

  constructor(public readonly dir: string) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, dir, 'values.schema.json'), 'utf8'));
    this.defaults = YAML.parse(fs.readFileSync(path.join(SCHEMAS_DIR, dir, 'values.yaml'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    this.validateFn = ajv.compile(schema);
  }

  /** Problems of our values merged onto the chart's defaults, as `helm install` would check them. */
  public validate(values: unknown): string[] {
    const merged = helmMerge(this.defaults, values);
    return this.validateFn(merged) ? [] : formatErrors(this.validateFn.errors);
  }

  /** Problems of a values object on its own, without defaults (to show a test can fail). */
  public validateRaw(values: unknown): string[] {
    return this.validateFn(values) ? [] : formatErrors(this.validateFn.errors);
  }
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}
