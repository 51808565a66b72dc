import { asList, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { bindingSubjects, describe } from '../support';

const seccompOk = (p: any) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';

/**
 * The one exception to automountServiceAccountToken: false. An operator installed by a Helm release exists to call the
 * API server (it watches and writes the resources it manages), so its pod needs its token. Accepted only for an object
 * rendered from a chart, in a mgmt-zone namespace, whose pod runs under its own named service account that the same
 * release binds to a role: the token's rights are then exactly the release's bindings, which MLPS3-12 and MLPS3-13
 * check. A chart pod under the default account, in a department's or business zone, or whose account the release
 * binds to nothing (a token it does not need), is a finding like any other.
 */
export function operatorNeedsToken(r: ViewResource, pod: Record<string, any>, ctx: RuleContext): boolean {
  if (!r.chart) return false;
  const ns = r.object?.metadata.namespace;
  const sa = pod.serviceAccountName ?? pod.serviceAccount;
  if (ns === undefined || typeof sa !== 'string' || sa === '' || sa === 'default' || ctx.zoneOf(r.cluster, ns) !== 'mgmt') return false;
  const release = r.chart.release;
  return ['RoleBinding', 'ClusterRoleBinding'].some((kind) =>
    ctx
      .ofKind(kind)
      .some(
        (b) =>
          b.chart?.release === release &&
          b.object !== undefined &&
          bindingSubjects(b.object).some((s) => s.kind === 'ServiceAccount' && s.name === sa && (s.namespace ?? b.object!.metadata.namespace) === ns),
      ),
  );
}

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
    "Every workload the synthesized configuration holds (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, by any resource type) says automountServiceAccountToken: false, runs with a RuntimeDefault or Localhost seccomp profile and as non-root (runAsNonRoot), and every container — init and ephemeral ones included — has a read-only root file system, allowPrivilegeEscalation: false and drops ALL capabilities. Workloads inside Helm charts are checked where the charts were rendered (the pack's renderedCharts); there, an operator in a mgmt-zone namespace may mount the token of its own service account when its release binds that account to a role (it exists to call the API server; MLPS3-12 and 13 check what the binding grants).",
  remediation:
    'Set automountServiceAccountToken: false (mount a projected token only where the API is needed), securityContext.seccompProfile.type: RuntimeDefault and runAsNonRoot: true on the pod, and on every container readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL].',
  subject: 'resource',
  kinds: [...WORKLOAD_KINDS],
  seesRenderedCharts: true,
  check: function containerHardening(r, ctx) {
    const obj = r.object;
    const pod = obj ? podSpecOf(obj) : undefined;
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const psc = (pod.securityContext ?? {}) as Record<string, any>;
    if (pod.automountServiceAccountToken !== false && !operatorNeedsToken(r, pod, ctx)) {
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
