/**
 * Where a Helm chart comes from. A repository is an OCI registry path (`oci://harbor.zj.gov.internal/charts`), an
 * HTTP(S) chart repository, or `file://<absolute folder>` holding unpacked charts (`<folder>/<chart>/Chart.yaml`):
 * an air-gapped province vendoring its charts beside its landing-zone code, or the end-to-end suite's local charts.
 */
export interface ChartSource {
  /** The helm_release `repository`; absent for a local chart. */
  readonly repository?: string;
  /** The helm_release `chart`: a chart name in the repository, or the local chart's folder. */
  readonly chart: string;
}

const LOCAL = 'file://';

/** The `repository` and `chart` of a helm_release for `chart` from `repository`. */
export function chartSource(repository: string, chart: string): ChartSource {
  if (repository.startsWith(LOCAL)) return { chart: `${repository.slice(LOCAL.length).replace(/\/+$/, '')}/${chart}` };
  return { repository, chart };
}

/** What is wrong with a chart repository value, or undefined. */
export function chartRepositoryProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  // Credentials in the URL are refused by urlCredential (lib/core/credentials), with their own message.
  if (/^(oci|https?):\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) return undefined;
  if (/^file:\/\/\/[^\s]*$/.test(value) && !value.includes('/../') && !value.endsWith('/..')) return undefined;
  return 'must be an oci:// or https:// chart repository, or file:///<absolute folder> of unpacked charts';
}

/** A registry host with an optional port and path, no scheme (`harbor.zj.gov.internal:8443/mirror`). */
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9._-]+)*$/;

/** Whether a value names an image registry (host, optional port and path, no scheme). */
export function isImageRegistry(value: unknown): value is string {
  return typeof value === 'string' && REGISTRY.test(value);
}

/** Whether a value is an exact version (`1.2.3`, `v1.13.1`, `1.2.3-rc.1`): a range would let what it pins change under a plan. */
export function isExactVersion(value: unknown): value is string {
  return typeof value === 'string' && /^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/.test(value);
}
