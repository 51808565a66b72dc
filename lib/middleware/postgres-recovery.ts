/**
 * How a PostgreSQL offering recovers: the planner's estimates (with the human time CloudNativePG's manual
 * cross-cluster promotion takes), the runbook steps (fencing, replay-lag checks, promotion, data verification,
 * failback by re-clone and promotion token), the manifests those steps apply, and the hub-owned database address the
 * failover stacks switch. CloudNativePG 1.30: a replica cluster is promoted by setting `spec.replica.primary` to its
 * own name; a planned switchover demotes the primary first and promotes with its `status.demotionToken`.
 */
import type { FailoverAddress, IIndustryCloud, IProvinceHub, MechanismEstimate, RecoveryAssumptions, RecoveryAutomation, RecoveryScenario, RunbookLoss, Term } from '../core/contracts';
import { manualStepTerms } from '../core/recovery-terms';
import { guarded, shBlock } from '../core/runbook-commands';
import type { PostgresTopologyView } from './postgres-options';

/** What the recovery parts read of a PostgreSQL offering. */
export interface PostgresRecoveryView extends PostgresTopologyView {
  readonly namespace: string;
  /** Clusters it runs on. */
  readonly clusters: readonly string[];
  readonly storageGi: number;
  /** The service tenants reach on the primary's cluster (`<name>-rw` or the pooler). */
  readonly localService: string;
  readonly hub: IProvinceHub;
  readonly automation?: RecoveryAutomation;
  selfName(cluster: string): string;
  clusterSpec(cluster: string, primaryOverride?: string): Record<string, unknown>;
  objectStore(cluster: string): Record<string, unknown>;
}

const CLUSTERS = 'clusters.postgresql.cnpg.io';

/** Kube context of a cluster, as it can stand in a command. */
function ctxOf(v: PostgresRecoveryView, cluster: string): string {
  return String(v.hub.cluster(cluster)?.connection.context ?? cluster).replace(/[^A-Za-z0-9_.:@/-]/g, '-');
}

/** The hub-owned address tenants connect to (`<offering>-primary`), switched by the failover stacks. */
export function primaryAddressName(v: { name: string }): string {
  return `${v.name}-primary`;
}

/** The address's DNS name inside a cluster. */
export function primaryAddressHost(v: { name: string; namespace: string }): string {
  return `${primaryAddressName(v)}.${v.namespace}.svc.cluster.local`;
}

/** The failover address on one cluster: the local service on the primary's cluster, the primary's site endpoint elsewhere. */
export function postgresFailoverAddresses(v: PostgresRecoveryView, cluster: string): FailoverAddress[] {
  if (!v.distributed || !v.clusters.includes(cluster)) return [];
  const primary = v.primaryClusterName;
  const ep = v.siteEndpoints[primary];
  const local = `${v.localService}.${v.namespace}.svc.cluster.local`;
  const target = cluster === primary || !ep ? local : ep.host;
  return [{ name: primaryAddressName(v), namespace: v.namespace, target, port: ep?.port ?? 5432, labels: { 'cnpg.io/cluster': v.name } }];
}

