import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { CapacityClaim, DnsSettings, HubNetwork, IHubRecovery, IIndustryCloud, ITenant, ITenantOptionsResolver, ResolvedTenantOptions, TenantOptions } from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { recordDeclaration } from '../core/declaration';
import { CloudKind, CpuArch, SiteRole } from '../core/enums';
import { LandingZoneError } from '../core/errors';
import { CapabilityKey, CapabilityRegistry, HubCapabilities, TenantOptionsResolvers, IHubFeature, IHubHost, IHubStacks } from '../core/extension';
import { isLabelValue } from '../core/labels';
import { checkLiteralProps } from '../core/literal';
import { checkCode, CodeLimits, constructId, constructIdFor, HubNamespaces, suggestCode } from '../core/names';
import { positional } from '../core/props';
import { isValidStackId, LandingZoneStack } from '../core/stack';
import { IndustryCloud, IndustryCloudOptions } from '../industry-cloud/industry-cloud';
import { DEFAULT_DEDICATED_LINE_PORTS } from '../placement/burst';
import { PlacementPolicy } from '../placement/placement-policy';
import { ByName } from '../private/by-name';
import { chartRepositoryProblem, isImageRegistry } from '../private/charts';
import { countResources } from '../private/stack-resources';
import { lazyLiteral } from '../private/terraform-json';
import { CONTRACT_CORE_KEYS, HubContract } from '../schema/contract';
import { DEFAULT_MAX_RESOURCES_PER_STACK } from '../state/sharding';
import { StateBackend } from '../state/state-backend';
import { Cluster, ClusterProps } from '../topology/cluster';
import { Site, SiteProps } from '../topology/site';
import { allocate, checkCapacity, ClusterAllocation } from './capacity';
import { checkClusterFields, checkSiteFields, MalformedEntry, modelEntries, reportMalformedEntries } from './cluster-checks';
import { buildContract } from './contract';
import { Inventory, ProvinceInventory, renderProvinceInventory } from './inventory';
import { PlatformBaseline } from './platform-baseline';

const isName = (x: unknown): x is string => typeof x === 'string';

/**
 * Properties of a {@link ProvinceHubBase}: the hub model. {@link ProvinceHubProps} adds what the features of a
 * province hub need (recovery, compliance, platform groups).
 */
export interface ProvinceHubBaseProps {
  /** Province code, e.g. `zj`; prefixes every stack name. */
  readonly province: string;
  /** e.g. `浙江省政务云`. */
  readonly displayName: string;
  /** Data centres. */
  readonly sites: SiteProps[];
  /** Existing Kubernetes clusters. */
  readonly clusters: ClusterProps[];
  /** The hub's own image and chart registry (air-gapped Harbor), e.g. `harbor.zj.gov.internal`. */
  readonly registry: string;
  /**
   * Where every chart the hub installs (operators, Velero) comes from, unless an offering names its own:
   * `oci://…` or `https://…` (no credentials: helm reads them from its registry config), or `file:///<folder>` with
   * the charts unpacked as `<folder>/<chart>/` (charts vendored beside the landing-zone code).
   * @default - `oci://<registry>/charts`
   */
  readonly charts?: { readonly repository?: string };
  /** Where stacks keep state. @default StateBackend.local() */
  readonly stateBackend?: StateBackend;
  /**
   * How far the quotas on a cluster may exceed its capacity (1.0 = not at all; 1.5 = by half).
   * @default 1.0
   */
  readonly overcommitRatio?: number;
  /** MLPS (等保) level the province is graded at; written on every tenant namespace. @default 3 */
  readonly mlpsLevel?: number;
  /** DNS pods, for the DNS egress policy. @default - kube-system pods labelled k8s-app=kube-dns */
  readonly dns?: DnsSettings;
  /**
   * Most Terraform resources one stack of an industry cloud may hold (keeps `terraform plan` fast); an
   * industry cloud above it fails the synth with the shard count to set. Industry clouds may override it.
   * @default 3000
   */
  readonly maxResourcesPerStack?: number;
  /**
   * Address blocks of the private API gateway that public clusters reach over the dedicated line (专线):
   * the only egress of a tenant's burst namespace on a public cluster.
   * @default - none: no tenant may burst
   */
  readonly dedicatedLineCidrs?: string[];
  /** TCP ports of the private API gateway open towards dedicatedLineCidrs. @default [443] */
  readonly dedicatedLinePorts?: number[];
}

