/** The `recovery` section of the inventory: set-up, each tenant's plan as ranges with its assumptions, backups, drills. */
import type { BackupLocationProps, ITenant, RecoveryAssumptions, RecoveryDrill } from '../core/contracts';
import { CloudKind } from '../core/enums';
import type { IHubHost } from '../core/extension';
import type { RecoverySection } from '../schema/inventory';
import { failoverStackName } from './failover-stack';
import { meets, minutes, type MetroStorageProps, round6, type ScenarioPlan, type TenantBackup, type TenantRecoveryPlan, total, valueMin } from './planner';

export interface InventoryInput {
  readonly hub: IHubHost;
  readonly metroStorageReplication: string;
  readonly metro?: MetroStorageProps;
  readonly backupLocation?: BackupLocationProps;
  readonly assumptions: Required<RecoveryAssumptions>;
  readonly plans: readonly TenantRecoveryPlan[];
  readonly backups: Map<ITenant, TenantBackup>;
  readonly drills: readonly RecoveryDrill[];
  readonly acceptedShortfalls: Readonly<Record<string, string>>;
}

const manualSeconds = (s: ScenarioPlan) => total([...s.rtoFrame, ...(s.rtoBoundBy?.rto ?? [])].filter((t) => t.manual));

export function recoveryInventory(i: InventoryInput): RecoverySection {
  const hub = i.hub;
  const figures = (s: ScenarioPlan) => ({
    rpoMinutes: valueMin(s.rpoSeconds),
    rtoMinutes: valueMin(s.rtoSeconds),
    rpoLowMinutes: valueMin(s.rpoLowSeconds),
    rtoLowMinutes: valueMin(s.rtoLowSeconds),
    possible: !s.impossible,
    ...(s.impossible ? { impossible: s.impossible } : {}),
  });
  const failoverStacks =
    hub.own && i.backupLocation
      ? Object.fromEntries(
          hub.clusters
            .filter((c) => c.cloud.value === CloudKind.PRIVATE.value && typeof c.name === 'string')
            .map((c) => [c.name, failoverStackName(hub.province, c.name)])
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : undefined;
  return {
    metroStorageReplication: i.metroStorageReplication,
    metroStorage: i.metro ? { mode: i.metro.mode, storageClass: i.metro.storageClass, witnessSite: i.metro.witnessSite } : null,
    backupLocation: i.backupLocation
      ? {
          site: i.backupLocation.site,
          city: hub.site(i.backupLocation.site)?.city ?? null,
          endpoint: i.backupLocation.endpoint,
          bucket: i.backupLocation.bucket,
          prefix: i.backupLocation.prefix ?? hub.province,
        }
      : null,
    assumptions: i.assumptions,
    ...(failoverStacks ? { failoverStacks } : {}),
    drills: [...i.drills]
      .map((d) => ({ industryCloud: d.industryCloud, date: d.date, scenario: d.scenario, measured: { ...(d.measured as Record<string, number>) }, ...(d.evidence ? { evidence: d.evidence } : {}) }))
      .sort((x, y) => `${x.industryCloud}/${x.date}`.localeCompare(`${y.industryCloud}/${y.date}`)),
    tenants: i.plans.map((p) => ({
      tenant: p.tenant.code,
      industryCloud: p.tenant.industryCloud.code,
      target: p.objective.toJSON(),
      achievable: { rtoMinutes: valueMin(p.site.rtoSeconds), rpoMinutes: valueMin(p.site.rpoSeconds), availability: round6(p.availability.availability) },
      range: {
        rtoMinutes: [valueMin(p.site.rtoLowSeconds), valueMin(p.site.rtoSeconds)],
        rpoMinutes: [valueMin(p.site.rpoLowSeconds), valueMin(p.site.rpoSeconds)],
      },
      meets: meets(p),
      ...(i.acceptedShortfalls[p.tenant.industryCloud.code] && !meets(p) ? { acceptedShortfall: i.acceptedShortfalls[p.tenant.industryCloud.code] } : {}),
      mechanisms: p.site.mechanisms.map((m) => ({ id: m.id, description: m.description, rpoMinutes: m.rpo ? valueMin(total(m.rpo)) : null, rtoMinutes: valueMin(total(m.rto)) })),
      rtoFrame: p.site.rtoFrame.map((f) => ({ name: f.name, seconds: f.seconds })),
      manualSeconds: manualSeconds(p.site),
      assumptions: p.assumptions.map((a) => ({ ...a })),
      availability: {
        bothDown: round6(p.availability.bothDown),
        commonCause: round6(p.availability.commonCause),
        failover: round6(p.availability.failover),
        failoversPerYear: Math.round(p.availability.failoversPerYear * 100) / 100,
        sameCity: p.availability.sameCity,
      },
      movement: { switchoverMinutes: minutes(p.movement.switchoverSeconds), failbackMinutes: minutes(p.movement.failbackSeconds) },
      regional: { ...figures(p.regional), target: p.objective.regional ?? null },
    })),
    backups: [...i.backups.entries()]
      .map(([t, b]) => ({
        tenant: t.code,
        schedule: b.scheduleName,
        cron: b.cron,
        intervalMinutes: b.intervalMinutes,
        achievedIntervalMinutes: b.achievedIntervalMinutes,
        durationSeconds: b.durationSeconds,
        retentionDays: b.retentionDays,
        clusters: b.clusters,
      }))
      .sort((x, y) => x.tenant.localeCompare(y.tenant)),
  };
}
