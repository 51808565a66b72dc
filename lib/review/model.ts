/**
 * The review as data: what `gov-lz review --format json` writes, and what the Markdown is rendered from. The types
 * are the review format, declared in lib/schema/review.ts; this file keeps their helpers.
 * Every list is sorted, so the same inputs give byte-identical output.
 */
import type { ChangeAction } from '../schema/review';
import type { Minutes } from './inputs';

export { REVIEW_SCHEMA_VERSION } from '../schema/review';
export type {
  BurstReview,
  ChangeAction,
  ChangesReview,
  ClusterCapacity,
  ComplianceReview,
  DomainChange,
  DomainChangeKind,
  FailOn,
  GrantReview,
  IndustryCloudSummary,
  MiddlewareRecovery,
  OfferingSummary,
  PlacementReview,
  PlanReview,
  PostgresTopology,
  ProvinceReview,
  RecoveryRow,
  ResourceChange,
  Review,
  StackDiff,
  TenantIsolation,
  Verdict,
} from '../schema/review';

/** Zero counts for every action. */
export function zeroCounts(): Record<ChangeAction, number> {
  return { create: 0, update: 0, replace: 0, delete: 0, move: 0, forget: 0 };
}

/** A planner figure as a number for comparisons: `"unbounded"` is Infinity, null (nothing to lose) is 0. */
export function minutesValue(m: Minutes | undefined): number | undefined {
  if (m === undefined) return undefined;
  if (m === null) return 0;
  return m === 'unbounded' ? Number.POSITIVE_INFINITY : m;
}

/** `12.5 min`, `unbounded`, `–` (null: no data of record; undefined: not given). */
export function minutesText(m: Minutes | undefined): string {
  if (m === undefined || m === null) return '–';
  if (m === 'unbounded') return 'unbounded';
  return `${Number.isInteger(m) ? m : Math.round(m * 100) / 100} min`;
}

/** `RPO 1.5 min`, `RPO unbounded`, or `no data of record` for a null RPO. */
export function rpoText(m: Minutes | undefined): string {
  return m === null ? 'no data of record' : `RPO ${minutesText(m)}`;
}

/** `99.9962 %`: as many decimals as the figure has (at most 4), never rounded up to 100 %. */
export function availabilityText(a: number | undefined): string {
  if (a === undefined) return '–';
  const digits = Math.max(0, Math.min(4, (String(a).split('.')[1]?.length ?? 0) - 2));
  return `${(a * 100).toFixed(digits)} %`;
}
