import { Construct } from 'constructs';
import { LandingZoneContext } from '../core/context';
import { ICluster, type IProvinceHub } from '../core/contracts';
import { constructId, HubNamespaces } from '../core/names';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';
import { HubNamespace, hubNamespaceResource } from '../topology/hub-namespace';
import { ApiServerWebhooks, managementIngressPolicies, missingApiServerCidrs } from '../topology/management-ingress';

/** Properties of a {@link PlatformBaseline}. */
export interface PlatformBaselineProps {
  readonly hub: IProvinceHub;
  readonly cluster: ICluster;
}

/**
 * What the hub lays on every cluster before anything else (phase 1, the platform stack): its own
 * namespaces, labelled with their network zone, and the ingress of its management namespace `gov-lz-system`:
 * denied by default, open inside it and to the API server on the ports of the webhooks the layers
 * install there (see lib/topology/management-ingress). Operators and CRDs join them in later layers.
 */
export class PlatformBaseline extends Construct {
  /** The hub namespaces on each cluster. */
  public static readonly NAMESPACES: readonly HubNamespace[] = [
    // Operators need little privilege, but some (backup node agents) need more than `restricted`.
    { name: HubNamespaces.SYSTEM, zone: 'mgmt', podSecurity: 'baseline' },
    { name: HubNamespaces.GATEWAY, zone: 'dmz', podSecurity: 'restricted' },
  ];

  public readonly cluster: ICluster;

  constructor(scope: Construct, id: string, props: PlatformBaselineProps) {
    super(scope, constructId(scope, id, 'platform baseline'));
    this.cluster = props.cluster;
    const conn = ClusterConnection.of(this, props.cluster);
    batchFor(this).addProducer(() => this.objects(props.hub, conn));
    LandingZoneContext.of(this).addCheck((r) => {
      for (const ns of this.managementNamespaces()) {
        const missing = missingApiServerCidrs(this.cluster, ns, ApiServerWebhooks.of(this, this.cluster).in(ns));
        if (missing) r.warn(this, missing);
      }
    });
  }

  private managementNamespaces(): string[] {
    return PlatformBaseline.NAMESPACES.filter((ns) => ns.zone === 'mgmt').map((ns) => ns.name);
  }

  private objects(hub: IProvinceHub, conn: ClusterConnection): BatchResource[] {
    const webhooks = ApiServerWebhooks.of(this, this.cluster);
    return [...PlatformBaseline.NAMESPACES.map((ns) => hubNamespaceResource(hub, ns, conn)), ...this.managementNamespaces().flatMap((ns) => managementIngressPolicies(conn, ns, webhooks.in(ns)))];
  }
}
