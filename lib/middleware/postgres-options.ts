/**
 * The options of a PostgreSQL offering, the names its grants may take, and the checks of its topology over sites:
 * kept apart from the offering class so that each file stays readable.
 */
import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { ProblemReporter } from '../core/context';
import type { BackupLocationProps } from '../core/contracts';
import { cnpgScheduleProblem } from '../core/cron';
import { NETWORK_RULE_NAME_MAX_LENGTH } from '../core/names';
import { parseCidr } from '../private/cidr';
import type { IMiddlewareGrant, MiddlewareOfferingOptions, OfferingConnection } from './offering-types';

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
  /**
   * Cron of the base backups to the DR centre, as CloudNativePG reads it: six fields, seconds first (a five-field
   * CronJob line is refused at synth: CloudNativePG would read it one field off). @default '0 0 2 * * *' (02:00 daily)
   */
  readonly baseBackupSchedule?: string;
  /** How long base backups and archived WAL are kept at the DR centre: days, weeks or months (`30d`, `6w`, `6m`). @default '30d' */
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
  if (!PG_IDENTIFIER.test(name))
    return `${what} name "${name}" is not a plain PostgreSQL identifier (lower-case letters, digits and '_', not starting with a digit), so every client would have to quote it`;
  if (RESERVED_PG_NAMES.includes(name)) return `${what} name "${name}" is reserved by PostgreSQL or CloudNativePG`;
  if (/^(pg_|cnpg_)/.test(name)) return `${what} name "${name}" starts with a prefix reserved by ${name.startsWith('pg_') ? 'PostgreSQL' : 'CloudNativePG'}`;
  if (SQL_RESERVED.has(name)) return `${what} name "${name}" is an SQL reserved word`;
  return undefined;
}

/** The PostgreSQL name of a tenant code: `-` is written `_`. */
export function postgresNameOf(code: string): string {
  return String(code).replace(/-/g, '_');
}

