/**
 * Department blueprints (同一套政务解决方案跨地域复用): one named, versioned solution for the departments of one function
 * (every city's education bureau), published by the province hub in its contract and instantiated by the hub's own
 * project and by city projects: `education.addTenant('hz-jyj', { blueprint: 'education-bureau@2', displayName, overrides })`.
 */
import type { ITenantApplicationTemplate, NetworkRule, TenantQuota } from '../core/contracts';
import { DataClass } from '../core/enums';
import { positional, type RemovedValue, stripNulls } from '../core/props';
import { RecoveryObjective } from '../core/recovery-objective';
import type { PublishedBlueprint, PublishedNetworkRule } from '../schema/contract';

/** A shelf offering a blueprint needs, with the grant options every tenant built from it gets. */
export interface BlueprintGrant {
  /** Name of the offering on the hub's shelf, e.g. `postgres`. */
  readonly offering: string;
  /**
   * Grant options (`database`, `role`, `user`, `keyPrefix`, `topicPrefix`…, as grantConnect takes them). A tenant
   * may set its own in `overrides.grantOptions`.
   * @default - the offering's defaults, named after the tenant code
   */
  readonly options?: Readonly<Record<string, string | number>>;
}

/** Properties of a {@link DepartmentBlueprint}. */
export interface DepartmentBlueprintProps {
  /** Version, a positive integer: tenants name `<name>@<version>`, so a new version never changes a tenant by itself. */
  readonly version: number;
  /** Name of the solution, e.g. `教育局标准方案`. @default - the blueprint name */
  readonly displayName?: string;
  /** What the solution is for, for city teams reading the contract. @default - none */
  readonly description?: string;
  /** The quota tier: the quota of every tenant built from it on each cluster; a tenant may lower it, never raise it. */
  readonly quota: TenantQuota;
  /**
   * Class of the department's data; a tenant may be stricter, never looser (its industry cloud's class still applies
   * when that is stricter).
   * @default DataClass.GENERAL - the industry cloud's class decides
   */
  readonly dataClass?: DataClass;
  /** Network rules beyond the tenant defaults; a tenant may drop some (`overrides.withoutNetworkRules`), never add any. @default - none */
  readonly networkRules?: NetworkRule[];
  /** Shelf offerings every tenant built from it is granted. @default - none */
  readonly grants?: Array<string | BlueprintGrant>;
  /** Offerings a tenant may add (`overrides.grants`). @default - none: a tenant gets exactly `grants` */
  readonly optionalGrants?: string[];
  /**
   * The recovery the department needs: the industry cloud a tenant is built in must meet it (RTO and RPO as low or
   * lower, availability as high or higher).
   * @default - no requirement beyond the industry cloud's
   */
  readonly recovery?: RecoveryObjective;
  /**
   * Alerting defaults, given to every tenant's `alerting` option (read by the observability feature); a tenant's own
   * `alerting` keys win, its receivers are added to the blueprint's.
   * @default - none
   */
  readonly alerting?: Readonly<Record<string, unknown>>;
  /** Applications deployed into every tenant built from it (in the hub's own project). @default - none */
  readonly applications?: ITenantApplicationTemplate[];
  /** Keep the tenants' pods on domestic (信创) ARM64 hardware; a tenant may add it, never lift it. @default false */
  readonly requireDomesticHardware?: boolean;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A department blueprint: quota tier, extra network rules, middleware grants, applications, recovery class, alerting
 * defaults and data class of one kind of department. Add it with `hub.addBlueprint(new DepartmentBlueprint(…))`;
 * the hub publishes every version in its contract (section `blueprints`).
 */
export class DepartmentBlueprint {
  /** A blueprint as a hub's contract publishes it (city projects); applications are names only. */
  public static fromPublished(published: PublishedBlueprint): DepartmentBlueprint {
    // A JavaScript caller may pass anything: what is not an object is a blueprint without fields, whose checks report them.
    const p = (published !== null && typeof published === 'object' ? published : {}) as PublishedBlueprint;
    const bp = new DepartmentBlueprint(p.name, {
      version: p.version,
      displayName: p.displayName,
      description: p.description,
      quota: { ...p.quota },
      dataClass: DataClass.parse(p.dataClass) ?? DataClass.CORE,
      // Lists as read from a contract: what is not a list is none, and the blueprint's checks report what is missing.
      networkRules: list(p.networkRules).map((r) => ({ ...r, peers: list(r?.peers).map((x) => ({ ...x })), ports: list(r?.ports).map((x) => ({ ...x })) })),
      grants: list(p.grants).map((g) => ({ offering: g?.offering, options: { ...g?.options } })),
      optionalGrants: [...list(p.optionalGrants)],
      recovery: p.recovery ? RecoveryObjective.of(p.recovery) : undefined,
      alerting: p.alerting ?? undefined,
      requireDomesticHardware: p.requireDomesticHardware,
    });
    bp.publishedApplications = [...list(p.applications)];
    return bp;
  }

