/**
 * The shapes of the middleware shelf: what an offering, a grant and the shelf look like to each other. Kept apart from
 * the MiddlewareOffering base class so that the shelf's internals can use them without an import cycle.
 */
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { IProvinceHub, ITenant, NetworkRule } from '../core/contracts';
import type { OfferingMetricsEndpoint } from '../core/extension';
import { Labels } from '../core/labels';

/** Pod labels that select pods (all of them must match). */
export type PodLabels = Record<string, string>;

/** Label on every pod of an offering: the one selector the shelf's network policies use for "the instance". */
export const OFFERING_LABEL = Labels.OFFERING;

/** Longest offering name: it prefixes operator-made object names (`<name>-kafka-bootstrap`, pods `<name>-brokers-0`). */
export const OFFERING_NAME_MAX_LENGTH = 20;

/** Options of the grant of an offering to a tenant; each offering accepts the options that apply to it. */
export interface GrantConnectOptions {
  /** PostgreSQL: the tenant's database. @default - the tenant code with `-` written as `_` */
  readonly database?: string;
  /** PostgreSQL: the tenant's login role, owner of its database. @default - the tenant code with `-` written as `_` */
  readonly role?: string;
  /** PostgreSQL: most connections the role may open at once. @default - no limit of its own (-1) */
  readonly connectionLimit?: number;
  /** Redis: the ACL user. @default - the tenant code */
  readonly user?: string;
  /** Redis: the prefix of every key (and pub/sub channel) the tenant may touch. @default `<tenant>:` */
  readonly keyPrefix?: string;
  /** Kafka: the prefix of every topic, consumer group and transactional id the tenant may use. @default `<tenant>.` */
  readonly topicPrefix?: string;
  /**
   * Bump after changing the tenant's password in `gov_lz_<offering>_passwords`: Terraform cannot see a change
   * of a write-only value, so this number tells it to write the password again.
   * @default 1
   */
  readonly credentialsRevision?: number;
}

/** What an offering's operator chart is, as the inventory lists it. */
export interface OperatorChartInfo {
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
}

/** A Helm release of an operator, installed once per release name on each cluster that runs an instance. */
export interface OperatorRelease extends OperatorChartInfo {
  /** Release name, e.g. `cloudnative-pg`. Two offerings that need the same release must ask for the same one. */
  readonly name: string;
  /** Helm values; written as JSON with sorted keys. */
  readonly values: Record<string, unknown>;
}

/** How tenants reach an offering and which pods make it up; the shelf derives every network policy from it. */
export interface OfferingConnection {
  /** Clusters that run an instance. */
  readonly clusters: readonly string[];
  /** Service host tenants connect to, the same on every cluster, e.g. `postgres-rw.gov-lz-middleware.svc`. */
  readonly host: string;
  /** TCP port tenants connect to. */
  readonly port: number;
  /** The pods behind `host` (tenants may reach them on `port`, nothing else). */
  readonly clientPods: PodLabels;
  /** Every pod of the instance; they reach one another on any port. */
  readonly memberPods: PodLabels;
  /** Ports on which the operator (in `gov-lz-system`) reaches the instance's pods. */
  readonly operatorPorts: readonly number[];
  /**
   * Traffic from other sites the instance's pods accept on a cluster (replication between sites, writes from
   * tenants on another site), by source address block. @default - none
   */
  readonly crossSiteIngress?: ReadonlyArray<{ readonly cluster: string; readonly fromCidrs: readonly string[]; readonly ports: readonly number[] }>;
  /**
   * Destinations outside the cluster the instance's pods open connections to on a cluster (the other sites' endpoints
   * to replicate from, the DR centre's object store), each written as the policy `<offering>-egress-<name>`: the
   * middleware namespace denies every other egress. @default - none
   */
  readonly egress?: ReadonlyArray<{ readonly cluster: string; readonly name: string; readonly toCidrs: readonly string[]; readonly ports: readonly number[] }>;
}

/** An offering's entry in the inventory, without its grants (the shelf adds them). */
export interface OfferingInventory {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly clusters: string[];
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly sizing: Record<string, unknown>;
  readonly operator: OperatorChartInfo;
}

/** What an offering made of a grant. */
export interface GrantBinding {
  /** Kind-specific facts for the tenant's inventory (`database`, `role`, `user`, `topicPrefix`, `keyPrefix`…). */
  readonly details: Readonly<Record<string, string | number>>;
  /**
   * Content of the tenant's connection secret on a cluster. Values may be Terraform expressions over the
   * offering's password variable: the secret is written through `data_wo` only.
   */
  secretData(cluster: string): Record<string, string>;
  /** Network rules the tenant needs beyond the egress to the local instance (e.g. to another site's primary). @default - none */
  readonly networkRules?: readonly NetworkRule[];
}

/** A grant of an offering to a tenant. */
export interface IMiddlewareGrant extends IConstruct {
  readonly tenant: ITenant;
  readonly offering: IMiddlewareOffering;
  readonly options: GrantConnectOptions;
  /** Clusters where the tenant reaches an instance: those of its industry cloud that run one. */
  readonly clusters: readonly string[];
  /** Secret in each of the tenant's namespaces (on those clusters) that holds the connection. */
  readonly secretName: string;
  /** Kind-specific facts (see GrantBinding.details). */
  readonly details: Readonly<Record<string, string | number>>;
}

