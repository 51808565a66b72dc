/**
 * One tenant's recovery plan: the mechanisms in play in each scenario (workloads, volumes, the offerings it was
 * granted), the hub's assumptions overridden by the industry cloud's latest drill, and the movements (switchover,
 * failback). Pure over the model: no constructs are made here.
 */
import type {
  BackupLocationProps,
  IIndustryCloud,
  IRecoveryMechanismSource,
  ISite,
  ITenant,
  MechanismEstimate,
  RecoveryAssumptions,
  RecoveryAutomation,
  RecoveryDrill,
  RecoveryScenario,
  Term,
} from '../core/contracts';
import { CloudKind } from '../core/enums';
import type { IHubHost } from '../core/extension';
import { manualStepTerms } from '../core/recovery-terms';
import { DEFAULT_RECOVERY_ASSUMPTIONS } from './assumptions';
import {
  backupRetentionDays,
  compositeAvailability,
  cronEvery,
  cronIntervalMinutes,
  defaultBackupIntervalMinutes,
  hasVolumes,
  MIN_BACKUP_INTERVAL_MINUTES,
  type MetroStorageProps,
  planScenario,
  queuedRestoreSeconds,
  restoreGi,
  settingNames,
  stagger,
  type TenantBackup,
  type TenantRecoveryPlan,
  total,
  veleroBackupSeconds,
  veleroRestoreSeconds,
} from './planner';

