import type { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import {
  type AchievableAvailability,
  type BackupLocationProps,
  type ICluster,
  type IHubRecovery,
  type IIndustryCloud,
  type IRecoveryMechanismSource,
  type MechanismEstimate,
  type ISite,
  type ITenant,
  RecoveryAssumptions,
  type RecoveryAutomation,
  type RecoveryDrill,
  type RecoveryScenario,
  type RunbookLoss,
} from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { CloudKind, SiteRole } from '../core/enums';
import { HubCapabilities, IHubFeature, IHubHost, type IHubStacks } from '../core/extension';
import { constructId } from '../core/names';
import { declaredCidrProblem } from '../private/cidr';
import * as k8s from '../private/k8s';
import { batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';
import { checkAssumptions, resolveAssumptions } from './assumptions';
import { checkDrills, checkRestoreVerification, DRILL_VALIDITY_DAYS, renderDrillPlan, restoreVerification } from './drills';
import { addFailoverStacks } from './failover-stack';
import { recoveryInventory } from './inventory';
import { checkPlans } from './plan-checks';
import { compositeAvailability, type MetroStorageProps, type MetroStorageReplication, planScenario, round6, type TenantBackup, type TenantRecoveryPlan } from './planner';
import { renderRunbook, veleroRestoreManifest } from './runbook';
import { assumptionsFor, computeBackups, type PlanningContext, planTenant } from './tenant-plan';
import { BACKUP_LOCATION_NAME, backupStorageLocationManifest, checkVeleroOptions, installVelero, scheduleManifest, type VeleroOptions } from './velero';

/** Recovery settings of the hub (`ProvinceHubProps.recovery`). */
export interface HubRecoveryProps {
  /** The DR centre's object store; required as soon as an industry cloud declares a recovery objective. @default - none */
  readonly backupLocation?: BackupLocationProps;
  /**
   * Replication of persistent volumes between the two production sites, as the storage team states it. Not counted
   * by the planner on its own: declare `metroStorage` (the replicated storage class and the witness site).
   * @default 'none'
   */
  readonly metroStorageReplication?: MetroStorageReplication;
  /** Metro storage the planner counts: only volumes bound to its storage class, with a quorum/witness site. @default - none */
  readonly metroStorage?: MetroStorageProps;
  /** Overrides of the planner's assumptions. @default - DEFAULT_RECOVERY_ASSUMPTIONS */
  readonly assumptions?: RecoveryAssumptions;
  /**
   * Automation the province really runs for a manual step, with the drill that proved it; it replaces the human
   * response and decision terms of that step. @default - every manual step charged human time
   */
  readonly automation?: { readonly databasePromotion?: RecoveryAutomation };
  /** Drills with their measured timings; the latest measurement of an assumption replaces it for that industry cloud. @default - none */
  readonly drills?: readonly RecoveryDrill[];
  /** Days a drill confirms the figures it measured; older, the synth warns. @default 365 */
  readonly drillValidityDays?: number;
  /** The date (YYYY-MM-DD) drills are judged at. @default - today (only warnings depend on it, never the output) */
  readonly drillsAsOf?: string;
  /**
   * Industry clouds whose objective the hub knows it does not meet yet, with the reason: synth warns instead of
   * failing, and the inventory and review show the objective as not met. @default - every shortfall fails synth
   */
  readonly acceptedShortfalls?: Record<string, string>;
  /**
   * Restore verification: a CronJob per private cluster restores one tenant's latest backup (in turn) into a scratch
   * namespace, checks it and records its timing in the ConfigMap `restore-verification`. `schedule` defaults to weekly,
   * Sunday 02:00 (Asia/Shanghai). @default - none (declare it to have it)
   */
  readonly restoreVerification?: { readonly schedule?: string; readonly enabled?: boolean };
  /** @default - Velero 1.18.1 from the hub registry */
  readonly velero?: VeleroOptions;
}

/** What a city project learns from the hub's published `recovery` contract section. */
export interface PublishedRecovery extends HubRecoveryProps {
  /** Velero backups the hub's own tenants already queue on each cluster (one backup runs at a time). */
  readonly hubBackupsPerCluster?: Record<string, number>;
}

/**
 * Dual-active disaster recovery across two production sites and a remote backup centre (两地三中心).
 *
 * Lays Velero on every cluster (platform stacks) with a BackupStorageLocation at the DR centre (hub stack) and a
 * Schedule per tenant (tenant's stack), checks the two-sites-three-centres topology, and runs the recovery planner:
 * a tenant whose objective the mechanisms cannot meet fails synth with the mechanism to change. Writes a failover
 * runbook per industry cloud to `gov-lz/runbooks/`.
 */
export class DisasterRecovery extends Construct implements IHubRecovery, IHubFeature {
  public readonly backupLocation?: BackupLocationProps;
  public readonly assumptions: Required<RecoveryAssumptions>;
  public readonly automation?: { readonly databasePromotion?: RecoveryAutomation };
  public readonly drills: readonly RecoveryDrill[];
  public readonly drillValidityDays: number;
  public readonly ownsDatabaseAddresses: boolean = true;
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
    super(scope, constructId(scope, id, 'disaster recovery feature'));
    this.props = props;
    this.backupLocation = props.backupLocation;
    this.assumptions = resolveAssumptions(props.assumptions);
    this.automation = props.automation;
    this.drills = Array.isArray(props.drills) ? props.drills : [];
    this.drillValidityDays = props.drillValidityDays ?? DRILL_VALIDITY_DAYS;
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
        for (const [platform, cluster] of platformClusters(own, host)) installVelero(platform, cluster, host, this.backupLocation, this.props.velero ?? {});
        batchFor(own.hubStack, 'BackupLocations').addProducer(() => this.backupLocations(own.hubStack));
        for (const cluster of host.clusters) ClusterConnection.of(own.hubStack, cluster);
      }
      host.onTenantRegistered((t) => batchFor(t).addProducer(() => this.schedulesOf(t)));
      if (own) {
        // The regional scenario's restores, one manifest per tenant (the runbook creates them all at once).
        const ctx = LandingZoneContext.of(this);
        host.onTenantRegistered((t) => {
          const file = `runbooks/manifests/velero-restore-${t.code}.json`;
          // A tenant code used twice is reported by the tenancy checks; its restore is written once.
          if (!ctx.artifactNames.includes(file)) ctx.addArtifact(file, () => JSON.stringify(veleroRestoreManifest(t, this.backups().get(t)?.scheduleName ?? `tenant-${t.code}`), null, 2) + '\n');
        });
      }
    }
    host.addInventorySection('recovery', () => this.inventory());
    if (own) {
      for (const ic of host.industryClouds) this.addRunbook(ic);
      host.onIndustryCloudAdded((ic) => this.addRunbook(ic));
      own.addContractSection('recovery', () => this.publishedRecovery());
      // What a surviving site needs during a failover, in stacks that reference no other cluster.
      if (this.backupLocation) addFailoverStacks(own, host, () => this.sources);
      if (this.backupLocation && this.props.restoreVerification && this.props.restoreVerification.enabled !== false) {
        for (const [platform, cluster] of platformClusters(own, host)) {
          if (CloudKind.PRIVATE.equals(cluster.cloud)) restoreVerification(platform, cluster, host, () => this.backups(), this.props.restoreVerification?.schedule);
        }
      }
    }
    host.provide(HubCapabilities.RECOVERY, this);
  }

  /** Metro replication as the planner counts it ('none' unless `metroStorage` is declared with a witness site). */
  public get metroStorageReplication(): MetroStorageReplication {
    return this.countedMetro?.mode ?? 'none';
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
      ...(this.countedMetro ? { metroStorage: { ...this.countedMetro } } : {}),
      assumptions: { ...this.assumptions },
      ...(this.automation ? { automation: this.automation } : {}),
      ...(this.drills.length ? { drills: this.drills } : {}),
      ...(this.props.acceptedShortfalls ? { acceptedShortfalls: { ...this.props.acceptedShortfalls } } : {}),
      hubBackupsPerCluster: Object.fromEntries(Object.entries(perCluster).sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  /** Registers a source of recovery estimates (a middleware offering). */
  public addMechanismSource(source: IRecoveryMechanismSource): void {
    this.sources.push(source);
    const manifests = this.host?.own ? source.runbookManifests?.() : undefined;
    // JSON (YAML's subset): `kubectl --context … apply -f`/`patch --patch-file` read it as it is.
    for (const file of manifests?.files ?? []) {
      LandingZoneContext.of(this).addArtifact(`runbooks/manifests/${file}`, () => JSON.stringify(manifests!.render(file), null, 2) + '\n');
    }
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
    // The industry cloud's assumptions, with its latest drill's measurements in place of the planner's.
    const a = assumptionsFor(this.planning, tenant.industryCloud.code).values;
    const used = this.sources.flatMap((s) => s.recoveryEstimates(tenant, 'site', a)).filter((m) => offerings.some((o) => m.id.endsWith(`:${o}`)));
    const mechanisms: MechanismEstimate[] = [{ id: 'workloads', description: 'the application runs on both production sites', rto: [] }, ...used];
    const plan = planScenario(mechanisms, a);
    const pair = this.productionPair(tenant.industryCloud);
    if (pair.length === 0) return undefined;
    const sameCity = pair.length > 1 && new Set(pair.map((s) => s.city)).size === 1;
    const avail = compositeAvailability(
      pair.map((s) => s.availability ?? a.siteAvailability),
      plan.rtoSeconds,
      a.siteRepairHours,
      sameCity ? a.commonCauseShare : 0,
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
    return computeBackups(this.planning, (t) => t.industryCloud.recovery?.rpoMinutes);
  }

  /** What the planner reads of this recovery. */
  private get planning(): PlanningContext {
    return {
      hub: this.hub,
      base: this.assumptions,
      drills: this.drills,
      backupLocation: this.backupLocation,
      metro: this.countedMetro,
      automation: this.automation,
      sources: this.sources,
      drSite: this.drSite(),
      hubBackupsPerCluster: this.props.hubBackupsPerCluster,
      productionPair: (ic) => this.productionPair(ic),
    };
  }

  /** Metro storage the planner counts: declared with its storage class and a witness site that is not in a production pair. */
  public get countedMetro(): MetroStorageProps | undefined {
    const m = this.props.metroStorage;
    if (!m || (m.mode !== 'synchronous' && m.mode !== 'asynchronous') || typeof m.storageClass !== 'string' || !m.storageClass) return undefined;
    const w = this.host?.site(m.witnessSite);
    return w && w.role.value !== SiteRole.PUBLIC_CLOUD.value ? m : undefined;
  }

  /** Plans of every tenant whose industry cloud declares a recovery objective, by tenant code. */
  public plans(): TenantRecoveryPlan[] {
    const n = this.hub.tenants.length;
    if (this.planCache?.tenants === n) return this.planCache.value;
    const backups = this.backups();
    const value = [...this.hub.tenants]
      .filter((t) => t.industryCloud.recovery && t.industryCloud.recovery.problems().length === 0)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => planTenant(this.planning, t, backups.get(t)!, backups));
    this.planCache = { tenants: n, value };
    return value;
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
    const ctx = LandingZoneContext.of(this);
    ctx.addArtifact(`runbooks/${this.hub.province}-${ic.node.id}-drill.md`, () =>
      renderDrillPlan(this.hub, ic, ic.recovery ? this.plans().filter((p) => p.tenant.industryCloud === ic) : [], this.drills),
    );
    ctx.addArtifact(`runbooks/${this.hub.province}-${ic.node.id}.md`, () =>
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

  private inventory() {
    return recoveryInventory({
      hub: this.hub,
      metroStorageReplication: this.metroStorageReplication,
      metro: this.countedMetro,
      backupLocation: this.backupLocation,
      assumptions: this.assumptions,
      plans: this.plans(),
      backups: this.backups(),
      drills: this.drills,
      acceptedShortfalls: this.props.acceptedShortfalls ?? {},
    });
  }

  private check(r: ProblemReporter): void {
    const hub = this.hub;
    // A published hub's figures too: a contract edited by hand (or not written by synth) must not crash the planner.
    const wrong = checkAssumptions(this.props.assumptions);
    for (const p of wrong) {
      r.error(`${this.node.path}/assumptions/${p.name}`, {
        code: this.ownsHub ? 'invalid-value' : 'invalid-published-hub',
        value: p.value,
        message: this.ownsHub ? p.message : `the published hub's recovery.assumptions: ${p.message}`,
        fix: this.ownsHub ? 'correct or remove the override in recovery.assumptions' : 'publish the contract again from the hub project (cdktf synth writes it); do not edit it by hand',
      });
    }
    // Plans from wrong assumptions would only add noise to the root cause.
    if (wrong.length > 0) return;
    const declared = this.props.metroStorageReplication ?? 'none';
    if (!['synchronous', 'asynchronous', 'none'].includes(declared)) {
      r.error(this, {
        code: 'invalid-value',
        value: declared,
        message: 'recovery.metroStorageReplication is not a replication mode',
        fix: "use 'synchronous', 'asynchronous' or 'none'",
      });
    }
    if (this.ownsHub) this.checkMetroAndAutomation(r, declared);
    checkDrills(r, `${this.node.path}/drills`, this.drills, hub.industryClouds, this.drillValidityDays, this.props.drillsAsOf);
    if (this.ownsHub) checkRestoreVerification(r, `${this.node.path}/restoreVerification`, this.props.restoreVerification);
    const accepted = this.props.acceptedShortfalls ?? {};
    for (const [code, reason] of Object.entries(this.ownsHub ? accepted : {})) {
      if (!hub.industryClouds.some((ic) => ic.code === code) || typeof reason !== 'string' || reason.trim().length < 10) {
        r.error(`${this.node.path}/acceptedShortfalls/${code}`, {
          code: 'invalid-value',
          value: reason,
          message: `acceptedShortfalls.${code}: ${hub.industryClouds.some((ic) => ic.code === code) ? 'the reason must say why the objective is not met (10 characters or more)' : `"${code}" is not an industry cloud of this hub`}`,
          fix: 'name an industry cloud and give the reason the objective is not met yet, e.g. "manual PostgreSQL promotion until the orchestrator is drilled"',
        });
      }
    }
    // An objective with impossible figures is reported by its industry cloud; planning it would only add noise.
    const withObjective = hub.industryClouds.filter((ic) => ic.recovery && ic.recovery.problems().length === 0);
    if (!this.ownsHub) {
      // The hub's repository checks its topology and backup location; a city project checks its own tenants' plans.
      if (withObjective.length > 0) checkPlans(r, this.plans(), accepted);
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
    checkPlans(r, this.plans(), accepted);
  }

  private checkMetroAndAutomation(r: ProblemReporter, declared: string): void {
    const m = this.props.metroStorage;
    const at = `${this.node.path}/metroStorage`;
    if (m) {
      const w = this.hub.site(m.witnessSite);
      const inPair = this.hub.industryClouds.some((ic) => this.productionPair(ic).some((s) => s.name === m.witnessSite));
      if (m.mode !== 'synchronous' && m.mode !== 'asynchronous') {
        r.error(at, { code: 'invalid-value', value: m.mode, message: 'metroStorage.mode is not a replication mode', fix: "use 'synchronous' or 'asynchronous'" });
      }
      if (typeof m.storageClass !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m.storageClass)) {
        r.error(at, {
          code: 'invalid-value',
          value: m.storageClass,
          message: 'metroStorage.storageClass is not a storage class name',
          fix: 'name the storage class the replicated arrays provide, e.g. "metro-replicated"',
        });
      }
      if (!w || w.role.value === SiteRole.PUBLIC_CLOUD.value || inPair) {
        r.error(at, {
          code: 'invalid-value',
          value: m.witnessSite,
          message: `metroStorage.witnessSite "${m.witnessSite}" ${!w ? 'is not a site of the hub' : inPair ? 'is one of the replicated production sites: a witness must be a third site' : 'is a public cloud site'}; without a quorum site a cut link leaves both sides writing or both stopped`,
          fix: `name the third site that runs the storage quorum (arbitration) service, e.g. ${
            this.hub.sites
              .filter((s) => s.role.value === SiteRole.DISASTER_RECOVERY.value)
              .map((s) => `"${s.name}"`)
              .join(' or ') || 'a DISASTER_RECOVERY site'
          }`,
        });
      }
    } else if (declared !== 'none') {
      r.warn(
        this,
        `recovery.metroStorageReplication '${declared}' is not counted by the planner: nothing ties the tenants' volumes to a replicated storage class or names a witness site; volumes are planned as restored from Velero. Declare recovery.metroStorage { mode, storageClass, witnessSite } to count it`,
      );
    }
    const auto = this.automation?.databasePromotion;
    if (auto && (typeof auto.tool !== 'string' || !auto.tool.trim() || typeof auto.drilled !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(auto.drilled))) {
      r.error(`${this.node.path}/automation/databasePromotion`, {
        code: 'invalid-value',
        value: auto,
        message: 'declared automation needs the tool that does the step and the date (YYYY-MM-DD) of the drill that ran it',
        fix: "e.g. { tool: 'zj-dr-orchestrator 2.3', drilled: '2026-10-12' }, or remove it: the planner then charges human response and decision time",
      });
    }
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
    checkVeleroOptions(r, `${this.node.path}/velero`, this.props.velero);
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
    for (const c of Array.isArray(loc.endpointCidrs) ? loc.endpointCidrs : loc.endpointCidrs === undefined ? [] : [loc.endpointCidrs]) {
      const p = declaredCidrProblem(c);
      if (p) r.error(at, { code: 'invalid-cidr', value: c, message: `backupLocation.endpointCidrs: ${p.message}`, fix: p.fix });
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
    metroStorage: typeof r.metroStorage === 'object' && r.metroStorage !== null ? (r.metroStorage as MetroStorageProps) : undefined,
    automation: typeof r.automation === 'object' && r.automation !== null ? (r.automation as PublishedRecovery['automation']) : undefined,
    drills: Array.isArray(r.drills) ? (r.drills as RecoveryDrill[]) : undefined,
    acceptedShortfalls: typeof r.acceptedShortfalls === 'object' && r.acceptedShortfalls !== null ? (r.acceptedShortfalls as Record<string, string>) : undefined,
  };
}

/** Each platform stack with its cluster (the hub models one cluster per name: a second is reported and left out). */
function platformClusters(own: IHubStacks, host: IHubHost): Array<[TerraformStack, ICluster]> {
  const out: Array<[TerraformStack, ICluster]> = [];
  for (const cluster of host.clusters) {
    const platform = own.platformStacks.get(cluster.name);
    if (platform) out.push([platform, cluster]);
  }
  return out;
}
