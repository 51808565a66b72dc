import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { IProvinceHub, ITenant } from '../core/contracts';
import { CloudKind, DataClass, SiteRole } from '../core/enums';
import { HubCapabilities, IHubFeature, IHubHost, IHubStacks, METRICS_SCRAPER_PODS } from '../core/extension';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { constructId, HubNamespaces } from '../core/names';
import { positional } from '../core/props';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import type { PublishedMiddleware } from '../schema/contract';
import type { MiddlewareSection } from '../schema/inventory';
import { ClusterConnection } from '../topology/cluster-connection';
import { MiddlewareGrant } from './grant';
import { acceptGrantRequests } from './grant-requests';
import { MiddlewarePlatform } from './middleware-platform';
import { GrantBinding, GrantConnectOptions, IMiddlewareGrant, IMiddlewareOffering, IMiddlewareShelf, OfferingConnection, OfferingInventory, OFFERING_LABEL, OperatorRelease } from './offering-types';
import { detachedGrant, requireGrantee, uniqueChildId } from './shelf-internals';

/** The province section `middleware` of inventory.json. */
export type MiddlewareInventory = MiddlewareSection;

/**
 * The shared middleware shelf (共享中间件货架): databases, caches and queues the hub runs once and grants to
 * tenants, instead of every department's vendor running its own.
 *
 * `hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500 }))` puts an offering on the shelf;
 * `hub.middleware.get('postgres').grantConnect(wjw, { database: 'wjw' })` grants a tenant access. The shelf owns
 * the middleware network: in `gov-lz-middleware`, ingress is denied (platform stack) and then allowed only
 * between the pods of one instance, from its operator on the operator's ports, and from each granted tenant's
 * namespace to the instance's client pods on its port (`kubernetes_network_policy_v1.<tenant>--<offering>--<cluster>`).
 */
export class SharedMiddleware extends Construct implements IMiddlewareShelf, IHubFeature {
  public readonly namespace: string = HubNamespaces.MIDDLEWARE;
  private host?: IHubHost;
  private stacks?: IHubStacks;
  private readonly byName = new Map<string, IMiddlewareOffering>();
  private readonly order: IMiddlewareOffering[] = [];
  private readonly grantList: IMiddlewareGrant[] = [];
  private grantsByOffering?: { count: number; byOffering: Map<string, IMiddlewareGrant[]> };
  private readonly platforms = new Map<string, MiddlewarePlatform>();
  private networkScope?: Construct;
  private readonly connections = new Map<string, ClusterConnection>();

  /** Made by the composition root (ProvinceHub) and attached with `hub.addFeature(shelf)`. */
  constructor(scope: Construct, id: string) {
    super(scope, constructId(scope, id, 'middleware shelf'));
  }

