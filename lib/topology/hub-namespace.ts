/**
 * A namespace the hub owns on a cluster (its platform, gateway and middleware namespaces), labelled with its network
 * zone. In topology because the hub model and the middleware shelf both lay them, and neither may import the other.
 */
import type { IProvinceHub } from '../core/contracts';
import type { DataClass } from '../core/enums';
import { isLabelValue, Labels, MANAGED_BY, PART_OF, podSecurityLabels } from '../core/labels';
import * as k8s from '../private/k8s';
import type { BatchResource } from '../private/resource-batch';
import type { ClusterConnection } from './cluster-connection';

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
