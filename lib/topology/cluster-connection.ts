import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { LandingZoneContext } from '../core/context';
import { ClusterConnectionProps, ICluster } from '../core/contracts';
import { execCredential, holdsPrivateKey, urlCredential } from '../core/credentials';

const CONNECTIONS = Symbol.for('cdktf-gov-landing-zone.ClusterConnections');

/**
 * Provider versions the synthesized stacks accept. cdktf's prebuilt bindings pin the exact version they were
 * generated from (kubernetes 2.38.0, helm 3.1.1); a landing zone runs air-gapped from a provider mirror, so the
 * stacks accept every release of the same major line the bindings' schema is compatible with, and the lock file
 * pins what was installed. The end-to-end suite applies them with kubernetes 3.2.1 and helm 3.2.0.
 */
export const PROVIDER_VERSION_CONSTRAINTS = {
  kubernetes: '>= 2.38.0, < 4.0.0',
  helm: '>= 3.1.1, < 4.0.0',
} as const;

/**
 * The clusters to lay objects on: each named cluster once, the first of a name (a duplicate or a nameless cluster is
 * the hub's checks' to report, not a second set of objects).
 */
export function distinctClusters<T extends Pick<ICluster, 'name'>>(clusters: readonly T[]): T[] {
  const seen = new Set<string>();
  return clusters.filter((c) => typeof c.name === 'string' && !seen.has(c.name) && seen.add(c.name));
}

/**
 * The providers of one cluster in one stack: one kubernetes and one helm provider, aliased by the
 * cluster code, created on first use. Every resource the landing zone emits names its provider
 * (`kubernetes.<cluster>`), so a stack can hold objects of several clusters.
 */
export class ClusterConnection {
  /** The connection of `cluster` in the stack that holds `scope`. */
  public static of(scope: IConstruct, cluster: ICluster): ClusterConnection {
    const stack = TerraformStack.of(scope);
    const s = stack as unknown as Record<symbol, Map<string, ClusterConnection> | undefined>;
    let map = s[CONNECTIONS];
    if (!map) {
      // A stack that holds cluster objects is checked at the gate and writes literal text as literal text.
      LandingZoneContext.of(stack).attach(stack);
      map = new Map();
      Object.defineProperty(s, CONNECTIONS, { value: map, enumerable: false });
    }
    let conn = map.get(cluster.name);
    if (!conn) {
      conn = new ClusterConnection(stack, cluster);
      map.set(cluster.name, conn);
    }
    return conn;
  }

  private k8s?: KubernetesProvider;
  private helm?: HelmProvider;

  private constructor(
    public readonly stack: TerraformStack,
    public readonly cluster: ICluster,
  ) {}

  /** The provider alias, which is the cluster code. */
  public get alias(): string {
    return this.cluster.name;
  }

  /** `kubernetes.<alias>`: the `provider` meta-argument of a kubernetes resource on this cluster. */
  public get kubernetesProviderRef(): string {
    void this.kubernetesProvider;
    return `kubernetes.${this.alias}`;
  }

  /** `helm.<alias>`, likewise for helm releases. */
  public get helmProviderRef(): string {
    void this.helmProvider;
    return `helm.${this.alias}`;
  }

  /** The aliased kubernetes provider, created on first use. */
  public get kubernetesProvider(): KubernetesProvider {
    if (!this.k8s) {
      const c = this.cluster.connection;
      this.stack.addOverride('terraform.required_providers.kubernetes.version', PROVIDER_VERSION_CONSTRAINTS.kubernetes);
      this.k8s = new KubernetesProvider(this.stack, `kubernetes-${this.alias}`, {
        alias: this.alias,
        configPath: c.configPath,
        configContext: c.context,
        host: c.host,
        clusterCaCertificate: c.clusterCaCertificate,
        tlsServerName: c.tlsServerName,
        exec: c.exec ? [{ apiVersion: c.exec.apiVersion, command: c.exec.command, args: c.exec.args, env: c.exec.env }] : undefined,
      });
    }
    return this.k8s;
  }

