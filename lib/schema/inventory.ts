/**
 * `<outdir>/gov-lz/inventory.json`: the domain model of everything in the app (hub, clusters, industry clouds,
 * tenants, quotas, grants, recovery objectives and what achieves them). The constructs write it (lib/hub/inventory.ts
 * and the sections the features add) and the review reads it, both through these types; the JSON Schema generated
 * from them is `schemas/inventory.schema.json` in the package.
 *
 * Sections written by features an output may not have (middleware, recovery, placement, compliance) are optional,
 * and so are the tenant fields features add. Lists are sorted by code; the same input gives byte-identical output.
 */
import type { ApplicationRecord } from './application';

/** Version of the inventory format; the review refuses versions it does not know. */
export const INVENTORY_SCHEMA_VERSION = 1;

/** Inventory format versions the review understands. */
export const SUPPORTED_INVENTORY_VERSIONS: readonly number[] = [INVENTORY_SCHEMA_VERSION];

/** Amounts as written in the inventory (cpu cores, GiB, pods); only the amounts that are set. */
export type Amounts = Partial<Record<'cpu' | 'memoryGi' | 'storageGi' | 'pods', number>>;

/**
 * Minutes as the recovery planner writes them: a number, `"unbounded"` (nothing bounds the loss or the
 * downtime, e.g. asynchronous replication without a WAL archive) or null (nothing to lose: no data of record).
 */
export type Minutes = number | 'unbounded' | null;

/** A recovery objective as declared (RecoveryObjective.toJSON()). */
export interface RecoveryTarget {
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
  readonly availability: number;
  /** The objective after losing both production sites (restore at the DR centre), when declared. */
  readonly regional?: { readonly rtoMinutes: number; readonly rpoMinutes: number };
}

/** Recovery figures: declared targets are numbers; achievable figures may be `"unbounded"` or null. */
export interface RecoveryFigures {
  readonly rtoMinutes: Minutes;
  readonly rpoMinutes: Minutes;
  readonly availability?: number;
  /** The objective after losing both production sites (restore at the DR centre), when declared. */
  readonly regional?: { readonly rtoMinutes: number; readonly rpoMinutes: number } | null;
}

/** A data centre. */
export interface SiteRecord {
  readonly name: string;
  readonly city: string;
  /** `PRODUCTION`, `DISASTER_RECOVERY` or `PUBLIC_CLOUD`. */
  readonly role: string;
  readonly region: string | null;
  readonly displayName: string;
}

/** A cluster, with what is reserved on it. */
export interface ClusterRecord {
  readonly name: string;
  readonly site: string;
  /** `PRIVATE` or `PUBLIC`. */
  readonly cloud: string;
  /** `AMD64` or `ARM64`. */
  readonly arch: string;
  readonly displayName: string;
  readonly capacity: Amounts;
  /** What tenants and claims (middleware instances) reserve. */
  readonly allocated: Amounts;
  /** Its platform stack in this project; null when the hub is deployed by another project. */
  readonly platformStack: string | null;
}

/** An industry cloud. */
export interface IndustryCloudRecord {
  readonly code: string;
  readonly displayName: string;
  readonly clusters: string[];
  /** `GENERAL`, `IMPORTANT` or `CORE`. */
  readonly dataClass: string;
  readonly recovery: RecoveryTarget | null;
  /** Declared shard count (sharded industry clouds: stacks `<province>-<code>-<n>`); absent on a published hub. */
  readonly shards?: number;
  /** The stacks that hold its tenants in this project. */
  readonly stacks: string[];
  /** Stacks of the previous shard layout kept for their `removed` blocks while a change of shard count is applied. */
  readonly retiredStacks?: string[];
  /** Codes of its tenants in this project. */
  readonly tenants: string[];
}

/** A grant of a shared middleware offering to a tenant (tenant field `grants`). */
export interface GrantRecord {
  readonly offering: string;
  readonly kind: string;
  /** The offering's in-cluster service (on a replica site, PostgreSQL writes go to the primary's site endpoint instead). */
  readonly host: string;
  readonly port: number;
  /** The write-only secret with the connection, in the tenant's namespace on each of `clusters`. */
  readonly secretName: string;
  /** Where the grant is opened: the tenant's private, non-burst placements where the offering runs. */
  readonly clusters: string[];
  /** Kind-specific details: database, role (PostgreSQL); user, keyPrefix (Redis); user, topicPrefix (Kafka). */
  readonly [extra: string]: unknown;
}

