import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import { type ICluster, type IIndustryCloud, type IProvinceHub, ITenant, TenantOptions } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { DataClass } from '../core/enums';
import { checkLiteralProps } from '../core/literal';
import { checkCode, CodeLimits, constructId, constructIdFor, suggestCode } from '../core/names';
import { hasMembers, positional, reportNulls, requireReferences, stripNulls } from '../core/props';
import { RecoveryObjective, RecoveryObjectiveProps } from '../core/recovery-objective';
import { checkIndustryCloudDataClass } from '../placement/data-class';
import { checkIndustryCloudDomesticHardware } from '../placement/domestic-hardware';
import { countResources } from '../private/stack-resources';
import { DEFAULT_MAX_RESOURCES_PER_STACK, isShardCount, MAX_SHARDS, shardOf, shardsNeeded, shardStackName } from '../state/sharding';
import { Tenant } from '../tenancy/tenant';

/** Options of {@link ProvinceHub.addIndustryCloud}. */
export interface IndustryCloudOptions {
  /** Name of the industry cloud, e.g. `医疗健康行业云`. */
  readonly displayName: string;
  /** Codes of the clusters its tenants get namespaces on. */
  readonly clusters: string[];
  /** Strictest data its tenants hold. @default DataClass.GENERAL */
  readonly dataClass?: DataClass;
  /** Recovery objective its tenants inherit. @default - none (no recovery guarantee) */
  readonly recovery?: RecoveryObjective;
  /**
   * How many stacks hold the tenants: 1 is the stack `<province>-<code>`; n > 1 are `<province>-<code>-1` …
   * `-<n>`, each tenant in the shard its code hashes to, so adding a tenant never moves another.
   * Raise it when the synth reports a stack above `maxResourcesPerStack`.
   * @default 1
   */
  readonly shards?: number;
  /**
   * The shard count before the last change, kept until every stack has been applied once: each tenant whose
   * stack changed is adopted by its new stack (`import`) and forgotten by the old one (`removed`, destroy = false),
   * so nothing is recreated. Remove it afterwards.
   * @default - no change of shard count in progress
   */
  readonly previousShards?: number;
  /**
   * Most Terraform resources one stack of the industry cloud may hold, so that `terraform plan` stays fast.
   * @default - the hub's maxResourcesPerStack (3,000)
   */
  readonly maxResourcesPerStack?: number;
  /**
   * Keep every tenant's pods on domestic (信创) ARM64 hardware: all its clusters must be ARM64, and tenant
   * namespaces carry the node selector of the clusters' ARM64 node pools.
   * @default false
   */
  readonly requireDomesticHardware?: boolean;
}

/** Properties of an {@link IndustryCloud}; the hub fills them from {@link IndustryCloudOptions}. */
export interface IndustryCloudProps extends IndustryCloudOptions {
  readonly hub: IProvinceHub;
  /** Creates the stack that holds the tenants (the hub binds its state backend and dependencies). */
  readonly stack: (scope: Construct, id: string) => TerraformStack;
  /** @default - the construct id */
  readonly code?: string;
}

/** Stack ids the hub uses itself; an industry code must not produce one of them. */
const RESERVED_INDUSTRY_CODES = /^(hub|platform(-.*)?)$/;

/**
 * An industry cloud (行业云): the tenants of one sector on a set of clusters, with a data class and a
 * recovery objective. Its tenants live in the stack `<province>-<code>`, or in `<province>-<code>-<n>` when
 * sharded (see `shards`).
 */
