import { podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { describe } from '../support';

/** MLPS3-11: no default or long-lived service-account credentials; every workload runs as its own account. */
export const serviceAccountHygiene: ComplianceRule<'resource'> = {
  id: 'MLPS3-11',
  name: 'Workloads run under their own service accounts',
  nameZh: '账户唯一与默认账户处置',
  domain: RuleDomain.IDENTITY,
  clauses: ['8.1.4.2 b', '8.1.4.2 c'],
  cis: ['5.1.5', '5.1.6'],
  severity: 'error',
  description:
    'Every workload names its own ServiceAccount (never `default`); a managed `default` ServiceAccount does not mount its token; no Secret of type kubernetes.io/service-account-token (long-lived tokens).',
  remediation:
    'Create a ServiceAccount for each workload and set serviceAccountName; set automountServiceAccountToken: false on the default ServiceAccount; do not create long-lived service-account token Secrets.',
  subject: 'resource',
  kinds: ['ServiceAccount', 'Secret', ...WORKLOAD_KINDS],
  seesRenderedCharts: true,
  check: function serviceAccountHygiene(r) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'ServiceAccount') {
      if (obj.metadata.name !== 'default') return RuleStatus.COMPLIANT;
      if (obj.automountServiceAccountToken === false) return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} mounts its token into every pod that names no account`, fix: 'set automountServiceAccountToken: false on the default ServiceAccount' };
    }
    if (obj.kind === 'Secret') {
      if (obj.type !== 'kubernetes.io/service-account-token') return RuleStatus.NOT_APPLICABLE;
      return { message: `${describe(r)} is a long-lived service-account token`, fix: 'remove it; pods get short-lived projected tokens, CI authenticates through the identity provider' };
    }
    const pod = podSpecOf(obj);
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    const sa = pod.serviceAccountName ?? pod.serviceAccount;
    if (typeof sa === 'string' && sa !== '' && sa !== 'default') return RuleStatus.COMPLIANT;
    return {
      message: `${describe(r)} runs as the namespace's default ServiceAccount, an identity shared by every workload that names none`,
      fix: 'create a ServiceAccount for the workload and set serviceAccountName',
    };
  },
};
