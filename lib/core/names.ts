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

/**
 * The key of a tenant placement in Terraform addresses: its cluster, and for an edge placement its zone
 * (`<cluster>--edge-<zone>`), so that a department's home and edge namespaces on one cluster never share an address.
 */
export function placementKey(p: { readonly kind?: string; readonly cluster: { readonly name: string }; readonly edgeZone?: string; readonly namespace: string }): string {
  return p.kind === 'edge' ? `${p.cluster.name}--edge-${p.edgeZone ?? p.namespace}` : p.cluster.name;
}
