/**
 * Runs a pack's rules over the view and turns their outcomes into findings, applying configuration
 * (severity overrides, disabled rules) and suppressions. Pure with respect to its inputs: the same view,
 * configuration and day give the same result, sorted deterministically.
 */
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Problem } from '../core/errors';
import { ancestorsOf } from '../private/construct-paths';
import { ComplianceView, ViewResource } from './resource-view';
import { compareRuleIds, ComplianceRule, RuleStatus, Severity, SubjectKind, Subjects, Violation, violationsOf } from './rule';
import { dayNumber, isUnderAny, MAX_SUPPRESSION_DAYS, Suppression, suppressionProblems, SuppressionOptions } from './suppressions';

/** A rule switched off for a scope, with the same accountability as a suppression. */
export interface DisabledRuleOptions {
  readonly ruleId: string;
  /** Why the rule does not apply here; at least 10 characters. */
  readonly reason: string;
  readonly owner: string;
  /** Last day the rule stays off, `YYYY-MM-DD`. */
  readonly expires: string;
}

/**
 * A rule's severity lowered from error to warning, with the same accountability as a suppression: lowering lets its
 * findings through synth, so it says why, who answers for it and until when.
 */
export interface SeverityOverride {
  readonly severity: Severity;
  /** Why the rule's findings need not fail synth here; at least 10 characters. Required to lower a rule. */
  readonly reason?: string;
  /** Who answers for it. Required to lower a rule. */
  readonly owner?: string;
  /** Last day the lowering holds, `YYYY-MM-DD`. Required to lower a rule. */
  readonly expires?: string;
}

/** How one application of the pack is configured. */
export interface PackConfiguration {
  /** Construct paths the pack was applied to. */
  readonly scopes: readonly string[];
  /** The construct the configuration belongs to, for messages (the first scope). */
  readonly at: IConstruct;
  /** Severity by rule id: a severity, or a {@link SeverityOverride} (lowering an error needs its reason, owner and expiry). */
  readonly severityOverrides: Readonly<Record<string, Severity | SeverityOverride>>;
  readonly disabledRules: readonly DisabledRuleOptions[];
  /** `YYYY-MM-DD`. */
  readonly today: string;
}

/** One non-compliance, as written to the reports. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: 'non-compliant';
  /** Construct path (or model path such as `zj/clusters/hz-a-core`). */
  readonly path: string;
  /** Stack id, or null for model findings that belong to no stack. */
  readonly stack: string | null;
  /** `<type>.<name>`, or null when the finding is about a model element. */
  readonly resource: string | null;
  readonly message: string;
  readonly fix: string;
}

/** A finding with the construct cdktf annotates. */
export interface LocatedFinding extends Finding {
  readonly construct: IConstruct;
  /** The rule crashed: such findings are never suppressed. */
  readonly crashed?: boolean;
}

/** Per-rule outcome over all subjects. */
export interface RuleResult {
  readonly rule: ComplianceRule;
  readonly severity: Severity;
  readonly status: 'compliant' | 'non-compliant' | 'not-applicable' | 'disabled';
  /** Subjects the rule applied to. */
  readonly checked: number;
  /** Of which compliant. */
  readonly compliant: number;
  /** Where the compliant subjects are (the evidence of the passes): one group per path, stack and file, sorted. */
  readonly evidence: EvidenceGroup[];
  /**
   * For rules that read rendered Helm charts: the helm_releases in scope whose objects the rule saw, and those it did
   * not (not rendered, or changed since), sorted by stack and address; undefined for the other rules.
   */
  readonly charts?: { rendered: ChartRelease[]; notRendered: ChartRelease[] };
}

/** A helm_release as a rule that reads charts saw it. */
export interface ChartRelease {
  readonly stack: string;
  /** `helm_release.<name>`. */
  readonly resource: string;
  readonly path: string;
  /** How completely its objects are seen (rendered), or why they are not (not rendered). */
  readonly detail: string;
}

/** Where subjects the rule passed lie: a construct (or model) path, its stack and the Terraform addresses there. */
export interface EvidenceGroup {
  readonly path: string;
  /** Stack id, or null for model subjects (hubs, clusters) that belong to no stack. */
  readonly stack: string | null;
  /** `<type>.<name>` of each passed resource at this path, sorted; empty for a model subject. */
  readonly resources: string[];
  /** Where the objects lie when they are not in their stack's Terraform JSON: the rendered manifest of a Helm release. @default - the stack's cdk.tf.json */
  readonly file?: string;
}

