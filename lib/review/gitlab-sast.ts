/**
 * The compliance findings as a GitLab SAST report (`artifacts:reports:sast`), for merge requests and the
 * vulnerability report of GitLab, which does not read SARIF: one vulnerability per open result of
 * `gov-lz/compliance.sarif`, at the same file and line, with the rule as identifier and its help as solution.
 * Suppressed results are accepted risks with a reason, an owner and an expiry date; they are left out.
 *
 * Format: GitLab's security report schema, SAST, version {@link GITLAB_SAST_VERSION} (gitlab-org/security-products/
 * security-report-schemas, `dist/sast-report-format.json`).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ReviewInputError } from './inputs';

/** The version of GitLab's security report schema the report declares. */
export const GITLAB_SAST_VERSION = '15.2.1';
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SAST_VERSION}/dist/sast-report-format.json`;

/** GitLab's severity levels. */
export type GitLabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown';

/** One vulnerability of a GitLab SAST report. */
export interface GitLabVulnerability {
  /** A UUID, stable across runs for the same finding (derived from its SARIF fingerprint). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: GitLabSeverity;
  readonly solution: string;
  readonly identifiers: Array<{ type: string; name: string; value: string; url?: string }>;
  readonly location: { file: string; start_line: number };
}

/** A GitLab SAST report (the fields this writer fills). */
export interface GitLabSastReport {
  readonly schema: string;
  readonly version: string;
  readonly scan: {
    readonly analyzer: { id: string; name: string; version: string; vendor: { name: string } };
    readonly scanner: { id: string; name: string; version: string; vendor: { name: string } };
    readonly type: 'sast';
    readonly start_time: string;
    readonly end_time: string;
    readonly status: 'success';
  };
  readonly vulnerabilities: GitLabVulnerability[];
}

/** The severity GitLab shows for a SARIF security-severity (the same bands as GitHub's). */
export function gitlabSeverity(securitySeverity: number | undefined): GitLabSeverity {
  if (securitySeverity === undefined || Number.isNaN(securitySeverity)) return 'Unknown';
  if (securitySeverity >= 9) return 'Critical';
  if (securitySeverity >= 7) return 'High';
  if (securitySeverity >= 4) return 'Medium';
  if (securitySeverity > 0) return 'Low';
  return 'Info';
}

/** `YYYY-MM-DDTHH:MM:SS`, as the schema wants it. */
function timestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A UUID (version 5 layout) from a fingerprint, so that GitLab keeps tracking the same vulnerability. */
function uuidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Converts a compliance.sarif log; `time` is the scan's start and end (default: now). */
export function gitlabSastReport(sarif: any, time: Date = new Date()): GitLabSastReport {
  const run = sarif?.runs?.[0];
  if (!run?.tool?.driver || !Array.isArray(run.results)) throw new ReviewInputError('the SARIF log has no run with a tool and results');
  const driver = run.tool.driver;
  const rules: any[] = driver.rules ?? [];
  const vulnerabilities: GitLabVulnerability[] = [];
  for (const r of run.results) {
    if (Array.isArray(r.suppressions) && r.suppressions.length > 0) continue;
    const rule = rules[r.ruleIndex] ?? rules.find((x) => x.id === r.ruleId) ?? {};
    const physical = r.locations?.[0]?.physicalLocation;
    if (!physical?.artifactLocation?.uri) continue;
    const fingerprint = Object.values<string>(r.partialFingerprints ?? {})[0] ?? JSON.stringify([r.ruleId, r.message?.text]);
    const resource = r.locations?.[0]?.logicalLocations?.map((l: any) => l.fullyQualifiedName).pop();
    vulnerabilities.push({
      id: uuidOf(`${r.ruleId}\n${fingerprint}`),
      name: `${r.ruleId} ${rule.shortDescription?.text ?? rule.name ?? ''}`.trim(),
      description: resource ? `${r.message?.text ?? ''}\n\nAt: ${resource}` : (r.message?.text ?? ''),
      severity: gitlabSeverity(Number(rule.properties?.['security-severity'])),
      solution: rule.help?.text ?? '',
      identifiers: [{ type: 'gov_lz_rule', name: r.ruleId, value: r.ruleId, ...(rule.helpUri ? { url: rule.helpUri } : {}) }],
      location: { file: physical.artifactLocation.uri, start_line: physical.region?.startLine ?? 1 },
    });
  }
  const tool = { id: 'gov-lz', name: driver.name ?? 'cdktf-gov-landing-zone', version: driver.version ?? '0.0.0', vendor: { name: 'cdktf-gov-landing-zone' } };
  const at = timestamp(time);
  return {
    schema: SCHEMA_URL,
    version: GITLAB_SAST_VERSION,
    scan: { analyzer: tool, scanner: tool, type: 'sast', start_time: at, end_time: at, status: 'success' },
    vulnerabilities,
  };
}

/** Reads `<out>/gov-lz/compliance.sarif`. */
export function readComplianceSarif(out: string, shownAs = out): unknown {
  const file = path.join(out, 'gov-lz', 'compliance.sarif');
  const shown = path.join(shownAs, 'gov-lz', 'compliance.sarif');
  if (!fs.existsSync(file)) throw new ReviewInputError(`${shown} does not exist: synthesize first (an output without the compliance pack has no SARIF log)`);
  return readSarifFile(file, shown);
}

/** Reads a SARIF log (e.g. the copy GOVLZ_SARIF names). */
export function readSarifFile(file: string, shownAs = file): unknown {
  if (!fs.existsSync(file)) throw new ReviewInputError(`${shownAs} does not exist`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReviewInputError(`${shownAs} is not JSON: ${(e as Error).message}`);
  }
}