/** Burst to a public-cloud cluster (tenant field `burst`). */
export interface BurstRecord {
  readonly cluster: string;
  readonly namespace?: string;
  readonly maxCpu?: number;
  readonly maxMemoryGi?: number;
  readonly maxPods?: number;
  readonly maxStorageGi?: number;
  /** Where the burst namespace may connect: the dedicated line (专线) back to the private side. */
  readonly egressCidrs?: string[];
  readonly egressPorts?: number[];
}

/** Domestic (信创) hardware required for a tenant's pods (tenant field `domesticHardware`). */
export interface DomesticHardwareRecord {
  /** Who requires it: the tenant itself or its industry cloud. */
  readonly requiredBy?: string;
  /** The namespace node selector (`scheduler.alpha.kubernetes.io/node-selector`) per cluster. */
  readonly nodeSelectors?: Record<string, string>;
}

/** One namespace of a tenant on one cluster. */
export interface PlacementRecord {
  readonly cluster: string;
  readonly namespace: string;
  /** `PRIVATE` or `PUBLIC`. */
  readonly cloud: string;
  readonly quota: Amounts;
  /** `edge` for a namespace in a county edge zone (absent for the others). */
  readonly kind?: string;
  /** The edge zone of an `edge` placement. */
  readonly edgeZone?: string;
}

/** A network rule added to a tenant's namespaces (grants add them). */
export interface NetworkRuleRecord {
  readonly name: string;
  /** `ingress` or `egress`. */
  readonly direction: string;
  readonly peers: unknown[];
  readonly ports: unknown[];
  readonly clusters?: string[];
}

/** A department (tenant). */
export interface TenantRecord {
  readonly code: string;
  readonly displayName: string;
  readonly industryCloud: string;
  readonly stack: string;
  readonly namespace: string;
  readonly quota: Amounts;
  readonly admins: string[];
  readonly viewers: string[];
  readonly placements: PlacementRecord[];
  readonly networkRules: NetworkRuleRecord[];
  /** Terraform addresses (`<type>.<name>`) of everything the tenant owns, in its stack. */
  readonly addresses: string[];
  // Fields the features add (ITenant.addInventoryField), written after the ones above, sorted by key.
  readonly grants?: GrantRecord[];
  readonly burst?: BurstRecord | null;
  /** Effective data class: the tenant's own or its industry cloud's, whichever is stricter. */
  readonly dataClass?: string;
  readonly domesticHardware?: DomesticHardwareRecord | null;
  /** Where the tenant was before a move still being applied (import and removed blocks). */
  readonly movedFrom?: { industryCloud?: string | null; stack?: string } | null;
  /** The department's applications (GovApplication), by name. */
  readonly applications?: ApplicationRecord[];
  /** The department blueprint the tenant is built from. */
  readonly blueprint?: BlueprintRecord;
  /** Fields of features this version does not know. */
  readonly [extra: string]: unknown;
}

/** The department blueprint a tenant is built from (tenant field `blueprint`). */
export interface BlueprintRecord {
  readonly name: string;
  readonly version: number;
  /** Offerings the blueprint grants the tenant (with its optional ones). */
  readonly grants: string[];
  /** What the tenant changed in the blueprint, as written. */
  readonly overrides: Record<string, unknown>;
}

/** One blueprint version the hub offers, and the tenants of this app built from it (province section `blueprints`). */
export interface BlueprintUseRecord {
  /** `<name>@<version>`. */
  readonly ref: string;
  readonly tenants: string[];
}

/** A shared middleware offering (province section `middleware`). */
export interface OfferingRecord {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly clusters: string[];
  readonly endpoint: { host: string; port: number };
  /** Per-instance sizing and `perCluster` (what the offering reserves on each cluster). */
  readonly sizing: { readonly perCluster?: Amounts; readonly [k: string]: unknown };
  /** The operator's Helm chart. */
  readonly operator: { chart: string; version: string; repository: string };
  /** Codes of the tenants granted the offering. */
  readonly grants: string[];
}

/** Province section `middleware`. */
export interface MiddlewareSection {
  readonly offerings: OfferingRecord[];
}

/** A recovery mechanism as the planner writes it. */
export interface RecoveryMechanismRecord {
  readonly id: string;
  readonly description?: string;
  readonly rpoMinutes?: Minutes;
  readonly rtoMinutes?: Minutes;
}

