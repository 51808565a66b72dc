import { urlCredential } from './credentials';
import { LandingZoneError, stringOf } from './errors';

/** Namespaces a tenant may never take: Kubernetes' own and the landing zone's. */
export const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Prefixes reserved for the platform: `kube-` (Kubernetes) and `gov-lz-` (this library's hub namespaces). */
export const RESERVED_NAMESPACE_PREFIXES: readonly string[] = ['kube-', 'gov-lz-', 'openshift-'];

/** Namespaces the hub itself creates on every cluster. */
export const HubNamespaces = {
  /** Platform controllers and the landing zone's own service accounts. */
  SYSTEM: 'gov-lz-system',
  /** The hub ingress gateway: the only way into tenant namespaces from outside. */
  GATEWAY: 'gov-lz-gateway',
  /** Shared middleware instances (the shelf). */
  MIDDLEWARE: 'gov-lz-middleware',
} as const;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The rules a landing-zone code obeys; see {@link checkCode}. */
export interface CodeRules {
  /** Longest allowed code. */
  readonly maxLength: number;
  /** What the code names, for messages ("tenant code", "cluster name"). */
  readonly what: string;
}

/**
 * Checks a code (province, site, cluster, industry cloud, tenant) and returns what is wrong, or undefined.
 *
 * Codes are DNS-1123 labels that also start with a letter and hold no `--`: they become namespace
 * names, Terraform addresses (`<tenant>--<cluster>`), stack names and, later, database and user names.
 */
export function checkCode(value: unknown, rules: CodeRules): string | undefined {
  if (typeof value !== 'string') return `${rules.what} must be a string`;
  if (value.length === 0) return `${rules.what} is empty`;
  if (value.length > rules.maxLength) return `${rules.what} is ${value.length} characters long; at most ${rules.maxLength} are allowed`;
  if (!DNS1123_LABEL.test(value)) return `${rules.what} must be lower-case letters, digits and '-' (a DNS-1123 label), starting and ending with a letter or digit`;
  if (!/^[a-z]/.test(value)) return `${rules.what} must start with a letter`;
  if (value.includes('--')) return `${rules.what} must not contain '--' (it separates parts of Terraform addresses)`;
  return undefined;
}

/** Suggests a valid code for a wrong one: lower-cased, invalid characters replaced, trimmed. */
export function suggestCode(value: unknown, maxLength: number): string {
  const s = String(value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return s.length > 0 ? s : 'dept1';
}

/** Whether a namespace name is reserved for Kubernetes or the hub. */
export function isReservedNamespace(name: string): boolean {
  return RESERVED_NAMESPACES.includes(name) || RESERVED_NAMESPACE_PREFIXES.some((p) => name.startsWith(p));
}

/** Limits on the codes, chosen so every derived name stays within Kubernetes and Terraform limits. */
export const CodeLimits = {
  PROVINCE: 12,
  SITE: 30,
  CLUSTER: 30,
  INDUSTRY: 20,
  /** Tenant codes become namespace names and PostgreSQL/Kafka user names (63 bytes at most). */
  TENANT: 40,
} as const;

/** Longest network rule name: `<direction>-<name>` names a NetworkPolicy and ends a Terraform address. */
export const NETWORK_RULE_NAME_MAX_LENGTH = 50;

/**
 * A construct (or stack) id for a code that may be anything a JavaScript caller passes: the code itself when it can
 * be an id (a non-empty string without whitespace or `/`; cdktf refuses whitespace in stack ids; `<code>_` for the
 * names of Object.prototype), else `placeholder`.
 * The code's own check reports what is wrong with it, with every other problem, at the gate.
 */
export function constructIdFor(code: unknown, placeholder: string): string {
  if (typeof code !== 'string' || !/^[^\s/]+$/.test(code)) return placeholder;
  // A name Object.prototype has (`constructor`, `__proto__`, `toString`…): the constructs library keeps children in a
  // plain object and would take it for a child that exists. `constructor` is a valid code: its id gets a suffix.
  return code in Object.prototype ? `${code}_` : code;
}

/** What a construct scope offers {@link constructId}: the constructs library's `node` (path, children, lock). */
interface ScopeNode {
  readonly node: { readonly path: string; readonly locked: boolean; tryFindChild(id: string): unknown };
}

function isScope(x: unknown): x is ScopeNode {
  const node = x !== null && typeof x === 'object' ? (x as { node?: unknown }).node : undefined;
  return node !== null && typeof node === 'object' && typeof (node as { tryFindChild?: unknown }).tryFindChild === 'function';
}

/**
 * The id of a construct the library makes, checked before `super(scope, id)` runs: a LandingZoneError naming the scope
 * path, the id and the fix instead of the constructs library's plain Error (or a TypeError) for a scope that is no
 * construct, an id that is not a non-empty string, a name Object.prototype has (`constructor`, `__proto__`,
 * `toString`…: the constructs library keeps children in a plain object and takes these for children that exist), an
 * id the scope already has a child of (`a/b` and `a--b` are one id there) and a scope that is synthesizing.
 * Returns the id unchanged when it is fine. `what` names the construct for the message ("tenant", "province hub").
 */
export function constructId(scope: unknown, id: unknown, what: string): string {
  const fail = (path: string, code: string, message: string, fix: string): never => {
    throw new LandingZoneError([{ path, code, value: id, message, fix }], `the ${what} could not be made`);
  };
  const idText = typeof id === 'string' ? id : String(typeof id === 'symbol' ? id.description : stringOf(id));
  if (!isScope(scope)) {
    return fail(
      idText || `(${what})`,
      'invalid-scope',
      `the scope of a ${what} must be a construct (an App, a stack or a construct of this library); got ${scope === null ? 'null' : typeof scope}`,
      `pass the construct to make the ${what} in as the first argument, e.g. new LandingZoneStack(app, 'zj-city')`,
    );
  }
  const at = (s: string) => (scope.node.path ? `${scope.node.path}/${s}` : s);
  const suggestion = suggestId(id, what);
  if (typeof id !== 'string')
    return fail(at(`(${typeof id})`), 'invalid-name', `the id of a ${what} must be a string; got ${id === null ? 'null' : typeof id}`, `give a text id, e.g. '${suggestion}'`);
  if (id.length === 0) return fail(at('(empty id)'), 'invalid-name', `the id of a ${what} is empty; only the App has an empty id`, `give a non-empty id, e.g. '${suggestion}'`);
  if (id in Object.prototype) {
    return fail(
      at(id),
      'invalid-name',
      `"${id}" is the name of a property every JavaScript object has; the constructs library keeps children by name in a plain object and would take it for a child that exists`,
      `use another id, e.g. '${suggestion}'`,
    );
  }
  // An id names the construct's path in every report (compliance.json, review.md, manifest.json); constructs turns its
  // '/' into '--', so the output scan no longer sees a URL there: a credential is refused here, before it is written.
  const credential = urlCredential(id);
  if (credential) {
    return fail(
      at(id.replace(/\//g, '--')),
      'credential-in-id',
      `the id of a ${what} is a URL and ${credential}; ids are written to every report of cdktf.out`,
      `give a plain name, e.g. '${suggestId(id.replace(/^[a-z][a-z0-9+.-]*:\/\/[^@]*@/i, '').replace(/[^A-Za-z0-9_-]+/g, '-'), what)}'`,
    );
  }
  if (scope.node.locked) return fail(at(id), 'construct-after-synth', `the ${what} is made while ${scope.node.path || 'the app'} is synthesizing`, `make every construct before app.synth() runs`);
  if (scope.node.tryFindChild(id) !== undefined) {
    return fail(
      at(id.replace(/\//g, '--')),
      'duplicate',
      `${scope.node.path || 'the app'} already has a construct with the id "${id}"${id.includes('/') ? " ('/' in an id reads as '--')" : ''}`,
      `give each ${what} its own id, e.g. '${id.replace(/\//g, '-')}-2'`,
    );
  }
  return id;
}

/** An id to suggest for a wrong one. */
function suggestId(id: unknown, what: string): string {
  const base = typeof id === 'string' ? id.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') : '';
  const fallback = what.replace(/[^a-z]+/gi, '-').toLowerCase();
  if (base === '') return fallback;
  return base in Object.prototype ? `${base}-${fallback}` : base;
}

/**
 * The key of a tenant placement in Terraform addresses: its cluster, and for an edge placement its zone
 * (`<cluster>--edge-<zone>`), so that a department's home and edge namespaces on one cluster never share an address.
 */
export function placementKey(p: { readonly kind?: string; readonly cluster: { readonly name: string }; readonly edgeZone?: string; readonly namespace: string }): string {
  return p.kind === 'edge' ? `${p.cluster.name}--edge-${p.edgeZone ?? p.namespace}` : p.cluster.name;
}
