import { AuditLevel, AuditRequest } from '../../audit-policy';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { checkExpectations } from './audit-policy-coverage';

const WHY = 'privileged remote operations must be auditable by the customer';
const req = (verb: string, group: string, resource: string, subresource?: string): { req: AuditRequest; min: AuditLevel; why: string } => ({
  req: { verb, group, resource, subresource },
  min: 'Request',
  why: WHY,
});

/** MLPS3-8: deleting or restarting workloads and nodes, and remote shells, are logged with their request. */
export const privilegedOperationsAudited: ComplianceRule<'hub'> = {
  id: 'MLPS3-8',
  name: 'Privileged operations are audited',
  nameZh: '云计算特权命令审计',
  domain: RuleDomain.AUDIT,
  clauses: ['8.2.3.3 a', '8.2.3.3 b'],
  severity: 'error',
  description:
    'The audit policy logs at Request or more: deletes of nodes, namespaces, pods and workloads (the Kubernetes form of deleting and restarting virtual machines), evictions, and exec, attach, port-forward and node proxy.',
  remediation: "Log at Request or more the deletes of nodes, namespaces, pods and workloads, evictions, and exec, attach, port-forward and node proxy (the landing zone's audit-policy.yaml does).",
  subject: 'hub',
  check: function privilegedOperationsAudited(hub) {
    if (!hub.audit) return RuleStatus.NOT_APPLICABLE;
    return checkExpectations(hub, [
      ...['nodes', 'namespaces', 'pods', 'persistentvolumes'].flatMap((r) => [req('delete', '', r), req('deletecollection', '', r)]),
      ...['deployments', 'statefulsets', 'daemonsets'].flatMap((r) => [req('delete', 'apps', r), req('patch', 'apps', r)]),
      req('create', '', 'pods', 'eviction'),
      req('create', '', 'pods', 'exec'),
      req('create', '', 'pods', 'attach'),
      req('create', '', 'pods', 'portforward'),
      req('get', '', 'nodes', 'proxy'),
    ]);
  },
};
