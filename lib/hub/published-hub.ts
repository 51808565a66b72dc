/**
 * City projects on a published hub: `ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromFile('zj-hub.json'))`.
 *
 * The hub is deployed by another repository; a city project reads its contract (lib/hub/contract.ts) and
 * adds tenants to its industry clouds in the city's own stack. Names, not tokens: every name a tenant needs
 * (clusters, registry, gateway namespace, DNS) is taken from a synth-time copy of the contract, so the city
 * stack synthesizes and plans on its own. With `fromRemoteState` the city stack also reads the applied
 * contract through `terraform_remote_state` and refuses to plan (postconditions) when the copy it was
 * synthesized from no longer matches the hub: another tenant code taken, an industry cloud's clusters or
 * data class changed, another registry.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import {
  type CapacityClaim,
  ClusterConnectionProps,
  type HubNetwork,
  ICluster,
  type IHubRecovery,
  type IIndustryCloud,
  ISite,
  ITenant,
  type ITenantOptionsResolver,
  type ResolvedTenantOptions,
  TenantOptions,
} from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { CloudKind, CpuArch, DataClass, SiteRole } from '../core/enums';
import { LandingZoneError, Problem } from '../core/errors';
import { CapabilityKey, CapabilityRegistry, HubCapabilities, TenantOptionsResolvers, IHubFeature, IHubHost } from '../core/extension';
import { checkLiteralProps } from '../core/literal';
import { constructId, constructIdFor } from '../core/names';
import { positional, type RemovedValue, removedText, stripNonData } from '../core/props';
import { RecoveryObjective } from '../core/recovery-objective';
import { isValidStackId, LandingZoneStack } from '../core/stack';
import { ByName } from '../private/by-name';
import { expression, hclString, lazyLiteral } from '../private/terraform-json';
import { ContractIndustryCloud, HUB_CONTRACT_SCHEMA_VERSION, HubContract, type PublishedMiddleware, type PublishedOffering } from '../schema/contract';
import type { StateBackend } from '../state/state-backend';
import { Tenant } from '../tenancy/tenant';
import { Cluster } from '../topology/cluster';
import { Site } from '../topology/site';
import { allocate, checkCapacity, ClusterAllocation } from './capacity';
import { contractProblems, ContractProblem, unwrapContract } from './contract';
import { amounts, Inventory, ProvinceInventory, renderProvinceInventory } from './inventory';

/** Options of {@link PublishedHub.fromRemoteState}. */
export interface PublishedHubRemoteStateOptions {
  /** The backend the hub keeps its state in (the same kind and settings as the hub's stateBackend). */
  readonly backend: StateBackend;
  /**
   * The copy of the contract used at synth for names and checks: a file (as for {@link PublishedHub.fromFile}) or a PublishedHub.
   * Refresh it with `terraform output -json published-hub-<province>` in the city stack after an apply.
   */
  readonly snapshot: string | PublishedHub;
  /** The hub's stack. @default - `<province>-hub`, with the province of the snapshot */
  readonly stack?: string;
  /** The output of the hub stack that holds the contract. @default 'contract' */
  readonly output?: string;
}

/** How a PublishedHub reads the applied contract at plan time. */
export interface PublishedHubRemoteState {
  readonly backend: StateBackend;
  readonly stack: string;
  readonly output: string;
}

/**
 * The contract of a province hub deployed elsewhere, as a city project reads it.
 * Reading never throws: problems (missing file, bad JSON, unknown schemaVersion) are reported at synth.
 */
