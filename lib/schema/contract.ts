/**
 * The hub contract: what a province hub publishes (the `contract` output of `<province>-hub`, and
 * `<outdir>/gov-lz/<province>-hub.json`) and city projects build on (PublishedHub). Plain JSON: names and
 * figures, no tokens, no credentials. Versioned: readers refuse a schemaVersion they do not know. The JSON Schema
 * generated from these types is `schemas/hub-contract.schema.json` in the package.
 */

/** Version of the contract format. Fields may be added within a version; none is removed or changed. */
export const HUB_CONTRACT_SCHEMA_VERSION = 1;

/** How the hub reaches a cluster, as published: no credential, and an exec plugin without its environment. */
export interface ContractConnection {
  readonly configPath?: string;
  readonly context?: string;
  readonly host?: string;
  readonly clusterCaCertificate?: string;
  readonly tlsServerName?: string;
  readonly exec?: { readonly apiVersion: string; readonly command: string; readonly args?: string[] };
}

/** The contract section `recovery`: where the hub's backups go and what its planner assumes. */
export interface ContractRecovery {
  readonly backupLocation?: {
    readonly site: string;
    readonly endpoint: string;
    readonly endpointCidrs?: string[];
    readonly bucket: string;
    readonly region?: string;
    readonly prefix?: string;
    readonly credentialsSecret?: string;
    readonly credentialsRevision?: number;
    readonly pathStyle?: boolean;
  };
  readonly metroStorageReplication?: 'synchronous' | 'asynchronous' | 'none';
  /** Metro storage the planner counts (storage class and witness site), when declared. */
  readonly metroStorage?: { mode: 'synchronous' | 'asynchronous'; storageClass: string; witnessSite: string };
  readonly assumptions?: Record<string, number>;
  readonly automation?: { databasePromotion?: { tool: string; drilled: string; seconds?: number } };
  readonly drills?: Array<{ industryCloud: string; date: string; scenario: string; measured: Record<string, number>; evidence?: string }>;
  readonly acceptedShortfalls?: Record<string, string>;
  /** Velero backups the hub's own tenants already queue on each cluster (one backup runs at a time). */
  readonly hubBackupsPerCluster?: Record<string, number>;
}

/** Resource amounts as published (cores, GiB, pods). */
export interface ContractAmounts {
  readonly cpu?: number;
  readonly memoryGi?: number;
  readonly storageGi?: number;
  readonly pods?: number;
}

export interface ContractSite {
  readonly name: string;
  readonly city: string;
  readonly role: string;
  readonly region: string;
  readonly displayName: string;
  /** The availability the hub declares for the site (the recovery planner uses it), when declared. */
  readonly availability?: number;
}

export interface ContractCluster {
  readonly name: string;
  readonly site: string;
  readonly cloud: string;
  readonly arch: string;
  readonly displayName: string;
  /** What tenants and middleware may reserve on it. */
  readonly capacity: ContractAmounts;
  /** What the hub's own tenants and claims reserve already. */
  readonly allocated: ContractAmounts;
  /** How the hub reaches it (no credential; an exec plugin's environment is left out). */
  readonly connection: ContractConnection;
  readonly nodePools: Array<{ name: string; nodeLabels: Record<string, string>; arch?: string }>;
  /** Pod address blocks, as the hub declares them (absent in contracts of older hubs, or when undeclared). */
  readonly podCidrs?: string[];
  /** Service address blocks, as the hub declares them. */
  readonly serviceCidrs?: string[];
}

export interface ContractIndustryCloud {
  readonly code: string;
  readonly displayName: string;
  readonly clusters: string[];
  readonly dataClass: string;
  readonly recovery: { rtoMinutes: number; rpoMinutes: number; availability: number } | null;
  readonly shards: number;
  /** Whether its tenants must run on domestic (信创) ARM64 hardware. */
  readonly requireDomesticHardware: boolean;
  /** The stacks that hold its tenants in the hub's project. */
  readonly stacks: string[];
}

export interface ContractTenant {
  readonly code: string;
  readonly industryCloud: string;
  readonly stack: string;
}

/** An alert receiver as published: a webhook (no credentials: the library refuses them) or an e-mail address. */
export interface ContractAlertReceiver {
  readonly name: string;
  readonly webhookUrl?: string;
  readonly email?: string;
}

/** The contract section `observability`: where the hub runs its monitoring stack and where alerts go by default. */
export interface ContractObservability {
  /** Chart the clusters run. */
  readonly chart: { name: string; version: string };
  /** Clusters that run Prometheus and Alertmanager (a city tenant's objects go on its placements there). */
  readonly clusters: string[];
  /** Days Prometheus keeps metrics. */
  readonly retentionDays: number;
  /** The operations centre's receivers: a department without receivers of its own is routed to them. */
  readonly receivers: ContractAlertReceiver[];
  /** The mail relay, when the hub has one (e-mail receivers need it). */
  readonly smtp?: { smarthost: string; from: string };
}

