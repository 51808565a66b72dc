/**
 * Builds the review of a synthesized output: summary, topology, capacity, isolation, recovery, compliance,
 * and, with a base output or plan files, what the change does.
 */
import { libraryVersion } from '../private/version';
import { diffOutputs, findingStatus, OPEN_FINDING_STATUSES } from './diff';
import type { ComplianceFile, SynthOutput } from './inputs';
import { ComplianceReview, DomainChange, FailOn, ProvinceReview, REVIEW_SCHEMA_VERSION, ResourceChange, Review, Verdict } from './model';
import { PlanInput, reviewPlan } from './plan';
import { NamespaceIndex, reviewProvince } from './province';
import { OwnerIndex } from './resources';

export interface ReviewOptions {
  /** The output under review (head). */
  readonly head: SynthOutput;
  /** The output it is compared with (usually the target branch). @default - no diff */
  readonly base?: SynthOutput;
  /** Terraform plan JSON files. @default - none */
  readonly plans?: readonly PlanInput[];
  /** Conditions that fail the review. @default - none */
  readonly failOn?: readonly FailOn[];
}

function complianceReview(c: ComplianceFile): ComplianceReview {
  const rules = new Map((c.rules ?? []).map((r) => [r.id, r]));
  const findings = (c.findings ?? []).map((f) => {
    const rule = rules.get(f.ruleId);
    return {
      provisional: rule?.provisional ?? undefined,
      ruleId: f.ruleId,
      ruleName: rule?.name,
      ruleNameZh: rule?.nameZh,
      clauses: [...(rule?.clauses ?? [])],
      severity: f.severity ?? rule?.severity ?? 'error',
      status: findingStatus(f.status),
      path: f.path,
      stack: f.stack,
      resource: f.resource,
      message: f.message,
      fix: f.fix,
    };
  });
  const rank = (f: { severity: string; status: string }) => (OPEN_FINDING_STATUSES.has(f.status) ? 0 : f.status === 'suppressed' ? 2 : 3) + (f.severity === 'error' ? 0 : 1) * 0.5;
  findings.sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId) || (a.path ?? '').localeCompare(b.path ?? ''));
  const open = findings.filter((f) => OPEN_FINDING_STATUSES.has(f.status));
  const s = c.summary ?? {};
  const byRule = (a: { ruleId: string; path?: string }, b: { ruleId: string; path?: string }) => a.ruleId.localeCompare(b.ruleId) || (a.path ?? '').localeCompare(b.path ?? '');
  const suppressions = c.suppressions ?? [];
  const countRules = (status: string) => (c.rules ?? []).filter((r) => r.status === status).length;
  return {
    pack: c.pack,
    standard: c.standard,
    summary: {
      errors: s.errors ?? open.filter((f) => f.severity === 'error').length,
      warnings: s.warnings ?? open.filter((f) => f.severity !== 'error').length,
      // Suppressed findings are listed under their suppression (with the count in `matched`), or with status suppressed.
      suppressed: s.suppressed ?? findings.filter((f) => f.status === 'suppressed').length + suppressions.reduce((n, x) => n + (typeof x.matched === 'number' ? x.matched : 0), 0),
      compliant: s.compliant ?? countRules('compliant'),
      notApplicable: s.notApplicable ?? countRules('not-applicable'),
      disabled: s.disabled ?? countRules('disabled'),
    },
    clauseCaveat: c.clauseCaveat,
    findings,
    suppressions: suppressions
      .map((x) => ({ ruleId: x.ruleId, path: x.path, resource: x.resource ?? undefined, reason: x.reason, owner: x.owner, expires: x.expires, matched: x.matched }))
      .sort(byRule),
    disabledRules: (c.disabledRules ?? [])
      .map((d) => ({ ruleId: d.ruleId, ruleName: rules.get(d.ruleId)?.nameZh ?? rules.get(d.ruleId)?.name, path: d.path, reason: d.reason, owner: d.owner, expires: d.expires }))
      .sort(byRule),
    severityOverrides: (c.severityOverrides ?? []).map((o) => ({ ruleId: o.ruleId, path: o.path, severity: o.severity, defaultSeverity: o.defaultSeverity })).sort(byRule),
  };
}

