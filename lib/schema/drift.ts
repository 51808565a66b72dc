/**
 * `gov-lz drift --format json`: what changed on the clusters outside Terraform, read from `terraform plan
 * -refresh-only -json` output, with the department (or the hub) it belongs to and the MLPS rules whose guarantee the
 * change breaks. Every list is sorted, so the same inputs give byte-identical output.
 */
import type { Owner, ResourceKind } from './review';

/** Format version of the drift report. */
export const DRIFT_SCHEMA_VERSION = 1;

/** One resource changed or deleted outside Terraform. */
export interface DriftedResource {
  /** The stack (Terraform state) it is in, when known. */
  readonly stack?: string;
  readonly address: string;
  readonly type: string;
  /** `deleted`: gone from the cluster; `changed`: its attributes differ from the state. */
  readonly drift: 'deleted' | 'changed';
  readonly kind: ResourceKind;
  /** `kind namespace/name` of the Kubernetes object, when known. */
  readonly object?: string;
  readonly owner: Owner;
  /** The cluster it is on, from the address convention. */
  readonly cluster?: string;
  /** Attribute paths that differ (changed only; at most 12). */
  readonly paths: string[];
  /** MLPS rule ids whose guarantee the drift breaks (empty when none). */
  readonly rules: string[];
  /** Why it matters, one sentence. */
  readonly impact: string;
}

/** One plan file read. */
export interface DriftSource {
  readonly file: string;
  readonly stack?: string;
  readonly drifted: number;
}

/** `gov-lz drift --format json`. */
export interface DriftReport {
  readonly schemaVersion: number;
  readonly generator: string;
  readonly sources: DriftSource[];
  readonly resources: DriftedResource[];
  /** Drifted resources per owner (`tenant:wjw`, `hub:zj`, `platform:zj`, `unknown`). */
  readonly byOwner: Record<string, number>;
  /** Drifted resources per MLPS rule. */
  readonly byRule: Record<string, number>;
}
