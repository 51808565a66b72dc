/**
 * How features attach to a hub without the hub importing them (DESIGN §3): a feature implements {@link IHubFeature};
 * the composition root (lib/landing-zone) creates it and calls `hub.addFeature(feature)`, which calls
 * `feature.bind(host)`. Through the {@link IHubHost} it binds to, a feature reaches the hub's model (clusters,
 * industry clouds, tenants, stacks), its hooks (a tenant registered, an industry cloud or a stack added) and a small
 * registry of capabilities in which features find each other by a {@link CapabilityKey} declared here, in core.
 */
import type { TerraformStack } from 'cdktf';
import type { IHubRecovery, IIndustryCloud, IProvinceHub, ITenant, ITenantOptionsResolver, ResolvedTenantOptions, TenantOptions } from './contracts';

/**
 * The typed name of a capability a feature offers other features on one hub (`host.provide(key, value)`,
 * `host.capability(key)`). Keys are declared in core, so that the feature that offers and the feature that uses one
 * never import each other.
 */
export class CapabilityKey<T> {
  /** Ties the key to the type of what it finds; never set. */
  declare protected readonly capabilityType?: T;

  /** @param name unique on a hub, shown in messages */
  constructor(public readonly name: string) {}
}

/** One edge of the grant graph: a department reaches an offering's instances on some clusters. */
export interface GrantEdge {
  /** Offering name on the shelf (`postgres`). */
  readonly offering: string;
  /** Offering kind (`postgres`, `redis`, `kafka`). */
  readonly kind: string;
  readonly tenant: ITenant;
  /** Clusters where the tenant reaches an instance. */
  readonly clusters: readonly string[];
}

/**
 * How the monitoring stack scrapes one part of an offering's instance: the labels its operator gives the pods and
 * the named port of their metrics endpoint. The middleware shelf publishes these (an offering knows its operator);
 * observability turns each into a PodMonitor, so neither imports the other.
 */
export interface OfferingMetricsEndpoint {
  /** Part of the instance (`instance`, `brokers`, `exporter`, `sentinel`…), unique per offering; names the monitor. */
  readonly part: string;
  /** Labels the operator gives the part's pods, in the shelf's namespace (the monitor selects by them). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Named container port of the metrics endpoint (`metrics`, `tcp-prometheus`, `redis-exporter`). */
  readonly port: string;
  /** HTTP path. @default /metrics */
  readonly path?: string;
  /**
   * A series of this endpoint that is 1 while the instance serves (`cnpg_collector_up`, `redis_up`, `up` of the
   * brokers): the offering-down alert, which the grant-derived inhibitions hang on, reads it.
   * @default - this part does not tell whether the offering serves
   */
  readonly upSeries?: string;
}

/**
 * The pods that scrape metrics on a hub with observability: the Prometheus pods prometheus-operator runs for
 * kube-prometheus-stack in `gov-lz-system` (the operator labels them `app.kubernetes.io/name: prometheus`). The shelf
 * opens its instances' metrics ports to them and to nothing else.
 */
export const METRICS_SCRAPER_PODS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };

/** An offering on the shelf: where its instances run and how they are scraped. */
export interface OfferingPlacement {
  /** Offering name on the shelf (`postgres`). */
  readonly offering: string;
  /** Offering kind (`postgresql`, `redis`, `kafka`). */
  readonly kind: string;
  /** Clusters its instances run on. */
  readonly clusters: readonly string[];
  /** Namespace of its instances. */
  readonly namespace: string;
  /** Its metrics endpoints (none: the offering is not scraped, and has no offering-down alert). */
  readonly metrics: readonly OfferingMetricsEndpoint[];
}

/** The grant graph of a hub (who depends on which shared middleware, where): what fault demarcation reads. */
export interface IGrantGraph {
  /** Every grant, read at synth (grants are added until then). */
  grantEdges(): readonly GrantEdge[];
  /** Every offering on the shelf, the clusters its instances run on and how they are scraped. */
  offeringClusters(): readonly OfferingPlacement[];
}

/** What the middleware shelf offers other features: grants by offering name (blueprints grant what they need). */
export interface IMiddlewareGrantor {
  /** Names of the offerings on the shelf. */
  readonly offeringNames: readonly string[];
  /** Grants `tenant` the offering; an unknown offering or bad options are reported at synth, like grantConnect. */
  grantByName(tenant: ITenant, offering: string, options?: Readonly<Record<string, string | number>>): void;
}