/** Recovery of one tenant (province section `recovery`). */
export interface TenantRecoveryRecord {
  readonly tenant: string;
  readonly industryCloud?: string;
  readonly target?: RecoveryFigures;
  readonly achievable?: RecoveryFigures;
  readonly meets?: boolean;
  readonly mechanisms?: Array<RecoveryMechanismRecord | string>;
  /** The fixed part of every failover (detection, traffic switch, DNS). */
  readonly rtoFrame?: Array<{ name: string; seconds: number }>;
  /** Losing both production sites: recovery in the DR centre (figures estimated even when not possible). */
  readonly regional?: {
    rtoMinutes?: Minutes;
    rpoMinutes?: Minutes;
    /** The optimistic end of the ranges (the figures above are the conservative end the target is checked against). */
    rtoLowMinutes?: Minutes;
    rpoLowMinutes?: Minutes;
    possible?: boolean;
    impossible?: string;
    target?: { rtoMinutes: number; rpoMinutes: number } | null;
  } | null;
  /** The ranges of the site scenario: optimistic to conservative (`achievable` is the conservative end). */
  readonly range?: { rtoMinutes: [Minutes, Minutes]; rpoMinutes: [Minutes, Minutes] };
  /** Assumptions the figures rest on, with the date of the drill that last measured each. */
  readonly assumptions?: Array<{ name: string; value: number; drilled?: string }>;
  /** Terms a person performs (paging, decision, runbook steps), in seconds. */
  readonly manualSeconds?: number;
  /** Availability parts: both sites down (with the common-cause share of two sites in one city), failovers. */
  readonly availability?: { bothDown: number; commonCause: number; failover: number; failoversPerYear: number; sameCity: boolean };
  /** Planned switchover (write pause) and failback after an unplanned failover, in minutes. */
  readonly movement?: { switchoverMinutes: number; failbackMinutes: number };
  /** Set when the hub accepts that the objective is not met yet (`recovery.acceptedShortfalls`). */
  readonly acceptedShortfall?: string;
}

/** The Velero schedule of one tenant (province section `recovery.backups`). */
export interface BackupRecord {
  readonly tenant: string;
  readonly schedule?: string;
  readonly cron?: string;
  readonly intervalMinutes?: number;
  /** The interval reached with every backup of a cluster queued behind each other. */
  readonly achievedIntervalMinutes?: number;
  readonly retentionDays?: number;
  readonly clusters?: string[];
  /** Seconds one backup takes, sized by the tenant's data. */
  readonly durationSeconds?: number;
}

/** Province section `recovery`. */
export interface RecoverySection {
  readonly metroStorageReplication?: string;
  /** Metro storage the planner counts (the replicated storage class and the witness site), when declared. */
  readonly metroStorage?: { mode: string; storageClass: string; witnessSite: string } | null;
  /** Drills recorded on the hub. */
  readonly drills?: Array<{ industryCloud: string; date: string; scenario: string; measured: Record<string, number>; evidence?: string }>;
  /** Per-cluster stacks that hold what a surviving site needs during a failover. */
  readonly failoverStacks?: Record<string, string>;
  readonly backupLocation?: { site?: string; city?: string | null; endpoint?: string; bucket?: string; prefix?: string } | null;
  readonly assumptions?: Record<string, number>;
  readonly tenants?: TenantRecoveryRecord[];
  readonly backups?: BackupRecord[];
}

/** Province section `placementPolicy`. */
export interface PlacementPolicySection {
  readonly registryAllowList?: { registry?: string; imagePrefix?: string; policy?: string; clusters?: string[] } | null;
  readonly dedicatedLineCidrs?: string[];
  readonly dedicatedLinePorts?: number[];
  readonly domesticHardwarePolicy?: { policy?: string; clusters?: string[] } | null;
  readonly domesticHardwareIndustryClouds?: string[];
  readonly domesticHardwareTenants?: string[];
  readonly burstingTenants?: Array<{ tenant: string; industryCloud?: string; cluster: string; maxCpu?: number; maxMemoryGi?: number; maxPods?: number }>;
}

/** A department in an edge zone (province section `edgeZones`). */
export interface TenantEdgeRecord {
  readonly tenant: string;
  /** Its namespace in the zone, `<code>-<zone>`. */
  readonly namespace: string;
  readonly dataClass: string;
  /** Its quota in the zone. */
  readonly quota: Amounts;
}

/** A county edge zone (province section `edgeZones`). */
export interface EdgeZoneRecord {
  readonly name: string;
  readonly displayName?: string;
  /** The site the county links to. */
  readonly site: string;
  /** The hub cluster its nodes join. */
  readonly cluster: string;
  /** The OpenYurt NodePool. */
  readonly nodePool: string;
  /** The node labels the zone's pods select. */
  readonly nodeSelector?: Record<string, string>;
  readonly enforcesNetworkPolicy: boolean;
  /** Edge autonomy (`minutes` 0: always), or null when off. */
  readonly autonomy?: { minutes: number } | null;
  readonly linkLatencyMs?: number;
  readonly linkBandwidthMbps?: number;
  readonly capacity?: Amounts;
  /** MLPS controls the county machine room declares. */
  readonly controls?: Record<string, boolean>;
  /** Controls IMPORTANT and CORE data would need that it does not declare. */
  readonly missingControls?: string[];
  readonly tenants: TenantEdgeRecord[];
}

