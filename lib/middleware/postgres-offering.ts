import { IConstruct } from 'constructs';
import { ProblemReporter } from '../core/context';
import type {
  BackupLocationProps,
  FailoverAddress,
  IIndustryCloud,
  IRecoveryMechanismSource,
  ITenant,
  MechanismEstimate,
  NetworkRule,
  RecoveryAssumptions,
  RecoveryScenario,
  RunbookLoss,
} from '../core/contracts';
import type { OfferingMetricsEndpoint } from '../core/extension';
import { cpuQuantity, giQuantity } from '../core/quantities';
import { backupStoreCredentials, EphemeralAttribute, ephemeralObjectInput } from '../private/ephemeral-input';
import { expression } from '../private/terraform-json';
import { MiddlewareOffering } from './offering';
import { GrantConnectOptions, IMiddlewareGrant, OfferingConnection, OfferingObject, OperatorRelease, PodLabels } from './offering-types';
import { cloudnativePgValues, MiddlewareImages, MiddlewareOperators } from './operators';
import {
  checkPostgresGrant,
  checkPostgresGrantSet,
  checkPostgresTopology,
  postgresEgress,
  postgresNameOf,
  siteRuleName,
  type PostgresOfferingProps,
  type PostgresPoolerOptions,
  type PostgresSiteEndpoint,
} from './postgres-options';
import { postgresEstimates, postgresFailoverAddresses, postgresManifest, postgresManifestFiles, type PostgresRecoveryView, postgresRunbookSteps, primaryAddressHost } from './postgres-recovery';

/** The shared CA of a PostgreSQL offering across sites, as PEM. */
const CA_ATTRIBUTES: readonly EphemeralAttribute[] = [
  { name: 'crt', pattern: '(?s)^\\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\\s*$', what: 'a PEM certificate' },
  { name: 'key', pattern: '(?s)^\\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----.+-----END (RSA |EC )?PRIVATE KEY-----\\s*$', what: 'a PEM private key' },
];

/**
 * PostgreSQL run by CloudNativePG (a `Cluster` per cluster, named after the offering), granted per tenant as a
 * database owned by a login role of its own.
 *
 * - Instances: `instances` pods spread over nodes (required anti-affinity), equal requests and limits, superuser
 *   access off, connections and disconnections logged (MLPS 8.1.4.3), passwords hashed with SCRAM-SHA-256.
 * - Access (`pg_hba`): only over TLS, and each role only to its own database; everything else is rejected.
 * - A grant: a managed role in the Cluster (password from a basic-auth secret `<tenant>--<offering>`), and a
 *   `Database` `<tenant>--<offering>` owned by it, kept when the grant is removed (`databaseReclaimPolicy: retain`).
 * - Tenants connect to `<offering>-rw` (or `<offering>-pooler` with a pooler) on 5432.
 */
export class PostgresOffering extends MiddlewareOffering implements IRecoveryMechanismSource {
  public readonly kind = 'postgresql';
  public readonly archiveTimeoutSeconds: number;
  public readonly siteEndpoints: Readonly<Record<string, PostgresSiteEndpoint>>;
  private readonly props: PostgresOfferingProps;
  private replicationCache?: { grants: readonly IMiddlewareGrant[]; mode: 'synchronous' | 'asynchronous' };
  public readonly instances: number;
  public readonly storageGi: number;
  public readonly walStorageGi?: number;
  public readonly cpu: number;
  public readonly memoryGi: number;
  public readonly pooler?: Required<PostgresPoolerOptions>;
  private readonly image?: string;

