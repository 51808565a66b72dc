/**
 * The recovery planner: what RPO, RTO and availability the mechanisms in play can achieve, term by term.
 *
 * Pure functions over plain data (no constructs), so every figure can be tested and explained. Two scenarios:
 * - `site`: one PRODUCTION site of the dual-active pair is lost. The objective of the industry cloud applies here.
 * - `regional`: both production sites are lost; the tenant is restored at the DISASTER_RECOVERY centre from what
 *   was shipped there (WAL archive, Velero backups). Checked only when the objective declares `regional` figures.
 */
import { type ITenant, type MechanismEstimate, RecoveryAssumptions, type Term } from '../core/contracts';
import { DataClass } from '../core/enums';
import type { RecoveryObjective } from '../core/recovery-objective';

/** Sum of terms. */
export function total(terms: readonly Term[] | undefined): number {
  return (terms ?? []).reduce((a, t) => a + t.seconds, 0);
}

/** The figures of one scenario for one tenant. */
export interface ScenarioPlan {
  readonly rpoSeconds: number;
  readonly rtoSeconds: number;
  /** The mechanism that sets the RPO (largest), and the one that sets the recovery part of the RTO. */
  readonly rpoBoundBy?: MechanismEstimate;
  readonly rtoBoundBy?: MechanismEstimate;
  /** Detection before recovery, traffic switch after it. */
  readonly rtoFrame: readonly Term[];
  readonly mechanisms: readonly MechanismEstimate[];
  readonly impossible?: string;
}

/** Combines mechanism estimates: RPO is the worst data bound, RTO detection + slowest recovery + traffic switch. */
export function planScenario(mechanisms: readonly MechanismEstimate[], a: Required<RecoveryAssumptions>, withTraffic = true): ScenarioPlan {
  const frame: Term[] = [{ name: 'failure detection', seconds: a.failureDetectionSeconds, setting: 'recovery.assumptions.failureDetectionSeconds' }];
  if (withTraffic) {
    frame.push(
      { name: 'traffic switch (GSLB)', seconds: a.trafficSwitchSeconds, setting: 'recovery.assumptions.trafficSwitchSeconds' },
      { name: 'DNS TTL', seconds: a.dnsTtlSeconds, setting: 'recovery.assumptions.dnsTtlSeconds' },
    );
  }
  let rpoBoundBy: MechanismEstimate | undefined;
  let rtoBoundBy: MechanismEstimate | undefined;
  for (const m of mechanisms) {
    if (m.rpo && (!rpoBoundBy || total(m.rpo) > total(rpoBoundBy.rpo))) rpoBoundBy = m;
    if (!rtoBoundBy || total(m.rto) > total(rtoBoundBy.rto)) rtoBoundBy = m;
  }
  const impossible = mechanisms.find((m) => m.impossible)?.impossible;
  return {
    rpoSeconds: total(rpoBoundBy?.rpo),
    rtoSeconds: total(frame) + total(rtoBoundBy?.rto),
    rpoBoundBy,
    rtoBoundBy,
    rtoFrame: frame,
    mechanisms,
    impossible,
  };
}

/**
 * Composite availability of a dual-active pair: down when both sites are down at once, plus the time each
 * failover takes (a failure of either site interrupts service for the failover RTO).
 * `failovers/year = (1 − a) × 8760 h / repair hours` per site.
 */
export function compositeAvailability(
  siteAvailabilities: readonly number[],
  failoverRtoSeconds: number,
  repairHours: number,
): { availability: number; bothDown: number; failover: number; failoversPerYear: number } {
  const HOURS = 8760;
  const unavailable = siteAvailabilities.map((a) => 1 - a);
  const bothDown = unavailable.reduce((p, u) => p * u, 1);
  const failoversPerYear = unavailable.reduce((s, u) => s + (u * HOURS) / repairHours, 0);
  const failover = (failoversPerYear * failoverRtoSeconds) / (HOURS * 3600);
  return { availability: 1 - bothDown - failover, bothDown, failover, failoversPerYear };
}

/** Velero backups are taken at most this often; shorter schedules would only queue behind each other. */
export const MIN_BACKUP_INTERVAL_MINUTES = 15;

/** Backup interval by data class when nothing stricter is asked: CORE hourly, IMPORTANT every 4 h, GENERAL daily. */
export function defaultBackupIntervalMinutes(dataClass: DataClass): number {
  switch (dataClass.value) {
    case DataClass.CORE.value:
      return 60;
    case DataClass.IMPORTANT.value:
      return 240;
    default:
      return 1440;
  }
}

/** How long backups are kept, by data class: CORE 180 days (the Cybersecurity Law's log period), IMPORTANT 90, GENERAL 30. */
export function backupRetentionDays(dataClass: DataClass): number {
  switch (dataClass.value) {
    case DataClass.CORE.value:
      return 180;
    case DataClass.IMPORTANT.value:
      return 90;
    default:
      return 30;
  }
}

