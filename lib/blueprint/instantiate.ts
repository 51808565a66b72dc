/**
 * A tenant's options from a blueprint and the tenant's overrides. The rule: an override only tightens what the
 * blueprint gives (lower quota, stricter data class, fewer network rules, domestic hardware) or adds what the
 * blueprint lists as optional (optionalGrants); anything else is a problem, reported with the tenant at synth.
 */
import type { ProblemDetails } from '../core/context';
import type { IIndustryCloud, NetworkRule, TenantOptions, TenantQuota } from '../core/contracts';
import { DataClass } from '../core/enums';
import type { BlueprintGrant, DepartmentBlueprint } from './department-blueprint';

/** What a tenant built from a blueprint may change (`addTenant(code, { blueprint, overrides })`). */
export interface BlueprintOverrides {
  /** Lower figures of the blueprint's quota tier (each at most the blueprint's). @default - the blueprint's quota */
  readonly quota?: Partial<TenantQuota>;
  /** A stricter data class than the blueprint's. @default - the blueprint's */
  readonly dataClass?: DataClass;
  /** Names of blueprint network rules the tenant does without. @default - none: every rule of the blueprint */
  readonly withoutNetworkRules?: string[];
  /** Offerings of the blueprint's optionalGrants the tenant is granted too. @default - none */
  readonly grants?: string[];
  /** Grant options by offering (`{ postgres: { database: 'hz_jyj' } }`), for the offerings the tenant gets. @default - the blueprint's */
  readonly grantOptions?: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
  /** Keep the pods on domestic (信创) ARM64 hardware even when the blueprint does not ask it. @default - the blueprint's */
  readonly requireDomesticHardware?: boolean;
}

/** A tenant's options and what it gets from its blueprint. */
export interface Instantiation {
  readonly options: TenantOptions;
  readonly networkRules: readonly NetworkRule[];
  readonly grants: readonly Required<BlueprintGrant>[];
  readonly problems: ProblemDetails[];
}

