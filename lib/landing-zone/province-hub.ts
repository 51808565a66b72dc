/**
 * The composition root: a province hub with its features wired in. The hub model (lib/hub) knows no feature; the
 * features (lib/middleware, lib/recovery, lib/compliance, …) know the hub only through core's contracts. This is the
 * one place that imports both and binds them together (`addFeature(feature)` calls `feature.bind(hub)`).
 */
import { Construct } from 'constructs';
import { ApplicationPlatform, type ApplicationPlatformOptions } from '../application/platform';
import { DepartmentBlueprints } from '../blueprint/blueprints';
import type { DepartmentBlueprint } from '../blueprint/department-blueprint';
import type { AdminGroups } from '../compliance/admin-roles';
import type { AuditSettings } from '../compliance/audit-policy';
import { applyPublishedHubCompliance, HubCompliance, HubComplianceOptions } from '../compliance/hub-compliance';
import { type MlpsLevel3Checks, MlpsLevel3ChecksOptions } from '../compliance/mlps-level3-checks';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ClusterConnectionProps, IProvinceHub, RegistryVulnerabilityScanning } from '../core/contracts';
import { reportNulls, stripNonData, stripNulls } from '../core/props';
import type { EdgeZone, EdgeZoneProps } from '../edge/edge-zone';
import { EdgeZones } from '../edge/edge-zones';
import { ProvinceHubBase, ProvinceHubBaseProps } from '../hub/province-hub';
import { PublishedHub, PublishedProvinceHub } from '../hub/published-hub';
import { SharedMiddleware } from '../middleware/shared-middleware';
import { Observability } from '../observability/observability';
import type { ObservabilityProps } from '../observability/types';
import { DisasterRecovery, HubRecoveryProps, publishedRecoveryOf } from '../recovery/disaster-recovery';
import { writeSynthReview } from '../review/synth-review';
import { ManagedObjectsProtection } from '../tenancy/managed-objects-policy';

/** Properties of a {@link ProvinceHub}; `adminGroups`, `audit` and `compliance` come from {@link HubComplianceOptions}. */
export interface ProvinceHubProps extends ProvinceHubBaseProps, HubComplianceOptions {
  /**
   * Disaster recovery: the backup location at the DR centre, metro storage replication, planner assumptions.
   * Required (its backupLocation) as soon as an industry cloud declares a recovery objective.
   * @default - no backups; objectives are checked and fail without a backup location
   */
  readonly recovery?: HubRecoveryProps;
  /**
   * Groups whose members may create, change and delete what the landing zone manages in tenant namespaces (the
   * identity Terraform applies the landing zone with must be in one): an admission policy on every cluster denies
   * everyone else, so a department cannot delete its own default-deny policy. Kubernetes' own controllers,
   * `system:masters` and the service accounts of kube-system and gov-lz-system are always allowed.
   * @default - the system and security administrator groups and the break-glass groups (adminGroups)
   */
  readonly platformGroups?: string[];
  /**
   * Monitoring and alerting: kube-prometheus-stack on every private cluster, department alerts routed to the
   * receivers of each tenant's `alerting`, inhibitions derived from the middleware grants, showback.
   * @default - no monitoring stack; a tenant's `alerting` is refused
   */
  readonly observability?: ObservabilityProps;
  /**
   * What the hub offers applications (GovApplication): KEDA for peak calendars, the Gateway API CRDs and the name of
   * the hub Gateway routes attach to.
   * @default - no KEDA (peaks run as CronJobs) and no Gateway API CRDs installed by the landing zone (routes rely on
   * the hub's own gateway install)
   */
  readonly applications?: ApplicationPlatformOptions;
}

/** Options of {@link ProvinceHub.fromPublished}. */
export interface FromPublishedOptions {
  /**
   * How this project reaches each published cluster, by cluster code (a city team's own kubeconfig).
   * @default - the connection the hub published (same kubeconfig path and context names)
   */
  readonly connections?: Record<string, ClusterConnectionProps>;
  /**
   * Configuration of the MLPS level 3 pack applied to the stack the hub is read into, as a hub of one's own
   * applies it to itself: the city's tenants and what the city writes by hand are checked at synth.
   * @default - every rule at its own severity
   */
  readonly compliance?: MlpsLevel3ChecksOptions;
}

