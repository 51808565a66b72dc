import { declarationOf, SourceLocation } from '../../core/declaration';
import { COMPLIANCE_SCHEMA_VERSION, type ComplianceDeclarationsRecord, type ComplianceFile, type ComplianceFindingRecord, type ComplianceRuleRecord } from '../../schema/compliance';
import { clauseInfo, CLAUSE_CAVEAT } from '../clauses';
import type { ComplianceResult, LocatedFinding } from '../engine';
import { MLPS_LEVEL3_PACK } from '../packs/mlps-level3';
import { citationCertainty } from '../rule';
import { evidenceRecord, itemResults, itemTotals, type ComplianceRunRecord } from './compliance-items';

export { COMPLIANCE_SCHEMA_VERSION };

/** What the hubs declared for compliance, recorded beside the findings. */
export type ComplianceDeclarations = ComplianceDeclarationsRecord;

/** Facts about the run beyond the result. */
export interface ReportContext {
  readonly provinces: readonly string[];
  /** `cdktf-gov-landing-zone@<version>`. */
  readonly generator: string;
  readonly version: string;
  readonly declarations: ComplianceDeclarations;
  /** Where findings point whose construct has no recorded declaration (e.g. where the pack was applied). @default - none */
  readonly fallbackSource?: () => SourceLocation | null;
  /** Date, commit, input digest and scope of the run. */
  readonly run: ComplianceRunRecord;
  /** The rendered Helm charts read, and every helm_release in scope with whether its objects were checked. @default - none rendered, no release */
  readonly charts?: ComplianceJson['charts'];
}

/** A finding as written to compliance.json (lib/schema/compliance.ts). */
export type ReportedFinding = ComplianceFindingRecord;
/** One rule in compliance.json (lib/schema/compliance.ts). */
export type ComplianceJsonRule = ComplianceRuleRecord;
/** compliance.json (lib/schema/compliance.ts). */
export type ComplianceJson = ComplianceFile;

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
    citations: r.rule.clauses.map((c) => ({ clause: c, certainty: citationCertainty(r.rule, c) })),
    cis: [...(r.rule.cis ?? [])],
    evidence: r.evidence.map(evidenceRecord),
    charts: r.charts ? { rendered: r.charts.rendered.length, notRendered: r.charts.notRendered.length } : null,
  }));
  const findings = result.findings.map((f) => plain(f, sourceOf(f)));
  const items = itemResults(rules, findings);
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
    run: ctx.run,
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
    items,
    itemTotals: itemTotals(items),
    findings,
    suppressions,
    disabledRules: [...result.disabled]
      .map((d) => ({ ruleId: d.ruleId, path: d.path, reason: d.reason, owner: d.owner, expires: d.expires }))
      .sort((a, b) => byText(a.path, b.path) || byText(a.ruleId, b.ruleId)),
    severityOverrides: [...result.overrides].sort((a, b) => byText(a.path, b.path) || byText(a.ruleId, b.ruleId)),
    declarations: ctx.declarations,
    charts: ctx.charts ?? { folders: [], digest: null, releases: [] },
  };
}