export class IndustryCloud extends Construct implements IIndustryCloud {
  public readonly code: string;
  public readonly displayName: string;
  public readonly hub: IProvinceHub;
  public readonly clusterNames: readonly string[];
  public readonly dataClass: DataClass;
  public readonly recovery?: RecoveryObjective;
  /** The recovery prop as given, for its check. */
  private readonly rawRecovery: unknown;
  /** Declared shard count (see IndustryCloudOptions.shards). */
  public readonly shards: number;
  /** Declared previous shard count, while a change of shard count is being applied. */
  public readonly previousShards?: number;
  /** Most resources one of its stacks may hold. */
  public readonly maxResourcesPerStack: number;
  public readonly requireDomesticHardware: boolean;
  private readonly tenantList: ITenant[] = [];
  private readonly stackBase: string;
  private readonly stackFactory: (scope: Construct, id: string) => TerraformStack;
  private readonly stacksByName = new Map<string, TerraformStack>();
  private readonly shardStacks: TerraformStack[];

  constructor(scope: Construct, id: string, industryProps: IndustryCloudProps) {
    super(scope, constructId(scope, id, 'industry cloud'));
    recordDeclaration(this);
    // The hub and the stack factory are read now (ProvinceHub.addIndustryCloud passes both): without them, nothing can be built.
    requireReferences(this, 'industry cloud', industryProps, {
      hub: {
        test: (h) => hasMembers(h, 'province', 'registerTenant'),
        expected: 'the province hub',
        fix: 'add the industry cloud with hub.addIndustryCloud(code, options), which passes hub and stack',
      },
      stack: {
        test: (f) => typeof f === 'function',
        expected: 'a function (scope, id) => TerraformStack',
        fix: 'add the industry cloud with hub.addIndustryCloud(code, options), which passes hub and stack',
      },
    });
    // A null anywhere in the options is reported at the gate, as if left out (core/props.ts).
    const { value: props, nulls } = stripNulls(industryProps);
    reportNulls(this, nulls, 'industry cloud options');
    // addIndustryCloud passes the code as given, even a missing one (reported at the gate, not replaced by the id).
    this.code = 'code' in props ? (props.code as string) : id;
    this.hub = props.hub;
    this.displayName = props.displayName;
    this.clusterNames = Array.isArray(props.clusters) ? [...props.clusters] : [];
    this.dataClass = DataClass.parse(props.dataClass ?? DataClass.GENERAL) ?? (props.dataClass as DataClass);
    // A JavaScript caller may give the figures as a plain object: they are the objective. Anything else is reported.
    const recovery: unknown = props.recovery;
    this.recovery =
      recovery === undefined || recovery instanceof RecoveryObjective || typeof (recovery as RecoveryObjective | null)?.problems === 'function'
        ? (recovery as RecoveryObjective | undefined)
        : recovery !== null && typeof recovery === 'object' && 'rtoMinutes' in recovery
          ? RecoveryObjective.of(recovery as RecoveryObjectiveProps)
          : undefined;
    this.rawRecovery = recovery;
    this.shards = props.shards ?? 1;
    this.previousShards = props.previousShards;
    this.maxResourcesPerStack = props.maxResourcesPerStack ?? DEFAULT_MAX_RESOURCES_PER_STACK;
    // The id is the code, but `<code>_` for a name of Object.prototype (constructIdFor): the stack is named by the code.
    this.stackBase = `${this.hub.province}-${id === `${String(this.code)}_` ? this.code : id}`;
    this.stackFactory = props.stack;
    // An invalid count is reported at synth; one stack keeps the rest of the model usable meanwhile.
    const count = isShardCount(this.shards) ? this.shards : 1;
    this.shardStacks = Array.from({ length: count }, (_, i) => this.stackNamed(shardStackName(this.stackBase, count, i + 1)));
    this.requireDomesticHardware = props.requireDomesticHardware ?? false;
    LandingZoneContext.of(this).addCheck((r) => {
      const { hub: _hub, stack: _stack, ...literal } = props;
      checkLiteralProps(r, this, literal, 'the industry cloud prop');
      this.check(r);
    });
    LandingZoneContext.of(this).addCheck((r) => {
      checkIndustryCloudDataClass(this, r);
      checkIndustryCloudDomesticHardware(this, r);
    });
  }

  /** The stack of the unsharded industry cloud; when sharded, shard 1 (use {@link stacks} and {@link stackFor}). */
  public get stack(): TerraformStack {
    return this.shardStacks[0];
  }

