import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ICluster } from '../core/contracts';
import { CpuArch } from '../core/enums';
import type { IHubHost } from '../core/extension';
import { constructId } from '../core/names';
import { canonicalCidr, parseCidr } from '../private/cidr';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor, ResourceBatch } from '../private/resource-batch';
import type { PlacementPolicySection } from '../schema/inventory';
import { ClusterConnection, distinctClusters } from '../topology/cluster-connection';
import { DEFAULT_DEDICATED_LINE_PORTS } from './burst';
import { DOMESTIC_HARDWARE_POLICY_NAME, domesticHardwarePolicy } from './domestic-hardware';
import { dedicatedLineCidrs, isBurstPlacement } from './network-reach';
import { imagePrefix, REGISTRY_POLICY_NAME, registryAllowListPolicy } from './registry-policy';
import { TenantPlacementRules } from './tenant-placement';

/** Properties of a {@link PlacementPolicy}. */
export interface PlacementPolicyProps {
  readonly hub: IHubHost;
}

/** The `placementPolicy` section of the province's inventory entry (read by the review). */
export interface PlacementPolicyInventory {
  readonly registryAllowList: { registry: string; imagePrefix: string; policy: string; clusters: string[] };
  readonly dedicatedLineCidrs: string[];
  readonly dedicatedLinePorts: number[];
  readonly domesticHardwarePolicy: { policy: string; clusters: string[] };
  /** Industry clouds whose tenants must all run on domestic (信创) hardware. */
  readonly domesticHardwareIndustryClouds: string[];
  /** Every tenant kept on domestic hardware, through its industry cloud or its own option. */
  readonly domesticHardwareTenants: string[];
  /** Who may burst, where and how far. */
  readonly burstingTenants: Array<{ tenant: string; industryCloud: string; cluster: string; maxCpu: number; maxMemoryGi: number; maxPods?: number }>;
}

/** Kubernetes label keys and values (`[prefix/]name`, name and value 63 characters at most). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The hub's placement policy, in the hub stack: on every cluster, the registry allow-list admission policy
 * (pods in tenant namespaces run only images from the hub registry); on every ARM64 cluster, the
 * domestic-hardware admission policy. Checks the dedicated line and node pools, keeps secrets out of burst
 * namespaces, and writes the `placementPolicy` inventory section.
 */
export class PlacementPolicy extends Construct {
  private readonly hub: IHubHost;

  constructor(scope: Construct, id: string, props: PlacementPolicyProps) {
    super(scope, constructId(scope, id, 'placement policy'));
    this.hub = props.hub;
    const clusters = distinctClusters(this.hub.clusters);
    const placed = clusters.map((cluster) => ({ cluster, conn: ClusterConnection.of(this, cluster) }));
    batchFor(this).addProducer(() => placed.flatMap(({ cluster, conn }) => this.clusterObjects(cluster, conn)));
    LandingZoneContext.of(this).addCheck((r) => this.check(r));
    this.hub.addInventorySection('placementPolicy', () => this.inventory());
  }

  private clusterObjects(cluster: ICluster, conn: ClusterConnection): BatchResource[] {
    const out: BatchResource[] = [];
    const emit = (name: string, pair: { policy: Record<string, unknown>; binding: Record<string, unknown> }) => {
      const policyName = `${name}--${cluster.name}`;
      const policy = k8s.manifest({ manifest: pair.policy });
      const binding = k8s.manifest({ manifest: pair.binding });
      out.push({ type: policy.type, name: policyName, body: { ...policy.body, provider: conn.kubernetesProviderRef } });
      out.push({
        type: binding.type,
        name: `${policyName}--binding`,
        body: { ...binding.body, provider: conn.kubernetesProviderRef, depends_on: [`${policy.type}.${policyName}`] },
      });
    };
    if (typeof this.hub.registry === 'string') emit(REGISTRY_POLICY_NAME, registryAllowListPolicy(this.hub.registry));
    if (isArm64(cluster)) emit(DOMESTIC_HARDWARE_POLICY_NAME, domesticHardwarePolicy());
    return out;
  }

