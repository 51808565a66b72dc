import { IConstruct } from 'constructs';
import { backupStoreCredentials, EphemeralAttribute, ephemeralObjectInput } from '../private/ephemeral-input';
import { MiddlewareOffering } from './offering';
import { GrantConnectOptions, IMiddlewareGrant, MiddlewareOfferingOptions, OfferingConnection, OfferingObject, OperatorRelease, PodLabels } from './offering-types';
import { cloudnativePgValues, MiddlewareImages, MiddlewareOperators } from './operators';
import { ProblemReporter } from '../core/context';
import { cpuQuantity, giQuantity } from '../core/quantities';
import { parseCidr } from '../private/cidr';
import type { RecoveryAssumptions } from '../core/contracts';
import type { BackupLocationProps, IRecoveryMechanismSource, RecoveryScenario, RunbookLoss } from '../core/contracts';
import type { MechanismEstimate, Term } from '../core/contracts';
import type { IIndustryCloud } from '../core/contracts';
import type { ITenant, NetworkRule } from '../core/contracts';
import { expression } from '../private/terraform-json';

/** The shared CA of a PostgreSQL offering across sites, as PEM. */
const CA_ATTRIBUTES: readonly EphemeralAttribute[] = [
  { name: 'crt', pattern: '(?s)^\\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\\s*$', what: 'a PEM certificate' },
  { name: 'key', pattern: '(?s)^\\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----.+-----END (RSA |EC )?PRIVATE KEY-----\\s*$', what: 'a PEM private key' },
];

/** A PgBouncer pooler in front of the PostgreSQL cluster. */
export interface PostgresPoolerOptions {
  /** PgBouncer pods. @default 2 */
  readonly instances?: number;
  /** `session` or `transaction` pooling. @default 'session' (works with every client; `transaction` multiplexes more) */
  readonly poolMode?: 'session' | 'transaction';
  /** CPU cores per pod. @default 0.5 */
  readonly cpu?: number;
  /** Memory per pod, GiB. @default 0.5 */
  readonly memoryGi?: number;
}

/** Where one cluster's PostgreSQL is reachable from the other sites (an L4 address the data-centre network routes between them). */
export interface PostgresSiteEndpoint {
  /** Host name that replicas and tenants on other sites use for this cluster's instance, e.g. `pg-hz-a.zj.gov.internal`. */
  readonly host: string;
  /** Address block of that endpoint: egress from the other sites goes there. */
  readonly cidr: string;
  /** Address block that traffic from this cluster's pods arrives from at the other sites (its egress or SNAT range). */
  readonly sourceCidr: string;
  /** @default 5432 */
  readonly port?: number;
}

/** Properties of a {@link PostgresOffering}. */
export interface PostgresOfferingProps extends MiddlewareOfferingOptions {
  /** PostgreSQL instances per cluster (one primary, the others hot standbys). @default 3 */
  readonly instances?: number;
  /** Data volume per instance, GiB. @default 100 */
  readonly storageGi?: number;
  /** Separate WAL volume per instance, GiB. @default - WAL on the data volume */
  readonly walStorageGi?: number;
  /**
   * Bump to rewrite the shared CA into the clusters after a rotation. Over two sites the CA (certificate and key, PEM)
   * comes from the ephemeral variable `gov_lz_<offering>_ca` (`{ crt, key }`), never from cdktf.out or the state.
   * @default 1
   */
  readonly caRevision?: number;
  /** CPU cores per instance (request = limit). @default 2 */
  readonly cpu?: number;
  /** Memory per instance, GiB (request = limit). @default 8 */
  readonly memoryGi?: number;
  /** PostgreSQL image (path under the image registry, or a full reference with a registry host). @default - MiddlewareImages.POSTGRESQL from the hub registry */
  readonly image?: string;
  /** A PgBouncer pooler in front: tenants then connect to it. @default - none, tenants connect to the primary */
  readonly pooler?: PostgresPoolerOptions;
  /**
   * How the instances on several clusters relate. `distributed`: one database; the primary on `primaryCluster`
   * and a CloudNativePG replica cluster on every other cluster, following it (CloudNativePG's distributed
   * topology; promoted on failover). `independent`: every cluster runs a database of its own.
   * @default 'distributed' when the clusters are on two or more sites, else 'independent'
   */
  readonly topology?: 'distributed' | 'independent';
  /**
   * Cluster of the primary in a distributed topology. After a failover, set it to the promoted cluster so that the
   * code matches what runs (the runbook says so).
   * @default - the first of `clusters`
   */
  readonly primaryCluster?: string;
  /**
   * Replication between the sites. Synchronous needs `siteEndpoints` (streaming) and at least 2 instances.
   * @default - 'synchronous' when a granted tenant's recovery objective has an RPO of 0, else 'asynchronous'
   */
  readonly replication?: 'synchronous' | 'asynchronous';
  /**
   * PostgreSQL `archive_timeout`: the longest a WAL segment waits before it is archived to the DR centre. With
   * asynchronous replication it bounds the RPO (plus the upload). PostgreSQL's own default, 5 minutes, would miss
   * the 5-minute RPO government clouds set once the upload is added; 2 minutes meets it with room (2.5 min with
   * the default 30 s upload), at the cost of at most 720 mostly empty, compressed segments a day on an idle database.
   * @default 120
   */
  readonly archiveTimeoutSeconds?: number;
  /**
   * Where each cluster's instance is reachable from the other sites, by cluster code: streaming replication between
   * sites, and writes from tenants on a replica site to the primary.
   * @default - none: a replica follows the WAL archive only, and tenants on a replica site reach the local, read-only replica
   */
  readonly siteEndpoints?: Record<string, PostgresSiteEndpoint>;
  /** Cron (six fields, seconds first) of the base backups to the DR centre. @default '0 0 2 * * *' (02:00 daily) */
  readonly baseBackupSchedule?: string;
  /** How long base backups and archived WAL are kept at the DR centre. @default '30d' */
  readonly backupRetention?: string;
}

