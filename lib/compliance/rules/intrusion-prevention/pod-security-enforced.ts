import { Labels } from '../../../core/labels';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { describe } from '../support';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** MLPS3-15: Pod Security Admission enforces `restricted` (`baseline` at least in the mgmt zone). */
export const podSecurityEnforced: ComplianceRule<'resource'> = {
  id: 'MLPS3-15',
  name: 'Pod security is enforced in every namespace',
  nameZh: '最小安装与进程级访问控制',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.4 a', '8.1.4.4 b', '8.1.4.2 e', '8.1.4.2 f'],
  severity: 'error',
  description: `Every Namespace enforces Pod Security Admission (${ENFORCE}): restricted (non-root, no privilege escalation, all capabilities dropped, seccomp) everywhere, baseline at least in mgmt-zone namespaces where platform agents run.`,
  subject: 'resource',
  kinds: ['Namespace'],
  check: function podSecurityEnforced(r) {
    const ns = r.object;
    if (!ns) return RuleStatus.NOT_APPLICABLE;
    const level = ns.metadata.labels[ENFORCE];
    const mgmt = ns.metadata.labels[Labels.ZONE] === 'mgmt';
    const ok = level === 'restricted' || (mgmt && level === 'baseline');
    if (ok) return RuleStatus.COMPLIANT;
    return {
      message: `${describe(r)} ${level === undefined ? 'enforces no pod security level' : `enforces only "${level}"`}; ${mgmt ? 'baseline or restricted' : 'restricted'} is required`,
      fix: `label the namespace ${ENFORCE}: ${mgmt ? 'baseline (platform agents) or restricted' : 'restricted'}`,
    };
  },
};
