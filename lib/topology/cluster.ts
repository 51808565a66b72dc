import { CloudKind, CpuArch } from '../core/enums';
import { ResourceAmounts } from '../core/quantities';
import type { ClusterConnectionProps, ICluster, NodePool } from '../core/contracts';

/** An existing Kubernetes cluster (集群). */
export interface ClusterProps {
  /** Cluster code, unique in the province, e.g. `hz-a-core`. */
  readonly name: string;
  /** Code of the site the cluster runs in. */
  readonly site: string;
  /** Private (government) or public cloud. */
  readonly cloud: CloudKind;
  /** CPU architecture of its nodes. */
  readonly arch: CpuArch;
  /** What tenants and middleware may reserve on it, in total. */
  readonly capacity: ResourceAmounts;
  /** How Terraform reaches it. */
  readonly connection: ClusterConnectionProps;
  /** Named node pools, for placement. @default - none */
  readonly nodePools?: NodePool[];
  /** @default - the cluster code */
  readonly displayName?: string;
}

/** A Kubernetes cluster of the province. */
export class Cluster implements ICluster {
  public readonly name: string;
  public readonly site: string;
  public readonly cloud: CloudKind;
  public readonly arch: CpuArch;
  public readonly capacity: ResourceAmounts;
  public readonly connection: ClusterConnectionProps;
  public readonly nodePools: readonly NodePool[];
  public readonly displayName: string;

  constructor(props: ClusterProps) {
    this.name = props.name;
    this.site = props.site;
    this.cloud = CloudKind.parse(props.cloud) ?? props.cloud;
    this.arch = CpuArch.parse(props.arch) ?? props.arch;
    this.capacity = props.capacity;
    this.connection = props.connection ?? {};
    this.nodePools = props.nodePools ?? [];
    this.displayName = props.displayName ?? props.name;
  }
}
