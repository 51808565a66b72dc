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
}

/** The defaults of {@link RecoveryAssumptions}. */
export const DEFAULT_RECOVERY_ASSUMPTIONS: Required<RecoveryAssumptions> = {
  failureDetectionSeconds: 60,
  trafficSwitchSeconds: 30,
  dnsTtlSeconds: 60,
  databasePromotionSeconds: 120,
  walUploadSeconds: 30,
  storageReplicationLagSeconds: 30,
  backupDurationSeconds: 300,
  restoreThroughputMiBps: 200,
  storageFillRatio: 0.5,
  siteAvailability: 0.999,
  siteRepairHours: 4,
  redeploySeconds: 300,
};

/** Defaults overridden by what the user declared. */
export function resolveAssumptions(overrides: RecoveryAssumptions | undefined): Required<RecoveryAssumptions> {
  const out: Record<string, number> = { ...DEFAULT_RECOVERY_ASSUMPTIONS };
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) out[k] = v as number;
  return out as Required<RecoveryAssumptions>;
}

/** What is wrong with the overrides: unknown names, negative or non-finite figures. */
export function checkAssumptions(overrides: RecoveryAssumptions | undefined): Array<{ name: string; value: unknown; message: string }> {
  const out: Array<{ name: string; value: unknown; message: string }> = [];
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (!(k in DEFAULT_RECOVERY_ASSUMPTIONS)) {
      out.push({ name: k, value: v, message: `"${k}" is not a recovery assumption; known: ${Object.keys(DEFAULT_RECOVERY_ASSUMPTIONS).join(', ')}` });
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      out.push({ name: k, value: v, message: `${k} must be a number of 0 or more` });
    } else if ((k === 'siteAvailability' && (v <= 0 || v >= 1)) || (k === 'storageFillRatio' && v > 1)) {
      out.push({ name: k, value: v, message: `${k} must be a fraction between 0 and 1` });
    } else if ((k === 'restoreThroughputMiBps' || k === 'siteRepairHours') && v === 0) {
      out.push({ name: k, value: v, message: `${k} must be above 0` });
    }
  }
  return out;
}
