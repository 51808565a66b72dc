/**
 * The review as data: what `gov-lz review --format json` writes, and what its Markdown is rendered from. The review
 * (lib/review) builds it through these types; the JSON Schema generated from them is `schemas/review.schema.json`
 * in the package, for tools that read the JSON. Every list is sorted, so the same inputs give byte-identical output.
 */
import type { Amounts, EdgeZoneRecord, Minutes, RecoveryFigures } from './inventory';

/** What a resource holds, as far as a reviewer cares. */
export type ResourceKind =
  'namespace' | 'database' | 'middleware' | 'backup-schedule' | 'backup' | 'volume' | 'operator' | 'secret' | 'network-policy' | 'rbac' | 'quota' | 'admission-policy' | 'other';

/** Who a resource belongs to. */
export interface Owner {
  readonly kind: 'tenant' | 'offering' | 'hub' | 'platform' | 'unknown';
  /** Tenant code, offering name, or province code for the hub and platform. */
  readonly code?: string;
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly province?: string;
}

/** Format version of the JSON review. */
export const REVIEW_SCHEMA_VERSION = 1;

/** What a resource change does. `move` = leaves one stack's state for another's; `forget` = leaves state, kept in the cluster. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'move' | 'forget';

/** One resource change, from a diff of two outputs or from a Terraform plan. */
export interface ResourceChange {
  readonly source: 'diff' | 'plan';
  /** The stack, or undefined for a plan whose stack could not be told. */
  readonly stack?: string;
  /** The plan file, for changes from a plan. */
  readonly plan?: string;
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  readonly kind: ResourceKind;
  readonly owner: Owner;
  readonly cluster?: string;
  /** Deletes data or takes a service away: a replace, or a delete of a namespace, database, middleware, volume, backup schedule or chart. */
  readonly destructive: boolean;
  /** Why (replace reasons, what the delete does, the plan's action reason). */
  readonly reasons: string[];
  /** Changed attribute paths (updates and replaces). */
  readonly attributes?: string[];
  /** For `move`: the stack it moves to. */
  readonly movedTo?: string;
}

/** Resource changes of one stack between base and head. */
export interface StackDiff {
  readonly stack: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly counts: Record<ChangeAction, number>;
  readonly changes: ResourceChange[];
}

export type DomainChangeKind =
  | 'province-added'
  | 'province-removed'
  | 'site-added'
  | 'site-removed'
  | 'site-changed'
  | 'cluster-added'
  | 'cluster-removed'
  | 'capacity-changed'
  | 'industry-cloud-added'
  | 'industry-cloud-removed'
  | 'industry-cloud-clusters-changed'
  | 'data-class-changed'
  | 'recovery-objective-changed'
  | 'tenant-added'
  | 'tenant-removed'
  | 'tenant-moved'
  | 'tenant-renamed'
  | 'quota-changed'
  | 'placement-added'
  | 'placement-removed'
  | 'admins-changed'
  | 'viewers-changed'
  | 'network-rule-added'
  | 'network-rule-removed'
  | 'grant-added'
  | 'grant-removed'
  | 'grant-changed'
  | 'burst-changed'
  | 'domestic-hardware-changed'
  | 'blueprint-changed'
  | 'shards-changed'
  | 'recovery-setup-changed'
  | 'backup-changed'
  | 'placement-policy-changed'
  | 'tenant-recovery-changed'
  | 'application-added'
  | 'application-removed'
  | 'application-changed'
  | 'application-slo-changed'
  | 'application-capacity-changed'
  | 'recovery-worsened'
  | 'offering-added'
  | 'offering-removed'
  | 'offering-changed'
  | 'stack-added'
  | 'stack-removed'
  | 'finding-added'
  | 'finding-resolved'
  | 'suppression-added'
  | 'suppression-removed'
  | 'alerting-changed'
  | 'inhibition-added'
  | 'inhibition-removed'
  | 'observability-changed';

/** A change in the landing zone's domain model (inventory, compliance report, stack list). */
export interface DomainChange {
  readonly kind: DomainChangeKind;
  readonly province?: string;
  /** Tenant code, cluster name, offering name, rule id… */
  readonly subject: string;
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Removes a tenant, a namespace on a cluster, an offering, a cluster or an industry cloud. */
  readonly destructive: boolean;
  readonly message: string;
}

export interface ChangesReview {
  /** The base output folder, as given. */
  readonly base: string;
  /** False when the base has no inventory.json (domain changes could not be computed). */
  readonly domainCompared: boolean;
  readonly domain: DomainChange[];
  readonly stacks: StackDiff[];
  readonly counts: Record<ChangeAction, number>;
}

