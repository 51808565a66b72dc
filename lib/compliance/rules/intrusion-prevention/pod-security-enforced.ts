import { Annotations, Labels } from '../../../core/labels';
import type { K8sObject } from '../../k8s-object';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { describe, isTenantNamespace } from '../support';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
/** Shortest reason accepted for a privileged namespace (as for suppressions). */
const MIN_REASON_LENGTH = 10;

/**
 * The declared reason of a privileged platform namespace: a mgmt-zone namespace, not a department's, that enforces
 * `privileged` and says why in `gov-lz.io/privileged-reason`. Undefined for every other namespace.
 */
export function privilegedReason(ns: K8sObject | undefined): string | undefined {
  if (!ns || isTenantNamespace(ns) || ns.metadata.labels[Labels.ZONE] !== 'mgmt' || ns.metadata.labels[ENFORCE] !== 'privileged') return undefined;
  const reason = ns.metadata.annotations[Annotations.PRIVILEGED_REASON]?.trim();
  return reason && reason.length >= MIN_REASON_LENGTH ? reason : undefined;
}

/** MLPS3-15: Pod Security Admission enforces `restricted` (`baseline` at least in the mgmt zone). */
export const podSecurityEnforced: ComplianceRule<'resource'> = {
  id: 'MLPS3-15',
  name: 'Pod security is enforced in every namespace',
  nameZh: '最小安装与进程级访问控制',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.4 a', '8.1.4.4 b'],
  cis: ['5.2.1'],
  severity: 'error',
  description: `Every Namespace enforces Pod Security Admission (${ENFORCE}): restricted (non-root, no privilege escalation, all capabilities dropped, seccomp) everywhere, baseline at least in mgmt-zone namespaces where platform agents run. A mgmt-zone namespace that is not a department's may enforce privileged only when it says why in ${Annotations.PRIVILEGED_REASON} (a platform agent that reads the host, e.g. Velero's node agent); the reports list each such namespace with its reason.`,
  remediation:
    'Label the namespace pod-security.kubernetes.io/enforce: restricted (baseline at least for platform agents in the mgmt zone); a platform namespace that needs privileged says why in its gov-lz.io/privileged-reason annotation.',
  subject: 'resource',
  kinds: ['Namespace'],
  check: function podSecurityEnforced(r) {
    const ns = r.object;
    if (!ns) return RuleStatus.NOT_APPLICABLE;
    const level = ns.metadata.labels[ENFORCE];
    const mgmt = ns.metadata.labels[Labels.ZONE] === 'mgmt' && !isTenantNamespace(ns);
    const ok = level === 'restricted' || (mgmt && level === 'baseline') || privilegedReason(ns) !== undefined;
    if (ok) return RuleStatus.COMPLIANT;
    const privilegedHint =
      mgmt && level === 'privileged' ? `; if a platform agent must read the host, say why in the annotation ${Annotations.PRIVILEGED_REASON} (at least ${MIN_REASON_LENGTH} characters)` : '';
    return {
      message: `${describe(r)} ${level === undefined ? 'enforces no pod security level' : `enforces only "${level}"`}; ${mgmt ? 'baseline or restricted' : 'restricted'} is required`,
      fix: `label the namespace ${ENFORCE}: ${mgmt ? 'baseline (platform agents) or restricted' : 'restricted'}${privilegedHint}`,
    };
  },
};