/** The port of an https URL (443 unless it names one). */
function httpsPort(url: string): number {
  const m = /^https:\/\/(?:\[[^\]]*\]|[^/:?#]*)(?::(\d+))?/.exec(url);
  return m?.[1] ? Number(m[1]) : 443;
}

/**
 * The network rule that lets a grantee reach the site endpoint of one cluster: `middleware-<offering>-<cluster>`, or,
 * when an offering and a cluster name at their limits (20 and 30 characters) make that longer than a rule name may be,
 * the cluster's name replaced by 8 hex digits of its sha256 (still one rule per cluster, the same on every synth).
 */
export function siteRuleName(offering: string, cluster: string): string {
  const name = `middleware-${offering}-${cluster}`;
  if (name.length <= NETWORK_RULE_NAME_MAX_LENGTH) return name;
  return `middleware-${offering}-${createHash('sha256').update(cluster).digest('hex').slice(0, 8)}`;
}

/**
 * Where a PostgreSQL instance's pods open connections outside their cluster, per cluster: the other sites' endpoints
 * (a replica streams from the primary, which may be on any site after a promotion) and the DR centre's object store
 * (WAL archive and base backups, or the WAL a replica restores), at its declared address blocks.
 */
export function postgresEgress(o: PostgresTopologyView, clusters: readonly string[]): NonNullable<OfferingConnection['egress']> {
  const out: Array<NonNullable<OfferingConnection['egress']>[number]> = [];
  // The topology's getters read every cluster: once per call, not once per cluster (a province may have hundreds).
  const reachable = o.distributed ? clusters.filter((c) => o.siteEndpoints[c]) : [];
  const store = o.archive;
  for (const cluster of clusters) {
    for (const other of reachable) {
      if (other === cluster) continue;
      const ep = o.siteEndpoints[other];
      out.push({ cluster, name: `site-${other}`, toCidrs: [ep.cidr], ports: [ep.port ?? 5432] });
    }
    if (store && typeof store.endpoint === 'string' && Array.isArray(store.endpointCidrs) && store.endpointCidrs.length > 0) {
      out.push({ cluster, name: 'object-store', toCidrs: [...store.endpointCidrs], ports: [httpsPort(store.endpoint)] });
    }
  }
  return out;
}

/** What the topology checks read of a PostgreSQL offering. */
export interface PostgresTopologyView {
  readonly name: string;
  readonly archiveTimeoutSeconds: number;
  readonly siteEndpoints: Readonly<Record<string, PostgresSiteEndpoint>>;
  readonly distributed: boolean;
  readonly primaryClusterName: string;
  readonly archive: BackupLocationProps | undefined;
  readonly replication: 'synchronous' | 'asynchronous';
  readonly instances: number;
}

/** Checks the topology options of a PostgreSQL offering over sites (distributed or independent, endpoints, replication). */
export function checkPostgresTopology(r: ProblemReporter, at: IConstruct, o: PostgresTopologyView, own: { props: PostgresOfferingProps; clusters: readonly string[]; spansSites: boolean }): void {
  const p = own.props;
  const clusters = own.clusters;
  const t = o.archiveTimeoutSeconds;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 3600) {
    r.error(at, { code: 'invalid-value', value: t, message: `PostgreSQL offering "${o.name}": archiveTimeoutSeconds must be a whole number from 1 to 3600`, fix: 'e.g. archiveTimeoutSeconds: 60' });
  }
  const schedule = p.baseBackupSchedule === undefined ? undefined : cnpgScheduleProblem(p.baseBackupSchedule);
  if (schedule) {
    r.error(at, {
      code: 'invalid-value',
      value: p.baseBackupSchedule,
      message: `PostgreSQL offering "${o.name}": baseBackupSchedule ${schedule}; CloudNativePG's webhook would refuse the ScheduledBackup, or back up at other times than meant`,
      fix: "six fields, seconds first: e.g. '0 0 2 * * *' for 02:00 daily",
    });
  }
  if (p.backupRetention !== undefined && (typeof p.backupRetention !== 'string' || !/^[1-9][0-9]*[dwm]$/.test(p.backupRetention))) {
    r.error(at, {
      code: 'invalid-value',
      value: p.backupRetention,
      message: `PostgreSQL offering "${o.name}": backupRetention must be a whole number of days, weeks or months (CloudNativePG's retentionPolicy, ^[1-9][0-9]*[dwm]$)`,
      fix: "e.g. '30d', '6w' or '6m'",
    });
  }
  if (p.topology !== undefined && !['distributed', 'independent'].includes(p.topology)) {
    r.error(at, { code: 'invalid-value', value: p.topology, message: 'topology must be distributed or independent', fix: "use 'distributed' (one database over the sites) or 'independent'" });
  }
  if (p.replication !== undefined && !['synchronous', 'asynchronous'].includes(p.replication)) {
    r.error(at, { code: 'invalid-value', value: p.replication, message: 'replication must be synchronous or asynchronous', fix: "use 'synchronous' (RPO 0) or 'asynchronous'" });
  }
  for (const [cluster, ep] of Object.entries(o.siteEndpoints).sort(([a], [b]) => a.localeCompare(b))) {
    if (!clusters.includes(cluster)) {
      r.error(at, { code: 'unknown-cluster', value: cluster, message: `siteEndpoints names cluster "${cluster}", which does not run offering "${o.name}"`, fix: `use one of: ${clusters.join(', ')}` });
    }
    if (typeof ep?.host !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(ep.host)) {
      r.error(at, { code: 'invalid-value', value: ep?.host, message: `siteEndpoints["${cluster}"].host must be a host name`, fix: "e.g. 'pg-hz-a.zj.gov.internal'" });
    }
    for (const field of ['cidr', 'sourceCidr'] as const) {
      const c = parseCidr(ep?.[field]);
      if (typeof c === 'string') r.error(at, { code: 'invalid-value', value: ep?.[field], message: `siteEndpoints["${cluster}"].${field}: ${c}`, fix: 'give the address block, e.g. 10.30.1.0/28' });
      else if (c.prefixLength === 0)
        r.error(at, { code: 'invalid-value', value: ep?.[field], message: `siteEndpoints["${cluster}"].${field} opens every address`, fix: 'give the narrowest block that holds the endpoint' });
    }
  }
  if (o.archive && (o.archive.endpointCidrs ?? []).length === 0) {
    r.warn(
      at,
      `PostgreSQL "${o.name}" archives to the DR centre's object store (${o.archive.endpoint}), but recovery.backupLocation.endpointCidrs is not declared: the middleware namespace denies egress by default, so WAL archiving and base backups cannot reach the store — declare the address blocks its host name resolves to`,
    );
  }
  if (!o.distributed) {
    if (own.spansSites && p.topology === undefined) {
      r.warn(
        at,
        `PostgreSQL "${o.name}" runs an independent database on each of ${clusters.join(', ')}: declare siteEndpoints or the hub's recovery.backupLocation to make it one database over the sites`,
      );
    }
    if (p.primaryCluster !== undefined || p.replication !== undefined) {
      r.warn(at, `PostgreSQL offering "${o.name}" is not distributed over sites (topology ${p.topology ?? 'derived from its clusters'}): primaryCluster and replication have no effect`);
    }
    return;
  }
  const primary = o.primaryClusterName;
  if (!clusters.includes(primary)) {
    r.error(at, { code: 'unknown-cluster', value: primary, message: `primaryCluster "${primary}" does not run offering "${o.name}"`, fix: `use one of: ${clusters.join(', ')}` });
    return;
  }
  const streaming = o.siteEndpoints[primary] !== undefined;
  if (!streaming && !o.archive) {
    r.error(at, {
      code: 'no-replication-path',
      value: clusters.filter((c) => c !== primary),
      message: `the replica clusters of PostgreSQL "${o.name}" have no way to follow the primary on ${primary}: no site endpoint to stream from and no WAL archive at the DR centre`,
      fix: `declare siteEndpoints["${primary}"] on the offering, or recovery.backupLocation on the hub`,
    });
  }
  if (o.replication === 'synchronous') {
    if (!streaming) {
      r.error(at, {
        code: 'invalid-value',
        value: 'synchronous',
        message: `synchronous replication of PostgreSQL "${o.name}" needs streaming between the sites, but siteEndpoints["${primary}"] is not declared`,
        fix: `declare siteEndpoints for ${clusters.join(' and ')}, or use replication: 'asynchronous'`,
      });
    }
    if (o.instances < 2) {
      r.error(at, {
        code: 'invalid-value',
        value: o.instances,
        message: `synchronous replication of PostgreSQL "${o.name}" needs at least 2 instances per cluster (a commit waits for the other site and one local standby)`,
        fix: 'set instances: 3',
      });
    }
  }
  const missing = clusters.filter((c) => !o.siteEndpoints[c]);
  if (streaming && missing.length > 0) {
    r.warn(at, `PostgreSQL "${o.name}" has no site endpoint for ${missing.join(', ')}: after a promotion there, the other sites cannot stream from it or write to it`);
  }
  if (!streaming) {
    r.warn(
      at,
      `PostgreSQL "${o.name}": tenants on ${clusters.filter((c) => c !== primary).join(', ')} reach the local replica cluster, read-only until it is promoted; declare siteEndpoints["${primary}"] for writes from every site`,
    );
  }
}

