/**
 * Domestic hardware placement (信创): departments or whole industry clouds that must run on domestic
 * ARM64 servers (Kunpeng 鲲鹏, Phytium 飞腾). Only ARM64 clusters qualify; on them, the namespace carries a
 * default node selector (PodNodeSelector admission plugin) that keeps pods on the cluster's ARM64 node
 * pools, and an admission policy rejects any pod that would not be placed on arm64 nodes.
 */
import { ProblemReporter } from '../core/context';
import type { ICluster, IIndustryCloud, NodePool } from '../core/contracts';
import { CpuArch } from '../core/enums';
import { Annotations, Labels } from '../core/labels';
import { podAdmissionPolicy } from '../private/admission-policy';

/** Name of the domestic-hardware admission policy and of its binding, on every ARM64 cluster. */
export const DOMESTIC_HARDWARE_POLICY_NAME = 'gov-lz-domestic-hardware';

/** Value of the `gov-lz.io/domestic-hardware` namespace label that the policy selects. */
export const DOMESTIC_HARDWARE_REQUIRED = 'required';

/** The node pools of a cluster that are domestic hardware: those whose architecture (or the cluster's) is ARM64. */
export function domesticNodePools(cluster: ICluster): NodePool[] {
  return (cluster.nodePools ?? []).filter((p) => (CpuArch.parse(p.arch ?? cluster.arch) ?? p.arch)?.value === CpuArch.ARM64.value);
}

/**
 * The node labels that keep pods on a cluster's domestic hardware: `kubernetes.io/arch=arm64`, plus every
 * label that all its ARM64 node pools share (one pool: all its labels), in key order.
 */
export function domesticNodeSelector(cluster: ICluster): Record<string, string> {
  const selector: Record<string, string> = { [CpuArch.ARM64.nodeLabel]: CpuArch.ARM64.value };
  const pools = domesticNodePools(cluster);
  if (pools.length > 0) {
    for (const [key, value] of Object.entries(pools[0].nodeLabels ?? {})) {
      if (pools.every((p) => (p.nodeLabels ?? {})[key] === value)) selector[key] = value;
    }
  }
  return Object.fromEntries(
    Object.keys(selector)
      .sort()
      .map((k) => [k, selector[k]]),
  );
}

/** The selector as the PodNodeSelector annotation writes it: `key=value` pairs joined by commas. */
export function nodeSelectorAnnotation(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Why a cluster cannot host a namespace that requires domestic hardware, or undefined when it can. */
export function domesticHardwareProblem(cluster: ICluster, who: string): { message: string; fix: string } | undefined {
  const arch = CpuArch.parse(cluster.arch);
  if (!arch) return undefined; // the hub reports an invalid arch
  if (arch.value !== CpuArch.ARM64.value) {
    return {
      message: `${who} requires domestic hardware (信创), but cluster "${cluster.name}" is ${arch.value}; only ARM64 (鲲鹏/飞腾) clusters qualify`,
      fix: `place it on ARM64 clusters only (remove "${cluster.name}"), or set requireDomesticHardware: false if the policy does not apply`,
    };
  }
  if ((cluster.nodePools ?? []).length > 0 && domesticNodePools(cluster).length === 0) {
    return {
      message: `${who} requires domestic hardware (信创), but none of the node pools cluster "${cluster.name}" declares is ARM64`,
      fix: `declare the cluster's ARM64 node pools in nodePools (arch: CpuArch.ARM64), or place it on another ARM64 cluster`,
    };
  }
  return undefined;
}

/** Checks of an industry cloud that requires domestic hardware: every one of its clusters must qualify. */
export function checkIndustryCloudDomesticHardware(ic: IIndustryCloud, r: ProblemReporter): void {
  const required = ic.requireDomesticHardware;
  if (required !== undefined && typeof required !== 'boolean') {
    r.error(ic, { code: 'invalid-value', value: required, message: 'requireDomesticHardware must be true or false', fix: 'set requireDomesticHardware: true, or leave it unset' });
    return;
  }
  if (!required) return;
  for (const cluster of ic.clusters) {
    const problem = domesticHardwareProblem(cluster, `industry cloud "${ic.code}"`);
    if (problem) r.error(ic, { code: 'not-domestic-hardware', value: cluster.name, ...problem });
  }
}

/**
 * The admission policy and binding for one ARM64 cluster: in namespaces labelled
 * `gov-lz.io/domestic-hardware=required`, a pod must select `kubernetes.io/arch: arm64`. With the
 * PodNodeSelector plugin on, the namespace annotation adds that selector before validation runs; without
 * it, pods that do not ask for arm64 nodes themselves are rejected instead of landing on other hardware.
 */
export function domesticHardwarePolicy(): { policy: Record<string, unknown>; binding: Record<string, unknown> } {
  const key = CpuArch.ARM64.nodeLabel;
  return podAdmissionPolicy({
    name: DOMESTIC_HARDWARE_POLICY_NAME,
    validations: [
      {
        expression: `has(object.spec.nodeSelector) && '${key}' in object.spec.nodeSelector && object.spec.nodeSelector['${key}'] == '${CpuArch.ARM64.value}'`,
        message:
          `this namespace requires domestic hardware (信创): the pod must select ${key}: ${CpuArch.ARM64.value} ` +
          `(the PodNodeSelector admission plugin adds it from the namespace annotation ${Annotations.NODE_SELECTOR})`,
      },
    ],
    namespaceSelector: { matchLabels: { [Labels.DOMESTIC_HARDWARE]: DOMESTIC_HARDWARE_REQUIRED } },
  });
}