/**
 * The province hub (省级政务云中枢): sites, clusters, the hub's own services and the industry clouds, with the shared
 * middleware shelf, disaster recovery and the MLPS level 3 checks attached.
 *
 * Lays out the stacks of DESIGN §4: `<province>-platform-<cluster>` (operators and CRDs), `<province>-hub`
 * (hub services, depends on every platform stack) and `<province>-<industry>` per industry cloud
 * (tenants, depends on the hub stack). Everything is checked at synth before anything is written.
 */
export class ProvinceHub extends ProvinceHubBase {
  /**
   * A hub that another project deploys, read from its published contract: its industry clouds take the
   * city project's tenants (in `scope`'s stack), with the same checks as a hub of one's own.
   */
  public static fromPublished(scope: Construct, id: string, published: PublishedHub, fromOptions: FromPublishedOptions = {}): IProvinceHub {
    // A JavaScript caller may pass null for no options; a null inside is reported at the gate, as if left out.
    // The connections reach the providers' configuration as they are: no function or class instance either.
    const { value, nulls } = stripNulls(fromOptions ?? {});
    const connections = stripNonData((value as FromPublishedOptions | undefined)?.connections);
    const options: FromPublishedOptions = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
    const hub = new PublishedProvinceHub(scope, id, { published, connections: connections.value });
    reportNulls(hub, [...nulls, ...connections.nulls.filter((n) => n.value !== 'null').map((n) => ({ ...n, path: n.path ? `connections.${n.path}` : 'connections' }))], 'fromPublished options');
    const recovery = publishedRecoveryOf(hub.published.section('recovery'));
    if (recovery) hub.addFeature(DisasterRecovery.forPublishedHub(hub, 'Recovery', recovery));
    hub.addFeature(ApplicationPlatform.fromPublished(hub.published.section('applications')));
    // The blueprints the province offers, and the grants it made: city tenants are built from them.
    hub.addFeature(DepartmentBlueprints.forPublishedHub({ contract: hub.published.contract, source: hub.published.source }));
    // A published contract carries no edge zones: the feature reports city tenants that ask for one.
    hub.addFeature(new EdgeZones());
    // The hub's monitoring, when it publishes one: city tenants get their rules, routing and dashboard; else alerting is refused.
    hub.addFeature(Observability.forPublishedHub(hub, 'Observability', hub.published.section('observability')));
    applyPublishedHubCompliance(hub, options.compliance);
    LandingZoneContext.of(hub).addAfterSynth('review.md', writeSynthReview);
    return hub;
  }

  /** The shared middleware shelf: `hub.middleware.add(new PostgresOffering(…))`, `hub.middleware.get('postgres').grantConnect(tenant)`. */
  public readonly middleware: SharedMiddleware;
  /** Monitoring, alerting, fault demarcation and showback (`observability` prop). */
  public readonly observability: Observability;
  /** What the hub offers applications (KEDA, the hub gateway, the published standard). */
  public readonly applications: ApplicationPlatform;
  /** The department blueprints the hub offers (published in its contract, section `blueprints`). */
  public readonly blueprints: DepartmentBlueprints;
  private readonly compliance: HubCompliance;
  private readonly disasterRecovery: DisasterRecovery;
  private readonly edge: EdgeZones;