/** A valid name close to a bad one, for the fix of a message. */
export function suggestPostgresName(bad: string, code: string): string {
  const s = postgresNameOf(String(bad || code).toLowerCase())
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z_]+/, '');
  const base = s.length > 0 ? s.slice(0, 50) : 'dept';
  return checkPostgresName(base, 'role') ? `${base}_dept` : base;
}

/** Checks the role and database names and the connection limit of one grant. */
export function checkPostgresGrant(grant: IMiddlewareGrant, d: Record<string, string | number>, r: ProblemReporter): void {
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

/** Two grants of one offering may not share a role or a database. */
export function checkPostgresGrantSet(r: ProblemReporter, offering: string, grants: ReadonlyArray<{ grant: IMiddlewareGrant; details: Record<string, string | number> }>): void {
  const seen = new Map<string, string>();
  for (const { grant, details } of grants) {
    for (const what of ['role', 'database'] as const) {
      const key = `${what}:${details[what]}`;
      const first = seen.get(key);
      if (first) {
        r.error(grant, {
          code: 'duplicate',
          value: details[what],
          message: `tenants "${first}" and "${grant.tenant.code}" would share the ${what} "${details[what]}" on offering "${offering}"`,
          fix: `give one of them its own ${what}: grantConnect(${grant.tenant.code}, { ${what}: '${postgresNameOf(grant.tenant.code)}_${what === 'role' ? 'user' : 'db'}' })`,
        });
      } else {
        seen.set(key, grant.tenant.code);
      }
    }
  }
}
