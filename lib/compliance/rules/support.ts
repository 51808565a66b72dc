/** Helpers the rules share: namespace roles, network policy anatomy, RBAC rules, images, regions. */
import { Labels } from '../../core/labels';
import { HubNamespaces } from '../../core/names';
import { cidrRanges, familiesCovered, parseCidr } from '../../private/cidr';
import { asList, K8sObject } from '../k8s-object';
import type { ClusterSubject, RuleContext, ViewResource, Zone } from '../resource-view';
import { isUnderAny } from '../suppressions';

/** Whether a Namespace object belongs to a tenant (department). */
export function isTenantNamespace(ns: K8sObject | undefined): boolean {
  return !!ns && typeof ns.metadata.labels[Labels.TENANT] === 'string' && ns.metadata.labels[Labels.TENANT] !== '';
}

/** The zone label of a Namespace object. */
export function zoneLabel(ns: K8sObject | undefined): string | undefined {
  return ns?.metadata.labels[Labels.ZONE];
}

/** The namespace a namespaced object is in, as declared. */
export function namespaceOf(r: ViewResource): string | undefined {
  return r.object?.metadata.namespace;
}

/** A NetworkPolicy's rule lists, direction by direction. */
export interface PolicyRuleRef {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly peers: any[];
  readonly ports: any[];
  /** Whether the rule lists no peers (it then allows every source or destination). */
  readonly allPeers: boolean;
}

/** The ingress and egress rules of a NetworkPolicy object. */
export function policyRules(np: K8sObject): PolicyRuleRef[] {
  const spec = (np.spec ?? {}) as Record<string, any>;
  const out: PolicyRuleRef[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    asList(spec[direction]).forEach((rule: any, index: number) => {
      const peers = asList(rule?.[direction === 'ingress' ? 'from' : 'to']);
      out.push({ direction, index, peers, ports: asList(rule?.ports), allPeers: peers.length === 0 });
    });
  }
  return out;
}

/** Whether a label selector is empty (selects everything). */
export function isEmptySelector(sel: any): boolean {
  if (sel === undefined || sel === null) return false;
  const ml = sel.matchLabels;
  const me = sel.matchExpressions;
  return (ml === undefined || Object.keys(ml).length === 0) && (me === undefined || asList(me).length === 0);
}

/** The policy types of a NetworkPolicy, with Kubernetes' defaulting (Ingress always; Egress when egress rules exist). */
export function policyTypes(np: K8sObject): Set<string> {
  const spec = (np.spec ?? {}) as Record<string, any>;
  const declared = asList(spec.policyTypes).map(String);
  if (declared.length > 0) return new Set(declared);
  const out = new Set(['Ingress']);
  if (asList(spec.egress).length > 0) out.add('Egress');
  return out;
}

/** Whether a policy selects every pod of its namespace and denies the given direction by default (no rule in it). */
export function deniesByDefault(np: K8sObject, direction: 'Ingress' | 'Egress'): boolean {
  const spec = (np.spec ?? {}) as Record<string, any>;
  if (!isEmptySelector(spec.podSelector ?? {})) return false;
  if (!policyTypes(np).has(direction)) return false;
  return asList(spec[direction === 'Ingress' ? 'ingress' : 'egress']).length === 0;
}

/** Whether a policy selects every pod of its namespace and restricts the direction (default deny, or allow rules only). */
export function restrictsAll(np: K8sObject, direction: 'Ingress' | 'Egress'): boolean {
  const spec = (np.spec ?? {}) as Record<string, any>;
  return isEmptySelector(spec.podSelector ?? {}) && policyTypes(np).has(direction);
}

const POLICIES = new WeakMap<readonly ViewResource[], K8sObject[]>();

/** NetworkPolicies in one namespace of one cluster (listed once per namespace: rules ask for every policy and namespace). */
export function policiesIn(ctx: RuleContext, cluster: string, namespace: string): K8sObject[] {
  const inside = ctx.inNamespace(cluster, namespace);
  let out = POLICIES.get(inside);
  if (!out) {
    out = inside.filter((r) => r.kind === 'NetworkPolicy' && r.object).map((r) => r.object!);
    POLICIES.set(inside, out);
  }
  return out;
}

