import { Construct } from 'constructs';
import type { ITenant } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { privateServiceClusters } from '../placement/network-reach';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { digestNumber } from '../private/stable-json';
import type { GrantRecord } from '../schema/inventory';
import { ClusterConnection } from '../topology/cluster-connection';
import { RequestedTenant } from './grant-requests';
import { type GrantBinding, type GrantConnectOptions, type IMiddlewareGrant, type IMiddlewareOffering, type IMiddlewareShelf, OFFERING_LABEL } from './offering-types';

/** Properties of a {@link MiddlewareGrant}. */
export interface MiddlewareGrantProps {
  readonly shelf: IMiddlewareShelf;
  readonly offering: IMiddlewareOffering;
  /** @default {} */
  readonly options?: GrantConnectOptions;
}

/** One grant as the tenant's inventory lists it (field `grants`, sorted by offering). */
export interface GrantInventory {
  readonly offering: string;
  readonly kind: string;
  readonly host: string;
  readonly port: number;
  readonly secretName: string;
  readonly clusters: string[];
  /** Kind-specific: database, role (PostgreSQL); user, keyPrefix (Redis); user, topicPrefix (Kafka). */
  readonly [detail: string]: unknown;
}

const TENANT_GRANTS = Symbol.for('cdktf-gov-landing-zone.tenantGrants');

/**
 * The tenant's side of a grant, in the tenant's stack: on every cluster where the tenant meets an instance of the
 * offering, a secret `middleware-<offering>` in the tenant's namespace with the connection (host, port, user,
 * password…), written only, and an egress network rule to the offering's pods on its port only.
 *
 * Addresses: `kubernetes_secret_v1.<tenant>--<offering>--<cluster>`, and the tenant's
 * `kubernetes_network_policy_v1.<tenant>--<cluster>--egress-middleware-<offering>`.
 */
export class MiddlewareGrant extends Construct implements IMiddlewareGrant {
  public readonly tenant: ITenant;
  public readonly offering: IMiddlewareOffering;
  public readonly options: GrantConnectOptions;
  public readonly clusters: readonly string[];
  public readonly secretName: string;
  private readonly binding: GrantBinding;

  constructor(tenant: ITenant, id: string, props: MiddlewareGrantProps) {
    super(tenant as unknown as Construct, id);
    recordDeclaration(this);
    this.tenant = tenant;
    this.offering = props.offering;
    this.options = props.options ?? {};
    const conn = props.offering.connection();
    // Only where the tenant may reach private services (never a public cluster, never its burst placement: the
    // placement layer's contract), and only where the offering runs.
    const reachable = privateServiceClusters(tenant);
    const shared = tenant.industryCloud.clusters.filter((c) => reachable.includes(c.name) && conn.clusters.includes(c.name));
    this.clusters = shared.map((c) => c.name);
    this.secretName = `middleware-${props.offering.name}`;
    this.binding = props.offering.acceptGrant(this);

    // A tenant another project builds (a city's, by grant request): its side of the grant is that project's.
    const remote = RequestedTenant.isRequestedTenant(tenant);
    if (shared.length > 0 && !remote) {
      tenant.addNetworkRule({
        name: `middleware-${props.offering.name}`,
        direction: 'egress',
        peers: [{ namespace: props.shelf.namespace, podLabels: { ...conn.clientPods } }],
        ports: [{ port: conn.port, protocol: 'TCP' }],
        clusters: [...this.clusters],
      });
      for (const rule of this.binding.networkRules ?? []) tenant.addNetworkRule(rule);
    }
    const connections = remote ? [] : shared.map((c) => ClusterConnection.of(this, c));
    batchFor(this).addProducer(() => connections.map((cc) => this.secret(cc)));
    MiddlewareGrant.register(tenant, this);
  }

  public get details(): Readonly<Record<string, string | number>> {
    return this.binding.details;
  }

  /** This grant's entry in the tenant's inventory field `grants`. */
  public inventory(): GrantInventory {
    const conn = this.offering.connection();
    const details: Record<string, unknown> = {};
    for (const key of Object.keys(this.details).sort()) details[key] = this.details[key];
    return {
      offering: this.offering.name,
      kind: this.offering.kind,
      host: conn.host,
      port: conn.port,
      secretName: this.secretName,
      clusters: [...this.clusters],
      ...details,
    };
  }

  private secret(conn: ClusterConnection): BatchResource {
    const cluster = conn.cluster.name;
    const data = this.binding.secretData(cluster);
    const t = k8s.writeOnlySecret({
      metadata: {
        name: this.secretName,
        namespace: this.tenant.namespace,
        labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.TENANT]: this.tenant.code, [OFFERING_LABEL]: this.offering.name },
      },
      type: 'Opaque',
      dataWo: data,
      dataWoRevision: digestNumber({ data, revision: this.options.credentialsRevision ?? 1 }),
    });
    return {
      type: t.type,
      name: `${this.tenant.code}--${this.offering.name}--${cluster}`,
      body: { ...t.body, provider: conn.kubernetesProviderRef, depends_on: [`kubernetes_namespace_v1.${this.tenant.code}--${cluster}`] },
    };
  }

  /** Adds the grant to the tenant's inventory field `grants` (created with the tenant's first grant). */
  private static register(tenant: ITenant, grant: MiddlewareGrant): void {
    const t = tenant as unknown as Record<symbol, MiddlewareGrant[] | undefined>;
    let list = t[TENANT_GRANTS];
    if (!list) {
      const grants: MiddlewareGrant[] = [];
      list = grants;
      Object.defineProperty(t, TENANT_GRANTS, { value: grants, enumerable: false });
      tenant.addInventoryField('grants', (): GrantRecord[] => grants.map((g) => g.inventory()).sort((a, b) => a.offering.localeCompare(b.offering)));
    }
    list.push(grant);
  }
}
