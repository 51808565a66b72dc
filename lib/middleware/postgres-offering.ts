import { IConstruct } from 'constructs';
import { GrantConnectOptions, IMiddlewareGrant, MiddlewareOffering, MiddlewareOfferingOptions, OfferingObject, OperatorRelease, PodLabels } from './offering';
import { cloudnativePgValues, MiddlewareImages, MiddlewareOperators } from './operators';
import { ProblemReporter } from '../core/context';
import { cpuQuantity, giQuantity } from '../core/quantities';

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

/** Properties of a {@link PostgresOffering}. */
export interface PostgresOfferingProps extends MiddlewareOfferingOptions {
  /** PostgreSQL instances per cluster (one primary, the others hot standbys). @default 3 */
  readonly instances?: number;
  /** Data volume per instance, GiB. @default 100 */
  readonly storageGi?: number;
  /** Separate WAL volume per instance, GiB. @default - WAL on the data volume */
  readonly walStorageGi?: number;
  /** CPU cores per instance (request = limit). @default 2 */
  readonly cpu?: number;
  /** Memory per instance, GiB (request = limit). @default 8 */
  readonly memoryGi?: number;
  /** PostgreSQL image (path under the image registry, or a full reference with a registry host). @default - MiddlewareImages.POSTGRESQL from the hub registry */
  readonly image?: string;
  /** A PgBouncer pooler in front: tenants then connect to it. @default - none, tenants connect to the primary */
  readonly pooler?: PostgresPoolerOptions;
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
export class PostgresOffering extends MiddlewareOffering {
  public readonly kind = 'postgresql';
  public readonly instances: number;
  public readonly storageGi: number;
  public readonly walStorageGi?: number;
  public readonly cpu: number;
  public readonly memoryGi: number;
  public readonly pooler?: Required<PostgresPoolerOptions>;
  private readonly image?: string;

  constructor(props: PostgresOfferingProps = {}) {
    super(props, 'postgres');
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

  protected connectionSecret(_grant: IMiddlewareGrant, d: Record<string, string | number>, passwordRef: string): Record<string, string> {
    const host = this.connection().host;
    const db = String(d.database);
    return {
      host,
      port: String(this.port),
      dbname: db,
      username: String(d.role),
      password: `\${${passwordRef}}`,
      sslmode: 'require',
      uri: `postgresql://${d.role}:\${urlencode(${passwordRef})}@${host}:${this.port}/${db}?sslmode=require`,
      'jdbc-uri': `jdbc:postgresql://${host}:${this.port}/${db}?sslmode=require`,
    };
  }

  protected instanceObjects(): OfferingObject[] {
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
        parameters: { password_encryption: 'scram-sha-256', log_connections: 'on', log_disconnections: 'on' },
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
    const out: OfferingObject[] = [{ ...this.customResource('postgresql.cnpg.io/v1', 'Cluster', this.name, spec), holdsData: true }];
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
        ...this.writeOnlySecret(name, { username: String(d.role), password: `\${${this.hubPasswordRef(grant.tenant.code)}}` }, {
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