  /** The stacks that hold the tenants, shard 1 first. */
  public get stacks(): readonly TerraformStack[] {
    return [...this.shardStacks];
  }

  /** Stacks of the previous shard layout that no longer hold tenants, kept for their `removed` blocks while `previousShards` is set. */
  public get retiredStacks(): readonly TerraformStack[] {
    return [...this.stacksByName.values()].filter((s) => !this.shardStacks.includes(s));
  }

  /** The shard (1 … shards) of a tenant code. */
  public shardOf(tenantCode: string): number {
    return shardOf(tenantCode, this.shardStacks.length);
  }

  /** The stack that holds the tenant `code`: a pure function of the code and the shard count. */
  public stackFor(tenantCode: string): TerraformStack {
    return this.shardStacks[this.shardOf(tenantCode) - 1];
  }

  public get clusters(): readonly ICluster[] {
    const seen = new Set<string>();
    const out: ICluster[] = [];
    for (const name of this.clusterNames) {
      const c = this.hub.cluster(name);
      if (c && !seen.has(name)) {
        seen.add(name);
        out.push(c);
      }
    }
    return out;
  }

  public get tenants(): readonly ITenant[] {
    return [...this.tenantList];
  }

  public addTenant(code: string, tenantOptions: TenantOptions): ITenant {
    code = positional(code);
    // A JavaScript caller may leave the options out: what is missing is reported at the gate.
    const options: TenantOptions = tenantOptions !== null && typeof tenantOptions === 'object' ? tenantOptions : ({} as TenantOptions);
    // A second tenant with the same code is reported as a duplicate at synth, with all other problems,
    // rather than failing here on the construct id; so is a code that cannot be one.
    const key = constructIdFor(code, `invalid-tenant-${this.tenantList.length}`);
    const stack = this.stackFor(key);
    const id = stack.node.tryFindChild(key) ? `${key}#${this.tenantList.length}` : key;
    const previous = options.movedFrom === undefined && typeof code === 'string' ? this.previousStackFor(code) : undefined;
    const tenant = new Tenant(stack, id, { ...options, code, industryCloud: this, movedFrom: options.movedFrom ?? (previous && { stack: previous }) });
    this.tenantList.push(tenant);
    return tenant;
  }

  /** The stack that held `code` under `previousShards`, when it is not the one that holds it now. */
  private previousStackFor(code: string): TerraformStack | undefined {
    const prev = this.previousShards;
    if (prev === undefined || !isShardCount(prev) || !isShardCount(this.shards)) return undefined;
    const name = shardStackName(this.stackBase, prev, shardOf(code, prev));
    const now = this.stackFor(code);
    return name === now.node.id ? undefined : this.stackNamed(name);
  }

  private stackNamed(name: string): TerraformStack {
    let stack = this.stacksByName.get(name);
    if (!stack) {
      stack = this.stackFactory(this, name);
      this.stacksByName.set(name, stack);
    }
    return stack;
  }

