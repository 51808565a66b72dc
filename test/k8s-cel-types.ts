/**
 * The field references of a ValidatingAdmissionPolicy's CEL checked against the kinds the policy matches, as the API
 * server's type checker does (it reports them in the policy's status.typeChecking; at admission a missing field is a
 * runtime error, and with failurePolicy Fail the request is refused).
 *
 * Types: `object` and `oldObject` are the matched kind (its OpenAPI v3 schema from test/fixtures/upstream/kubernetes, or
 * the served CRD's openAPIV3Schema), `namespaceObject` a Namespace; a comprehension's variable is the element of the list
 * (or the key of the map) it ranges over; `variables.<name>` the type of its expression. A select of a field an object
 * schema does not declare is a problem when no matched kind declares it (a policy over several kinds may read a field
 * of one of them); maps, free-form and `x-kubernetes-preserve-unknown-fields` objects, and everything else (`request`,
 * `params`, function results) are dynamic and not checked. Rules over `*` or over a resource without a schema here are
 * not checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@bufbuild/cel';
import { KUBERNETES_OPENAPI_DIR } from './k8s-openapi';
import { SCHEMAS_DIR, yamlDocuments } from './schema';

type Schema = Record<string, any>;
/** A schema with the document its `$ref`s resolve in. */
interface Node {
  readonly schema: Schema;
  readonly defs: Record<string, Schema>;
  readonly name: string;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The schemas of the kinds a policy can match, by `group/resource`. */
export class ApiTypes {
  private readonly resources = new Map<string, Node>();
  private objectMeta?: Node;

  constructor(crdFiles: readonly string[] = ['velero/restores.yaml', 'velero/schedules.yaml', 'velero/backupstoragelocations.yaml'], dir = KUBERNETES_OPENAPI_DIR) {
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('_openapi.json'))
      .sort()) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Schema;
      const defs = doc.components.schemas as Record<string, Schema>;
      if (defs[OBJECT_META]) this.objectMeta ??= { schema: defs[OBJECT_META], defs, name: OBJECT_META };
      for (const [p, item] of Object.entries<Schema>(doc.paths ?? {})) {
        const m = /^\/apis?\/(?:([^/]+)\/)?v\w+\/(?:namespaces\/\{namespace\}\/)?([a-z0-9]+)$/.exec(p);
        const gvk = item.get?.['x-kubernetes-group-version-kind'] ?? item.post?.['x-kubernetes-group-version-kind'];
        if (!m || !gvk) continue;
        const group = p.startsWith('/api/') ? '' : m[1];
        const name = Object.keys(defs).find((n) => (defs[n]['x-kubernetes-group-version-kind'] ?? []).some((g: Schema) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind));
        if (name && !this.resources.has(`${group}/${m[2]}`)) this.resources.set(`${group}/${m[2]}`, { schema: defs[name], defs, name: gvk.kind });
      }
    }
    for (const file of crdFiles) {
      for (const crd of yamlDocuments(path.join(SCHEMAS_DIR, file)) as Schema[]) {
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const version = crd.spec.versions.find((v: Schema) => v.storage) ?? crd.spec.versions[0];
        const schema = { ...version.schema.openAPIV3Schema, properties: { ...version.schema.openAPIV3Schema.properties, metadata: { $ref: `#/${OBJECT_META}` } } };
        this.resources.set(`${crd.spec.group}/${crd.spec.names.plural}`, { schema, defs: {}, name: crd.spec.names.kind });
      }
    }
  }

  /** The schema of a resource (`''` for the core group), or undefined when there is none here. */
  public kind(group: string, resource: string): Node | undefined {
    return this.resources.get(`${group}/${resource}`);
  }

  /** A node's schema with `$ref` and single-`allOf` wrappers resolved. */
  public resolve(n: Node): Node {
    let s = n.schema;
    let defs = n.defs;
    for (let i = 0; i < 10; i++) {
      if (typeof s.$ref === 'string') {
        const name = s.$ref.replace(/^#\/components\/schemas\//, '').replace(/^#\//, '');
        if (name === OBJECT_META && this.objectMeta) ({ schema: s, defs } = this.objectMeta);
        else s = defs[name] ?? {};
      } else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties) s = s.allOf[0];
      else break;
    }
    return { schema: s, defs, name: n.name };
  }
}

type Type = Node | undefined;

interface Env {
  readonly idents: ReadonlyMap<string, Type[]>;
  readonly variables: ReadonlyMap<string, Type[]>;
}

