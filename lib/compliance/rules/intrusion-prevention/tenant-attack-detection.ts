import { Annotations } from '../../../core/labels';
import { asList } from '../../k8s-object';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { chartName, helmValueAt, isOff, isOn } from '../helm-values';
import { onClusterOfHub, placementsByCluster } from '../per-run';
import { describe } from '../support';

/** A taint of the nodes of an edge zone, as its namespaces' default tolerations give it. */
interface Taint {
  readonly zone: string;
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

/** Whether one toleration tolerates a taint, as the scheduler decides. */
export function tolerates(t: any, taint: Omit<Taint, 'zone'>): boolean {
  if (!t || typeof t !== 'object') return false;
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && String(t.value ?? '') === taint.value;
}

/** The taints of the edge zones that host departments on a cluster (from the tenants' edge placements). */
function edgeTaints(ctx: RuleContext, cluster: string): Taint[] {
  const out = new Map<string, Taint>();
  for (const { placement: p } of placementsByCluster(ctx).get(cluster) ?? []) {
    if (p.kind !== 'edge') continue;
    let tolerations: unknown;
    try {
      tolerations = JSON.parse(p.namespaceAnnotations?.[Annotations.DEFAULT_TOLERATIONS] ?? '[]');
    } catch {
      tolerations = [];
    }
    for (const x of asList(tolerations)) {
      if (typeof x?.key !== 'string' || x.effect === 'PreferNoSchedule') continue;
      const taint = { zone: String(p.edgeZone ?? p.namespace), key: x.key, value: String(x.value ?? ''), effect: String(x.effect ?? 'NoSchedule') };
      out.set(`${taint.key}=${taint.value}:${taint.effect}`, taint);
    }
  }
  return [...out.values()];
}

/** The edge zones whose nodes a detector's tolerations leave out. */
function zonesMissed(tolerations: unknown, taints: readonly Taint[]): string[] {
  const list = asList(tolerations);
  return [...new Set(taints.filter((t) => !list.some((x) => tolerates(x, t))).map((t) => t.zone))].sort();
}

/** Suricata and Zeek images: network sensors that read traffic off a node's interfaces. */
const SENSOR_IMAGES = /(^|\/)(jasonish\/suricata|suricata|zeek\/zeek|zeek)(:|@|$)/;

/** NeuVector's controller settings (sysinitcfg.yaml) send its security events off the cluster: syslog on, or a webhook. */
function neuvectorForwards(ctx: RuleContext, r: ViewResource): boolean {
  if (!isOn(helmValueAt(ctx, r, ['controller', 'configmap', 'enabled'])) && !isOn(helmValueAt(ctx, r, ['controller', 'secret', 'enabled']))) return false;
  const data = [helmValueAt(ctx, r, ['controller', 'configmap', 'data', 'sysinitcfg.yaml']), helmValueAt(ctx, r, ['controller', 'secret', 'data', 'sysinitcfg.yaml'])];
  return data.some((d) => {
    const text = typeof d === 'string' ? d : d && typeof d === 'object' ? JSON.stringify(d) : '';
    const syslog = /Syslog_status"?\s*:\s*"?true/i.test(text) && /Syslog_ip"?\s*:\s*"?[^\s",}]+/i.test(text);
    const webhook = /Webhooks"?\s*:\s*(\[\s*[{-]|\n\s*-)/i.test(text);
    return syslog || webhook;
  });
}

/** What a detector install on a cluster lacks to watch traffic between departments on every node and alert; empty when complete. */
function installGaps(ctx: RuleContext, c: ClusterSubject, taints: readonly Taint[]): { complete: boolean; gaps: Array<{ r: ViewResource; gaps: string[] }> } {
  const gaps: Array<{ r: ViewResource; gaps: string[] }> = [];
  for (const r of onClusterOfHub(ctx, c, 'helm_release')) {
    if (!/^(core|neuvector|neuvector-core)$/.test(chartName(r))) continue;
    const g: string[] = [];
    if (isOff(helmValueAt(ctx, r, ['enforcer', 'enabled']))) g.push('has its per-node enforcer, which inspects the traffic between pods, turned off (enforcer.enabled)');
    const missed = zonesMissed(helmValueAt(ctx, r, ['enforcer', 'tolerations']), taints);
    if (missed.length > 0) g.push(`does not run its enforcer on the nodes of edge zone${missed.length > 1 ? 's' : ''} ${missed.join(', ')} (enforcer.tolerations do not tolerate their taints)`);
    if (!neuvectorForwards(ctx, r)) g.push('sends its security events nowhere off the cluster (controller.configmap with sysinitcfg.yaml Syslog_status: true and Syslog_ip, or Webhooks)');
    if (g.length === 0) return { complete: true, gaps: [] };
    gaps.push({ r, gaps: g });
  }
  for (const r of onClusterOfHub(ctx, c, 'DaemonSet')) {
    const pod = ((r.object?.spec as any)?.template?.spec ?? {}) as Record<string, any>;
    const images = [...asList(pod.containers), ...asList(pod.initContainers)].map((x: any) => (typeof x?.image === 'string' ? x.image.replace(/^[^/]+\.[^/]+\//, '') : ''));
    if (!images.some((i) => SENSOR_IMAGES.test(i))) continue;
    const g: string[] = [];
    if (pod.hostNetwork !== true) g.push("runs in its pod's own network, where it sees its own traffic only (hostNetwork is not true)");
    const selector = Object.keys((pod.nodeSelector ?? {}) as Record<string, unknown>).filter((k) => k !== 'kubernetes.io/os' && k !== 'kubernetes.io/arch');
    if (selector.length > 0) g.push(`runs only on the nodes its nodeSelector picks (${selector.join(', ')})`);
    const missed = zonesMissed(pod.tolerations, taints);
    if (missed.length > 0) g.push(`does not run on the nodes of edge zone${missed.length > 1 ? 's' : ''} ${missed.join(', ')} (its tolerations do not tolerate their taints)`);
    if (g.length === 0) return { complete: true, gaps: [] };
    gaps.push({ r, gaps: g });
  }
  return { complete: false, gaps };
}

/**
 * MLPS3-55: attacks between departments are detected on every cluster they run on (home, burst, edge nodes): a network
 * detector that sees the traffic between pods — NeuVector's enforcer, or a Suricata or Zeek sensor on each node's host
 * network — runs on every node, edge zones included, and NeuVector forwards its events off the cluster. Judged by what
 * is installed and configured; host intrusion detection (Falco, Tetragon: system calls) is MLPS3-17's and does not count.
 */
export const tenantAttackDetection: ComplianceRule<'cluster'> = {
  id: 'MLPS3-55',
  name: 'Attacks between departments are detected',
  nameZh: '云计算入侵防范：租户间攻击与异常流量检测',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.2.3.2 a', '8.2.3.2 b', '8.2.3.2 c', '8.2.3.2 d'],
  severity: 'warning',
  description:
    "Every cluster where departments run (their industry clouds' clusters, burst clusters, edge zones' node pools) runs a detector of the traffic between pods, judged by what is installed and how, not by names: a helm_release of NeuVector's chart (core) with its enforcer on, tolerating the taints of every edge zone that hosts departments, and forwarding security events off the cluster (controller.configmap sysinitcfg.yaml with Syslog_status: true and a Syslog_ip, or Webhooks), or a DaemonSet running a Suricata or Zeek image on the host network (it reads the node's interfaces, where traffic between pods passes), on every node (no nodeSelector but OS and architecture; tolerating the edge zones' taints). Falco and Tetragon watch system calls (MLPS3-17) and do not count. That a DaemonSet sensor's alerts reach the SOC, and the attack records (type, time, traffic), are manual evidence.",
  remediation:
    "Install NeuVector (the core chart) from the hub registry on every cluster with departments: enforcer on, enforcer.tolerations for the edge zones' taints, and controller.configmap.data['sysinitcfg.yaml'] with Syslog_status: true and the SOC's syslog address (Syslog_ip, Syslog_Port); or run a Suricata sensor DaemonSet on the host network of every node, forwarding its eve.json alerts to the SOC.",
  provisional: 'A warning by design: only what is installed and how can be checked at synth, and the landing zone installs no detector (as MLPS3-17).',
  subject: 'cluster',
  seesRenderedCharts: true,
  check: function tenantAttackDetection(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    if ((placementsByCluster(ctx).get(code) ?? []).length === 0) return RuleStatus.NOT_APPLICABLE;
    const { complete, gaps } = installGaps(ctx, c, edgeTaints(ctx, code));
    if (complete) return [];
    if (gaps.length > 0)
      return gaps.map(({ r, gaps: g }) => ({
        message: `${r.type === 'helm_release' && !r.chart ? `the NeuVector install ${r.address} on cluster "${code}"` : `the network sensor ${describe(r)}`} ${g.join('; ')}`,
        fix: 'watch the traffic between pods on every node, edge zones included, and forward the alerts to the SOC',
        resource: r,
      }));
    const hostOnly = onClusterOfHub(ctx, c, 'helm_release').some((r) => /^(falco|tetragon)$/.test(chartName(r)));
    const out: Violation = {
      message: `cluster "${code}" runs departments but no detector of the traffic between them${hostOnly ? ' (Falco or Tetragon watch system calls on the nodes, not the traffic between departments)' : ''}`,
      fix: "install NeuVector's enforcer (or a Suricata sensor on every node's host network) and forward its alerts to the SOC",
    };
    return out;
  },
};
