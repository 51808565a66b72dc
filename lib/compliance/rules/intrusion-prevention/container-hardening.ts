import { asList, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe } from '../support';

const seccompOk = (p: any) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';

/** MLPS3-33: every workload runs hardened: no token it does not need, seccomp, non-root, read-only root, no capabilities. */
export const containerHardening: ComplianceRule<'resource'> = {
  id: 'MLPS3-33',
  name: 'Every workload container is hardened',
  nameZh: '容器最小化运行',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.4 a', '8.1.4.2 f'],
  cis: ['5.1.6', '5.2.6', '5.2.7', '5.2.8', '5.7.2', '5.7.3'],
  severity: 'error',
  description:
    'Every workload the synthesized configuration holds (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, by any resource type) says automountServiceAccountToken: false, runs with a RuntimeDefault or Localhost seccomp profile and as non-root (runAsNonRoot), and every container — init and ephemeral ones included — has a read-only root file system, allowPrivilegeEscalation: false and drops ALL capabilities. Workloads inside Helm charts are not rendered at synth, so they are not seen here.',
  remediation:
    'Set automountServiceAccountToken: false (mount a projected token only where the API is needed), securityContext.seccompProfile.type: RuntimeDefault and runAsNonRoot: true on the pod, and on every container readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL].',
  subject: 'resource',
  kinds: [...WORKLOAD_KINDS],
  check: function containerHardening(r) {
    const obj = r.object;
    const pod = obj ? podSpecOf(obj) : undefined;
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const psc = (pod.securityContext ?? {}) as Record<string, any>;
    if (pod.automountServiceAccountToken !== false) {
      out.push({
        message: `${describe(r)} mounts a service-account token (automountServiceAccountToken is not false)`,
        fix: 'set automountServiceAccountToken: false; use a projected token volume where the API is needed',
      });
    }
    for (const c of containersOf(pod)) {
      const sc = (c.securityContext ?? {}) as Record<string, any>;
      const name = `${describe(r)}, container ${c.name ?? '?'}`;
      const missing: string[] = [];
      if (!seccompOk(sc.seccompProfile ?? psc.seccompProfile)) missing.push('a RuntimeDefault seccomp profile');
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true || (sc.runAsUser ?? psc.runAsUser) === 0) missing.push('runAsNonRoot: true');
      if (sc.readOnlyRootFilesystem !== true) missing.push('readOnlyRootFilesystem: true');
      if (sc.allowPrivilegeEscalation !== false) missing.push('allowPrivilegeEscalation: false');
      if (!asList(sc.capabilities?.drop).map(String).includes('ALL')) missing.push('capabilities.drop: [ALL]');
      if (missing.length > 0) out.push({ message: `${name} lacks ${missing.join(', ')}`, fix: `set ${missing.join(', ')} in its securityContext (or the pod's)` });
    }
    return out;
  },
};
