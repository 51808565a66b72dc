import type { ClusterSubject } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';

/** CNI plugins that enforce NetworkPolicy (stateful, connection-tracking filters on every node). */
const ENFORCING = /^(calico|canal|cilium|antrea|kube-router|weave|weave-net|kube-ovn|ovn-kubernetes|terway-eniip|terway|cce-turbo|yangtse|hybridnet|multus\+(calico|cilium|antrea))$/;
/** Plugins that carry traffic and ignore NetworkPolicy. */
const NOT_ENFORCING = /^(flannel|bridge|host-local|kubenet|macvlan|ipvlan|vpc-cni)$/;

/** Whether a declared CNI (a name, or `a+b` for a chained pair such as flannel+calico) enforces NetworkPolicy; undefined when unknown. */
export function cniEnforcesNetworkPolicy(plugin: string): boolean | undefined {
  const parts = plugin.split('+');
  if (ENFORCING.test(plugin) || parts.some((p) => ENFORCING.test(p))) return true;
  if (parts.every((p) => NOT_ENFORCING.test(p))) return false;
  return undefined;
}

/**
 * MLPS3-39: every cluster runs a CNI that enforces NetworkPolicy, so the landing zone's default-deny and allow rules
 * (connection-state filters on every node) are real; flannel alone carries traffic and ignores them.
 */
export const networkPolicyEnforced: ComplianceRule<'cluster'> = {
  id: 'MLPS3-39',
  name: 'The CNI enforces NetworkPolicy',
  nameZh: '访问控制：基于会话状态的网络策略执行',
  domain: RuleDomain.BOUNDARY_PROTECTION,
  clauses: ['8.1.3.2 d'],
  cis: ['5.3.1'],
  severity: 'error',
  description:
    'Every cluster declares its CNI plugin (networkPlugin) and it enforces NetworkPolicy with connection-state (conntrack) filtering: Calico, Cilium, Antrea, kube-router, Weave Net, Kube-OVN, Terway, or flannel chained with one of them (canal). Flannel, bridge or kubenet alone ignore every NetworkPolicy: the zone and tenant isolation the other rules check would not exist. Only the declaration is checked at synth: the assessor compares it with the DaemonSets in kube-system.',
  remediation: "Run a CNI that enforces NetworkPolicy (e.g. Calico, or Canal where flannel carries the traffic) and declare it: networkPlugin: 'calico'.",
  provisional: 'A cluster that declares no CNI, or one the pack does not know, is a warning; a declared CNI that ignores NetworkPolicy is an error.',
  subject: 'cluster',
  check: function networkPolicyEnforced(c: ClusterSubject) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const plugin = c.cluster.networkPlugin;
    const name = `cluster "${c.cluster.name}"`;
    if (typeof plugin !== 'string' || plugin === '') {
      return {
        message: `${name} declares no CNI plugin, so whether its NetworkPolicies are enforced is unknown`,
        fix: "declare networkPlugin (e.g. 'calico'); a CNI that ignores NetworkPolicy (flannel alone) leaves every namespace open",
        severity: 'warning',
      };
    }
    const enforces = cniEnforcesNetworkPolicy(plugin);
    if (enforces === true) return RuleStatus.COMPLIANT;
    if (enforces === false) {
      return {
        message: `${name} runs ${plugin}, which does not enforce NetworkPolicy: default-deny, zone and tenant isolation are not in force`,
        fix: 'add a policy engine (Calico on top of flannel: canal) or move to Calico, Cilium or Antrea, then declare it',
      };
    }
    return {
      message: `${name} runs the CNI "${plugin}", which the pack does not know to enforce NetworkPolicy`,
      fix: 'show the assessor that it enforces NetworkPolicy with connection-state filtering, or declare a known enforcing CNI (calico, cilium, antrea…)',
      severity: 'warning',
    };
  },
};
