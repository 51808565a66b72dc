/**
 * The API server's own validation of the kinds we emit, where the OpenAPI documents carry none of it: enums, ranges,
 * cross-field rules and name formats that kubernetes/kubernetes v1.34.4 checks in Go (`pkg/apis/<group>/validation`)
 * on create, after the API version's defaults are applied. test/k8s-openapi.ts checks the schema and ObjectMeta; this
 * file checks the rest, as a table: each {@link SemanticRule} names the kinds it applies to, the rule, and the upstream
 * file it follows (rules are learned from those files, not copied; messages are ours).
 *
 * The CEL of a ValidatingAdmissionPolicy is checked statically: every expression must parse (@bufbuild/cel), every
 * identifier must be one the admission environment declares (`object`, `oldObject`, `request`, `params` with a
 * paramKind, `namespaceObject`, `authorizer`, `variables`) or a comprehension's, every `variables.<name>` a declared
 * variable (an earlier one, inside `variables`), every function one of CEL's or of the Kubernetes CEL libraries. The API
 * server compiles each expression on create with `object` as a dynamic type; the type check against the matched kinds
 * (status.typeChecking) is a warning there and is not repeated here. The parser (@bufbuild/cel 0.6) lacks CEL's optional
 * syntax (`a.?b`, `a[?b]`): an expression using it is reported as not parsing although the API server accepts it.
 */
import { BlockList, isIP } from 'net';
import { parse } from '@bufbuild/cel';
import type { ApiObject } from './k8s-openapi';

type Obj = Record<string, any>;

/** How an object reaches the API server: a typed resource's int-or-string fields are sent as numbers when numeric (the provider's intstr.Parse). */
export interface SemanticOptions {
  readonly typed?: boolean;
}

/** One rule of the API server's validation, for some kinds (`apiVersion/kind`; `*` for every object). */
export interface SemanticRule {
  readonly kinds: readonly string[];
  readonly rule: string;
  /** The kubernetes/kubernetes v1.34.4 file that implements it. */
  readonly source: string;
  readonly check: (obj: Obj, options: SemanticOptions) => string[];
}

const CORE = 'pkg/apis/core/validation/validation.go';
const ADMISSION = 'pkg/apis/admissionregistration/validation/validation.go';
const NETWORKING = 'pkg/apis/networking/validation/validation.go';
const RBAC = 'pkg/apis/rbac/validation/validation.go';
const AUTOSCALING = 'pkg/apis/autoscaling/validation/validation.go';
const POLICY = 'pkg/apis/policy/validation/validation.go';
const APPS = 'pkg/apis/apps/validation/validation.go';
const BATCH = 'pkg/apis/batch/validation/validation.go';
const STORAGE = 'pkg/apis/storage/validation/validation.go';
const SCHEDULING = 'pkg/apis/scheduling/validation/validation.go';
const META = 'staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go, pkg/apis/meta/v1/validation/validation.go';

const VAP = 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
const VAPB = 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
const SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const notIn = (at: string, v: unknown, allowed: readonly string[]) => (allowed.includes(v as string) ? [] : [`${at} ${JSON.stringify(v)} is not supported (one of ${allowed.join(', ')})`]);
const dup = <T>(xs: readonly T[]): T[] => xs.filter((x, i) => xs.indexOf(x) !== i);

export function isDns1123Label(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
}
export function isDns1123Subdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}
/** A qualified name (label and annotation keys, finalizers): `[prefix/]name`. */
export function isQualifiedName(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  return (parts.length === 1 || isDns1123Subdomain(parts[0])) && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}
/** An IANA service name as a port name: at most 15 characters, a-z, 0-9 and '-', a letter, no '--', no '-' at either end. */
export function isPortName(s: unknown): boolean {
  return typeof s === 'string' && s.length >= 1 && s.length <= 15 && /^[a-z0-9-]+$/.test(s) && /[a-z]/.test(s) && !s.includes('--') && !s.startsWith('-') && !s.endsWith('-');
}
function isPathSegment(s: unknown): boolean {
  return typeof s === 'string' && s !== '.' && s !== '..' && !/[/%]/.test(s);
}
const isPort = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

