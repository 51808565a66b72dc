import { IConstruct } from 'constructs';
import { ownDeclaration, recordDeclaration, SourceLocation } from '../core/declaration';
import { LandingZoneError } from '../core/errors';
import { ancestorsOf } from '../private/construct-paths';

/** An accepted finding: which rule, why, who answers for it, and until when. */
export interface SuppressionOptions {
  /** Rule id, e.g. `MLPS3-28`. */
  readonly ruleId: string;
  /** Why the finding is accepted, for the auditors; at least 10 characters. */
  readonly reason: string;
  /** Who answers for it (person, team or ticket), e.g. `zj-security-office`. */
  readonly owner: string;
  /** Last day the suppression holds, `YYYY-MM-DD`; from the next day on it is an error. */
  readonly expires: string;
  /**
   * Only findings on this Terraform address (`<type>.<name>`).
   * @default - every finding of the rule on the construct and below it
   */
  readonly resource?: string;
}

/** A suppression and the construct it is on. */
export interface Suppression extends SuppressionOptions {
  readonly construct: IConstruct;
  /** Construct path; findings at this path or below it match. */
  readonly path: string;
  /**
   * Every path the suppression covers: its own, and for a province hub the stacks the hub laid out (they are
   * children of the app, not of the hub).
   */
  readonly scopes: readonly string[];
  /** Where the app's code made the suppression (formatted on demand: reports ask for the valid ones only). */
  readonly declaredAt?: () => SourceLocation | null;
}

const SUPPRESSIONS = Symbol.for('cdktf-gov-landing-zone.suppressions');

/** Adds a suppression to a construct. */
export function addSuppression(construct: IConstruct, options: SuppressionOptions): void {
  if (!construct || typeof construct !== 'object' || !construct.node) {
    throw new LandingZoneError(
      [
        {
          path: '(app)',
          code: 'missing-value',
          value: construct,
          message: 'a suppression was given no construct to hold it',
          fix: 'suppress on the construct the finding is about, e.g. MlpsLevel3Checks.suppress(tenant, { ruleId, reason, owner, expires })',
        },
      ],
      'the suppression could not be recorded',
    );
  }
  const holder = construct as unknown as Record<symbol, SuppressionOptions[] | undefined>;
  let list = holder[SUPPRESSIONS];
  if (!list) {
    list = [];
    Object.defineProperty(holder, SUPPRESSIONS, { value: list, enumerable: false });
  }
  const entry = { ...(options ?? {}) } as SuppressionOptions;
  recordDeclaration(entry);
  list.push(entry);
}

/** Every suppression in the tree under `root`, in construct-tree order. */
export function allSuppressions(root: IConstruct): Suppression[] {
  const out: Suppression[] = [];
  for (const c of root.node.findAll()) {
    const list = (c as unknown as Record<symbol, SuppressionOptions[] | undefined>)[SUPPRESSIONS];
    if (!list?.length) continue;
    const stacks = (c as unknown as { stacks?: unknown }).stacks;
    const extra = Array.isArray(stacks) ? stacks.filter((st): st is IConstruct => typeof st?.node?.path === 'string').map((st) => st.node.path) : [];
    const scopes = [c.node.path, ...extra];
    for (const s of list) out.push({ ...s, construct: c, path: c.node.path, scopes, declaredAt: () => ownDeclaration(s) });
  }
  return out;
}

/** Whether `path` is `scope` or below it ('' is the app root). */
export function isUnder(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(scope + '/');
}

const scopeSets = new WeakMap<readonly string[], { length: number; any: boolean; set: Set<string> }>();

/**
 * Whether `path` is at or under one of `scopes` (`scopes.some((s) => isUnder(path, s))`), answered from the path's
 * ancestors: a hub's scopes are its path and every stack's, and a province of hundreds of clusters has hundreds of
 * stacks, read for each of its hundred thousand resources. The set is kept per scopes array (rebuilt if its length
 * changes).
 */
export function isUnderAny(path: string, scopes: readonly string[]): boolean {
  if (scopes.length < 8) return scopes.some((s) => isUnder(path, s));
  let e = scopeSets.get(scopes);
  if (!e || e.length !== scopes.length) {
    e = { length: scopes.length, any: scopes.includes(''), set: new Set(scopes.map(String)) };
    scopeSets.set(scopes, e);
  }
  const set = e.set;
  return e.any || set.has(path) || ancestorsOf(path).some((a) => set.has(a));
}

/** Minimum length of a reason. */
export const MIN_REASON_LENGTH = 10;
/** A suppression that holds longer than this is reported as a warning: MLPS assessments recur yearly. */
export const MAX_SUPPRESSION_DAYS = 366;

/** A date `YYYY-MM-DD` that exists in the calendar, as a day number; undefined otherwise. */
export function dayNumber(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(t / 86_400_000);
}

/** Today in the machine's time zone, `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What is wrong with the fields of a suppression (or of a disabled rule), one message each. */
export function suppressionProblems(
  s: Partial<SuppressionOptions>,
  today: string,
  knownRule: (id: string) => boolean,
): Array<{ code: 'suppression-invalid' | 'suppression-expired'; field: string; value: unknown; message: string; fix: string }> {
  const out: ReturnType<typeof suppressionProblems> = [];
  if (typeof s.ruleId !== 'string' || !knownRule(s.ruleId)) {
    out.push({
      code: 'suppression-invalid',
      field: 'ruleId',
      value: s.ruleId,
      message: `rule id ${JSON.stringify(s.ruleId)} is not a rule of the pack`,
      fix: 'use an id from compliance.json, e.g. MLPS3-28',
    });
  }
  if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
    out.push({
      code: 'suppression-invalid',
      field: 'reason',
      value: s.reason,
      message: `the reason must say why the finding is accepted, in at least ${MIN_REASON_LENGTH} characters`,
      fix: "write the reason an auditor will read, e.g. '省卫健委 calls 医保局 API through the exchange gateway (ticket SEC-1234)'",
    });
  }
  if (typeof s.owner !== 'string' || s.owner.trim() === '') {
    out.push({ code: 'suppression-invalid', field: 'owner', value: s.owner, message: 'the suppression has no owner', fix: "name who answers for it, e.g. 'zj-security-office'" });
  }
  const day = dayNumber(s.expires);
  const now = dayNumber(today)!;
  if (day === undefined) {
    out.push({ code: 'suppression-invalid', field: 'expires', value: s.expires, message: 'expires must be a date YYYY-MM-DD', fix: `set expires, e.g. '${addDays(today, 90)}'` });
  } else if (day < now) {
    out.push({
      code: 'suppression-expired',
      field: 'expires',
      value: s.expires,
      message: `the suppression expired on ${s.expires} (today is ${today})`,
      fix: 'fix the finding, or review the exception and set a new expiry date',
    });
  }
  if (s.resource !== undefined && (typeof s.resource !== 'string' || !/^[a-z0-9_]+\.[^.\s]+/.test(s.resource))) {
    out.push({
      code: 'suppression-invalid',
      field: 'resource',
      value: s.resource,
      message: 'resource must be a Terraform address <type>.<name>',
      fix: "e.g. 'kubernetes_network_policy_v1.wjw--hz-a-core--egress-ybj-api'",
    });
  }
  return out;
}

/** `date` plus `days`, `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date) ?? Math.floor(Date.now() / 86_400_000);
  const d = new Date((n + days) * 86_400_000);
  return d.toISOString().slice(0, 10);
}