/** The hub's middleware shelf as an offering sees it when it binds. */
export interface IMiddlewareShelf extends IConstruct {
  readonly hub: IProvinceHub;
  /** Namespace the instances run in, on every cluster that runs one: `gov-lz-middleware`. */
  readonly namespace: string;
  /** Stack for instances and their per-grant objects (custom resources): `<province>-hub`. */
  readonly instanceStack: TerraformStack;
  /** Clusters an offering runs on when it names none: the hub's private PRODUCTION clusters. */
  readonly defaultClusters: readonly string[];
  /** Installs an operator on a cluster's platform stack (phase 1), once per release name. */
  installOperator(cluster: string, release: OperatorRelease, offering: IMiddlewareOffering): void;
  /** Records a grant; an offering's `grantConnect` calls it. */
  addGrant(offering: IMiddlewareOffering, tenant: ITenant, options?: GrantConnectOptions): IMiddlewareGrant;
  /** The grants of an offering, sorted by tenant code. */
  grantsOf(offering: string): readonly IMiddlewareGrant[];
}

/**
 * A middleware product on the hub's shelf (PostgreSQL, Redis, Kafka, or an ISV's own).
 *
 * Offerings are made without a scope and bound to a hub by `hub.middleware.add(offering)`, which calls
 * {@link bind} once. The shelf talks to offerings only through this interface (never `instanceof`), so an
 * offering from another npm package, even one built against another copy of this library, works the same.
 * Extend {@link MiddlewareOffering} rather than implementing this from scratch.
 */
export interface IMiddlewareOffering {
  /** Name on the shelf, unique per hub: `hub.middleware.get(name)`. */
  readonly name: string;
  /** What it is: `postgresql`, `redis`, `kafka`, or an ISV's own kind. */
  readonly kind: string;
  /** Creates the offering's constructs in the shelf's stacks, registers its checks and capacity claims. */
  bind(shelf: IMiddlewareShelf): void;
  /** Grants a tenant access: credentials in the tenant's namespaces and the network path to the instance. */
  grantConnect(tenant: ITenant, options?: GrantConnectOptions): IMiddlewareGrant;
  /** How tenants reach it; valid once bound. */
  connection(): OfferingConnection;
  /** Accepts a grant the shelf has recorded; the shelf calls it once per grant. */
  acceptGrant(grant: IMiddlewareGrant): GrantBinding;
  /** The inventory entry. */
  inventory(): OfferingInventory;
  /**
   * How the hub's monitoring scrapes the instance (labels the operator gives its pods, metrics ports), when the hub
   * runs observability. @default - not scraped: no monitor and no offering-down alert
   */
  metricsEndpoints?(): readonly OfferingMetricsEndpoint[];
}

/** Chart and image sources of an offering's operator; default to the hub's own registry (air-gapped Harbor). */
export interface OperatorOptions {
  /** Helm chart repository. @default - `oci://<hub registry>/charts` */
  readonly chartRepository?: string;
  /** Chart version. @default - the version this library targets (MiddlewareOperators) */
  readonly chartVersion?: string;
  /** Registry the operator's and the instance's images are pulled from (upstream paths kept). @default - the hub registry */
  readonly imageRegistry?: string;
}

/** Options every offering takes. */
export interface MiddlewareOfferingOptions {
  /** Name on the shelf (a DNS label of at most 20 characters). @default - the kind's usual name (`postgres`, `redis`, `kafka`) */
  readonly name?: string;
  /**
   * Clusters that run an instance; each runs its own. Tenants reach the instance on the clusters their industry
   * cloud shares with it, and nothing on the others.
   * @default - every private cluster on a PRODUCTION site
   */
  readonly clusters?: string[];
  /** Where the operator's chart and images come from. @default - the hub registry */
  readonly operator?: OperatorOptions;
  /** Storage class of the instance's volumes. @default - the cluster's default storage class */
  readonly storageClass?: string;
  /**
   * Whether tenants keep data of record in it (rather than a cache or messages that producers can replay). Redis
   * and Kafka instances are not replicated between sites, so data of record in them cannot meet a recovery
   * objective: the planner then fails the synth. PostgreSQL is always data of record.
   * @default false
   */
  readonly dataOfRecord?: boolean;
  /**
   * Let Terraform destroy the objects that hold data (database cluster, brokers, cache). Off, they carry
   * `lifecycle.prevent_destroy`: removing the offering from the code fails the plan instead of deleting tenants' data.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

/** An object of an instance or a grant, before the base class names it and gives it its provider. */
export interface OfferingObject {
  /** Suffix of the Terraform address (`<offering>--<cluster>--<part>`); none for the main object. */
  readonly part?: string;
  /** Terraform resource type, e.g. `kubernetes_manifest`. */
  readonly type: string;
  /** Terraform resource body (without provider). */
  readonly body: Record<string, unknown>;
  /** Holds data: protected by `prevent_destroy` unless the offering has `allowDestroy`. */
  readonly holdsData?: boolean;
  /** Parts of the same instance or grant this object waits for. */
  readonly dependsOnParts?: readonly string[];
}

/** Whole-number and positive-number fields an offering checks in its props. */
export interface AmountRule {
  readonly field: string;
  readonly value: unknown;
  readonly integer?: boolean;
  readonly min?: number;
  readonly odd?: boolean;
}
