import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import { DataClass } from '../core/enums';
import { checkCode, CodeLimits, suggestCode } from '../core/names';
import type { IProvinceHub } from '../hub/province-hub';
import { checkIndustryCloudDataClass } from '../placement/data-class';
import { checkIndustryCloudDomesticHardware } from '../placement/domestic-hardware';
import { RecoveryObjective } from '../recovery/recovery-objective';
import { ITenant, Tenant, TenantOptions } from '../tenancy/tenant';
import type { ICluster } from '../topology/cluster';

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

/** An industry cloud as the rest of the landing zone sees it. */
export interface IIndustryCloud extends IConstruct {
  /** Code, e.g. `health`. */
  readonly code: string;
  readonly displayName: string;
  readonly hub: IProvinceHub;
  /** Cluster codes as declared. */
  readonly clusterNames: readonly string[];
  /** The declared clusters that exist in the hub (unknown ones are reported at synth). */
  readonly clusters: readonly ICluster[];
  readonly dataClass: DataClass;
  readonly recovery?: RecoveryObjective;
  /** Whether its tenants must run on domestic (信创) ARM64 hardware. @default false */
  readonly requireDomesticHardware?: boolean;
  /** Tenants added in this app. */
  readonly tenants: readonly ITenant[];
  /** Adds a department to the industry cloud. */
  addTenant(code: string, options: TenantOptions): ITenant;
}

/** Stack ids the hub uses itself; an industry code must not produce one of them. */
const RESERVED_INDUSTRY_CODES = /^(hub|platform(-.*)?)$/;

/**
 * An industry cloud (行业云): the tenants of one sector on a set of clusters, with a data class and a
 * recovery objective. Its tenants live in the stack `<province>-<code>`.
 */
export class IndustryCloud extends Construct implements IIndustryCloud {
  public readonly code: string;
  public readonly displayName: string;
  public readonly hub: IProvinceHub;
  public readonly clusterNames: readonly string[];
  public readonly dataClass: DataClass;
  public readonly recovery?: RecoveryObjective;
  public readonly requireDomesticHardware: boolean;
  /** The stack that holds the tenants. */
  public readonly stack: TerraformStack;
  private readonly tenantList: ITenant[] = [];

  constructor(scope: Construct, id: string, props: IndustryCloudProps) {
    super(scope, id);
    this.code = props.code ?? id;
    this.hub = props.hub;
    this.displayName = props.displayName;
    this.clusterNames = Array.isArray(props.clusters) ? [...props.clusters] : [];
    this.dataClass = DataClass.parse(props.dataClass ?? DataClass.GENERAL) ?? (props.dataClass as DataClass);
    this.recovery = props.recovery;
    this.requireDomesticHardware = props.requireDomesticHardware ?? false;
    this.stack = props.stack(this, `${this.hub.province}-${id}`);
    LandingZoneContext.of(this).addCheck((r) => this.check(r));
    LandingZoneContext.of(this).addCheck((r) => {
      checkIndustryCloudDataClass(this, r);
      checkIndustryCloudDomesticHardware(this, r);
    });
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

  public addTenant(code: string, options: TenantOptions): ITenant {
    // A second tenant with the same code is reported as a duplicate at synth, with all other problems,
    // rather than failing here on the construct id.
    const id = this.stack.node.tryFindChild(code) ? `${code}#${this.tenantList.length}` : code;
    const tenant = new Tenant(this.stack, id, { ...options, code, industryCloud: this });
    this.tenantList.push(tenant);
    return tenant;
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
    for (const p of this.recovery?.problems() ?? []) {
      r.error(this, { code: 'invalid-value', value: p.value, message: `recovery.${p.message}`, fix: 'use RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 })' });
    }
  }
}
