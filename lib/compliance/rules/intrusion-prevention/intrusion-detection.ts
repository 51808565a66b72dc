import { asList } from '../../k8s-object';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain } from '../../rule';
import { chartName, helmValueAt, isOn, isOff } from '../helm-values';
import { onClusterOfHub } from '../per-run';

/** Runtime detectors by the chart that installs them (the chart, not the release name a user picks). */
const IDS_CHARTS: ReadonlyArray<[RegExp, string]> = [
  [/^falco$/, 'falco'],
  [/^tetragon$/, 'tetragon'],
  [/^(core|neuvector|neuvector-core)$/, 'neuvector'],
  [/^kubearmor(-operator)?$/, 'kubearmor'],
  [/^tracee$/, 'tracee'],
];

/** Detector images (repository path after the registry), for workloads written out or rendered from charts. */
const IDS_IMAGES = /(^|\/)(falcosecurity\/falco(-no-driver|-distroless)?|falco|cilium\/tetragon|tetragon|neuvector\/enforcer|kubearmor\/kubearmor|aquasec\/tracee|tracee)(:|@|$)/;

/** What a detector install lacks: detection on every node, and alerts that leave the node (8.1.3.3 d). Empty when complete. */
export function detectorGaps(ctx: RuleContext, r: ViewResource, product: string): string[] {
  const gaps: string[] = [];
  if (product === 'falco') {
    if (String(helmValueAt(ctx, r, ['controller', 'kind']) ?? 'daemonset').toLowerCase() !== 'daemonset') gaps.push('runs as a Deployment, not on every node (controller.kind)');
    if (isOff(helmValueAt(ctx, r, ['driver', 'enabled']))) gaps.push('has its kernel driver turned off, so it sees no system calls (driver.enabled)');
    const alerts = [
      ['falcosidekick', 'enabled'],
      ['falco', 'http_output', 'enabled'],
      ['falco', 'grpc_output', 'enabled'],
      ['falco', 'program_output', 'enabled'],
    ].some((p) => isOn(helmValueAt(ctx, r, p)));
    if (!alerts) gaps.push('only logs its detections on the node: no alert leaves it (enable falcosidekick, or falco.http_output)');
  } else if (product === 'tetragon') {
    if (isOff(helmValueAt(ctx, r, ['tetragon', 'enabled']))) gaps.push('has its agent turned off (tetragon.enabled)');
  } else if (product === 'neuvector') {
    if (isOff(helmValueAt(ctx, r, ['enforcer', 'enabled']))) gaps.push('has its per-node enforcer turned off (enforcer.enabled)');
  }
  return gaps;
}

/** Whether a DaemonSet runs a known detector image (on every node; a Deployment does not watch the nodes). */
function isDetectorDaemonSet(r: ViewResource): boolean {
  if (r.kind !== 'DaemonSet' || !r.object) return false;
  const pod = ((r.object.spec as any)?.template?.spec ?? {}) as Record<string, any>;
  return [...asList(pod.containers), ...asList(pod.initContainers)].some((c: any) => typeof c?.image === 'string' && IDS_IMAGES.test(c.image.replace(/^[^/]+\.[^/]+\//, '')));
}

/**
 * MLPS3-17: every cluster runs a runtime intrusion detector, judged by what is installed and how: a known detector's
 * chart (Falco, Tetragon, NeuVector, KubeArmor, Tracee) configured to watch every node and to send alerts off the
 * node, or a DaemonSet running a detector image. Names and labels a user picks do not count.
 */
export const intrusionDetection: ComplianceRule<'cluster'> = {
  id: 'MLPS3-17',
  name: 'Intrusions are detected at runtime',
  nameZh: '入侵检测与告警',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.3.3 a', '8.1.3.3 b', '8.1.3.3 c', '8.1.3.3 d', '8.1.4.4 f'],
  severity: 'warning',
  description:
    "Every cluster runs a runtime intrusion detector, judged by what is installed and configured, not by names or labels: a helm_release of a detector's chart (falco, tetragon, neuvector core, kubearmor, tracee) that watches every node (Falco as a DaemonSet with its driver on; NeuVector's enforcer and Tetragon's agent on) and sends alerts off the node (Falco: falcosidekick, or an http, grpc or program output), or a DaemonSet running a detector image. Detection quality and the alert records are a runtime matter (manual evidence).",
  remediation:
    'Install a runtime intrusion detector on every cluster from the hub registry (e.g. the falco chart in gov-lz-system as a DaemonSet with falcosidekick forwarding alerts to the security management centre).',
  subject: 'cluster',
  check: function intrusionDetection(c: ClusterSubject, ctx: RuleContext) {
    const releases = onClusterOfHub(ctx, c, 'helm_release')
      .map((r) => [r, IDS_CHARTS.find(([re]) => re.test(chartName(r)))?.[1]] as const)
      .filter((x): x is readonly [ViewResource, string] => x[1] !== undefined);
    const gaps = releases.map(([r, p]) => [r, p, detectorGaps(ctx, r, p)] as const);
    if (gaps.some(([, , g]) => g.length === 0)) return [];
    if (onClusterOfHub(ctx, c, 'DaemonSet').some(isDetectorDaemonSet)) return [];
    if (gaps.length > 0) {
      return gaps.map(([r, p, g]) => ({
        message: `the ${p} install ${r.address} on cluster "${c.cluster.name}" ${g.join('; ')}`,
        fix: 'run the detector on every node and forward its alerts to the security management centre',
        resource: r,
      }));
    }
    return {
      message: `cluster "${c.cluster.name}" declares no runtime intrusion detection`,
      fix: 'install one from the hub registry (e.g. the falco chart in gov-lz-system, with falcosidekick forwarding alerts)',
    };
  },
};