/** The province sections of an output, from its inventory and stacks. */
export function provincesOf(head: SynthOutput): ProvinceReview[] {
  const idx = new NamespaceIndex(head);
  return (head.inventory?.provinces ?? []).map((p) => reviewProvince(p, head, idx));
}

/** Builds the review. Throws {@link ReviewInputError} for unreadable plan files. */
export function buildReview(options: ReviewOptions): Review {
  const { head, base } = options;
  // Only changes need owners; a plain review of a large province skips the address index.
  const owners = base || (options.plans ?? []).length > 0 ? new OwnerIndex([base?.inventory, head.inventory]) : undefined;
  const changes = base ? diffOutputs(base, head, owners) : null;
  const plans = (options.plans ?? []).map((p) => reviewPlan(p, head, owners!));
  // Read through the review index, the sections of the head alone are the synth's own; else from the stacks.
  const provinces = head.provinces ?? provincesOf(head);
  const compliance = head.compliance ? complianceReview(head.compliance) : null;

  const resourcesByType: Record<string, number> = {};
  for (const s of head.stacks.values()) {
    if (s.countsByType) for (const [type, n] of s.countsByType) resourcesByType[type] = (resourcesByType[type] ?? 0) + n;
    else for (const r of s.resources.values()) resourcesByType[r.type] = (resourcesByType[r.type] ?? 0) + 1;
  }
  const sortedByType = Object.fromEntries(Object.entries(resourcesByType).sort(([a], [b]) => a.localeCompare(b)));

  const destructive: Array<ResourceChange | DomainChange> = [
    ...(changes?.domain.filter((d) => d.destructive) ?? []),
    ...(changes?.stacks.flatMap((s) => s.changes.filter((c) => c.destructive)) ?? []),
    ...plans.flatMap((p) => p.changes.filter((c) => c.destructive)),
  ];
  const deletes = (changes?.stacks.reduce((n, s) => n + s.counts.delete + s.counts.move + s.counts.replace, 0) ?? 0) + plans.reduce((n, p) => n + p.counts.delete + p.counts.replace, 0);
  const failOn = [...new Set(options.failOn ?? [])].sort() as FailOn[];
  const stacksParsed = [head.stacksParsed, base?.stacksParsed].filter((x): x is string => x !== undefined);
  const verdict: Verdict = {
    destructive: destructive.filter((d) => 'address' in d).length,
    destructiveDomain: destructive.filter((d) => !('address' in d)).length,
    deletes,
    complianceErrors: compliance?.summary.errors ?? 0,
    complianceWarnings: compliance?.summary.warnings ?? 0,
    compliance: !compliance ? 'not-evaluated' : compliance.summary.errors > 0 ? 'non-compliant' : 'compliant',
    failOn,
    failed: failOn.filter((f) =>
      f === 'destructive' ? destructive.length > 0 : f === 'delete' ? deletes > 0 : f === 'error' ? (compliance?.summary.errors ?? 0) > 0 : (compliance?.summary.warnings ?? 0) > 0,
    ),
  };

  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    generator: `gov-lz review (cdktf-gov-landing-zone@${libraryVersion()})`,
    inputs: {
      out: head.dir,
      base: base?.dir,
      plans: (options.plans ?? []).map((p) => (p.stack ? `${p.stack}=${p.shownAs ?? p.file}` : (p.shownAs ?? p.file))),
      stacksParsed: stacksParsed.length > 0 ? stacksParsed : undefined,
    },
    verdict,
    stacks: [...head.stacks.values()]
      .map((s) => ({ name: s.name, resources: s.countsByType ? [...s.countsByType.values()].reduce((n, c) => n + c, 0) : s.resources.size, dependsOn: s.dependsOn }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    resourcesByType: sortedByType,
    provinces,
    compliance,
    changes,
    plans,
    destructive,
  };
}
