/**
 * Validation of every Kubernetes object a synthesized output writes, against the Kubernetes API's own OpenAPI v3
 * documents (test/fixtures/upstream/kubernetes, from the k8s.io/kubernetes module the end-to-end suite's
 * kube-apiserver is built from) and, for custom resources, the vendored CRDs (test/schema.ts CrdSchemas).
 *
 * What the API server would refuse is a problem here, with these rules made explicit:
 * - a field the schema does not declare is an error (as `kubectl --validate=strict` reports it), except under
 *   `x-kubernetes-preserve-unknown-fields`, a declared `additionalProperties`, or a free-form object (RawExtension,
 *   an object without properties);
 * - `$ref`s to `#/components/schemas/...` resolve within the group-version's document;
 * - IntOrString is an int32 or a string, Quantity a number or a string in the resource.Quantity syntax, Time an RFC
 *   3339 date-time; int32/int64/byte formats are checked (test/schema.ts kubernetesAjv);
 * - `x-kubernetes-list-type: set` needs distinct items and `map` distinct `x-kubernetes-list-map-keys`;
 * - the name rules the API server applies and the OpenAPI does not carry: metadata.name a DNS-1123 subdomain, a
 *   DNS-1123 label for Namespace, a DNS-1035 label for Service, a path segment for the RBAC kinds, at most 52
 *   characters for a CronJob; metadata.namespace a DNS-1123 label, present for namespaced kinds and absent for
 *   cluster-scoped ones; label keys and values, annotation keys (qualified names), the label selectors' keys and
 *   values (matchLabels, matchExpressions), wherever an ObjectMeta or a selector appears in the object.
 *
 * Terraform's side: a `kubernetes_manifest` carries the object in `manifest`; the provider's typed resources are
 * converted by the compliance pack's conversion (lib/compliance/k8s-object.ts toK8sObject), after the provider's own
 * attributes that are no API field are mapped (a Secret's plain-text `data`/`data_wo` is the API's `stringData`).
 * Literal strings are unescaped (`$${` → `${`, `%%{` → `%{`) as Terraform reads them; interpolations stay strings.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { toK8sObject, typedKind, typedToK8sObject } from '../lib/compliance/k8s-object';
import { CrdSchemas, kubernetesAjv, SCHEMAS_DIR } from './schema';

/** test/fixtures/upstream/kubernetes: the Kubernetes API's OpenAPI v3 documents, one per group-version. */
export const KUBERNETES_OPENAPI_DIR = path.join(SCHEMAS_DIR, 'kubernetes');

/** Every CRD folder of test/fixtures/upstream (all but the Kubernetes API's own documents and non-CRD schemas). */
const CRD_DIRS = ['cloudnative-pg', 'gateway-api', 'keda', 'openyurt', 'prometheus-operator', 'redis-operator', 'strimzi', 'velero'];

type Schema = Record<string, any>;

/** A Kubernetes object in its API form. */
export interface ApiObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: Record<string, any>;
  readonly [field: string]: unknown;
}