  /** The aliased helm provider, created on first use. */
  public get helmProvider(): HelmProvider {
    if (!this.helm) {
      const c = this.cluster.connection;
      this.stack.addOverride('terraform.required_providers.helm.version', PROVIDER_VERSION_CONSTRAINTS.helm);
      this.helm = new HelmProvider(this.stack, `helm-${this.alias}`, {
        alias: this.alias,
        kubernetes: {
          configPath: c.configPath,
          configContext: c.context,
          host: c.host,
          clusterCaCertificate: c.clusterCaCertificate,
          tlsServerName: c.tlsServerName,
          exec: c.exec ? { apiVersion: c.exec.apiVersion, command: c.exec.command, args: c.exec.args, env: c.exec.env } : undefined,
        },
      });
    }
    return this.helm;
  }
}

const CONNECTION_TEXT = ['configPath', 'context', 'host', 'clusterCaCertificate', 'tlsServerName'] as const;

function describeType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** What is wrong with a connection, or undefined. */
export function checkConnection(c: ClusterConnectionProps | undefined): { message: string; fix: string } | undefined {
  if (!c || (!c.configPath && !c.host)) {
    return {
      message: 'the cluster has no connection: neither a kubeconfig path nor a host',
      fix: "set connection: { configPath: '~/.kube/config', context: '<context>' } or { host, clusterCaCertificate, exec }",
    };
  }
  const extra = Object.keys(c).filter((k) => !['configPath', 'context', 'host', 'clusterCaCertificate', 'exec', 'tlsServerName'].includes(k));
  if (extra.length > 0) {
    return {
      message: `the connection has ${extra.join(', ')}, which is not accepted: credentials would be written in plain text to cdktf.out`,
      fix: 'authenticate through the kubeconfig or an exec credential plugin instead',
    };
  }
  // Text or left out: anything else (a function, a number, an object) would reach the provider block as it is.
  const notText = CONNECTION_TEXT.filter((k) => c[k] !== undefined && typeof c[k] !== 'string');
  if (notText.length > 0) {
    return {
      message: `connection ${notText.map((k) => `${k} is ${describeType(c[k])}`).join(', ')}; each must be text`,
      fix: "e.g. connection: { configPath: '~/.kube/config', context: 'hz-a-core' }",
    };
  }
  const credential =
    (urlCredential(c.host) && `connection.host: ${urlCredential(c.host)}`) ||
    (holdsPrivateKey(c.clusterCaCertificate) && 'connection.clusterCaCertificate holds a private key') ||
    execCredential(c.exec);
  if (credential) {
    return {
      message: `${credential}; it would be written in plain text to cdktf.out`,
      fix: 'give only the public CA certificate, a host without user:password, and an exec plugin that fetches its token itself (from a file, a keyring or the identity provider)',
    };
  }
  const exec = c.exec as { apiVersion?: unknown; command?: unknown; args?: unknown; env?: unknown } | undefined;
  if (exec !== undefined) {
    const envOk = exec.env === undefined || (exec.env !== null && typeof exec.env === 'object' && !Array.isArray(exec.env) && Object.values(exec.env).every((v) => typeof v === 'string'));
    if (exec === null || typeof exec !== 'object' || typeof exec.command !== 'string' || exec.command === '' || typeof exec.apiVersion !== 'string') {
      return { message: 'connection.exec needs an apiVersion and a command', fix: "e.g. exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token' }" };
    }
    if ((exec.args !== undefined && (!Array.isArray(exec.args) || !exec.args.every((a) => typeof a === 'string'))) || !envOk) {
      return { message: 'connection.exec.args must be a list of strings and exec.env a map of strings', fix: "e.g. args: ['get-token', '--cluster', 'hz-a'], env: { GOV_IAM_PROFILE: 'ops' }" };
    }
  }
  if (c.host) {
    if (!c.clusterCaCertificate) {
      return {
        message: 'a host is given without the cluster CA, so Terraform could not verify the API server (MLPS 8.2.4.1)',
        fix: 'set connection.clusterCaCertificate to the PEM of the cluster CA',
      };
    }
    if (!c.exec) {
      return {
        message: 'a host is given without an exec credential plugin, so Terraform has no way to authenticate',
        fix: "set connection.exec, e.g. { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token' }",
      };
    }
    if (!/^https:\/\//.test(c.host)) {
      return { message: 'the API server host is not https', fix: 'use an https:// URL for connection.host' };
    }
  }
  return undefined;
}