export interface PlanReview {
  /** The plan file, as given. */
  readonly file: string;
  readonly stack?: string;
  /** How the stack was told: given as `stack=file`, the folder the file is in, or the addresses it holds. */
  readonly stackFrom: 'argument' | 'folder' | 'addresses' | 'unknown';
  readonly terraformVersion?: string;
  readonly formatVersion?: string;
  /** Terraform reported errors while planning: the plan is incomplete. */
  readonly errored: boolean;
  readonly complete: boolean;
  readonly counts: Record<ChangeAction | 'no-op', number>;
  /** Resources adopted by `import` blocks (counted in their action too, usually no-op). */
  readonly imports: number;
  readonly changes: ResourceChange[];
  /** Changes per tenant code (only tenants with changes). */
  readonly tenants: Array<{ tenant: string; displayName?: string; counts: Record<ChangeAction, number> }>;
}

export interface ClusterCapacity {
  readonly name: string;
  readonly displayName?: string;
  readonly site?: string;
  readonly cloud?: string;
  readonly arch?: string;
  readonly capacity: Amounts;
  readonly allocated: Amounts;
  /** Allocated / (capacity × overcommit ratio), per dimension, as a fraction. */
  readonly utilisation: Amounts;
  readonly tenants: number;
  /** Sum of the burst ceilings of tenants bursting to this cluster. */
  readonly burst?: { tenants: number; maxCpu: number; maxMemoryGi: number };
}

export interface IndustryCloudSummary {
  readonly code: string;
  readonly displayName?: string;
  readonly dataClass?: string;
  readonly clusters: string[];
  readonly stacks: string[];
  readonly recovery?: RecoveryFigures | null;
  readonly tenants: string[];
}

/** How one tenant is isolated, as found in the synthesized stacks (not as declared). */
export interface TenantIsolation {
  readonly tenant: string;
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly dataClass?: string;
  readonly clusters: string[];
  /** Namespaces found in the stacks / expected from placements. */
  readonly namespaces: { found: number; expected: number };
  /** Pod Security Admission `enforce` levels found on the namespaces. */
  readonly podSecurity: string[];
  /** Namespaces with a default-deny (ingress and egress) policy. */
  readonly defaultDeny: number;
  /** Namespaces with a ResourceQuota. */
  readonly quota: number;
  /** Policy names allowing ingress / egress (union over clusters). */
  readonly ingress: string[];
  readonly egress: string[];
  /** `<group or service account> → <role>` bindings in the namespaces. */
  readonly rbac: string[];
  readonly grants: GrantReview[];
  readonly burst?: { cluster: string; maxCpu?: number; maxMemoryGi?: number };
  /** Domestic (信创) hardware: namespaces found with the label, the arm64 node selector and the cluster's admission binding. */
  readonly domesticHardware?: { requiredBy?: string; verified: number; expected: number };
  /** Problems: missing namespace, default deny or quota, important data on a public cluster, a data-class label or 信创 selector missing… */
  readonly problems: string[];
}

/**
 * A grant as found in the stacks, on the clusters where main opens it: the tenant's private, non-burst
 * placements where the offering runs (never a public cluster, never the burst placement).
 */
export interface GrantReview {
  readonly offering: string;
  readonly kind?: string;
  readonly port?: number;
  /** Where the grant must be open. */
  readonly clusters: string[];
  /** An egress NetworkPolicy from the tenant's namespace to the offering's namespace on the port, on each of `clusters`. */
  readonly egressPolicy: boolean;
  /** An ingress NetworkPolicy in the offering's namespace from the tenant's namespace, on each of `clusters`. */
  readonly ingressPolicy: boolean;
  /** The connection secret in the tenant's namespace, on each of `clusters`. */
  readonly credentials: boolean;
  /**
   * PostgreSQL over two sites: on the replica sites the tenant writes to the primary's site endpoint; whether an
   * egress policy to an address block on its port exists there. Undefined when no cluster of the grant is a replica site.
   */
  readonly writesToPrimary?: boolean;
}

/** A tenant bursting to a public cluster, as found in its burst namespace there. */
export interface BurstReview {
  readonly tenant: string;
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly dataClass?: string;
  readonly cluster: string;
  /** The declared ceiling. */
  readonly ceiling: { cpu?: number; memoryGi?: number; pods?: number };
  /** The ResourceQuota found in the burst namespace. */
  readonly quotaFound?: { cpu?: number; memoryGi?: number; pods?: number };
  /** HorizontalPodAutoscalers of the tenant, per cluster. */
  readonly autoscalers: Array<{ name: string; cluster: string; minReplicas: number; maxReplicas: number }>;
  /** `cidr:ports` the burst namespace may reach (egress NetworkPolicies with ipBlock peers). */
  readonly egress: string[];
  /** Cores of the burst cluster not yet allocated. */
  readonly clusterHeadroomCpu?: number;
  readonly problems: string[];
}