/** A suppression, its validity and what it matched. */
export interface SuppressionResult {
  readonly suppression: Suppression;
  readonly matched: LocatedFinding[];
  readonly problems: ReturnType<typeof suppressionProblems>;
}

/** What one check run found. */
export interface ComplianceResult {
  readonly rules: RuleResult[];
  /** Findings not suppressed, sorted. */
  readonly findings: LocatedFinding[];
  readonly suppressions: SuppressionResult[];
  readonly disabled: Array<DisabledRuleOptions & { path: string }>;
  readonly overrides: Array<{ ruleId: string; severity: Severity; defaultSeverity: Severity; path: string; reason?: string; owner?: string; expires?: string }>;
  /** Problems with the configuration and the suppressions (errors that fail synth). */
  readonly problems: Problem[];
  /** Warnings about the configuration (e.g. suppressions held for more than a year). */
  readonly warnings: Array<{ at: IConstruct; message: string }>;
}

/** Evaluates `rules` for every configuration (applications of the pack) over one view. */
export function evaluate(view: ComplianceView, rules: readonly ComplianceRule[], configs: readonly PackConfiguration[], suppressions: readonly Suppression[]): ComplianceResult {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const problems: Problem[] = [];
  const warnings: ComplianceResult['warnings'] = [];
  const disabled: ComplianceResult['disabled'] = [];
  const overrides: ComplianceResult['overrides'] = [];
  const raw = new Map<string, LocatedFinding>();
  const stats = new Map<
    string,
    {
      checked: number;
      compliant: number;
      enabled: boolean;
      severity?: Severity;
      evidence: Map<string, { path: string; stack: string | null; file?: string; resources: Set<string> }>;
      charts?: Map<string, ChartRelease & { rendered: boolean }>;
    }
  >();
  for (const r of rules) stats.set(r.id, { checked: 0, compliant: 0, enabled: false, evidence: new Map(), ...(r.seesRenderedCharts ? { charts: new Map() } : {}) });
  // No configuration can weaken another: expiry dates are read against the latest day any configuration names.
  const today = latestDay(configs.map((c) => c.today));
  // Where a passed subject's evidence is grouped (path, stack, file): a resource's key is made once for all rules.
  const resourceKeys = new Map<ViewResource, string>();
  const evidenceKey = (w: Where): string => {
    const r = w.resource;
    if (!r) return `${w.path}\u0000${w.stack ?? ''}\u0000`;
    let k = resourceKeys.get(r);
    if (k === undefined) resourceKeys.set(r, (k = `${w.path}\u0000${r.stack ?? ''}\u0000${r.chart?.file ?? ''}`));
    return k;
  };

  for (const config of configs) {
    const at = config.at.node.path;
    const off = new Set<string>();
    const severityOf = new Map<string, Severity>();
    for (const given of config.disabledRules ?? []) {
      const d = (given !== null && typeof given === 'object' ? given : {}) as DisabledRuleOptions;
      const ps = suppressionProblems(d, today, (id) => byId.has(id));
      for (const p of ps)
        problems.push({
          path: at,
          code: p.code === 'suppression-expired' ? 'disabled-rule-expired' : 'disabled-rule-invalid',
          value: p.value,
          message: `disabledRules entry for ${String(d.ruleId)}: ${p.message}`,
          fix: p.fix,
        });
      if (ps.length === 0) {
        off.add(d.ruleId);
        disabled.push({ ruleId: d.ruleId, reason: d.reason, owner: d.owner, expires: d.expires, path: at });
      }
    }
    for (const [ruleId, given] of Object.entries(config.severityOverrides ?? {})) {
      const rule = byId.get(ruleId);
      const o: Partial<SeverityOverride> = given !== null && typeof given === 'object' ? given : { severity: given as Severity };
      const severity = o.severity;
      if (!rule || (severity !== 'error' && severity !== 'warning')) {
        problems.push({
          path: at,
          code: 'invalid-value',
          value: { [ruleId]: given },
          message: rule ? `severity override for ${ruleId} must be 'error' or 'warning'` : `severityOverrides names ${ruleId}, which is not a rule of the pack`,
          fix: rule ? "use 'error' or 'warning'" : 'use an id from compliance.json',
        });
        continue;
      }
      if (severity === 'warning' && rule.severity === 'error') {
        // Lowering is a suppression of every finding of the rule: the same accountability, or it does not apply.
        const ps = suppressionProblems({ ruleId, reason: o.reason, owner: o.owner, expires: o.expires }, today, () => true);
        if (ps.length > 0) {
          const missing = typeof given === 'string';
          problems.push({
            path: at,
            code: missing ? 'severity-lowered-without-reason' : ps[0].code === 'suppression-expired' ? 'severity-override-expired' : 'severity-override-invalid',
            value: { [ruleId]: given },
            message: missing
              ? `severityOverrides lowers ${ruleId} (${rule.name}) from error to warning without a reason, an owner and an expiry date: its findings would no longer fail synth`
              : `severityOverrides lowers ${ruleId}: ${ps.map((p) => p.message).join('; ')}`,
            fix: `give { severity: 'warning', reason, owner, expires } like a suppression, or fix the findings; the rule stays an error meanwhile`,
          });
          continue;
        }
        warnings.push({
          at: config.at,
          message: `[${ruleId}] lowered from error to warning by severityOverrides until ${o.expires} (${o.owner}: ${o.reason}): its findings no longer fail synth where no other configuration of the pack keeps it an error`,
        });
      }
      severityOf.set(ruleId, severity);
      overrides.push({ ruleId, severity, defaultSeverity: rule.severity, path: at, ...(typeof given === 'object' && given !== null ? { reason: o.reason, owner: o.owner, expires: o.expires } : {}) });
    }
    for (const rule of rules) {
      if (off.has(rule.id)) continue;
      const st = stats.get(rule.id)!;
      st.enabled = true;
      const severity = severityOf.get(rule.id) ?? rule.severity;
      // Two configurations over one scope: the stricter severity wins.
      st.severity = st.severity === 'error' || severity === 'error' ? 'error' : severity;
      if (st.charts) for (const c of releasesInScope(view, config.scopes)) st.charts.set(`${c.stack}\u0000${c.resource}`, c);
      forEachSubject(view, rule, config.scopes, (subject, where) => {
        let outcome: Violation[] | RuleStatus;
        try {
          outcome = violationsOf(rule.check(subject as never, view));
        } catch (e) {
          const f = locate(
            rule,
            where(),
            {
              message: `the rule failed on this element (${e instanceof Error ? e.message : String(e)}); it is reported as an error, never as a pass`,
              fix: "report the bug to cdktf-gov-landing-zone; meanwhile disable the rule with a reason in the hub's compliance.disabledRules",
            },
            'error',
          );
          raw.set(key(f), { ...f, crashed: true });
          st.checked++;
          return;
        }
        if (outcome === RuleStatus.NOT_APPLICABLE) return;
        st.checked++;
        if (outcome === RuleStatus.COMPLIANT || (Array.isArray(outcome) && outcome.length === 0)) {
          st.compliant++;
          const w = where();
          const k = evidenceKey(w);
          let group = st.evidence.get(k);
          if (!group) {
            const stack = w.resource ? w.resource.stack : (w.stack ?? null);
            const file = w.resource?.chart?.file;
            st.evidence.set(k, (group = { path: w.path, stack, ...(file ? { file } : {}), resources: new Set() }));
          }
          if (w.resource) group.resources.add(w.resource.address);
          return;
        }
        const w = where();
        for (const v of outcome as Violation[]) {
          const f = locate(rule, w, v, v.severity === 'warning' ? 'warning' : severity);
          const k = key(f);
          const seen = raw.get(k);
          // The same finding under several configurations of the pack: the stricter severity wins.
          if (!seen || (seen.severity === 'warning' && f.severity === 'error' && !seen.crashed)) raw.set(k, f);
        }
      });
    }
  }

  // Suppressions: only valid ones suppress; each must match something.
  const results: SuppressionResult[] = suppressions.map((s) => {
    const ps = today ? suppressionProblems(s, today, (id) => byId.has(id)) : [];
    return { suppression: s, matched: [], problems: ps };
  });
  // Valid suppressions by rule and path, so that a finding looks up its own path and its ancestors only
  // (a province may suppress per tenant: thousands of suppressions, thousands of findings).
  const byScope = new Map<string, SuppressionResult[]>();
  for (const s of results) {
    if (s.problems.length > 0) continue;
    for (const scope of s.suppression.scopes) {
      const k = `${s.suppression.ruleId}\u0000${scope}`;
      const list = byScope.get(k);
      if (list) list.push(s);
      else byScope.set(k, [s]);
    }
  }
  const candidates = (f: Finding): SuppressionResult[] => {
    const out: SuppressionResult[] = [];
    for (const scope of scopesOf(f.path)) out.push(...(byScope.get(`${f.ruleId}\u0000${scope}`) ?? []));
    return out.length > 1 ? [...new Set(out)] : out;
  };
  const findings: LocatedFinding[] = [];
  for (const f of [...raw.values()].sort(compareFindings)) {
    const hits = f.crashed || byScope.size === 0 ? [] : candidates(f).filter((s) => matches(s.suppression, f));
    for (const h of hits) h.matched.push(f);
    if (hits.length === 0) findings.push(f);
  }
  for (const s of results) {
    const sup = s.suppression;
    for (const p of s.problems) problems.push({ path: sup.path, code: p.code, value: p.value, message: `suppression of ${String(sup.ruleId)}: ${p.message}`, fix: p.fix });
    if (s.problems.length === 0 && s.matched.length === 0) {
      const rule = byId.get(sup.ruleId)!;
      // Scoped to an object inside a Helm release whose objects are not seen (not rendered, or changed since): it cannot
      // match until the charts are rendered again, which is a warning, not a stale suppression.
      const pending = sup.resource === undefined ? undefined : unrenderedRelease(view, sup.resource, sup.scopes);
      if (pending) {
        warnings.push({ at: sup.construct, message: `suppression of ${sup.ruleId} on ${sup.resource} cannot be checked: ${pending}` });
        continue;
      }
      problems.push({
        path: sup.path,
        code: 'suppression-unmatched',
        value: sup.resource ?? sup.ruleId,
        message: `suppression of ${sup.ruleId} (${rule.name}) matches no finding${sup.resource ? ` on ${sup.resource}` : ''} at ${sup.path || '(app)'} or below`,
        fix: 'remove the suppression: the finding is gone (or the rule does not run here)',
      });
    }
    const days = today ? (dayNumber(sup.expires) ?? 0) - (dayNumber(today) ?? 0) : 0;
    if (s.problems.length === 0 && days > MAX_SUPPRESSION_DAYS) {
      warnings.push({ at: sup.construct, message: `suppression of ${sup.ruleId} holds until ${sup.expires}, more than a year: MLPS assessments recur yearly, review it by then` });
    }
  }

  const ruleResults: RuleResult[] = rules.map((rule) => {
    const st = stats.get(rule.id)!;
    const open = findings.some((f) => f.ruleId === rule.id) || results.some((s) => s.matched.some((f) => f.ruleId === rule.id));
    const status: RuleResult['status'] = !st.enabled ? 'disabled' : open ? 'non-compliant' : st.checked === 0 ? 'not-applicable' : 'compliant';
    const evidence = [...st.evidence.values()]
      .sort((a, b) => cmp(a.path, b.path) || cmp(a.stack ?? '', b.stack ?? '') || cmp(a.file ?? '', b.file ?? ''))
      .map((g) => ({ path: g.path, stack: g.stack, ...(g.file ? { file: g.file } : {}), resources: [...g.resources].sort(cmp) }));
    const releases = [...(st.charts?.values() ?? [])].sort((a, b) => cmp(a.stack, b.stack) || cmp(a.resource, b.resource));
    const plainRelease = ({ rendered: _r, ...c }: ChartRelease & { rendered: boolean }): ChartRelease => c;
    const charts = st.charts ? { rendered: releases.filter((c) => c.rendered).map(plainRelease), notRendered: releases.filter((c) => !c.rendered).map(plainRelease) } : undefined;
    return { rule, severity: st.severity ?? rule.severity, status, checked: st.checked, compliant: st.compliant, evidence, ...(charts ? { charts } : {}) };
  });
  ruleResults.sort((a, b) => compareRuleIds(a.rule.id, b.rule.id));
  return { rules: ruleResults, findings, suppressions: results, disabled, overrides, problems, warnings };
}