  private check(r: ProblemReporter): void {
    const problem = checkCode(this.code, { what: 'industry cloud code', maxLength: CodeLimits.INDUSTRY });
    if (problem) {
      r.error(this, { code: 'invalid-name', value: this.code, message: problem, fix: `use a code such as "${suggestCode(this.code, CodeLimits.INDUSTRY)}"` });
    } else if (RESERVED_INDUSTRY_CODES.test(this.code)) {
      r.error(this, {
        code: 'reserved-name',
        value: this.code,
        message: `industry cloud code "${this.code}" would name the stack ${this.hub.province}-${this.code}, which the hub uses itself`,
        fix: 'choose another code, e.g. the sector name (health, education, transport)',
      });
    }
    if (typeof this.displayName !== 'string' || this.displayName.trim() === '') {
      r.error(this, { code: 'missing-value', value: this.displayName, message: 'the industry cloud has no display name', fix: "set displayName, e.g. '医疗健康行业云'" });
    }
    if (this.clusterNames.length === 0) {
      r.error(this, {
        code: 'no-cluster',
        value: this.clusterNames,
        message: 'the industry cloud has no cluster, so its tenants would have nowhere to run',
        fix: `list at least one cluster in clusters, e.g. ["${this.hub.clusters[0]?.name ?? 'hz-a-core'}"]`,
      });
    }
    const seen = new Set<string>();
    for (const name of this.clusterNames) {
      if (seen.has(name)) {
        r.error(this, { code: 'duplicate', value: name, message: `cluster "${name}" is listed twice`, fix: 'list each cluster once' });
      }
      seen.add(name);
      if (!this.hub.cluster(name)) {
        r.error(this, {
          code: 'unknown-cluster',
          value: name,
          message: `cluster "${name}" is not a cluster of the hub`,
          fix: `use one of: ${this.hub.clusters.map((c) => c.name).join(', ') || '(the hub declares no cluster)'}, or add it to the hub's clusters`,
        });
      }
    }
    if (!DataClass.parse(this.dataClass)) {
      r.error(this, { code: 'invalid-value', value: this.dataClass, message: 'dataClass is not a DataClass', fix: 'use DataClass.GENERAL, DataClass.IMPORTANT or DataClass.CORE' });
    }
    if (this.rawRecovery !== undefined && this.recovery === undefined) {
      r.error(this, { code: 'invalid-value', value: this.rawRecovery, message: 'recovery is not a recovery objective', fix: 'use RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 })' });
    }
    for (const p of this.recovery?.problems() ?? []) {
      r.error(this, { code: 'invalid-value', value: p.value, message: `recovery.${p.message}`, fix: 'use RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 })' });
    }
    this.checkShards(r);
  }

  private checkShards(r: ProblemReporter): void {
    for (const [field, v] of [
      ['shards', this.shards],
      ['previousShards', this.previousShards],
    ] as const) {
      if (v === undefined || isShardCount(v)) continue;
      r.error(this, { code: 'invalid-value', value: v, message: `${field} must be a whole number from 1 to ${MAX_SHARDS}`, fix: `set ${field} to the number of stacks, e.g. 2` });
    }
    const bound = this.maxResourcesPerStack;
    if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) {
      r.error(this, {
        code: 'invalid-value',
        value: bound,
        message: 'maxResourcesPerStack must be a whole number above 0',
        fix: `leave it unset (${DEFAULT_MAX_RESOURCES_PER_STACK}) or give e.g. 2000`,
      });
      return;
    }
    const counts = this.shardStacks.map((s) => ({ stack: s, resources: countResources(s) }));
    const over = counts.filter((c) => c.resources > bound);
    if (over.length === 0) return;
    const loads = this.tenantList.map((t) => ({ code: t.code, resources: countResources(t) }));
    // What the stacks hold besides tenants (resources other layers put there) stays with every stack.
    const overhead = Math.max(0, ...counts.map((c) => c.resources - loads.filter((l) => this.stackFor(l.code) === c.stack).reduce((a, l) => a + l.resources, 0)));
    const needed = shardsNeeded(loads, bound, this.shardStacks.length, overhead);
    const biggest = [...loads].sort((a, b) => b.resources - a.resources || a.code.localeCompare(b.code))[0];
    for (const { stack, resources } of over) {
      r.error(this, {
        code: 'stack-too-large',
        value: resources,
        message: `stack "${stack.node.id}" would hold ${resources} Terraform resources, above the bound of ${bound} (maxResourcesPerStack) that keeps terraform plan fast`,
        fix:
          needed === undefined
            ? `tenant "${biggest?.code}" alone holds ${biggest?.resources} resources: raise maxResourcesPerStack, or split the department`
            : `set shards: ${needed} on industry cloud "${this.code}" (now ${this.shardStacks.length}; ${needed} is the smallest count at which every stack stays within ${bound}) together with previousShards: ${this.shardStacks.length}, so the tenants that change stack are adopted there, not recreated; or raise maxResourcesPerStack`,
      });
    }
  }
}