  /** `<name>@<version>`, how tenants name it. */
  public readonly ref: string;
  public readonly version: number;
  public readonly displayName: string;
  public readonly description: string;
  public readonly quota: TenantQuota;
  public readonly dataClass: DataClass;
  public readonly networkRules: readonly NetworkRule[];
  public readonly grants: readonly Required<BlueprintGrant>[];
  public readonly optionalGrants: readonly string[];
  public readonly recovery?: RecoveryObjective;
  public readonly alerting?: Readonly<Record<string, unknown>>;
  public readonly applications: readonly ITenantApplicationTemplate[];
  public readonly requireDomesticHardware: boolean;
  private publishedApplications?: string[];
  private readonly removed: readonly RemovedValue[];

  /** Lower-case code, e.g. `education-bureau`. */
  public readonly name: string;

  /** @param name lower-case code, e.g. `education-bureau` */
  constructor(
    name: string,
    public readonly props: DepartmentBlueprintProps,
  ) {
    // A symbol or an object without a prototype as the name: as text, which problems() reports.
    name = positional(name);
    this.name = name;
    // A null (Symbol, BigInt) anywhere is reported by problems(), as if left out (core/props.ts).
    const { value, nulls } = stripNulls(props);
    this.removed = nulls;
    const p: DepartmentBlueprintProps = value !== null && typeof value === 'object' ? value : ({} as DepartmentBlueprintProps);
    this.version = p.version;
    this.ref = `${name}@${p.version}`;
    this.displayName = p.displayName ?? name;
    this.description = p.description ?? '';
    this.quota = p.quota;
    this.dataClass = p.dataClass ?? DataClass.GENERAL;
    this.networkRules = Array.isArray(p.networkRules) ? [...p.networkRules] : [];
    this.grants = (Array.isArray(p.grants) ? p.grants : []).map((g) => (typeof g === 'string' ? { offering: g, options: {} } : { offering: g?.offering, options: { ...(g?.options ?? {}) } }));
    this.optionalGrants = Array.isArray(p.optionalGrants) ? [...p.optionalGrants] : [];
    this.recovery = p.recovery;
    this.alerting = p.alerting;
    this.applications = Array.isArray(p.applications) ? [...p.applications] : [];
    this.requireDomesticHardware = p.requireDomesticHardware ?? false;
  }

  /** Names of the applications (from the templates, or as a published contract lists them). */
  public get applicationNames(): string[] {
    return this.publishedApplications ?? this.applications.map((a) => a.name);
  }

