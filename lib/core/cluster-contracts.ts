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

/**
 * A provider of the API server's EncryptionConfiguration (`apiserver.config.k8s.io/v1`), by type only: the keys stay
 * on the control plane and never in the landing zone's input.
 */
export type EncryptionProviderKind = 'kms-v2' | 'kms-v1' | 'aescbc' | 'aesgcm' | 'secretbox' | 'identity';

/** The encryption-provider types an EncryptionConfiguration may list. */
export const ENCRYPTION_PROVIDER_KINDS: readonly EncryptionProviderKind[] = ['kms-v2', 'kms-v1', 'aescbc', 'aesgcm', 'secretbox', 'identity'];

/**
 * How the API server authenticates people (its flags, or its AuthenticationConfiguration), and what the identity
 * provider it trusts enforces. Synth cannot see the control plane: this is the platform team's declaration, checked
 * by the compliance pack (MLPS3-36) and to be shown to the assessor with the API server's manifest.
 */
export interface ApiServerAuthentication {
  /** Issuer URL of the OIDC identity provider the API server trusts (`--oidc-issuer-url`, or a JWT authenticator): the province IdP. @default - none */
  readonly oidcIssuerUrl?: string;
  /** Whether anonymous requests are served (`--anonymous-auth`). */
  readonly anonymousAuth: boolean;
  /** Whether a static token file is configured (`--token-auth-file`). */
  readonly staticTokenFile: boolean;
  /** Failed logins after which the IdP locks the account (登录失败处理). @default - not declared */
  readonly idpLockoutAfterFailures?: number;
  /** Minutes after which an idle IdP session ends (连接超时自动退出). @default - not declared */
  readonly idpSessionTimeoutMinutes?: number;
  /** Whether the IdP requires two factors, one of them cryptographic (e.g. a USBKey or an SM2 certificate). @default false */
  readonly idpMultiFactor?: boolean;
  /** Hours after which an IdP session ends however active it is (absolute session lifetime, 会话最长时限). @default - not declared */
  readonly idpSessionMaxHours?: number;
  /** Minutes an ID token the IdP issues is valid (the API server accepts it until it expires; kubectl refreshes it). @default - not declared */
  readonly idpTokenLifetimeMinutes?: number;
}

/**
 * How the API server issues service-account tokens: `--service-account-max-token-expiration` and
 * `--service-account-extend-token-expiration` (on by default: the tokens the kubelet asks for are then valid a year).
 */
export interface ServiceAccountTokenIssuance {
  /** `--service-account-max-token-expiration`, in hours: the longest token the API server issues. */
  readonly maxExpirationHours: number;
  /** `--service-account-extend-token-expiration`: whether kubelet-requested tokens are issued for a year instead of their hour. */
  readonly extendExpiration: boolean;
}

/** Where the API server's endpoint listens and who may reach it. */
export interface ApiServerEndpoint {
  /** The network the API endpoint is published on: `management` (the management network only), `business` or `internet`. */
  readonly network: 'management' | 'business' | 'internet';
  /** Address blocks of the administrators' terminals (the bastion, the management network) admitted to the endpoint. */
  readonly allowedSourceCidrs: string[];
}

/** Where the API server writes its audit records (`--audit-log-path`, `--audit-webhook-config-file`). */
export interface ApiServerAuditBackend {
  /** `--audit-log-path` on the control-plane nodes (shipped by the log collector). @default - none */
  readonly logPath?: string;
  /** The audit webhook's destination, e.g. `https://audit.zj.gov.internal:8443/k8s` (no credential in it). @default - none */
  readonly webhookUrl?: string;
}

/**
 * What the cluster's control plane is configured with, as the platform team declares it: the landing zone cannot
 * read an API server's flags at synth, so the compliance pack (MLPS3-35 to MLPS3-38) checks this declaration, and the
 * assessor compares it with the control plane (its static-pod manifests, or the managed service's console).
 */
export interface ClusterControlPlane {
  /**
   * The providers of the EncryptionConfiguration entry for `secrets`, in order: the first encrypts what is written
   * (`kms-v2`, `aescbc` or `secretbox` first; `identity` first stores Secrets in plain text in etcd).
   * @default - not declared
   */
  readonly secretsEncryption?: EncryptionProviderKind[];
  /** How the API server authenticates people. @default - not declared */
  readonly authentication?: ApiServerAuthentication;
  /** Where its endpoint listens and who may reach it. @default - not declared */
  readonly endpoint?: ApiServerEndpoint;
  /** Where its audit records go. @default - not declared */
  readonly audit?: ApiServerAuditBackend;
  /**
   * The Kubernetes version the control plane runs, `<major>.<minor>.<patch>` as `kubectl version` prints it (e.g.
   * `1.34.4`): the patch level MLPS3-48 compares with the supported window and with the hub's other clusters.
   * @default - not declared
   */
  readonly kubernetesVersion?: string;
  /**
   * Address blocks the API server's own connections come from and its in-cluster endpoint listens on: the control-plane
   * nodes (kubeadm), or the range the managed service's control plane uses in the cluster's network. The hub's
   * management namespaces admit these addresses, and nothing else from outside the management zone, on the ports of the
   * admission, conversion and aggregated-API webhooks the operators serve there (KEDA, CloudNativePG, yurt-manager,
   * prometheus-operator); the middleware namespace lets its pods reach the API server here. They must lie outside the pod
   * network (a block over pods would admit every pod). Without them the webhooks cannot be reached once the management
   * namespaces deny ingress by default, which synth reports as a warning.
   * @default - not declared
   */
  readonly apiServerCidrs?: string[];
  /** TCP port of the API server at those addresses (the `kubernetes` Service's endpoint port). @default 6443 */
  readonly apiServerPort?: number;
  /** How it issues service-account tokens (MLPS3-56). @default - not declared */
  readonly serviceAccountTokens?: ServiceAccountTokenIssuance;
}

/** Severity of a vulnerability as image scanners grade it (CVSS bands: Trivy, Harbor). */
export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low';

/** The vulnerability severities, most severe first. */
export const VULNERABILITY_SEVERITIES: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low'];

/**
 * How the hub registry scans images and holds back vulnerable ones, as the platform team configured it (Harbor:
 * the project settings "Automatically scan images on push" and "Prevent vulnerable images from running" with its
 * severity, and the scanner's offline vulnerability database). Synth cannot read the registry: MLPS3-46 checks this
 * declaration, and the assessor compares it with the registry's settings and scan reports.
 */
export interface RegistryVulnerabilityScanning {
  /** The scanner the registry runs, e.g. `trivy` (Harbor's default scanner adapter). */
  readonly scanner: string;
  /** Whether every image is scanned when it is pushed (Harbor: auto_scan). */
  readonly scanOnPush: boolean;
  /**
   * The least severity the registry refuses to serve (Harbor: prevent_vul with severity): `high` refuses images with
   * a high or a critical vulnerability; `none` serves every image whatever its scan found.
   */
  readonly blockingSeverity: VulnerabilitySeverity | 'none';
  /** Days between updates of the scanner's vulnerability database (air-gapped: the offline database imported). */
  readonly databaseUpdateDays: number;
}