type Where = { path: string; construct: IConstruct; resource?: ViewResource; stack?: string | null };

/**
 * Calls `visit` for each subject of a rule inside the scopes; `where` (where findings point) is built only when
 * needed, since most subjects are compliant and large provinces have a hundred thousand of them.
 */
function forEachSubject(view: ComplianceView, rule: ComplianceRule, scopes: readonly string[], visit: (subject: Subjects[SubjectKind], where: () => Where) => void): void {
  // One `where` per kind of subject, reading the subject last visited: no closure per subject (a hundred thousand a rule).
  let current!: ViewResource;
  // Paths repeat (one per tenant or stack), so each is tested once.
  const seen = new Map<string, boolean>();
  const inScope = (p: string) => {
    let v = seen.get(p);
    if (v === undefined) {
      v = isUnderAny(p, scopes);
      seen.set(p, v);
    }
    return v;
  };
  const whereResource = (): Where => ({ path: current.path, construct: current.owner, resource: current });
  switch (rule.subject) {
    case 'resource':
      for (const kind of rule.kinds ?? []) {
        const list = kind === '*' ? view.resources : view.ofKind(kind);
        for (const r of list) {
          // Objects rendered from Helm charts are subjects of the rules that read charts only.
          if (r.chart && !rule.seesRenderedCharts) continue;
          if (!inScope(r.path)) continue;
          current = r;
          visit(r, whereResource);
        }
      }
      break;
    case 'hub':
      for (const h of view.hubs) if (inScope(h.path)) visit(h, () => ({ path: h.path, construct: h.hub, stack: null }));
      break;
    case 'cluster':
      for (const c of view.clusters()) if (inScope(c.path)) visit(c, () => ({ path: c.path, construct: c.hub.hub, stack: null }));
      break;
    case 'industry-cloud':
      for (const ic of view.industryClouds) if (inScope(ic.node.path)) visit(ic, () => ({ path: ic.node.path, construct: ic, stack: stackId(ic) }));
      break;
    case 'tenant':
      for (const t of view.tenants) if (inScope(t.node.path)) visit(t, () => ({ path: t.node.path, construct: t, stack: stackId(t) }));
      break;
  }
}

