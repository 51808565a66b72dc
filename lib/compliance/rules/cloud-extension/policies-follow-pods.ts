import { Cidr, cidrRanges, parseCidr, subtractRanges, type AddressRange } from '../../../private/cidr';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { perRun } from '../per-run';
import { describe, ipBlocksOf } from '../support';

function rangesOf(cidrs: readonly unknown[]): AddressRange[] {
  return cidrs.flatMap((c) => {
    const p = parseCidr(c);
    return typeof p === 'string' ? [] : cidrRanges(p as Cidr);
  });
}

/** Each cluster's pod network as address ranges (undefined when it declares none), built once per run. */
function podRanges(ctx: RuleContext, cluster: string): AddressRange[] | undefined {
  const all = perRun(ctx, 'pod-ranges', () => new Map<string, AddressRange[] | undefined>());
  if (!all.has(cluster)) {
    const pods = ctx.clusterNetworks(cluster)?.pods ?? [];
    all.set(cluster, pods.length > 0 ? rangesOf(pods) : undefined);
  }
  return all.get(cluster);
}

/**
 * MLPS3-41: access-control policies follow the workloads they protect when these move (a pod rescheduled to another
 * node gets a new address): NetworkPolicy peers name pods and namespaces by label, never pod addresses.
 */
export const policiesFollowPods: ComplianceRule<'resource'> = {
  id: 'MLPS3-41',
  name: 'Network policies follow pods when they move',
  nameZh: '访问控制策略随迁移而迁移',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.2 a'],
  fullyTests: ['8.2.4.2 a'],
  severity: 'error',
  description:
    "Every NetworkPolicy selects the pods it protects and names its peers by label (podSelector, namespaceSelector): such policies move with the pods when they are rescheduled, scaled or fail over. An ipBlock peer that lies inside the cluster's pod network (podCidrs), after its exceptions, names pod addresses, which change on every reschedule: the rule then protects or opens whatever pod gets the address next. Blocks outside the pod network (external services, the dedicated line) are what ipBlock is for.",
  remediation: 'Name pods and namespaces by label (podSelector, namespaceSelector with kubernetes.io/metadata.name) instead of their addresses; keep ipBlock for addresses outside the cluster.',
  subject: 'resource',
  kinds: ['NetworkPolicy'],
  check: function policiesFollowPods(r: ViewResource, ctx: RuleContext) {
    if (!r.object) return RuleStatus.NOT_APPLICABLE;
    const blocks = ipBlocksOf(r.object);
    if (blocks.length === 0) return RuleStatus.COMPLIANT;
    const pods = podRanges(ctx, r.cluster);
    if (!pods) {
      const narrow = blocks.filter((b) => {
        const p = parseCidr(b.cidr);
        return typeof p !== 'string' && (p.kind === 'ipv4' ? p.prefixLength >= 24 : p.prefixLength >= 112);
      });
      if (narrow.length === 0) return RuleStatus.COMPLIANT;
      return {
        message: `${describe(r)} names narrow address blocks (${narrow.map((b) => String(b.cidr)).join(', ')}) and cluster "${r.cluster}" declares no pod network, so whether they are pod addresses is unknown`,
        fix: 'declare podCidrs on the cluster; name pods by label rather than by address',
        severity: 'warning',
      };
    }
    const out: Violation[] = [];
    for (const b of blocks) {
      const own = rangesOf([b.cidr]);
      if (own.length === 0) continue;
      const left = subtractRanges(own, rangesOf(b.except));
      if (left.length === 0) continue;
      // Inside the pod network: every address it leaves open is a pod's.
      if (subtractRanges(left, pods).length === 0) {
        out.push({
          message: `${describe(r)}: ${b.direction} rule ${b.rule + 1} names ${String(b.cidr)}, pod addresses of cluster "${r.cluster}", which change when the pods are rescheduled`,
          fix: 'name the pods by label (podSelector, with a namespaceSelector for another namespace) instead of their addresses',
        });
      }
    }
    return out;
  },
};
