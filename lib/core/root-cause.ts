/**
 * One root cause gives one error first. A misspelled cluster or site name makes other checks fail too (an industry
 * cloud with one production site, an objective the planner cannot meet, findings on the cluster): those are folded
 * under the misspelling as its consequences, and the misspelling names the nearest valid name.
 */
import type { Problem } from './errors';

/** Codes of problems that name something that does not exist: they are root causes. */
const ROOT_CODES = new Set(['unknown-cluster', 'unknown-site', 'unknown-industry-cloud', 'unknown-offering']);

/**
 * Codes of problems that are derived from the model as a whole (placement, recovery, compliance): when a name is
 * misspelled, they follow from it.
 */
function derived(code: string): boolean {
  return /^(not-dual-active|objective-not-met|not-two-sites-three-centres|over-capacity|no-dr-site|MLPS3-\d+)$/.test(code) || code.startsWith('MLPS3-');
}

/** Edit distance (Levenshtein), for suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The valid name closest to `value`, when it is close enough to be a misspelling of it. */
export function nearestName(value: unknown, candidates: readonly string[]): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let best: string | undefined;
  let distance = Infinity;
  for (const c of [...new Set(candidates)].sort()) {
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d < distance) [best, distance] = [c, d];
  }
  return best !== undefined && distance > 0 && distance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

/** Names a misspelling may be of, by kind. */
export interface KnownNames {
  readonly clusters: readonly string[];
  readonly sites: readonly string[];
}

function mentions(p: Problem, name: string): boolean {
  if (!name) return false;
  const re = new RegExp(`(^|[^A-Za-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9-])`);
  return re.test(p.message) || re.test(p.path);
}

/**
 * Orders problems root cause first: each misspelled name (with the nearest valid name) followed by nothing of its
 * consequences, which are folded into it (`consequences`); independent problems keep their place after the roots.
 */
export function foldConsequences(problems: readonly Problem[], names: KnownNames): Problem[] {
  return foldUnderUnreadableInputs(foldUnderInvalidNames(foldMisspellings(problems, names)));
}

/** Code of a problem with an input file a construct is made from (a Score file) that cannot be read or is not of its format. */
export const SCORE_FILE_UNREADABLE = 'invalid-score-file';

/**
 * A construct made from a file that cannot be read (missing, a directory, binary, not Score) has none of what the
 * file should have given: the problems that follow on the construct (no image, no ports, no probes) are folded under
 * the file's, which comes first.
 */
function foldUnderUnreadableInputs(problems: readonly Problem[]): Problem[] {
  const roots = problems.filter((p) => p.code === SCORE_FILE_UNREADABLE);
  if (roots.length === 0) return [...problems];
  const folded = new Map<Problem, Problem[]>(roots.map((r) => [r, []]));
  const rest: Problem[] = [];
  for (const p of problems) {
    if (p.code === SCORE_FILE_UNREADABLE) continue;
    const root = roots.find((r) => p.path === r.path || p.path.startsWith(`${r.path}/`));
    if (root) folded.get(root)!.push(p);
    else rest.push(p);
  }
  const withConsequences = (r: Problem): Problem => {
    const c = [...(r.consequences ?? []), ...folded.get(r)!];
    return c.length > 0 ? { ...r, consequences: c } : r;
  };
  return [...roots.map(withConsequences), ...rest];
}

/** Codes of problems with a construct's own code or props: compliance findings on that construct follow from them. */
const PROPS_CODES = new Set(['invalid-name', 'missing-value']);

/**
 * A construct whose code is invalid or missing (a JavaScript caller's `addTenant(undefined, …)`) has no namespace
 * to speak of: the compliance findings on it (no default-deny in namespace "undefined") are folded under the
 * problem with its code, which keeps its place.
 */
function foldUnderInvalidNames(problems: readonly Problem[]): Problem[] {
  const holders = problems.filter((p) => PROPS_CODES.has(p.code) && p.path !== '');
  if (holders.length === 0) return [...problems];
  const folded = new Map<Problem, Problem[]>();
  const rest: Problem[] = [];
  for (const p of problems) {
    const holder = p.code.startsWith('MLPS3-') ? holders.find((h) => p.path === h.path || p.path.startsWith(`${h.path}/`)) : undefined;
    if (!holder) {
      rest.push(p);
      continue;
    }
    const list = folded.get(holder) ?? [];
    list.push(p);
    folded.set(holder, list);
  }
  return rest.map((p) => {
    const c = folded.get(p);
    return c ? { ...p, consequences: [...(p.consequences ?? []), ...c] } : p;
  });
}

function foldMisspellings(problems: readonly Problem[], names: KnownNames): Problem[] {
  const roots = problems.filter((p) => ROOT_CODES.has(p.code));
  if (roots.length === 0) return [...problems];
  const folded = new Map<Problem, Problem[]>(roots.map((r) => [r, []]));
  const rest: Problem[] = [];
  for (const p of problems) {
    if (ROOT_CODES.has(p.code)) continue;
    // Only what is derived from the model as a whole can follow from a misspelling; a problem of its own stays a peer.
    if (!derived(p.code)) {
      rest.push(p);
      continue;
    }
    const root =
      roots.find((r) => p.path === r.path || p.path.startsWith(`${r.path}/`)) ??
      roots.find((r) => mentions(p, String(r.value)) || (r.path.includes('/clusters/') && mentions(p, r.path.split('/').pop()!))) ??
      // Placement and recovery verdicts are about the whole model; a compliance finding only when it names the culprit.
      (p.code.startsWith('MLPS3-') ? undefined : roots[0]);
    if (!root) {
      rest.push(p);
      continue;
    }
    folded.get(root)!.push(p);
  }
  const suggest = (r: Problem): Problem => {
    const pool = r.code === 'unknown-site' ? names.sites : r.code === 'unknown-cluster' ? names.clusters : [];
    const near = nearestName(r.value, pool);
    const consequences = folded.get(r)!;
    return {
      ...r,
      ...(near && !r.message.includes(`did you mean "${near}"`) ? { message: `${r.message}; did you mean "${near}"?`, fix: `write "${near}"; or ${r.fix}` } : {}),
      ...(consequences.length > 0 ? { consequences } : {}),
    };
  };
  return [...roots.map(suggest), ...rest];
}