const OVERRIDE_KEYS = ['quota', 'dataClass', 'withoutNetworkRules', 'grants', 'grantOptions', 'requireDomesticHardware'];
const QUOTA_KEYS: Array<keyof TenantQuota> = ['cpu', 'memoryGi', 'storageGi', 'pods'];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The options of a tenant built from `bp` with `given` (its own options, overrides included). */
export function instantiate(bp: DepartmentBlueprint, industryCloud: IIndustryCloud, given: TenantOptions & { overrides?: BlueprintOverrides }): Instantiation {
  const problems: ProblemDetails[] = [];
  const ov: BlueprintOverrides = isObject(given.overrides) ? (given.overrides as BlueprintOverrides) : {};
  if (given.overrides !== undefined && !isObject(given.overrides)) {
    problems.push({ code: 'invalid-value', value: given.overrides, message: 'overrides is not an object', fix: 'e.g. overrides: { quota: { cpu: 16 } }' });
  }
  for (const k of Object.keys(ov)) {
    if (!OVERRIDE_KEYS.includes(k)) {
      problems.push({
        code: 'blueprint-override',
        value: k,
        message: `overrides.${k} is not something a tenant may change in blueprint ${bp.ref}`,
        fix: `a tenant may only tighten or add what the blueprint allows: ${OVERRIDE_KEYS.join(', ')}; ask the province to publish a new version of ${bp.name} for anything else`,
      });
    }
  }
  // What the blueprint decides is not set beside it: quota and burst (a blueprint decides where the data may go).
  if (given.quota !== undefined) {
    problems.push({
      code: 'blueprint-override',
      value: given.quota,
      message: `quota is set beside blueprint ${bp.ref}, whose quota tier decides it`,
      fix: 'lower figures with overrides: { quota: { … } }, or leave quota out',
    });
  }
  if (given.burst !== undefined) {
    problems.push({
      code: 'blueprint-override',
      value: given.burst.cluster ?? given.burst,
      message: `burst is set on a tenant of blueprint ${bp.ref}: bursting to a public cloud loosens where the department's data may go, which only the province's blueprint can decide`,
      fix: 'leave burst out, or build the tenant without a blueprint',
    });
  }

  // quota: each figure at most the blueprint's; a figure the blueprint leaves unlimited may be limited.
  const quota: Record<string, number | undefined> = { ...bp.quota };
  if (ov.quota !== undefined) {
    if (!isObject(ov.quota)) problems.push({ code: 'invalid-value', value: ov.quota, message: 'overrides.quota is not an object', fix: 'e.g. { cpu: 16 }' });
    else {
      for (const [k, v] of Object.entries(ov.quota)) {
        const key = k as keyof TenantQuota;
        const limit = bp.quota?.[key];
        if (!QUOTA_KEYS.includes(key)) problems.push({ code: 'invalid-value', value: k, message: `overrides.quota.${k} is not a quota figure`, fix: `use ${QUOTA_KEYS.join(', ')}` });
        else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          problems.push({ code: 'invalid-quantity', value: v, message: `overrides.quota.${k} is not a number of 0 or more`, fix: 'give a lower figure than the blueprint, e.g. half of it' });
        else if (limit !== undefined && v > limit) {
          problems.push({
            code: 'blueprint-override',
            value: v,
            message: `overrides.quota.${k} ${v} is above the quota tier of blueprint ${bp.ref} (${limit}): a tenant may lower a blueprint's quota, never raise it`,
            fix: `set it to ${limit} or less, or ask the province for a blueprint with a larger tier`,
          });
        } else quota[k] = v;
      }
    }
  }

  // data class: stricter than the blueprint's, or the blueprint's.
  let dataClass = bp.dataClass;
  for (const [what, v] of [
    ['overrides.dataClass', ov.dataClass],
    ['dataClass', given.dataClass],
  ] as const) {
    if (v === undefined) continue;
    const d = DataClass.parse(v);
    if (!d) problems.push({ code: 'invalid-value', value: v, message: `${what} is not a data class`, fix: 'use DataClass.GENERAL, IMPORTANT or CORE' });
    else if (bp.dataClass.isStricterThan(d)) {
      problems.push({
        code: 'blueprint-override',
        value: d.value,
        message: `${what} ${d.value} is looser than ${bp.dataClass.value}, the data class of blueprint ${bp.ref}: a city cannot loosen a blueprint's data class`,
        fix: `use ${bp.dataClass.value} or a stricter class, or leave it out`,
      });
    } else if (d.isStricterThan(dataClass)) dataClass = d;
  }

  // domestic hardware: may be added, never lifted.
  let domestic = bp.requireDomesticHardware;
  for (const [what, v] of [
    ['overrides.requireDomesticHardware', ov.requireDomesticHardware],
    ['requireDomesticHardware', given.requireDomesticHardware],
  ] as const) {
    if (v === undefined) continue;
    if (v === true) domestic = true;
    else if (bp.requireDomesticHardware) {
      problems.push({ code: 'blueprint-override', value: v, message: `${what} lifts the domestic (信创) hardware requirement of blueprint ${bp.ref}`, fix: 'leave it out' });
    }
  }

  // network rules: the blueprint's, without those the tenant drops.
  const without = Array.isArray(ov.withoutNetworkRules) ? ov.withoutNetworkRules : [];
  if (ov.withoutNetworkRules !== undefined && !Array.isArray(ov.withoutNetworkRules)) {
    problems.push({ code: 'invalid-value', value: ov.withoutNetworkRules, message: 'overrides.withoutNetworkRules is not a list of rule names', fix: "e.g. ['to-exam-centre']" });
  }
  const ruleNames = bp.networkRules.map((r) => r.name);
  for (const n of without) {
    if (!ruleNames.includes(n)) {
      problems.push({ code: 'blueprint-override', value: n, message: `blueprint ${bp.ref} has no network rule "${n}" to drop`, fix: `name one of its rules: ${ruleNames.join(', ') || '(none)'}` });
    }
  }
  const networkRules = bp.networkRules.filter((r) => !without.includes(r.name));

  // grants: the blueprint's, plus optional ones the tenant asks for, with options it may name.
  const extra = Array.isArray(ov.grants) ? ov.grants : [];
  if (ov.grants !== undefined && !Array.isArray(ov.grants))
    problems.push({ code: 'invalid-value', value: ov.grants, message: 'overrides.grants is not a list of offering names', fix: "e.g. ['redis']" });
  for (const o of extra) {
    if (!bp.optionalGrants.includes(o)) {
      problems.push({
        code: 'blueprint-override',
        value: o,
        message: `overrides.grants adds offering "${o}", which blueprint ${bp.ref} does not list as optional`,
        fix: bp.optionalGrants.length ? `choose from ${bp.optionalGrants.join(', ')}` : `blueprint ${bp.ref} has no optional grants; ask the province to add "${o}" to a new version`,
      });
    }
  }
  const offered = [...bp.grants.map((g) => g.offering), ...extra.filter((o) => bp.optionalGrants.includes(o) && !bp.grants.some((g) => g.offering === o))];
  const grantOptions = isObject(ov.grantOptions) ? ov.grantOptions : {};
  for (const o of Object.keys(grantOptions)) {
    if (!offered.includes(o))
      problems.push({
        code: 'blueprint-override',
        value: o,
        message: `overrides.grantOptions names offering "${o}", which the tenant is not granted`,
        fix: `name one of ${offered.join(', ') || '(none)'}`,
      });
  }
  const grants = offered.map((o) => ({ offering: o, options: { ...(bp.grants.find((g) => g.offering === o)?.options ?? {}), ...(grantOptions[o] ?? {}) } }));

  const { overrides: _ov, blueprint: _bp, quota: _q, burst: _b, ...own } = given as TenantOptions & { overrides?: unknown; blueprint?: unknown };
  const options: Record<string, unknown> = {
    ...own,
    quota: Object.fromEntries(Object.entries(quota).filter(([, v]) => v !== undefined)) as unknown as TenantQuota,
    // Declared only when stricter than the industry cloud's: a tenant inherits its industry cloud's class otherwise.
    ...(DataClass.parse(industryCloud.dataClass) && !dataClass.isStricterThan(industryCloud.dataClass) ? {} : { dataClass }),
    requireDomesticHardware: domestic,
  };
  const alerting = mergeAlerting(bp.alerting, (given as { alerting?: unknown }).alerting);
  if (alerting !== undefined) options.alerting = alerting;
  // Keep the blueprint's name with the options (the feature reads tenant.featureOptions).
  options.blueprint = bp.ref;
  if (given.overrides !== undefined) options.overrides = given.overrides;
  return { options: options as unknown as TenantOptions, networkRules, grants, problems };
}

/** The blueprint's alerting defaults under the tenant's own: the tenant's keys win, receivers are added up. */
function mergeAlerting(defaults: Readonly<Record<string, unknown>> | undefined, own: unknown): unknown {
  if (!defaults) return own;
  if (!isObject(own)) return own === undefined ? { ...defaults } : own;
  const merged: Record<string, unknown> = { ...defaults, ...own };
  if (Array.isArray(defaults.receivers) && Array.isArray(own.receivers)) merged.receivers = [...defaults.receivers, ...own.receivers];
  return merged;
}