/** Namespace names a peer's namespaceSelector pins by `kubernetes.io/metadata.name` (In or matchLabels); undefined when it does not pin names. */
export function pinnedNamespaces(sel: any): string[] | undefined {
  if (!sel || typeof sel !== 'object') return undefined;
  const names = new Set<string>();
  let pinned = false;
  const ml = sel.matchLabels ?? {};
  if (typeof ml[Labels.NAMESPACE_NAME] === 'string') {
    names.add(ml[Labels.NAMESPACE_NAME]);
    pinned = true;
  }
  for (const e of asList(sel.matchExpressions)) {
    if (e?.key === Labels.NAMESPACE_NAME && e?.operator === 'In') {
      const vals = asList(e.values).map(String);
      if (pinned) {
        for (const n of [...names]) if (!vals.includes(n)) names.delete(n);
      } else vals.forEach((v) => names.add(v));
      pinned = true;
    }
  }
  return pinned ? [...names] : undefined;
}

/**
 * Whether a CIDR covers every address of a family: `0.0.0.0/0`, `::/0`, and `::ffff:0:0/96` (every IPv4 address
 * written the IPv6 way).
 */
export function isAnyAddress(cidr: unknown): boolean {
  if (typeof cidr === 'string' && /\/0$/.test(cidr.trim())) return true;
  const c = parseCidr(cidr);
  return typeof c !== 'string' && familiesCovered(cidrRanges(c)).length > 0;
}

/** The address families (`IPv4`, `IPv6`) a set of blocks covers together, e.g. `0.0.0.0/1` and `128.0.0.0/1`. */
export function familiesCoveredBy(cidrs: readonly unknown[]): string[] {
  const ranges = cidrs.flatMap((c) => {
    const parsed = parseCidr(c);
    return typeof parsed === 'string' ? [] : cidrRanges(parsed);
  });
  return familiesCovered(ranges).map((f) => (f === 'ipv4' ? 'IPv4' : 'IPv6'));
}

/** One ipBlock peer of a NetworkPolicy rule. */
export interface IpBlockPeer {
  readonly direction: 'ingress' | 'egress';
  /** 0-based index of the rule. */
  readonly rule: number;
  readonly cidr: unknown;
  readonly except: unknown[];
}

/** The ipBlock peers of a NetworkPolicy, rule by rule. */
export function ipBlocksOf(np: K8sObject): IpBlockPeer[] {
  const out: IpBlockPeer[] = [];
  for (const rule of policyRules(np)) {
    for (const p of rule.peers) {
      if (p && typeof p === 'object' && p.ipBlock !== undefined && p.ipBlock !== null)
        out.push({ direction: rule.direction, rule: rule.index, cidr: p.ipBlock.cidr, except: asList(p.ipBlock.except) });
    }
  }
  return out;
}

/** A namespace's address blocks: every one with its policy, by policy, and the families all of them cover per direction. */
interface NamespaceBlocks {
  readonly all: Array<{ policy: ViewResource; block: IpBlockPeer }>;
  readonly byPolicy: Map<ViewResource, IpBlockPeer[]>;
  readonly together: Map<string, string[]>;
}
const NAMESPACE_BLOCKS = new WeakMap<object, Map<string, NamespaceBlocks>>();

/**
 * The address families the ipBlock peers of a NetworkPolicy open in a direction, alone or as a necessary part of
 * what its namespace's policies open together (policies add up: `0.0.0.0/1` in one and `128.0.0.0/1` in another are
 * `0.0.0.0/0`). A policy whose blocks the namespace could do without is not named; empty when nothing is whole.
 */
export function wholeSpaceOpenedBy(ctx: RuleContext, r: ViewResource, direction: 'ingress' | 'egress'): string[] {
  const ns = r.object?.metadata.namespace;
  if (!r.object || ns === undefined) return [];
  let byNs = NAMESPACE_BLOCKS.get(ctx);
  if (!byNs) {
    byNs = new Map();
    NAMESPACE_BLOCKS.set(ctx, byNs);
  }
  const key = `${r.cluster}/${ns}`;
  let blocks = byNs.get(key);
  if (!blocks) {
    // Indexed once per namespace: a hub namespace holds thousands of policies, each asking about the others.
    const all = ctx
      .inNamespace(r.cluster, ns)
      .filter((x) => x.kind === 'NetworkPolicy' && x.object)
      .flatMap((policy) => ipBlocksOf(policy.object!).map((block) => ({ policy, block })));
    const byPolicy = new Map<ViewResource, IpBlockPeer[]>();
    for (const x of all) {
      const l = byPolicy.get(x.policy);
      if (l) l.push(x.block);
      else byPolicy.set(x.policy, [x.block]);
    }
    byNs.set(key, (blocks = { all, byPolicy, together: new Map() }));
  }
  const mine = (blocks.byPolicy.get(r) ?? []).filter((b) => b.direction === direction);
  if (mine.length === 0) return [];
  const alone = familiesCoveredBy(mine.map((b) => b.cidr));
  if (alone.length > 0) return alone;
  let together = blocks.together.get(direction);
  if (!together) blocks.together.set(direction, (together = familiesCoveredBy(blocks.all.filter((x) => x.block.direction === direction).map((x) => x.block.cidr))));
  if (together.length === 0) return [];
  const without = familiesCoveredBy(blocks.all.filter((x) => x.block.direction === direction && x.policy !== r).map((x) => x.block.cidr));
  return together.filter((f) => !without.includes(f));
}

