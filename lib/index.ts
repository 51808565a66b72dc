// The public API: the constructs, their props and interfaces, and the enum-like classes a user needs (DESIGN §2).
// Helpers stay behind their internal paths (lib/<folder>/<file>); the review is a namespace; the output formats are
// the `schema` namespace (their JSON Schemas ship in schemas/). CHANGELOG.md lists what left this file in issue 15.

// core: errors, enum-like classes, quantities, the stack, and the contracts every layer depends on
export { LandingZoneError } from './core/errors';
export type { Problem } from './core/errors';
export { CloudKind, CpuArch, DataClass, SiteRole } from './core/enums';
export { RecoveryObjective } from './core/recovery-objective';
export type { RecoveryObjectiveProps } from './core/recovery-objective';
export type { ResourceAmounts } from './core/quantities';
export { Annotations, LABEL_PREFIX, Labels, MANAGED_BY, PART_OF } from './core/labels';
export { LandingZoneStack } from './core/stack';
// Where the app's code made a construct: ISV offerings record their own constructs for the compliance reports.
export { declarationOf, recordDeclaration } from './core/declaration';
export type { SourceLocation } from './core/declaration';
export { ProblemReporter } from './core/context';
export type { IGatedAspect, ProblemDetails, ProblemLocation } from './core/context';
export type {
  ApiServerAuditBackend,
  ApiServerAuthentication,
  ApiServerEndpoint,
  BackupLocationProps,
  BurstOptions,
  CapacityClaim,
  ClusterConnectionProps,
  ClusterControlPlane,
  ContainerDefaults,
  DnsSettings,
  EncryptionProviderKind,
  ExecCredential,
  HubNetwork,
  ICluster,
  IHubRecovery,
  IIndustryCloud,
  IProvinceHub,
  IRecoveryMechanismSource,
  ISite,
  ITenant,
  ITenantApplicationTemplate,
  ITenantOptionsResolver,
  MechanismEstimate,
  NetworkPeer,
  NetworkRule,
  NodePool,
  PortSpec,
  RecoveryAssumptions,
  RecoveryAutomation,
  RecoveryDrill,
  FailoverAddress,
  RecoveryScenario,
  RegistryVulnerabilityScanning,
  ResolvedTenantOptions,
  RunbookLoss,
  ServiceAccountTokenIssuance,
  TenantFeatureOptions,
  TenantMovedFrom,
  TenantOptions,
  TenantPlacement,
  TenantPlacementOptions,
  TenantQuota,
  Term,
  VulnerabilitySeverity,
  AchievableAvailability,
} from './core/contracts';
export { CapabilityKey, HubCapabilities } from './core/extension';
export type { GrantEdge, IGrantGraph, IHubFeature, IHubHost, IHubStacks, IMiddlewareGrantor, OfferingMetricsEndpoint, OfferingPlacement } from './core/extension';

// topology
export { Site } from './topology/site';
export type { SiteProps } from './topology/site';
export { Cluster } from './topology/cluster';
export type { ClusterProps } from './topology/cluster';
export { ClusterConnection, PROVIDER_VERSION_CONSTRAINTS } from './topology/cluster-connection';

// state
export { StateBackend } from './state/state-backend';
export type { BackendBlock, BindTarget, KubernetesStateOptions, LocalStateOptions, PgStateOptions, S3CompatibleStateOptions, StateBindContext } from './state/state-backend';

// placement
export { BurstAutoscaler } from './placement/burst-autoscaler';
export type { BurstAutoscalerProps } from './placement/burst-autoscaler';

// tenancy
export { Tenant } from './tenancy/tenant';
export type { TenantProps } from './tenancy/tenant';

// industry clouds
export { IndustryCloud } from './industry-cloud/industry-cloud';
export type { IndustryCloudOptions, IndustryCloudProps } from './industry-cloud/industry-cloud';

// the hub model and the published hub (city projects)
export { ProvinceHubBase } from './hub/province-hub';
export type { ProvinceHubBaseProps } from './hub/province-hub';
export type { ClusterAllocation } from './hub/capacity';
export { PublishedHub, PublishedIndustryCloud, PublishedProvinceHub } from './hub/published-hub';
export type { PublishedHubRemoteState, PublishedHubRemoteStateOptions, PublishedProvinceHubProps } from './hub/published-hub';
export type { ContractProblem } from './hub/contract';

