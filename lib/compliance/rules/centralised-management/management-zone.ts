import { Labels } from '../../../core/labels';
import { HubNamespaces } from '../../../core/names';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { describe } from '../support';

/** Charts of platform components: they belong to the management zone. */
const PLATFORM_CHART =
  /prometheus|grafana|alertmanager|loki|fluent|vector|promtail|falco|tetragon|kyverno|gatekeeper|argo|flux|velero|cert-manager|operator|cloudnative-pg|strimzi|karmada|ingress|gateway|metrics-server|node-exporter|kube-state-metrics/i;

/** MLPS3-26: platform components live in the dedicated management zone. */
export const managementZone: ComplianceRule<'resource'> = {
  id: 'MLPS3-26',
  name: 'Platform components live in the management zone',
  nameZh: '集中管控：独立管理区域',
  domain: RuleDomain.CENTRALISED_MANAGEMENT,
  clauses: ['8.1.5.4 a', '8.1.5.4 b'],
  severity: 'error',
  description: `The hub's system namespace (${HubNamespaces.SYSTEM}) is in the mgmt zone, and Helm releases of platform components (operators, monitoring, logging, policy, backup, GitOps) are installed into mgmt-zone namespaces declared by the landing zone.`,
  remediation: 'Keep gov-lz-system in the mgmt zone and install platform components (operators, monitoring, logging, policy, backup, GitOps) into mgmt-zone namespaces the landing zone declares.',
  subject: 'resource',
  kinds: ['Namespace', 'helm_release'],
  check: function managementZone(r: ViewResource, ctx: RuleContext) {
    if (r.kind === 'Namespace') {
      const ns = r.object;
      if (!ns || ns.metadata.name !== HubNamespaces.SYSTEM) return RuleStatus.NOT_APPLICABLE;
      if (ns.metadata.labels[Labels.ZONE] === 'mgmt') return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} is the hub's management namespace but is not in the mgmt zone`, fix: `label it ${Labels.ZONE}: mgmt` };
    }
    const chart = String(r.body.chart ?? '');
    if (!PLATFORM_CHART.test(chart)) return RuleStatus.NOT_APPLICABLE;
    const ns = typeof r.body.namespace === 'string' ? r.body.namespace : 'default';
    const zone = ctx.zoneOf(r.cluster, ns);
    if (zone === 'mgmt') return RuleStatus.COMPLIANT;
    return {
      message: `helm_release ${r.name} (chart ${chart}) installs a platform component into namespace "${ns}" on cluster "${r.cluster || '(default)'}", which is ${zone ? `in the ${zone} zone` : 'not declared by the landing zone'}`,
      fix: `install platform components into ${HubNamespaces.SYSTEM} (zone mgmt), or declare their namespace with ${Labels.ZONE}: mgmt`,
    };
  },
};