/** The planner's estimates for a tenant granted the offering. */
export function postgresEstimates(v: PostgresRecoveryView, scenario: RecoveryScenario, a: Required<RecoveryAssumptions>): MechanismEstimate[] {
  const archiveTerms: Term[] = [
    { name: 'WAL archive timeout', seconds: v.archiveTimeoutSeconds, lowSeconds: 0, setting: `PostgresOffering "${v.name}" archiveTimeoutSeconds` },
    { name: 'WAL upload to the DR centre', seconds: a.walUploadSeconds, lowSeconds: 0, setting: 'recovery.assumptions.walUploadSeconds' },
  ];
  const unbounded: Term[] = [{ name: 'asynchronous replication lag (no WAL archive bounds it)', seconds: Number.POSITIVE_INFINITY, setting: 'recovery.backupLocation' }];
  const dataGi = Math.round(v.storageGi * a.storageFillRatio);
  const restore: Term = {
    name: `restore the database (${dataGi} GiB) from the DR centre`,
    seconds: Math.round((dataGi * 1024) / a.restoreThroughputMiBps),
    setting: 'storageGi × recovery.assumptions.storageFillRatio / restoreThroughputMiBps',
  };
  const id = `postgresql:${v.name}`;
  if (scenario === 'regional') {
    if (!v.archive) {
      return [
        {
          id,
          description: `PostgreSQL "${v.name}": no WAL archive at the DR centre`,
          rpo: [],
          rto: [],
          impossible: `PostgreSQL "${v.name}" archives nothing to the DR centre (no recovery.backupLocation)`,
        },
      ];
    }
    return [
      {
        id,
        description: `PostgreSQL "${v.name}": base backup and WAL restored from the DR centre (manifest ${v.name}-restore-dr.json)`,
        rpo: archiveTerms,
        rto: [...manualStepTerms(a, 'restore PostgreSQL at the DR centre'), restore],
        rpoFix: `lower archiveTimeoutSeconds on PostgresOffering "${v.name}"`,
      },
    ];
  }
  if (!v.distributed) {
    return [
      {
        id,
        description: `PostgreSQL "${v.name}": an independent database per cluster; a lost site's database is restored from the DR centre`,
        rpo: v.archive ? archiveTerms : unbounded,
        rto: [...manualStepTerms(a, 'restore PostgreSQL'), restore],
        rpoFix: `run it on two production sites (topology 'distributed') or lower archiveTimeoutSeconds`,
        rtoFix: `run it on two production sites (topology 'distributed'): a replica cluster is promoted instead of restored`,
      },
    ];
  }
  const automated = v.automation;
  const promotion: Term[] = [
    ...manualStepTerms(a, 'promote PostgreSQL', automated),
    {
      name: 'fence the former primary, check replay lag',
      seconds: a.fencingAndChecksSeconds,
      lowSeconds: Math.round(a.fencingAndChecksSeconds / 2),
      manual: !automated,
      setting: 'recovery.assumptions.fencingAndChecksSeconds',
    },
    { name: 'promote the replica cluster', seconds: a.databasePromotionSeconds, lowSeconds: Math.round(a.databasePromotionSeconds / 2), setting: 'recovery.assumptions.databasePromotionSeconds' },
    { name: 'switch the hub-owned database address (failover stack)', seconds: a.addressSwitchSeconds, setting: 'recovery.assumptions.addressSwitchSeconds' },
  ];
  const replicas = v.clusters.filter((c) => c !== v.primaryClusterName).join(', ');
  const failback: Term[] = [
    {
      name: `re-clone the former primary (${dataGi} GiB) at ${a.recloneThroughputMiBps} MiB/s`,
      seconds: Math.round((dataGi * 1024) / a.recloneThroughputMiBps),
      setting: 'recovery.assumptions.recloneThroughputMiBps',
    },
  ];
  if (v.replication === 'synchronous') {
    return [
      {
        id,
        description: `PostgreSQL "${v.name}": synchronous replica cluster on ${replicas}; losing either site blocks writes (dataDurability required) until the runbook promotes or relaxes durability — counted`,
        rpo: [],
        rto: promotion,
        rtoFix: 'declare recovery.automation.databasePromotion once an automated, drilled promotion exists',
        failback,
      },
    ];
  }
  return [
    {
      id,
      description: `PostgreSQL "${v.name}": asynchronous replica cluster on ${replicas}; the guaranteed bound is the WAL archive`,
      rpo: v.archive ? archiveTerms : unbounded,
      rto: promotion,
      rpoFix: v.archive
        ? `lower archiveTimeoutSeconds on PostgresOffering "${v.name}", or use replication: 'synchronous' (needs siteEndpoints)`
        : `declare recovery.backupLocation on the hub (WAL archive), or use replication: 'synchronous' (needs siteEndpoints)`,
      rtoFix: 'declare recovery.automation.databasePromotion once an automated, drilled promotion exists',
      failback,
    },
  ];
}

/** Manifest files of the runbook steps (names known when the offering binds). */
export function postgresManifestFiles(v: PostgresRecoveryView): string[] {
  const out: string[] = [];
  if (v.distributed) {
    for (const c of v.clusters) {
      // Replication may turn synchronous with a later grant (an RPO of 0): the relax patch is always written.
      out.push(`${v.name}-promote-${c}.json`, `${v.name}-reclone-${c}.json`, `${v.name}-relax-sync-${c}.json`);
    }
  }
  if (v.archive) out.push(`${v.name}-restore-dr.json`);
  return out;
}

/** One manifest of the runbook steps. */
export function postgresManifest(v: PostgresRecoveryView, file: string): Record<string, unknown> {
  const base = file.replace(/\.json$/, '').slice(v.name.length + 1);
  const cluster = (prefix: string) => base.slice(prefix.length);
  if (base.startsWith('promote-')) return { spec: { replica: { primary: v.selfName(cluster('promote-')) } } };
  if (base.startsWith('relax-sync-')) {
    // `preferred` needs empty standbyNamesPre/Post (the CRD's rule): the merge patch removes them, and the local
    // standby alone carries the commit until the lost site returns.
    return { spec: { postgresql: { synchronous: { method: 'any', number: 1, dataDurability: 'preferred', standbyNamesPre: null, standbyNamesPost: null } } } };
  }
  if (base.startsWith('reclone-')) {
    const c = cluster('reclone-');
    const primary = v.clusters.find((x) => x !== c) ?? c;
    return clusterManifest(v, v.clusterSpec(c, primary));
  }
  if (base === 'restore-dr') {
    const spec = { ...v.clusterSpec(v.primaryClusterName) };
    delete spec.replica;
    delete spec.certificates;
    const pg = { ...(spec.postgresql as Record<string, unknown>) };
    delete pg.synchronous;
    spec.postgresql = pg;
    const source = v.selfName(v.primaryClusterName);
    spec.bootstrap = { recovery: { source } };
    spec.externalClusters = [{ name: source, barmanObjectStore: v.objectStore(v.primaryClusterName) }];
    // The restored cluster archives under a name of its own, never over the production history.
    spec.backup = { barmanObjectStore: { ...v.objectStore(v.primaryClusterName), serverName: `${v.name}-dr-restore` } };
    return clusterManifest(v, spec);
  }
  throw new Error(`no runbook manifest ${file} for PostgreSQL "${v.name}"`);
}

