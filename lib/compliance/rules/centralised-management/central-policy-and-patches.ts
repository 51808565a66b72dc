import { createHash } from 'crypto';
import type { HubSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { isUnderAny } from '../../suppressions';
import { GUARDRAIL_POLICY } from '../access-control/tenant-guardrails';

/**
 * The guardrails the hub lays on every cluster, public ones included: the registry allow-list (MLPS3-32), the
 * protection of managed objects (MLPS3-40) and of namespace labels (zones, security labels, MLPS3-14).
 */
export const GUARDRAIL_BASELINE: readonly string[] = ['gov-lz-registry-allow-list', GUARDRAIL_POLICY, 'gov-lz-protect-namespace-labels'];

/**
 * The Kubernetes minor versions this release of the landing zone supports: tested against (the end-to-end suite runs
 * 1.34) and still patched upstream or by the distributions provincial clouds run (ACK, CCE, TKE and KubeSphere patch
 * a minor for about two years). Moves with each release of the library; older minors get no security fixes.
 */
export const SUPPORTED_KUBERNETES_MINORS: readonly string[] = ['1.32', '1.33', '1.34', '1.35'];

const ADMISSION_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

/** `1.34.4` → [1, 34, 4]; undefined when it is not a version. */
export function parseKubernetesVersion(v: unknown): [number, number, number] | undefined {
  const m = typeof v === 'string' ? /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim()) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function digest(r: ViewResource): string {
  return createHash('sha256')
    .update(JSON.stringify(r.object?.spec ?? null))
    .digest('hex')
    .slice(0, 12);
}

/** Per kind and name, the hub's admission objects on each of its clusters: cluster → spec digest (and the resource). */
function admissionObjects(h: HubSubject, ctx: RuleContext, clusters: ReadonlySet<string>): Map<string, Map<string, { digest: string; r: ViewResource }>> {
  const out = new Map<string, Map<string, { digest: string; r: ViewResource }>>();
  for (const kind of ADMISSION_KINDS) {
    for (const r of ctx.ofKind(kind)) {
      // Only what the hub itself lays out is its baseline: the path, never a label or a name, says so.
      if (r.chart || !clusters.has(r.cluster) || !isUnderAny(r.path, h.scopes)) continue;
      const key = `${kind} ${r.object?.metadata.name ?? r.name}`;
      const m = out.get(key) ?? new Map();
      m.set(r.cluster, { digest: digest(r), r });
      out.set(key, m);
    }
  }
  return out;
}

/**
 * MLPS3-48: security policy and patches are managed centrally (8.1.5.4 e): every cluster of the hub carries the
 * same guardrail baseline (no drift between clusters in what the hub's admission policies say), and every cluster
 * declares the version its control plane runs, inside the supported window and patched together with its peers.
 */
export const centralPolicyAndPatches: ComplianceRule<'hub'> = {
  id: 'MLPS3-48',
  name: 'Security policy and patches are managed centrally',
  nameZh: '安全策略与补丁集中管理',
  domain: RuleDomain.CENTRALISED_MANAGEMENT,
  clauses: ['8.1.5.4 e'],
  severity: 'error',
  description: `Every cluster of the hub, public ones included, carries the hub's guardrail baseline (${GUARDRAIL_BASELINE.join(', ')}: policy and binding), and every admission policy or binding the hub lays on several clusters says the same on each (the spec's digest is compared: a policy weakened on one cluster is drift). Every cluster declares its control plane's Kubernetes version (controlPlane.kubernetesVersion): a minor in the supported window (${SUPPORTED_KUBERNETES_MINORS[0]}–${SUPPORTED_KUBERNETES_MINORS[SUPPORTED_KUBERNETES_MINORS.length - 1]}), clusters at most one minor apart, and clusters of one minor on one patch release. Malicious-code rules (MLPS3-47) and node and image patches are checked elsewhere or are manual evidence.`,
  remediation:
    "Keep the hub's baseline on every cluster (the placement and tenancy layers install it; never edit it on one cluster), upgrade clusters through the supported window together, and declare what each runs: controlPlane.kubernetesVersion: '1.34.4'.",
  provisional:
    'A cluster that declares no version is a warning (the fact is unknown, not wrong); a version outside the window, skew and policy drift are errors; clusters of one minor on different patches are warnings.',
  subject: 'hub',
  check: function centralPolicyAndPatches(h: HubSubject, ctx: RuleContext) {
    if (h.published) return RuleStatus.NOT_APPLICABLE;
    const list = (h.hub.clusters ?? []).filter((c) => typeof c?.name === 'string');
    const clusters = new Set(list.map((c) => c.name));
    if (clusters.size === 0) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const objects = admissionObjects(h, ctx, clusters);
    for (const name of GUARDRAIL_BASELINE) {
      for (const kind of ADMISSION_KINDS) {
        const here = objects.get(`${kind} ${name}`) ?? new Map();
        const missing = [...clusters].filter((c) => !here.has(c)).sort();
        for (const c of missing)
          out.push({
            message: `cluster "${c}" lacks the ${kind} ${name} of the hub's guardrail baseline, which ${here.size > 0 ? `${[...here.keys()].sort().join(', ')} carry` : 'no cluster carries'}`,
            fix: "keep the hub's baseline on every cluster (it is laid by the landing zone: do not remove it from one cluster's configuration)",
            path: `${h.path}/clusters/${c}`,
          });
      }
    }
    for (const [key, byCluster] of [...objects].sort(([a], [b]) => a.localeCompare(b))) {
      if (byCluster.size < 2) continue;
      const counts = new Map<string, number>();
      for (const { digest: d } of byCluster.values()) counts.set(d, (counts.get(d) ?? 0) + 1);
      if (counts.size < 2) continue;
      const majority = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      const tie = [...counts.values()].filter((n) => n === majority[1]).length > 1;
      const variants = [...byCluster].map(([c, v]) => `${c} (${v.digest})`).sort();
      for (const [c, v] of [...byCluster].sort(([a], [b]) => a.localeCompare(b))) {
        if (!tie && v.digest === majority[0]) continue;
        out.push({
          message: `${key} differs between the hub's clusters: ${variants.join(', ')}; cluster "${c}" does not hold the same policy as its peers`,
          fix: 'lay one policy on every cluster from the hub (a change reaches all clusters at once); a cluster-specific policy gets a name of its own',
          resource: v.r,
        });
      }
    }
    const versions: Array<{ cluster: string; v: [number, number, number] }> = [];
    for (const c of list) {
      const declared = c.controlPlane?.kubernetesVersion;
      const v = parseKubernetesVersion(declared);
      const at = `${h.path}/clusters/${c.name}`;
      if (declared === undefined || v === undefined) {
        out.push({
          message: `cluster "${c.name}" declares no Kubernetes version, so whether its control plane is patched is unknown`,
          fix: "declare what it runs: controlPlane.kubernetesVersion: '1.34.4' (kubectl version)",
          severity: 'warning',
          path: at,
        });
        continue;
      }
      versions.push({ cluster: c.name, v });
      const minor = `${v[0]}.${v[1]}`;
      if (!SUPPORTED_KUBERNETES_MINORS.includes(minor))
        out.push({
          message: `cluster "${c.name}" runs Kubernetes ${declared}, outside the supported window ${SUPPORTED_KUBERNETES_MINORS.join(', ')}: ${v[1] < Number(SUPPORTED_KUBERNETES_MINORS[0].split('.')[1]) ? 'its minor no longer receives security fixes' : 'this release of the landing zone is not tested against it'}`,
          fix: `upgrade it to a supported minor (${SUPPORTED_KUBERNETES_MINORS.join(', ')}), one minor at a time`,
          path: at,
        });
    }
    if (versions.length > 1) {
      const minors = versions.map((x) => x.v[1]);
      const lo = Math.min(...minors);
      const hi = Math.max(...minors);
      if (hi - lo > 1)
        out.push({
          message: `the clusters of hub "${h.hub.province}" are ${hi - lo} minor versions apart (${versions.map((x) => `${x.cluster} ${x.v.join('.')}`).join(', ')}): they are not upgraded together`,
          fix: 'upgrade the clusters behind first; keep every cluster within one minor of the others',
        });
      const byMinor = new Map<number, Array<{ cluster: string; v: [number, number, number] }>>();
      for (const x of versions) byMinor.set(x.v[1], [...(byMinor.get(x.v[1]) ?? []), x]);
      for (const group of byMinor.values()) {
        const top = Math.max(...group.map((x) => x.v[2]));
        for (const x of group)
          if (x.v[2] < top)
            out.push({
              message: `cluster "${x.cluster}" runs ${x.v.join('.')} while other clusters of hub "${h.hub.province}" run ${x.v[0]}.${x.v[1]}.${top}: the patch release was not rolled out to every cluster`,
              fix: `patch "${x.cluster}" to ${x.v[0]}.${x.v[1]}.${top}`,
              severity: 'warning',
              path: `${h.path}/clusters/${x.cluster}`,
            });
      }
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