/** The hub's own namespaces (gov-lz-*). */
export function isHubNamespace(name: string): boolean {
  return name.startsWith('gov-lz-') || (Object.values(HubNamespaces) as string[]).includes(name);
}

/** Zones whose namespaces hold business workloads or data (they must be isolated). */
export function isBusinessZone(z: string | undefined): z is Zone {
  return z === 'app' || z === 'data';
}

/** An RBAC rule in API form. */
export interface PolicyRuleView {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
  readonly nonResourceURLs: string[];
}

/** The rules of a Role or ClusterRole object. */
export function rbacRules(role: K8sObject): PolicyRuleView[] {
  // A typed resource may write one `rule` block as an object rather than a list: it still grants.
  return [...asList(role.rules), ...asList(role.rule)].map((r: any) => ({
    apiGroups: asList(r?.apiGroups).map(String),
    resources: asList(r?.resources).map(String),
    verbs: asList(r?.verbs).map(String),
    resourceNames: asList(r?.resourceNames).map(String),
    nonResourceURLs: asList(r?.nonResourceURLs).map(String),
  }));
}

/** The subjects of a RoleBinding or ClusterRoleBinding object. */
export function bindingSubjects(b: K8sObject): Array<{ kind: string; name: string; namespace?: string }> {
  // Every subject, however written: a typed resource may give one `subject` block as an object rather than a list.
  return [...asList(b.subjects), ...asList(b.subject)].map((s: any) => ({
    kind: String(s?.kind ?? ''),
    name: String(s?.name ?? ''),
    namespace: typeof s?.namespace === 'string' && s.namespace !== '' ? s.namespace : undefined,
  }));
}

/**
 * The department a namespace belongs to: a tenant of the app or of a published hub (by code), else whatever tenant
 * the namespace's own label claims (a claim only ever adds findings; MLPS3-28 reports a false one).
 */
export function namespaceTenant(ctx: RuleContext, cluster: string, namespace: string): string | undefined {
  const owner = ctx.namespaceOwner(namespace)?.code;
  if (owner !== undefined) return owner;
  const ns = ctx.namespace(cluster, namespace)?.object;
  return isTenantNamespace(ns) ? ns!.metadata.labels[Labels.TENANT] : undefined;
}

/** What a binding subject stands for, as far as tenant isolation goes. */
export interface SubjectReach {
  /** Codes of the departments the subject belongs to (its groups, its service accounts, `system:serviceaccounts:<ns>`). */
  readonly tenants: readonly string[];
  /** Set when the subject stands for every service account or user of the cluster (departments' included). */
  readonly everyone?: string;
}

/**
 * Whom a subject of a binding (in namespace `bindingNamespace`, or cluster-wide) stands for: the departments whose
 * groups, service accounts or service-account group (`system:serviceaccounts:<namespace>`) it names.
 */
export function subjectReach(s: { kind: string; name: string; namespace?: string }, bindingNamespace: string | undefined, ctx: RuleContext, cluster: string): SubjectReach {
  const owner = (ns: string | undefined) => {
    if (ns === undefined) return [];
    const code = namespaceTenant(ctx, cluster, ns);
    return code === undefined ? [] : [code];
  };
  if (s.kind === 'Group') {
    if (s.name === 'system:serviceaccounts') return { tenants: [], everyone: 'every service account of the cluster, those of every department included' };
    if (PUBLIC_GROUPS.has(s.name)) return { tenants: [], everyone: 'every caller' };
    const sa = /^system:serviceaccounts:(.+)$/.exec(s.name);
    if (sa) return { tenants: owner(sa[1]) };
    return { tenants: ctx.tenantsOfGroup(s.name) };
  }
  if (s.kind === 'ServiceAccount') return { tenants: owner(s.namespace ?? bindingNamespace) };
  if (s.kind === 'User') {
    const sa = /^system:serviceaccount:([^:]+):/.exec(s.name);
    if (sa) return { tenants: owner(sa[1]) };
  }
  return { tenants: [] };
}