  constructor(props: PostgresOfferingProps = {}) {
    super(props ?? {}, 'postgres');
    // Through the props boundary: a JavaScript caller's null (the defaults then apply, as for no props), Symbol or
    // BigInt is taken out and reported at the gate.
    props = this.givenOptions as PostgresOfferingProps;
    this.props = props;
    this.archiveTimeoutSeconds = props.archiveTimeoutSeconds ?? 120;
    this.siteEndpoints = props.siteEndpoints ?? {};
    this.instances = props.instances ?? 3;
    this.storageGi = props.storageGi ?? 100;
    this.walStorageGi = props.walStorageGi;
    this.cpu = props.cpu ?? 2;
    this.memoryGi = props.memoryGi ?? 8;
    this.image = props.image;
    this.pooler = props.pooler
      ? { instances: props.pooler.instances ?? 2, poolMode: props.pooler.poolMode ?? 'session', cpu: props.pooler.cpu ?? 0.5, memoryGi: props.pooler.memoryGi ?? 0.5 }
      : undefined;
  }

  protected get port(): number {
    return 5432;
  }

  protected get serviceName(): string {
    return this.pooler ? this.poolerName : `${this.name}-rw`;
  }

  protected get clientPods(): PodLabels {
    return this.pooler ? { 'cnpg.io/poolerName': this.poolerName } : { 'cnpg.io/cluster': this.name };
  }

  protected get operatorPorts(): number[] {
    // The operator reaches each instance manager's status endpoint; it runs SQL through it, not over 5432.
    return [8000];
  }

  protected get grantOptionNames(): string[] {
    return ['database', 'role', 'connectionLimit'];
  }

  private get poolerName(): string {
    return `${this.name}-pooler`;
  }

  protected operatorRelease(): OperatorRelease {
    return this.pinnedRelease(MiddlewareOperators.CLOUDNATIVE_PG, cloudnativePgValues(this.imageRegistry));
  }

  protected clusterAmounts() {
    const p = this.pooler;
    return {
      cpu: this.instances * this.cpu + (p ? p.instances * p.cpu : 0),
      memoryGi: this.instances * this.memoryGi + (p ? p.instances * p.memoryGi : 0),
      storageGi: this.instances * (this.storageGi + (this.walStorageGi ?? 0)),
      pods: this.instances + (p ? p.instances : 0),
    };
  }