/** An object of a synthesized stack: where it is written and the object. */
export interface EmittedObject {
  /** `<stack>:<resource type>.<name>`. */
  readonly address: string;
  readonly object: ApiObject;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// k8s.io/apimachinery/pkg/api/resource: <signedNumber><suffix>, suffix binary SI, decimal SI or a decimal exponent.
const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
/** Kinds whose names are path segments rather than DNS subdomains (ValidatePathSegmentName). */
const PATH_SEGMENT_KINDS = new Set([
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
]);
/** An interpolation or template directive Terraform evaluates (not escaped with `$$` or `%%`). */
const TEMPLATE = /(^|[^$])\$\{|(^|[^%])%\{/;

/** `api__v1_openapi.json` → `v1`; `apis__apps__v1_openapi.json` → `apps/v1`. */
function groupVersionOf(file: string): string {
  const m = /^api__(v\w+)_openapi\.json$/.exec(file) ?? /^apis__(.+)__(v\w+)_openapi\.json$/.exec(file);
  if (!m) throw new Error(`${file}: not a Kubernetes OpenAPI v3 group-version document`);
  return m.length === 2 ? m[1] : `${m[1]}/${m[2]}`;
}

/** The schemas of one document as ajv reads them: refs into `$defs`, closed objects, IntOrString and Quantity as the API server parses them. */
function transform(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(transform);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (k === 'description') continue;
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/components/schemas/', '#/$defs/');
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, transform(s)]));
    else out[k] = transform(v);
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

const INT_OR_STRING = { anyOf: [{ type: 'integer', format: 'int32' }, { type: 'string' }] };
const QUANTITY_SCHEMA = { anyOf: [{ type: 'number' }, { type: 'string', format: 'quantity' }] };

function documentSchemas(doc: Schema): Schema {
  const defs = transform(doc.components.schemas) as Schema;
  if (defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']) defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = INT_OR_STRING;
  if (defs['io.k8s.apimachinery.pkg.api.resource.Quantity']) defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = QUANTITY_SCHEMA;
  return defs;
}

function apiAjv(): Ajv {
  const ajv = kubernetesAjv();
  // Annotations of the Kubernetes OpenAPI that constrain nothing on create (patch strategies, unions documented for clients).
  for (const keyword of ['x-kubernetes-group-version-kind', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions', 'discriminator']) {
    ajv.addKeyword({ keyword });
  }
  ajv.addFormat('int-or-string', true);
  ajv.addFormat('quantity', { type: 'string', validate: (s: string) => QUANTITY.test(s) });
  return ajv;
}

/** The Kubernetes API's schemas (the vendored OpenAPI v3 documents) and the vendored CRDs, by `apiVersion/kind`. */
export class KubernetesSchemas {
  private readonly ajv = apiAjv();
  private readonly kinds = new Map<string, { ref: string; namespaced: boolean }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  public readonly crds = new CrdSchemas(CRD_DIRS);

  constructor(dir = KUBERNETES_OPENAPI_DIR) {
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('_openapi.json'))
      .sort()) {
      const gv = groupVersionOf(file);
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Schema;
      const id = `https://gov-lz.test/kubernetes/${file}`;
      this.ajv.addSchema({ $id: id, $defs: documentSchemas(doc) });
      const namespaced = new Set<string>();
      for (const [p, item] of Object.entries<Schema>(doc.paths ?? {})) {
        if (!p.includes('/namespaces/{namespace}/')) continue;
        for (const op of Object.values<Schema>(item)) {
          const gvk = op?.['x-kubernetes-group-version-kind'];
          if (gvk) namespaced.add(gvk.kind);
        }
      }
      for (const [name, s] of Object.entries<Schema>(doc.components.schemas)) {
        for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          // A document repeats the schemas it references from other groups (autoscaling/v1 Scale in apps/v1): each kind from its own.
          if (apiVersion !== gv) continue;
          this.kinds.set(`${apiVersion}/${gvk.kind}`, { ref: `${id}#/$defs/${name}`, namespaced: namespaced.has(gvk.kind) });
        }
      }
    }
  }

  /** `apiVersion/kind` of every built-in kind the documents define. */
  public get builtinKinds(): string[] {
    return [...this.kinds.keys()].sort();
  }

  /** Whether a kind has a schema here (built-in or a served CRD version). */
  public knows(apiVersion: string, kind: string): boolean {
    return this.kinds.has(`${apiVersion}/${kind}`) || this.crds.fileOf(apiVersion, kind) !== undefined;
  }