/** Province section `edgeZones`. */
export type EdgeZonesSection = EdgeZoneRecord[];

/** Province section `compliance`: the pack, its reports, the audit declaration and the administrator roles. */
export interface ComplianceSection {
  readonly pack: string;
  /** File names of the reports in `gov-lz/`. */
  readonly reports: string[];
  readonly audit: {
    logRetentionDays: number;
    logSink: string | null;
    policyFile: string;
    /** Declared audit records per cluster and day, MiB. */
    dailyVolumeMi: number;
    /** The API servers' file backend: --audit-log-maxage, --audit-log-maxsize, --audit-log-maxbackup. */
    apiServerLog: { maxAgeDays: number; maxSizeMi: number; maxBackups: number };
    /** Size of the audit log store's volume on each cluster, GiB. */
    storeSizeGi: number;
  };
  readonly adminRoles: Array<{ role: string; clusterRole: string; displayName: string; groups: string[] }>;
  readonly breakGlassGroups: string[];
  /** Groups of the identity Terraform applies with (bound to cluster-admin, audited at RequestResponse). */
  readonly terraformGroups: string[];
}

/** A city project's province: the hub is deployed elsewhere and read from its published contract. */
export interface PublishedRecord {
  /** The contract's file or output, relative to the project. */
  readonly source: string;
  readonly schemaVersion: number | null;
  readonly remoteState: { backend: string; stack: string } | null;
}

/** What one department reserves, for showback (资源核算): its quota where it is placed, and what it is granted. */
export interface ShowbackRecord {
  readonly tenant: string;
  readonly industryCloud: string;
  /** Reserved on each of its own clusters (the namespace's quota), by cluster code. */
  readonly clusters: Record<string, Amounts>;
  /** Sum over its own clusters (burst capacity is not reserved and not counted). */
  readonly reserved: Amounts;
  /** At most this much on the public burst cluster, when it bursts. */
  readonly burstMax?: Amounts;
  /** The shared middleware it is granted, with the clusters where it reaches an instance. */
  readonly grants: Array<{ offering: string; kind: string; clusters: string[] }>;
}

/** Observability of a hub (kube-prometheus-stack per private cluster, per-department alerting). */
export interface ObservabilitySection {
  readonly chart: { name: string; version: string };
  /** Clusters that run the monitoring stack. */
  readonly clusters: string[];
  readonly retentionDays: number;
  /** Departments with alerting receivers, by code: the receivers' names. */
  readonly alerting: Record<string, string[]>;
  /** Inhibitions from the grant graph: an offering down on a cluster silences these departments there. */
  readonly inhibitions: Array<{ cluster: string; offering: string; tenants: string[] }>;
  readonly showback: ShowbackRecord[];
}

/** One province: a hub of one's own, or a published hub with a city project's tenants. */
export interface ProvinceRecord {
  readonly province: string;
  readonly displayName: string;
  readonly registry: string;
  readonly mlpsLevel: number;
  readonly overcommitRatio: number;
  /** Kind of the state backend (`local`, `s3`, `pg`, `kubernetes`). */
  readonly stateBackend: string;
  readonly stacks: { hub: string; platform: Record<string, string> };
  readonly sites: SiteRecord[];
  readonly clusters: ClusterRecord[];
  readonly industryClouds: IndustryCloudRecord[];
  readonly tenants: TenantRecord[];
  /** Present in a city project's output. */
  readonly published?: PublishedRecord | null;
  // Sections the features add (IProvinceHub.addInventorySection), sorted by key.
  readonly compliance?: ComplianceSection;
  readonly blueprints?: BlueprintUseRecord[];
  readonly edgeZones?: EdgeZonesSection;
  readonly middleware?: MiddlewareSection;
  readonly observability?: ObservabilitySection;
  readonly placementPolicy?: PlacementPolicySection;
  readonly recovery?: RecoverySection;
  /** Sections of features this version does not know. */
  readonly [extra: string]: unknown;
}

/** A stack of the app. */
export interface StackRecord {
  readonly name: string;
  /** Construct path (the stack name, for the stacks a hub lays out). */
  readonly path: string;
  readonly dependsOn: string[];
  /** Terraform resources in the stack (batched objects plus resource constructs). */
  readonly resources: number;
}

/** `gov-lz/inventory.json`. */
export interface InventoryFile {
  readonly schemaVersion: number;
  /** `cdktf-gov-landing-zone@<version>`. */
  readonly generator: string;
  readonly provinces: ProvinceRecord[];
  readonly stacks: StackRecord[];
}