/**
 * The model of a province hub (省级政务云中枢): sites, clusters, the stacks of DESIGN §4, the industry clouds and their
 * tenants, with the checks that keep them consistent, the contract it publishes and its inventory entry. It knows no
 * feature: the middleware shelf, recovery and compliance (and later observability, applications, blueprints, edge
 * zones) attach through {@link addFeature} and the {@link IHubHost} hooks. {@link ProvinceHub} is the hub with every
 * feature wired in: use that one.
 *
 * Lays out the stacks `<province>-platform-<cluster>` (operators and CRDs), `<province>-hub` (hub services, depends
 * on every platform stack) and `<province>-<industry>` per industry cloud (tenants, depends on the hub stack).
 */
export class ProvinceHubBase extends Construct implements IHubHost {
  public readonly province: string;
  public readonly displayName: string;
  public readonly registry: string;
  public readonly chartRepository: string;
  public readonly mlpsLevel: number;
  public readonly overcommitRatio: number;
  public readonly sites: readonly Site[];
  public readonly clusters: readonly Cluster[];
  private readonly clustersByName = new ByName<Cluster>(() => this.clusters);
  private readonly sitesByName = new ByName<Site>(() => this.sites);
  public readonly network: HubNetwork;
  public readonly stateBackend: StateBackend;
  public readonly dedicatedLineCidrs: readonly string[];
  public readonly dedicatedLinePorts: readonly number[];
  /** `<province>-hub`: hub services. */
  public readonly hubStack: LandingZoneStack;
  /** `<province>-platform-<cluster>`, by cluster code. */
  public readonly platformStacks: ReadonlyMap<string, LandingZoneStack>;
  /** Default bound on the resources of one industry-cloud stack. */
  public readonly maxResourcesPerStack: number;

  private readonly ownStacks: LandingZoneStack[] = [];
  private readonly chartsProp?: { readonly repository?: string };
  private readonly malformedEntries: readonly MalformedEntry[]; // sites or clusters that are no objects, or second of a name
  /** The name each stack was asked for (a clash gets a placeholder id, reported at the gate). */
  private readonly stackNames = new Map<TerraformStack, string>();
  private readonly industries = new Map<string, IndustryCloud>();
  private readonly industryOrder: IndustryCloud[] = [];
  private readonly tenantList: ITenant[] = [];
  private readonly claims: CapacityClaim[] = [];
  private readonly sections = new Map<string, () => unknown>();
  private readonly contractSections = new Map<string, () => unknown>();
  private readonly tenantListeners: Array<(t: ITenant) => void> = [];
  private readonly industryListeners: Array<(ic: IndustryCloud) => void> = [];
  private readonly stackListeners: Array<(stack: TerraformStack) => void> = [];
  private readonly capabilities: CapabilityRegistry;
  private readonly optionResolvers = new TenantOptionsResolvers();