// features: the middleware shelf
export { SharedMiddleware } from './middleware/shared-middleware';
export type { MiddlewareInventory } from './middleware/shared-middleware';
export { MiddlewareOffering } from './middleware/offering';
export type {
  AmountRule,
  GrantBinding,
  GrantConnectOptions,
  IMiddlewareGrant,
  IMiddlewareOffering,
  IMiddlewareShelf,
  MiddlewareOfferingOptions,
  OfferingConnection,
  OfferingInventory,
  OfferingObject,
  OperatorChartInfo,
  OperatorOptions,
  OperatorRelease,
  PodLabels,
} from './middleware/offering-types';
export { PostgresOffering } from './middleware/postgres-offering';
export type { PostgresOfferingProps, PostgresPoolerOptions, PostgresSiteEndpoint } from './middleware/postgres-options';
export { REDIS_TENANT_COMMANDS, RedisOffering } from './middleware/redis-offering';
export type { RedisOfferingProps } from './middleware/redis-offering';
export { KafkaOffering } from './middleware/kafka-offering';
export type { KafkaOfferingProps } from './middleware/kafka-offering';
export type { OperatorVersion } from './middleware/operators';
export { RequestedTenant } from './middleware/grant-requests';
export type { RequestedTenantProps } from './middleware/grant-requests';

// features: department blueprints
export { DepartmentBlueprint } from './blueprint/department-blueprint';
export type { BlueprintGrant, DepartmentBlueprintProps } from './blueprint/department-blueprint';
export { DepartmentBlueprints, GRANT_NOT_ACCEPTED, GRANT_REQUESTS_FILE } from './blueprint/blueprints';
export type { PublishedBlueprintSource } from './blueprint/blueprints';
export type { BlueprintOverrides } from './blueprint/instantiate';

// features: observability (monitoring stack, department alerting, fault demarcation, showback)
export { ALERTING_FILE, Alerts, KUBE_PROMETHEUS_STACK, Observability, Recorded } from './observability';
export type { AlertReceiver, GrafanaAccess, ObservabilityProps, OfferingOnCluster, SmtpRelay, TenantAlerting } from './observability';

// features: disaster recovery
export { DisasterRecovery } from './recovery/disaster-recovery';
export type { HubRecoveryProps, PublishedRecovery } from './recovery/disaster-recovery';
export type { VeleroOptions } from './recovery/velero';
export type { MetroStorageProps, MetroStorageReplication, MovementPlan, ScenarioPlan, TenantBackup, TenantRecoveryPlan } from './recovery/planner';
export { DEFAULT_RECOVERY_ASSUMPTIONS } from './recovery/assumptions';

// features: applications (the province's application standard)
export { GovApplication } from './application/gov-application';
export type { GovApplicationProps } from './application/gov-application';
export { APPLICATION_STANDARD, ApplicationPlatform, GATEWAY_API_CHART, KEDA_CHART } from './application/platform';
export type { ApplicationPlatformOptions, PublishedApplications, RegisteredApplication } from './application/platform';
export type { Manifest, ResolvedPeak } from './application/manifests';
export type { PeakWindow } from './application/peaks';
export type {
  ApplicationMetrics,
  ApplicationPeak,
  ApplicationProbe,
  ApplicationProbes,
  ApplicationReplicas,
  ApplicationResources,
  ApplicationRoute,
  ApplicationSlo,
  GovApplicationSpec,
} from './schema/application';
export { ApplicationCapabilities } from './core/applications';
export type { ApplicationSloRegistration, IApplicationOperations } from './core/applications';
// features: county edge zones
export { EdgeZone, AUTONOMY_DURATION_ANNOTATION, NODE_POOL_LABEL } from './edge/edge-zone';
export type { EdgeTaint, EdgeZoneCapacity, EdgeZoneControls, EdgeZoneProps } from './edge/edge-zone';
export { EdgeZones, YURT_MANAGER_CHART } from './edge/edge-zones';
export type { TenantEdgeOptions } from './edge/edge-zones';
export { EDGE_POLICY_NAME } from './edge/edge-policy';

// features: MLPS level 3 compliance
export { MlpsLevel3Checks } from './compliance/mlps-level3-checks';
export type { MlpsLevel3ChecksOptions } from './compliance/mlps-level3-checks';
export type { SuppressionOptions } from './compliance/suppressions';
export type { DisabledRuleOptions, SeverityOverride } from './compliance/engine';
export { HubCompliance } from './compliance/hub-compliance';
export type { HubComplianceOptions } from './compliance/hub-compliance';
export { AdminRole } from './compliance/admin-roles';
export type { AdminGroups, AdminGroupsOptions, NamespacedRbacRules, RbacRule } from './compliance/admin-roles';
export type { ApiServerAuditLog, AuditGroupResources, AuditLevel, AuditOptions, AuditPolicyDocument, AuditPolicyRule, AuditSettings } from './compliance/audit-policy';
export type { Severity } from './compliance/rule';
export type { TenantDataKey } from './compliance/data-keys';

// the composition root: the province hub with every feature
export { ProvinceHub } from './landing-zone/province-hub';
export type { FromPublishedOptions, ProvinceHubProps } from './landing-zone/province-hub';

// the output formats (inventory.json, compliance.json, the hub contract, the review JSON) and the review
export type { HubContract } from './schema/contract';
export * as schema from './schema';
// The review is a namespace: its reader types (ComplianceFinding, Amounts…) must not clash with the constructs' names.
export * as review from './review';
