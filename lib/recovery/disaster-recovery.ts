import type { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import {
  type AchievableAvailability,
  type BackupLocationProps,
  type IHubRecovery,
  type IIndustryCloud,
  type IRecoveryMechanismSource,
  type ISite,
  type ITenant,
  MechanismEstimate,
  RecoveryAssumptions,
  type RecoveryScenario,
  type RunbookLoss,
} from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { CloudKind, SiteRole } from '../core/enums';
import { HubCapabilities, IHubFeature, IHubHost } from '../core/extension';
import * as k8s from '../private/k8s';
import { batchFor } from '../private/resource-batch';
import type { RecoverySection } from '../schema/inventory';
import { ClusterConnection } from '../topology/cluster-connection';
import { checkAssumptions, resolveAssumptions } from './assumptions';
import { checkPlans } from './plan-checks';
import {
  backupRetentionDays,
  compositeAvailability,
  cronEvery,
  defaultBackupIntervalMinutes,
  hasVolumes,
  meets,
  type MetroStorageReplication,
  MIN_BACKUP_INTERVAL_MINUTES,
  planScenario,
  restoreGi,
  round6,
  ScenarioPlan,
  stagger,
  type TenantBackup,
  type TenantRecoveryPlan,
  total,
  valueMin,
} from './planner';
import { renderRunbook } from './runbook';
import { BACKUP_LOCATION_NAME, backupStorageLocationManifest, installVelero, scheduleManifest, type VeleroOptions } from './velero';

/** Recovery settings of the hub (`ProvinceHubProps.recovery`). */
export interface HubRecoveryProps {
  /** The DR centre's object store; required as soon as an industry cloud declares a recovery objective. @default - none */
  readonly backupLocation?: BackupLocationProps;
  /** Replication of persistent volumes between the two production sites. @default 'none' */
  readonly metroStorageReplication?: MetroStorageReplication;
  /** Overrides of the planner's assumptions. @default - DEFAULT_RECOVERY_ASSUMPTIONS */
  readonly assumptions?: RecoveryAssumptions;
  /** @default - Velero 1.18.1 from the hub registry */
  readonly velero?: VeleroOptions;
}

/** What a city project learns from the hub's published `recovery` contract section. */
export interface PublishedRecovery extends HubRecoveryProps {
  /** Velero backups the hub's own tenants already queue on each cluster (one backup runs at a time). */
  readonly hubBackupsPerCluster?: Record<string, number>;
}

const INTERVAL_STEPS = [15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

/**
 * Dual-active disaster recovery across two production sites and a remote backup centre (两地三中心).
 *
 * Lays Velero on every cluster (platform stacks) with a BackupStorageLocation at the DR centre (hub stack) and a
 * Schedule per tenant (tenant's stack), checks the two-sites-three-centres topology, and runs the recovery planner:
 * a tenant whose objective the mechanisms cannot meet fails synth with the mechanism to change. Writes a failover
 * runbook per industry cloud to `gov-lz/runbooks/`.
 */
export class DisasterRecovery extends Construct implements IHubRecovery, IHubFeature {
  public readonly metroStorageReplication: MetroStorageReplication;
  public readonly backupLocation?: BackupLocationProps;
  public readonly assumptions: Required<RecoveryAssumptions>;
  private readonly props: PublishedRecovery;
  private host?: IHubHost;
  private readonly sources: IRecoveryMechanismSource[] = [];
  private backupCache?: { tenants: number; value: Map<ITenant, TenantBackup> };
  private planCache?: { tenants: number; value: TenantRecoveryPlan[] };

  /**
   * The recovery of a city project's tenants on a published hub: their Velero schedules (the hub installed Velero
   * and the backup locations) and their plans against the industry clouds' objectives, in the city's inventory.
   */
  public static forPublishedHub(scope: Construct, id: string, published: PublishedRecovery): DisasterRecovery {
    return new DisasterRecovery(scope, id, published);
  }

  /** Made by the composition root (ProvinceHub) and attached with `hub.addFeature(recovery)`. */
  constructor(scope: Construct, id: string, props: PublishedRecovery = {}) {
    super(scope, id);
    this.props = props;
    this.backupLocation = props.backupLocation;
    this.metroStorageReplication = props.metroStorageReplication ?? 'none';
    this.assumptions = resolveAssumptions(props.assumptions);
  }

  /**
   * Lays Velero, the backup locations and the runbooks on a hub of one's own; on a published hub (a city project),
   * only its tenants' schedules and plans (Velero and the locations belong to the hub's project). Offers itself as the
   * hub's recovery (HubCapabilities.RECOVERY), where offerings register how they recover.
   */
  public bind(host: IHubHost): void {
    if (this.host) throw new Error(`${this.node.path}: the recovery is bound to a hub twice`);
    this.host = host;
    const own = host.own;
    const ctx = LandingZoneContext.of(this);
    ctx.addCheck((r) => this.check(r));

    if (this.backupLocation) {
      if (own) {
        for (const cluster of host.clusters) {
          const platform = own.platformStacks.get(cluster.name);
          if (platform) installVelero(platform, cluster, host, this.backupLocation, this.props.velero ?? {});
        }
        batchFor(own.hubStack, 'BackupLocations').addProducer(() => this.backupLocations(own.hubStack));
        for (const cluster of host.clusters) ClusterConnection.of(own.hubStack, cluster);
      }
      host.onTenantRegistered((t) => batchFor(t).addProducer(() => this.schedulesOf(t)));
    }
    host.addInventorySection('recovery', () => this.inventory());
    if (own) {
      for (const ic of host.industryClouds) this.addRunbook(ic);
      host.onIndustryCloudAdded((ic) => this.addRunbook(ic));
      own.addContractSection('recovery', () => this.publishedRecovery());
    }
    host.provide(HubCapabilities.RECOVERY, this);
  }

  /** The hub it is bound to. */
  private get hub(): IHubHost {
    if (!this.host) throw new Error(`${this.node.path}: the recovery is used before hub.addFeature(recovery)`);
    return this.host;
  }

  /** The hub's own repository (Velero, locations, topology checks, runbooks), rather than a city project. */
  private get ownsHub(): boolean {
    return this.hub.own !== undefined;
  }

  /** The contract section city projects read: where backups go and what the planner assumes. */
  public publishedRecovery(): PublishedRecovery {
    const perCluster: Record<string, number> = {};
    for (const b of this.backups().values()) for (const c of b.clusters) perCluster[c] = (perCluster[c] ?? 0) + 1;
    return {
      ...(this.backupLocation ? { backupLocation: { ...this.backupLocation } } : {}),
      metroStorageReplication: this.metroStorageReplication,
      assumptions: { ...this.assumptions },
      hubBackupsPerCluster: Object.fromEntries(Object.entries(perCluster).sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  /** Registers a source of recovery estimates (a middleware offering). */
  public addMechanismSource(source: IRecoveryMechanismSource): void {
    this.sources.push(source);
  }

  /** The Velero schedule of every tenant, with the queueing of backups on each cluster. */
  public backups(): Map<ITenant, TenantBackup> {
    // Tenants are only ever added, so the count tells whether the cache is current.
    const n = this.hub.tenants.length;
    if (this.backupCache?.tenants !== n) this.backupCache = { tenants: n, value: this.computeBackups() };
    return this.backupCache.value;
  }

  /** Runbook steps the registered sources contribute. */
  public runbookSteps(ic: IIndustryCloud, scenario: RecoveryScenario, lost?: RunbookLoss): string[] {
    return this.sources.flatMap((s) => s.runbookSteps?.(ic, scenario, lost) ?? []);
  }

  /**
   * What an application of `tenant` using `offerings` can achieve on the dual-active pair: the failover is detection,
   * the slowest mechanism among those of the offerings it uses (caches included: a cold cache is still in the path)
   * and the traffic switch; the availability follows from the sites' as for the tenant.
   */
  public achievableAvailability(tenant: ITenant, offerings: readonly string[]): AchievableAvailability | undefined {
    const a = this.assumptions;
    const used = this.sources.flatMap((s) => s.recoveryEstimates(tenant, 'site', a)).filter((m) => offerings.some((o) => m.id.endsWith(`:${o}`)));
    const mechanisms: MechanismEstimate[] = [{ id: 'workloads', description: 'the application runs on both production sites', rto: [] }, ...used];
    const plan = planScenario(mechanisms, a);
    const sites = this.productionPair(tenant.industryCloud);
    if (sites.length === 0) return undefined;
    const avail = compositeAvailability(
      sites.map((s) => s.availability ?? a.siteAvailability),
      plan.rtoSeconds,
      a.siteRepairHours,
    );
    return {
      availability: round6(avail.availability),
      failoverSeconds: plan.rtoSeconds,
      terms: [...plan.rtoFrame, ...(plan.rtoBoundBy?.rto ?? [])],
      mechanisms: mechanisms.map((m) => m.id),
      inherited: used.filter((m) => m.rpo === undefined).map((m) => m.id),
      ...(plan.impossible ? { impossible: plan.impossible } : {}),
    };
  }

  private computeBackups(): Map<ITenant, TenantBackup> {
    const out = new Map<ITenant, TenantBackup>();
    const queue = new Map<string, number>();
    const privateClusters = (t: ITenant) => [...new Set(t.placements.filter((p) => p.cluster.cloud.value === CloudKind.PRIVATE.value).map((p) => p.cluster.name))];
    const tenants = [...this.hub.tenants].sort((a, b) => a.code.localeCompare(b.code));
    for (const [c, n] of Object.entries(this.props.hubBackupsPerCluster ?? {})) queue.set(c, n * this.assumptions.backupDurationSeconds);
    for (const t of tenants) for (const c of privateClusters(t)) queue.set(c, (queue.get(c) ?? 0) + this.assumptions.backupDurationSeconds);
    for (const t of tenants) {
      const interval = this.backupIntervalMinutes(t);
      const clusters = privateClusters(t);
      const queued = Math.max(0, ...clusters.map((c) => (queue.get(c) ?? 0) / 60));
      out.set(t, {
        scheduleName: `tenant-${t.code}`,
        cron: cronEvery(interval, stagger(t.code, interval >= 60 ? Math.min(interval, 360) : interval)),
        intervalMinutes: interval,
        achievedIntervalMinutes: Math.max(interval, Math.ceil(queued)),
        retentionDays: backupRetentionDays(t.dataClass),
        clusters,
      });
    }
    return out;
  }

  /** Plans of every tenant whose industry cloud declares a recovery objective, by tenant code. */
  public plans(): TenantRecoveryPlan[] {
    const n = this.hub.tenants.length;
    if (this.planCache?.tenants === n) return this.planCache.value;
    const backups = this.backups();
    const value = [...this.hub.tenants]
      .filter((t) => t.industryCloud.recovery && t.industryCloud.recovery.problems().length === 0)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => this.planTenant(t, backups.get(t)!));
    this.planCache = { tenants: n, value };
    return value;
  }

  private planTenant(t: ITenant, backup: TenantBackup): TenantRecoveryPlan {
    const a = this.assumptions;
    const objective = t.industryCloud.recovery!;
    const volumesVelero = (scenario: RecoveryScenario): MechanismEstimate => ({
      id: 'volumes',
      description: `persistent volumes restored from Velero backups (schedule ${backup.cron}) at the DR centre`,
      rpo: [
        { name: 'backup interval', seconds: backup.intervalMinutes * 60, setting: 'the schedule, derived from the objective and data class' },
        {
          name: 'queue: one Velero backup runs at a time per cluster',
          seconds: (backup.achievedIntervalMinutes - backup.intervalMinutes) * 60,
          setting: 'the number of tenants per cluster × recovery.assumptions.backupDurationSeconds',
        },
        { name: 'backup duration', seconds: a.backupDurationSeconds, setting: 'recovery.assumptions.backupDurationSeconds' },
      ],
      rto: [
        {
          name: `restore ${restoreGi(t, a)} GiB at ${a.restoreThroughputMiBps} MiB/s`,
          seconds: Math.round((restoreGi(t, a) * 1024) / a.restoreThroughputMiBps),
          setting: 'quota.storageGi × recovery.assumptions.storageFillRatio / restoreThroughputMiBps',
        },
      ],
      rpoFix:
        scenario === 'site'
          ? 'replicate volumes between the production sites (recovery.metroStorageReplication), or keep the data in a granted PostgreSQL offering'
          : 'declare a looser regional RPO, or fewer tenants per cluster (backups queue)',
      rtoFix: 'keep less data in volumes, or raise recovery.assumptions.restoreThroughputMiBps with a faster DR link',
    });

    const siteMechanisms: MechanismEstimate[] = [{ id: 'workloads', description: 'namespaces on both production sites (dual-active): nothing to start', rto: [] }];
    if (hasVolumes(t)) {
      if (this.metroStorageReplication === 'synchronous') {
        siteMechanisms.push({ id: 'volumes', description: 'persistent volumes replicated synchronously between the production sites', rpo: [], rto: [] });
      } else if (this.metroStorageReplication === 'asynchronous') {
        siteMechanisms.push({
          id: 'volumes',
          description: 'persistent volumes replicated asynchronously between the production sites',
          rpo: [{ name: 'storage replication lag', seconds: a.storageReplicationLagSeconds, setting: 'recovery.assumptions.storageReplicationLagSeconds' }],
          rto: [],
          rpoFix: "use synchronous metro storage replication (recovery.metroStorageReplication: 'synchronous')",
        });
      } else if (this.backupLocation) {
        siteMechanisms.push(volumesVelero('site'));
      } else {
        siteMechanisms.push({
          id: 'volumes',
          description: 'persistent volumes neither replicated between the sites nor backed up (no backup location)',
          rpo: [{ name: 'no copy of the volumes', seconds: Number.POSITIVE_INFINITY, setting: 'recovery.backupLocation, recovery.metroStorageReplication' }],
          rto: [],
          rpoFix: 'declare recovery.backupLocation on the hub, or replicate volumes between the production sites (recovery.metroStorageReplication)',
        });
      }
    }
    for (const s of this.sources) siteMechanisms.push(...s.recoveryEstimates(t, 'site', a));

    const drSite = this.drSite();
    const drCluster = drSite ? this.hub.clusters.find((c) => c.site === drSite.name) : undefined;
    const regionalMechanisms: MechanismEstimate[] = [
      {
        id: 'workloads',
        description: drCluster ? `workloads redeployed on ${drCluster.name} at the DR centre` : 'workloads redeployed at the DR centre',
        rto: [{ name: 'redeploy workloads', seconds: a.redeploySeconds, setting: 'recovery.assumptions.redeploySeconds' }],
        impossible: drCluster ? undefined : `the DR centre${drSite ? ` ${drSite.name}` : ''} has no cluster to restore to`,
      },
    ];
    if (hasVolumes(t)) {
      regionalMechanisms.push(
        this.backupLocation
          ? volumesVelero('regional')
          : { id: 'volumes', description: 'persistent volumes: no backups at the DR centre', rpo: [], rto: [], impossible: 'no backup location at the DR centre holds the volumes' },
      );
    }
    for (const s of this.sources) regionalMechanisms.push(...s.recoveryEstimates(t, 'regional', a));

    const site = planScenario(siteMechanisms, a);
    const regional = planScenario(regionalMechanisms, a);
    const sites = this.productionPair(t.industryCloud).map((s) => ({ name: s.name, availability: s.availability ?? a.siteAvailability }));
    const avail = compositeAvailability(
      sites.map((s) => s.availability),
      site.rtoSeconds,
      a.siteRepairHours,
    );
    return { tenant: t, objective, site, regional, availability: { ...avail, sites }, backup };
  }

  private backupIntervalMinutes(t: ITenant): number {
    const objective = t.industryCloud.recovery;
    // A backup protects data written up to its start: RPO = interval + duration, so the interval leaves room for it.
    const duration = this.assumptions.backupDurationSeconds / 60;
    const wanted = [defaultBackupIntervalMinutes(t.dataClass)];
    if (objective?.regional) wanted.push(objective.regional.rpoMinutes - duration);
    if (objective && this.metroStorageReplication === 'none' && hasVolumes(t)) wanted.push(objective.rpoMinutes - duration);
    const target = Math.max(MIN_BACKUP_INTERVAL_MINUTES, Math.min(...wanted));
    // The largest cron step that is not longer than the target.
    return [...INTERVAL_STEPS].reverse().find((s) => s <= target) ?? MIN_BACKUP_INTERVAL_MINUTES;
  }

  /** The DISASTER_RECOVERY site of the backup location, or the first one declared. */
  private drSite(): ISite | undefined {
    const sites = this.hub.sites.filter((s) => s.role.value === SiteRole.DISASTER_RECOVERY.value);
    return sites.find((s) => s.name === this.backupLocation?.site) ?? sites[0];
  }

  /** The PRODUCTION sites an industry cloud's clusters are on, in declaration order. */
  private productionPair(ic: IIndustryCloud): ISite[] {
    const out: ISite[] = [];
    for (const c of ic.clusters) {
      const site = this.hub.site(c.site);
      if (site && site.role.value === SiteRole.PRODUCTION.value && !out.includes(site)) out.push(site);
    }
    return out;
  }

  private backupLocations(hubStack: TerraformStack) {
    const hub = this.hub;
    const loc = this.backupLocation!;
    const drSite = hub.site(loc.site);
    return hub.clusters.map((cluster) => {
      const t = k8s.manifest({ manifest: backupStorageLocationManifest(hub, loc, drSite?.city ?? loc.site, cluster.name) });
      return { type: t.type, name: `${BACKUP_LOCATION_NAME}--${cluster.name}`, body: { ...t.body, provider: ClusterConnection.of(hubStack, cluster).kubernetesProviderRef } };
    });
  }

  private schedulesOf(t: ITenant) {
    const backup = this.backups().get(t);
    if (!backup) return [];
    // One schedule per cluster, over every namespace the tenant has there (its home one and its edge zones').
    const namespaces = new Map<string, string[]>();
    for (const p of t.placements) if (backup.clusters.includes(p.cluster.name)) namespaces.set(p.cluster.name, [...(namespaces.get(p.cluster.name) ?? []), p.namespace]);
    return [...namespaces].map(([cluster, list]) => {
      const m = k8s.manifest({ manifest: scheduleManifest(t, list, backup) });
      return {
        type: m.type,
        name: `${t.code}--${cluster}--backup`,
        body: { ...m.body, provider: `kubernetes.${cluster}` },
      };
    });
  }

  private addRunbook(ic: IIndustryCloud): void {
    LandingZoneContext.of(this).addArtifact(`runbooks/${this.hub.province}-${ic.node.id}.md`, () =>
      renderRunbook({
        hub: this.hub,
        industryCloud: ic,
        plans: ic.recovery ? this.plans().filter((p) => p.tenant.industryCloud === ic) : [],
        recovery: this,
        pair: this.productionPair(ic),
        drSite: this.drSite(),
      }),
    );
  }

  private inventory(): RecoverySection {
    const backups = this.backups();
    const plans = this.plans();
    const figures = (s: ScenarioPlan) => ({
      rpoMinutes: valueMin(s.rpoSeconds),
      rtoMinutes: valueMin(s.rtoSeconds),
      possible: !s.impossible,
      ...(s.impossible ? { impossible: s.impossible } : {}),
    });
    return {
      metroStorageReplication: this.metroStorageReplication,
      backupLocation: this.backupLocation
        ? {
            site: this.backupLocation.site,
            city: this.hub.site(this.backupLocation.site)?.city ?? null,
            endpoint: this.backupLocation.endpoint,
            bucket: this.backupLocation.bucket,
            prefix: this.backupLocation.prefix ?? this.hub.province,
          }
        : null,
      assumptions: this.assumptions,
      tenants: plans.map((p) => ({
        tenant: p.tenant.code,
        industryCloud: p.tenant.industryCloud.code,
        target: p.objective.toJSON(),
        achievable: { rtoMinutes: valueMin(p.site.rtoSeconds), rpoMinutes: valueMin(p.site.rpoSeconds), availability: round6(p.availability.availability) },
        meets: meets(p),
        mechanisms: p.site.mechanisms.map((m) => ({ id: m.id, description: m.description, rpoMinutes: m.rpo ? valueMin(total(m.rpo)) : null, rtoMinutes: valueMin(total(m.rto)) })),
        rtoFrame: p.site.rtoFrame.map((f) => ({ name: f.name, seconds: f.seconds })),
        regional: { ...figures(p.regional), target: p.objective.regional ?? null },
      })),
      backups: [...backups.entries()]
        .map(([t, b]) => ({
          tenant: t.code,
          schedule: b.scheduleName,
          cron: b.cron,
          intervalMinutes: b.intervalMinutes,
          achievedIntervalMinutes: b.achievedIntervalMinutes,
          retentionDays: b.retentionDays,
          clusters: b.clusters,
        }))
        .sort((x, y) => x.tenant.localeCompare(y.tenant)),
    };
  }

  private check(r: ProblemReporter): void {
    const hub = this.hub;
    for (const p of checkAssumptions(this.ownsHub ? this.props.assumptions : undefined)) {
      r.error(`${this.node.path}/assumptions/${p.name}`, { code: 'invalid-value', value: p.value, message: p.message, fix: 'correct or remove the override in recovery.assumptions' });
    }
    if (!['synchronous', 'asynchronous', 'none'].includes(this.metroStorageReplication)) {
      r.error(this, {
        code: 'invalid-value',
        value: this.metroStorageReplication,
        message: 'recovery.metroStorageReplication is not a replication mode',
        fix: "use 'synchronous', 'asynchronous' or 'none'",
      });
    }
    // An objective with impossible figures is reported by its industry cloud; planning it would only add noise.
    const withObjective = hub.industryClouds.filter((ic) => ic.recovery && ic.recovery.problems().length === 0);
    if (!this.ownsHub) {
      // The hub's repository checks its topology and backup location; a city project checks its own tenants' plans.
      if (withObjective.length > 0) checkPlans(r, this.plans());
      return;
    }
    this.checkBackupLocation(r, withObjective.length > 0);
    if (withObjective.length === 0) return;

    const drSites = hub.sites.filter((s) => s.role.value === SiteRole.DISASTER_RECOVERY.value);
    for (const ic of withObjective) {
      const pair = this.productionPair(ic);
      const byCity = new Map<string, ISite[]>();
      for (const s of pair) byCity.set(s.city, [...(byCity.get(s.city) ?? []), s]);
      const dual = [...byCity.entries()].find(([, sites]) => sites.length >= 2);
      if (!dual) {
        const have = pair.map((s) => `${s.name} (${s.city})`).join(', ') || 'none';
        const city = pair[0]?.city;
        const candidates = hub.clusters.filter((c) => {
          const s = hub.site(c.site);
          return s && s.role.value === SiteRole.PRODUCTION.value && (!city || s.city === city) && !pair.includes(s) && !ic.clusterNames.includes(c.name);
        });
        r.error(ic, {
          code: 'not-dual-active',
          value: [...ic.clusterNames],
          message: `industry cloud "${ic.code}" has a recovery objective, but its clusters are on ${pair.length === 0 ? 'no PRODUCTION site' : `one production site per city: ${have}`}; dual-active needs clusters on two PRODUCTION sites in one city`,
          fix: candidates.length
            ? `add ${candidates.map((c) => `"${c.name}" (site ${c.site})`).join(' or ')} to its clusters`
            : `declare a second PRODUCTION site${city ? ` in ${city}` : ''} with a cluster and add that cluster to the industry cloud, or remove the recovery objective`,
        });
        continue;
      }
      const prodCity = dual[0];
      if (!drSites.some((s) => s.city !== prodCity)) {
        r.error(hub, {
          code: 'no-dr-site',
          value: drSites.map((s) => `${s.name} (${s.city})`),
          message:
            drSites.length === 0
              ? `industry cloud "${ic.code}" has a recovery objective, but the province has no DISASTER_RECOVERY site: two sites in ${prodCity} and no third centre`
              : `the DISASTER_RECOVERY site is in ${prodCity}, the same city as the production pair of "${ic.code}": a city-wide disaster would take all three centres`,
          fix: `declare a site with role SiteRole.DISASTER_RECOVERY in another city than ${prodCity}, e.g. { name: 'nb', city: 'ningbo', role: SiteRole.DISASTER_RECOVERY }`,
        });
      }
    }
    checkPlans(r, this.plans());
  }

  private checkBackupLocation(r: ProblemReporter, required: boolean): void {
    const loc = this.backupLocation;
    const at = `${this.node.path}/backupLocation`;
    if (!loc) {
      if (required) {
        r.error(this.hub, {
          code: 'no-backup-location',
          value: undefined,
          message: 'industry clouds declare recovery objectives, but the hub has no backup location at the DR centre, so nothing would be backed up off site',
          fix: "set recovery.backupLocation on the hub: { site: '<DR site>', endpoint: 'https://…', bucket: '<bucket>' }",
        });
      }
      return;
    }
    const site = this.hub.site(loc.site);
    if (!site) {
      r.error(at, {
        code: 'unknown-site',
        value: loc.site,
        message: `backup location site "${loc.site}" is not a site of the hub`,
        fix: `use the DISASTER_RECOVERY site: ${
          this.hub.sites
            .filter((s) => s.role.value === SiteRole.DISASTER_RECOVERY.value)
            .map((s) => s.name)
            .join(', ') || '(none declared)'
        }`,
      });
    } else if (site.role.value !== SiteRole.DISASTER_RECOVERY.value) {
      r.error(at, {
        code: 'inconsistent',
        value: loc.site,
        message: `backup location site "${loc.site}" is a ${site.role.value} site; backups must leave the production sites`,
        fix: 'put the backup location on the DISASTER_RECOVERY site',
      });
    }
    for (const [field, url] of [
      ['endpoint', loc.endpoint],
      ['velero.chartRepository', (this.props as { velero?: { chartRepository?: string } }).velero?.chartRepository],
    ] as const) {
      if (urlCredential(url))
        r.error(at, {
          code: 'credential-in-url',
          value: url,
          message: `${field}: ${urlCredential(url)}; it would be written in plain text to cdktf.out`,
          fix: 'give the URL without credentials; Velero reads its credentials from credentialsSecret',
        });
    }
    if (typeof loc.endpoint !== 'string' || !/^https:\/\/[^\s/]+/.test(loc.endpoint)) {
      r.error(at, {
        code: 'invalid-value',
        value: loc.endpoint,
        message: 'the backup endpoint must be an https URL (backups cross the wide-area link: MLPS 8.1.2.2)',
        fix: "use e.g. 'https://oss.nb.gov.internal'",
      });
    }
    if (typeof loc.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(loc.bucket)) {
      r.error(at, { code: 'invalid-value', value: loc.bucket, message: 'the bucket name is not a valid S3 bucket name', fix: 'use 3–63 lower-case letters, digits, dots and hyphens' });
    }
  }
}

/** The hub's published `recovery` section, when it is there and has the shape this version reads. */
export function publishedRecoveryOf(section: unknown): PublishedRecovery | undefined {
  if (!section || typeof section !== 'object') return undefined;
  const r = section as Record<string, unknown>;
  const loc = r.backupLocation as Record<string, unknown> | undefined;
  const modes = ['synchronous', 'asynchronous', 'none'];
  return {
    backupLocation: loc && typeof loc.site === 'string' && typeof loc.endpoint === 'string' && typeof loc.bucket === 'string' ? (loc as unknown as PublishedRecovery['backupLocation']) : undefined,
    metroStorageReplication: modes.includes(r.metroStorageReplication as string) ? (r.metroStorageReplication as PublishedRecovery['metroStorageReplication']) : 'none',
    assumptions: typeof r.assumptions === 'object' && r.assumptions !== null ? (r.assumptions as PublishedRecovery['assumptions']) : undefined,
    hubBackupsPerCluster: typeof r.hubBackupsPerCluster === 'object' && r.hubBackupsPerCluster !== null ? (r.hubBackupsPerCluster as Record<string, number>) : undefined,
  };
}