function clusterManifest(v: PostgresRecoveryView, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: v.name, namespace: v.namespace }, spec };
}

/** psql on the current primary instance of the Cluster on `context` (`$(…)` finds its pod). */
function psql(v: PostgresRecoveryView, context: string, sql: string): string {
  const pod = `"pods/$(kubectl --context ${context} -n ${v.namespace} get ${CLUSTERS}/${v.name} -o jsonpath='{.status.currentPrimary}')"`;
  return `kubectl --context ${context} -n ${v.namespace} exec ${pod} -c postgres -- psql -v ON_ERROR_STOP=1 -Atc "${sql}"`;
}

/** Runbook steps for one industry cloud's users of the offering. */
export function postgresRunbookSteps(v: PostgresRecoveryView, ic: IIndustryCloud, users: readonly string[], scenario: RecoveryScenario, lost?: RunbookLoss, drCluster?: string): string[] {
  void ic;
  const who = `(used by ${users.join(', ')})`;
  const ns = v.namespace;
  const target = (c: string) => `${CLUSTERS}/${v.name} in ${ns} on ${c}`;
  if (scenario === 'regional') {
    if (!v.archive || !drCluster)
      return [`**PostgreSQL \`${v.name}\`** ${who}: ${v.archive ? 'no cluster at the DR centre to restore it to' : 'no WAL archive at the DR centre; its data cannot be restored there'}.`];
    const dr = ctxOf(v, drCluster);
    return [
      [
        `**Restore PostgreSQL \`${v.name}\`** ${who} on \`${drCluster}\` from the WAL archive (manifest \`manifests/${v.name}-restore-dr.json\`), then check it replayed to the end:`,
        shBlock([
          guarded(dr, `create ${target(drCluster)} from the DR archive`, `kubectl --context ${dr} -n ${ns} create -f manifests/${v.name}-restore-dr.json`),
          `kubectl --context ${dr} -n ${ns} wait ${CLUSTERS}/${v.name} --for=condition=Ready --timeout=4h`,
          psql(v, dr, 'select pg_is_in_recovery(), pg_last_xact_replay_timestamp(), now()'),
        ]),
      ].join('\n'),
    ];
  }
  if (!v.distributed) {
    return [
      `**PostgreSQL \`${v.name}\`** ${who} runs a database per cluster: a lost site's database is restored from the DR centre's archive (as in the regional scenario, on the surviving cluster).`,
    ];
  }
  const p = v.primaryClusterName;
  if (lost && !lost.clusters.includes(p)) {
    const pc = ctxOf(v, p);
    const steps = [
      `**PostgreSQL \`${v.name}\`** ${who}: its primary \`${p}\` is not on ${lost.site}; nothing to promote, tenants keep writing to it. The replica cluster on the lost site catches up when the site returns (check with the replay-lag query of the failback below).`,
    ];
    if (v.replication === 'synchronous') {
      steps.push(
        [
          `**Unblock writes** on \`${p}\`: with synchronous replication (\`dataDurability: required\`) every commit waits for the lost site. Relax it (the patch also empties \`standbyNamesPre\`, which \`preferred\` requires), and put the code's setting back after the site returns:`,
          shBlock([
            guarded(
              pc,
              `relax synchronous durability of ${target(p)}`,
              `kubectl --context ${pc} -n ${ns} patch ${CLUSTERS}/${v.name} --type merge --patch-file manifests/${v.name}-relax-sync-${p}.json`,
            ),
            psql(v, pc, "select name, setting from pg_settings where name = 'synchronous_standby_names'"),
          ]),
        ].join('\n'),
      );
    }
    return steps;
  }
  const others = v.clusters.filter((c) => c !== p);
  const s = others[0] ?? p;
  const sc = ctxOf(v, s);
  const pc = ctxOf(v, p);
  const failoverStack = (c: string) => `${v.hub.province}-failover-${c}`;
  return [
    [
      `**Fence PostgreSQL \`${v.name}\` on the lost site** ${who}: its primary \`${p}\` must not accept writes again. Its API server is down: keep the site isolated at the network until step "Failback"; the first command there fences it before anything else.`,
    ].join('\n'),
    [
      `**Check replay lag** on the replica cluster \`${s}\` before promoting: the received and replayed positions must be equal (nothing left to apply), and the last replayed commit is the start of the data loss window to announce:`,
      shBlock([
        psql(
          v,
          sc,
          'select pg_is_in_recovery(), pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up, pg_last_xact_replay_timestamp()',
        ),
      ]),
    ].join('\n'),
    [
      `**Promote** the replica cluster on \`${s}\` (manifest \`manifests/${v.name}-promote-${s}.json\` sets \`spec.replica.primary\` to \`${v.selfName(s)}\`), and wait until it is ready:`,
      shBlock([
        guarded(sc, `promote ${target(s)} to primary`, `kubectl --context ${sc} -n ${ns} patch ${CLUSTERS}/${v.name} --type merge --patch-file manifests/${v.name}-promote-${s}.json`),
        `kubectl --context ${sc} -n ${ns} wait ${CLUSTERS}/${v.name} --for=condition=Ready --timeout=15m`,
      ]),
    ].join('\n'),
    `**Switch the database address**: set \`primaryCluster: '${s}'\` on the offering in the landing-zone code, then apply only \`${failoverStack(s)}\` (it references no other cluster): \`cdktf deploy ${failoverStack(s)} --ignore-missing-stack-dependencies\`. Tenants reach \`${primaryAddressName(v)}.${ns}\`, now pointing at \`${s}\`.`,
    [
      `**Verify the data** on \`${s}\`: writable, the tenants' databases present, and their last changes after the announced window:`,
      shBlock([
        psql(v, sc, 'select pg_is_in_recovery() as must_be_false, now()'),
        psql(v, sc, `select datname, pg_database_size(datname) from pg_database where datname not in ('template0', 'template1') order by 1`),
      ]),
    ].join('\n'),
    [
      `**Failback** (after the lost site is repaired, off-peak). The former primary \`${p}\` was not demoted: it would return as a second primary, so fence it first, then re-clone it from \`${s}\` (manifest \`manifests/${v.name}-reclone-${p}.json\`: a replica cluster bootstrapped by pg_basebackup from \`${v.selfName(s)}\`). Deleting the Cluster deletes its volumes (the PVCs are owned by it): check the target twice.`,
      shBlock([
        guarded(pc, `fence every instance of ${target(p)}`, `kubectl --context ${pc} -n ${ns} annotate ${CLUSTERS}/${v.name} cnpg.io/fencedInstances='["*"]' --overwrite`),
        guarded(pc, `DELETE ${target(p)} and its volumes`, `kubectl --context ${pc} -n ${ns} delete ${CLUSTERS}/${v.name} --wait=true`),
        guarded(pc, `create ${target(p)} as a replica re-cloned from ${s}`, `kubectl --context ${pc} -n ${ns} create -f manifests/${v.name}-reclone-${p}.json`),
        `kubectl --context ${pc} -n ${ns} wait ${CLUSTERS}/${v.name} --for=condition=Ready --timeout=6h`,
        psql(v, pc, 'select pg_is_in_recovery() as must_be_true, pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up'),
      ]),
    ].join('\n'),
    [
      `**Planned switchover back** to \`${p}\` with the operator's promotion token: demote \`${s}\` (its replica.primary becomes \`${v.selfName(p)}\`), read its demotion token, promote \`${p}\` with it, then set \`primaryCluster: '${p}'\` back in the code and apply \`${failoverStack(p)}\`, \`${failoverStack(s)}\` and the hub stack:`,
      shBlock([
        guarded(
          sc,
          `demote ${target(s)} (writes stop until ${p} is promoted)`,
          `kubectl --context ${sc} -n ${ns} patch ${CLUSTERS}/${v.name} --type merge --patch-file manifests/${v.name}-promote-${p}.json`,
        ),
        `TOKEN=$(kubectl --context ${sc} -n ${ns} get ${CLUSTERS}/${v.name} -o jsonpath='{.status.demotionToken}') && test -n "$TOKEN"`,
        guarded(
          pc,
          `promote ${target(p)} with the demotion token of ${s}`,
          `kubectl --context ${pc} -n ${ns} patch ${CLUSTERS}/${v.name} --type merge -p "{\\"spec\\":{\\"replica\\":{\\"primary\\":\\"${v.selfName(p)}\\",\\"promotionToken\\":\\"$TOKEN\\"}}}"`,
        ),
        `kubectl --context ${pc} -n ${ns} wait ${CLUSTERS}/${v.name} --for=condition=Ready --timeout=15m`,
      ]),
    ].join('\n'),
  ];
}