export class PublishedHub {
  /**
   * The contract from a file: the hub's `cdktf.out/gov-lz/<province>-hub.json`, or `terraform output -json`
   * of the hub stack (or of its `contract` output). A relative path is resolved from the directory cdktf runs in.
   */
  public static fromFile(file: string): PublishedHub {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read as JSON (${(e as Error).message})`;
      return new PublishedHub(file, undefined, [
        {
          value: file,
          message: `the published hub file ${file} ${reason}`,
          fix: 'give the path of the contract file the hub publishes (cdktf.out/gov-lz/<province>-hub.json), e.g. path.join(__dirname, "zj-hub.json")',
        },
      ]);
    }
    return PublishedHub.fromContract(json, file);
  }

  /** The contract from a value already parsed (e.g. fetched by the project itself). */
  public static fromContract(contract: unknown, source = 'the given contract'): PublishedHub {
    // JSON's null is "not there" here, as in the contract the hub writes (it has none): a null where a name or a list
    // belongs would otherwise reach a reader, or the provider configuration, as a TypeError. What JSON cannot hold at
    // all (a function, a Symbol, a BigInt, a Date…: a contract built in code) is a problem of the contract.
    const { value, nulls } = stripNonData(contract);
    const c = unwrapContract(value);
    const notJson = nulls.filter((n) => n.value !== 'null' && n.path !== '');
    const problems = notJson.length > 0 ? notJsonProblems(notJson) : contractProblems(c);
    return new PublishedHub(source, problems.length === 0 ? (c as HubContract) : undefined, problems);
  }

  /**
   * The contract as the hub applied it, read by a `terraform_remote_state` data source in the city stack,
   * with a synth-time copy (`snapshot`) for names and checks; the plan fails when the two disagree on
   * anything the city's tenants depend on.
   */
  public static fromRemoteState(remoteOptions: PublishedHubRemoteStateOptions): PublishedHub {
    // A JavaScript caller may leave the options out or pass anything: each missing or wrong one is a problem of the contract.
    const options: Partial<PublishedHubRemoteStateOptions> = remoteOptions !== null && typeof remoteOptions === 'object' ? remoteOptions : {};
    const snapshot =
      typeof options.snapshot === 'string'
        ? PublishedHub.fromFile(options.snapshot)
        : options.snapshot instanceof PublishedHub
          ? options.snapshot
          : new PublishedHub('PublishedHub.fromRemoteState', undefined, [
              {
                value: options.snapshot,
                message: 'fromRemoteState has no snapshot: the names tenants need are taken at synth from a copy of the contract, the remote state is only read at plan time',
                fix: "give snapshot: the hub's cdktf.out/gov-lz/<province>-hub.json, or terraform output -json contract of the hub stack saved to a file",
              },
            ]);
    const stack = options.stack ?? (snapshot.contract ? `${snapshot.contract.province}-hub` : 'unknown-hub');
    const output = options.output ?? 'contract';
    const problems = [...snapshot.problems, ...remoteStateProblems(options.backend, stack, output)];
    // The remote state is declared only from options that are right: a wrong one is reported, nothing is written.
    const remote = problems.length === snapshot.problems.length ? { backend: options.backend as StateBackend, stack, output } : undefined;
    return new PublishedHub(snapshot.source, snapshot.contract, problems, remote);
  }

  private constructor(
    /** Where the contract came from (file path), for messages. */
    public readonly source: string,
    /** The contract; undefined when it could not be read (see problems). */
    public readonly contract: HubContract | undefined,
    /** What is wrong with it. */
    public readonly problems: readonly ContractProblem[],
    /** Set by fromRemoteState. */
    public readonly remoteState?: PublishedHubRemoteState,
  ) {}

  /** A section another layer of the hub published (`hub.addContractSection`), e.g. `middleware`; undefined when absent. */
  public section(key: string): unknown {
    return this.contract?.[key];
  }

  /**
   * The hub's middleware shelf as it publishes it: each offering's clusters, in-cluster endpoint, addresses from
   * the other site and the codes granted it. Undefined when the hub publishes no offering. Grants are made in
   * the hub's own project (they change the instance: a PostgreSQL role, a Redis ACL); a city team asks for one.
   */
  public middleware(): PublishedMiddleware | undefined {
    const m = this.section('middleware') as Partial<PublishedMiddleware> | undefined;
    if (!m || typeof m !== 'object' || !Array.isArray(m.offerings)) return undefined;
    const endpoint = (e: unknown) => !!e && typeof (e as { host?: unknown }).host === 'string' && typeof (e as { port?: unknown }).port === 'number';
    return {
      namespace: str(m.namespace),
      offerings: m.offerings.filter((o) => o && typeof o.name === 'string' && typeof o.kind === 'string' && endpoint(o.endpoint)),
    };
  }

  /** One published offering by name (`postgres`, `redis`…), undefined when the hub publishes none of that name. */
  public offering(name: string): PublishedOffering | undefined {
    return this.middleware()?.offerings.find((o) => o.name === name);
  }
}

/** Properties of a {@link PublishedProvinceHub}. */
export interface PublishedProvinceHubProps {
  /** The contract the hub published. */
  readonly published: PublishedHub;
  /**
   * How this project reaches each published cluster, by cluster code (a city team's own kubeconfig).
   * @default - the connection the hub published (same kubeconfig path and context names)
   */
  readonly connections?: Record<string, ClusterConnectionProps>;
}

const isName = (x: unknown): x is string => typeof x === 'string';

const hcl = hclString;

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const stringList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/**
 * A province hub read from its published contract (see {@link ProvinceHub.fromPublished}). Its industry
 * clouds put tenants in the stack the hub was created in; the checks of a hub of one's own still run.
 */
export class PublishedProvinceHub extends Construct implements IHubHost {
  public readonly published: PublishedHub;
  public readonly province: string;
  public readonly displayName: string;
  public readonly registry: string;
  public readonly mlpsLevel: number;
  public readonly overcommitRatio: number;
  public readonly sites: readonly ISite[];
  public readonly clusters: readonly ICluster[];
  private readonly clustersByName = new ByName<ICluster>(() => this.clusters);
  private readonly sitesByName = new ByName<ISite>(() => this.sites);
  public readonly network: HubNetwork;
  public readonly dedicatedLineCidrs?: readonly string[];
  public readonly dedicatedLinePorts?: readonly number[];

  private readonly industries = new Map<string, PublishedIndustryCloud>();
  private readonly tenantList: ITenant[] = [];
  private readonly claims: CapacityClaim[] = [];
  private readonly sections = new Map<string, () => unknown>();
  private readonly tenantListeners: Array<(t: ITenant) => void> = [];
  private readonly industryListeners: Array<(ic: IIndustryCloud) => void> = [];
  private readonly capabilities: CapabilityRegistry;
  private readonly optionResolvers = new TenantOptionsResolvers();
  /** A published hub has no stacks of its own here: they belong to the hub's project. */
  public readonly own = undefined;

  constructor(scope: Construct, id: string, hubProps: PublishedProvinceHubProps) {
    super(scope, constructId(scope, id, 'published province hub'));
    recordDeclaration(this);
    this.capabilities = new CapabilityRegistry(this.node.path);
    // A JavaScript caller may leave the published hub out: it is reported at the gate as an unreadable contract.
    const given = hubProps?.published as PublishedHub | undefined;
    const published = given && typeof given === 'object' && Array.isArray(given.problems) ? given : PublishedHub.fromContract(undefined, 'ProvinceHub.fromPublished (no PublishedHub given)');
    const props: PublishedProvinceHubProps = { ...(hubProps ?? {}), published };
    this.published = published;
    const c = published.contract;
    this.province = str(c?.province);
    this.displayName = str(c?.displayName);
    this.registry = str(c?.registry);
    this.mlpsLevel = c?.mlpsLevel ?? 3;
    this.overcommitRatio = c?.overcommitRatio ?? 1;
    this.sites = (c?.sites ?? []).map(
      (s) =>
        new Site({
          name: s.name,
          city: s.city,
          role: SiteRole.parse(s.role)!,
          region: s.region || undefined,
          displayName: s.displayName,
          ...(typeof s.availability === 'number' ? { availability: s.availability } : {}),
        }),
    );
    this.clusters = (c?.clusters ?? []).map(
      (x) =>
        new Cluster({
          name: x.name,
          site: x.site,
          cloud: CloudKind.parse(x.cloud)!,
          arch: CpuArch.parse(x.arch)!,
          capacity: { cpu: 0, memoryGi: 0, ...amounts(x.capacity) },
          connection: props.connections?.[x.name] ?? x.connection,
          nodePools: (x.nodePools ?? []).map((p) => ({ name: p.name, nodeLabels: p.nodeLabels, arch: CpuArch.parse(p.arch) })),
          displayName: x.displayName,
          podCidrs: stringList(x.podCidrs),
          serviceCidrs: stringList(x.serviceCidrs),
        }),
    );
    this.network = {
      gatewayNamespace: str(c?.gatewayNamespace),
      dns: { namespace: str(c?.dns?.namespace, 'kube-system'), podLabels: { ...(c?.dns?.podLabels ?? {}) } },
    };

    // Older contracts may lack them: undefined means the placement layer's defaults (no burst egress, port 443).
    this.dedicatedLineCidrs = Array.isArray(c?.dedicatedLineCidrs) ? [...c!.dedicatedLineCidrs] : undefined;
    this.dedicatedLinePorts = Array.isArray(c?.dedicatedLinePorts) ? [...c!.dedicatedLinePorts] : undefined;

    const ctx = LandingZoneContext.of(this);
    const stack = TerraformStack.of(this);
    if (!LandingZoneStack.isLandingZoneStack(stack)) ctx.attach(stack);
    ctx.addCheck((r) => {
      checkLiteralProps(r, this, props.connections, 'the connections prop');
      this.check(r);
    });
    Inventory.of(this).addSource(() => this.inventory());
    if (c && props.published.remoteState) this.declareRemoteState(c, props.published.remoteState);
    ctx.addKnownNames(() => ({ clusters: this.clusters.map((x) => x.name).filter(isName), sites: this.sites.map((x) => x.name).filter(isName) }));
  }

  /** Attaches a feature (the composition root attaches recovery, when the hub publishes it). Returns the feature. */
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

  /** Backups and recovery plans of this project's tenants, when the hub publishes its recovery set-up. */
  public get recovery(): IHubRecovery | undefined {
    return this.capability(HubCapabilities.RECOVERY);
  }

  /** Calls `listener` for every industry cloud this project uses from now on. */
  public onIndustryCloudAdded(listener: (ic: IIndustryCloud) => void): void {
    this.industryListeners.push(listener);
  }

  public cluster(name: string): ICluster | undefined {
    return this.clustersByName.get(name);
  }

  public site(name: string): ISite | undefined {
    return this.sitesByName.get(name);
  }

  /** An industry cloud of the published hub; throws a LandingZoneError naming the known ones (or what is wrong with the contract). */
  public industryCloud(code: string): PublishedIndustryCloud {
    code = positional(code);
    const existing = this.industries.get(code);
    if (existing) return existing;
    const c = this.published.contract;
    if (!c) throw new LandingZoneError(this.contractProblems(), 'the published hub could not be read');
    const entry = c.industryClouds.find((ic) => ic.code === code);
    if (!entry) {
      throw new LandingZoneError(
        [
          {
            path: this.node.path,
            code: 'unknown-industry-cloud',
            value: code,
            message: `the published hub ${c.province} (${this.published.source}) has no industry cloud "${code}"; known: ${c.industryClouds.map((ic) => ic.code).join(', ') || '(none)'}`,
            fix: 'use the code of one of the known industry clouds, or ask the hub team to add it and publish the contract again',
          },
        ],
        'the industry cloud was looked up before synth',
      );
    }
    const ic = new PublishedIndustryCloud(this, code, entry);
    this.industries.set(code, ic);
    for (const l of this.industryListeners) l(ic);
    return ic;
  }

  /** The industry clouds this project has used. */
  public get industryClouds(): readonly PublishedIndustryCloud[] {
    return [...this.industries.values()];
  }

  /** This project's tenants on the published hub. */
  public get tenants(): readonly ITenant[] {
    return [...this.tenantList];
  }

  public registerTenant(tenant: ITenant): void {
    this.tenantList.push(tenant);
    for (const l of this.tenantListeners) l(tenant);
  }

  /** Calls `listener` for every tenant registered from now on. */
  public onTenantRegistered(listener: (t: ITenant) => void): void {
    this.tenantListeners.push(listener);
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

  /** Quota on each cluster: what the hub has reserved (published) plus this project's tenants and claims. */
  public allocations(): Map<string, ClusterAllocation> {
    const published = new Map((this.published.contract?.clusters ?? []).map((c) => [c.name, c.allocated]));
    return allocate(
      this.clusters,
      [...this.tenantList.flatMap((t) => t.placements.filter((p) => p.kind !== 'edge').map((p) => ({ cluster: p.cluster.name, owner: t.node.path, amounts: p.quota }))), ...this.claims],
      (name) => published.get(name),
    );
  }

  /** This project's part of inventory.json: the published province with the city's tenants. */
  public inventory(): ProvinceInventory {
    const c = this.published.contract;
    return renderProvinceInventory({
      hub: this,
      stateBackend: str(c?.stateBackend),
      stacks: { hub: str(c?.stacks?.hub), platform: { ...(c?.stacks?.platform ?? {}) } },
      allocations: this.allocations(),
      industryClouds: this.industryClouds.map((ic) => ({ ic, extra: { stacks: [...new Set(ic.tenants.map((t) => TerraformStack.of(t).node.id))].sort() } })),
      tenants: this.tenantList,
      extra: {
        published: {
          // Relative to the project, so the inventory is the same on every machine.
          source: path.isAbsolute(this.published.source) ? path.relative(process.cwd(), this.published.source).split(path.sep).join('/') : this.published.source,
          schemaVersion: c?.schemaVersion ?? null,
          remoteState: this.published.remoteState ? { backend: this.published.remoteState.backend.kind, stack: this.published.remoteState.stack } : null,
        },
      },
    });
  }

  private contractProblems(): Problem[] {
    return this.published.problems.map((p) => ({ path: this.node.path, code: 'invalid-published-hub', value: p.value, message: `${this.published.source}: ${p.message}`, fix: p.fix }));
  }

  private check(r: ProblemReporter): void {
    for (const p of this.contractProblems()) r.error(p.path, p);
    const c = this.published.contract;
    if (!c) return;
    const hubTenants = new Map(c.tenants.map((t) => [t.code, t]));
    const mine = new Map<string, ITenant>();
    for (const t of this.tenantList) {
      const theirs = hubTenants.get(t.code);
      const first = mine.get(t.code);
      if (theirs) {
        r.error(t, {
          code: 'duplicate',
          value: t.code,
          message: `tenant code "${t.code}" is already used by the hub ${c.province} (industry cloud ${theirs.industryCloud}, stack ${theirs.stack}); codes are unique in the province because they name namespaces`,
          fix: `give the tenant a code the hub does not use, e.g. prefixed with the city's code`,
        });
      } else if (first) {
        r.error(t, {
          code: 'duplicate',
          value: t.code,
          message: `tenant code "${t.code}" is already used by ${first.node.path} (${first.displayName}); codes are unique in the province because they name namespaces`,
          fix: 'give one of them another code',
        });
      }
      if (!first) mine.set(t.code, t);
    }
    checkCapacity(r, (name) => `${this.node.path}/clusters/${name}`, this.clusters, this.allocations(), this.overcommitRatio, `the hub ${c.province}`);
  }

  /**
   * `data.terraform_remote_state.published-hub-<province>` with postconditions comparing the applied contract
   * with the snapshot on everything this project's tenants use, and an output of the applied contract (the
   * way to refresh the snapshot).
   */
  private declareRemoteState(c: HubContract, rs: PublishedHubRemoteState): void {
    const name = `published-hub-${c.province}`;
    const data = rs.backend.remoteState(this, 'RemoteState', rs.stack, { clusters: this.clusters });
    data.overrideLogicalId(name);
    data.addOverride(
      'lifecycle',
      lazyLiteral(() => ({ postcondition: this.postconditions(c, rs, name) })),
    );
    const out = new TerraformOutput(this, 'AppliedContract', {
      description: `The contract of hub ${c.province} as applied; save it as the snapshot given to PublishedHub.fromRemoteState`,
      value: data.get(rs.output),
    });
    out.overrideLogicalId(name);
  }

  private postconditions(c: HubContract, rs: PublishedHubRemoteState, name: string): Array<{ condition: string; error_message: string }> {
    const self = `self.outputs[${hcl(rs.output)}]`;
    const refresh = `refresh the snapshot ${this.published.source} (terraform output -json ${name} in this stack after an apply, or the hub's cdktf.out/gov-lz/${c.province}-hub.json), synthesize again and review the plan`;
    const out = [
      {
        condition: expression(`try(${self}.schemaVersion, 0) == ${HUB_CONTRACT_SCHEMA_VERSION} && try(${self}.province, "") == ${hcl(c.province)}`),
        error_message: `stack ${rs.stack} in the ${rs.backend.kind} backend holds no contract of province ${c.province} (schemaVersion ${HUB_CONTRACT_SCHEMA_VERSION}) in its output "${rs.output}": check the backend and stack given to PublishedHub.fromRemoteState`,
      },
      {
        condition: expression(`try(${self}.registry, "") == ${hcl(c.registry)} && try(${self}.gatewayNamespace, "") == ${hcl(c.gatewayNamespace)}`),
        error_message: `the registry or gateway namespace of hub ${c.province} differs from the snapshot this stack was synthesized from: ${refresh}`,
      },
    ];
    for (const ic of this.industryClouds) {
      const signature = `${ic.code}|${ic.dataClass.value}|${[...ic.clusterNames].sort().join(',')}|${ic.requireDomesticHardware}`;
      out.push({
        condition: expression(
          `contains([for ic in try(${self}.industryClouds, []) : format("%s|%s|%s|%s", ic.code, ic.dataClass, join(",", sort(ic.clusters)), tostring(try(ic.requireDomesticHardware, false)))], ${hcl(signature)})`,
        ),
        error_message: `industry cloud "${ic.code}" of hub ${c.province} is gone, or its clusters, data class or domestic-hardware requirement changed since the snapshot: ${refresh}`,
      });
    }
    const codes = [...new Set(this.tenantList.map((t) => t.code))].sort();
    if (codes.length > 0) {
      const taken = `setintersection(toset([for t in try(${self}.tenants, []) : t.code]), toset(${hcl(codes)}))`;
      out.push({
        condition: expression(`length(${taken}) == 0`),
        error_message: `hub ${c.province} now has tenants with codes of this project (${expression(`join(", ", ${taken})`)}); codes name namespaces and are unique in the province: give this project's tenants other codes`,
      });
    }
    return out;
  }
}