/** PostgreSQL roles and databases a tenant may not take: PostgreSQL's own, CloudNativePG's, and the cluster's bootstrap database. */
const RESERVED_PG_NAMES = ['postgres', 'template0', 'template1', 'streaming_replica', 'app', 'public', 'none', 'current_role', 'current_user', 'session_user'];
/** SQL reserved key words (PostgreSQL 18, "reserved" and "reserved (can be function or type)"): not valid as a bare role or database name. */
const SQL_RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create ' +
    'cross current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end ' +
    'except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user ' +
    'similar some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'
  ).split(' '),
);
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** What is wrong with a PostgreSQL role or database name, or undefined. */
export function checkPostgresName(name: unknown, what: 'role' | 'database'): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `the ${what} name is empty`;
  if (Buffer.byteLength(name) > 63) return `${what} name "${name}" is ${Buffer.byteLength(name)} bytes long; PostgreSQL truncates names after 63`;
  if (!PG_IDENTIFIER.test(name)) return `${what} name "${name}" is not a plain PostgreSQL identifier (lower-case letters, digits and '_', not starting with a digit), so every client would have to quote it`;
  if (RESERVED_PG_NAMES.includes(name)) return `${what} name "${name}" is reserved by PostgreSQL or CloudNativePG`;
  if (/^(pg_|cnpg_)/.test(name)) return `${what} name "${name}" starts with a prefix reserved by ${name.startsWith('pg_') ? 'PostgreSQL' : 'CloudNativePG'}`;
  if (SQL_RESERVED.has(name)) return `${what} name "${name}" is an SQL reserved word`;
  return undefined;
}