const INTERVAL_STEPS = [15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

/** What the planner reads of the hub's recovery. */
export interface PlanningContext {
  readonly hub: IHubHost;
  readonly base: Required<RecoveryAssumptions>;
  readonly drills: readonly RecoveryDrill[];
  readonly backupLocation?: BackupLocationProps;
  /** Metro storage the planner may count (declared with its storage class and a valid witness site). */
  readonly metro?: MetroStorageProps;
  readonly automation?: { readonly databasePromotion?: RecoveryAutomation };
  readonly sources: readonly IRecoveryMechanismSource[];
  readonly drSite?: ISite;
  /** Velero backups a published hub's own tenants already queue on each cluster. */
  readonly hubBackupsPerCluster?: Record<string, number>;
  productionPair(ic: IIndustryCloud): ISite[];
}

/** The latest drill of an industry cloud (by date, then order of declaration). */
export function latestDrill(drills: readonly RecoveryDrill[], ic: string): RecoveryDrill | undefined {
  return drills.filter((d) => d.industryCloud === ic).reduce<RecoveryDrill | undefined>((best, d) => (!best || d.date >= best.date ? d : best), undefined);
}

/** The hub's assumptions with every figure the industry cloud's drills measured (the latest measurement of each). */
export function assumptionsFor(ctx: Pick<PlanningContext, 'base' | 'drills'>, ic: string): { values: Required<RecoveryAssumptions>; drilled: Record<string, string> } {
  const values: Record<string, number> = { ...ctx.base };
  const drilled: Record<string, string> = {};
  const ordered = ctx.drills.filter((d) => d.industryCloud === ic).sort((x, y) => x.date.localeCompare(y.date));
  for (const d of ordered) {
    for (const [k, v] of Object.entries(d.measured ?? {})) {
      if (k in DEFAULT_RECOVERY_ASSUMPTIONS && typeof v === 'number' && Number.isFinite(v) && v >= 0) {
        values[k] = v;
        drilled[k] = d.date;
      }
    }
  }
  return { values: values as Required<RecoveryAssumptions>, drilled };
}

/** Tenant data in GiB the backups and restores carry. */
function dataGi(t: ITenant, a: Required<RecoveryAssumptions>): number {
  return hasVolumes(t) ? restoreGi(t, a) : 0;
}

/** The Velero schedule of every tenant, with the queueing of backups on each cluster. */
export function computeBackups(ctx: PlanningContext, objectiveRpo: (t: ITenant) => number | undefined): Map<ITenant, TenantBackup> {
  const out = new Map<ITenant, TenantBackup>();
  const queue = new Map<string, number>();
  const privateClusters = (t: ITenant) => t.placements.filter((p) => p.cluster.cloud.value === CloudKind.PRIVATE.value).map((p) => p.cluster.name);
  const tenants = [...ctx.hub.tenants].sort((a, b) => a.code.localeCompare(b.code));
  const duration = (t: ITenant) => veleroBackupSeconds(dataGi(t, assumptionsFor(ctx, t.industryCloud.code).values), assumptionsFor(ctx, t.industryCloud.code).values);
  for (const [c, n] of Object.entries(ctx.hubBackupsPerCluster ?? {})) queue.set(c, n * ctx.base.veleroOverheadSeconds);
  for (const t of tenants) for (const c of privateClusters(t)) queue.set(c, (queue.get(c) ?? 0) + duration(t));
  for (const t of tenants) {
    const a = assumptionsFor(ctx, t.industryCloud.code).values;
    const seconds = duration(t);
    const interval = backupIntervalMinutes(t, seconds, objectiveRpo(t), ctx.metro !== undefined);
    const clusters = privateClusters(t);
    const queued = Math.max(0, ...clusters.map((c) => (queue.get(c) ?? 0) / a.veleroConcurrency / 60));
    out.set(t, {
      scheduleName: `tenant-${t.code}`,
      cron: cronEvery(interval, stagger(t.code, interval >= 60 ? Math.min(interval, 360) : interval)),
      intervalMinutes: interval,
      achievedIntervalMinutes: Math.max(interval, Math.ceil(queued)),
      durationSeconds: seconds,
      retentionDays: backupRetentionDays(t.dataClass),
      clusters,
    });
  }
  return out;
}

function backupIntervalMinutes(t: ITenant, durationSeconds: number, rpoMinutes: number | undefined, metro: boolean): number {
  const objective = t.industryCloud.recovery;
  // A backup protects data written up to its start: RPO = interval + duration, so the interval leaves room for it.
  const duration = durationSeconds / 60;
  const wanted = [defaultBackupIntervalMinutes(t.dataClass)];
  if (objective?.regional) wanted.push(objective.regional.rpoMinutes - duration);
  if (rpoMinutes !== undefined && !metro && hasVolumes(t)) wanted.push(rpoMinutes - duration);
  const target = Math.max(MIN_BACKUP_INTERVAL_MINUTES, Math.min(...wanted));
  // The largest cron step that is not longer than the target.
  const step = [...INTERVAL_STEPS].reverse().find((s) => s <= target) ?? MIN_BACKUP_INTERVAL_MINUTES;
  return cronIntervalMinutes(step);
}

/** The plan of one tenant in both scenarios, with its availability, movements and the assumptions it rests on. */
export function planTenant(ctx: PlanningContext, t: ITenant, backup: TenantBackup, backups: Map<ITenant, TenantBackup>): TenantRecoveryPlan {
  const { values: a, drilled } = assumptionsFor(ctx, t.industryCloud.code);
  const objective = t.industryCloud.recovery!;
  const gi = dataGi(t, a);
  const restore: Term = {
    name: `Velero restore of ${gi} GiB at ${a.restoreThroughputMiBps} MiB/s`,
    seconds: veleroRestoreSeconds(gi, a),
    setting: 'quota.storageGi × recovery.assumptions.storageFillRatio / restoreThroughputMiBps + veleroOverheadSeconds',
  };
  const volumesVelero = (scenario: RecoveryScenario, restoreTerms: Term[]): MechanismEstimate => ({
    id: 'volumes',
    description: `persistent volumes restored from Velero backups (schedule ${backup.cron}) at the DR centre`,
    rpo: [
      { name: 'backup interval', seconds: backup.intervalMinutes * 60, lowSeconds: 0, setting: 'the schedule, derived from the objective and data class' },
      {
        name: `queue: ${a.veleroConcurrency} Velero backup(s) at a time per cluster`,
        seconds: (backup.achievedIntervalMinutes - backup.intervalMinutes) * 60,
        lowSeconds: 0,
        setting: 'tenants per cluster × their backup time / recovery.assumptions.veleroConcurrency',
      },
      {
        name: `backup of ${Math.round(gi * a.backupChangeRatio)} GiB changed data at ${a.backupThroughputMiBps} MiB/s`,
        seconds: backup.durationSeconds,
        setting: 'recovery.assumptions.backupChangeRatio / backupThroughputMiBps / veleroOverheadSeconds',
      },
    ],
    rto: [...manualStepTerms(a, 'restore volumes'), ...restoreTerms],
    rpoFix:
      scenario === 'site'
        ? 'bind the volumes to a replicated storage class (recovery.metroStorage with a witness site), or keep the data in a granted PostgreSQL offering'
        : 'declare a looser regional RPO, or fewer tenants per cluster (backups queue)',
    rtoFix: 'keep less data in volumes, raise recovery.assumptions.restoreThroughputMiBps with a faster DR link, or veleroConcurrency',
  });

  const siteMechanisms: MechanismEstimate[] = [{ id: 'workloads', description: 'namespaces on both production sites (dual-active): nothing to start; the GSLB takes the lost site out', rto: [] }];
  if (hasVolumes(t)) {
    const m = ctx.metro;
    if (m?.mode === 'synchronous') {
      siteMechanisms.push({
        id: 'volumes',
        description: `persistent volumes of storage class ${m.storageClass}, replicated synchronously with witness site ${m.witnessSite}`,
        rpo: [],
        rto: [{ name: 'storage failover decided by the witness', seconds: a.storageReplicationLagSeconds, lowSeconds: 0, setting: 'recovery.assumptions.storageReplicationLagSeconds' }],
      });
    } else if (m?.mode === 'asynchronous') {
      siteMechanisms.push({
        id: 'volumes',
        description: `persistent volumes of storage class ${m.storageClass}, replicated asynchronously with witness site ${m.witnessSite}`,
        rpo: [{ name: 'storage replication lag', seconds: a.storageReplicationLagSeconds, setting: 'recovery.assumptions.storageReplicationLagSeconds' }],
        rto: [],
        rpoFix: "use synchronous metro storage (recovery.metroStorage.mode: 'synchronous')",
      });
    } else if (ctx.backupLocation) {
      siteMechanisms.push(volumesVelero('site', [restore]));
    } else {
      siteMechanisms.push({
        id: 'volumes',
        description: 'persistent volumes neither replicated between the sites nor backed up (no backup location)',
        rpo: [{ name: 'no copy of the volumes', seconds: Number.POSITIVE_INFINITY, setting: 'recovery.backupLocation, recovery.metroStorage' }],
        rto: [],
        rpoFix: 'declare recovery.backupLocation on the hub, or recovery.metroStorage (a replicated storage class with a witness site)',
      });
    }
  }
  for (const s of ctx.sources) siteMechanisms.push(...s.recoveryEstimates(t, 'site', a));

  const drCluster = ctx.drSite ? ctx.hub.clusters.find((c) => c.site === ctx.drSite!.name) : undefined;
  const regionalMechanisms: MechanismEstimate[] = [
    {
      id: 'workloads',
      description: drCluster ? `workloads redeployed on ${drCluster.name} at the DR centre` : 'workloads redeployed at the DR centre',
      rto: [...manualStepTerms(a, 'declare the disaster'), { name: 'redeploy workloads', seconds: a.redeploySeconds, setting: 'recovery.assumptions.redeploySeconds' }],
      impossible: drCluster ? undefined : `the DR centre${ctx.drSite ? ` ${ctx.drSite.name}` : ''} has no cluster to restore to`,
    },
  ];
  if (hasVolumes(t)) {
    // Every tenant is restored on the one Velero server at the DR centre: restores queue, veleroConcurrency at a time.
    const all = [...backups.keys()].filter(hasVolumes).map((x) => veleroRestoreSeconds(dataGi(x, a), a));
    const queued = queuedRestoreSeconds(all, a.veleroConcurrency);
    const regionalRestore: Term = {
      name: `Velero restores of ${all.length} tenant(s) at the DR centre, ${a.veleroConcurrency} at a time (this tenant's alone: ${restore.seconds} s)`,
      seconds: Math.max(queued, restore.seconds),
      lowSeconds: restore.seconds,
      setting: 'the sum of the tenants’ restores / recovery.assumptions.veleroConcurrency',
    };
    regionalMechanisms.push(
      ctx.backupLocation
        ? volumesVelero('regional', [regionalRestore])
        : { id: 'volumes', description: 'persistent volumes: no backups at the DR centre', rpo: [], rto: [], impossible: 'no backup location at the DR centre holds the volumes' },
    );
  }
  for (const s of ctx.sources) regionalMechanisms.push(...s.recoveryEstimates(t, 'regional', a));

  const site = planScenario(siteMechanisms, a);
  const regional = planScenario(regionalMechanisms, a);
  const pair = ctx.productionPair(t.industryCloud);
  const sites = pair.map((s) => ({ name: s.name, availability: s.availability ?? a.siteAvailability }));
  const sameCity = pair.length > 1 && new Set(pair.map((s) => s.city)).size === 1;
  const avail = compositeAvailability(
    sites.map((s) => s.availability),
    site.rtoSeconds,
    a.siteRepairHours,
    sameCity ? a.commonCauseShare : 0,
  );
  // Movements: a planned switchover pauses writes; a failback first re-clones what the failover left behind.
  const failbackTerms: Term[] = [
    ...siteMechanisms.flatMap((m) => m.failback ?? []),
    { name: 'planned switchover back (write pause)', seconds: a.switchoverSeconds, setting: 'recovery.assumptions.switchoverSeconds' },
  ];
  const known = new Set(Object.keys(DEFAULT_RECOVERY_ASSUMPTIONS));
  const used = [...new Set([...settingNames(site), ...settingNames(regional)])].filter((n) => known.has(n)).sort();
  return {
    tenant: t,
    objective,
    site,
    regional,
    availability: { ...avail, sites, sameCity },
    backup,
    movement: { switchoverSeconds: a.switchoverSeconds, failbackSeconds: total(failbackTerms), failbackTerms },
    assumptions: used.map((name) => ({ name, value: (a as unknown as Record<string, number>)[name], ...(drilled[name] ? { drilled: drilled[name] } : {}) })),
  };
}
