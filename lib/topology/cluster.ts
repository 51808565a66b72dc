import { CloudKind, CpuArch } from '../core/enums';
import { ResourceAmounts } from '../core/quantities';

/** A client-go exec credential plugin (e.g. a government IAM's token helper); no static token is ever accepted. */
export interface ExecCredential {
  /** e.g. `client.authentication.k8s.io/v1beta1`. */
  readonly apiVersion: string;
  readonly command: string;
  /** @default - none */
  readonly args?: string[];
  /** @default - none */
  readonly env?: Record<string, string>;
}

/**
 * How Terraform reaches a cluster: a kubeconfig path and context, or a host with its CA and an exec plugin.
 * Passwords, tokens and client keys are deliberately not accepted: they would land in cdktf.out.
 */
export interface ClusterConnectionProps {
  /** Path to a kubeconfig file. @default - none; `host` must then be set */
  readonly configPath?: string;
  /** Context in the kubeconfig. @default - the kubeconfig's current context */
  readonly context?: string;
  /** API server URL, e.g. `https://10.1.0.10:6443`. @default - taken from the kubeconfig */
  readonly host?: string;
  /** PEM of the cluster CA; required with `host` (MLPS 8.2.4.1: the client verifies the server). @default - none */
  readonly clusterCaCertificate?: string;
  /** Credential plugin; required with `host`. @default - none */
  readonly exec?: ExecCredential;
  /** Server name to verify in the API server's certificate. @default - the host name */
  readonly tlsServerName?: string;
}

/** A node pool the landing zone can place pods on (by node labels). */
export interface NodePool {
  readonly name: string;
  /** Labels that select the pool's nodes, e.g. `{ 'node.gov-lz.io/pool': 'xc-kunpeng' }`. */
  readonly nodeLabels: Record<string, string>;
  /** CPU architecture of the pool. @default - the cluster's */
  readonly arch?: CpuArch;
}

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
}

/** A cluster as the rest of the landing zone sees it. */
export interface ICluster {
  readonly name: string;
  readonly site: string;
  readonly cloud: CloudKind;
  readonly arch: CpuArch;
  readonly capacity: ResourceAmounts;
  readonly connection: ClusterConnectionProps;
  readonly nodePools: readonly NodePool[];
  readonly displayName: string;
  /** Pod address blocks, as declared. @default - none declared */
  readonly podCidrs?: readonly string[];
  /** Service address blocks, as declared. @default - none declared */
  readonly serviceCidrs?: readonly string[];
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
  }
}