/** The PostgreSQL name of a tenant code: `-` is written `_`. */
export function postgresNameOf(code: string): string {
  return String(code).replace(/-/g, '_');
}

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
    super(props, 'postgres');
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
            siteEndpoints: Object.fromEntries(Object.entries(this.siteEndpoints).sort(([a], [b]) => a.localeCompare(b)).map(([c, e]) => [c, { host: e.host, port: e.port ?? 5432 }])),
          }
        : { kind: 'independent' },
      walArchive: this.archive ? { destination: `s3://${this.archive.bucket}/${this.archive.prefix ?? this.shelf.hub.province}/postgres/${this.name}`, archiveTimeoutSeconds: this.archiveTimeoutSeconds } : null,
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
    // On a replica site, writes go to the primary's site endpoint when there is one; else to the local replica.
    const remote = this.isReplica(cluster) ? this.siteEndpoints[this.primaryClusterName] : undefined;
    const host = remote?.host ?? this.connection().host;
    const port = remote?.port ?? this.port;
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

  private objectStore(cluster: string): Record<string, unknown> {
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
  private dataFollows(cluster: string, instanceCount: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.archive) {
      out.backup = { barmanObjectStore: this.objectStore(cluster), retentionPolicy: this.props.backupRetention ?? '30d' };
    }
    if (!this.distributed) return out;
    const clusters = this.clusterNames;
    const primary = this.primaryClusterName;
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
    // The first cluster is created by initdb; the others are cloned from it. Kept when the primary moves later.
    const origin = clusters[0];
    if (cluster !== origin) {
      out.bootstrap = this.siteEndpoints[origin] ? { pg_basebackup: { source: this.selfName(origin) } } : { recovery: { source: this.selfName(origin) } };
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
    const base = super.connection();
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
    const ep = this.siteEndpoints[this.primaryClusterName];
    const replicas = grant.clusters.filter((c) => this.isReplica(c));
    if (!ep || replicas.length === 0) return [];
    return [{ name: `middleware-${this.name}-primary`, direction: 'egress', peers: [{ cidr: ep.cidr }], ports: [{ port: ep.port ?? 5432 }], clusters: replicas }];
  }

  public recoveryEstimates(tenant: ITenant, scenario: RecoveryScenario, a: Required<RecoveryAssumptions>): MechanismEstimate[] {
    if (!this.isGranted(tenant)) return [];
    const archiveTerms: Term[] = [
      { name: 'WAL archive timeout', seconds: this.archiveTimeoutSeconds, setting: `PostgresOffering "${this.name}" archiveTimeoutSeconds` },
      { name: 'WAL upload to the DR centre', seconds: a.walUploadSeconds, setting: 'recovery.assumptions.walUploadSeconds' },
    ];
    const unbounded: Term[] = [{ name: 'asynchronous replication lag (no WAL archive bounds it)', seconds: Number.POSITIVE_INFINITY, setting: 'recovery.backupLocation' }];
    const restore: Term = {
      name: `restore the database (${Math.round(this.storageGi * a.storageFillRatio)} GiB) from the DR centre`,
      seconds: Math.round((this.storageGi * a.storageFillRatio * 1024) / a.restoreThroughputMiBps),
      setting: 'storageGi × recovery.assumptions.storageFillRatio / restoreThroughputMiBps',
    };
    const id = `postgresql:${this.name}`;
    if (scenario === 'regional') {
      if (!this.archive) return [{ id, description: `PostgreSQL "${this.name}": no WAL archive at the DR centre`, rpo: [], rto: [], impossible: `PostgreSQL "${this.name}" archives nothing to the DR centre (no recovery.backupLocation)` }];
      return [{ id, description: `PostgreSQL "${this.name}": base backup and WAL restored from the DR centre`, rpo: archiveTerms, rto: [restore], rpoFix: `lower archiveTimeoutSeconds on PostgresOffering "${this.name}"` }];
    }
    if (this.distributed) {
      const promotion: Term = { name: 'promote the replica cluster', seconds: a.databasePromotionSeconds, setting: 'recovery.assumptions.databasePromotionSeconds' };
      const replicas = this.clusterNames.filter((c) => c !== this.primaryClusterName).join(', ');
      if (this.replication === 'synchronous') {
        return [{ id, description: `PostgreSQL "${this.name}": synchronous replica cluster on ${replicas}`, rpo: [], rto: [promotion] }];
      }
      return [{
        id,
        description: `PostgreSQL "${this.name}": asynchronous replica cluster on ${replicas}; the guaranteed bound is the WAL archive`,
        rpo: this.archive ? archiveTerms : unbounded,
        rto: [promotion],
        rpoFix: this.archive
          ? `lower archiveTimeoutSeconds on PostgresOffering "${this.name}", or use replication: 'synchronous' (needs siteEndpoints)`
          : `declare recovery.backupLocation on the hub (WAL archive), or use replication: 'synchronous' (needs siteEndpoints)`,
        rtoFix: 'lower recovery.assumptions.databasePromotionSeconds with an automated promotion',
      }];
    }
    return [{
      id,
      description: `PostgreSQL "${this.name}": an independent database per cluster; a lost site's database is restored from the DR centre`,
      rpo: this.archive ? archiveTerms : unbounded,
      rto: [restore],
      rpoFix: `run it on two production sites (topology 'distributed') or lower archiveTimeoutSeconds`,
      rtoFix: `run it on two production sites (topology 'distributed'): a replica cluster is promoted instead of restored`,
    }];
  }

  public runbookSteps(ic: IIndustryCloud, scenario: RecoveryScenario, lost?: RunbookLoss): string[] {
    const users = this.grantsWithDetails().filter(({ grant }) => grant.tenant.industryCloud === ic).map(({ grant }) => grant.tenant.code);
    if (users.length === 0) return [];
    const hub = this.shelf.hub;
    const ctx = (c: string) => hub.cluster(c)?.connection.context ?? c;
    if (scenario === 'site') {
      if (!this.distributed) {
        return [`**Restore PostgreSQL \`${this.name}\`** (used by ${users.join(', ')}) if its cluster was on the lost site: each cluster runs its own database, so restore it from the DR centre's archive (\`serverName ${this.name}-<cluster>\`).`];
      }
      const p = this.primaryClusterName;
      if (lost && !lost.clusters.includes(p)) {
        const replicas = this.connection().clusters.filter((c) => lost.clusters.includes(c));
        return [
          `**PostgreSQL \`${this.name}\`** (used by ${users.join(', ')}): its primary \`${p}\` is not on ${lost.site}; nothing to promote, and tenants keep writing to it${replicas.length ? `. The replica cluster on ${replicas.map((c) => `\`${c}\``).join(', ')} is gone with the site: after repair it catches up from the WAL archive, or re-create it (\`kubectl -n ${this.namespace} delete cluster ${this.name}\` on that cluster, then apply its stack) if it cannot` : ''}.${this.replication === 'synchronous' ? ` With synchronous replication the primary waits for the lost site's standby: expect commits to block until \`synchronous\` is relaxed (\`dataDurability: preferred\`) or the site returns.` : ''}`,
        ];
      }
      return [
        `**PostgreSQL \`${this.name}\`** (used by ${users.join(', ')}): ${lost ? `its primary \`${p}\` was on {lostSite}:` : `if its primary \`${p}\` is on {lostSite},`} promote the replica cluster on {survivorCluster}: \`kubectl --context {survivorContext} -n ${this.namespace} patch cluster ${this.name} --type merge -p '{"spec":{"replica":{"primary":"${this.name}-{survivorCluster}"}}}'\`; then set \`primaryCluster: '{survivorCluster}'\` on the offering in the landing-zone code and apply, so the code matches. Replication is ${this.replication}${this.replication === 'asynchronous' ? ` (at most ${this.archiveTimeoutSeconds} s of WAL plus the upload may be lost)` : ' (no committed transaction is lost)'}.`,
      ];
    }
    if (!this.archive) return [`**PostgreSQL \`${this.name}\`** (used by ${users.join(', ')}) has no WAL archive at the DR centre: its data cannot be restored there.`];
    const loc = this.archive;
    return [
      `**Restore PostgreSQL \`${this.name}\`** (used by ${users.join(', ')}) on {drCluster} from \`s3://${loc.bucket}/${loc.prefix ?? hub.province}/postgres/${this.name}\`: a Cluster \`${this.name}\` in \`${this.namespace}\` with \`bootstrap.recovery.source: ${this.selfName(this.primaryClusterName)}\` and the same externalClusters; it replays WAL up to the last archived segment. Kube context of the primary was \`${ctx(this.primaryClusterName)}\`.`,
    ];
  }

  protected instanceObjects(cluster: string): OfferingObject[] {
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
    const follows = this.dataFollows(cluster, this.instances);
    const { synchronous, ...rest } = follows;
    Object.assign(spec, rest);
    if (synchronous) (spec.postgresql as Record<string, unknown>).synchronous = synchronous;
    const crossSite = this.distributed && this.siteEndpoints[cluster] !== undefined;
    if (crossSite) {
      // One CA for both sites, from the platform's PKI: the operator on each cluster signs its server certificate (with
      // the site address the other site connects to, so `verify-full` holds) and its streaming_replica client
      // certificate with it, and each side trusts the other's. Operators left to themselves make a CA per cluster.
      spec.certificates = { serverCASecret: this.caSecretName, clientCASecret: this.caSecretName, serverAltDNSNames: [this.siteEndpoints[cluster].host] };
    }
    const out: OfferingObject[] = [{ ...this.customResource('postgresql.cnpg.io/v1', 'Cluster', this.name, spec), holdsData: true, dependsOnParts: [] }];
    const secretParts: string[] = [];
    if (crossSite) {
      const ca = ephemeralObjectInput(this.scope, this.caVariable, CA_ATTRIBUTES, `CA certificate and key of the shared PostgreSQL "${this.name}" across the sites (never stored: ephemeral, write-only)`);
      out.push({ part: 'ca', ...this.writeOnlySecret(this.caSecretName, { 'ca.crt': this.expression(`${ca}.crt`), 'ca.key': this.expression(`${ca}.key`) }, { revision: this.props.caRevision ?? 1 }) });
      secretParts.push('ca');
    }
    if (this.archive) {
      const store = backupStoreCredentials(this.scope);
      out.push({
        part: 'dr-credentials',
        ...this.writeOnlySecret(this.drCredentialsSecretName, { ACCESS_KEY_ID: this.expression(`${store}.access_key_id`), ACCESS_SECRET_KEY: this.expression(`${store}.secret_access_key`) }, { revision: this.hubRecoveryRevision }),
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
        ...this.writeOnlySecret(name, { username: String(d.role), password: expression(this.hubPasswordRef(grant.tenant.code)) }, {
          type: 'kubernetes.io/basic-auth',
          // CloudNativePG re-reads a role's password only from secrets that carry this label.
          labels: { 'cnpg.io/reload': 'true', 'gov-lz.io/tenant': grant.tenant.code },
          revision: this.credentialsRevision(grant),
        }),
      },
      {
        part: 'database',
        ...this.customResource('postgresql.cnpg.io/v1', 'Database', name, {
          cluster: { name: this.name },
          name: String(d.database),
          owner: String(d.role),
          ensure: 'present',
          // Removing a grant must not drop a department's data: the database stays until an administrator drops it.
          databaseReclaimPolicy: 'retain',
        }, { 'gov-lz.io/tenant': grant.tenant.code }),
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
      r.error(at, { code: 'invalid-value', value: this.pooler.poolMode, message: 'pooler.poolMode must be session or transaction', fix: "use 'session' (any client) or 'transaction' (more multiplexing; no session state)" });
    }
    if (this.instances === 1) {
      r.warn(at, `PostgreSQL offering "${this.name}" has 1 instance: no standby takes over when it fails`);
    }
    this.checkDataFollows(r, at);
  }

  private checkDataFollows(r: ProblemReporter, at: IConstruct): void {
    const p = this.props;
    const clusters = this.clusterNames;
    const t = this.archiveTimeoutSeconds;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 3600) {
      r.error(at, { code: 'invalid-value', value: t, message: `PostgreSQL offering "${this.name}": archiveTimeoutSeconds must be a whole number from 1 to 3600`, fix: 'e.g. archiveTimeoutSeconds: 60' });
    }
    if (p.topology !== undefined && !['distributed', 'independent'].includes(p.topology)) {
      r.error(at, { code: 'invalid-value', value: p.topology, message: 'topology must be distributed or independent', fix: "use 'distributed' (one database over the sites) or 'independent'" });
    }
    if (p.replication !== undefined && !['synchronous', 'asynchronous'].includes(p.replication)) {
      r.error(at, { code: 'invalid-value', value: p.replication, message: 'replication must be synchronous or asynchronous', fix: "use 'synchronous' (RPO 0) or 'asynchronous'" });
    }
    for (const [cluster, ep] of Object.entries(this.siteEndpoints).sort(([a], [b]) => a.localeCompare(b))) {
      if (!clusters.includes(cluster)) {
        r.error(at, { code: 'unknown-cluster', value: cluster, message: `siteEndpoints names cluster "${cluster}", which does not run offering "${this.name}"`, fix: `use one of: ${clusters.join(', ')}` });
      }
      if (typeof ep?.host !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(ep.host)) {
        r.error(at, { code: 'invalid-value', value: ep?.host, message: `siteEndpoints["${cluster}"].host must be a host name`, fix: "e.g. 'pg-hz-a.zj.gov.internal'" });
      }
      for (const field of ['cidr', 'sourceCidr'] as const) {
        const c = parseCidr(ep?.[field]);
        if (typeof c === 'string') r.error(at, { code: 'invalid-value', value: ep?.[field], message: `siteEndpoints["${cluster}"].${field}: ${c}`, fix: 'give the address block, e.g. 10.30.1.0/28' });
        else if (c.prefixLength === 0) r.error(at, { code: 'invalid-value', value: ep?.[field], message: `siteEndpoints["${cluster}"].${field} opens every address`, fix: 'give the narrowest block that holds the endpoint' });
      }
    }
    if (!this.distributed) {
      if (this.spansSites && p.topology === undefined) {
        r.warn(at, `PostgreSQL "${this.name}" runs an independent database on each of ${clusters.join(', ')}: declare siteEndpoints or the hub's recovery.backupLocation to make it one database over the sites`);
      }
      if (p.primaryCluster !== undefined || p.replication !== undefined) {
        r.warn(at, `PostgreSQL offering "${this.name}" is not distributed over sites (topology ${p.topology ?? 'derived from its clusters'}): primaryCluster and replication have no effect`);
      }
      return;
    }
    const primary = this.primaryClusterName;
    if (!clusters.includes(primary)) {
      r.error(at, { code: 'unknown-cluster', value: primary, message: `primaryCluster "${primary}" does not run offering "${this.name}"`, fix: `use one of: ${clusters.join(', ')}` });
      return;
    }
    const streaming = this.siteEndpoints[primary] !== undefined;
    if (!streaming && !this.archive) {
      r.error(at, {
        code: 'no-replication-path',
        value: clusters.filter((c) => c !== primary),
        message: `the replica clusters of PostgreSQL "${this.name}" have no way to follow the primary on ${primary}: no site endpoint to stream from and no WAL archive at the DR centre`,
        fix: `declare siteEndpoints["${primary}"] on the offering, or recovery.backupLocation on the hub`,
      });
    }
    if (this.replication === 'synchronous') {
      if (!streaming) {
        r.error(at, {
          code: 'invalid-value',
          value: 'synchronous',
          message: `synchronous replication of PostgreSQL "${this.name}" needs streaming between the sites, but siteEndpoints["${primary}"] is not declared`,
          fix: `declare siteEndpoints for ${clusters.join(' and ')}, or use replication: 'asynchronous'`,
        });
      }
      if (this.instances < 2) {
        r.error(at, { code: 'invalid-value', value: this.instances, message: `synchronous replication of PostgreSQL "${this.name}" needs at least 2 instances per cluster (a commit waits for the other site and one local standby)`, fix: 'set instances: 3' });
      }
    }
    const missing = clusters.filter((c) => !this.siteEndpoints[c]);
    if (streaming && missing.length > 0) {
      r.warn(at, `PostgreSQL "${this.name}" has no site endpoint for ${missing.join(', ')}: after a promotion there, the other sites cannot stream from it or write to it`);
    }
    if (!streaming) {
      r.warn(at, `PostgreSQL "${this.name}": tenants on ${clusters.filter((c) => c !== primary).join(', ')} reach the local replica cluster, read-only until it is promoted; declare siteEndpoints["${primary}"] for writes from every site`);
    }
  }

  protected checkGrant(grant: IMiddlewareGrant, d: Record<string, string | number>, r: ProblemReporter): void {
    const o = grant.options;
    for (const what of ['role', 'database'] as const) {
      const problem = checkPostgresName(d[what], what);
      if (!problem) continue;
      const fromCode = o[what] === undefined && (what === 'role' || o.role === undefined);
      r.error(grant, {
        code: 'invalid-name',
        value: d[what],
        message: fromCode ? `tenant code "${grant.tenant.code}" cannot be a PostgreSQL ${what} name: ${problem}` : problem,
        fix: `pass a valid name, e.g. grantConnect(${grant.tenant.code}, { ${what}: '${suggestPostgresName(String(d[what]), grant.tenant.code)}' })`,
      });
    }
    const limit = o.connectionLimit;
    if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= -1)) {
      r.error(grant, { code: 'invalid-value', value: limit, message: 'connectionLimit must be a whole number (-1 for no limit)', fix: 'e.g. connectionLimit: 50' });
    }
  }

  protected checkGrantSet(r: ProblemReporter): void {
    const seen = new Map<string, string>();
    for (const { grant, details } of this.grantsWithDetails()) {
      for (const what of ['role', 'database'] as const) {
        const key = `${what}:${details[what]}`;
        const first = seen.get(key);
        if (first) {
          r.error(grant, {
            code: 'duplicate',
            value: details[what],
            message: `tenants "${first}" and "${grant.tenant.code}" would share the ${what} "${details[what]}" on offering "${this.name}"`,
            fix: `give one of them its own ${what}: grantConnect(${grant.tenant.code}, { ${what}: '${postgresNameOf(grant.tenant.code)}_${what === 'role' ? 'user' : 'db'}' })`,
          });
        } else {
          seen.set(key, grant.tenant.code);
        }
      }
    }
  }

}
function suggestPostgresName(bad: string, code: string): string {
  const s = postgresNameOf(String(bad || code).toLowerCase()).replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z_]+/, '');
  const base = s.length > 0 ? s.slice(0, 50) : 'dept';
  return checkPostgresName(base, 'role') ? `${base}_dept` : base;
}