/** Placement guardrails of a province as found in the stacks. */
export interface PlacementReview {
  /** undefined when the output declares no registry allow-list. */
  readonly registryAllowList?: { registry?: string; policy?: string; enforcedOn: string[]; missingOn: string[] };
  /** `cidr:ports` of the dedicated line (专线) burst namespaces may reach. */
  readonly dedicatedLine: string[];
  /** Tenants per effective data class. */
  readonly dataClasses: Record<string, number>;
  readonly domesticHardware: { tenants: string[]; namespaces: number; verified: number };
}

export interface RecoveryRow {
  /** Tenant code, or industry-cloud code when only targets are known. */
  readonly subject: string;
  readonly level: 'tenant' | 'industry-cloud';
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly target?: RecoveryFigures;
  readonly achievable?: RecoveryFigures;
  readonly meets?: boolean;
  /** The larger of achievable RTO / target RTO and achievable RPO / target RPO (1 = exactly at the target). */
  readonly usedShare?: number | 'unbounded';
  readonly mechanisms?: unknown[];
  /** Recovery in the disaster-recovery centre after losing both production sites, when the planner computed it. */
  readonly regional?: { possible: boolean; rtoMinutes?: Minutes; rpoMinutes?: Minutes; reason?: string; target?: { rtoMinutes: number; rpoMinutes: number } };
  /** The tenant's Velero schedule as planned, and the clusters where a Schedule for its namespace was found in the stacks. */
  readonly backup?: { intervalMinutes?: number; achievedIntervalMinutes?: number; retentionDays?: number; clusters: string[]; scheduledOn: string[] };
  /** The planner's ranges (optimistic, conservative) when it reported them. */
  readonly range?: { rtoMinutes: [Minutes, Minutes]; rpoMinutes: [Minutes, Minutes] };
  /** Assumptions the figures rest on, with the drill that last measured each. */
  readonly assumptions?: Array<{ name: string; value: number; drilled?: string }>;
  /** Why the hub accepts that the target is not met yet. */
  readonly acceptedShortfall?: string;
}

/** How a PostgreSQL offering's clusters relate, as found in its CloudNativePG `Cluster` objects. */
export interface PostgresTopology {
  /** `distributed`: one database, the primary on one cluster and replica clusters on the others; `independent`: a database per cluster. */
  readonly mode: 'distributed' | 'independent';
  readonly primary?: string;
  readonly replicas: string[];
  /** Where replicas stream from and tenants on replica sites write: the primary's site endpoint (`host:port`). */
  readonly primaryEndpoint?: string;
  /** The object store receiving WAL (`spec.backup.barmanObjectStore.destinationPath`). */
  readonly walArchive?: string;
  /** Clusters with a ScheduledBackup of the offering (base backups), and its cron. */
  readonly baseBackups: Array<{ cluster: string; schedule?: string }>;
}

export interface OfferingSummary {
  readonly name: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly clusters: string[];
  readonly endpoint?: string;
  /** The operator chart and version (`cloudnative-pg 0.29.0`). */
  readonly operator?: string;
  /** What the offering reserves on each of its clusters. */
  readonly perCluster?: Amounts;
  readonly grantedTo: string[];
  /** PostgreSQL only. */
  readonly topology?: PostgresTopology;
  /** Found in the stacks: a missing instance, no cross-site ingress on the primary… */
  readonly problems: string[];
}

/** A shared-middleware recovery mechanism (`postgresql:<offering>`, `redis:…`, `kafka:…`) over the tenants that use it. */
export interface MiddlewareRecovery {
  readonly mechanism: string;
  readonly description?: string;
  readonly rpoMinutes?: Minutes;
  readonly rtoMinutes?: Minutes;
  readonly tenants: string[];
}

