import type { RecoveryAssumptions } from '../core/contracts';
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
  humanResponseSeconds: 600,
  decisionSeconds: 300,
  fencingAndChecksSeconds: 120,
  dnsHighPercentileSeconds: 300,
  addressSwitchSeconds: 60,
  backupThroughputMiBps: 100,
  backupChangeRatio: 0.1,
  veleroOverheadSeconds: 60,
  veleroConcurrency: 1,
  commonCauseShare: 0.1,
  recloneThroughputMiBps: 200,
  switchoverSeconds: 60,
};

/** Assumptions that are fractions between 0 and 1. */
const FRACTIONS = ['siteAvailability', 'storageFillRatio', 'backupChangeRatio', 'commonCauseShare'];
/** Assumptions that must be above 0 (divisors, counts). */
const POSITIVE = ['restoreThroughputMiBps', 'siteRepairHours', 'backupThroughputMiBps', 'veleroConcurrency', 'recloneThroughputMiBps'];

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
    } else if ((k === 'siteAvailability' && (v <= 0 || v >= 1)) || (FRACTIONS.includes(k) && v > 1)) {
      out.push({ name: k, value: v, message: `${k} must be a fraction between 0 and 1` });
    } else if (POSITIVE.includes(k) && v === 0) {
      out.push({ name: k, value: v, message: `${k} must be above 0` });
    } else if (k === 'veleroConcurrency' && !Number.isInteger(v)) {
      out.push({ name: k, value: v, message: `${k} must be a whole number` });
    }
  }
  return out;
}
