/**
 * The contracts of the landing zone: how a hub, an industry cloud, a tenant, a cluster and a site look to the rest
 * of the library. Declared here, low, so that every layer and feature depends on these shapes and none on the classes
 * that implement them (DESIGN §3).
 */
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { ClusterConnectionProps, ClusterControlPlane, NodePool, RegistryVulnerabilityScanning } from './cluster-contracts';
import type { CloudKind, CpuArch, DataClass, SiteRole } from './enums';
import type { ResourceAmounts } from './quantities';
import type { RecoveryObjective } from './recovery-objective';

export type { ApiServerAuditBackend, ApiServerAuthentication, ApiServerEndpoint, ClusterConnectionProps, ClusterControlPlane, EncryptionProviderKind } from './cluster-contracts';
export type { ExecCredential, NodePool, RegistryVulnerabilityScanning, ServiceAccountTokenIssuance, VulnerabilitySeverity } from './cluster-contracts';

/** A cluster as the rest of the landing zone sees it. */
export interface ICluster {
  readonly name: string;
  readonly site: string;
  readonly cloud: CloudKind;
  readonly arch: CpuArch;
  readonly capacity: ResourceAmounts;
  readonly connection: ClusterConnectionProps;
  readonly nodePools: readonly NodePool[];
  readonly displayName: string;
  /** Pod address blocks, as declared. @default - none declared */
  readonly podCidrs?: readonly string[];
  /** Service address blocks, as declared. @default - none declared */
  readonly serviceCidrs?: readonly string[];
  /** What the control plane is configured with, as declared. @default - not declared */
  readonly controlPlane?: ClusterControlPlane;
  /** The CNI plugin, as declared. @default - not declared */
  readonly networkPlugin?: string;
}

/** A site as the rest of the landing zone sees it. */
export interface ISite {
  readonly name: string;
  readonly city: string;
  readonly role: SiteRole;
  readonly region?: string;
  readonly displayName: string;
  readonly availability?: number;
}

/** What a department may reserve on each cluster of its industry cloud. */
export interface TenantQuota {
  /** CPU cores (requests and limits). */
  readonly cpu: number;
  /** Memory in GiB (requests and limits). */
  readonly memoryGi: number;
  /** Persistent volume storage in GiB. @default - not limited */
  readonly storageGi?: number;
  /** Number of pods. @default - not limited */
  readonly pods?: number;
}

/** Defaults the LimitRange gives containers that declare no resources. */
export interface ContainerDefaults {
  /** Default CPU limit, cores. @default 1 */
  readonly cpu?: number;
  /** Default memory limit, MiB. @default 1024 */
  readonly memoryMi?: number;
  /** Default CPU request, cores. @default 0.1 */
  readonly requestCpu?: number;
  /** Default memory request, MiB. @default 128 */
  readonly requestMemoryMi?: number;
}

