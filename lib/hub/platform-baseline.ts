import { Construct } from 'constructs';
import { ICluster, type IProvinceHub } from '../core/contracts';
import { HubNamespaces } from '../core/names';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';
import { HubNamespace, hubNamespaceResource } from '../topology/hub-namespace';

/** Properties of a {@link PlatformBaseline}. */
export interface PlatformBaselineProps {
  readonly hub: IProvinceHub;
  readonly cluster: ICluster;
}

/**
 * What the hub lays on every cluster before anything else (phase 1, the platform stack): its own
 * namespaces, labelled with their network zone. Operators and CRDs join them in later layers.
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
    super(scope, id);
    this.cluster = props.cluster;
    const conn = ClusterConnection.of(this, props.cluster);
    batchFor(this).addProducer(() => this.objects(props.hub, conn));
  }

  private objects(hub: IProvinceHub, conn: ClusterConnection): BatchResource[] {
    return PlatformBaseline.NAMESPACES.map((ns) => hubNamespaceResource(hub, ns, conn));
  }
}