  private inventory(): PlacementPolicyInventory & PlacementPolicySection {
    const hub = this.hub;
    const tenants = [...hub.tenants].sort((a, b) => a.code.localeCompare(b.code));
    return {
      registryAllowList: {
        registry: hub.registry,
        imagePrefix: imagePrefix(hub.registry),
        policy: REGISTRY_POLICY_NAME,
        clusters: hub.clusters.map((c) => c.name),
      },
      dedicatedLineCidrs: dedicatedLineCidrs(hub),
      dedicatedLinePorts: [...(hub.dedicatedLinePorts ?? DEFAULT_DEDICATED_LINE_PORTS)],
      domesticHardwarePolicy: { policy: DOMESTIC_HARDWARE_POLICY_NAME, clusters: hub.clusters.filter(isArm64).map((c) => c.name) },
      domesticHardwareIndustryClouds: hub.industryClouds
        .filter((ic) => ic.requireDomesticHardware === true)
        .map((ic) => ic.code)
        .sort(),
      domesticHardwareTenants: tenants.filter((t) => TenantPlacementRules.of(t)?.requiresDomesticHardware === true).map((t) => t.code),
      burstingTenants: tenants.flatMap((t) =>
        t.placements.filter(isBurstPlacement).map((p) => ({
          tenant: t.code,
          industryCloud: t.industryCloud.code,
          cluster: p.cluster.name,
          maxCpu: p.quota.cpu,
          maxMemoryGi: p.quota.memoryGi,
          ...(p.quota.pods !== undefined ? { maxPods: p.quota.pods } : {}),
        })),
      ),
    };
  }

  private check(r: ProblemReporter): void {
    this.checkDedicatedLine(r);
    this.checkNodePools(r);
    this.checkNoSecretsInBurstNamespaces(r);
  }

