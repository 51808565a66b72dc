import type { AdminGroups } from '../admin-roles';
import { ClauseConfidence, clauseInfo, CLAUSE_CAVEAT } from '../clauses';
import { declarationOf, SourceLocation } from '../../core/declaration';
import type { ComplianceResult, Finding, LocatedFinding } from '../engine';
import { MLPS_LEVEL3_PACK } from '../packs/mlps-level3';
import type { Severity } from '../rule';

/** Version of the compliance.json format; the review refuses versions it does not know. */
export const COMPLIANCE_SCHEMA_VERSION = 1;

/** What the hubs declared for compliance, recorded beside the findings. */
export interface ComplianceDeclarations {
  readonly audit: Array<{ province: string; logRetentionDays: number; logSink: string | null; policyFile: string }>;
  readonly adminGroups: Array<{ province: string } & { [K in keyof AdminGroups]: string[] }>;
  /** Platform namespaces that enforce Pod Security `privileged`, each with its declared reason (MLPS3-15), by cluster and name. */
  readonly privilegedNamespaces: Array<{ cluster: string; namespace: string; resource: string; reason: string }>;
}

/** Facts about the run beyond the result. */
export interface ReportContext {
  readonly provinces: readonly string[];
  /** `cdktf-gov-landing-zone@<version>`. */
  readonly generator: string;
  readonly version: string;
  readonly declarations: ComplianceDeclarations;
  /** Where findings point whose construct has no recorded declaration (e.g. where the pack was applied). @default - none */
  readonly fallbackSource?: () => SourceLocation | null;
}

/** A finding as written to compliance.json: with the line of the app's code that declared the construct at fault. */
export interface ReportedFinding extends Finding {
  /** File (relative to the source root: the folder holding `.git`, else the working directory) and line; null when unknown. */
  readonly source: SourceLocation | null;
}

/** One rule in compliance.json. */
export interface ComplianceJsonRule {
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly domain: string;
  readonly clauses: string[];
  readonly severity: Severity;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly status: 'compliant' | 'non-compliant' | 'not-applicable' | 'disabled';
  /** Subjects the rule applied to. */
  readonly checked: number;
  /** How sure the pack is of each clause number (see clauseCaveat). */
  readonly clauseConfidence: Record<string, ClauseConfidence>;
  /** Why some findings are warnings today and what makes them errors; null when final. */
  readonly provisional: string | null;
  /** How to comply, in general; null when the rule gives fixes per finding only. */
  readonly remediation: string | null;
  /** 0.0–10.0, as code-scanning tools rank alerts: the rule's own, else 8.0 for an error and 5.0 for a warning. */
  readonly securitySeverity: number;
}

/** compliance.json. */
export interface ComplianceJson {
  readonly schemaVersion: number;
  readonly pack: string;
  readonly standard: string;
  readonly generator: string;
  readonly generatedFor: { provinces: string[] };
  /** errors, warnings: open findings; suppressed: suppressed findings; compliant, notApplicable, disabled: rules. */
  readonly summary: { errors: number; warnings: number; suppressed: number; compliant: number; notApplicable: number; disabled: number };
  readonly clauseCaveat: string;
  readonly rules: ComplianceJsonRule[];
  readonly findings: ReportedFinding[];
  readonly suppressions: Array<{
    ruleId: string;
    path: string;
    reason: string;
    owner: string;
    expires: string;
    resource: string | null;
    /** Where the app's code made the suppression. */
    source: SourceLocation | null;
    matched: number;
    findings: Array<Pick<ReportedFinding, 'path' | 'stack' | 'resource' | 'message' | 'severity' | 'source'>>;
  }>;
  readonly disabledRules: Array<{ ruleId: string; path: string; reason: string; owner: string; expires: string }>;
  /** Severity overrides; a lowering carries its reason, owner and expiry. */
  readonly severityOverrides: Array<{ ruleId: string; path: string; severity: Severity; defaultSeverity: Severity; reason?: string; owner?: string; expires?: string }>;
  readonly declarations: ComplianceDeclarations;
}

const plain = (f: LocatedFinding, source: SourceLocation | null): ReportedFinding => ({
  ruleId: f.ruleId,
  severity: f.severity,
  status: f.status,
  path: f.path,
  stack: f.stack,
  resource: f.resource,
  message: f.message,
  fix: f.fix,
  source,
});

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the compliance.json document (plain data, sorted). */
export function complianceJson(result: ComplianceResult, ctx: ReportContext): ComplianceJson {
  let fallback: SourceLocation | null | undefined;
  const sourceOf = (f: LocatedFinding): SourceLocation | null => declarationOf(f.construct) ?? (fallback ??= ctx.fallbackSource?.() ?? null);
  const rules: ComplianceJsonRule[] = result.rules.map((r) => ({
    id: r.rule.id,
    name: r.rule.name,
    nameZh: r.rule.nameZh,
    domain: r.rule.domain.value,
    clauses: [...r.rule.clauses],
    severity: r.severity,
    description: r.rule.description,
    defaultSeverity: r.rule.severity,
    status: r.status,
    checked: r.checked,
    clauseConfidence: Object.fromEntries(r.rule.clauses.map((c) => [c, clauseInfo(c)?.confidence ?? 'inferred'])),
    provisional: r.rule.provisional ?? null,
    remediation: r.rule.remediation ?? null,
    securitySeverity: r.rule.securitySeverity ?? (r.severity === 'error' ? 8.0 : 5.0),
  }));
  const suppressions = result.suppressions
    .filter((s) => s.problems.length === 0)
    .map((s) => ({
      ruleId: s.suppression.ruleId,
      path: s.suppression.path,
      reason: s.suppression.reason,
      owner: s.suppression.owner,
      expires: s.suppression.expires,
      resource: s.suppression.resource ?? null,
      source: s.suppression.declaredAt?.() ?? null,
      matched: s.matched.length,
      findings: s.matched.map((f) => ({ path: f.path, stack: f.stack, resource: f.resource, message: f.message, severity: f.severity, source: sourceOf(f) })),
    }))
    .sort((a, b) => byText(a.path, b.path) || byText(a.ruleId, b.ruleId) || byText(a.resource ?? '', b.resource ?? ''));
  const count = (status: ComplianceJsonRule['status']) => rules.filter((r) => r.status === status).length;
  return {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    pack: MLPS_LEVEL3_PACK,
    standard: 'GB/T 22239-2019 (MLPS 2.0) level 3',
    generator: ctx.generator,
    generatedFor: { provinces: [...ctx.provinces].sort() },
    summary: {
      errors: result.findings.filter((f) => f.severity === 'error').length,
      warnings: result.findings.filter((f) => f.severity === 'warning').length,
      suppressed: suppressions.reduce((n, s) => n + s.matched, 0),
      compliant: count('compliant'),
      notApplicable: count('not-applicable'),
      disabled: count('disabled'),
    },
    clauseCaveat: CLAUSE_CAVEAT,
    rules,
    findings: result.findings.map((f) => plain(f, sourceOf(f))),
    suppressions,
    disabledRules: [...result.disabled].map((d) => ({ ruleId: d.ruleId, path: d.path, reason: d.reason, owner: d.owner, expires: d.expires })).sort((a, b) => byText(a.path, b.path) || byText(a.ruleId, b.ruleId)),
    severityOverrides: [...result.overrides].sort((a, b) => byText(a.path, b.path) || byText(a.ruleId, b.ruleId)),
    declarations: ctx.declarations,
  };
}