  /** Problems of an object (empty when the API server would accept it on create). */
  public validate(obj: ApiObject): string[] {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const builtin = this.kinds.get(key);
    let namespaced: boolean;
    const problems: string[] = [];
    if (builtin) {
      let v = this.compiled.get(key);
      if (!v) {
        v = this.ajv.compile({ $ref: builtin.ref });
        this.compiled.set(key, v);
      }
      if (!v(obj)) problems.push(...(v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${extra(e.params)}`));
      namespaced = builtin.namespaced;
    } else if (this.crds.fileOf(obj.apiVersion, obj.kind)) {
      problems.push(...this.crds.validate(obj));
      namespaced = this.crds.scopeOf(obj.apiVersion, obj.kind) === 'Namespaced';
    } else {
      return [`no schema for ${key}: neither a built-in kind of ${KUBERNETES_OPENAPI_DIR} nor a served CRD version under ${SCHEMAS_DIR}`];
    }
    problems.push(...nameProblems(obj, namespaced));
    return problems;
  }
}

function extra(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  if ('additionalProperty' in params) return ` (${String(params.additionalProperty)})`;
  return Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : '';
}

/** The rules of ObjectMeta and label selectors the API server applies beyond the OpenAPI schema. */
export function nameProblems(obj: ApiObject, namespaced: boolean): string[] {
  const out: string[] = [];
  const md = (obj.metadata ?? {}) as Record<string, any>;
  const key = `${obj.apiVersion}/${obj.kind}`;
  const name = md.name;
  if (typeof name !== 'string' || name === '') {
    if (typeof md.generateName !== 'string') out.push('/metadata/name is required');
  } else if (PATH_SEGMENT_KINDS.has(key)) {
    if (name === '.' || name === '..' || /[/%]/.test(name)) out.push(`/metadata/name "${name}" may not be '.', '..' or contain '/' or '%'`);
  } else if (obj.kind === 'Namespace') {
    out.push(...dns1123Label('/metadata/name', name));
  } else if (obj.apiVersion === 'v1' && obj.kind === 'Service') {
    if (name.length > 63 || !DNS1035_LABEL.test(name)) out.push(`/metadata/name "${name}" must be a DNS-1035 label (at most 63 characters, a-z, 0-9 and '-', starting with a letter)`);
  } else {
    out.push(...dns1123Subdomain('/metadata/name', name));
    if (key === 'batch/v1/CronJob' && name.length > 52) out.push(`/metadata/name "${name}" must be no more than 52 characters (a CronJob's jobs append 11)`);
  }
  if (namespaced) {
    if (typeof md.namespace !== 'string' || md.namespace === '') out.push(`/metadata/namespace is required for the namespaced kind ${obj.kind}`);
    else out.push(...dns1123Label('/metadata/namespace', md.namespace));
  } else if (md.namespace !== undefined) {
    out.push(`/metadata/namespace "${String(md.namespace)}" set on the cluster-scoped kind ${obj.kind}`);
  }
  walkMeta(obj, '', out);
  return out;
}

function dns1123Label(at: string, s: string): string[] {
  return s.length <= 63 && DNS1123_LABEL.test(s) ? [] : [`${at} "${s}" must be a DNS-1123 label (at most 63 characters, a-z, 0-9 and '-', alphanumeric at both ends)`];
}

function dns1123Subdomain(at: string, s: string): string[] {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s) ? [] : [`${at} "${s}" must be a DNS-1123 subdomain (at most 253 characters, a-z, 0-9, '-' and '.', alphanumeric at both ends)`];
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
function qualifiedName(at: string, key: string): string[] {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const problems: string[] = [];
  if (parts.length > 2) return [`${at} key "${key}" must be a qualified name ([prefix/]name)`];
  if (parts.length === 2 && (parts[0] === '' || parts[0].length > 253 || !DNS1123_SUBDOMAIN.test(parts[0]))) problems.push(`${at} key "${key}": prefix must be a DNS-1123 subdomain`);
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) problems.push(`${at} key "${key}": name must be at most 63 characters, alphanumerics, '-', '_' or '.', alphanumeric at both ends`);
  return problems;
}

function labelValue(at: string, v: unknown): string[] {
  if (typeof v !== 'string') return [`${at} label value must be a string`];
  return v.length <= 63 && LABEL_VALUE.test(v) ? [] : [`${at} label value "${v}" must be at most 63 characters, alphanumerics, '-', '_' or '.', alphanumeric at both ends`];
}

/** ObjectMeta wherever it appears (the object's, pod templates', claim templates') and every label selector. */
function walkMeta(x: unknown, at: string, out: string[]): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => walkMeta(v, `${at}/${i}`, out));
    return;
  }
  if (x === null || typeof x !== 'object') return;
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    const here = `${at}/${k}`;
    if (k === 'metadata' && v !== null && typeof v === 'object') {
      const md = v as Record<string, unknown>;
      for (const [lk, lv] of Object.entries((md.labels ?? {}) as Record<string, unknown>)) out.push(...qualifiedName(`${here}/labels`, lk), ...labelValue(`${here}/labels/${lk}`, lv));
      let size = 0;
      for (const [ak, av] of Object.entries((md.annotations ?? {}) as Record<string, unknown>)) {
        out.push(...qualifiedName(`${here}/annotations`, ak));
        size += Buffer.byteLength(ak, 'utf8') + Buffer.byteLength(String(av), 'utf8');
      }
      if (size > 256 * 1024) out.push(`${here}/annotations total size ${size} bytes (UTF-8) exceeds 262144`);
    }
    if (k === 'matchLabels' && v !== null && typeof v === 'object') {
      for (const [lk, lv] of Object.entries(v as Record<string, unknown>)) out.push(...qualifiedName(here, lk), ...labelValue(`${here}/${lk}`, lv));
    }
    if (k === 'matchExpressions' && Array.isArray(v)) {
      v.forEach((e: any, i) => {
        if (typeof e?.key === 'string') out.push(...qualifiedName(`${here}/${i}`, e.key));
        if (['In', 'NotIn'].includes(e?.operator)) for (const val of e.values ?? []) out.push(...labelValue(`${here}/${i}/values`, val));
      });
    }
    walkMeta(v, here, out);
  }
}