/**
 * For a suppression address inside a Helm release (`helm_release.<name>[<object>]`): why that release's objects are not
 * seen, when none of the releases of that address under the suppression's scopes is rendered; else undefined.
 */
function unrenderedRelease(view: ComplianceView, resource: string, scopes: readonly string[]): string | undefined {
  const i = resource.indexOf('[');
  if (i < 0 || !resource.startsWith('helm_release.')) return undefined;
  const address = resource.slice(0, i);
  const releases = view.ofKind('helm_release').filter((r) => !r.chart && r.address === address && isUnderAny(r.path, scopes));
  const renders = releases.map((r) => view.releaseRender(r));
  if (renders.length === 0 || renders.some((r) => r.rendered)) return undefined;
  return `its Helm release ${address} is not rendered (${renders.map((r) => (r.rendered ? '' : r.reason)).find((x) => x) ?? 'not rendered'})`;
}

/** The helm_releases inside the scopes, with whether their objects are seen. */
function releasesInScope(view: ComplianceView, scopes: readonly string[]): Array<ChartRelease & { rendered: boolean }> {
  const out: Array<ChartRelease & { rendered: boolean }> = [];
  for (const r of view.ofKind('helm_release')) {
    if (r.chart || !isUnderAny(r.path, scopes)) continue;
    const render = view.releaseRender(r);
    const detail = render.rendered ? `${render.coverage}: ${render.objects} objects${render.note ? ` (${render.note})` : ''}` : render.reason;
    out.push({ stack: r.stack, resource: r.address, path: r.path, detail, rendered: render.rendered });
  }
  return out;
}

