import { Construct } from 'constructs';
import type { IProvinceHub } from './province-hub';
import type { DataClass } from '../core/enums';
import { isLabelValue, Labels, MANAGED_BY, PART_OF, podSecurityLabels } from '../core/labels';
import { HubNamespaces } from '../core/names';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ICluster } from '../topology/cluster';
import { ClusterConnection } from '../topology/cluster-connection';

/** Properties of a {@link PlatformBaseline}. */
export interface PlatformBaselineProps {
  readonly hub: IProvinceHub;
  readonly cluster: ICluster;
}

/** A namespace the hub owns on a cluster. */
export interface HubNamespace {
  readonly name: string;
  /** MLPS network zone: `mgmt` for the platform, `dmz` for the gateway, `data` for middleware. */
  readonly zone: 'mgmt' | 'dmz' | 'data';
  readonly podSecurity: 'restricted' | 'baseline';
  /** The class of the data kept here, for namespaces that keep departments' data (MLPS3-14). @default - no data-class label */
  readonly dataClass?: DataClass;
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

/**
 * A hub namespace on one cluster, labelled with its network zone: `kubernetes_namespace_v1.<namespace>--<cluster>`.
 * @internal for the layers that add hub namespaces; the batch resource type is private
 */
export function hubNamespaceResource(hub: IProvinceHub, ns: HubNamespace, conn: ClusterConnection): BatchResource {
  // Where what runs here keeps its data (MLPS 8.2.4.5): the city of the cluster's site, when it is a label value.
  const city = hub.site(conn.cluster.site)?.city;
  const t = k8s.namespace({
    metadata: {
      name: ns.name,
      labels: {
        [Labels.MANAGED_BY]: MANAGED_BY,
        [Labels.PART_OF]: PART_OF,
        [Labels.PROVINCE]: hub.province,
        [Labels.ZONE]: ns.zone,
        [Labels.MLPS_LEVEL]: String(hub.mlpsLevel),
        ...(isLabelValue(city) ? { [Labels.DATA_LOCATION]: city } : {}),
        ...(ns.dataClass ? { [Labels.DATA_CLASS]: ns.dataClass.labelValue } : {}),
        ...podSecurityLabels(ns.podSecurity),
      },
    },
  });
  return { type: t.type, name: `${ns.name}--${conn.cluster.name}`, body: { ...t.body, provider: conn.kubernetesProviderRef } };
}