/** An industry cloud of a published hub: tenants added to it go to the city project's stack. */
export class PublishedIndustryCloud extends Construct implements IIndustryCloud {
  public readonly code: string;
  public readonly displayName: string;
  public readonly hub: PublishedProvinceHub;
  public readonly clusterNames: readonly string[];
  public readonly dataClass: DataClass;
  public readonly recovery?: RecoveryObjective;
  public readonly requireDomesticHardware: boolean;
  /** The stacks that hold its tenants in the hub's own project. */
  public readonly hubStacks: readonly string[];

  constructor(hub: PublishedProvinceHub, id: string, entry: ContractIndustryCloud) {
    super(hub, constructId(hub, id, 'published industry cloud'));
    this.hub = hub;
    this.code = entry.code;
    this.displayName = entry.displayName;
    this.clusterNames = [...entry.clusters];
    // contractProblems() has checked the value; the strictest class is the safe reading of anything else.
    this.dataClass = DataClass.parse(entry.dataClass) ?? DataClass.CORE;
    this.recovery = entry.recovery ? RecoveryObjective.of(entry.recovery) : undefined;
    this.requireDomesticHardware = entry.requireDomesticHardware === true;
    this.hubStacks = [...(entry.stacks ?? [])];
  }

  public get clusters(): readonly ICluster[] {
    return this.clusterNames.map((n) => this.hub.cluster(n)).filter((c): c is ICluster => c !== undefined);
  }

