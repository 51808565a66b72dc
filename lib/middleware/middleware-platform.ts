import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { LandingZoneContext } from '../core/context';
import type { ICluster, IProvinceHub } from '../core/contracts';
import type { DataClass } from '../core/enums';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { constructId, HubNamespaces } from '../core/names';
import { chartSource } from '../private/charts';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { stableJson } from '../private/stable-json';
import { ClusterConnection } from '../topology/cluster-connection';
import { hubNamespaceResource } from '../topology/hub-namespace';
import { ApiServerWebhooks } from '../topology/management-ingress';
import type { OperatorRelease } from './offering-types';
import { OPERATOR_API_SERVER_PORTS } from './operators';

/** Properties of a {@link MiddlewarePlatform}. */
export interface MiddlewarePlatformProps {
  readonly hub: IProvinceHub;
  readonly cluster: ICluster;
  /** The strictest class of the data the instances keep (their granted tenants'), read at synth. @default - no data-class label */
  readonly dataClass?: () => DataClass;
}

/** An operator release as installed on one cluster, and who asked for it. */
export interface InstalledOperator {
  readonly release: OperatorRelease;
  /** Names of the offerings that need it. */
  readonly offerings: string[];
  /** Settings of later requests that differ from the first (reported as a conflict). */
  readonly conflicts: Array<{ offering: string; release: OperatorRelease }>;
}

/**
 * The middleware's part of a cluster's platform stack (phase 1), on clusters that run an instance:
 *
 * - the namespace `gov-lz-middleware` (zone `data`, Pod Security `restricted`). It is here rather than in the
 *   hub stack because the Strimzi chart binds its roles in the namespaces it watches when it is installed, and
 *   because the instances (hub stack) then only need what phase 1 laid down, like every custom resource;
 * - NetworkPolicies `default-deny-ingress` and `default-deny-egress` in it: nothing reaches the middleware unless a
 *   policy of the hub stack lets it (the instance's own pods, its operator, granted tenants), and the instances reach
 *   only the namespace itself (`allow-egress-same-namespace`), the cluster DNS (`allow-egress-dns`), the API server at
 *   `controlPlane.apiServerCidrs` (`allow-egress-api-server`) and what each offering declares in the hub stack (the
 *   other sites' endpoints, the DR centre's object store);
 * - one `helm_release` per operator chart (`helm_release.<release>--<cluster>`) in `gov-lz-system`, which
 *   installs the operator and its CRDs before any custom resource needs them.
 */
export class MiddlewarePlatform extends Construct {
  /** The middleware namespace: zone `data` (MLPS 8.1.2.1 c), Pod Security `restricted`. */
  public static readonly NAMESPACE = { name: HubNamespaces.MIDDLEWARE, zone: 'data', podSecurity: 'restricted' } as const;

  public readonly cluster: ICluster;
  private readonly hub: IProvinceHub;
  private readonly installed = new Map<string, InstalledOperator>();

  constructor(scope: Construct, id: string, props: MiddlewarePlatformProps) {
    super(scope, constructId(scope, id, 'middleware platform'));
    this.hub = props.hub;
    this.cluster = props.cluster;
    const conn = ClusterConnection.of(this, props.cluster);
    void conn.helmProviderRef;
    batchFor(this).addProducer(() => {
      const ns = hubNamespaceResource(this.hub, { ...MiddlewarePlatform.NAMESPACE, dataClass: props.dataClass?.() }, conn);
      const policy = (name: string, spec: Parameters<typeof k8s.networkPolicy>[0]['spec']): BatchResource => {
        const t = k8s.networkPolicy({ metadata: { name, namespace: HubNamespaces.MIDDLEWARE, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF } }, spec });
        return { type: t.type, name: `${HubNamespaces.MIDDLEWARE}--${this.cluster.name}--${name}`, body: { ...t.body, provider: conn.kubernetesProviderRef, depends_on: [`${ns.type}.${ns.name}`] } };
      };
      const dns = this.hub.network.dns;
      const api = this.cluster.controlPlane?.apiServerCidrs ?? [];
      return [
        ns,
        policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
        policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
        // Members of an instance replicate among themselves; the offerings' own egress (other sites, the DR object store) is in the hub stack.
        policy('allow-egress-same-namespace', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] }),
        policy('allow-egress-dns', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: dns.namespace } }, podSelector: { matchLabels: { ...dns.podLabels } } }],
              ports: [
                { port: '53', protocol: 'UDP' },
                { port: '53', protocol: 'TCP' },
              ],
            },
          ],
        }),
        // CloudNativePG's instance manager and Strimzi's entity operator run in the instances' pods and watch the API server.
        ...(api.length > 0
          ? [
              policy('allow-egress-api-server', {
                podSelector: {},
                policyTypes: ['Egress'],
                egress: [{ to: api.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: String(this.cluster.controlPlane?.apiServerPort ?? 6443), protocol: 'TCP' }] }],
              }),
            ]
          : []),
      ];
    });
    LandingZoneContext.of(this).addCheck((r) => {
      if ((this.cluster.controlPlane?.apiServerCidrs ?? []).length > 0) return;
      r.warn(
        this,
        `namespace "${HubNamespaces.MIDDLEWARE}" on cluster "${this.cluster.name}" denies egress by default and the cluster declares no controlPlane.apiServerCidrs: ` +
          "the instances' pods cannot reach the API server (CloudNativePG's instance manager, Strimzi's entity operator need it) — declare the control-plane addresses, e.g. controlPlane: { apiServerCidrs: ['10.1.0.0/28'] }",
      );
    });
  }

  /** Operators installed here, by release name. */
  public get operators(): ReadonlyMap<string, InstalledOperator> {
    return this.installed;
  }

  /** Installs an operator release once; a second request with other settings is recorded as a conflict. */
  public addOperator(release: OperatorRelease, offering: string): void {
    const existing = this.installed.get(release.name);
    if (existing) {
      existing.offerings.push(offering);
      if (stableJson(existing.release) !== stableJson(release)) existing.conflicts.push({ offering, release });
      return;
    }
    this.installed.set(release.name, { release, offerings: [offering], conflicts: [] });
    const conn = ClusterConnection.of(this, this.cluster);
    const helm = new Release(this, `Operator-${release.name}`, {
      provider: conn.helmProvider,
      name: release.name,
      namespace: HubNamespaces.SYSTEM,
      ...chartSource(release.repository, release.chart),
      version: release.version,
      values: [stableJson(release.values)],
      // A failed install or upgrade rolls back instead of leaving a half-installed operator.
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 600,
      maxHistory: 5,
    });
    helm.overrideLogicalId(`${release.name}--${this.cluster.name}`);
    const webhookPorts = OPERATOR_API_SERVER_PORTS[release.chart];
    if (webhookPorts) ApiServerWebhooks.of(this, this.cluster).add({ component: release.name, namespace: HubNamespaces.SYSTEM, ports: webhookPorts });
    helm.addOverride('depends_on', [`kubernetes_namespace_v1.${HubNamespaces.SYSTEM}--${this.cluster.name}`, `kubernetes_namespace_v1.${HubNamespaces.MIDDLEWARE}--${this.cluster.name}`]);
  }
}