  private checkDedicatedLine(r: ProblemReporter): void {
    const hub = this.hub;
    const cidrs: unknown = hub.dedicatedLineCidrs;
    if (cidrs === undefined) return;
    if (!Array.isArray(cidrs)) {
      r.error(hub, { code: 'invalid-value', value: cidrs, message: 'dedicatedLineCidrs must be a list of CIDRs', fix: "set dedicatedLineCidrs: ['10.20.0.0/24']" });
      return;
    }
    const seen = new Set<string>();
    for (const text of cidrs) {
      const c = parseCidr(text);
      if (typeof c === 'string') {
        r.error(hub, { code: 'invalid-cidr', value: text, message: `dedicatedLineCidrs: ${c}`, fix: "write each block as address/prefix, e.g. '10.20.0.0/24'" });
        continue;
      }
      if (c.prefixLength === 0) {
        r.error(hub, {
          code: 'invalid-cidr',
          value: text,
          message: 'dedicatedLineCidrs holds a block of every address, which would let burst namespaces on public clusters connect anywhere',
          fix: "list only the private API gateway's addresses reachable over the dedicated line, e.g. '10.20.0.0/24'",
        });
        continue;
      }
      const canonical = canonicalCidr(c);
      if (canonical !== text) {
        r.error(hub, { code: 'invalid-cidr', value: text, message: `dedicatedLineCidrs: ${text} has host bits set`, fix: `write it as ${canonical}` });
      }
      if (seen.has(canonical)) r.error(hub, { code: 'duplicate', value: text, message: `dedicatedLineCidrs lists ${canonical} twice`, fix: 'list each block once' });
      seen.add(canonical);
    }
    const ports: unknown = hub.dedicatedLinePorts;
    if (!Array.isArray(ports) || ports.length === 0) {
      r.error(hub, { code: 'invalid-port', value: ports, message: 'dedicatedLinePorts must list at least one port', fix: 'leave it unset for 443, or list the API gateway ports, e.g. [443, 8443]' });
      return;
    }
    for (const p of ports) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) {
        r.error(hub, { code: 'invalid-port', value: p, message: 'dedicatedLinePorts holds a value that is not a port', fix: 'use port numbers from 1 to 65535' });
      }
    }
  }

  private checkNodePools(r: ProblemReporter): void {
    for (const cluster of this.hub.clusters) {
      const names = new Set<string>();
      for (const pool of cluster.nodePools ?? []) {
        const at = `${this.hub.node.path}/clusters/${cluster.name}/nodePools/${String(pool?.name)}`;
        if (typeof pool?.name !== 'string' || pool.name.trim() === '') {
          r.error(at, { code: 'missing-value', value: pool?.name, message: 'a node pool has no name', fix: "name the pool, e.g. 'kunpeng'" });
        } else if (names.has(pool.name)) {
          r.error(at, { code: 'duplicate', value: pool.name, message: `node pool "${pool.name}" is declared twice on cluster "${cluster.name}"`, fix: 'give every pool its own name' });
        }
        names.add(pool?.name);
        if (pool?.arch !== undefined && !CpuArch.parse(pool.arch)) {
          r.error(at, { code: 'invalid-value', value: pool.arch, message: 'arch is not a CpuArch', fix: "use CpuArch.AMD64 or CpuArch.ARM64, or leave it unset for the cluster's" });
        }
        const labels = pool?.nodeLabels;
        if (typeof labels !== 'object' || labels === null || Object.keys(labels).length === 0) {
          r.error(at, { code: 'missing-value', value: labels, message: 'the node pool has no nodeLabels to select its nodes by', fix: "set nodeLabels, e.g. { 'node.gov-lz.io/pool': 'kunpeng' }" });
          continue;
        }
        for (const [key, value] of Object.entries(labels)) {
          const problem = labelProblem(key, value);
          if (problem) r.error(at, { code: 'invalid-label', value: `${key}=${String(value)}`, message: problem, fix: 'use the label exactly as it is on the nodes (kubectl get nodes --show-labels)' });
        }
      }
    }
  }

  /** No Secret may be copied into a burst namespace on a public cluster, by any layer. */
  private checkNoSecretsInBurstNamespaces(r: ProblemReporter): void {
    const burst = new Set<string>();
    for (const t of this.hub.tenants) {
      for (const p of t.placements) if (isBurstPlacement(p)) burst.add(`kubernetes.${p.cluster.name} ${p.namespace}`);
    }
    if (burst.size === 0) return;
    for (const c of this.node.root.node.findAll()) {
      if (!ResourceBatch.isResourceBatch(c)) continue;
      for (const res of c.resources) {
        const namespace = secretNamespace(res);
        if (namespace === undefined || !burst.has(`${String(res.body.provider)} ${namespace}`)) continue;
        r.error(c, {
          code: 'secret-in-burst-namespace',
          value: `${res.type}.${res.name}`,
          message: `${res.type}.${res.name} puts a Secret into the burst namespace "${namespace}" on a public cluster (${String(res.body.provider).replace(/^kubernetes\./, '')}); credentials are never copied to the public cloud`,
          fix: 'create the secret only on the private clusters (privateServiceClusters(tenant)); burst workloads call private services through the API gateway over the dedicated line',
        });
      }
    }
  }
}

function isArm64(cluster: ICluster): boolean {
  return CpuArch.parse(cluster.arch)?.value === CpuArch.ARM64.value;
}

/** The namespace of a Secret resource (kubernetes_secret[_v1] or a manifest of kind Secret), else undefined. */
function secretNamespace(res: BatchResource): string | undefined {
  const first = (x: unknown) => (Array.isArray(x) ? x[0] : x) as Record<string, unknown> | undefined;
  if (res.type === 'kubernetes_secret_v1' || res.type === 'kubernetes_secret') {
    const ns = first(res.body.metadata)?.namespace;
    return typeof ns === 'string' ? ns : 'default';
  }
  if (res.type === 'kubernetes_manifest') {
    const m = res.body.manifest as Record<string, unknown> | undefined;
    if (m?.kind !== 'Secret') return undefined;
    const ns = first(m.metadata)?.namespace;
    return typeof ns === 'string' ? ns : 'default';
  }
  return undefined;
}

/** What is wrong with a Kubernetes label, or undefined. */
function labelProblem(key: string, value: unknown): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return `label key "${key}" has an invalid prefix (a DNS subdomain)`;
  if (!LABEL_NAME.test(name)) return `label key "${key}" is not a valid label name`;
  if (typeof value !== 'string' || (value !== '' && !LABEL_NAME.test(value))) return `label value ${JSON.stringify(value)} of "${key}" is not a valid label value`;
  return undefined;
}
