/** The domain diff of the compliance report: findings that appear or are resolved, suppressions added or removed. */
import { byKey } from './diff-support';
import type { ComplianceFile } from './inputs';
import type { DomainChange } from './model';

export function findingKey(f: { ruleId: string; path?: string; resource?: string | null }): string {
  return `${f.ruleId}\u0000${f.path ?? ''}\u0000${f.resource ?? ''}`;
}

/** A finding status in one spelling: `NON_COMPLIANT`, `nonCompliant` and `non-compliant` are the same; none = non-compliant. */
export function findingStatus(status: string | undefined): string {
  if (status === undefined) return 'non-compliant';
  return status
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** Statuses of findings that still need work (not compliant, not suppressed, not applicable). */
export const OPEN_FINDING_STATUSES: ReadonlySet<string> = new Set(['non-compliant', 'error', 'warning', 'fail', 'failed', 'open']);

export function isOpenFinding(f: { status?: string }): boolean {
  return OPEN_FINDING_STATUSES.has(findingStatus(f.status));
}

/** Findings that appear or are resolved, and suppressions that are added or removed. */
export function diffCompliance(base: ComplianceFile | undefined, head: ComplianceFile | undefined): DomainChange[] {
  if (!base || !head) return [];
  const out: DomainChange[] = [];
  const bf = byKey((base.findings ?? []).filter(isOpenFinding), findingKey);
  const hf = byKey((head.findings ?? []).filter(isOpenFinding), findingKey);
  for (const [k, f] of hf) {
    if (!bf.has(k))
      out.push({ kind: 'finding-added', subject: f.ruleId, after: f, destructive: false, message: `new ${f.severity ?? 'finding'} ${f.ruleId} at ${f.path ?? f.resource ?? '?'}: ${f.message ?? ''}` });
  }
  for (const [k, f] of bf)
    if (!hf.has(k)) out.push({ kind: 'finding-resolved', subject: f.ruleId, before: f, destructive: false, message: `${f.ruleId} at ${f.path ?? f.resource ?? '?'} is resolved` });
  const sKey = (s: { ruleId: string; path?: string }) => `${s.ruleId}\u0000${s.path ?? ''}`;
  const bs = byKey(base.suppressions, sKey);
  const hs = byKey(head.suppressions, sKey);
  for (const [k, s] of hs) {
    if (!bs.has(k))
      out.push({
        kind: 'suppression-added',
        subject: s.ruleId,
        after: s,
        destructive: false,
        message: `${s.ruleId} is suppressed at ${s.path ?? '?'} by ${s.owner ?? '?'} until ${s.expires ?? '?'}: ${s.reason ?? ''}`,
      });
  }
  for (const [k, s] of bs)
    if (!hs.has(k)) out.push({ kind: 'suppression-removed', subject: s.ruleId, before: s, destructive: false, message: `suppression of ${s.ruleId} at ${s.path ?? '?'} is removed` });
  return out;
}
