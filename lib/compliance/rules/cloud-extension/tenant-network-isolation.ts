import { Labels } from '../../../core/labels';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, isEmptySelector, isHubNamespace, isTenantNamespace, namespaceOf, pinnedNamespaces, policyRules } from '../support';

/** MLPS3-28: a department's network rules never reach another department's namespaces. */
export const tenantNetworkIsolation: ComplianceRule<'resource'> = {
  id: 'MLPS3-28',
  name: 'Departments are isolated from each other',
  nameZh: '云租户网络隔离',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.2.1 b', '8.2.3.1 a'],
  severity: 'error',
  description: `Only the Tenant of a code labels a namespace gov-lz.io/tenant=<code>. In tenant namespaces, every NetworkPolicy peer outside the namespace is pinned by name (kubernetes.io/metadata.name, never a label another namespace could carry) to the hub's own namespaces, the cluster DNS namespace or another namespace of the same tenant; a selector that may match another department's namespaces, or names one, is a finding. ExternalName Services do not point into another department's namespace. An accepted exchange between two departments is a suppression with a reason, an owner and an expiry date.`,
  remediation:
    'Select peers outside the namespace by name (kubernetes.io/metadata.name) and only the hub\'s namespaces, the cluster DNS or the tenant\'s own; let departments exchange data through the hub gateway, or suppress MLPS3-28 on the tenant with the approval of both departments (reason, owner, expiry).',
  subject: 'resource',
  kinds: ['NetworkPolicy', 'Service', 'Namespace'],
  check: function tenantNetworkIsolation(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (obj?.kind === 'Namespace') {
      // Only the Tenant of a code labels a namespace with it: the namespace named after the code (label spoofing).
      const claimed = obj.metadata.labels[Labels.TENANT];
      if (claimed === undefined || claimed === '') return RuleStatus.NOT_APPLICABLE;
      if (obj.metadata.name === claimed && ctx.tenantOfNamespace(claimed)?.code === claimed) return RuleStatus.COMPLIANT;
      return {
        message: `${describe(r)} carries ${Labels.TENANT}: ${claimed}, but it is not the namespace of tenant "${claimed}"; a selector on that label would let it pass as the department`,
        fix: `remove the ${Labels.TENANT} label: only the Tenant "${claimed}" labels its namespace, and policies select namespaces by ${Labels.NAMESPACE_NAME}`,
      };
    }
    const nsName = namespaceOf(r);
    if (!obj || nsName === undefined) return RuleStatus.NOT_APPLICABLE;
    const ns = ctx.namespace(r.cluster, nsName)?.object;
    if (!isTenantNamespace(ns)) return RuleStatus.NOT_APPLICABLE;
    const tenant = ns!.metadata.labels[Labels.TENANT];
    const dns = ctx.hubOfCluster(r.cluster)?.hub.network?.dns?.namespace ?? 'kube-system';
    const otherTenant = (name: string) => {
      const o = ctx.namespace(r.cluster, name)?.object;
      if (o && isTenantNamespace(o)) return o.metadata.labels[Labels.TENANT] !== tenant ? o.metadata.labels[Labels.TENANT] : undefined;
      const t = ctx.tenantOfNamespace(name);
      return t && t.code !== tenant ? t.code : undefined;
    };
    if (obj.kind === 'Service') {
      if (obj.spec?.type !== 'ExternalName') return RuleStatus.NOT_APPLICABLE;
      const m = /^[^.]+\.([a-z0-9-]+)\.svc(\.|$)/.exec(String(obj.spec?.externalName ?? ''));
      const other = m ? otherTenant(m[1]) : undefined;
      if (!other) return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} aliases a service of department "${other}" (${obj.spec.externalName})`, fix: 'reach another department only through the hub gateway, or suppress with the approval of both departments' };
    }
    const out: Violation[] = [];
    for (const rule of policyRules(obj)) {
      for (const p of rule.peers) {
        if (!p || typeof p !== 'object' || p.namespaceSelector === undefined) continue;
        const where = `${describe(r)}, ${rule.direction} rule ${rule.index + 1}`;
        const names = pinnedNamespaces(p.namespaceSelector);
        if (names === undefined) {
          // A label, even gov-lz.io/tenant, can be carried by another namespace: only the immutable name pins one.
          const sel = p.namespaceSelector;
          out.push({
            message: `${where} selects namespaces by ${isEmptySelector(sel) ? 'nothing (every namespace)' : JSON.stringify(sel)}, which another department's namespace could match`,
            fix: `pin the namespace by name ('${Labels.NAMESPACE_NAME}')`,
          });
          continue;
        }
        for (const name of names) {
          if (name === nsName || isHubNamespace(name) || name === dns) continue;
          const other = otherTenant(name);
          if (other) {
            out.push({
              message: `${where} opens traffic ${rule.direction === 'ingress' ? 'from' : 'to'} namespace "${name}" of department "${other}"`,
              fix: 'departments exchange data through the hub gateway; if this direct path is approved, suppress MLPS3-28 on the tenant with the reason, owner and expiry',
            });
          }
        }
      }
    }
    return out;
  },
};