/** The capabilities core knows of. */
export const HubCapabilities = {
  /** The hub's backups and recovery planner: middleware offerings register how they recover (recovery provides it). */
  RECOVERY: new CapabilityKey<IHubRecovery>('recovery'),
  /** The middleware grant graph (the middleware shelf provides it; observability derives alert inhibitions from it). */
  GRANTS: new CapabilityKey<IGrantGraph>('grants'),
  /** The middleware shelf's grants by name (the shelf provides it on a hub of one's own). */
  MIDDLEWARE_GRANTS: new CapabilityKey<IMiddlewareGrantor>('middleware-grants'),
} as const;

/** The stacks of a hub of one's own: a published hub has none (its stacks belong to the hub's project). */
export interface IHubStacks {
  /** `<province>-hub`: hub services. */
  readonly hubStack: TerraformStack;
  /** `<province>-platform-<cluster>`, by cluster code: operators and CRDs (phase 1). */
  readonly platformStacks: ReadonlyMap<string, TerraformStack>;
  /** Calls `listener` for every stack the hub lays out from now on (industry clouds and their shards). */
  onStackAdded(listener: (stack: TerraformStack) => void): void;
  /** Adds a section to the published contract, rendered at synth as plain JSON (city projects read it). */
  addContractSection(key: string, render: () => unknown): void;
  /** A stack of the hub's own (state backend bound, listed in `hub.stacks`), e.g. `<province>-failover-<cluster>`. */
  addStack(name: string): TerraformStack;
}

/** A hub as a feature sees it when it binds: the model, its hooks and the registry features find each other in. */
export interface IHubHost extends IProvinceHub {
  /** Every tenant built on this hub in this app. */
  readonly tenants: readonly ITenant[];
  /** The industry clouds this app has (declared, or used from a published hub). */
  readonly industryClouds: readonly IIndustryCloud[];
  /** The hub's own stacks; undefined on a published hub. */
  readonly own?: IHubStacks;
  /** Calls `listener` for every tenant registered from now on. */
  onTenantRegistered(listener: (tenant: ITenant) => void): void;
  /** Calls `listener` for every industry cloud added from now on. */
  onIndustryCloudAdded(listener: (industryCloud: IIndustryCloud) => void): void;
  /** Lets a feature complete tenants' options before they are built (department blueprints). */
  addTenantOptionsResolver(resolver: ITenantOptionsResolver): void;
  /** Offers a capability to the other features of this hub; one value per key. */
  provide<T>(key: CapabilityKey<T>, value: T): void;
  /** The capability a feature offered under `key`, if any. */
  capability<T>(key: CapabilityKey<T>): T | undefined;
}

/** A feature of a hub (middleware shelf, recovery, compliance, observability…): it attaches by `bind`. */
export interface IHubFeature {
  /** Called once, by `hub.addFeature(feature)`: lay what the feature adds and subscribe to the host's hooks. */
  bind(host: IHubHost): void;
}

/** Adds the capability registry to a host: one value per key, a second one is a programming error. */
export class CapabilityRegistry {
  private readonly values = new Map<CapabilityKey<unknown>, unknown>();

  /** @param owner construct path, for messages */
  constructor(private readonly owner: string) {}

  /** Registers `value` under `key`. */
  public provide<T>(key: CapabilityKey<T>, value: T): void {
    if (this.values.has(key)) throw new Error(`${this.owner}: capability ${key.name} is provided twice`);
    this.values.set(key, value);
  }

  /** The value under `key`, if any. */
  public get<T>(key: CapabilityKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }
}

/** The tenant options resolvers of a hub: the first one that takes the options completes them. */
export class TenantOptionsResolvers {
  private readonly list: ITenantOptionsResolver[] = [];

  /** Adds a resolver. */
  public add(resolver: ITenantOptionsResolver): void {
    this.list.push(resolver);
  }

  /** The options completed by the first resolver that takes them, or as given. */
  public resolve(industryCloud: IIndustryCloud, code: string, options: TenantOptions): ResolvedTenantOptions {
    for (const r of this.list) {
      const resolved = r.resolve(industryCloud, code, options);
      if (resolved) return resolved;
    }
    return { options, built: () => undefined };
  }
}
