/**
 * Who may reach private services from where. A tenant namespace on a PUBLIC cluster (its burst landing
 * zone, or a home cluster of a GENERAL industry cloud) reaches the private side only through the dedicated
 * line (专线) to the private API gateway; it never opens a path to private middleware or namespaces.
 *
 * Contract for grants (shared middleware, `grantConnect`): open the middleware only on
 * {@link privateServiceClusters}(tenant) — pass them as the rule's `clusters` — and copy no credentials to
 * any other placement. A rule that lands on a public placement with any other peer is a synth error.
 */
import type { ICluster, IProvinceHub, ITenant, NetworkPeer, NetworkRule, TenantPlacement } from '../core/contracts';
import { CloudKind } from '../core/enums';
import { Cidr, cidrWithin, parseCidr } from '../private/cidr';

/** Whether a placement is the public cluster a tenant bursts to. */
export function isBurstPlacement(placement: TenantPlacement): boolean {
  return placement.kind === 'burst';
}

/** Whether a cluster is on a public cloud. */
export function isPublicCluster(cluster: ICluster): boolean {
  return CloudKind.parse(cluster.cloud)?.value === CloudKind.PUBLIC.value;
}

/** Whether a placement is a county edge zone's namespace. */
export function isEdgePlacement(placement: TenantPlacement): boolean {
  return placement.kind === 'edge';
}

/**
 * Whether a tenant network rule lands on a placement: a rule that names its clusters lands on those; one
 * that does not lands on the tenant's own (industry-cloud) clusters, never on its burst placement. Rules never land
 * in an edge zone's namespace: it keeps the default policies only (its zone may not even enforce them).
 */
export function ruleAppliesTo(rule: NetworkRule, placement: TenantPlacement): boolean {
  if (isEdgePlacement(placement)) return false;
  if (rule.clusters) return rule.clusters.includes(placement.cluster.name);
  return !isBurstPlacement(placement);
}

/**
 * The clusters on which a tenant's namespace may reach private services (shared middleware) directly:
 * its placements on PRIVATE clusters. Never a public cluster, never its burst placement, never an edge zone.
 */
export function privateServiceClusters(tenant: ITenant): string[] {
  return tenant.placements.filter((p) => !isBurstPlacement(p) && !isEdgePlacement(p) && !isPublicCluster(p.cluster)).map((p) => p.cluster.name);
}

/** Whether the tenant's namespace on `cluster` may reach private services directly (see {@link privateServiceClusters}). */
export function mayReachPrivateServices(tenant: ITenant, cluster: string): boolean {
  return privateServiceClusters(tenant).includes(cluster);
}

/** The hub's dedicated-line CIDRs as declared (a value that is not a list counts as none; the hub reports it). */
export function dedicatedLineCidrs(hub: IProvinceHub): string[] {
  const cidrs: unknown = hub.dedicatedLineCidrs;
  return Array.isArray(cidrs) ? cidrs.filter((c): c is string => typeof c === 'string') : [];
}

/**
 * The hub's dedicated-line CIDRs that parse (invalid ones are reported by the hub's checks).
 * @internal for the layers that open network rules; the parsed block type is private
 */
export function dedicatedLineBlocks(hub: IProvinceHub): Cidr[] {
  return dedicatedLineCidrs(hub)
    .map(parseCidr)
    .filter((c): c is Cidr => typeof c !== 'string');
}

/**
 * What is wrong with a peer of a rule on a public-cluster placement, or undefined: it may only be pods of
 * the tenant's own namespace or an address block inside the dedicated-line CIDRs.
 * @internal for the layers that open network rules
 */
export function publicPeerProblem(peer: NetworkPeer, tenant: ITenant, dedicatedLine: readonly Cidr[]): string | undefined {
  if (peer.cidr !== undefined) {
    const block = parseCidr(peer.cidr);
    if (typeof block === 'string') return block;
    if (dedicatedLine.some((d) => cidrWithin(block, d))) return undefined;
    return dedicatedLine.length === 0
      ? `address block ${peer.cidr} is outside the dedicated line, and the hub declares no dedicated line`
      : `address block ${peer.cidr} is outside the dedicated line (${dedicatedLine.map((d) => d.text).join(', ')})`;
  }
  if (peer.namespace !== undefined && peer.namespace !== tenant.namespace) {
    return `namespace "${peer.namespace}" is another namespace; on a public cluster only the tenant's own pods and the dedicated line may be peers`;
  }
  return undefined;
}
