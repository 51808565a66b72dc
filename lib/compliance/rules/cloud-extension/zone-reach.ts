/**
 * Which namespace can open connections to which, computed from the NetworkPolicies as Kubernetes enforces them: a
 * connection needs the source's egress and the destination's ingress to allow it; a namespace whose pods no policy
 * restricts in a direction allows everything in it.
 */
import { Labels } from '../../../core/labels';
import { Cidr, cidrRanges, cidrWithin, parseCidr, rangesOverlap, type AddressRange } from '../../../private/cidr';
import type { RuleContext } from '../../resource-view';
import { isEmptySelector, policiesIn, policyRules, policyTypes, selectorMatches, type PolicyRuleRef } from '../support';

const PRIVATE_SPACE: readonly AddressRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].flatMap((c) => cidrRanges(parseCidr(c) as Cidr));

/**
 * Per view: what zone reach computes again and again for the same namespaces (MLPS3-30 asks every business namespace
 * of a cluster about each management namespace: thousands of pairs sharing a few sides).
 */
interface ReachCache {
  /** `<cluster>\0<name>` → the namespace's labels with its name label. */
  readonly labels: Map<string, Record<string, string>>;
  /** `<cluster>\0<namespace>\0<direction>` → the namespace's rules in that direction, or null when nothing closes it. */
  readonly sides: Map<string, readonly PolicyRuleRef[] | null>;
  /** `<cluster>\0<cidr>` → whether the block reaches pods. */
  readonly blocks: Map<string, boolean>;
}
const CACHE = new WeakMap<RuleContext, ReachCache>();
function cacheOf(ctx: RuleContext): ReachCache {
  let c = CACHE.get(ctx);
  if (!c) CACHE.set(ctx, (c = { labels: new Map(), sides: new Map(), blocks: new Map() }));
  return c;
}

/** A namespace's labels, with the name label Kubernetes sets on every namespace (shared: read, never change). */
export function labelsOfNamespace(ctx: RuleContext, cluster: string, name: string): Record<string, string> {
  const cache = cacheOf(ctx).labels;
  const key = `${cluster}\u0000${name}`;
  let labels = cache.get(key);
  if (!labels) cache.set(key, (labels = { ...(ctx.namespace(cluster, name)?.object?.metadata.labels ?? {}), [Labels.NAMESPACE_NAME]: name }));
  return labels;
}

/**
 * Whether an address block reaches pods: it overlaps the cluster's pod network, or private space when none is declared;
 * a block inside the API server's declared addresses (checked to lie outside the pod network) does not.
 */
function blockReachesPods(ctx: RuleContext, cluster: string, block: any): boolean {
  const cidr: unknown = block?.cidr;
  if (typeof cidr !== 'string') return uncachedBlockReachesPods(ctx, cluster, cidr);
  const cache = cacheOf(ctx).blocks;
  const key = `${cluster}\u0000${cidr}`;
  let reaches = cache.get(key);
  if (reaches === undefined) cache.set(key, (reaches = uncachedBlockReachesPods(ctx, cluster, cidr)));
  return reaches;
}

function uncachedBlockReachesPods(ctx: RuleContext, cluster: string, cidr: unknown): boolean {
  const c = parseCidr(cidr as string);
  if (typeof c === 'string') return false;
  const api = ctx.apiServerCidrs(cluster).map((x) => parseCidr(x) as Cidr);
  if (api.some((a) => cidrWithin(c, a))) return false;
  const pods = ctx.clusterNetworks(cluster)?.pods ?? [];
  const space = pods.length > 0 ? pods.flatMap((p) => (typeof parseCidr(p) === 'string' ? [] : cidrRanges(parseCidr(p) as Cidr))) : PRIVATE_SPACE;
  return rangesOverlap(cidrRanges(c), space);
}

/** The rules in `direction` of the policies of a namespace that apply in it, or null when no policy closes every pod. */
function closingRules(ctx: RuleContext, cluster: string, own: string, direction: 'ingress' | 'egress'): readonly PolicyRuleRef[] | null {
  const cache = cacheOf(ctx).sides;
  const key = `${cluster}\u0000${own}\u0000${direction}`;
  let rules = cache.get(key);
  if (rules === undefined) {
    const type = direction === 'ingress' ? 'Ingress' : 'Egress';
    const policies = policiesIn(ctx, cluster, own).filter((np) => policyTypes(np).has(type));
    // Pods no policy selects are not isolated: only a policy over every pod closes the namespace.
    rules = policies.some((np) => isEmptySelector(((np.spec ?? {}) as any).podSelector ?? {})) ? policies.flatMap((np) => policyRules(np).filter((x) => x.direction === direction)) : null;
    cache.set(key, rules);
  }
  return rules;
}

/**
 * Whether the policies of namespace `own` let traffic in `direction` with namespace `other`: unrestricted when no
 * policy restricts every pod in that direction; otherwise when some rule of a policy for that direction names a peer
 * that matches `other` (namespace selector, the own namespace for a bare pod selector, or an address block over pods).
 */
export function allowsWith(ctx: RuleContext, cluster: string, own: string, other: string, direction: 'ingress' | 'egress'): boolean {
  const rules = closingRules(ctx, cluster, own, direction);
  if (rules === null) return true;
  const labels = labelsOfNamespace(ctx, cluster, other);
  return rules.some(
    (rule) =>
      rule.allPeers ||
      rule.peers.some((p: any) => {
        if (p?.ipBlock) return blockReachesPods(ctx, cluster, p.ipBlock);
        if (p?.namespaceSelector === undefined) return other === own;
        return selectorMatches(labels, p.namespaceSelector);
      }),
  );
}

/** Whether pods of namespace `from` can open connections to pods of namespace `to` on `cluster`. */
export function canConnect(ctx: RuleContext, cluster: string, from: string, to: string): boolean {
  return allowsWith(ctx, cluster, from, to, 'egress') && allowsWith(ctx, cluster, to, from, 'ingress');
}