/** The child types of `types` at a field; `missing` (the kinds without it) when no type has it and none is dynamic. */
function field(types: Type[], name: string, api: ApiTypes): { types: Type[]; missing: string[] | undefined } {
  const out: Type[] = [];
  const without: string[] = [];
  let dynamic = false;
  for (const t of types) {
    const r = t ? api.resolve(t) : undefined;
    const s = r?.schema;
    if (!r || !s || s['x-kubernetes-preserve-unknown-fields'] === true || (!s.properties && typeof s.additionalProperties !== 'object')) dynamic = true;
    else if (s.properties?.[name]) out.push({ ...r, schema: s.properties[name], name: `${r.name}.${name}` });
    else if (typeof s.additionalProperties === 'object') out.push({ ...r, schema: s.additionalProperties, name: `${r.name}[${name}]` });
    else without.push(r.name);
  }
  if (dynamic) out.push(undefined);
  return { types: out.length > 0 ? out : [undefined], missing: out.length === 0 && without.length > 0 ? without : undefined };
}

function element(types: Type[], api: ApiTypes): Type[] {
  return types.map((t) => {
    if (!t) return undefined;
    const r = api.resolve(t);
    if (r.schema.type === 'array' && r.schema.items) return { ...r, schema: r.schema.items, name: `${r.name}[]` };
    return undefined;
  });
}

function walk(expr: any, env: Env, api: ApiTypes, out: Set<string>): Type[] {
  const kind = expr?.exprKind?.case;
  const v = expr?.exprKind?.value;
  if (kind === 'identExpr') return env.idents.get(v.name) ?? [undefined];
  if (kind === 'selectExpr') {
    const operand = v.operand?.exprKind;
    if (operand?.case === 'identExpr' && operand.value.name === 'variables' && !env.idents.has('variables')) return env.variables.get(v.field) ?? [undefined];
    const base = walk(v.operand, env, api, out);
    const r = field(base, v.field, api);
    if (r.missing) out.add(`no field "${v.field}" in ${[...new Set(r.missing)].join(', ')}`);
    return r.types;
  }
  if (kind === 'callExpr') {
    const target = v.target ? walk(v.target, env, api, out) : undefined;
    const args = (v.args ?? []).map((a: any) => walk(a, env, api, out));
    if (v.function === '_[_]' && args.length === 2) return element(args[0], api);
    void target;
    return [undefined];
  }
  if (kind === 'comprehensionExpr') {
    const range = walk(v.iterRange, env, api, out);
    walk(v.accuInit, env, api, out);
    const idents = new Map(env.idents);
    idents.set(v.iterVar, element(range, api));
    if (v.iterVar2) idents.set(v.iterVar2, [undefined]);
    idents.set(v.accuVar, [undefined]);
    const inner = { idents, variables: env.variables };
    for (const part of [v.loopCondition, v.loopStep]) walk(part, inner, api, out);
    walk(v.result, inner, api, out);
    return [undefined];
  }
  if (kind === 'listExpr') for (const e of v.elements ?? []) walk(e, env, api, out);
  if (kind === 'structExpr') for (const e of v.entries ?? []) walk(e.value, env, api, out);
  return [undefined];
}

/** Problems of the field references of a policy's expressions against the kinds its resource rules match. */
export function celTypeProblems(policy: object, api: ApiTypes): string[] {
  const spec = ((policy as Schema).spec ?? {}) as Schema;
  const kinds: Node[] = [];
  for (const r of spec.matchConstraints?.resourceRules ?? []) {
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        if (g === '*' || res === '*' || res.startsWith('*/')) return [];
        // A subresource's object is its parent's (pods/ephemeralcontainers: a Pod).
        const k = api.kind(g, res.split('/')[0]);
        if (!k) return [];
        if (!kinds.includes(k)) kinds.push(k);
      }
    }
  }
  if (kinds.length === 0) return [];
  const ns = api.kind('', 'namespaces');
  const idents = new Map<string, Type[]>([
    ['object', kinds],
    ['oldObject', kinds],
    ['namespaceObject', [ns]],
  ]);
  const variables = new Map<string, Type[]>();
  const out: string[] = [];
  const check = (at: string, expression: unknown) => {
    if (typeof expression !== 'string') return [undefined];
    let parsed;
    try {
      parsed = parse(expression);
    } catch {
      return [undefined]; // reported by test/k8s-semantics.ts
    }
    const found = new Set<string>();
    const t = walk(parsed.expr, { idents, variables }, api, found);
    out.push(...[...found].map((m) => `${at} CEL ${m} (matched: ${kinds.map((k) => k.name).join(', ')})`));
    return t;
  };
  (spec.matchConditions ?? []).forEach((c: Schema, i: number) => check(`/spec/matchConditions/${i}/expression`, c.expression));
  (spec.variables ?? []).forEach((x: Schema, i: number) => variables.set(x.name, check(`/spec/variables/${i}/expression`, x.expression)));
  (spec.validations ?? []).forEach((x: Schema, i: number) => {
    check(`/spec/validations/${i}/expression`, x.expression);
    check(`/spec/validations/${i}/messageExpression`, x.messageExpression);
  });
  (spec.auditAnnotations ?? []).forEach((x: Schema, i: number) => check(`/spec/auditAnnotations/${i}/valueExpression`, x.valueExpression));
  return out;
}