  /** Binds the shelf to a hub of one's own: its instances and network policies go to the hub stack. */
  public bind(host: IHubHost): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the capability's getter reads the shelf's list
    const shelf = this;
    if (this.host) throw new Error(`${this.node.path}: the shelf is bound to a hub twice`);
    if (!host.own) throw new Error(`${this.node.path}: the middleware shelf needs a hub of one's own (a published hub's shelf belongs to its project)`);
    this.host = host;
    this.stacks = host.own;
    this.networkScope = new Construct(this.instanceStack, uniqueChildId(this.instanceStack, 'MiddlewareNetwork'));
    batchFor(this.networkScope).addProducer(() => this.networkPolicies());
    LandingZoneContext.of(this).addCheck((r) => this.check(r));
    host.addInventorySection('middleware', () => this.inventory());
    // The hub publishes the shelf in its contract (city projects read endpoints and grants from it).
    host.own.addContractSection('middleware', () => (this.order.length ? this.published() : undefined));
    host.provide(HubCapabilities.GRANTS, {
      grantEdges: () => this.grants.map((g) => ({ offering: g.offering.name, kind: g.offering.kind, tenant: g.tenant, clusters: g.clusters })),
      offeringClusters: () => this.order.map((o) => ({ offering: o.name, kind: o.kind, clusters: o.connection().clusters, namespace: this.namespace, metrics: o.metricsEndpoints?.() ?? [] })),
    });
    host.provide(HubCapabilities.MIDDLEWARE_GRANTS, {
      get offeringNames() {
        return shelf.order.map((o) => o.name);
      },
      grantByName: (tenant, offering, options) => void this.get(offering).grantConnect(tenant, options),
    });
  }

  /**
   * Grants what a reviewed request file of a city project asks (`gov-lz/grant-requests.json`, written by the city's
   * synth for its blueprint tenants): the middleware side of each grant in `<province>-hub`, and the tenant in the
   * offering's `grants` of the contract, so that the city's synth passes once this is deployed and published.
   * Requests are checked at synth (hub, industry cloud, offering, options, a code of the hub's own tenants).
   */
  public acceptGrantRequests(file: string): IMiddlewareGrant[] {
    return acceptGrantRequests(this, this.bound.host, file);
  }

  /** The hub the shelf belongs to. */
  public get hub(): IProvinceHub {
    return this.bound.host;
  }

  /** Stack of the instances: `<province>-hub`. */
  public get instanceStack(): TerraformStack {
    return this.bound.stacks.hubStack;
  }

  private get bound(): { host: IHubHost; stacks: IHubStacks } {
    if (!this.host || !this.stacks) throw new Error(`${this.node.path}: the shelf is used before hub.addFeature(shelf)`);
    return { host: this.host, stacks: this.stacks };
  }

  /** Clusters an offering runs on when it names none: the hub's private clusters on PRODUCTION sites. */
  public get defaultClusters(): readonly string[] {
    return this.hub.clusters
      .filter((c) => CloudKind.parse(c.cloud)?.value === CloudKind.PRIVATE.value && SiteRole.parse(this.hub.site(c.site)?.role)?.value === SiteRole.PRODUCTION.value)
      .map((c) => c.name);
  }

  /** The offerings on the shelf, in the order they were added. */
  public get offerings(): readonly IMiddlewareOffering[] {
    return [...this.order];
  }

  /** Puts an offering on the shelf and binds it to the hub; returns it. A second one with the same name is reported. */
  public add<T extends IMiddlewareOffering>(offering: T): T {
    if (!offering || typeof offering !== 'object' || typeof (offering as IMiddlewareOffering).bind !== 'function') {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(this, {
          code: 'invalid-value',
          value: offering === undefined ? 'undefined' : String(offering),
          message: 'hub.middleware.add() was given something that is not a middleware offering',
          fix: 'pass an offering, e.g. hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500 }))',
        }),
      );
      return offering;
    }
    const name = offering.name;
    const first = this.byName.get(name);
    if (first && first !== offering) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(this, {
          code: 'duplicate',
          value: name,
          message: `two offerings are named "${name}" (${first.kind} and ${offering.kind}); names are unique on the shelf because grants and addresses use them`,
          fix: `give the second one its own name, e.g. { name: '${name}2' }`,
        }),
      );
      return offering;
    }
    if (first) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(this, {
          code: 'duplicate',
          value: name,
          message: `offering "${name}" is added more than once; one offering object is one instance`,
          fix: `add it once, or create another offering with its own name, e.g. { name: '${name}2' }`,
        }),
      );
      return offering;
    }
    this.byName.set(name, offering);
    this.order.push(offering);
    offering.bind(this);
    for (const c of offering.connection().clusters) this.connect(c);
    return offering;
  }

  /**
   * The offering with that name. For a name that is not on the shelf it returns a stand-in whose grants are
   * reported at synth (`unknown-offering`, naming the offerings there are), so a typo never throws.
   */
  public get(name: string): IMiddlewareOffering {
    name = positional(name);
    return this.byName.get(name) ?? new MissingOffering(this, name);
  }

  /** Whether an offering with that name is on the shelf. */
  public has(name: string): boolean {
    return this.byName.has(name);
  }

  public installOperator(cluster: string, release: OperatorRelease, offering: IMiddlewareOffering): void {
    const platform = this.platformFor(cluster);
    platform?.addOperator(release, offering.name);
  }

  public addGrant(offering: IMiddlewareOffering, tenant: ITenant, options: GrantConnectOptions = {}): IMiddlewareGrant {
    const id = `Grant-${offering.name}`;
    const existing = this.grantList.find((g) => g.tenant === tenant && g.offering.name === offering.name);
    if (existing) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(tenant, {
          code: 'duplicate',
          value: offering.name,
          message: `tenant "${tenant.code}" is granted offering "${offering.name}" twice; a tenant has one database/user per offering`,
          fix: `grant it once; to change its options, edit the first grantConnect(${tenant.code}, …) call`,
        }),
      );
      return existing;
    }
    if (tenant.industryCloud?.hub !== this.hub) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(tenant, {
          code: 'invalid-value',
          value: tenant.code,
          message: `tenant "${tenant.code}" belongs to hub "${tenant.industryCloud?.hub?.province}", not to "${this.hub.province}" whose offering "${offering.name}" it is granted`,
          fix: "grant it an offering of its own hub's shelf",
        }),
      );
      return detachedGrant(tenant, offering, options);
    }
    const grant = new MiddlewareGrant(tenant, uniqueChildId(tenant, id), { shelf: this, offering, options });
    this.grantList.push(grant);
    return grant;
  }

  public grantsOf(offering: string): readonly IMiddlewareGrant[] {
    // Asked once per tenant by the recovery planner: grouped once per set of grants (grants are only ever added).
    if (this.grantsByOffering?.count !== this.grantList.length) {
      const byOffering = new Map<string, IMiddlewareGrant[]>();
      for (const g of this.grantList) {
        const list = byOffering.get(g.offering.name) ?? [];
        list.push(g);
        byOffering.set(g.offering.name, list);
      }
      for (const list of byOffering.values()) list.sort((a, b) => a.tenant.code.localeCompare(b.tenant.code));
      this.grantsByOffering = { count: this.grantList.length, byOffering };
    }
    return this.grantsByOffering.byOffering.get(offering) ?? [];
  }

  /** Every grant on the shelf, by offering and then tenant code. */
  public get grants(): readonly IMiddlewareGrant[] {
    return [...this.grantList].sort((a, b) => a.offering.name.localeCompare(b.offering.name) || a.tenant.code.localeCompare(b.tenant.code));
  }

  /**
   * The middleware part of a cluster's platform stack, made on first use.
   * @internal for the offerings on the shelf
   */
  public platformFor(cluster: string): MiddlewarePlatform | undefined {
    let platform = this.platforms.get(cluster);
    const stack = this.bound.stacks.platformStacks.get(cluster);
    const c = this.hub.cluster(cluster);
    if (!platform && stack && c) {
      // The namespace keeps the granted departments' data (a tenant on either site may write to either instance).
      const dataClass = () => strictestDataClass(this.grants.map((g) => g.tenant.dataClass));
      platform = new MiddlewarePlatform(stack, 'Middleware', { hub: this.hub, cluster: c, dataClass });
      this.platforms.set(cluster, platform);
    }
    return platform;
  }

  /** The province section `middleware` of the inventory. */
  public inventory(): MiddlewareInventory {
    return {
      offerings: [...this.order].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ ...o.inventory(), grants: this.grantsOf(o.name).map((g) => g.tenant.code) })),
    };
  }

  /** The contract section `middleware`: endpoints and grants, plain values only. */
  public published(): PublishedMiddleware {
    return {
      namespace: this.namespace,
      offerings: this.inventory().offerings.map((o) => {
        const siteEndpoints = (o.sizing.topology as { siteEndpoints?: Record<string, { host: string; cidr?: string; port: number }> } | undefined)?.siteEndpoints;
        return {
          name: o.name,
          kind: o.kind,
          namespace: o.namespace,
          clusters: [...o.clusters],
          endpoint: { host: o.endpoint.host, port: o.endpoint.port },
          ...(siteEndpoints && Object.keys(siteEndpoints).length ? { siteEndpoints } : {}),
          grants: [...o.grants],
        };
      }),
    };
  }

  /** Providers must exist before synthesis: one per cluster that runs an instance, made as offerings are added. */
  private connect(cluster: string): void {
    const c = this.hub.cluster(cluster);
    if (c && this.networkScope && !this.connections.has(cluster)) this.connections.set(cluster, ClusterConnection.of(this.networkScope, c));
  }

  /** Network policies of the middleware side, in `<province>-hub`. */
  private networkPolicies(): BatchResource[] {
    const connections = this.connections;
    const out: BatchResource[] = [];
    const labels = { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF };
    const nsPeer = (ns: string) => ({ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: ns } } });
    const add = (name: string, conn: ClusterConnection, metadataName: string, spec: Parameters<typeof k8s.networkPolicy>[0]['spec'], extraLabels: Record<string, string> = {}) => {
      const t = k8s.networkPolicy({ metadata: { name: metadataName, namespace: this.namespace, labels: { ...labels, ...extraLabels } }, spec });
      out.push({ type: t.type, name, body: { ...t.body, provider: conn.kubernetesProviderRef } });
    };
    for (const offering of [...this.order].sort((a, b) => a.name.localeCompare(b.name))) {
      const c: OfferingConnection = offering.connection();
      for (const cluster of c.clusters) {
        const conn = connections.get(cluster);
        if (!conn) continue;
        const o = offering.name;
        const offeringLabel = { [OFFERING_LABEL]: o };
        add(
          `${o}--${cluster}--members`,
          conn,
          `${o}-members`,
          {
            podSelector: { matchLabels: { ...c.memberPods } },
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: { matchLabels: { ...c.memberPods } } }] }],
          },
          offeringLabel,
        );
        if (c.operatorPorts.length > 0) {
          add(
            `${o}--${cluster}--operator`,
            conn,
            `${o}-operator`,
            {
              podSelector: { matchLabels: { ...c.memberPods } },
              policyTypes: ['Ingress'],
              ingress: [{ from: [nsPeer(HubNamespaces.SYSTEM)], ports: c.operatorPorts.map((p) => ({ port: String(p), protocol: 'TCP' })) }],
            },
            offeringLabel,
          );
        }
        // The hub's Prometheus (gov-lz-system) scrapes the instance's exporters, on their named ports only.
        const metricsPorts = [...new Set((offering.metricsEndpoints?.() ?? []).map((m) => m.port))].sort();
        if (metricsPorts.length > 0) {
          add(
            `${o}--${cluster}--metrics`,
            conn,
            `${o}-metrics`,
            {
              podSelector: { matchLabels: { ...c.memberPods } },
              policyTypes: ['Ingress'],
              ingress: [{ from: [{ ...nsPeer(HubNamespaces.SYSTEM), podSelector: { matchLabels: { ...METRICS_SCRAPER_PODS } } }], ports: metricsPorts.map((p) => ({ port: p, protocol: 'TCP' })) }],
            },
            offeringLabel,
          );
        }
        for (const x of c.crossSiteIngress ?? []) {
          if (x.cluster !== cluster || x.fromCidrs.length === 0) continue;
          add(
            `${o}--${cluster}--cross-site`,
            conn,
            `${o}-cross-site`,
            {
              podSelector: { matchLabels: { ...c.memberPods } },
              policyTypes: ['Ingress'],
              ingress: [{ from: x.fromCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: x.ports.map((p) => ({ port: String(p), protocol: 'TCP' })) }],
            },
            offeringLabel,
          );
        }
        for (const x of c.egress ?? []) {
          if (x.cluster !== cluster || x.toCidrs.length === 0) continue;
          add(
            `${o}--${cluster}--egress-${x.name}`,
            conn,
            `${o}-egress-${x.name}`,
            {
              podSelector: { matchLabels: { ...c.memberPods } },
              policyTypes: ['Egress'],
              egress: [{ to: x.toCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: x.ports.map((p) => ({ port: String(p), protocol: 'TCP' })) }],
            },
            offeringLabel,
          );
        }
        for (const g of this.grantsOf(o)) {
          if (!g.clusters.includes(cluster)) continue;
          add(
            `${g.tenant.code}--${o}--${cluster}`,
            conn,
            `${g.tenant.code}--${o}`,
            {
              podSelector: { matchLabels: { ...c.clientPods } },
              policyTypes: ['Ingress'],
              ingress: [{ from: [nsPeer(g.tenant.namespace)], ports: [{ port: String(c.port), protocol: 'TCP' }] }],
            },
            { ...offeringLabel, [Labels.TENANT]: g.tenant.code },
          );
        }
      }
    }
    return out;
  }

  private check(r: ProblemReporter): void {
    for (const [cluster, platform] of this.platforms) {
      for (const [name, op] of platform.operators) {
        for (const c of op.conflicts) {
          r.error(this, {
            code: 'conflict',
            value: { release: name, cluster },
            message: `offerings ${op.offerings[0]} and ${c.offering} both need the operator release "${name}" on cluster "${cluster}", with different settings (${describeDifference(op.release, c.release)})`,
            fix: 'give both offerings the same operator options, or place them on different clusters',
          });
        }
      }
    }
  }
}

