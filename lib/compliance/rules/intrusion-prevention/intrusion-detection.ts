import { Labels } from '../../../core/labels';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain } from '../../rule';
import { onHubCluster } from '../support';

/** Charts and workloads known to detect intrusions at runtime. */
const IDS = /falco|tetragon|neuvector|kubearmor|tracee|sysdig|security-?center|yundun|hss/i;

/** Whether a resource on the cluster deploys a runtime intrusion detector. */
export function deploysIntrusionDetection(r: ViewResource): boolean {
  if (r.type === 'helm_release') return IDS.test(String(r.body.chart ?? '')) || IDS.test(String(r.body.name ?? ''));
  if (r.kind !== 'DaemonSet' && r.kind !== 'Deployment') return false;
  const o = r.object;
  if (!o) return false;
  return o.metadata.labels[Labels.COMPONENT] === 'intrusion-detection' || IDS.test(o.metadata.labels[Labels.NAME] ?? '') || IDS.test(o.metadata.name ?? '');
}

/** MLPS3-17: every cluster runs a runtime intrusion-detection component. */
export const intrusionDetection: ComplianceRule<'cluster'> = {
  id: 'MLPS3-17',
  name: 'Intrusions are detected at runtime',
  nameZh: '入侵检测与告警',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.3.3 a', '8.1.3.3 b', '8.1.3.3 c', '8.1.3.3 d', '8.1.4.4 f'],
  severity: 'warning',
  description: `Every cluster declares a runtime intrusion-detection component (a Falco, Tetragon, NeuVector… release, or a DaemonSet labelled ${Labels.COMPONENT}: intrusion-detection). Only its presence can be checked at synth; detection quality is a runtime matter.`,
  remediation:
    "Install a runtime intrusion detector on every cluster from the hub registry (e.g. a Falco helm_release in gov-lz-system), or label the detector's DaemonSet app.kubernetes.io/component: intrusion-detection.",
  subject: 'cluster',
  check: function intrusionDetection(c: ClusterSubject, ctx: RuleContext) {
    const found = ['helm_release', 'DaemonSet', 'Deployment'].some((k) => onHubCluster(ctx, c, k).some(deploysIntrusionDetection));
    if (found) return [];
    return {
      message: `cluster "${c.cluster.name}" declares no runtime intrusion detection`,
      fix: `install one from the hub registry (e.g. a Falco helm_release in gov-lz-system), or label the detector's DaemonSet ${Labels.COMPONENT}: intrusion-detection`,
    };
  },
};