  /** What is wrong with the blueprint's own props (empty when it can be used). */
  public problems(): Array<{ field: string; value: unknown; message: string; fix: string }> {
    const out: Array<{ field: string; value: unknown; message: string; fix: string }> = [];
    for (const n of this.removed) {
      out.push({
        field: n.path || 'props',
        value: n.value === 'null' ? null : `(${n.value})`,
        message: `${n.path || 'the props'} is ${n.value === 'null' ? 'null' : `a ${n.value}`}`,
        fix: 'leave it out for its default, or give a value of the documented type',
      });
    }
    for (const field of ['displayName', 'description'] as const) {
      if (typeof this[field] !== 'string') out.push({ field, value: this[field], message: `${field} is not text`, fix: `give ${field} as a string` });
    }
    if (typeof this.name !== 'string' || !NAME.test(this.name)) {
      out.push({ field: 'name', value: this.name, message: 'a blueprint name is a lower-case code (a-z, 0-9, -), at most 63 characters', fix: "e.g. 'education-bureau'" });
    }
    if (!Number.isInteger(this.version) || this.version < 1) {
      out.push({ field: 'version', value: this.version, message: 'a blueprint version is a positive integer', fix: 'start at version: 1 and add one for every change tenants should opt into' });
    }
    const q = this.quota as Partial<TenantQuota> | undefined;
    if (!q || typeof q !== 'object' || !(Number(q.cpu) > 0) || !(Number(q.memoryGi) > 0)) {
      out.push({ field: 'quota', value: q, message: 'the blueprint has no quota tier (cpu and memoryGi above 0)', fix: 'e.g. quota: { cpu: 32, memoryGi: 128, storageGi: 1024, pods: 300 }' });
    }
    if (!DataClass.parse(this.dataClass)) out.push({ field: 'dataClass', value: this.dataClass, message: 'not a data class', fix: 'use DataClass.GENERAL, IMPORTANT or CORE' });
    const offerings = this.grants.map((g) => g.offering);
    for (const [i, o] of offerings.entries()) {
      if (typeof o !== 'string' || o === '') out.push({ field: 'grants', value: o, message: 'a grant names no offering', fix: "name the shelf offering, e.g. 'postgres'" });
      else if (offerings.indexOf(o) !== i) out.push({ field: 'grants', value: o, message: `offering "${o}" is listed twice`, fix: 'list every offering once' });
    }
    for (const o of this.optionalGrants) {
      if (typeof o !== 'string' || o === '')
        out.push({ field: 'optionalGrants', value: typeof o === 'function' ? '(a function)' : o, message: 'an optional grant names no offering', fix: "name the shelf offering, e.g. 'redis'" });
      else if (offerings.includes(o)) out.push({ field: 'optionalGrants', value: o, message: `offering "${o}" is both granted and optional`, fix: 'keep it in one of grants and optionalGrants' });
    }
    const ruleNames = this.networkRules.map((r) => r?.name);
    for (const [i, n] of ruleNames.entries()) {
      if (ruleNames.indexOf(n) !== i) out.push({ field: 'networkRules', value: n, message: `two network rules are named "${n}"`, fix: 'give every rule its own name (tenants drop rules by name)' });
    }
    const apps = this.applications.map((a) => a?.name);
    for (const [i, n] of apps.entries()) {
      if (typeof n !== 'string' || apps.indexOf(n) !== i)
        out.push({ field: 'applications', value: n, message: 'application names are unique in a blueprint', fix: 'give every application its own name' });
    }
    if (this.recovery) for (const p of this.recovery.problems()) out.push({ field: `recovery.${p.field}`, value: p.value, message: p.message, fix: 'give an objective a recovery plan can meet' });
    return out;
  }

  /** The blueprint as the hub's contract publishes it: plain JSON. */
  public toPublished(): PublishedBlueprint {
    const q = this.quota;
    return {
      name: this.name,
      version: this.version,
      displayName: this.displayName,
      description: this.description,
      quota: { cpu: q.cpu, memoryGi: q.memoryGi, ...(q.storageGi !== undefined ? { storageGi: q.storageGi } : {}), ...(q.pods !== undefined ? { pods: q.pods } : {}) },
      dataClass: this.dataClass.value,
      networkRules: this.networkRules.map(publishedRule),
      grants: this.grants.map((g) => ({ offering: g.offering, options: sortedRecord(g.options) })),
      optionalGrants: [...this.optionalGrants],
      recovery: this.recovery ? { rtoMinutes: this.recovery.rtoMinutes, rpoMinutes: this.recovery.rpoMinutes, availability: this.recovery.availability } : null,
      alerting: this.alerting ? { ...this.alerting } : null,
      applications: this.applicationNames,
      requireDomesticHardware: this.requireDomesticHardware,
    };
  }
}

function sortedRecord<T>(r: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(r ?? {})
      .sort()
      .map((k) => [k, r[k]]),
  );
}

function publishedRule(r: NetworkRule): PublishedNetworkRule {
  return {
    name: r.name,
    direction: r.direction,
    peers: r.peers.map((p) => ({
      ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
      ...(p.podLabels ? { podLabels: { ...p.podLabels } } : {}),
      ...(p.cidr !== undefined ? { cidr: p.cidr } : {}),
    })),
    ports: r.ports.map((p) => ({ port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) })),
    ...(r.clusters ? { clusters: [...r.clusters] } : {}),
  };
}

function list<T>(x: readonly T[] | undefined): readonly T[] {
  return Array.isArray(x) ? x : [];
}
