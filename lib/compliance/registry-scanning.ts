/** The gate's check of a hub's registry scanning declaration (HubComplianceOptions.registryScanning). */
import { VULNERABILITY_SEVERITIES } from '../core/cluster-contracts';
import type { ProblemReporter } from '../core/context';
import type { IProvinceHub } from '../core/contracts';

const EXAMPLE = "e.g. registryScanning: { scanner: 'trivy', scanOnPush: true, blockingSeverity: 'high', databaseUpdateDays: 1 }";

/** Problems with a declared `registryScanning` (every one reported); nothing when it is not declared. */
export function checkRegistryScanning(r: ProblemReporter, hub: IProvinceHub, declared: unknown): void {
  if (declared === undefined) return;
  const err = (value: unknown, message: string, fix: string) => r.error(hub, { code: 'invalid-registry-scanning', value, message, fix });
  if (declared === null || typeof declared !== 'object' || Array.isArray(declared)) return err(declared, 'registryScanning must be an object', EXAMPLE);
  const d = declared as Record<string, unknown>;
  if (typeof d.scanner !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(d.scanner)) err(d.scanner, "registryScanning.scanner must name the registry's scanner in lower case", "e.g. scanner: 'trivy'");
  if (typeof d.scanOnPush !== 'boolean') err(d.scanOnPush, 'registryScanning.scanOnPush must be true or false', 'declare whether the registry scans every image when it is pushed (Harbor: auto_scan)');
  const severities: readonly unknown[] = [...VULNERABILITY_SEVERITIES, 'none'];
  if (!severities.includes(d.blockingSeverity))
    err(
      d.blockingSeverity,
      `registryScanning.blockingSeverity must be one of ${severities.join(', ')}`,
      "e.g. blockingSeverity: 'high' (Harbor: prevent vulnerable images from running, severity high)",
    );
  if (typeof d.databaseUpdateDays !== 'number' || !Number.isInteger(d.databaseUpdateDays) || d.databaseUpdateDays < 1)
    err(d.databaseUpdateDays, 'registryScanning.databaseUpdateDays must be a whole number of days, at least 1', 'e.g. databaseUpdateDays: 1 (the offline vulnerability database imported daily)');
}