export interface ProvinceReview {
  readonly province: string;
  readonly displayName?: string;
  readonly mlpsLevel?: number;
  readonly overcommitRatio: number;
  readonly sites: Array<{ name: string; displayName?: string; city?: string; role?: string }>;
  readonly clusters: ClusterCapacity[];
  readonly industryClouds: IndustryCloudSummary[];
  readonly tenantCount: number;
  readonly isolation: TenantIsolation[];
  readonly isolationSummary: {
    tenants: number;
    namespaces: number;
    namespacesExpected: number;
    defaultDeny: number;
    quota: number;
    restricted: number;
    clusterRoleBindings: number;
    adminRoleBindings: number;
    tenantsWithProblems: number;
  };
  /** undefined when the output declares no middleware section. */
  readonly offerings?: OfferingSummary[];
  readonly recovery: {
    source: 'planner' | 'targets';
    rows: RecoveryRow[];
    /** Volume replication between the production sites and where backups go. */
    setup?: { metroStorageReplication?: string; backupLocation?: string };
    /** Tenants that cannot be restored at the DR centre, by reason. */
    regionalImpossible?: Array<{ reason: string; tenants: string[] }>;
    /** Tenants whose backups, queued behind the cluster's others, run less often than planned. */
    backupsQueued?: string[];
    /** Tenants of an industry cloud with a recovery objective that have no Velero schedule in the stacks. */
    unprotected: string[];
    /** Shared middleware in the tenants' recovery (site loss), one row per mechanism. */
    middleware?: MiddlewareRecovery[];
  };
  readonly placement: PlacementReview;
  readonly burst: BurstReview[];
  /** County edge zones and who runs there (inventory section `edgeZones`), with each department's namespace as found in the stacks. */
  readonly edgeZones?: Array<EdgeZoneRecord & { namespacesFound: number }>;
  /** A city project's province: read from the hub's published contract (sections such as recovery are in the hub's output). */
  readonly published?: { source?: string; schemaVersion?: number | null; remoteState: string | null };
  /** The topology as a Mermaid flowchart. */
  readonly topology: string;
  /** Optional sections the output does not have (e.g. `middleware`, `recovery`). */
  readonly notDeclared: string[];
  /** Showback per industry cloud (observability): what its departments reserve; undefined without observability. */
  readonly showback?: ShowbackByCloud[];
}

/** What the departments of one industry cloud reserve (showback), summed over their own clusters. */
export interface ShowbackByCloud {
  readonly industryCloud: string;
  readonly tenants: number;
  readonly reserved: Amounts;
  /** Grants of shared middleware, by offering: how many departments. */
  readonly grants: Record<string, number>;
}

export interface ComplianceReview {
  readonly pack?: string;
  readonly standard?: string;
  /** errors, warnings, suppressed: findings; compliant, notApplicable, disabled: rules. */
  readonly summary: { errors: number; warnings: number; suppressed: number; compliant: number; notApplicable: number; disabled: number };
  /** How sure the pack is of the clause numbers it cites. */
  readonly clauseCaveat?: string;
  readonly findings: Array<{
    ruleId: string;
    ruleName?: string;
    ruleNameZh?: string;
    clauses: string[];
    severity: string;
    status: string;
    path?: string;
    /** null for a model finding that belongs to no stack. */
    stack?: string | null;
    /** null when the finding is about a model element. */
    resource?: string | null;
    message?: string;
    fix?: string;
    /** Why the rule reports warnings today and what makes them errors. */
    provisional?: string;
  }>;
  readonly suppressions: Array<{ ruleId: string; path?: string; resource?: string; reason?: string; owner?: string; expires?: string; matched?: boolean | number }>;
  readonly disabledRules: Array<{ ruleId: string; ruleName?: string; path?: string; reason?: string; owner?: string; expires?: string }>;
  readonly severityOverrides: Array<{ ruleId: string; path?: string; severity?: string; defaultSeverity?: string }>;
}

export type FailOn = 'destructive' | 'delete' | 'error' | 'warning';

export interface Verdict {
  /** Destructive resource changes (diff and plans). */
  readonly destructive: number;
  /** Destructive domain changes (tenant, placement, offering, industry cloud, stack removed…). */
  readonly destructiveDomain: number;
  /** Resources deleted, replaced or moved between stacks (diff and plans). */
  readonly deletes: number;
  readonly complianceErrors: number;
  readonly complianceWarnings: number;
  readonly compliance: 'compliant' | 'non-compliant' | 'not-evaluated';
  readonly failOn: FailOn[];
  /** The `--fail-on` conditions that hold. */
  readonly failed: FailOn[];
}

export interface Review {
  readonly schemaVersion: number;
  readonly generator: string;
  readonly inputs: {
    out: string;
    base?: string;
    plans: string[];
    /**
     * Why an output's stacks were parsed instead of read through its review index (`gov-lz/review-index.json` missing,
     * of another version, or a file changed since it was written), one line per output; absent when none was.
     */
    stacksParsed?: string[];
  };
  readonly verdict: Verdict;
  readonly stacks: Array<{ name: string; resources: number; dependsOn: string[] }>;
  readonly resourcesByType: Record<string, number>;
  readonly provinces: ProvinceReview[];
  /** null when the output has no compliance.json. */
  readonly compliance: ComplianceReview | null;
  /** null without `--base`. */
  readonly changes: ChangesReview | null;
  readonly plans: PlanReview[];
  /** Every destructive resource change and domain change, from the diff and the plans. */
  readonly destructive: Array<ResourceChange | DomainChange>;
}