function stackId(c: IConstruct): string | null {
  try {
    return TerraformStack.of(c).node.id;
  } catch {
    return null;
  }
}

function locate(rule: ComplianceRule, where: Where, v: Violation, severity: Severity): LocatedFinding {
  const res = v.resource ?? where.resource;
  return {
    ruleId: rule.id,
    severity,
    status: 'non-compliant',
    path: v.path ?? (v.resource ? v.resource.path : where.path),
    stack: res ? res.stack : (where.stack ?? null),
    resource: res ? res.address : null,
    message: v.message,
    fix: v.fix,
    construct: v.resource?.owner ?? where.construct,
  };
}

/** The latest of the days the configurations name (undefined without configurations). */
function latestDay(days: readonly string[]): string {
  let best: string | undefined;
  for (const d of days) if (dayNumber(d) !== undefined && (best === undefined || dayNumber(d)! > dayNumber(best)!)) best = d;
  return best ?? days[0];
}

function key(f: Finding): string {
  return `${f.ruleId}\u0000${f.path}\u0000${f.resource ?? ''}\u0000${f.message}`;
}

/** Rule id (numeric), path, resource, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareRuleIds(a.ruleId, b.ruleId) || cmp(a.path, b.path) || cmp(a.resource ?? '', b.resource ?? '') || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path and every scope above it (`a/b/c`, `a/b`, `a`, and the app, ''), as isUnder() reads them. */
function scopesOf(path: string): string[] {
  return path === '' ? [path] : [path, ...ancestorsOf(path), ''];
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.ruleId !== f.ruleId) return false;
  if (!isUnderAny(f.path, s.scopes)) return false;
  return s.resource === undefined || s.resource === f.resource;
}

export type { SuppressionOptions };