/** The roleRef of a binding. */
export function roleRefOf(b: K8sObject): { kind: string; name: string } {
  const r = (b.roleRef ?? {}) as Record<string, unknown>;
  return { kind: String(r.kind ?? ''), name: String(r.name ?? '') };
}

/** Groups no binding may name: every caller, authenticated or not. */
export const PUBLIC_GROUPS: ReadonlySet<string> = new Set(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);

/** Ports an attacker looks for first (catalog row 17: ssh, telnet, RDP, docker, kubelet, etcd). */
export const HIGH_RISK_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [2375, 'Docker API'],
  [2376, 'Docker API (TLS)'],
  [10250, 'kubelet API'],
  [10255, 'kubelet read-only API'],
  [2379, 'etcd client'],
  [2380, 'etcd peer'],
]);

/** Registry host (with port) of an image reference; `docker.io` for bare names. */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

/** Whether an image is pinned by digest or carries a tag other than `latest`. */
export function imagePinned(image: string): { pinned: boolean; why?: string } {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return { pinned: true };
  const last = image.split('/').pop() ?? image;
  const colon = last.lastIndexOf(':');
  if (colon < 0) return { pinned: false, why: 'has no tag (it means :latest)' };
  if (last.slice(colon + 1) === 'latest') return { pinned: false, why: 'uses the :latest tag' };
  return { pinned: true };
}

/** The host (and port) a Helm chart repository URL names, without any userinfo; undefined for local paths. */
export function repositoryHost(repository: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)/i.exec(repository.trim());
  return m ? m[1].slice(m[1].lastIndexOf('@') + 1).toLowerCase() : undefined;
}

/** Whether `host` is the hub registry (host and optional port of `registry`). */
export function isHubRegistry(host: string, registry: string): boolean {
  const hubHost = registry.split('/')[0].toLowerCase();
  return host.toLowerCase() === hubHost;
}

/**
 * Mainland-China cloud regions (catalog row 29). Hong Kong and Macau regions are left out: transfers there are
 * usually treated as cross-border (confirm with counsel).
 */
export function isMainlandRegion(region: string): boolean {
  const r = region.trim().toLowerCase();
  if (/hongkong|hong-kong|macau|macao/.test(r)) return false;
  if (/^cn-/.test(r)) return true; // Alibaba Cloud, Huawei Cloud, Volcengine, AWS China (cn-north-1, cn-northwest-1)
  if (/^ap-(beijing|shanghai|guangzhou|chengdu|chongqing|nanjing|shenzhen-fsi|shanghai-fsi|beijing-fsi)$/.test(r)) return true; // Tencent Cloud
  if (/^china(north|east)\d*$/.test(r)) return true; // Azure operated by 21Vianet
  return false;
}

/** Walks a JSON value, calling `visit(key, value, path)` for every property. */
export function walk(value: unknown, visit: (key: string, v: unknown, path: string) => void, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    visit(k, v, p);
    walk(v, visit, p);
  }
}

/** `the NetworkPolicy "allow-x" in namespace "wjw" on cluster "hz-a-core"`. */
export function describe(r: ViewResource): string {
  const o = r.object;
  const what = o ? `${o.kind} "${o.metadata.name ?? r.name}"${o.metadata.namespace ? ` in namespace "${o.metadata.namespace}"` : ''}` : r.address;
  // An object rendered from a Helm chart: the release that installs it and the template it comes from.
  const from = r.chart ? ` (Helm release ${r.chart.release.address}, ${r.chart.source})` : '';
  return r.cluster ? `${what}${from} on cluster "${r.cluster}"` : `${what}${from}`;
}

/**
 * Resources of a kind on a hub's cluster, leaving out those another hub of the app owns: two provinces in one app
 * may reuse cluster codes, and each hub's roles and agents are its own.
 */
export function onHubCluster(ctx: RuleContext, c: ClusterSubject, kind: string): ViewResource[] {
  const others = ctx.hubs.filter((h) => h !== c.hub).flatMap((h) => h.scopes);
  return ctx.ofKind(kind).filter((r) => r.cluster === c.cluster.name && !isUnderAny(r.path, others));
}

/** Whether a label selector selects an object with these labels (an empty selector selects everything). */
// A label selector as read from the synthesized JSON: checked field by field.

export function selectorMatches(labels: Readonly<Record<string, string>>, sel: any): boolean {
  if (sel === null || typeof sel !== 'object') return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const vals: unknown[] = Array.isArray(e?.values) ? e.values : [];
    if (e?.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e?.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e?.operator === 'Exists' && !has) return false;
    if (e?.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