/** The contract of a province hub (schemaVersion 1). */
export interface HubContract {
  readonly schemaVersion: number;
  readonly province: string;
  readonly displayName: string;
  readonly registry: string;
  readonly mlpsLevel: number;
  readonly overcommitRatio: number;
  readonly gatewayNamespace: string;
  readonly dns: { namespace: string; podLabels: Record<string, string> };
  /** Private API gateway blocks a burst namespace on a public cluster may reach over the dedicated line (专线). */
  readonly dedicatedLineCidrs: string[];
  /** Ports open towards dedicatedLineCidrs. */
  readonly dedicatedLinePorts: number[];
  /** Kind of the hub's state backend (`local`, `s3`, `pg`, `kubernetes`); its settings stay with the hub. */
  readonly stateBackend: string;
  readonly stacks: { hub: string; platform: Record<string, string> };
  readonly sites: ContractSite[];
  readonly clusters: ContractCluster[];
  readonly industryClouds: ContractIndustryCloud[];
  /** Tenant codes the hub uses: a city project may not take them (they name namespaces). */
  readonly tenants: ContractTenant[];
  /** The middleware shelf, when the hub has offerings: endpoints and grants, no credentials. */
  readonly middleware?: PublishedMiddleware;
  /** Where the hub's backups go and what its recovery planner assumes. */
  readonly recovery?: ContractRecovery;
  /** The department blueprints the province offers (hub.addBlueprint), every version, by name then version. */
  readonly blueprints?: PublishedBlueprint[];
  /** The hub's monitoring, when it runs observability: city tenants get their rules, routing and dashboard from it. */
  readonly observability?: ContractObservability;
  /** Sections other layers publish (hub.addContractSection). */
  readonly [section: string]: unknown;
}

/** Top-level keys of the contract itself; a section may not take one. */
export const CONTRACT_CORE_KEYS: readonly string[] = [
  'schemaVersion',
  'province',
  'displayName',
  'registry',
  'mlpsLevel',
  'overcommitRatio',
  'gatewayNamespace',
  'dns',
  'dedicatedLineCidrs',
  'dedicatedLinePorts',
  'stateBackend',
  'stacks',
  'sites',
  'clusters',
  'industryClouds',
  'tenants',
];

/** An offering as the hub's contract publishes it to city projects: where it runs and how it is reached; no credentials. */
export interface PublishedOffering {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  /** Clusters that run an instance. */
  readonly clusters: string[];
  /** In-cluster service tenants connect to, the same on every cluster. */
  readonly endpoint: { readonly host: string; readonly port: number };
  /** Addresses reachable from the other site, by cluster (a PostgreSQL offering spanning the two sites). */
  /**
   * Addresses reachable from the other site, by cluster (a PostgreSQL offering spanning the two sites), with the
   * address block behind the host: only granted tenants may open a path to it (MLPS3-28).
   */
  readonly siteEndpoints?: Record<string, { readonly host: string; readonly cidr?: string; readonly port: number }>;
  /** Codes of the tenants granted it (grants are made in the hub's project: they change the instance). */
  readonly grants: string[];
}

/** The contract section `middleware` (schemaVersion 1 of the contract): the shelf, by offering name. */
export interface PublishedMiddleware {
  readonly namespace: string;
  readonly offerings: PublishedOffering[];
}

/** A network rule as a blueprint publishes it (NetworkRule of the library). */
export interface PublishedNetworkRule {
  readonly name: string;
  readonly direction: 'ingress' | 'egress';
  readonly peers: Array<{ namespace?: string; podLabels?: Record<string, string>; cidr?: string }>;
  readonly ports: Array<{ port: number; protocol?: 'TCP' | 'UDP' }>;
  readonly clusters?: string[];
}

/** A shelf offering a blueprint needs, with the grant options its tenants get. */
export interface PublishedBlueprintGrant {
  readonly offering: string;
  readonly options: Record<string, string | number>;
}

/**
 * One version of a department blueprint (contract section `blueprints`): what every tenant built from it gets, and
 * what a city may change (`overrides` only tighten, or add what the blueprint lists as optional).
 */
export interface PublishedBlueprint {
  readonly name: string;
  /** Positive integer; tenants name `<name>@<version>`. */
  readonly version: number;
  readonly displayName: string;
  readonly description: string;
  readonly quota: { cpu: number; memoryGi: number; storageGi?: number; pods?: number };
  /** GENERAL, IMPORTANT or CORE: a tenant may be stricter, never looser. */
  readonly dataClass: string;
  readonly networkRules: PublishedNetworkRule[];
  readonly grants: PublishedBlueprintGrant[];
  /** Offerings a tenant may add in its overrides. */
  readonly optionalGrants: string[];
  /** The recovery the department needs; its industry cloud's objective must meet it. */
  readonly recovery: { rtoMinutes: number; rpoMinutes: number; availability: number } | null;
  /** Alerting defaults, passed to the tenant's `alerting` option (the observability feature reads them). */
  readonly alerting: Record<string, unknown> | null;
  /** Names of the applications the blueprint deploys (application definitions are code: only the hub project builds them). */
  readonly applications: string[];
  /** Whether its tenants must run on domestic (信创) ARM64 hardware. */
  readonly requireDomesticHardware: boolean;
}