function describeDifference(a: OperatorRelease, b: OperatorRelease): string {
  const fields = (['chart', 'version', 'repository'] as const).filter((f) => a[f] !== b[f]).map((f) => `${f} ${a[f]} vs ${b[f]}`);
  return fields.length > 0 ? fields.join(', ') : 'values differ';
}

/** What `get(name)` returns for a name that is not on the shelf: every grant of it is reported at synth. */
class MissingOffering implements IMiddlewareOffering {
  public readonly kind = 'unknown';
  constructor(
    private readonly shelf: SharedMiddleware,
    public readonly name: string,
  ) {}

  public bind(): void {}

  public grantConnect(tenant: ITenant, options: GrantConnectOptions = {}): IMiddlewareGrant {
    const shelf = this.shelf;
    const name = this.name;
    requireGrantee(tenant, shelf.node.path, name);
    LandingZoneContext.of(tenant).addCheck((r) => {
      const known = shelf.offerings.map((o) => o.name);
      r.error(tenant, {
        code: 'unknown-offering',
        value: name,
        message: shelf.has(name)
          ? `tenant "${tenant.code}" is granted offering "${name}" before it was added to the shelf`
          : `tenant "${tenant.code}" is granted offering "${name}", which is not on the hub's middleware shelf`,
        fix: shelf.has(name)
          ? `call hub.middleware.add(...) for "${name}" before hub.middleware.get('${name}')`
          : known.length > 0
            ? `use one of: ${known.join(', ')}, or add it with hub.middleware.add(...)`
            : `add it first, e.g. hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 500 }))`,
      });
    });
    return detachedGrant(tenant, this, options);
  }

  public connection(): OfferingConnection {
    return { clusters: [], host: '', port: 0, clientPods: {}, memberPods: {}, operatorPorts: [] };
  }

  public acceptGrant(): GrantBinding {
    return { details: {}, secretData: () => ({}) };
  }

  public inventory(): OfferingInventory {
    return { name: this.name, kind: this.kind, namespace: '', clusters: [], endpoint: { host: '', port: 0 }, sizing: {}, operator: { chart: '', version: '', repository: '' } };
  }
}

/** The strictest of some data classes; GENERAL when there are none (no department's data yet). */
function strictestDataClass(classes: readonly DataClass[]): DataClass {
  return classes.reduce((a, b) => (b.rank > a.rank ? b : a), DataClass.GENERAL);
}
