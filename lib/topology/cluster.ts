import type { ClusterConnectionProps, ClusterControlPlane, ICluster, NodePool } from '../core/contracts';
import { CloudKind, CpuArch } from '../core/enums';
import { ResourceAmounts } from '../core/quantities';

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
  /**
   * Address blocks the cluster gives pods (the CNI's pod CIDRs, e.g. `10.244.0.0/16`). A department's network rule
   * whose address block overlaps them reaches other departments' pods by address, past namespace isolation: the
   * compliance pack reports it (MLPS3-28).
   * @default - none declared: address blocks in private address space are reported as warnings, since they may be pods
   */
  readonly podCidrs?: string[];
  /** Address blocks of the cluster's Services (`--service-cluster-ip-range`, e.g. `10.96.0.0/12`); see `podCidrs`. @default - none declared */
  readonly serviceCidrs?: string[];
  /**
   * What the control plane is configured with (secrets encryption, authentication, endpoint, audit backend): synth
   * cannot see an API server, so the compliance pack checks this declaration (MLPS3-35 to MLPS3-38) and the reports
   * name it as the evidence the assessor compares with the control plane.
   * @default - not declared: the compliance pack warns for each fact it cannot judge
   */
  readonly controlPlane?: ClusterControlPlane;
  /**
   * The CNI plugin, e.g. `calico`, `cilium`, `antrea`, `terway` (with its NetworkPolicy option), `flannel`. Only a
   * plugin that enforces NetworkPolicy makes the landing zone's policies real (flannel alone ignores them: MLPS3-39).
   * @default - not declared
   */
  readonly networkPlugin?: string;
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
  public readonly podCidrs?: readonly string[];
  public readonly serviceCidrs?: readonly string[];
  public readonly controlPlane?: ClusterControlPlane;
  public readonly networkPlugin?: string;

  constructor(props: ClusterProps) {
    // A JavaScript caller may pass anything: what is missing is reported by the hub's checks, not as a TypeError.
    const p: Partial<ClusterProps> = props !== null && typeof props === 'object' ? props : {};
    this.name = p.name as string;
    this.site = p.site as string;
    this.cloud = CloudKind.parse(p.cloud) ?? (p.cloud as CloudKind);
    this.arch = CpuArch.parse(p.arch) ?? (p.arch as CpuArch);
    this.capacity = p.capacity as ResourceAmounts;
    this.connection = p.connection ?? {};
    this.nodePools = Array.isArray(p.nodePools) ? p.nodePools : [];
    this.displayName = p.displayName ?? (p.name as string);
    this.podCidrs = p.podCidrs;
    this.serviceCidrs = p.serviceCidrs;
    this.controlPlane = p.controlPlane;
    this.networkPlugin = p.networkPlugin;
  }
}