/** A cron expression for "every `minutes`", staggered by `offset` so tenants' backups do not all start at once. */
export function cronEvery(minutes: number, offset: number): string {
  if (minutes < 60) {
    const step = [15, 20, 30].find((s) => s >= minutes) ?? 30;
    const start = offset % step;
    return `${start}-59/${step} * * * *`;
  }
  const minute = offset % 60;
  if (minutes < 1440) {
    const hours = [1, 2, 3, 4, 6, 8, 12].find((h) => h * 60 >= minutes) ?? 12;
    return `${minute} ${hours === 1 ? '*' : `${Math.floor(offset / 60) % hours}-23/${hours}`} * * *`;
  }
  return `${minute} ${Math.floor(offset / 60) % 6} * * *`;
}

/** The interval a cron from {@link cronEvery} really gives, in minutes. */
export function cronIntervalMinutes(minutes: number): number {
  if (minutes < 60) return [15, 20, 30].find((s) => s >= minutes) ?? 30;
  if (minutes < 1440) return ([1, 2, 3, 4, 6, 8, 12].find((h) => h * 60 >= minutes) ?? 12) * 60;
  return 1440;
}

/** A stable small number from a code, to stagger schedules (FNV-1a). */
export function stagger(code: string, modulo: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % modulo;
}

/** Seconds as minutes for tables, one decimal. */
export function minutes(seconds: number): number {
  return Math.round((seconds / 60) * 10) / 10;
}

/** How the two production sites replicate persistent volumes (e.g. dual-active storage arrays, Ceph RBD mirroring). */
export type MetroStorageReplication = 'synchronous' | 'asynchronous' | 'none';

/** The plan of one tenant: target, achievable figures and how they come about. */
export interface TenantRecoveryPlan {
  readonly tenant: ITenant;
  readonly objective: RecoveryObjective;
  readonly site: ScenarioPlan;
  readonly regional: ScenarioPlan;
  readonly availability: ReturnType<typeof compositeAvailability> & { sites: Array<{ name: string; availability: number }> };
  readonly backup: TenantBackup;
}

/** The Velero schedule of one tenant. */
export interface TenantBackup {
  readonly scheduleName: string;
  readonly cron: string;
  readonly intervalMinutes: number;
  /** With every tenant's backup on the same cluster queued behind each other (one Velero backup runs at a time). */
  readonly achievedIntervalMinutes: number;
  readonly retentionDays: number;
  readonly clusters: string[];
}

// Figures of the plans, for messages and the inventory.

/** Whether a plan meets its objective (site and, when declared, regional). */
export function meets(p: TenantRecoveryPlan): boolean {
  const o = p.objective;
  const site = p.site.rpoSeconds <= o.rpoMinutes * 60 && p.site.rtoSeconds <= o.rtoMinutes * 60 && p.availability.availability >= o.availability;
  if (!o.regional) return site;
  return site && !p.regional.impossible && p.regional.rpoSeconds <= o.regional.rpoMinutes * 60 && p.regional.rtoSeconds <= o.regional.rtoMinutes * 60;
}

/** Whether a tenant may hold volumes (a storage quota above 0, or none). */
export function hasVolumes(t: ITenant): boolean {
  return t.quota.storageGi === undefined || t.quota.storageGi > 0;
}

/** GiB a restore brings back: the storage quota times the fill ratio. */
export function restoreGi(t: ITenant, a: Required<RecoveryAssumptions>): number {
  // A tenant without a storage quota may fill anything; the planner then assumes a 1 TiB quota and says so.
  return Math.round((t.quota.storageGi ?? 1024) * a.storageFillRatio);
}

/** Minutes for messages: `12.5 min`, or `unbounded`. */
export function fmtMin(seconds: number): string {
  return Number.isFinite(seconds) ? `${minutes(seconds)} min` : 'unbounded';
}

/** A term for messages: `WAL archive timeout (300 s, <setting>)`. */
export function fmtTerm(t: Term): string {
  return `${t.name} (${Number.isFinite(t.seconds) ? `${t.seconds} s` : 'no bound'}, ${t.setting})`;
}

/** A figure for a problem's value: minutes, or the word when there is no bound. */
export function valueMin(seconds: number): number | 'unbounded' {
  return Number.isFinite(seconds) ? minutes(seconds) : 'unbounded';
}

/** Rounded to 6 decimals (availabilities). */
export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A percentage for messages, without trailing zeros. */
export function pct(n: number): string {
  return `${(n * 100).toFixed(4).replace(/0+$/, '').replace(/\.$/, '')} %`;
}
