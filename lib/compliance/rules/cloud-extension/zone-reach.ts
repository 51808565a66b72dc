/**
 * Which namespace can open connections to which, computed from the NetworkPolicies as Kubernetes enforces them: a
 * connection needs the source's egress and the destination's ingress to allow it; a namespace whose pods no policy
 * restricts in a direction allows everything in it.
 */
import { Labels } from '../../../core/labels';
import { Cidr, cidrRanges, cidrWithin, parseCidr, rangesOverlap, type AddressRange } from '../../../private/cidr';
import type { RuleContext } from '../../resource-view';
import { isEmptySelector, policiesIn, policyRules, policyTypes, selectorMatches } from '../support';

const PRIVATE_SPACE: readonly AddressRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].flatMap((c) => cidrRanges(parseCidr(c) as Cidr));

/** A namespace's labels, with the name label Kubernetes sets on every namespace. */
export function labelsOfNamespace(ctx: RuleContext, cluster: string, name: string): Record<string, string> {
  return { ...(ctx.namespace(cluster, name)?.object?.metadata.labels ?? {}), [Labels.NAMESPACE_NAME]: name };
}

/**
 * Whether an address block reaches pods: it overlaps the cluster's pod network, or private space when none is declared;
 * a block inside the API server's declared addresses (checked to lie outside the pod network) does not.
 */
function blockReachesPods(ctx: RuleContext, cluster: string, block: any): boolean {
  const c = parseCidr(block?.cidr);
  if (typeof c === 'string') return false;
  const api = ctx.apiServerCidrs(cluster).map((x) => parseCidr(x) as Cidr);
  if (api.some((a) => cidrWithin(c, a))) return false;
  const pods = ctx.clusterNetworks(cluster)?.pods ?? [];
  const space = pods.length > 0 ? pods.flatMap((p) => (typeof parseCidr(p) === 'string' ? [] : cidrRanges(parseCidr(p) as Cidr))) : PRIVATE_SPACE;
  return rangesOverlap(cidrRanges(c), space);
}

/**
 * Whether the policies of namespace `own` let traffic in `direction` with namespace `other`: unrestricted when no
 * policy restricts every pod in that direction; otherwise when some rule of a policy for that direction names a peer
 * that matches `other` (namespace selector, the own namespace for a bare pod selector, or an address block over pods).
 */
export function allowsWith(ctx: RuleContext, cluster: string, own: string, other: string, direction: 'ingress' | 'egress'): boolean {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const policies = policiesIn(ctx, cluster, own).filter((np) => policyTypes(np).has(type));
  // Pods no policy selects are not isolated: only a policy over every pod closes the namespace.
  if (!policies.some((np) => isEmptySelector(((np.spec ?? {}) as any).podSelector ?? {}))) return true;
  const labels = labelsOfNamespace(ctx, cluster, other);
  return policies.some((np) =>
    policyRules(np)
      .filter((x) => x.direction === direction)
      .some(
        (rule) =>
          rule.allPeers ||
          rule.peers.some((p: any) => {
            if (p?.ipBlock) return blockReachesPods(ctx, cluster, p.ipBlock);
            if (p?.namespaceSelector === undefined) return other === own;
            return selectorMatches(labels, p.namespaceSelector);
          }),
      ),
  );
}

/** Whether pods of namespace `from` can open connections to pods of namespace `to` on `cluster`. */
export function canConnect(ctx: RuleContext, cluster: string, from: string, to: string): boolean {
  return allowsWith(ctx, cluster, from, to, 'egress') && allowsWith(ctx, cluster, to, from, 'ingress');
}