  constructor(scope: Construct, id: string, hubProps: ProvinceHubProps) {
    // A JavaScript caller may pass null anywhere (or no props at all): each null is reported at the gate, as if left out.
    const { value, nulls } = stripNulls(hubProps);
    const props: ProvinceHubProps = value !== null && typeof value === 'object' ? value : ({} as ProvinceHubProps);
    super(scope, id, props);
    reportNulls(this, nulls, 'hub props');
    this.disasterRecovery = this.addFeature(new DisasterRecovery(this, 'Recovery', props.recovery));
    this.middleware = this.addFeature(new SharedMiddleware(this, 'Middleware'));
    this.observability = this.addFeature(new Observability(this, 'Observability', props.observability));
    this.blueprints = this.addFeature(new DepartmentBlueprints());
    this.compliance = this.addFeature(new HubCompliance(props));
    this.applications = this.addFeature(new ApplicationPlatform(props.applications ?? { installGatewayApi: false }));
    this.edge = this.addFeature(new EdgeZones());
    const platformGroups: unknown = props.platformGroups;
    new ManagedObjectsProtection(this.hubStack, 'ManagedObjectsProtection', {
      clusters: this.clusters,
      platform: () => ({
        groups: Array.isArray(platformGroups)
          ? platformGroups.filter((g): g is string => typeof g === 'string' && g !== '' && !g.startsWith('system:'))
          : [...this.adminGroups.system, ...this.adminGroups.security, ...this.adminGroups.breakGlass],
      }),
    });
    LandingZoneContext.of(this).addCheck((r) => this.checkPlatformGroups(r, platformGroups));
    // review.md beside the stacks: the review of the finished output, as `gov-lz review` prints it.
    LandingZoneContext.of(this).addAfterSynth('review.md', writeSynthReview);
  }

  /**
   * Offers a department blueprint: tenants name it (`addTenant(code, { blueprint: 'education-bureau@2', … })`), here
   * and in city projects, which read it from the contract. Returns the blueprint.
   */
  public addBlueprint(blueprint: DepartmentBlueprint): DepartmentBlueprint {
    return this.blueprints.add(blueprint);
  }

  /** Backups, the two-sites-three-centres checks and the recovery planner. */
  public get recovery(): DisasterRecovery {
    return this.disasterRecovery;
  }

  /**
   * Declares a county edge zone (区县边缘节点): an OpenYurt NodePool on a cluster of one of the hub's sites, which
   * departments join with `TenantOptions.edge`. See docs/edge.md.
   */
  public addEdgeZone(name: string, props: EdgeZoneProps): EdgeZone {
    return this.edge.add(name, props);
  }

  /** The county edge zones declared on the hub. */
  public get edgeZones(): readonly EdgeZone[] {
    return this.edge.all;
  }

  /** Groups of the system, security and audit administrators (三权分立), bound on every cluster. */
  public get adminGroups(): AdminGroups {
    return this.compliance.adminGroups;
  }

  /** The API-server audit declaration (policy written to `gov-lz/audit-policy.yaml`, retention). */
  public get audit(): AuditSettings {
    return this.compliance.audit;
  }

  /** How the hub registry scans images and holds back vulnerable ones (`registryScanning` prop). */
  public get registryScanning(): RegistryVulnerabilityScanning | undefined {
    return this.compliance.registryScanning;
  }

  /** The MLPS level 3 pack applied to the hub (configure it with the `compliance` prop). */
  public get complianceChecks(): MlpsLevel3Checks {
    return this.compliance.checks;
  }

  /** platformGroups: a list of the identity provider's groups, never a Kubernetes system group. */
  private checkPlatformGroups(r: ProblemReporter, platformGroups: unknown): void {
    if (platformGroups !== undefined) {
      if (!Array.isArray(platformGroups)) {
        r.error(this, { code: 'invalid-group', value: platformGroups, message: 'platformGroups must be a list of group names', fix: "e.g. platformGroups: ['zj-terraform']" });
      } else {
        for (const g of platformGroups) {
          if (typeof g !== 'string' || g === '')
            r.error(this, { code: 'invalid-group', value: g, message: 'platformGroups holds an empty group name', fix: "give the group Terraform applies the landing zone as, e.g. 'zj-terraform'" });
          else if (g.startsWith('system:')) {
            r.error(this, {
              code: 'invalid-group',
              value: g,
              message: `platformGroups names the Kubernetes group "${g}": every identity in it (departments' too) could change what the landing zone manages in tenant namespaces`,
              fix: "name the identity provider's group of the platform team (system:masters is always allowed)",
            });
          }
        }
      }
    }
  }

  protected hubStackLoad(): string | undefined {
    const grants = this.middleware.grants.length;
    return grants > 0
      ? `${grants} middleware grants keep their middleware side here (the hub and platform stacks are not sharded): plan it with -target per offering when it is slow, or spread offerings over hubs`
      : undefined;
  }
}