  protected sizing(): Record<string, unknown> {
    return {
      // How the instances relate and where their data goes (the review and auditors read it here).
      topology: this.distributed
        ? {
            kind: 'distributed',
            primaryCluster: this.primaryClusterName,
            replication: this.replication,
            siteEndpoints: Object.fromEntries(
              Object.entries(this.siteEndpoints)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([c, e]) => [c, { host: e.host, cidr: e.cidr, port: e.port ?? 5432 }]),
            ),
          }
        : { kind: 'independent' },
      walArchive: this.archive
        ? { destination: `s3://${this.archive.bucket}/${this.archive.prefix ?? this.shelf.hub.province}/postgres/${this.name}`, archiveTimeoutSeconds: this.archiveTimeoutSeconds }
        : null,
      instances: this.instances,
      cpu: this.cpu,
      memoryGi: this.memoryGi,
      storageGi: this.storageGi,
      walStorageGi: this.walStorageGi ?? null,
      pooler: this.pooler ? { ...this.pooler } : null,
    };
  }

  protected grantDetails(grant: IMiddlewareGrant): Record<string, string | number> {
    const o: GrantConnectOptions = grant.options;
    const role = o.role ?? postgresNameOf(grant.tenant.code);
    const out: Record<string, string | number> = { database: o.database ?? role, role };
    if (o.connectionLimit !== undefined) out.connectionLimit = o.connectionLimit;
    return out;
  }

  protected connectionSecret(_grant: IMiddlewareGrant, d: Record<string, string | number>, passwordRef: string, cluster: string): Record<string, string> {
    // Through the hub-owned address the failover stacks switch (a failover needs no tenant stack); without recovery, on
    // a replica site writes go to the primary's site endpoint when there is one, else to the local replica.
    const remote = this.isReplica(cluster) ? this.siteEndpoints[this.primaryClusterName] : undefined;
    const host = this.ownsAddress ? primaryAddressHost({ name: this.name, namespace: this.namespace }) : (remote?.host ?? this.connection().host);
    const port = this.ownsAddress ? (this.siteEndpoints[this.primaryClusterName]?.port ?? this.port) : (remote?.port ?? this.port);
    const db = String(d.database);
    return {
      host,
      port: String(port),
      dbname: db,
      username: String(d.role),
      password: expression(passwordRef),
      sslmode: 'require',
      uri: `postgresql://${d.role}:${expression(`urlencode(${passwordRef})`)}@${host}:${port}/${db}?sslmode=require`,
      'jdbc-uri': `jdbc:postgresql://${host}:${port}/${db}?sslmode=require`,
    };
  }

  // ---- data follows: distributed topology, WAL archive and base backups at the DR centre ----

  /** Whether one database spans the clusters (a primary and replica clusters), rather than one per cluster. */
  public get distributed(): boolean {
    if (this.props.topology) return this.props.topology === 'distributed' && this.clusterNames.length > 1;
    // By default one database over the sites, as soon as a replica has a way to follow the primary.
    return this.spansSites && (this.siteEndpoints[this.primaryClusterName] !== undefined || this.archive !== undefined);
  }

  private get spansSites(): boolean {
    const hub = this.shelf.hub;
    return new Set(this.clusterNames.map((c) => hub.cluster(c)?.site).filter((x) => x !== undefined)).size > 1;
  }

  /** Cluster of the primary (distributed topology). */
  public get primaryClusterName(): string {
    return this.props.primaryCluster ?? this.clusterNames[0] ?? '';
  }

  /** Replication between the sites, as declared or as the granted tenants' objectives demand. */
  public get replication(): 'synchronous' | 'asynchronous' {
    if (this.props.replication) return this.props.replication;
    const grants = this.shelf.grantsOf(this.name);
    if (this.replicationCache?.grants !== grants) {
      const zeroLoss = grants.some((g) => g.tenant.industryCloud.recovery?.rpoMinutes === 0);
      this.replicationCache = { grants, mode: zeroLoss ? 'synchronous' : 'asynchronous' };
    }
    return this.replicationCache.mode;
  }

  /** The DR centre's object store that receives WAL and base backups, when the hub declares one. */
  public get archive(): BackupLocationProps | undefined {
    return this.shelf.hub.recovery?.backupLocation;
  }

  private isReplica(cluster: string): boolean {
    return this.distributed && cluster !== this.primaryClusterName;
  }

  /** Name of a cluster's instance in the distributed topology (`replica.self`, the external cluster name). */
  private selfName(cluster: string): string {
    return `${this.name}-${cluster}`;
  }

  /** The secret with the shared CA (`ca.crt`, `ca.key`) on every cluster of a distributed instance. */
  private get caSecretName(): string {
    return `${this.name}-ca`;
  }

  /** The ephemeral variable the shared CA comes from: `gov_lz_<offering>_ca`, `{ crt, key }` in PEM. */
  public get caVariable(): string {
    return `gov_lz_${this.name.replace(/[^A-Za-z0-9]+/g, '_')}_ca`;
  }

  /** The secret with the DR object store key (`ACCESS_KEY_ID`, `ACCESS_SECRET_KEY`). */
  private get drCredentialsSecretName(): string {
    return `${this.name}-dr-credentials`;
  }

  private get hubRecoveryRevision(): number {
    return (this.archive as { credentialsRevision?: number } | undefined)?.credentialsRevision ?? 1;
  }

  /** The DR object store of a cluster's instance (WAL archive and base backups). */
  public objectStore(cluster: string): Record<string, unknown> {
    const loc = this.archive!;
    const credentials = this.drCredentialsSecretName;
    return {
      destinationPath: `s3://${loc.bucket}/${loc.prefix ?? this.shelf.hub.province}/postgres/${this.name}`,
      endpointURL: loc.endpoint,
      serverName: this.selfName(cluster),
      s3Credentials: {
        accessKeyId: { name: credentials, key: 'ACCESS_KEY_ID' },
        secretAccessKey: { name: credentials, key: 'ACCESS_SECRET_KEY' },
      },
      wal: { compression: 'gzip', maxParallel: 2 },
      data: { compression: 'gzip' },
    };
  }

  /** What the Cluster spec gets for replication and archiving on a cluster. */
  private dataFollows(cluster: string, instanceCount: number, primaryOverride?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.archive) {
      out.backup = { barmanObjectStore: this.objectStore(cluster), retentionPolicy: this.props.backupRetention ?? '30d' };
    }
    if (!this.distributed) return out;
    const clusters = this.clusterNames;
    const primary = primaryOverride ?? this.primaryClusterName;
    const others = clusters.filter((c) => c !== cluster);
    out.replica = { self: this.selfName(cluster), primary: this.selfName(primary), source: this.selfName(cluster === primary ? others[0] : primary) };
    out.externalClusters = clusters.map((c) => {
      const ep = this.siteEndpoints[c];
      return {
        name: this.selfName(c),
        ...(this.archive ? { barmanObjectStore: this.objectStore(c) } : {}),
        ...(ep
          ? {
              connectionParameters: { host: ep.host, port: String(ep.port ?? 5432), user: 'streaming_replica', sslmode: 'verify-full', dbname: 'postgres' },
              // The sites share one CA (certificates.serverCASecret / clientCASecret, from gov_lz_<offering>_ca): each
              // operator signs its own `<name>-replication` client certificate with it.
              sslKey: { name: `${this.name}-replication`, key: 'tls.key' },
              sslCert: { name: `${this.name}-replication`, key: 'tls.crt' },
              sslRootCert: { name: `${this.name}-ca`, key: 'ca.crt' },
            }
          : {}),
      };
    });
    // The first cluster is created by initdb; the others are cloned from it. A replica cluster always carries a
    // bootstrap (the operator's webhook rejects a replica without one): after the primary moved, the former primary
    // is re-cloned from the new one.
    const origin = clusters[0];
    const from = cluster === primary ? origin : primary;
    if (cluster !== from) {
      out.bootstrap = this.siteEndpoints[from] ? { pg_basebackup: { source: this.selfName(from) } } : { recovery: { source: this.selfName(from) } };
    }
    if (this.replication === 'synchronous' && instanceCount >= 2) {
      // One commit waits for the replica clusters' designated primaries and one local standby (CloudNativePG counts
      // only local standbys for failover, so `number` must exceed the remote names).
      out.synchronous = {
        method: 'first',
        number: others.length + 1,
        maxStandbyNamesFromCluster: 1,
        standbyNamesPre: others.map(() => this.name),
        dataDurability: 'required',
      };
    }
    return out;
  }

  public connection(): OfferingConnection {
    const base = { ...super.connection(), egress: postgresEgress(this, this.clusterNames) };
    if (!this.distributed) return base;
    const ingress = base.clusters.map((cluster) => ({
      cluster,
      fromCidrs: base.clusters.filter((c) => c !== cluster && this.siteEndpoints[c]).map((c) => this.siteEndpoints[c].sourceCidr),
      ports: [this.siteEndpoints[cluster]?.port ?? 5432],
    }));
    return { ...base, crossSiteIngress: ingress.filter((x) => x.fromCidrs.length > 0) };
  }

  protected grantNetworkRules(grant: IMiddlewareGrant): NetworkRule[] {
    if (!this.distributed) return [];
    if (this.ownsAddress) {
      // After a failover the primary may be on any other site: each cluster may reach the others' site endpoints.
      return this.clusterNames
        .filter((c) => this.siteEndpoints[c])
        .map((c) => ({ c, clusters: grant.clusters.filter((x) => x !== c) }))
        .filter(({ clusters }) => clusters.length > 0)
        .map(({ c, clusters }) => ({
          name: siteRuleName(this.name, c),
          direction: 'egress' as const,
          peers: [{ cidr: this.siteEndpoints[c].cidr }],
          ports: [{ port: this.siteEndpoints[c].port ?? 5432 }],
          clusters,
        }));
    }
    const ep = this.siteEndpoints[this.primaryClusterName];
    const replicas = grant.clusters.filter((c) => this.isReplica(c));
    if (!ep || replicas.length === 0) return [];
    return [{ name: `middleware-${this.name}-primary`, direction: 'egress', peers: [{ cidr: ep.cidr }], ports: [{ port: ep.port ?? 5432 }], clusters: replicas }];
  }

  public recoveryEstimates(tenant: ITenant, scenario: RecoveryScenario, a: Required<RecoveryAssumptions>): MechanismEstimate[] {
    if (!this.isGranted(tenant)) return [];
    return postgresEstimates(this.recoveryView, scenario, a);
  }

  public runbookSteps(ic: IIndustryCloud, scenario: RecoveryScenario, lost?: RunbookLoss): string[] {
    const users = this.grantsWithDetails()
      .filter(({ grant }) => grant.tenant.industryCloud === ic)
      .map(({ grant }) => grant.tenant.code);
    if (users.length === 0) return [];
    const hub = this.shelf.hub;
    const drSite = hub.sites.find((s) => s.name === this.archive?.site);
    const dr = drSite ? hub.clusters.find((c) => c.site === drSite.name)?.name : undefined;
    return postgresRunbookSteps(this.recoveryView, ic, users, scenario, lost, dr);
  }

  public failoverAddresses(cluster: string): FailoverAddress[] {
    return this.ownsAddress ? postgresFailoverAddresses(this.recoveryView, cluster) : [];
  }

  public runbookManifests(): { files: readonly string[]; render(file: string): Record<string, unknown> } {
    return { files: postgresManifestFiles(this.recoveryView), render: (file) => postgresManifest(this.recoveryView, file) };
  }

  /** Whether tenants connect through the hub-owned address the failover stacks switch (distributed, with recovery). */
  private get ownsAddress(): boolean {
    return this.distributed && this.shelf.hub.recovery?.ownsDatabaseAddresses === true;
  }

  private get recoveryView(): PostgresRecoveryView {
    return {
      name: this.name,
      archiveTimeoutSeconds: this.archiveTimeoutSeconds,
      siteEndpoints: this.siteEndpoints,
      distributed: this.distributed,
      primaryClusterName: this.primaryClusterName,
      archive: this.archive,
      replication: this.replication,
      instances: this.instances,
      namespace: this.namespace,
      clusters: this.connection().clusters,
      storageGi: this.storageGi,
      localService: this.serviceName,
      hub: this.shelf.hub,
      automation: this.shelf.hub.recovery?.automation?.databasePromotion,
      selfName: (c) => this.selfName(c),
      clusterSpec: (c, primary) => this.clusterSpec(c, primary),
      objectStore: (c) => this.objectStore(c),
    };
  }

  /** The Cluster spec on a cluster, with the primary where the code declares it, or where a runbook step moves it. */
  public clusterSpec(cluster: string, primaryOverride?: string): Record<string, unknown> {
    const grants = this.grantsWithDetails();
    const quantity = { cpu: cpuQuantity(this.cpu), memory: giQuantity(this.memoryGi) };
    const storage = (gi: number) => ({ size: giQuantity(gi), ...(this.baseOptions.storageClass ? { storageClass: this.baseOptions.storageClass } : {}) });
    const spec: Record<string, unknown> = {
      description: `gov-lz shared PostgreSQL "${this.name}"`,
      instances: this.instances,
      imageName: this.imageReference(this.image ?? MiddlewareImages.POSTGRESQL),
      imagePullPolicy: 'IfNotPresent',
      enableSuperuserAccess: false,
      storage: storage(this.storageGi),
      resources: { requests: quantity, limits: quantity },
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' },
      inheritedMetadata: { labels: this.labels() },
      postgresql: {
        parameters: {
          password_encryption: 'scram-sha-256',
          log_connections: 'on',
          log_disconnections: 'on',
          ...(this.archive ? { archive_timeout: `${this.archiveTimeoutSeconds}s` } : {}),
        },
        pg_hba: [
          // CloudNativePG's fixed rules (local peer, streaming replica and pooler by certificate) come first; then only these.
          ...grants.map(({ details }) => `hostssl ${details.database} ${details.role} all scram-sha-256`),
          'host all all all reject',
        ],
      },
      managed: {
        roles: grants.map(({ grant, details }) => ({
          name: String(details.role),
          ensure: 'present',
          login: true,
          inherit: true,
          connectionLimit: typeof details.connectionLimit === 'number' ? details.connectionLimit : -1,
          comment: `gov-lz tenant ${grant.tenant.code}`,
          passwordSecret: { name: `${grant.tenant.code}--${this.name}` },
        })),
      },
    };
    if (this.walStorageGi !== undefined) spec.walStorage = storage(this.walStorageGi);
    const follows = this.dataFollows(cluster, this.instances, primaryOverride);
    const { synchronous, ...rest } = follows;
    Object.assign(spec, rest);
    if (synchronous) (spec.postgresql as Record<string, unknown>).synchronous = synchronous;
    if (this.distributed && this.siteEndpoints[cluster] !== undefined) {
      // One CA for both sites, from the platform's PKI: the operator on each cluster signs its server certificate (with
      // the site address the other site connects to, so `verify-full` holds) and its streaming_replica client
      // certificate with it, and each side trusts the other's. Operators left to themselves make a CA per cluster.
      spec.certificates = { serverCASecret: this.caSecretName, clientCASecret: this.caSecretName, serverAltDNSNames: [this.siteEndpoints[cluster].host] };
    }
    return spec;
  }

  /**
   * The instance pods as CloudNativePG labels them (its own PodMonitor's selector); the Cluster leaves
   * `monitoring.enablePodMonitor` unset (false, and deprecated upstream): the hub's monitoring makes the monitor.
   */
  public metricsEndpoints(): OfferingMetricsEndpoint[] {
    return [{ part: 'instance', podLabels: { 'cnpg.io/cluster': this.name, 'cnpg.io/podRole': 'instance' }, port: 'metrics', upSeries: 'cnpg_collector_up' }];
  }

  protected instanceObjects(cluster: string): OfferingObject[] {
    const spec = this.clusterSpec(cluster);
    const crossSite = this.distributed && this.siteEndpoints[cluster] !== undefined;
    const out: OfferingObject[] = [{ ...this.customResource('postgresql.cnpg.io/v1', 'Cluster', this.name, spec), holdsData: true, dependsOnParts: [] }];
    const secretParts: string[] = [];
    if (crossSite) {
      const ca = ephemeralObjectInput(
        this.scope,
        this.caVariable,
        CA_ATTRIBUTES,
        `CA certificate and key of the shared PostgreSQL "${this.name}" across the sites (never stored: ephemeral, write-only)`,
      );
      out.push({
        part: 'ca',
        ...this.writeOnlySecret(this.caSecretName, { 'ca.crt': this.expression(`${ca}.crt`), 'ca.key': this.expression(`${ca}.key`) }, { revision: this.props.caRevision ?? 1 }),
      });
      secretParts.push('ca');
    }
    if (this.archive) {
      const store = backupStoreCredentials(this.scope);
      out.push({
        part: 'dr-credentials',
        ...this.writeOnlySecret(
          this.drCredentialsSecretName,
          { ACCESS_KEY_ID: this.expression(`${store}.access_key_id`), ACCESS_SECRET_KEY: this.expression(`${store}.secret_access_key`) },
          { revision: this.hubRecoveryRevision },
        ),
      });
      secretParts.push('dr-credentials');
    }
    // The secrets first: the operator reads them when it first reconciles the Cluster.
    (out[0] as { dependsOnParts?: readonly string[] }).dependsOnParts = secretParts;
    if (this.archive) {
      out.push({
        part: 'base-backup',
        ...this.customResource('postgresql.cnpg.io/v1', 'ScheduledBackup', `${this.name}-daily`, {
          schedule: this.props.baseBackupSchedule ?? '0 0 2 * * *',
          cluster: { name: this.name },
          method: 'barmanObjectStore',
          backupOwnerReference: 'self',
          immediate: true,
          target: 'prefer-standby',
        }),
        dependsOnParts: [''],
      });
    }
    const p = this.pooler;
    if (p) {
      const q = { cpu: cpuQuantity(p.cpu), memory: giQuantity(p.memoryGi) };
      out.push({
        part: 'pooler',
        ...this.customResource('postgresql.cnpg.io/v1', 'Pooler', this.poolerName, {
          cluster: { name: this.name },
          instances: p.instances,
          type: 'rw',
          pgbouncer: { poolMode: p.poolMode },
          template: {
            metadata: { labels: this.labels() },
            spec: { containers: [{ name: 'pgbouncer', resources: { requests: q, limits: q } }] },
          },
        }),
      });
    }
    return out;
  }

  protected grantObjects(grant: IMiddlewareGrant, d: Record<string, string | number>): OfferingObject[] {
    const name = `${grant.tenant.code}--${this.name}`;
    return [
      {
        part: 'credentials',
        ...this.writeOnlySecret(
          name,
          { username: String(d.role), password: expression(this.hubPasswordRef(grant.tenant.code)) },
          {
            type: 'kubernetes.io/basic-auth',
            // CloudNativePG re-reads a role's password only from secrets that carry this label.
            labels: { 'cnpg.io/reload': 'true', 'gov-lz.io/tenant': grant.tenant.code },
            revision: this.credentialsRevision(grant),
          },
        ),
      },
      {
        part: 'database',
        ...this.customResource(
          'postgresql.cnpg.io/v1',
          'Database',
          name,
          {
            cluster: { name: this.name },
            name: String(d.database),
            owner: String(d.role),
            ensure: 'present',
            // Removing a grant must not drop a department's data: the database stays until an administrator drops it.
            databaseReclaimPolicy: 'retain',
          },
          { 'gov-lz.io/tenant': grant.tenant.code },
        ),
        dependsOnParts: ['credentials'],
      },
    ];
  }

  protected checkProps(r: ProblemReporter, at: IConstruct): void {
    this.checkAmounts(r, at, [
      { field: 'instances', value: this.instances, integer: true, min: 1 },
      { field: 'storageGi', value: this.storageGi, min: 1 },
      { field: 'cpu', value: this.cpu, min: 0.1 },
      { field: 'memoryGi', value: this.memoryGi, min: 0.25 },
      ...(this.walStorageGi !== undefined ? [{ field: 'walStorageGi', value: this.walStorageGi, min: 1 }] : []),
      ...(this.pooler
        ? [
            { field: 'pooler.instances', value: this.pooler.instances, integer: true, min: 1 },
            { field: 'pooler.cpu', value: this.pooler.cpu, min: 0.05 },
            { field: 'pooler.memoryGi', value: this.pooler.memoryGi, min: 0.0625 },
          ]
        : []),
    ]);
    if (this.pooler && !['session', 'transaction'].includes(this.pooler.poolMode)) {
      r.error(at, {
        code: 'invalid-value',
        value: this.pooler.poolMode,
        message: 'pooler.poolMode must be session or transaction',
        fix: "use 'session' (any client) or 'transaction' (more multiplexing; no session state)",
      });
    }
    if (this.instances === 1) {
      r.warn(at, `PostgreSQL offering "${this.name}" has 1 instance: no standby takes over when it fails`);
    }
    this.checkDataFollows(r, at);
  }

  private checkDataFollows(r: ProblemReporter, at: IConstruct): void {
    checkPostgresTopology(r, at, this, { props: this.props, clusters: this.clusterNames, spansSites: this.spansSites });
  }

  protected checkGrant(grant: IMiddlewareGrant, d: Record<string, string | number>, r: ProblemReporter): void {
    checkPostgresGrant(grant, d, r);
  }

  protected checkGrantSet(r: ProblemReporter): void {
    checkPostgresGrantSet(r, this.name, this.grantsWithDetails());
  }
}