  constructor(scope: Construct, id: string, hubProps: ProvinceHubBaseProps) {
    super(scope, constructId(scope, id, 'province hub'));
    recordDeclaration(this);
    this.capabilities = new CapabilityRegistry(this.node.path);
    // A JavaScript caller may leave props out: what is missing is reported at the gate, with every other problem.
    const props: ProvinceHubBaseProps = hubProps !== null && typeof hubProps === 'object' ? hubProps : ({} as ProvinceHubBaseProps);
    this.province = props.province;
    this.displayName = props.displayName;
    this.registry = props.registry;
    this.chartsProp = props.charts;
    this.chartRepository = props.charts?.repository ?? `oci://${props.registry}/charts`;
    this.mlpsLevel = props.mlpsLevel ?? 3;
    this.overcommitRatio = props.overcommitRatio ?? 1.0;
    // Entries that are no objects, and the second of two of one name, are reported at the gate and left out of the
    // model (cluster-checks.ts): nothing downstream builds a cluster's objects twice, or on a cluster without a name.
    const entries = modelEntries(props.sites, props.clusters);
    this.malformedEntries = entries.malformed;
    this.sites = entries.sites.map((s) => new Site(s as SiteProps));
    this.clusters = entries.clusters.map((c) => new Cluster(c as ClusterProps));
    this.network = {
      gatewayNamespace: HubNamespaces.GATEWAY,
      dns: { namespace: props.dns?.namespace ?? 'kube-system', podLabels: props.dns?.podLabels ?? { 'k8s-app': 'kube-dns' } },
    };
    this.stateBackend = props.stateBackend ?? StateBackend.local();
    this.maxResourcesPerStack = props.maxResourcesPerStack ?? DEFAULT_MAX_RESOURCES_PER_STACK;
    this.dedicatedLineCidrs = props.dedicatedLineCidrs ?? [];
    this.dedicatedLinePorts = props.dedicatedLinePorts ?? DEFAULT_DEDICATED_LINE_PORTS;

    const ctx = LandingZoneContext.of(this);
    ctx.addCheck((r) => {
      checkLiteralProps(r, this, props, 'the hub prop');
      this.check(r);
    });
    Inventory.of(this).addSource(() => this.inventory());
    ctx.addKnownNames(() => ({ clusters: this.clusters.map((c) => c.name).filter(isName), sites: this.sites.map((x) => x.name).filter(isName) }));

    this.hubStack = this.newStack(this, `${this.province}-hub`);
    const platform = new Map<string, LandingZoneStack>();
    // One platform stack per distinct cluster code; a duplicate is reported by the checks, not built twice.
    for (const cluster of this.clusters) {
      if (typeof cluster.name !== 'string' || platform.has(cluster.name)) continue;
      const stack = this.newStack(this, `${this.province}-platform-${cluster.name}`);
      new PlatformBaseline(stack, 'Baseline', { hub: this, cluster });
      this.hubStack.addDependency(stack);
      platform.set(cluster.name, stack);
    }
    this.platformStacks = platform;
    new PlacementPolicy(this.hubStack, 'PlacementPolicy', { hub: this });
    new TerraformOutput(this.hubStack, 'contract', {
      description: 'The hub contract city projects build on (PublishedHub)',
      // Rendered at synth, so tenants and sections added after the hub are in it.
      value: lazyLiteral(() => this.contract()),
    });
    const file = `${this.province}-hub.json`;
    if (!ctx.artifactNames.includes(file)) ctx.addArtifact(file, () => JSON.stringify(this.contract(), null, 2) + '\n');
  }

  public get stacks(): readonly LandingZoneStack[] {
    return this.ownStacks;
  }

  public get own(): IHubStacks {
    return {
      hubStack: this.hubStack,
      platformStacks: this.platformStacks,
      onStackAdded: (listener) => this.stackListeners.push(listener),
      addContractSection: (key, render) => this.addContractSection(key, render),
      addStack: (name) => this.newStack(this, name),
    };
  }

  /** Attaches a feature: calls `feature.bind(this)`. Returns the feature. */
  public addFeature<T extends IHubFeature>(feature: T): T {
    feature.bind(this);
    return feature;
  }

  public addTenantOptionsResolver(resolver: ITenantOptionsResolver): void {
    this.optionResolvers.add(resolver);
  }

  public resolveTenantOptions(industryCloud: IIndustryCloud, code: string, options: TenantOptions): ResolvedTenantOptions {
    return this.optionResolvers.resolve(industryCloud, code, options);
  }

  public provide<T>(key: CapabilityKey<T>, value: T): void {
    this.capabilities.provide(key, value);
  }

  public capability<T>(key: CapabilityKey<T>): T | undefined {
    return this.capabilities.get(key);
  }

  /** The hub's recovery, when a recovery feature is attached. */
  public get recovery(): IHubRecovery | undefined {
    return this.capability(HubCapabilities.RECOVERY);
  }

  public cluster(name: string): Cluster | undefined {
    return this.clustersByName.get(name);
  }

  public site(name: string): Site | undefined {
    return this.sitesByName.get(name);
  }