  /** This project's tenants in the industry cloud. */
  public get tenants(): readonly ITenant[] {
    return this.hub.tenants.filter((t) => t.industryCloud === this);
  }

  /** Adds a department, in the stack of the published hub construct. */
  public addTenant(code: string, options: TenantOptions): ITenant {
    code = positional(code);
    const stack = TerraformStack.of(this.hub);
    // The code as the id when it can be one (its check reports what is wrong with it, at the gate).
    const key = constructIdFor(code, `invalid-tenant-${this.hub.tenants.length}`);
    const id = stack.node.tryFindChild(key) ? `${key}#${this.hub.tenants.length}` : key;
    return new Tenant(stack, id, { ...options, code, industryCloud: this });
  }

  /** The city project's stack: where {@link addTenant} puts tenants. */
  public stackFor(_tenantCode: string): TerraformStack {
    return TerraformStack.of(this.hub);
  }
}

/** Problems with the backend, stack and output PublishedHub.fromRemoteState is given (they name a Terraform data source and an output). */
function remoteStateProblems(backend: unknown, stack: unknown, output: unknown): ContractProblem[] {
  const out: ContractProblem[] = [];
  const b = backend as Partial<StateBackend> | null | undefined;
  if (typeof b?.remoteState !== 'function' || typeof b.kind !== 'string') {
    out.push({
      value: backend === null || typeof backend !== 'object' ? backend : Object.prototype.toString.call(backend),
      message: 'fromRemoteState has no state backend to read the hub stack from',
      fix: "give backend: the StateBackend the hub keeps its state in, e.g. StateBackend.pg({ schemaPrefix: 'tfstate_' })",
    });
  }
  if (!isValidStackId(stack)) {
    out.push({
      value: stack,
      message: 'fromRemoteState stack must be the name of the hub stack (a stack id: no whitespace, no / \\ : * ? " < > |)',
      fix: "give stack: '<province>-hub', e.g. 'zj-hub', or leave it out",
    });
  }
  if (typeof output !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(output)) {
    out.push({
      value: output,
      message: 'fromRemoteState output must name a Terraform output of the hub stack (letters, digits, _ and -, not starting with a digit)',
      fix: "give output: 'contract' (the default), or leave it out",
    });
  }
  return out;
}

/** The values of a contract that JSON cannot hold, each a problem of the contract. */
function notJsonProblems(removed: readonly RemovedValue[]): ContractProblem[] {
  return removed.map((n) => ({
    value: `(${n.value})`,
    message: `the published hub's ${n.path} is ${removedText(n.value)}, which a contract (JSON) cannot hold`,
    fix: 'read the contract the hub published (cdktf.out/gov-lz/<province>-hub.json, or terraform output -json contract of the hub stack) with PublishedHub.fromFile, or give fromContract that JSON as parsed',
  }));
}
