/**
 * The failover stacks: `<province>-failover-<cluster>`, one per private cluster that an offering keeps a switchable
 * address on. Each holds only objects of its own cluster (one kubernetes provider), so it plans and applies while
 * the other site's API server is down: during a failover the platform team changes the offering's `primaryCluster`
 * and applies the survivor's failover stack alone, which repoints the hub-owned database address (an ExternalName
 * Service) that tenants connect to — no tenant stack, no hub stack, nothing that references the lost cluster.
 */
import type { TerraformStack } from 'cdktf';
import type { FailoverAddress, IRecoveryMechanismSource } from '../core/contracts';
import { CloudKind } from '../core/enums';
import type { IHubHost, IHubStacks } from '../core/extension';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import * as k8s from '../private/k8s';
import { batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';

/** Name of a cluster's failover stack. */
export function failoverStackName(province: string, cluster: string): string {
  return `${province}-failover-${cluster}`;
}

/** Lays a failover stack per private cluster whose sources declare addresses (evaluated at synth). */
export function addFailoverStacks(own: IHubStacks, hub: IHubHost, sources: () => readonly IRecoveryMechanismSource[]): Map<string, TerraformStack> {
  const out = new Map<string, TerraformStack>();
  for (const cluster of hub.clusters) {
    // A cluster code declared twice is reported by the hub's checks; its failover stack is laid once.
    if (out.has(cluster.name)) continue;
    // equals: a JavaScript caller's missing or unknown cloud is reported at the gate, not a TypeError here.
    if (!CloudKind.PRIVATE.equals(cluster.cloud) || typeof cluster.name !== 'string') continue;
    const stack = own.addStack(failoverStackName(hub.province, cluster.name));
    // First deploy only: the namespaces the addresses live in come from the hub stack. During a failover the stack is
    // applied alone (`cdktf deploy <stack> --ignore-missing-stack-dependencies`, or terraform in its folder).
    stack.addDependency(own.hubStack);
    const conn = ClusterConnection.of(stack, cluster);
    batchFor(stack, 'FailoverAddresses').addProducer(() =>
      addressesOf(sources(), cluster.name).map((a) => {
        const svc = k8s.manifest({ manifest: addressService(a) });
        return { type: svc.type, name: `${a.namespace}--${a.name}`, body: { ...svc.body, provider: conn.kubernetesProviderRef } };
      }),
    );
    out.set(cluster.name, stack);
  }
  return out;
}

function addressesOf(sources: readonly IRecoveryMechanismSource[], cluster: string): FailoverAddress[] {
  return sources.flatMap((s) => s.failoverAddresses?.(cluster) ?? []).sort((x, y) => `${x.namespace}/${x.name}`.localeCompare(`${y.namespace}/${y.name}`));
}

/** The Service (v1, ExternalName) behind a hub-owned address. */
export function addressService(a: FailoverAddress): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: a.name,
      namespace: a.namespace,
      labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, ...(a.labels ?? {}) },
      annotations: { 'gov-lz.io/failover-address': 'switched by the failover stack of this cluster; see the runbook' },
    },
    spec: { type: 'ExternalName', externalName: a.target, ports: [{ name: 'service', port: a.port, protocol: 'TCP' }] },
  };
}