  /** Adds an industry cloud; its tenants go to the stack `<province>-<code>`. */
  public addIndustryCloud(code: string, industryOptions: IndustryCloudOptions): IndustryCloud {
    code = positional(code);
    // A JavaScript caller may leave the options out: what is missing is reported at the gate.
    const options: IndustryCloudOptions = industryOptions !== null && typeof industryOptions === 'object' ? industryOptions : ({} as IndustryCloudOptions);
    const key = constructIdFor(code, `invalid-industry-cloud-${this.industryOrder.length}`);
    const id = this.industries.has(key) ? `${key}-duplicate-${this.industryOrder.length}` : key;
    const ic = new IndustryCloud(this, id, {
      ...options,
      code,
      hub: this,
      maxResourcesPerStack: options.maxResourcesPerStack ?? this.maxResourcesPerStack,
      stack: (scope, id) => {
        const stack = this.newStack(scope, id);
        stack.addDependency(this.hubStack);
        return stack;
      },
    });
    if (this.industries.has(code)) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(ic, { code: 'duplicate', value: code, message: `industry cloud "${code}" is added twice`, fix: 'add each industry cloud once; give the second one another code' }),
      );
    } else {
      this.industries.set(code, ic);
    }
    this.industryOrder.push(ic);
    for (const l of this.industryListeners) l(ic);
    return ic;
  }

  public industryCloud(code: string): IndustryCloud {
    code = positional(code);
    const ic = this.industries.get(code);
    if (!ic) {
      throw new LandingZoneError(
        [
          {
            path: this.node.path,
            code: 'unknown-industry-cloud',
            value: code,
            message: `no industry cloud "${code}"; known: ${[...this.industries.keys()].join(', ') || '(none)'}`,
            fix: 'use the code of one of the known industry clouds, or add it with addIndustryCloud first',
          },
        ],
        'the industry cloud was looked up before synth',
      );
    }
    return ic;
  }

  /** The industry clouds in declaration order. */
  public get industryClouds(): readonly IndustryCloud[] {
    return [...this.industryOrder];
  }

  /** Every tenant built on this hub in this app. */
  public get tenants(): readonly ITenant[] {
    return [...this.tenantList];
  }

  public registerTenant(tenant: ITenant): void {
    this.tenantList.push(tenant);
    for (const l of this.tenantListeners) l(tenant);
  }

  /** Calls `listener` for every tenant registered from now on (layers that add objects to tenants use it). */
  public onTenantRegistered(listener: (t: ITenant) => void): void {
    this.tenantListeners.push(listener);
  }

  /** Calls `listener` for every industry cloud added from now on. */
  public onIndustryCloudAdded(listener: (ic: IndustryCloud) => void): void {
    this.industryListeners.push(listener);
  }

  public addCapacityClaim(claim: CapacityClaim): void {
    this.claims.push(claim);
  }

  public get inventorySections(): ReadonlyMap<string, () => unknown> {
    return this.sections;
  }

  public addInventorySection(key: string, render: () => unknown): void {
    if (this.sections.has(key)) throw new Error(`${this.node.path}: inventory section ${key} is added twice`);
    this.sections.set(key, render);
  }

  /**
   * Adds a section to the published contract (e.g. `middleware` endpoints), rendered at synth as plain JSON;
   * city projects read it with `PublishedHub.section(key)`.
   */
  public addContractSection(key: string, render: () => unknown): void {
    if (CONTRACT_CORE_KEYS.includes(key)) throw new Error(`${this.node.path}: contract section ${key} would replace a field of the contract itself`);
    if (this.contractSections.has(key)) throw new Error(`${this.node.path}: contract section ${key} is added twice`);
    this.contractSections.set(key, render);
  }

  /** Quota reserved on each cluster, by tenants and other claims. */
  public allocations(): Map<string, ClusterAllocation> {
    return allocate(this.clusters, [
      ...this.tenantList.flatMap((t) => t.placements.filter((p) => p.kind !== 'edge').map((p) => ({ cluster: p.cluster.name, owner: t.node.path, amounts: p.quota }))),
      ...this.claims,
    ]);
  }

  /** The contract city projects consume (schemaVersion 1): plain names and figures, no tokens, no credentials. */
  public contract(): HubContract {
    return buildContract(this, this.contractSections);
  }

  /** This hub's part of inventory.json. */
  public inventory(): ProvinceInventory {
    return renderProvinceInventory({
      hub: this,
      stateBackend: this.stateBackend.kind,
      stacks: {
        hub: this.hubStack.node.id,
        platform: Object.fromEntries([...this.platformStacks].map(([cluster, stack]) => [cluster, stack.node.id])),
      },
      allocations: this.allocations(),
      industryClouds: this.industryClouds.map((ic) => ({
        ic,
        extra: {
          shards: ic.shards,
          stacks: ic.stacks.map((s) => s.node.id),
          ...(ic.retiredStacks.length > 0 ? { retiredStacks: ic.retiredStacks.map((s) => s.node.id) } : {}),
        },
      })),
      tenants: this.tenants,
    });
  }

  /**
   * Stacks are children of the app, whatever the hub's own scope: cdktf records a stack's dependencies as
   * construct paths and the CLI matches them against stack names (`cdktf deploy '*'` refuses to run otherwise),
   * so a stack's path must be its name. `scope` only names the construct the stack belongs to in messages.
   */
  private newStack(_scope: Construct, name: string): LandingZoneStack {
    const root = this.node.root;
    // A name made of an invalid code (reported by the code's check) gets a placeholder id: cdktf refuses some outright.
    const id = isValidStackId(name) ? name : `invalid-stack-${root.node.children.length}`;
    const existing = root.node.tryFindChild(id);
    // The placeholder id counts the app's own children (the landing zone's context construct is not one of them).
    const siblings = root.node.children.filter((c) => !LandingZoneContext.isLandingZoneContext(c)).length;
    const stack = new LandingZoneStack(root, existing ? `${id}-duplicate-${siblings}` : id);
    this.stackNames.set(stack, id);
    for (const listener of this.stackListeners) listener(stack);
    const ours = this.ownStacks.includes(existing as LandingZoneStack);
    this.ownStacks.push(stack);
    // A clash among this hub's own industry stacks is reported by checkStackNames, with the industry cloud to rename.
    if (existing && !ours) {
      LandingZoneContext.of(this).addCheck((r) =>
        r.error(this, {
          code: 'duplicate',
          value: id,
          message: `the stack "${id}" already exists in this app (two hubs with province "${this.province}", or a stack of yours with that name)`,
          fix: 'give each hub in one app its own province code, and your own stacks names that do not start with it',
        }),
      );
    }
    this.stateBackend.bind(stack, { clusters: this.clusters });
    return stack;
  }

  private path(kind: string, name: unknown): string {
    return `${this.node.path}/${kind}/${String(name)}`;
  }

  private check(r: ProblemReporter): void {
    reportMalformedEntries(r, this.node.path, this.malformedEntries);
    const codeProblem = checkCode(this.province, { what: 'province code', maxLength: CodeLimits.PROVINCE });
    if (codeProblem)
      r.error(this, { code: 'invalid-name', value: this.province, message: codeProblem, fix: `use the province's short code, e.g. "${suggestCode(this.province, CodeLimits.PROVINCE)}"` });
    if (typeof this.displayName !== 'string' || this.displayName.trim() === '') {
      r.error(this, { code: 'missing-value', value: this.displayName, message: 'the hub has no display name', fix: "set displayName, e.g. '浙江省政务云'" });
    }
    if (!isImageRegistry(this.registry)) {
      r.error(this, {
        code: 'invalid-value',
        value: this.registry,
        message: 'registry must be a registry host (and optional port and path) without a scheme',
        fix: "set registry to the hub's Harbor, e.g. 'harbor.zj.gov.internal'",
      });
    }
    const chartRepo = this.chartsProp?.repository;
    if (typeof chartRepo === 'string' && urlCredential(chartRepo)) {
      r.error(`${this.node.path}/charts`, {
        code: 'credential-in-url',
        value: chartRepo,
        message: `charts.repository: ${urlCredential(chartRepo)}; it would be written in plain text to cdktf.out`,
        fix: 'give the repository without credentials (helm reads them from its registry configuration)',
      });
    }
    const chartProblem = chartRepo === undefined || urlCredential(String(chartRepo)) ? undefined : chartRepositoryProblem(chartRepo);
    if (chartProblem) {
      r.error(`${this.node.path}/charts`, {
        code: 'invalid-value',
        value: this.chartsProp!.repository,
        message: `charts.repository ${chartProblem}`,
        fix: `leave it unset for oci://${typeof this.registry === 'string' ? this.registry : '<registry>'}/charts, or name the air-gapped chart repository`,
      });
    }
    if (typeof this.overcommitRatio !== 'number' || !(this.overcommitRatio > 0) || this.overcommitRatio > 10) {
      r.error(this, { code: 'invalid-value', value: this.overcommitRatio, message: 'overcommitRatio must be above 0 and at most 10', fix: 'use 1.0 (no overcommit) or e.g. 1.5' });
    }
    if (this.mlpsLevel !== 2 && this.mlpsLevel !== 3 && this.mlpsLevel !== 4) {
      r.error(this, { code: 'invalid-value', value: this.mlpsLevel, message: 'mlpsLevel must be 2, 3 or 4', fix: 'government cloud systems are graded at level 3: leave mlpsLevel unset' });
    }
    const dns = this.network.dns;
    if (typeof dns.namespace !== 'string' || dns.namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(dns.namespace)) {
      r.error(`${this.node.path}/dns`, {
        code: 'invalid-value',
        value: dns.namespace,
        message: 'dns.namespace is not a namespace name',
        fix: "leave it unset (kube-system) or give the DNS namespace, e.g. 'kube-system'",
      });
    }
    const labels: unknown = dns.podLabels;
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels) || Object.keys(labels).length === 0 || !Object.values(labels as object).every(isLabelValue)) {
      r.error(`${this.node.path}/dns`, {
        code: 'invalid-value',
        value: labels,
        message: 'dns.podLabels must be a map of label keys to label values that selects the DNS pods',
        fix: "leave it unset ({ 'k8s-app': 'kube-dns' }) or give the labels of the DNS pods",
      });
    }
    this.checkSites(r);
    this.checkClusters(r);
    this.checkTenants(r);
    checkCapacity(r, (c) => this.path('clusters', c), this.clusters, this.allocations(), this.overcommitRatio);
    this.checkStackNames(r);
    this.checkHubStackSizes(r);
  }

  /**
   * The hub and platform stacks are not sharded. The hub stack grows with middleware grants (each holds its
   * middleware side there: a role secret and a Database, a KafkaUser, an ingress policy, per cluster), so a shelf
   * granted to hundreds of departments takes it past the bound; a warning says so, with what fills it.
   */
  /** What fills the hub stack, for the warning when it holds more than maxResourcesPerStack (features that put objects there say). */
  protected hubStackLoad(): string | undefined {
    return undefined;
  }

  private checkHubStackSizes(r: ProblemReporter): void {
    const bound = this.maxResourcesPerStack;
    if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) return;
    for (const stack of [this.hubStack, ...this.platformStacks.values()]) {
      const resources = countResources(stack);
      if (resources <= bound) continue;
      r.warn(
        stack,
        `stack "${stack.node.id}" holds ${resources} Terraform resources, above the bound of ${bound} (maxResourcesPerStack) that keeps terraform plan fast; ` +
          ((stack === this.hubStack ? this.hubStackLoad() : undefined) ?? 'the hub and platform stacks are not sharded'),
      );
    }
  }

  /**
   * Two industry-cloud stacks of one name would overwrite each other in cdktf.out (an industry code like
   * `health-2` beside a sharded `health`); clashes with the hub's own stacks are reserved names.
   */
  private checkStackNames(r: ProblemReporter): void {
    const seen = new Map<string, TerraformStack>();
    for (const s of this.industryOrder.flatMap((ic) => [...ic.stacks, ...ic.retiredStacks])) {
      const name = this.stackNames.get(s) ?? s.node.id;
      const first = seen.get(name);
      if (!first) {
        seen.set(name, s);
        continue;
      }
      r.error(s, {
        code: 'duplicate',
        value: name,
        message: `stack name "${name}" is used by ${first.node.path} too; both would be written to the same folder and state`,
        fix: 'give the industry cloud another code (shards are named <province>-<code>-<n>)',
      });
    }
  }

  private checkSites(r: ProblemReporter): void {
    if (this.sites.length === 0) r.error(this, { code: 'missing-value', value: [], message: 'the hub declares no site', fix: 'add the data centres to sites' });
    for (const s of this.sites) {
      const at = this.path('sites', s.name);
      const p = checkCode(s.name, { what: 'site name', maxLength: CodeLimits.SITE });
      if (p) r.error(at, { code: 'invalid-name', value: s.name, message: p, fix: `use a code such as "${suggestCode(s.name, CodeLimits.SITE)}"` });
      if (typeof s.city !== 'string' || s.city.trim() === '') r.error(at, { code: 'missing-value', value: s.city, message: 'the site has no city', fix: "set city, e.g. 'hangzhou'" });
      checkSiteFields(r, at, s);
    }
  }

  /** Cluster codes other hubs declared before this one in the app, by code, with the hub's path. */
  private earlierHubClusters(): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of this.node.root.node.findAll()) {
      if (c === this) break;
      const x = c as unknown as { clusters?: unknown; registerTenant?: unknown };
      if (typeof x.registerTenant !== 'function' || !Array.isArray(x.clusters)) continue;
      for (const k of x.clusters) if (typeof k?.name === 'string' && !out.has(k.name)) out.set(k.name, c.node.path);
    }
    return out;
  }

  private checkClusters(r: ProblemReporter): void {
    const elsewhere = this.earlierHubClusters();
    for (const c of this.clusters) {
      const at = this.path('clusters', c.name);
      const p = checkCode(c.name, { what: 'cluster name', maxLength: CodeLimits.CLUSTER });
      if (p) r.error(at, { code: 'invalid-name', value: c.name, message: p, fix: `use a code such as "${suggestCode(c.name, CodeLimits.CLUSTER)}"` });
      if (elsewhere.has(c.name)) {
        // Two provinces of one app may share a physical cluster on purpose; the compliance checks tell clusters apart by code.
        r.warn(
          at,
          `cluster "${c.name}" is also a cluster of the hub ${elsewhere.get(c.name)} in this app: the compliance checks tell clusters apart by code, so they read both hubs' objects there as one cluster's; give each hub's clusters codes of their own (e.g. prefixed with the province) unless they are the same cluster`,
        );
      }
      const site = this.site(c.site);
      if (!site) {
        r.error(at, {
          code: 'unknown-site',
          value: c.site,
          message: `cluster "${c.name}" is on site "${c.site}", which the hub does not declare`,
          fix: `use one of: ${this.sites.map((s) => s.name).join(', ') || '(no site declared)'}, or add the site to sites`,
        });
      }
      const cloud = CloudKind.parse(c.cloud);
      if (!cloud) r.error(at, { code: 'invalid-value', value: c.cloud, message: 'cloud is not a CloudKind', fix: 'use CloudKind.PRIVATE or CloudKind.PUBLIC' });
      if (!CpuArch.parse(c.arch)) r.error(at, { code: 'invalid-value', value: c.arch, message: 'arch is not a CpuArch', fix: 'use CpuArch.AMD64 or CpuArch.ARM64' });
      if (site && cloud && SiteRole.parse(site.role)) {
        const publicSite = site.role.value === SiteRole.PUBLIC_CLOUD.value;
        const publicCluster = cloud.value === CloudKind.PUBLIC.value;
        if (publicSite !== publicCluster) {
          r.error(at, {
            code: 'inconsistent',
            value: String(c.cloud),
            message: `cluster "${c.name}" is ${cloud.value} but its site "${site.name}" is ${site.role.value}`,
            fix: publicSite ? 'set cloud: CloudKind.PUBLIC, or put the cluster on a private site' : 'set cloud: CloudKind.PRIVATE, or put the cluster on a PUBLIC_CLOUD site',
          });
        }
      }
      checkClusterFields(r, at, c);
    }
  }

  private checkTenants(r: ProblemReporter): void {
    const byCode = new Map<string, ITenant>();
    for (const t of this.tenantList) {
      const first = byCode.get(t.code);
      if (first) {
        r.error(t, {
          code: 'duplicate',
          value: t.code,
          message: `tenant code "${t.code}" is already used by ${first.node.path} (${first.displayName}); codes are unique in the province because they name namespaces`,
          fix: `give one of them another code, e.g. "${t.industryCloud.code}-${t.code}"`.slice(0, 120),
        });
      } else {
        byCode.set(t.code, t);
      }
    }
  }
}
