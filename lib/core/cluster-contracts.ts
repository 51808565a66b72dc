/** How the landing zone reaches a cluster and which of its node pools it places pods on (part of lib/core/contracts). */
import type { CpuArch } from './enums';

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