/** A TCP or UDP port. */
export interface PortSpec {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** The other side of a network rule: pods in a namespace (by name), or an address block. */
export interface NetworkPeer {
  /** Namespace name; with `podLabels` unset, all pods in it. @default - the tenant's own namespace */
  readonly namespace?: string;
  /** Labels of the pods. @default - all pods */
  readonly podLabels?: Record<string, string>;
  /** An IP block in CIDR notation, instead of namespace and pods. @default - none */
  readonly cidr?: string;
}

/** A network rule added to a tenant's namespaces. */
export interface NetworkRule {
  /** Rule name, part of the NetworkPolicy name and its Terraform address. */
  readonly name: string;
  readonly direction: 'ingress' | 'egress';
  readonly peers: readonly NetworkPeer[];
  readonly ports: readonly PortSpec[];
  /**
   * Clusters it applies to; name the burst cluster here to put a rule on the burst placement (only
   * dedicated-line peers are allowed there).
   * @default - every cluster of the tenant's industry cloud (not its burst placement)
   */
  readonly clusters?: readonly string[];
}

/**
 * Tenant options that features add (`health.addTenant('wjw', { …, alerting: … })`). Empty in core: a feature
 * declares its option by module augmentation of this interface (see CONTRIBUTING.md, "Adding a feature") and reads
 * it from `tenant.featureOptions` when the tenant registers with the hub.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface TenantFeatureOptions {}

/** Options of {@link IIndustryCloud.addTenant}; placement options (dataClass, burst, requireDomesticHardware) are in TenantPlacementOptions. */
export interface TenantOptions extends TenantPlacementOptions, TenantFeatureOptions {
  /** Department name, e.g. `省卫生健康委员会`; an annotation, so renaming never replaces anything. */
  readonly displayName: string;
  /**
   * Quota on each cluster of the industry cloud.
   * @default - the quota of the department blueprint the tenant names (`blueprint`); required without one
   */
  readonly quota?: TenantQuota;
  /** Groups bound to the built-in `admin` ClusterRole in the tenant's namespaces. @default - none */
  readonly admins?: string[];
  /** Groups bound to the built-in `view` ClusterRole. @default - none */
  readonly viewers?: string[];
  /** LimitRange defaults. @default - see ContainerDefaults */
  readonly containerDefaults?: ContainerDefaults;
  /** Ports on which the hub gateway may reach the tenant's pods. @default [8080, 8443] */
  readonly gatewayPorts?: number[];
  /** Create the `deployer` ServiceAccount bound to the built-in `edit` ClusterRole. @default true */
  readonly deployer?: boolean;
  /**
   * Where the tenant was before, when it moves to another industry cloud or stack: its objects are adopted
   * by the new stack (`import`) and forgotten by the old one (`removed`, destroy = false). Remove it once
   * both stacks have been applied.
   * @default - the tenant has not moved
   */
  readonly movedFrom?: TenantMovedFrom;
}

/** Where a tenant runs: one namespace on one cluster. */
export interface TenantPlacement {
  readonly cluster: ICluster;
  readonly namespace: string;
  readonly quota: TenantQuota;
  /**
   * `home`: a cluster of the industry cloud; `burst`: the public cluster it overflows to at peaks; `edge`: a county
   * edge zone (a node pool of a hub cluster), in a namespace of its own. @default 'home'
   */
  readonly kind?: 'home' | 'burst' | 'edge';
  /** The edge zone of an `edge` placement. @default - none (not an edge placement) */
  readonly edgeZone?: string;
  /** Labels the placement adds to its namespace (the edge zone's). @default - none */
  readonly namespaceLabels?: Record<string, string>;
  /** Annotations the placement adds to its namespace (default node selector and tolerations of an edge zone). @default - none */
  readonly namespaceAnnotations?: Record<string, string>;
}

/** A tenant as the rest of the landing zone sees it. */
export interface ITenant extends IConstruct {
  /** Department code, unique in the province; the namespace name and the key of every address. */
  readonly code: string;
  readonly displayName: string;
  readonly industryCloud: IIndustryCloud;
  readonly quota: TenantQuota;
  readonly admins: readonly string[];
  readonly viewers: readonly string[];
  /** Namespace name on every cluster. */
  readonly namespace: string;
  /** The class its data is handled as: its own `dataClass` or its industry cloud's, whichever is stricter. */
  readonly dataClass: DataClass;
  /** One entry per cluster the tenant has a namespace on, its burst placement last. */
  readonly placements: readonly TenantPlacement[];
  /** Network rules beyond the defaults (grants add them). */
  readonly networkRules: readonly NetworkRule[];
  /** Terraform addresses of everything the tenant owns, by cluster. */
  addresses(): Array<{ cluster: string; address: string }>;
  /** Adds a network rule to every namespace of the tenant. */
  addNetworkRule(rule: NetworkRule): void;
  /**
   * Adds a placement beyond the industry cloud's clusters (an edge zone's namespace), before synthesis; it gets the
   * namespace, quota, LimitRange, default network policies and role bindings of a home placement.
   * @default - the tenant takes no extra placement
   */
  addPlacement?(placement: TenantPlacement): void;
  /** The options it was added with that belong to features (see TenantFeatureOptions). @default - none */
  readonly featureOptions?: TenantFeatureOptions;
  /** Extra fields of the tenant's inventory entry, by key (grants, burst, recovery plan…). */
  readonly inventoryFields: ReadonlyMap<string, () => unknown>;
  /** Adds a field to the tenant's inventory entry; other layers describe what they added to the tenant. */
  addInventoryField(key: string, render: () => unknown): void;
}

/**
 * An application a department blueprint deploys into every tenant built from it. Declared in core so that a blueprint
 * carries applications without importing the feature that builds them (GovApplication implements it).
 */
export interface ITenantApplicationTemplate {
  /** Unique in the blueprint; the application's construct id in the tenant. */
  readonly name: string;
  /** Builds the application in the tenant. */
  addTo(tenant: ITenant): void;
}

/** A tenant's options once the hub's resolvers completed them, and what to call once the tenant is built. */
export interface ResolvedTenantOptions {
  readonly options: TenantOptions;
  /** Called at the end of the tenant's constructor (grants need a finished tenant). */
  readonly built: (tenant: ITenant) => void;
}

/**
 * Completes the options of a tenant before it is built: a feature (department blueprints) fills in what a template
 * the options name provides. Returns undefined when the options are not its business.
 */
export interface ITenantOptionsResolver {
  resolve(industryCloud: IIndustryCloud, code: string, options: TenantOptions): ResolvedTenantOptions | undefined;
}

/** The placement options of a tenant (part of TenantOptions). */
export interface TenantPlacementOptions {
  /**
   * Class of the department's data; may be stricter than its industry cloud's, never looser.
   * @default - the industry cloud's data class
   */
  readonly dataClass?: DataClass;
  /**
   * Lets the department overflow to a public cluster at peaks (GENERAL data only; the hub must declare
   * `dedicatedLineCidrs`).
   * @default - no burst: the department runs on its industry cloud's clusters only
   */
  readonly burst?: BurstOptions;
  /**
   * Keep the department's pods on domestic (信创) ARM64 hardware. May add the requirement to an industry cloud
   * that does not have it; cannot lift it from one that does.
   * @default - as its industry cloud (`requireDomesticHardware` there, else false)
   */
  readonly requireDomesticHardware?: boolean;
}

/** The `burst` option of a tenant: where it may overflow to, and how far. */
export interface BurstOptions {
  /** Code of the PUBLIC cluster the department overflows to at peaks, e.g. `ali-burst`. */
  readonly cluster: string;
  /** CPU cores it may use there at most: the CPU quota of its namespace on that cluster. */
  readonly maxCpu: number;
  /**
   * Memory in GiB it may use there at most.
   * @default - maxCpu × the memory per core of the tenant's own quota, rounded up to a whole GiB
   */
  readonly maxMemoryGi?: number;
  /** Pods it may run there at most. @default - not limited beyond CPU and memory */
  readonly maxPods?: number;
  /**
   * Persistent storage in GiB. Burst workloads are stateless: nothing the department keeps should live on a
   * public cloud.
   * @default 0 - no volume claim is admitted on the public cluster
   */
  readonly maxStorageGi?: number;
}

/** Where a tenant was before it moved; see the README, "Moving a tenant". */
export interface TenantMovedFrom {
  /**
   * The industry cloud the tenant belonged to: the object, or its code in the same hub.
   * @default - the industry cloud it belongs to now
   */
  readonly industryCloud?: IIndustryCloud | string;
  /**
   * The stack that held it: the stack, or its name in the same app.
   * @default - for a tenant its industry cloud placed (addTenant), the stack the old industry cloud puts the
   * code in (its shard); for a tenant built in a stack of one's own, that stack
   */
  readonly stack?: TerraformStack | string;
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
  /** The stack {@link addTenant} puts the tenant `code` in. @default - the industry cloud does not place tenants itself */
  stackFor?(tenantCode: string): TerraformStack | undefined;
  /** Adds a department to the industry cloud. */
  addTenant(code: string, options: TenantOptions): ITenant;
}

/** Which pods answer DNS, so that tenants' default-deny egress can still resolve names. */
export interface DnsSettings {
  /** @default 'kube-system' */
  readonly namespace?: string;
  /** @default { 'k8s-app': 'kube-dns' } */
  readonly podLabels?: Record<string, string>;
}

/** Network settings every tenant policy refers to. */
export interface HubNetwork {
  /** Namespace of the hub ingress gateway. */
  readonly gatewayNamespace: string;
  readonly dns: Required<DnsSettings>;
}

/** Something that reserves capacity on a cluster: a tenant's namespace, a middleware instance. */
export interface CapacityClaim {
  readonly cluster: string;
  /** Construct path of the claimant, for messages. */
  readonly owner: string;
  readonly amounts: Partial<ResourceAmounts>;
}

/** A province hub as tenants and city projects see it (a real hub or one read from its published contract). */
export interface IProvinceHub extends IConstruct {
  readonly province: string;
  readonly displayName: string;
  readonly registry: string;
  /** How the registry scans images and holds back vulnerable ones (MLPS3-46). @default - not declared */
  readonly registryScanning?: RegistryVulnerabilityScanning;
  /** Where the hub's charts come from (see ProvinceHubProps.charts). @default - `oci://<registry>/charts` */
  readonly chartRepository?: string;
  readonly mlpsLevel: number;
  readonly sites: readonly ISite[];
  readonly clusters: readonly ICluster[];
  readonly network: HubNetwork;
  readonly overcommitRatio: number;
  /** Private API gateway blocks reachable from public clusters over the dedicated line. @default - none */
  readonly dedicatedLineCidrs?: readonly string[];
  /** Ports open towards dedicatedLineCidrs. @default [443] */
  readonly dedicatedLinePorts?: readonly number[];
  cluster(name: string): ICluster | undefined;
  site(name: string): ISite | undefined;
  /** An industry cloud by code; throws a LandingZoneError naming the known ones when there is none. */
  industryCloud(code: string): IIndustryCloud;
  /** Called by every Tenant built on this hub (duplicate codes, capacity, inventory). */
  registerTenant(tenant: ITenant): void;
  /** Reserves capacity on a cluster (middleware instances do). */
  addCapacityClaim(claim: CapacityClaim): void;
  /** Extra sections of the province's inventory entry, by key. */
  readonly inventorySections: ReadonlyMap<string, () => unknown>;
  /** Backups and the recovery planner, on a hub that runs them (not on a published hub). */
  readonly recovery?: IHubRecovery;
  /**
   * Completes a tenant's options before the tenant is built (a department blueprint the options name), by the
   * resolvers features added (IHubHost.addTenantOptionsResolver). @default - the options are used as given
   */
  resolveTenantOptions?(industryCloud: IIndustryCloud, code: string, options: TenantOptions): ResolvedTenantOptions;
  /** Adds a section to the province's inventory entry (offerings, recovery plan, compliance summary…). */
  addInventorySection(key: string, render: () => unknown): void;
  /**
   * Every stack the hub laid out (platform, hub, industry clouds and their shards). Stacks are children of the app,
   * not of the hub, so what belongs to a hub is its construct path plus these stacks. @default - none (a published hub)
   */
  readonly stacks?: readonly TerraformStack[];
}

// The recovery plug-in interfaces: what the recovery planner asks of whatever keeps a tenant's data (a middleware
// offering, an ISV's own), and what those sources see of the hub's recovery. Middleware and recovery, sibling
// features, meet here instead of importing each other.

/**
 * What the recovery planner assumes about the environment. Every figure is named, has a default that a
 * provincial government cloud can defend in an audit, and can be overridden on the hub
 * (`recovery.assumptions`). The planner's output lists the assumptions it used.
 */
export interface RecoveryAssumptions {
  /** Time to declare a site down: health-probe interval × failure threshold (e.g. 20 s × 3). @default 60 */
  readonly failureDetectionSeconds?: number;
  /** Time for the global traffic manager (GSLB) to take a failed site out of rotation. @default 30 */
  readonly trafficSwitchSeconds?: number;
  /** TTL of the DNS records clients resolve; cached answers keep pointing at the failed site this long. @default 60 */
  readonly dnsTtlSeconds?: number;
  /** Time to promote a standby database (CNPG replica cluster) to primary and reconnect clients. @default 120 */
  readonly databasePromotionSeconds?: number;
  /** Time to upload one archived WAL segment to the DR centre's object store. @default 30 */
  readonly walUploadSeconds?: number;
  /** Lag bound of asynchronous metro storage replication between the two production sites. @default 30 */
  readonly storageReplicationLagSeconds?: number;
  /** Expected duration of one tenant's Velero backup (incremental file-system backup). @default 300 */
  readonly backupDurationSeconds?: number;
  /** Throughput of a restore from the DR centre's object store, MiB/s. @default 200 */
  readonly restoreThroughputMiBps?: number;
  /** Share of a tenant's storage quota that holds data, for restore-time estimates. @default 0.5 */
  readonly storageFillRatio?: number;
  /** Availability of a site that declares none (99.9 %: a tier-III data centre). @default 0.999 */
  readonly siteAvailability?: number;
  /** Mean time to repair a failed site, hours; with the availability it gives how often failovers happen. @default 4 */
  readonly siteRepairHours?: number;
  /** Time to redeploy a tenant's workloads onto a surviving cluster when they are not already running there. @default 300 */
  readonly redeploySeconds?: number;
  /**
   * Human response to a page for a manual step: the on-call engineer acknowledges, reaches a console and diagnoses
   * (range low end: a third of it). Lowered only by `recovery.automation` for the steps really automated. @default 600
   */
  readonly humanResponseSeconds?: number;
  /** The decision by the named authority to fail over and accept the data loss window (low end: a third). @default 300 */
  readonly decisionSeconds?: number;
  /** Fencing the former primary and checking replay lag before a promotion (runbook steps). @default 120 */
  readonly fencingAndChecksSeconds?: number;
  /**
   * How long the slowest clients (a high percentile, e.g. p99) keep a cached DNS answer: many resolvers and
   * client libraries hold answers beyond the TTL. The TTL is the low end of the range. @default 300
   */
  readonly dnsHighPercentileSeconds?: number;
  /** Applying the survivor's failover stack that switches the hub-owned database address, plus connection pools reconnecting. @default 60 */
  readonly addressSwitchSeconds?: number;
  /** Throughput of a Velero file-system backup (kopia) to the DR centre, MiB/s. @default 100 */
  readonly backupThroughputMiBps?: number;
  /** Share of a tenant's data that changed since its last backup (kopia uploads only changed content). @default 0.1 */
  readonly backupChangeRatio?: number;
  /** Fixed cost of one Velero backup or restore (listing resources, snapshots of metadata, kopia maintenance). @default 60 */
  readonly veleroOverheadSeconds?: number;
  /** Backups (and restores) one Velero server runs at once (its `--concurrent-backups`; 1 is Velero's default). @default 1 */
  readonly veleroConcurrency?: number;
  /**
   * Share of a site's unavailability that also takes its twin down when both sites are in one city (power grid,
   * flooding, fibre routes, a common software change). 0 treats them as independent. @default 0.1
   */
  readonly commonCauseShare?: number;
  /** Throughput of re-cloning a database across the sites (pg_basebackup) for a failback, MiB/s. @default 200 */
  readonly recloneThroughputMiBps?: number;
  /** Write pause of a planned switchover (demote, wait for the replica to catch up, promote with the token). @default 60 */
  readonly switchoverSeconds?: number;
}

/** Automation a province really runs, that removes the human response from a step (with the drill that proved it). */
export interface RecoveryAutomation {
  /** What does it, e.g. `zj-dr-orchestrator 2.3`. */
  readonly tool: string;
  /** Date (YYYY-MM-DD) of the drill that last ran the step with this automation. */
  readonly drilled: string;
  /** Seconds the automation takes to decide and act (replaces human response and decision). @default 60 */
  readonly seconds?: number;
}

/** A drill's measured timings, recorded on the hub; they replace the planner's assumptions for that industry cloud. */
export interface RecoveryDrill {
  /** Industry cloud code the drill ran on. */
  readonly industryCloud: string;
  /** Date (YYYY-MM-DD). */
  readonly date: string;
  /** What was drilled. */
  readonly scenario: 'site' | 'regional' | 'switchover' | 'restore-verification';
  /** Measured figures by assumption name (e.g. `humanResponseSeconds: 420`). */
  readonly measured: RecoveryAssumptions;
  /** Where the evidence is filed (ticket, report). */
  readonly evidence?: string;
}

/** One named contribution to an RPO or RTO, and where its figure comes from. */
export interface Term {
  readonly name: string;
  readonly seconds: number;
  /** The optimistic end of the term's range (e.g. the DNS TTL where `seconds` is a high percentile). @default - `seconds` */
  readonly lowSeconds?: number;
  /** Whether a person performs it (paging, decision, a runbook command). */
  readonly manual?: boolean;
  /** The setting to change to move this figure, e.g. `assumptions.dnsTtlSeconds` or `PostgresOffering archiveTimeoutSeconds`. */
  readonly setting: string;
}

/** What one mechanism contributes to a tenant's recovery in one scenario. */
export interface MechanismEstimate {
  /** Stable id, e.g. `traffic`, `volumes`, `postgres:postgres`. */
  readonly id: string;
  /** One line a reviewer understands. */
  readonly description: string;
  /** Data lost at most, as a sum of terms; `undefined` when the mechanism holds no data of record (a cache). */
  readonly rpo?: readonly Term[];
  /** Time the mechanism needs after the failure is detected, as a sum of terms (run in parallel with the others). */
  readonly rto: readonly Term[];
  /** Set when the mechanism cannot recover in this scenario at all (e.g. no cluster at the DR centre). */
  readonly impossible?: string;
  /** What to change when this mechanism sets an RPO above the objective, naming the setting. */
  readonly rpoFix?: string;
  /** What to change when this mechanism sets an RTO above the objective. */
  readonly rtoFix?: string;
  /** What a failback after an unplanned failover takes beyond a planned switchover (e.g. re-cloning the former primary). */
  readonly failback?: readonly Term[];
}

/** The S3-compatible object store at the DISASTER_RECOVERY centre that receives backups and WAL archives. */
export interface BackupLocationProps {
  /** Code of the DISASTER_RECOVERY site that hosts the store. */
  readonly site: string;
  /** https URL of the S3-compatible endpoint (MinIO, OSS, OBS, Ceph RGW), e.g. `https://oss.nb.gov.internal`. */
  readonly endpoint: string;
  /** Address blocks the endpoint resolves to: the middleware's PostgreSQL archives there only (URL's port). @default - not declared (synth warns) */
  readonly endpointCidrs?: string[];
  readonly bucket: string;
  /** S3 region name the store expects. @default - the DR site's city */
  readonly region?: string;
  /** Key prefix inside the bucket. @default - the province code */
  readonly prefix?: string;
  /**
   * Name of the Secret (key `cloud`, an AWS-style credentials file) in every cluster's backup namespace. The landing
   * zone writes it from the ephemeral variable `gov_lz_backup_store_credentials` (`{ access_key_id, secret_access_key }`)
   * into a write-only attribute: the key is in neither cdktf.out, nor the plan, nor the state.
   * @default 'velero-dr-credentials'
   */
  readonly credentialsSecret?: string;
  /**
   * Bump to rewrite the object store key into the clusters' secrets after a rotation (the key itself comes from the
   * ephemeral variable `gov_lz_backup_store_credentials`, never from cdktf.out or the state).
   * @default 1
   */
  readonly credentialsRevision?: number;
  /** Path-style addressing (MinIO, Ceph). @default true */
  readonly pathStyle?: boolean;
}

/** A scenario the planner evaluates. */
export type RecoveryScenario = 'site' | 'regional';

/** Something that keeps a tenant's data (a middleware offering it was granted) and says how it recovers. */
export interface IRecoveryMechanismSource {
  /** Estimates for the tenant in the scenario; empty when the tenant does not use it. */
  recoveryEstimates(tenant: ITenant, scenario: RecoveryScenario, assumptions: Required<RecoveryAssumptions>): MechanismEstimate[];
  /**
   * Runbook steps for an industry cloud in a scenario, with real names (e.g. which database to promote). In the
   * `site` scenario `lost` names the lost site and its clusters. @default - none
   */
  runbookSteps?(industryCloud: IIndustryCloud, scenario: RecoveryScenario, lost?: RunbookLoss): string[];
  /**
   * Addresses the hub switches during a failover: a Service `name` in `namespace` on `cluster` that points at
   * `target` (a DNS name). They live in the cluster's failover stack, which references no other cluster. @default - none
   */
  failoverAddresses?(cluster: string): FailoverAddress[];
  /**
   * Manifests runbook steps apply (promotion patches, re-clone, restore): the file names (known when the source is
   * registered; written under `gov-lz/runbooks/manifests/`) and how to render each at synth. @default - none
   */
  runbookManifests?(): { readonly files: readonly string[]; render(file: string): Record<string, unknown> };
}

/** A hub-owned address (ExternalName Service) in a cluster's failover stack. */
export interface FailoverAddress {
  readonly name: string;
  readonly namespace: string;
  readonly target: string;
  readonly port: number;
  /** Labels of the Service. */
  readonly labels?: Record<string, string>;
}

/** The site a `site` scenario of the runbook loses. */
export interface RunbookLoss {
  readonly site: string;
  readonly clusters: readonly string[];
}

/** The hub's recovery as other layers (middleware offerings) see it. */
export interface IHubRecovery {
  /** Automation declared for a step (`databasePromotion`, `trafficSwitch`), when the hub declares it. */
  readonly automation?: { readonly databasePromotion?: RecoveryAutomation };
  /** Whether per-cluster failover stacks own the database addresses tenants connect to (`<offering>-primary`). */
  readonly ownsDatabaseAddresses?: boolean;
  /** The DR centre's object store, when declared. */
  readonly backupLocation?: BackupLocationProps;
  readonly assumptions: Required<RecoveryAssumptions>;
  /** Registers a source of recovery estimates (a middleware offering). */
  addMechanismSource(source: IRecoveryMechanismSource): void;
  /**
   * The availability an application of `tenant` that uses the shelf offerings `offerings` can achieve on its industry
   * cloud's dual-active pair: the failover counts the mechanisms of those offerings only (a cache that holds no data
   * of record included). @default - the hub's recovery does not plan applications
   */
  achievableAvailability?(tenant: ITenant, offerings: readonly string[]): AchievableAvailability | undefined;
}

/** What the recovery planner says one application can achieve on its industry cloud's dual-active pair. */
export interface AchievableAvailability {
  /** Fraction of the year the application can be up, e.g. 0.99995. */
  readonly availability: number;
  /** Seconds one site failover takes for the application (detection + slowest mechanism it uses + traffic switch). */
  readonly failoverSeconds: number;
  /** The terms of the failover time, each with the setting that moves it. */
  readonly terms: readonly Term[];
  /** Ids of the mechanisms counted (`workloads`, `postgres:postgres`, `redis:redis`…). */
  readonly mechanisms: readonly string[];
  /** Mechanisms counted that hold no data of record (caches): the application inherits their recovery terms all the same. */
  readonly inherited: readonly string[];
  /** Set when the application cannot fail over at all. @default - it can */
  readonly impossible?: string;
}
