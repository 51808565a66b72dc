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

/** Sum of terms (the conservative end of their ranges). */
export function total(terms: readonly Term[] | undefined): number {
  return (terms ?? []).reduce((a, t) => a + t.seconds, 0);
}

/** Sum of the optimistic ends of terms. */
export function totalLow(terms: readonly Term[] | undefined): number {
  return (terms ?? []).reduce((a, t) => a + (t.lowSeconds ?? t.seconds), 0);
}

/** The figures of one scenario for one tenant. */
export interface ScenarioPlan {
  /** The conservative end of the range: what the objective is checked against. */
  readonly rpoSeconds: number;
  readonly rtoSeconds: number;
  /** The optimistic end of the range. */
  readonly rpoLowSeconds: number;
  readonly rtoLowSeconds: number;
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
      {
        name: 'clients leave the cached DNS answer (TTL to high percentile)',
        seconds: Math.max(a.dnsTtlSeconds, a.dnsHighPercentileSeconds),
        lowSeconds: a.dnsTtlSeconds,
        setting: 'recovery.assumptions.dnsTtlSeconds / dnsHighPercentileSeconds',
      },
    );
  }
  let rpoBoundBy: MechanismEstimate | undefined;
  let rtoBoundBy: MechanismEstimate | undefined;
  for (const m of mechanisms) {
    if (m.rpo && (!rpoBoundBy || total(m.rpo) > total(rpoBoundBy.rpo))) rpoBoundBy = m;
    if (!rtoBoundBy || total(m.rto) > total(rtoBoundBy.rto)) rtoBoundBy = m;
  }
  const impossible = mechanisms.find((m) => m.impossible)?.impossible;
  const rpoLow = Math.max(0, ...mechanisms.filter((m) => m.rpo).map((m) => totalLow(m.rpo)));
  const rtoLow = totalLow(frame) + Math.max(0, ...mechanisms.map((m) => totalLow(m.rto)));
  return {
    rpoSeconds: total(rpoBoundBy?.rpo),
    rtoSeconds: total(frame) + total(rtoBoundBy?.rto),
    rpoLowSeconds: Number.isFinite(rpoLow) ? rpoLow : Number.POSITIVE_INFINITY,
    rtoLowSeconds: rtoLow,
    rpoBoundBy,
    rtoBoundBy,
    rtoFrame: frame,
    mechanisms,
    impossible,
  };
}

/** Names in a plan's term settings that look like assumption names; the caller keeps the known ones. */
export function settingNames(plan: ScenarioPlan): string[] {
  const names = new Set<string>();
  const terms = [...plan.rtoFrame, ...plan.mechanisms.flatMap((m) => [...(m.rpo ?? []), ...m.rto])];
  for (const t of terms) for (const m of t.setting.matchAll(/\b([a-z][A-Za-z]+)\b/g)) names.add(m[1]);
  return [...names].sort();
}

/**
 * Composite availability of a dual-active pair: down when both sites are down at once, plus the time each
 * failover takes (a failure of either site interrupts service for the failover RTO).
 * `failovers/year = (1 − a) × 8760 h / repair hours` per site. Two sites in one city share causes (grid, flood,
 * fibre routes, a common change): `commonCauseShare` of the smaller unavailability takes both down together.
 */
export function compositeAvailability(
  siteAvailabilities: readonly number[],
  failoverRtoSeconds: number,
  repairHours: number,
  commonCauseShare = 0,
): { availability: number; bothDown: number; commonCause: number; failover: number; failoversPerYear: number } {
  const HOURS = 8760;
  const unavailable = siteAvailabilities.map((a) => 1 - a);
  const independent = unavailable.reduce((p, u) => p * u, 1) * (1 - commonCauseShare);
  const commonCause = unavailable.length > 1 ? commonCauseShare * Math.min(...unavailable) : 0;
  const bothDown = independent + commonCause;
  // Failures of one site alone (the common-cause ones take both and are counted above).
  const failoversPerYear = unavailable.reduce((s, u) => s + (u * (unavailable.length > 1 ? 1 - commonCauseShare : 1) * HOURS) / repairHours, 0);
  const failover = (failoversPerYear * failoverRtoSeconds) / (HOURS * 3600);
  return { availability: 1 - bothDown - failover, bothDown, commonCause, failover, failoversPerYear };
}

/** Seconds of one Velero backup of `dataGi`: overhead + changed data at the backup throughput. */
export function veleroBackupSeconds(dataGi: number, a: Required<RecoveryAssumptions>): number {
  return Math.round(a.veleroOverheadSeconds + (dataGi * 1024 * a.backupChangeRatio) / a.backupThroughputMiBps);
}

/** Seconds of one Velero restore of `dataGi`: overhead + all data at the restore throughput. */
export function veleroRestoreSeconds(dataGi: number, a: Required<RecoveryAssumptions>): number {
  return Math.round(a.veleroOverheadSeconds + (dataGi * 1024) / a.restoreThroughputMiBps);
}

/** Restores of many tenants on one Velero server, `veleroConcurrency` at a time: the slowest finishes after this. */
export function queuedRestoreSeconds(restores: readonly number[], concurrency: number): number {
  const lanes = new Array<number>(Math.max(1, Math.floor(concurrency))).fill(0);
  for (const r of [...restores].sort((x, y) => y - x)) {
    const i = lanes.indexOf(Math.min(...lanes));
    lanes[i] += r;
  }
  return Math.max(0, ...lanes);
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

/**
 * Metro storage as the planner counts it: only volumes bound to `storageClass`, which the storage replicates between
 * the production sites, with a quorum (witness) site that decides which side keeps writing when the link is cut.
 */
export interface MetroStorageProps {
  readonly mode: 'synchronous' | 'asynchronous';
  /** The replicated storage class; the tenants' PVCs must name it (a tenant's default class is not assumed). */
  readonly storageClass: string;
  /** The quorum / witness site (a site of the hub other than the production pair). */
  readonly witnessSite: string;
}

/** Planned movements of a tenant's service between the sites (not checked against the objective; reported). */
export interface MovementPlan {
  /** Planned switchover: write pause while the primary is demoted and the replica promoted with its token. */
  readonly switchoverSeconds: number;
  /** Failback after an unplanned failover: re-clone the former primary, then a planned switchover. */
  readonly failbackSeconds: number;
  readonly failbackTerms: readonly Term[];
}

/** The plan of one tenant: target, achievable figures and how they come about. */
export interface TenantRecoveryPlan {
  readonly tenant: ITenant;
  readonly objective: RecoveryObjective;
  readonly site: ScenarioPlan;
  readonly regional: ScenarioPlan;
  readonly availability: ReturnType<typeof compositeAvailability> & { sites: Array<{ name: string; availability: number }>; sameCity: boolean };
  readonly backup: TenantBackup;
  readonly movement: MovementPlan;
  /** Assumptions the figures rest on, with the drill that last measured each (or none). */
  readonly assumptions: ReadonlyArray<{ name: string; value: number; drilled?: string }>;
}

/** The Velero schedule of one tenant. */
export interface TenantBackup {
  readonly scheduleName: string;
  readonly cron: string;
  readonly intervalMinutes: number;
  /** With every tenant's backup on the same cluster queued behind each other (`veleroConcurrency` at a time). */
  readonly achievedIntervalMinutes: number;
  /** Seconds one backup of this tenant takes (sized by its data). */
  readonly durationSeconds: number;
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