/** A Terraform JSON value as Terraform reads it: literal strings unescaped; interpolations left as they are. */
export function terraformValue(x: unknown): unknown {
  if (typeof x === 'string') return TEMPLATE.test(x) ? x : x.split('$${').join('${').split('%%{').join('%{');
  if (Array.isArray(x)) return x.map(terraformValue);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, terraformValue(v)]));
}

/**
 * The provider's typed attributes that are no field of the API object, mapped to the API form before conversion:
 * a Secret's `data` and write-only `data_wo` are plain text (the provider encodes them), the API's `stringData`;
 * `data_wo_revision`, `wait_for_service_account_token` and a claim's `wait_until_bound` steer the provider only.
 */
function providerBody(type: string, body: Record<string, unknown>): Record<string, unknown> {
  if (/^kubernetes_persistent_volume_claim(_v1)?$/.test(type)) {
    const { wait_until_bound: _wait, ...claim } = body;
    return claim;
  }
  if (!/^kubernetes_secret(_v1)?$/.test(type)) return body;
  const { data, data_wo: dataWo, data_wo_revision: _revision, wait_for_service_account_token: _wait, binary_data: binary, ...rest } = body as Record<string, any>;
  const plain = { ...(data ?? {}), ...(dataWo ?? {}) };
  return { ...rest, ...(Object.keys(plain).length > 0 ? { string_data: plain } : {}), ...(binary ? { data: binary } : {}) };
}

/** Typed resources the compliance pack's rules do not read (toK8sObject leaves them out), converted the same way here. */
const UNREAD_TYPED_KINDS: Record<string, { kind: string; apiVersion: string }> = {
  kubernetes_horizontal_pod_autoscaler_v2: { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2' },
};

/** The API object a Terraform resource carries, or undefined when its type carries none. */
export function apiObjectOf(type: string, body: Record<string, unknown>): ApiObject | undefined {
  const tf = providerBody(type, terraformValue(body) as Record<string, unknown>);
  const o = UNREAD_TYPED_KINDS[type] ? typedToK8sObject(UNREAD_TYPED_KINDS[type], tf) : toK8sObject(type, tf);
  if (!o) return undefined;
  // Through JSON: what Terraform sends (undefined fields dropped).
  return JSON.parse(JSON.stringify(o)) as ApiObject;
}

/** Resource types that carry a Kubernetes object (typed resources and `kubernetes_manifest`). */
export function carriesObject(type: string): boolean {
  return type === 'kubernetes_manifest' || typedKind(type) !== undefined || UNREAD_TYPED_KINDS[type] !== undefined;
}

/**
 * Every Kubernetes object of every stack of a synthesized output, with the resource types under `kubernetes_` that
 * carry no object the conversion knows (they have no schema here: a test fails on them).
 */
export function emittedObjects(outdir: string): { objects: EmittedObject[]; unknownTypes: string[] } {
  const objects: EmittedObject[] = [];
  const unknown = new Set<string>();
  const stacksDir = path.join(outdir, 'stacks');
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [type, resources] of Object.entries<Record<string, any>>(json.resource ?? {})) {
      if (!type.startsWith('kubernetes_')) continue;
      for (const [name, body] of Object.entries<Record<string, unknown>>(resources)) {
        const object = apiObjectOf(type, body);
        if (object) objects.push({ address: `${stack}:${type}.${name}`, object });
        else unknown.add(type);
      }
    }
  }
  return { objects, unknownTypes: [...unknown].sort() };
}

/** Problems of every object of a synthesized output, `address (apiVersion/kind): problem`. */
export function problemsOf(schemas: KubernetesSchemas, objects: readonly EmittedObject[]): string[] {
  return objects.flatMap(({ address, object }) => schemas.validate(object).map((p) => `${address} (${object.apiVersion}/${object.kind}): ${p}`));
}