/** A resource.Quantity's value, or undefined when it is none. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const n = Number(`${m[1]}${m[2]}`);
  const s = m[3];
  if (!s) return n;
  if (/^[eE]/.test(s)) return n * 10 ** Number(s.slice(1));
  return n * SUFFIX[s];
}

/** A CIDR the API server parses (no leading zeros in IPv4 octets): its network and prefix length. */
export function parseCidr(s: unknown): { ip: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const v = isIP(m[1]);
  const prefix = Number(m[2]);
  if (v === 0 || prefix > (v === 4 ? 32 : 128) || (m[2].length > 1 && m[2].startsWith('0'))) return undefined;
  if (v === 4 && m[1].split('.').some((o) => o.length > 1 && o.startsWith('0'))) return undefined;
  return { ip: m[1], prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether `inner` is a strict subset of `outer` (longer prefix, network address inside). */
export function strictSubset(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.family !== b.family || a.prefix <= b.prefix) return false;
  const blocks = new BlockList();
  blocks.addSubnet(b.ip, b.prefix, b.family);
  return blocks.check(a.ip, a.family);
}

/** metav1 LabelSelector: operators and their values (keys and values are checked by test/k8s-openapi.ts). */
function selectorProblems(at: string, sel: unknown): string[] {
  if (!isObj(sel)) return [];
  return list(sel.matchExpressions).flatMap((e: Obj, i) => {
    const here = `${at}/matchExpressions/${i}`;
    if (['In', 'NotIn'].includes(e.operator)) return list(e.values).length === 0 ? [`${here}/values must be specified when operator is In or NotIn`] : [];
    if (['Exists', 'DoesNotExist'].includes(e.operator)) return list(e.values).length > 0 ? [`${here}/values may not be specified when operator is Exists or DoesNotExist`] : [];
    return notIn(`${here}/operator`, e.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  });
}

/** A plain label map (a Service's selector, a pool's node labels): keys qualified names, values label values. */
function labelMapProblems(at: string, m: unknown): string[] {
  if (!isObj(m)) return [];
  return Object.entries(m).flatMap(([k, v]) => [
    ...(isQualifiedName(k) ? [] : [`${at} key ${JSON.stringify(k)} must be a qualified name`]),
    ...(typeof v === 'string' && v.length <= 63 && LABEL_VALUE.test(v) ? [] : [`${at}/${k} ${JSON.stringify(v)} must be a valid label value`]),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------------
// admissionregistration.k8s.io/v1: ValidatingAdmissionPolicy and its binding

const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*'];

function wildcardAlone(at: string, xs: readonly string[], what: string): string[] {
  return xs.length > 1 && xs.includes('*') ? [`${at} if '*' is present, must not specify other ${what}`] : [];
}

function resourceRuleProblems(at: string, r: Obj): string[] {
  const out: string[] = [];
  const groups = list(r.apiGroups);
  const versions = list(r.apiVersions);
  const resources = list(r.resources);
  const operations = list(r.operations);
  if (groups.length === 0) out.push(`${at}/apiGroups is required`);
  out.push(...wildcardAlone(`${at}/apiGroups`, groups, 'API groups'));
  if (versions.length === 0) out.push(`${at}/apiVersions is required`);
  out.push(...wildcardAlone(`${at}/apiVersions`, versions, 'API versions'));
  versions.forEach((v, i) => v === '' && out.push(`${at}/apiVersions/${i} is required`));
  if (resources.length === 0) out.push(`${at}/resources is required`);
  resources.forEach((x: string, i) => x === '' && out.push(`${at}/resources/${i} is required`));
  if (resources.length > 1 && resources.includes('*/*')) out.push(`${at}/resources if '*/*' is present, must not specify other resources`);
  if (resources.includes('*') && resources.some((x: string) => x !== '*' && !x.includes('/'))) out.push(`${at}/resources if '*' is present, must not specify other resources without subresources`);
  if (operations.length === 0) out.push(`${at}/operations is required`);
  operations.forEach((o, i) => out.push(...notIn(`${at}/operations/${i}`, o, OPERATIONS)));
  out.push(...wildcardAlone(`${at}/operations`, operations, 'operations'));
  if (r.scope !== undefined) out.push(...notIn(`${at}/scope`, r.scope, ['Cluster', 'Namespaced', '*']));
  const names = list(r.resourceNames);
  names.forEach((n, i) => !isPathSegment(n) && out.push(`${at}/resourceNames/${i} ${JSON.stringify(n)} may not be '.', '..' or contain '/' or '%'`));
  dup(names).forEach((n) => out.push(`${at}/resourceNames duplicate ${JSON.stringify(n)}`));
  return out;
}

function matchResourcesProblems(at: string, m: unknown): string[] {
  if (!isObj(m)) return [];
  return [
    ...(m.matchPolicy === undefined ? [] : notIn(`${at}/matchPolicy`, m.matchPolicy, ['Exact', 'Equivalent'])),
    ...list(m.resourceRules).flatMap((r, i) => resourceRuleProblems(`${at}/resourceRules/${i}`, r)),
    ...list(m.excludeResourceRules).flatMap((r, i) => resourceRuleProblems(`${at}/excludeResourceRules/${i}`, r)),
  ];
}

function paramKindProblems(at: string, p: Obj): string[] {
  const out: string[] = [];
  const gv = typeof p.apiVersion === 'string' ? p.apiVersion.split('/') : [];
  if (gv.length === 0 || gv.length > 2 || gv[gv.length - 1] === '') out.push(`${at}/apiVersion ${JSON.stringify(p.apiVersion)} must be <group>/<version> or <version>`);
  else {
    if (gv.length === 2 && !isDns1123Subdomain(gv[0])) out.push(`${at}/apiVersion group ${JSON.stringify(gv[0])} must be a DNS-1123 subdomain`);
    if (!DNS1035_LABEL.test(gv[gv.length - 1])) out.push(`${at}/apiVersion version ${JSON.stringify(gv[gv.length - 1])} must be a DNS-1035 label`);
  }
  if (typeof p.kind !== 'string' || !DNS1035_LABEL.test(p.kind.toLowerCase())) out.push(`${at}/kind ${JSON.stringify(p.kind)} must be a DNS-1035 label in mixed case`);
  return out;
}

const blank = (s: unknown) => typeof s !== 'string' || s.trim() === '';

function policyProblems(p: Obj): string[] {
  const spec: Obj = p.spec ?? {};
  const out: string[] = [];
  if (spec.failurePolicy !== undefined) out.push(...notIn('/spec/failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  if (spec.paramKind !== undefined) out.push(...paramKindProblems('/spec/paramKind', spec.paramKind));
  if (!isObj(spec.matchConstraints)) out.push('/spec/matchConstraints is required');
  else {
    out.push(...matchResourcesProblems('/spec/matchConstraints', spec.matchConstraints));
    if (list(spec.matchConstraints.resourceRules).length === 0) out.push('/spec/matchConstraints/resourceRules is required (at least one rule gives the expressions their types)');
  }
  const conditions = list(spec.matchConditions);
  if (conditions.length > 64) out.push(`/spec/matchConditions has ${conditions.length} items, at most 64`);
  conditions.forEach((c: Obj, i) => {
    if (blank(c.expression)) out.push(`/spec/matchConditions/${i}/expression is required`);
    if (!isQualifiedName(c.name)) out.push(`/spec/matchConditions/${i}/name ${JSON.stringify(c.name)} must be a qualified name`);
  });
  dup(conditions.map((c: Obj) => c.name)).forEach((n) => out.push(`/spec/matchConditions duplicate name ${JSON.stringify(n)}`));
  list(spec.variables).forEach((v: Obj, i) => {
    if (blank(v.name)) out.push(`/spec/variables/${i}/name is required`);
    else if (!CEL_IDENTIFIER.test(v.name)) out.push(`/spec/variables/${i}/name ${JSON.stringify(v.name)} is not a valid CEL identifier`);
    if (blank(v.expression)) out.push(`/spec/variables/${i}/expression is required`);
  });
  const validations = list(spec.validations);
  const annotations = list(spec.auditAnnotations);
  if (validations.length === 0 && annotations.length === 0) out.push('/spec/validations or /spec/auditAnnotations must contain at least one item');
  validations.forEach((v: Obj, i) => {
    const at = `/spec/validations/${i}`;
    if (blank(v.expression)) out.push(`${at}/expression is required`);
    if (v.messageExpression !== undefined && blank(v.messageExpression)) out.push(`${at}/messageExpression must be non-empty if specified`);
    if (v.message !== undefined && blank(v.message)) out.push(`${at}/message must be non-empty if specified`);
    else if (typeof v.message === 'string' && /[\n\r]/.test(v.message.trim())) out.push(`${at}/message must not contain line breaks`);
    if (v.reason !== undefined) out.push(...notIn(`${at}/reason`, v.reason, ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']));
  });
  if (annotations.length > 20) out.push(`/spec/auditAnnotations has ${annotations.length} items, at most 20`);
  annotations.forEach((a: Obj, i) => {
    if (!isQualifiedName(`${p.metadata?.name}/${a.key}`)) out.push(`/spec/auditAnnotations/${i}/key ${JSON.stringify(a.key)}: <policy name>/<key> must be a qualified name`);
    if (blank(a.valueExpression)) out.push(`/spec/auditAnnotations/${i}/valueExpression is required`);
    else if (a.valueExpression.trim().length > 5 * 1024) out.push(`/spec/auditAnnotations/${i}/valueExpression must not exceed 5120 bytes`);
  });
  dup(annotations.map((a: Obj) => a.key)).forEach((k) => out.push(`/spec/auditAnnotations duplicate key ${JSON.stringify(k)}`));
  out.push(...policyCelProblems(p));
  return out;
}

function bindingProblems(b: Obj): string[] {
  const spec: Obj = b.spec ?? {};
  const out: string[] = [];
  if (!isDns1123Subdomain(spec.policyName)) out.push(`/spec/policyName ${JSON.stringify(spec.policyName)} must be a DNS-1123 subdomain`);
  const actions = list(spec.validationActions);
  if (actions.length === 0) out.push('/spec/validationActions: at least one validation action is required');
  actions.forEach((a, i) => out.push(...notIn(`/spec/validationActions/${i}`, a, ['Deny', 'Warn', 'Audit'])));
  dup(actions).forEach((a) => out.push(`/spec/validationActions duplicate ${JSON.stringify(a)}`));
  if (actions.includes('Deny') && actions.includes('Warn')) out.push('/spec/validationActions must not contain both Deny and Warn');
  const ref = spec.paramRef;
  if (isObj(ref)) {
    if (ref.name !== undefined && ref.selector !== undefined) out.push('/spec/paramRef: name and selector are mutually exclusive');
    if (ref.name === undefined && ref.selector === undefined) out.push('/spec/paramRef: one of name or selector must be specified');
    if (ref.name !== undefined && !isPathSegment(ref.name)) out.push(`/spec/paramRef/name ${JSON.stringify(ref.name)} may not be '.', '..' or contain '/' or '%'`);
    out.push(...notIn('/spec/paramRef/parameterNotFoundAction', ref.parameterNotFoundAction, ['Deny', 'Allow']));
  }
  out.push(...matchResourcesProblems('/spec/matchResources', spec.matchResources));
  return out;
}

// CEL: the admission environment (k8s.io/apiserver/pkg/admission/plugin/cel, pkg/cel/library).

/** The variables of a policy's expressions; `params` only with a paramKind, `authorizer` not in a messageExpression. */
const CEL_ROOTS = ['object', 'oldObject', 'request', 'namespaceObject', 'variables'];
/** Type names usable as values (`type(x) == string`). */
const CEL_TYPES = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn'];
/** CEL's standard functions and operators, the macros' expansions, and the Kubernetes CEL libraries' functions. */
const CEL_FUNCTIONS = new Set([
  ...['_+_', '_-_', '_*_', '_/_', '_%_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_&&_', '_||_', '!_', '-_', '_?_:_', '_[_]', '_[?_]', '_?._', '@in', '@not_strictly_false', '@not'],
  ...['size', 'has', 'matches', 'contains', 'startsWith', 'endsWith', 'int', 'uint', 'double', 'string', 'bytes', 'bool', 'type', 'dyn', 'duration', 'timestamp'],
  ...['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'],
  // cel-go ext strings (Kubernetes enables it), lists, regex, urls, authz, quantity, ip, cidr, format, semver, sets, optional, math, encoders.
  ...['charAt', 'indexOf', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'replace', 'split', 'substring', 'trim', 'join', 'format', 'strings.quote', 'reverse'],
  ...['isSorted', 'sum', 'min', 'max', 'find', 'findAll', 'url', 'isURL', 'getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'getQuery'],
  ...['path', 'group', 'serviceAccount', 'resource', 'subresource', 'namespace', 'name', 'check', 'allowed', 'reason', 'errored', 'error', 'fieldSelector', 'labelSelector'],
  ...['quantity', 'isQuantity', 'sign', 'isGreaterThan', 'isLessThan', 'compareTo', 'add', 'sub', 'asInteger', 'asApproximateFloat', 'isInteger'],
  ...[
    'ip',
    'isIP',
    'ip.isCanonical',
    'family',
    'isUnspecified',
    'isLoopback',
    'isLinkLocalMulticast',
    'isLinkLocalUnicast',
    'isGlobalUnicast',
    'cidr',
    'isCIDR',
    'containsIP',
    'containsCIDR',
    'masked',
    'prefixLength',
  ],
  ...['named', 'validate', 'semver', 'isSemver', 'major', 'minor', 'patch', 'sets.contains', 'sets.equivalent', 'sets.intersects'],
  ...['optional.of', 'optional.ofNonZeroValue', 'optional.none', 'hasValue', 'value', 'orValue', 'or', 'math.greatest', 'math.least', 'base64.encode', 'base64.decode'],
]);

interface CelCheck {
  readonly roots: ReadonlySet<string>;
  readonly variables: ReadonlySet<string>;
}

/** Identifiers and functions of a parsed expression that the environment does not declare. */
function celNameProblems(expr: any, env: CelCheck, scope: ReadonlySet<string>, out: Set<string>): void {
  if (!expr || typeof expr !== 'object') return;
  const kind = expr.exprKind?.case;
  const v = expr.exprKind?.value;
  if (kind === 'identExpr') {
    if (!scope.has(v.name) && !env.roots.has(v.name) && !CEL_TYPES.includes(v.name)) out.add(`undeclared reference to ${JSON.stringify(v.name)}`);
  } else if (kind === 'selectExpr') {
    const operand = v.operand?.exprKind;
    if (operand?.case === 'identExpr' && operand.value.name === 'variables' && !scope.has('variables') && !env.variables.has(v.field))
      out.add(`undeclared variable ${JSON.stringify(`variables.${v.field}`)}`);
    // `sets.contains(…)`, `optional.of(…)`: a namespaced function parses as a call on a select of an identifier.
    celNameProblems(v.operand, env, scope, out);
  } else if (kind === 'callExpr') {
    const qualified = v.target?.exprKind?.case === 'identExpr' && !scope.has(v.target.exprKind.value.name) && CEL_FUNCTIONS.has(`${v.target.exprKind.value.name}.${v.function}`);
    if (!qualified && !CEL_FUNCTIONS.has(v.function)) out.add(`undeclared function ${JSON.stringify(v.function)}`);
    if (!qualified) celNameProblems(v.target, env, scope, out);
    for (const a of v.args ?? []) celNameProblems(a, env, scope, out);
  } else if (kind === 'comprehensionExpr') {
    celNameProblems(v.iterRange, env, scope, out);
    celNameProblems(v.accuInit, env, scope, out);
    const inner = new Set([...scope, v.iterVar, v.iterVar2, v.accuVar].filter(Boolean));
    for (const part of [v.loopCondition, v.loopStep, v.result]) celNameProblems(part, env, inner, out);
  } else if (kind === 'listExpr') {
    for (const e of v.elements ?? []) celNameProblems(e, env, scope, out);
  } else if (kind === 'structExpr') {
    for (const e of v.entries ?? []) {
      celNameProblems(e.keyKind?.case === 'mapKey' ? e.keyKind.value : undefined, env, scope, out);
      celNameProblems(e.value, env, scope, out);
    }
  }
}

/** Problems of one CEL expression: a parse error, or names the environment does not declare. */
export function celExpressionProblems(expression: string, env: { roots: readonly string[]; variables: readonly string[] }): string[] {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    return [`does not parse: ${(e as Error).message.split('\n')[0]}`];
  }
  const out = new Set<string>();
  celNameProblems(parsed.expr, { roots: new Set(env.roots), variables: new Set(env.variables) }, new Set(), out);
  return [...out];
}

function policyCelProblems(p: Obj): string[] {
  const spec: Obj = p.spec ?? {};
  const params = spec.paramKind !== undefined ? ['params'] : [];
  const roots = [...CEL_ROOTS, ...params, 'authorizer'];
  const declared = list(spec.variables).map((v: Obj) => v.name);
  const out: string[] = [];
  const at = (path: string, expression: unknown, env: { roots: string[]; variables: string[] }) => {
    if (typeof expression === 'string' && expression.trim() !== '') out.push(...celExpressionProblems(expression, env).map((m) => `${path} CEL ${m}`));
  };
  list(spec.matchConditions).forEach((c: Obj, i) => at(`/spec/matchConditions/${i}/expression`, c.expression, { roots: roots.filter((r) => r !== 'variables'), variables: [] }));
  list(spec.variables).forEach((v: Obj, i) => at(`/spec/variables/${i}/expression`, v.expression, { roots, variables: declared.slice(0, i) }));
  list(spec.validations).forEach((v: Obj, i) => {
    at(`/spec/validations/${i}/expression`, v.expression, { roots, variables: declared });
    at(`/spec/validations/${i}/messageExpression`, v.messageExpression, { roots: roots.filter((r) => r !== 'authorizer'), variables: declared });
  });
  list(spec.auditAnnotations).forEach((a: Obj, i) => at(`/spec/auditAnnotations/${i}/valueExpression`, a.valueExpression, { roots, variables: declared }));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// networking.k8s.io/v1 NetworkPolicy

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** An int-or-string as the API server receives it: a typed resource's numeric string is a number (intstr.Parse). */
function intOrString(v: unknown, options: SemanticOptions): unknown {
  return options.typed && typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
}

function networkPolicyProblems(np: Obj, options: SemanticOptions): string[] {
  const spec: Obj = np.spec ?? {};
  const out: string[] = [];
  const types = list(spec.policyTypes);
  types.forEach((t, i) => out.push(...notIn(`/spec/policyTypes/${i}`, t, ['Ingress', 'Egress'])));
  if (types.length > 2) out.push(`/spec/policyTypes has ${types.length} items, at most 2`);
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    list(spec[direction]).forEach((rule: Obj, i) => {
      const at = `/spec/${direction}/${i}`;
      list(rule.ports).forEach((p: Obj, j) => {
        const here = `${at}/ports/${j}`;
        if (p.protocol !== undefined) out.push(...notIn(`${here}/protocol`, p.protocol, PROTOCOLS));
        const port = intOrString(p.port, options);
        if (port !== undefined) {
          if (typeof port === 'number' && !isPort(port)) out.push(`${here}/port ${port} must be between 1 and 65535`);
          if (typeof port === 'string' && !isPortName(port)) out.push(`${here}/port ${JSON.stringify(port)} must be a port number or an IANA service name`);
        }
        if (p.endPort !== undefined) {
          if (typeof port !== 'number') out.push(`${here}/endPort may only be specified with a numeric port`);
          else if (!isPort(p.endPort) || p.endPort < port) out.push(`${here}/endPort ${p.endPort} must be at least port ${port} and at most 65535`);
        }
      });
      list(rule[peersKey]).forEach((peer: Obj, j) => {
        const here = `${at}/${peersKey}/${j}`;
        const selectors = ['podSelector', 'namespaceSelector'].filter((k) => peer[k] !== undefined);
        if (selectors.length === 0 && peer.ipBlock === undefined) out.push(`${here} must specify a peer`);
        if (selectors.length > 0 && peer.ipBlock !== undefined) out.push(`${here} may not specify both ipBlock and another peer`);
        if (isObj(peer.ipBlock)) {
          const cidr = peer.ipBlock.cidr;
          if (!parseCidr(cidr)) out.push(`${here}/ipBlock/cidr ${JSON.stringify(cidr)} must be a valid CIDR`);
          list(peer.ipBlock.except).forEach((e, k) => {
            if (!parseCidr(e)) out.push(`${here}/ipBlock/except/${k} ${JSON.stringify(e)} must be a valid CIDR`);
            else if (parseCidr(cidr) && !strictSubset(e, cidr)) out.push(`${here}/ipBlock/except/${k} ${JSON.stringify(e)} must be a strict subset of cidr ${JSON.stringify(cidr)}`);
          });
        }
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// v1 Service

function serviceProblems(svc: Obj, options: SemanticOptions): string[] {
  const spec: Obj = svc.spec ?? {};
  const out: string[] = [];
  const type = spec.type ?? 'ClusterIP';
  out.push(...notIn('/spec/type', type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  const ports = list(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (type === 'ExternalName') {
    const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : spec.externalName;
    if (!isDns1123Subdomain(name)) out.push(`/spec/externalName ${JSON.stringify(spec.externalName)} must be a DNS-1123 subdomain`);
    if (spec.clusterIP !== undefined && spec.clusterIP !== '') out.push('/spec/clusterIP may not be set for type ExternalName');
  } else if (ports.length === 0 && !headless) out.push('/spec/ports is required');
  ports.forEach((p: Obj, i) => {
    const at = `/spec/ports/${i}`;
    if (ports.length > 1 && (p.name === undefined || p.name === '')) out.push(`${at}/name is required when there is more than one port`);
    if (p.name !== undefined && p.name !== '' && !isPortName(p.name)) out.push(`${at}/name ${JSON.stringify(p.name)} must be an IANA service name`);
    if (!isPort(p.port)) out.push(`${at}/port ${JSON.stringify(p.port)} must be between 1 and 65535`);
    if (p.protocol !== undefined) out.push(...notIn(`${at}/protocol`, p.protocol, PROTOCOLS));
    const target = intOrString(p.targetPort, options);
    if (typeof target === 'number' && !isPort(target)) out.push(`${at}/targetPort ${target} must be between 1 and 65535`);
    if (typeof target === 'string' && !isPortName(target)) out.push(`${at}/targetPort ${JSON.stringify(target)} must be a port number or an IANA service name`);
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (!['NodePort', 'LoadBalancer'].includes(type)) out.push(`${at}/nodePort may only be set for NodePort and LoadBalancer services`);
      else if (!isPort(p.nodePort)) out.push(`${at}/nodePort ${p.nodePort} must be between 1 and 65535`);
    }
    if (p.appProtocol !== undefined && !isQualifiedName(p.appProtocol)) out.push(`${at}/appProtocol ${JSON.stringify(p.appProtocol)} must be a qualified name`);
  });
  dup(ports.map((p: Obj) => p.name).filter((n) => n)).forEach((n) => out.push(`/spec/ports duplicate name ${JSON.stringify(n)}`));
  if (spec.sessionAffinity !== undefined) out.push(...notIn('/spec/sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') out.push(...notIn('/spec/externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.internalTrafficPolicy !== undefined) out.push(...notIn('/spec/internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.ipFamilyPolicy !== undefined) out.push(...notIn('/spec/ipFamilyPolicy', spec.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack']));
  out.push(...labelMapProblems('/spec/selector', spec.selector));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// rbac.authorization.k8s.io/v1

function policyRuleProblems(rules: unknown, namespaced: boolean): string[] {
  return list(rules).flatMap((r: Obj, i) => {
    const at = `/rules/${i}`;
    const out: string[] = [];
    if (list(r.verbs).length === 0) out.push(`${at}/verbs must contain at least one value`);
    if (list(r.nonResourceURLs).length > 0) {
      if (namespaced) out.push(`${at}/nonResourceURLs: namespaced rules cannot apply to non-resource URLs`);
      if (list(r.apiGroups).length > 0 || list(r.resources).length > 0 || list(r.resourceNames).length > 0)
        out.push(`${at}/nonResourceURLs: rules cannot apply to both regular resources and non-resource URLs`);
      return out;
    }
    if (list(r.apiGroups).length === 0) out.push(`${at}/apiGroups: resource rules must supply at least one api group`);
    if (list(r.resources).length === 0) out.push(`${at}/resources: resource rules must supply at least one resource`);
    if (list(r.resourceNames).length > 0 && list(r.resources).length > 1) out.push(`${at}/resourceNames cannot apply to multiple resources`);
    return out;
  });
}

function bindingRefProblems(b: Obj, namespaced: boolean): string[] {
  const out: string[] = [];
  const ref: Obj = b.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) out.push(...notIn('/roleRef/apiGroup', ref.apiGroup, [RBAC_GROUP]));
  out.push(...notIn('/roleRef/kind', ref.kind, namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole']));
  if (typeof ref.name !== 'string' || ref.name === '') out.push('/roleRef/name is required');
  else if (!isPathSegment(ref.name)) out.push(`/roleRef/name ${JSON.stringify(ref.name)} may not be '.', '..' or contain '/' or '%'`);
  list(b.subjects).forEach((s: Obj, i) => {
    const at = `/subjects/${i}`;
    if (typeof s.name !== 'string' || s.name === '') out.push(`${at}/name is required`);
    if (s.kind === 'ServiceAccount') {
      if (typeof s.name === 'string' && s.name !== '' && !isDns1123Subdomain(s.name)) out.push(`${at}/name ${JSON.stringify(s.name)} must be a DNS-1123 subdomain (a ServiceAccount name)`);
      if (s.apiGroup !== undefined && s.apiGroup !== '') out.push(...notIn(`${at}/apiGroup`, s.apiGroup, ['']));
      if (!namespaced && (s.namespace === undefined || s.namespace === '')) out.push(`${at}/namespace is required for a ServiceAccount subject of a ClusterRoleBinding`);
    } else if (s.kind === 'User' || s.kind === 'Group') {
      // rbac/v1 defaults an empty apiGroup of a User or Group to rbac.authorization.k8s.io (pkg/apis/rbac/v1/defaults.go).
      if (s.apiGroup !== undefined && s.apiGroup !== '' && s.apiGroup !== RBAC_GROUP) out.push(...notIn(`${at}/apiGroup`, s.apiGroup, [RBAC_GROUP]));
    } else out.push(...notIn(`${at}/kind`, s.kind, ['ServiceAccount', 'User', 'Group']));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// v1 ResourceQuota and LimitRange

/** The quota resource names without a domain the API server accepts (IsStandardQuotaResourceName and the object counts). */
const QUOTA_RESOURCES = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
];
/** Resources whose quota must be a whole number (IsIntegerResourceName). */
const INTEGER_QUOTA = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
/** What a scope may limit among the standard quota resources (IsResourceQuotaScopeValidForResource; other scopes: any). */
const POD_COMPUTE = ['pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];
const SCOPE_TRACKS: Record<string, readonly string[]> = {
  Terminating: POD_COMPUTE,
  NotTerminating: POD_COMPUTE,
  BestEffort: ['pods'],
  NotBestEffort: POD_COMPUTE,
  PriorityClass: POD_COMPUTE,
  CrossNamespacePodAffinity: POD_COMPUTE,
};

function quotaProblems(rq: Obj): string[] {
  const spec: Obj = rq.spec ?? {};
  const out: string[] = [];
  for (const [name, value] of Object.entries<unknown>(spec.hard ?? {})) {
    const at = `/spec/hard/${name}`;
    if (!isQualifiedName(name)) out.push(`${at}: the resource name must be a qualified name`);
    else if (
      !name.includes('/') &&
      !name.startsWith('count/') &&
      !name.includes('.storageclass.storage.k8s.io') &&
      !name.startsWith('hugepages-') &&
      !name.startsWith('requests.hugepages-') &&
      !QUOTA_RESOURCES.includes(name)
    ) {
      out.push(`${at}: ${JSON.stringify(name)} is not a standard quota resource name`);
    }
    const n = quantityValue(value);
    if (n === undefined) out.push(`${at} ${JSON.stringify(value)} is not a quantity`);
    else if (n < 0) out.push(`${at} must be greater than or equal to 0`);
    else if ((INTEGER_QUOTA.has(name) || name.startsWith('count/')) && !Number.isInteger(n)) out.push(`${at} ${JSON.stringify(value)} must be an integer`);
  }
  const scopes = [...list(spec.scopes), ...list(spec.scopeSelector?.matchExpressions).map((e: Obj) => e.scopeName)];
  scopes.forEach((s, i) => out.push(...notIn(`/spec/scopes/${i}`, s, QUOTA_SCOPES)));
  for (const [a, b] of [
    ['BestEffort', 'NotBestEffort'],
    ['Terminating', 'NotTerminating'],
  ]) {
    if (scopes.includes(a) && scopes.includes(b)) out.push(`/spec/scopes conflicting scopes ${a} and ${b}`);
  }
  for (const s of scopes) {
    const tracks = SCOPE_TRACKS[s];
    if (!tracks) continue;
    for (const name of Object.keys(spec.hard ?? {}))
      if ((QUOTA_RESOURCES.includes(name) || /^(requests\.)?hugepages-/.test(name)) && !tracks.includes(name)) out.push(`/spec/hard/${name} is not tracked by the quota scope ${s}`);
  }
  return out;
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

function limitRangeProblems(lr: Obj): string[] {
  const out: string[] = [];
  const limits = list(lr.spec?.limits);
  dup(limits.map((l: Obj) => l.type)).forEach((t) => out.push(`/spec/limits duplicate type ${JSON.stringify(t)}`));
  limits.forEach((l: Obj, i) => {
    const at = `/spec/limits/${i}`;
    out.push(...notIn(`${at}/type`, l.type, LIMIT_TYPES));
    if (l.type === 'Pod' && (l.default !== undefined || l.defaultRequest !== undefined)) out.push(`${at}: default and defaultRequest may not be set for type Pod`);
    if (l.type === 'PersistentVolumeClaim') {
      if (quantityValue(l.min?.storage) === undefined && quantityValue(l.max?.storage) === undefined) out.push(`${at}: min or max storage must be set for type PersistentVolumeClaim`);
    }
    const names = new Set(['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].flatMap((k) => Object.keys(l[k] ?? {})));
    for (const r of names) {
      const [min, max, def, req, ratio] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].map((k) => quantityValue(l[k]?.[r]));
      for (const [k, v] of [
        ['min', min],
        ['max', max],
        ['default', def],
        ['defaultRequest', req],
      ] as const) {
        if (l[k]?.[r] !== undefined && (v === undefined || v < 0)) out.push(`${at}/${k}/${r} ${JSON.stringify(l[k][r])} must be a non-negative quantity`);
      }
      const le = (a: number | undefined, an: string, b: number | undefined, bn: string) =>
        a !== undefined && b !== undefined && a > b && out.push(`${at}: ${an} ${r} (${l[an][r]}) must be at most ${bn} ${r} (${l[bn][r]})`);
      le(min, 'min', max, 'max');
      le(req, 'defaultRequest', max, 'max');
      le(min, 'min', req, 'defaultRequest');
      le(req, 'defaultRequest', def, 'default');
      le(def, 'default', max, 'max');
      le(min, 'min', def, 'default');
      if (ratio !== undefined) {
        if (ratio < 1) out.push(`${at}/maxLimitRequestRatio/${r} must be at least 1`);
        if (def !== undefined && req !== undefined && req > 0 && def / req > ratio) out.push(`${at}: default/defaultRequest of ${r} exceeds maxLimitRequestRatio`);
      }
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// autoscaling/v2 HorizontalPodAutoscaler, policy/v1 PodDisruptionBudget, scheduling PriorityClass, storage StorageClass

function metricTargetProblems(at: string, t: unknown, allowed: readonly string[]): string[] {
  if (!isObj(t)) return [`${at} is required`];
  const out = notIn(`${at}/type`, t.type, allowed);
  if (t.type === 'Utilization' && !(Number.isInteger(t.averageUtilization) && t.averageUtilization > 0)) out.push(`${at}/averageUtilization must be greater than 0`);
  if (t.type === 'Value' && !((quantityValue(t.value) ?? 0) > 0)) out.push(`${at}/value must be positive`);
  if (t.type === 'AverageValue' && !((quantityValue(t.averageValue) ?? 0) > 0)) out.push(`${at}/averageValue must be positive`);
  return out;
}

const METRIC_MEMBER: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

function hpaProblems(hpa: Obj): string[] {
  const spec: Obj = hpa.spec ?? {};
  const out: string[] = [];
  const min = spec.minReplicas ?? 1;
  if (!Number.isInteger(min) || min < 1) out.push(`/spec/minReplicas ${JSON.stringify(min)} must be greater than or equal to 1`);
  if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < 1) out.push(`/spec/maxReplicas ${JSON.stringify(spec.maxReplicas)} must be greater than 0`);
  else if (Number.isInteger(min) && spec.maxReplicas < min) out.push(`/spec/maxReplicas ${spec.maxReplicas} must be greater than or equal to minReplicas ${min}`);
  const ref: Obj = spec.scaleTargetRef ?? {};
  if (blank(ref.kind)) out.push('/spec/scaleTargetRef/kind is required');
  if (blank(ref.name)) out.push('/spec/scaleTargetRef/name is required');
  else if (!isPathSegment(ref.name)) out.push(`/spec/scaleTargetRef/name ${JSON.stringify(ref.name)} may not be '.', '..' or contain '/' or '%'`);
  list(spec.metrics).forEach((m: Obj, i) => {
    const at = `/spec/metrics/${i}`;
    out.push(...notIn(`${at}/type`, m.type, Object.keys(METRIC_MEMBER)));
    const members = Object.values(METRIC_MEMBER).filter((k) => m[k] !== undefined);
    if (METRIC_MEMBER[m.type] && (members.length !== 1 || members[0] !== METRIC_MEMBER[m.type])) out.push(`${at} must set exactly the member ${METRIC_MEMBER[m.type]} of its type ${m.type}`);
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const r: Obj = m[METRIC_MEMBER[m.type]] ?? {};
      if (blank(r.name)) out.push(`${at}/${METRIC_MEMBER[m.type]}/name is required`);
      out.push(...metricTargetProblems(`${at}/${METRIC_MEMBER[m.type]}/target`, r.target, ['Utilization', 'AverageValue']));
    } else if (m.type === 'Pods') out.push(...metricTargetProblems(`${at}/pods/target`, m.pods?.target, ['AverageValue']));
    else if (m.type === 'Object' || m.type === 'External') out.push(...metricTargetProblems(`${at}/${METRIC_MEMBER[m.type]}/target`, m[METRIC_MEMBER[m.type]]?.target, ['Value', 'AverageValue']));
  });
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[direction];
    if (!isObj(rules)) continue;
    const at = `/spec/behavior/${direction}`;
    if (rules.selectPolicy !== undefined) out.push(...notIn(`${at}/selectPolicy`, rules.selectPolicy, ['Max', 'Min', 'Disabled']));
    const w = rules.stabilizationWindowSeconds;
    if (w !== undefined && !(Number.isInteger(w) && w >= 0 && w <= 3600)) out.push(`${at}/stabilizationWindowSeconds ${w} must be between 0 and 3600`);
    list(rules.policies).forEach((p: Obj, i) => {
      out.push(...notIn(`${at}/policies/${i}/type`, p.type, ['Pods', 'Percent']));
      if (!(Number.isInteger(p.value) && p.value > 0)) out.push(`${at}/policies/${i}/value must be greater than 0`);
      if (!(Number.isInteger(p.periodSeconds) && p.periodSeconds > 0 && p.periodSeconds <= 1800)) out.push(`${at}/policies/${i}/periodSeconds must be between 1 and 1800`);
    });
  }
  return out;
}

/** An IntOrString of a PDB: a non-negative integer or a percentage of at most 100%. */
function intOrPercentProblems(at: string, v: unknown, options: SemanticOptions): string[] {
  const x = intOrString(v, options);
  if (typeof x === 'number') return Number.isInteger(x) && x >= 0 ? [] : [`${at} ${x} must be greater than or equal to 0`];
  const m = typeof x === 'string' ? /^(\d+)%$/.exec(x) : null;
  if (!m) return [`${at} ${JSON.stringify(x)} must be an integer or a percentage (e.g. '5%')`];
  return Number(m[1]) <= 100 ? [] : [`${at} ${x} must not be greater than 100%`];
}

function pdbProblems(pdb: Obj, options: SemanticOptions): string[] {
  const spec: Obj = pdb.spec ?? {};
  const out: string[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) out.push('/spec: minAvailable and maxUnavailable cannot be both set');
  for (const k of ['minAvailable', 'maxUnavailable']) if (spec[k] !== undefined) out.push(...intOrPercentProblems(`/spec/${k}`, spec[k], options));
  if (spec.unhealthyPodEvictionPolicy !== undefined) out.push(...notIn('/spec/unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']));
  return out;
}

function priorityClassProblems(pc: Obj): string[] {
  const out: string[] = [];
  const name = String(pc.metadata?.name ?? '');
  if (name.startsWith('system-') && !['system-cluster-critical', 'system-node-critical'].includes(name)) out.push(`/metadata/name ${JSON.stringify(name)}: the prefix system- is reserved`);
  if (!Number.isInteger(pc.value) || (pc.value > 1e9 && !name.startsWith('system-')))
    out.push(`/value ${JSON.stringify(pc.value)} must be an integer of at most 1000000000 (higher is reserved for system classes)`);
  if (pc.preemptionPolicy !== undefined) out.push(...notIn('/preemptionPolicy', pc.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  return out;
}

function storageClassProblems(sc: Obj): string[] {
  const out: string[] = [];
  if (!isQualifiedName(sc.provisioner)) out.push(`/provisioner ${JSON.stringify(sc.provisioner)} must be a qualified name`);
  if (sc.reclaimPolicy !== undefined) out.push(...notIn('/reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
  if (sc.volumeBindingMode !== undefined) out.push(...notIn('/volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  const params = Object.entries<unknown>(sc.parameters ?? {});
  if (params.length > 512) out.push(`/parameters has ${params.length} entries, at most 512`);
  if (params.reduce((n, [k, v]) => n + k.length + String(v).length, 0) > 256 * 1024) out.push('/parameters total size exceeds 262144 bytes');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// v1 ConfigMap, Secret, PersistentVolumeClaim

const MAX_DATA = 1024 * 1024;

function keyProblems(at: string, keys: readonly string[]): string[] {
  return keys.flatMap((k) =>
    k.length <= 253 && CONFIG_MAP_KEY.test(k) && k !== '.' && k !== '..' && !k.startsWith('..')
      ? []
      : [`${at} key ${JSON.stringify(k)} must consist of alphanumerics, '-', '_' or '.' (at most 253, not '.', '..' or starting with '..')`],
  );
}

/** The bytes of a value as stored: base64 `data` decoded, plain text as UTF-8. */
const byteLength = (v: unknown, base64: boolean) => (typeof v !== 'string' ? 0 : base64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v, 'utf8'));

function configMapProblems(cm: Obj): string[] {
  const data = Object.keys(cm.data ?? {});
  const binary = Object.keys(cm.binaryData ?? {});
  const out = [...keyProblems('/data', data), ...keyProblems('/binaryData', binary)];
  data.filter((k) => binary.includes(k)).forEach((k) => out.push(`/binaryData key ${JSON.stringify(k)} is also in data`));
  const size = [...data.map((k) => byteLength(cm.data[k], false)), ...binary.map((k) => byteLength(cm.binaryData[k], true))].reduce((a, b) => a + b, 0);
  if (size > MAX_DATA) out.push(`/data total size ${size} exceeds 1048576 bytes`);
  return out;
}

/** The keys a Secret of a type must carry (pkg/apis/core/validation ValidateSecret). */
const SECRET_KEYS: Record<string, readonly string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function secretProblems(s: Obj): string[] {
  const data = Object.keys(s.data ?? {});
  const plain = Object.keys(s.stringData ?? {});
  const keys = [...new Set([...data, ...plain])];
  const out = [...keyProblems('/data', data), ...keyProblems('/stringData', plain)];
  const size = keys.reduce((n, k) => n + (k in (s.stringData ?? {}) ? byteLength(s.stringData[k], false) : byteLength(s.data[k], true)), 0);
  if (size > MAX_DATA) out.push(`/data total size ${size} exceeds 1048576 bytes`);
  const type = s.type ?? 'Opaque';
  for (const k of SECRET_KEYS[type] ?? []) if (!keys.includes(k)) out.push(`/data/${k} is required for a Secret of type ${type}`);
  if (type === 'kubernetes.io/basic-auth' && !keys.includes('username') && !keys.includes('password')) out.push('/data: a basic-auth Secret needs username or password');
  if (type === 'kubernetes.io/service-account-token' && blank(s.metadata?.annotations?.['kubernetes.io/service-account.name']))
    out.push('/metadata/annotations/kubernetes.io~1service-account.name is required for a service-account-token Secret');
  return out;
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

function pvcProblems(pvc: Obj): string[] {
  const spec: Obj = pvc.spec ?? {};
  const out: string[] = [];
  const modes = list(spec.accessModes);
  if (modes.length === 0) out.push('/spec/accessModes: at least one access mode is required');
  modes.forEach((m, i) => out.push(...notIn(`/spec/accessModes/${i}`, m, ACCESS_MODES)));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) out.push('/spec/accessModes may not use ReadWriteOncePod with other access modes');
  const storage = quantityValue(spec.resources?.requests?.storage);
  if (!(storage !== undefined && storage > 0)) out.push('/spec/resources/requests/storage must be a quantity greater than zero');
  if (spec.volumeMode !== undefined) out.push(...notIn('/spec/volumeMode', spec.volumeMode, ['Filesystem', 'Block']));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Pod templates (apps/v1 Deployment, batch/v1 CronJob and Job)

function podSpecProblems(at: string, pod: unknown, restartPolicies: readonly string[]): string[] {
  if (!isObj(pod)) return [`${at} is required`];
  const out: string[] = [];
  const containers = list(pod.containers);
  const init = list(pod.initContainers);
  if (containers.length === 0) out.push(`${at}/containers: at least one container is required`);
  const volumes = list(pod.volumes);
  volumes.forEach((v: Obj, i) => !isDns1123Label(v.name) && out.push(`${at}/volumes/${i}/name ${JSON.stringify(v.name)} must be a DNS-1123 label`));
  dup(volumes.map((v: Obj) => v.name)).forEach((n) => out.push(`${at}/volumes duplicate name ${JSON.stringify(n)}`));
  const volumeNames = new Set(volumes.map((v: Obj) => v.name));
  const each = (cs: any[], key: string) =>
    cs.forEach((c: Obj, i) => {
      const here = `${at}/${key}/${i}`;
      if (!isDns1123Label(c.name)) out.push(`${here}/name ${JSON.stringify(c.name)} must be a DNS-1123 label`);
      if (blank(c.image)) out.push(`${here}/image is required`);
      if (c.imagePullPolicy !== undefined) out.push(...notIn(`${here}/imagePullPolicy`, c.imagePullPolicy, ['Always', 'Never', 'IfNotPresent']));
      const ports = list(c.ports);
      ports.forEach((p: Obj, j) => {
        if (!isPort(p.containerPort)) out.push(`${here}/ports/${j}/containerPort ${JSON.stringify(p.containerPort)} must be between 1 and 65535`);
        if (p.name !== undefined && !isPortName(p.name)) out.push(`${here}/ports/${j}/name ${JSON.stringify(p.name)} must be an IANA service name`);
        if (p.protocol !== undefined) out.push(...notIn(`${here}/ports/${j}/protocol`, p.protocol, PROTOCOLS));
        if (p.hostPort !== undefined && p.hostPort !== 0 && !isPort(p.hostPort)) out.push(`${here}/ports/${j}/hostPort ${p.hostPort} must be between 1 and 65535`);
      });
      dup(ports.map((p: Obj) => p.name).filter(Boolean)).forEach((n) => out.push(`${here}/ports duplicate name ${JSON.stringify(n)}`));
      // RelaxedEnvironmentVariableValidation (GA in 1.34): any printable ASCII but '='.
      list(c.env).forEach(
        (e: Obj, j) => !(typeof e.name === 'string' && /^[\x20-\x3c\x3e-\x7e]+$/.test(e.name)) && out.push(`${here}/env/${j}/name ${JSON.stringify(e.name)} must be printable ASCII without '='`),
      );
      const mounts = list(c.volumeMounts);
      mounts.forEach((m: Obj, j) => {
        if (!volumeNames.has(m.name)) out.push(`${here}/volumeMounts/${j}/name ${JSON.stringify(m.name)} is not a volume of the pod`);
        if (blank(m.mountPath)) out.push(`${here}/volumeMounts/${j}/mountPath is required`);
      });
      dup(mounts.map((m: Obj) => m.mountPath)).forEach((p) => out.push(`${here}/volumeMounts duplicate mountPath ${JSON.stringify(p)}`));
      for (const [r, limit] of Object.entries<unknown>(c.resources?.limits ?? {})) {
        const req = quantityValue(c.resources?.requests?.[r]);
        const lim = quantityValue(limit);
        if (req !== undefined && lim !== undefined && req > lim) out.push(`${here}/resources/requests/${r} must be less than or equal to the ${r} limit`);
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const pr = c[probe];
        if (!isObj(pr)) continue;
        const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => pr[h] !== undefined);
        if (handlers.length !== 1) out.push(`${here}/${probe} must specify exactly one handler`);
        if (pr.exec !== undefined && list(pr.exec.command).length === 0) out.push(`${here}/${probe}/exec/command is required`);
        for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
          if (pr[k] !== undefined && !(Number.isInteger(pr[k]) && pr[k] >= 0)) out.push(`${here}/${probe}/${k} ${JSON.stringify(pr[k])} must be greater than or equal to 0`);
        }
        if (probe !== 'readinessProbe' && pr.successThreshold !== undefined && pr.successThreshold !== 1) out.push(`${here}/${probe}/successThreshold must be 1`);
        const port = pr.httpGet?.port ?? pr.tcpSocket?.port;
        if (typeof port === 'number' ? !isPort(port) : port !== undefined && !isPortName(port)) out.push(`${here}/${probe} port ${JSON.stringify(port)} must be 1–65535 or an IANA service name`);
      }
    });
  each(containers, 'containers');
  each(init, 'initContainers');
  dup([...containers, ...init].map((c: Obj) => c.name)).forEach((n) => out.push(`${at}/containers duplicate name ${JSON.stringify(n)}`));
  out.push(...notIn(`${at}/restartPolicy`, pod.restartPolicy ?? 'Always', restartPolicies));
  if (pod.dnsPolicy !== undefined) out.push(...notIn(`${at}/dnsPolicy`, pod.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  if (pod.serviceAccountName !== undefined && pod.serviceAccountName !== '' && !isDns1123Subdomain(pod.serviceAccountName))
    out.push(`${at}/serviceAccountName ${JSON.stringify(pod.serviceAccountName)} must be a DNS-1123 subdomain`);
  out.push(...labelMapProblems(`${at}/nodeSelector`, pod.nodeSelector));
  out.push(...podSchedulingProblems(at, pod), ...volumeProblems(at, volumes));
  for (const [where, sc] of [[`${at}/securityContext`, pod.securityContext], ...[...containers, ...init].map((c: Obj, i) => [`${at}/containers/${i}/securityContext`, c.securityContext])] as Array<
    [string, Obj]
  >) {
    if (!isObj(sc)) continue;
    for (const k of ['runAsUser', 'runAsGroup', 'fsGroup']) if (sc[k] !== undefined && !(Number.isInteger(sc[k]) && sc[k] >= 0)) out.push(`${where}/${k} must be greater than or equal to 0`);
    const seccomp = sc.seccompProfile;
    if (isObj(seccomp)) {
      out.push(...notIn(`${where}/seccompProfile/type`, seccomp.type, ['RuntimeDefault', 'Unconfined', 'Localhost']));
      if ((seccomp.type === 'Localhost') !== (seccomp.localhostProfile !== undefined)) out.push(`${where}/seccompProfile/localhostProfile must be set for type Localhost and only for it`);
    }
  }
  return out;
}

/** Tolerations and topology spread constraints of a pod. */
function podSchedulingProblems(at: string, pod: Obj): string[] {
  const out: string[] = [];
  list(pod.tolerations).forEach((t: Obj, i) => {
    const here = `${at}/tolerations/${i}`;
    if (t.key !== undefined && t.key !== '' && !isQualifiedName(t.key)) out.push(`${here}/key ${JSON.stringify(t.key)} must be a qualified name`);
    const op = t.operator ?? 'Equal';
    out.push(...notIn(`${here}/operator`, op, ['Equal', 'Exists']));
    if (op === 'Exists' && t.value !== undefined && t.value !== '') out.push(`${here}/value must be empty when operator is Exists`);
    if ((t.key === undefined || t.key === '') && op !== 'Exists') out.push(`${here}/operator must be Exists when key is empty`);
    if (t.effect !== undefined && t.effect !== '') out.push(...notIn(`${here}/effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') out.push(`${here}/tolerationSeconds may only be set with effect NoExecute`);
  });
  const spread = list(pod.topologySpreadConstraints);
  spread.forEach((c: Obj, i) => {
    const here = `${at}/topologySpreadConstraints/${i}`;
    if (!(Number.isInteger(c.maxSkew) && c.maxSkew > 0)) out.push(`${here}/maxSkew must be greater than 0`);
    if (blank(c.topologyKey) || !isQualifiedName(c.topologyKey)) out.push(`${here}/topologyKey ${JSON.stringify(c.topologyKey)} must be a qualified name`);
    out.push(...notIn(`${here}/whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
    if (c.minDomains !== undefined && (c.whenUnsatisfiable !== 'DoNotSchedule' || !(Number.isInteger(c.minDomains) && c.minDomains > 0)))
      out.push(`${here}/minDomains must be greater than 0 and needs whenUnsatisfiable DoNotSchedule`);
  });
  dup(spread.map((c: Obj) => `${c.topologyKey} ${c.whenUnsatisfiable}`)).forEach((k) => out.push(`${at}/topologySpreadConstraints duplicate topologyKey and whenUnsatisfiable ${JSON.stringify(k)}`));
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = pod.affinity?.[kind];
    if (!isObj(a)) continue;
    const terms = [...list(a.requiredDuringSchedulingIgnoredDuringExecution), ...list(a.preferredDuringSchedulingIgnoredDuringExecution).map((w: Obj) => w.podAffinityTerm)];
    terms.forEach((t: Obj, i) => (blank(t?.topologyKey) || !isQualifiedName(t.topologyKey)) && out.push(`${at}/affinity/${kind} term ${i}: topologyKey must be a qualified name`));
  }
  return out;
}

const VOLUME_SOURCES = ['emptyDir', 'configMap', 'secret', 'projected', 'persistentVolumeClaim', 'downwardAPI', 'hostPath', 'csi', 'ephemeral', 'nfs', 'image'];

/** A file path inside a volume: relative, without '..' elements. */
const isVolumePath = (p: unknown) => typeof p === 'string' && p !== '' && !p.startsWith('/') && !p.split('/').includes('..');

function itemProblems(at: string, items: unknown): string[] {
  return list(items).flatMap((it: Obj, i) => [
    ...(isVolumePath(it.path) ? [] : [`${at}/items/${i}/path ${JSON.stringify(it.path)} must be a relative path without '..'`]),
    ...(it.mode !== undefined && !(Number.isInteger(it.mode) && it.mode >= 0 && it.mode <= 0o777) ? [`${at}/items/${i}/mode must be between 0 and 0777`] : []),
  ]);
}

function volumeProblems(at: string, volumes: readonly Obj[]): string[] {
  const out: string[] = [];
  volumes.forEach((v, i) => {
    const here = `${at}/volumes/${i}`;
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined);
    if (sources.length !== 1) out.push(`${here} must specify exactly one volume source (has ${sources.join(', ') || 'none'})`);
    for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) {
      const src = v[k];
      if (!isObj(src)) continue;
      if (src.defaultMode !== undefined && !(Number.isInteger(src.defaultMode) && src.defaultMode >= 0 && src.defaultMode <= 0o777)) out.push(`${here}/${k}/defaultMode must be between 0 and 0777`);
      out.push(...itemProblems(`${here}/${k}`, src.items));
    }
    if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined && !((quantityValue(v.emptyDir.sizeLimit) ?? -1) >= 0)) out.push(`${here}/emptyDir/sizeLimit must be a non-negative quantity`);
    list(v.projected?.sources).forEach((src: Obj, j) => {
      const where = `${here}/projected/sources/${j}`;
      const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].filter((k) => src[k] !== undefined);
      if (kinds.length !== 1) out.push(`${where} must specify exactly one source`);
      const token = src.serviceAccountToken;
      if (isObj(token)) {
        if (!isVolumePath(token.path)) out.push(`${where}/serviceAccountToken/path must be a relative path without '..'`);
        if (token.expirationSeconds !== undefined && !(token.expirationSeconds >= 600 && token.expirationSeconds <= 2 ** 32))
          out.push(`${where}/serviceAccountToken/expirationSeconds must be at least 10 minutes`);
      }
      for (const k of ['secret', 'configMap', 'downwardAPI']) if (isObj(src[k])) out.push(...itemProblems(`${where}/${k}`, src[k].items));
    });
  });
  return out;
}

/** Whether a selector selects a label set (matchLabels and matchExpressions). */
function selects(sel: Obj, labels: Record<string, string>): boolean {
  const ok = Object.entries<string>(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    ok &&
    list(sel.matchExpressions).every((e: Obj) => {
      const has = e.key in labels;
      if (e.operator === 'In') return has && list(e.values).includes(labels[e.key]);
      if (e.operator === 'NotIn') return !has || !list(e.values).includes(labels[e.key]);
      return e.operator === 'Exists' ? has : !has;
    })
  );
}

function deploymentProblems(d: Obj): string[] {
  const spec: Obj = d.spec ?? {};
  const out: string[] = [];
  const sel = spec.selector;
  if (!isObj(sel) || (Object.keys(sel.matchLabels ?? {}).length === 0 && list(sel.matchExpressions).length === 0)) out.push('/spec/selector: a non-empty selector is required');
  else if (!selects(sel, spec.template?.metadata?.labels ?? {})) out.push('/spec/template/metadata/labels: selector does not match template labels');
  if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && spec.replicas >= 0)) out.push(`/spec/replicas ${spec.replicas} must be greater than or equal to 0`);
  const strategy: Obj = spec.strategy ?? {};
  if (strategy.type !== undefined) out.push(...notIn('/spec/strategy/type', strategy.type, ['Recreate', 'RollingUpdate']));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) out.push('/spec/strategy/rollingUpdate may not be specified when strategy type is Recreate');
  const ru = strategy.rollingUpdate;
  if (isObj(ru)) {
    for (const k of ['maxUnavailable', 'maxSurge']) if (ru[k] !== undefined) out.push(...intOrPercentProblems(`/spec/strategy/rollingUpdate/${k}`, ru[k], {}));
    const zero = (v: unknown) => v === 0 || v === '0%';
    if (zero(ru.maxUnavailable ?? '25%') && zero(ru.maxSurge ?? '25%')) out.push('/spec/strategy/rollingUpdate: maxUnavailable and maxSurge may not both be 0');
  }
  for (const k of ['revisionHistoryLimit', 'minReadySeconds']) if (spec[k] !== undefined && !(Number.isInteger(spec[k]) && spec[k] >= 0)) out.push(`/spec/${k} must be greater than or equal to 0`);
  if (spec.progressDeadlineSeconds !== undefined && !(spec.progressDeadlineSeconds > (spec.minReadySeconds ?? 0))) out.push('/spec/progressDeadlineSeconds must be greater than minReadySeconds');
  out.push(...podSpecProblems('/spec/template/spec', spec.template?.spec, ['Always']));
  return out;
}

const CRON_FIELDS: ReadonlyArray<{ min: number; max: number; names?: readonly string[] }> = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** A schedule robfig/cron's standard parser accepts (five fields or a descriptor), without a TZ prefix. */
export function cronProblems(schedule: unknown): string[] {
  if (typeof schedule !== 'string' || schedule.trim() === '') return ['is required'];
  if (/^(CRON_)?TZ=/.test(schedule.trim())) return ['may not carry TZ or CRON_TZ: use spec.timeZone'];
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(schedule.trim()) || /^@every \S+$/.test(schedule.trim())) return [];
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return [`${JSON.stringify(schedule)} must have 5 fields, has ${fields.length}`];
  const out: string[] = [];
  fields.forEach((f, i) => {
    const { min, max, names } = CRON_FIELDS[i];
    const value = (s: string) => {
      const n = names?.indexOf(s.toUpperCase()) ?? -1;
      return n >= 0 ? n + min : /^\d+$/.test(s) ? Number(s) : NaN;
    };
    for (const part of f.split(',')) {
      const [range, step] = part.split('/');
      const ok =
        (step === undefined || (/^\d+$/.test(step) && Number(step) > 0)) &&
        (range === '*' || range === '?' || range.split('-').every((x, _j, xs) => xs.length <= 2 && value(x) >= min && value(x) <= max)) &&
        (!range.includes('-') || value(range.split('-')[0]) <= value(range.split('-')[1]));
      if (!ok) out.push(`field ${i + 1} ${JSON.stringify(part)} of ${JSON.stringify(schedule)} is out of range ${min}-${max} or malformed`);
    }
  });
  return out;
}

/** Whether an IANA time zone name is known (Go's time.LoadLocation; Node's ICU knows the same database). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return /^[A-Za-z0-9_+\-/]+$/.test(tz) && tz !== 'Local';
  } catch {
    return false;
  }
}

function jobSpecProblems(at: string, spec: unknown): string[] {
  if (!isObj(spec)) return [`${at} is required`];
  const out: string[] = [];
  for (const k of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    if (spec[k] !== undefined && !(Number.isInteger(spec[k]) && spec[k] >= 0)) out.push(`${at}/${k} must be greater than or equal to 0`);
  if (spec.activeDeadlineSeconds !== undefined && !(Number.isInteger(spec.activeDeadlineSeconds) && spec.activeDeadlineSeconds > 0)) out.push(`${at}/activeDeadlineSeconds must be greater than 0`);
  out.push(...podSpecProblems(`${at}/template/spec`, spec.template?.spec, ['OnFailure', 'Never']));
  return out;
}

function cronJobProblems(cj: Obj): string[] {
  const spec: Obj = cj.spec ?? {};
  const out = cronProblems(spec.schedule).map((m) => `/spec/schedule ${m}`);
  if (spec.timeZone !== undefined && !(typeof spec.timeZone === 'string' && isTimeZone(spec.timeZone))) out.push(`/spec/timeZone ${JSON.stringify(spec.timeZone)} is not a known time zone`);
  if (spec.concurrencyPolicy !== undefined) out.push(...notIn('/spec/concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    if (spec[k] !== undefined && !(Number.isInteger(spec[k]) && spec[k] >= 0)) out.push(`/spec/${k} must be greater than or equal to 0`);
  out.push(...jobSpecProblems('/spec/jobTemplate/spec', spec.jobTemplate?.spec));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Every built-in object: ObjectMeta beyond names and labels (test/k8s-openapi.ts), every label selector.

function metaProblems(obj: Obj): string[] {
  const out: string[] = [];
  list(obj.metadata?.finalizers).forEach((f, i) => !isQualifiedName(f) && out.push(`/metadata/finalizers/${i} ${JSON.stringify(f)} must be a qualified name`));
  dup(list(obj.metadata?.finalizers)).forEach((f) => out.push(`/metadata/finalizers duplicate ${JSON.stringify(f)}`));
  const walk = (x: unknown, at: string) => {
    if (Array.isArray(x)) x.forEach((v, i) => walk(v, `${at}/${i}`));
    if (!isObj(x)) return;
    // Node affinity's requirements (Gt, Lt) and a quota's scope selector are other kinds of selectors.
    if (Array.isArray(x.matchExpressions) && !/nodeAffinity|scopeSelector/.test(at)) out.push(...selectorProblems(at, x));
    for (const [k, v] of Object.entries(x)) walk(v, `${at}/${k}`);
  };
  walk(obj.spec, '/spec');
  return out;
}

/** The Kubernetes API's own groups (custom resources, the Gateway API's included, are their CRDs' business). */
const BUILTIN_GROUPS = new Set(
  [
    '',
    'apps',
    'batch',
    'autoscaling',
    'policy',
    'networking',
    'rbac.authorization',
    'admissionregistration',
    'scheduling',
    'storage',
    'coordination',
    'discovery',
    'node',
    'certificates',
    'events',
    'resource',
  ]
    .map((g) => (['', 'apps', 'batch', 'autoscaling', 'policy'].includes(g) ? g : `${g}.k8s.io`))
    .concat(['flowcontrol.apiserver.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io']),
);

function isBuiltin(apiVersion: string): boolean {
  return BUILTIN_GROUPS.has(apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
}

/** The rules, kind by kind. */
export const SEMANTIC_RULES: readonly SemanticRule[] = [
  { kinds: ['*'], rule: 'finalizers are qualified names, unique; label selectors: In/NotIn with values, Exists/DoesNotExist without, no other operator', source: META, check: metaProblems },
  {
    kinds: [VAP],
    rule: 'failurePolicy Fail|Ignore; paramKind a group-version and kind; matchConstraints with resource rules (groups, versions, resources, operations CREATE|UPDATE|DELETE|CONNECT|*, wildcards alone, scope), matchPolicy Exact|Equivalent; matchConditions ≤ 64 with unique qualified names; variables named as CEL identifiers; validations or auditAnnotations; messages on one line; reason Unauthorized|Forbidden|Invalid|RequestEntityTooLarge; ≤ 20 audit annotations with unique keys; every CEL expression parses and names only what the admission environment declares',
    source: ADMISSION,
    check: policyProblems,
  },
  {
    kinds: [VAPB],
    rule: 'policyName a DNS-1123 subdomain; validationActions Deny|Warn|Audit, at least one, unique, not Deny with Warn; paramRef name xor selector, parameterNotFoundAction Deny|Allow; matchResources as the policy’s',
    source: ADMISSION,
    check: bindingProblems,
  },
  {
    kinds: ['networking.k8s.io/v1/NetworkPolicy'],
    rule: 'policyTypes Ingress|Egress (≤ 2); port protocol TCP|UDP|SCTP; port 1–65535 or an IANA service name; endPort with a numeric port, port ≤ endPort ≤ 65535; a peer sets a selector or an ipBlock, not both; ipBlock cidr a CIDR, each except a strict subset',
    source: NETWORKING,
    check: networkPolicyProblems,
  },
  {
    kinds: ['v1/Service'],
    rule: 'type ClusterIP|NodePort|LoadBalancer|ExternalName; ports unless ExternalName or headless; port names (required when several, unique, IANA); port 1–65535; protocol TCP|UDP|SCTP; targetPort 1–65535 or a name; nodePort only for NodePort/LoadBalancer; externalName a DNS-1123 subdomain; sessionAffinity, traffic and IP family policies; selector labels',
    source: CORE,
    check: serviceProblems,
  },
  {
    kinds: ['rbac.authorization.k8s.io/v1/Role'],
    rule: 'rules: verbs non-empty; resource rules with apiGroups and resources; no nonResourceURLs in a namespaced role',
    source: RBAC,
    check: (o) => policyRuleProblems(o.rules, true),
  },
  {
    kinds: ['rbac.authorization.k8s.io/v1/ClusterRole'],
    rule: 'rules: verbs non-empty; resource rules with apiGroups and resources, or nonResourceURLs alone',
    source: RBAC,
    check: (o) => (o.aggregationRule ? [] : policyRuleProblems(o.rules, false)),
  },
  {
    kinds: ['rbac.authorization.k8s.io/v1/RoleBinding'],
    rule: 'roleRef apiGroup rbac.authorization.k8s.io, kind Role|ClusterRole, a name; subjects ServiceAccount (apiGroup "", a DNS-1123 subdomain) | User | Group (apiGroup rbac.authorization.k8s.io), named',
    source: RBAC,
    check: (o) => bindingRefProblems(o, true),
  },
  {
    kinds: ['rbac.authorization.k8s.io/v1/ClusterRoleBinding'],
    rule: 'roleRef apiGroup rbac.authorization.k8s.io, kind ClusterRole, a name; subjects as a RoleBinding’s, a ServiceAccount with its namespace',
    source: RBAC,
    check: (o) => bindingRefProblems(o, false),
  },
  {
    kinds: ['v1/ResourceQuota'],
    rule: 'hard: standard quota resource names (or domain-qualified, count/…, <class>.storageclass.storage.k8s.io/…), non-negative quantities, whole numbers for object counts; scopes known, not conflicting, tracking the hard resources',
    source: CORE,
    check: quotaProblems,
  },
  {
    kinds: ['v1/LimitRange'],
    rule: 'type Pod|Container|PersistentVolumeClaim, each once; no defaults for Pod; min or max storage for PersistentVolumeClaim; min ≤ defaultRequest ≤ default ≤ max; maxLimitRequestRatio ≥ 1 and ≥ default/defaultRequest',
    source: CORE,
    check: limitRangeProblems,
  },
  {
    kinds: ['scheduling.k8s.io/v1/PriorityClass'],
    rule: 'value ≤ 1000000000 unless a system class; the system- prefix reserved; preemptionPolicy PreemptLowerPriority|Never',
    source: SCHEDULING,
    check: priorityClassProblems,
  },
  {
    kinds: ['autoscaling/v2/HorizontalPodAutoscaler'],
    rule: '1 ≤ minReplicas ≤ maxReplicas; scaleTargetRef kind and name; metric types Object|Pods|Resource|ContainerResource|External with their member; target types and positive values; behavior selectPolicy Max|Min|Disabled, stabilization window 0–3600 s, policies Pods|Percent with value > 0 and period 1–1800 s',
    source: AUTOSCALING,
    check: hpaProblems,
  },
  {
    kinds: ['policy/v1/PodDisruptionBudget'],
    rule: 'minAvailable xor maxUnavailable, each a non-negative integer or a percentage ≤ 100%; unhealthyPodEvictionPolicy IfHealthyBudget|AlwaysAllow',
    source: POLICY,
    check: pdbProblems,
  },
  {
    kinds: ['storage.k8s.io/v1/StorageClass'],
    rule: 'provisioner a qualified name; reclaimPolicy Delete|Retain; volumeBindingMode Immediate|WaitForFirstConsumer; parameters ≤ 512 and ≤ 256 KiB',
    source: STORAGE,
    check: storageClassProblems,
  },
  { kinds: ['v1/ConfigMap'], rule: 'keys of data and binaryData: alphanumerics, -, _ and . (≤ 253, not . or .. or ..*), not in both; total ≤ 1 MiB', source: CORE, check: configMapProblems },
  {
    kinds: ['v1/Secret'],
    rule: 'keys as a ConfigMap’s; total ≤ 1 MiB; the keys a typed Secret needs (tls, dockerconfigjson, ssh-auth, basic-auth, service-account-token)',
    source: CORE,
    check: secretProblems,
  },
  { kinds: ['v1/PersistentVolumeClaim'], rule: 'accessModes known, at least one, ReadWriteOncePod alone; a positive storage request; volumeMode Filesystem|Block', source: CORE, check: pvcProblems },
  {
    kinds: ['apps/v1/Deployment'],
    rule: 'a non-empty selector that selects the template’s labels; replicas ≥ 0; strategy Recreate|RollingUpdate, not both maxUnavailable and maxSurge 0; restartPolicy Always; containers: DNS-1123 label names, unique, an image, ports 1–65535 with IANA names, env names, mounts of declared volumes, requests ≤ limits; probes: one handler, a command for exec, non-negative figures, successThreshold 1 for liveness and startup, a valid port; tolerations, topology spread and affinity terms; volumes with one source, modes ≤ 0777, relative item paths, token lifetimes ≥ 10 min; security context ids and seccomp',
    source: `${APPS}, ${CORE}`,
    check: deploymentProblems,
  },
  {
    kinds: ['batch/v1/CronJob'],
    rule: 'schedule: five fields in range or a descriptor, no TZ prefix; timeZone a known zone; concurrencyPolicy Allow|Forbid|Replace; non-negative limits; the job’s pod restartPolicy OnFailure|Never, containers as a Deployment’s',
    source: `${BATCH}, ${CORE}`,
    check: cronJobProblems,
  },
  {
    kinds: ['batch/v1/Job'],
    rule: 'non-negative counts, a positive deadline; restartPolicy OnFailure|Never, containers as a Deployment’s',
    source: `${BATCH}, ${CORE}`,
    check: (o) => jobSpecProblems('/spec', o.spec),
  },
];

/** The problems the API server's validation code would report for an object on create (empty when it would accept it). */
export function semanticProblems(obj: ApiObject, options: SemanticOptions = {}): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const builtin = isBuiltin(obj.apiVersion);
  return SEMANTIC_RULES.filter((r) => r.kinds.includes(key) || (builtin && r.kinds.includes('*'))).flatMap((r) => r.check(obj as Obj, options));
}

/** Every kind some rule covers. */
export const SEMANTIC_KINDS: readonly string[] = [...new Set(SEMANTIC_RULES.flatMap((r) => r.kinds))].filter((k) => k !== '*').sort();
