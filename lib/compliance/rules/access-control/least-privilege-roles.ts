import { Labels } from '../../../core/labels';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, rbacRules } from '../support';

const ESCALATING = ['escalate', 'bind', 'impersonate'];
const REMOTE_SHELL = ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'nodes/proxy', 'services/proxy'];

/** MLPS3-12: roles grant least privilege; escalation only to the security administrator, remote shells only to the system administrator. */
export const leastPrivilegeRoles: ComplianceRule<'resource'> = {
  id: 'MLPS3-12',
  name: 'Roles grant least privilege',
  nameZh: '最小权限',
  domain: RuleDomain.ACCESS_CONTROL,
  clauses: ['8.1.4.2 d'],
  cis: ['5.1.2', '5.1.3', '5.1.8'],
  severity: 'error',
  description: `No Role or ClusterRole holds a wildcard (*) in verbs, resources, API groups or URLs. escalate, bind and impersonate appear only in the security administrator's role, exec/attach/port-forward/proxy only in the system administrator's, and listing or watching all Secrets only there too (roles labelled ${Labels.ADMIN_ROLE}).`,
  remediation:
    'List the verbs, resources and API groups a role needs instead of *; leave escalate, bind and impersonate to the security administrator role, exec/attach/port-forward/proxy and reading all Secrets to the system administrator role.',
  subject: 'resource',
  kinds: ['Role', 'ClusterRole'],
  check: function leastPrivilegeRoles(r) {
    const role = r.object;
    if (!role) return RuleStatus.NOT_APPLICABLE;
    const admin = role.metadata.labels[Labels.ADMIN_ROLE];
    const out: Violation[] = [];
    rbacRules(role).forEach((rule, i) => {
      const at = `${describe(r)}, rule ${i + 1}`;
      for (const [field, values] of [
        ['verbs', rule.verbs],
        ['resources', rule.resources],
        ['apiGroups', rule.apiGroups],
        ['nonResourceURLs', rule.nonResourceURLs],
      ] as const) {
        if (values.some((v) => v === '*' || v.endsWith('/*'))) {
          out.push({ message: `${at} grants ${field}: ${JSON.stringify(values)}, a wildcard that also covers whatever is added later`, fix: `list the ${field} the role needs` });
        }
      }
      const esc = rule.verbs.filter((v) => ESCALATING.includes(v));
      if (esc.length > 0 && admin !== 'security') {
        out.push({
          message: `${at} grants ${esc.join(', ')}, which lets its holders give themselves more rights`,
          fix: 'leave RBAC changes to the security administrator role (gov-lz:security-admin)',
        });
      }
      const shells = rule.resources.filter((x) => REMOTE_SHELL.includes(x));
      if (shells.length > 0 && admin !== 'system') {
        out.push({
          message: `${at} grants ${shells.join(', ')}: a remote shell or tunnel into workloads or nodes`,
          fix: 'leave remote administration to the system administrator role (gov-lz:system-admin), whose use is audited',
        });
      }
      const readsAllSecrets =
        rule.resources.includes('secrets') && (rule.apiGroups.includes('') || rule.apiGroups.length === 0) && rule.resourceNames.length === 0 && rule.verbs.some((v) => v === 'list' || v === 'watch');
      if (readsAllSecrets && admin !== 'system') {
        out.push({ message: `${at} lists or watches every Secret in its scope`, fix: 'name the secrets it may read (resourceNames) and use get only' });
      }
    });
    return out;
  },
};
