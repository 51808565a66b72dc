/**
 * `<outdir>/gov-lz/review-index.json`: what `gov-lz review` needs of a synthesized output without parsing its stacks.
 * The synth writes it after the stacks (lib/private/stack-writer.ts hashes what it writes, lib/review/synth-review.ts
 * writes the file); the review trusts it only when every file it covers still has the recorded sha256, and reads the
 * stacks in full otherwise. The JSON Schema generated from these types is `schemas/review-index.schema.json`.
 */
import type { ComplianceFile, ComplianceRuleRecord } from './compliance';
import type { ProvinceReview } from './review';

/** Version of the review-index.json format; the review reads the stacks instead of an index of another version. */
export const REVIEW_INDEX_SCHEMA_VERSION = 1;

/** A file the index stands for, as it was written. */
export interface IndexedFile {
  /** Path relative to the output folder, `/`-separated. */
  readonly file: string;
  /** sha256 of the file's bytes, lowercase hex. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly size: number;
}

/**
 * The resources of one type in a stack, one line each (`\n`-separated, in the order of the stack file), six fields
 * separated by tabs: `name`, `digest`, `provider`, `class`, `offset`, `length`. `digest`: the first 128 bits of the sha256 of the resource's
 * body as written in the stack file, base64url (equal digests = equal bodies). `provider`: index into the stack's
 * `providers`, or -1 for the default provider. `class`: index into the stack's `classes` (what tells a
 * `kubernetes_manifest` apart for the review: its `apiVersion`, `kind` and the `spec` fields that decide whether deleting
 * it destroys data), or -1 for any other type. `offset` and `length`: where the body's text lies in the stack file, in
 * bytes (the review reads and parses only the bodies it compares). One string per type, because a review of the output alone needs none of
 * it: a string is parsed at the speed of reading it, and split only when a diff or a plan asks for the resources.
 */
export type IndexedResources = string;

/** One stack of the output. */
export interface IndexedStack extends IndexedFile {
  /** The stack's name in manifest.json. */
  readonly name: string;
  /** The provider references of its resources (`kubernetes.hz-a-core`). */
  readonly providers: string[];
  /** Distinct `kubernetes_manifest` class bodies: `{ manifest: { apiVersion, kind, spec: { databaseReclaimPolicy, replica } } }`. */
  readonly classes: Array<Record<string, unknown>>;
  /** Resources by type, in the order of the stack file (types and names sorted). */
  readonly resources: Record<string, IndexedResources>;
  /** How many resources of each type (the lines of `resources`). */
  readonly counts: Record<string, number>;
  /** Names of the stack's outputs, sorted. */
  readonly outputs: string[];
  /** `import` blocks: the address adopted → the import id. */
  readonly imports: Record<string, string>;
  /** `removed` blocks: the address forgotten → whether Terraform destroys it. */
  readonly removed: Record<string, boolean>;
}

/** The review index of one synthesized output. */
export interface ReviewIndexFile {
  readonly schemaVersion: number;
  /** `cdktf-gov-landing-zone@<version> review <code id>`: the index is used only by the review of the same code (its sources' sha256). */
  readonly generator: string;
  /** Every stack of manifest.json, sorted by name. */
  readonly stacks: IndexedStack[];
  /** The gov-lz documents the review reads (`gov-lz/inventory.json`, `gov-lz/compliance.json`), as written. */
  readonly documents: IndexedFile[];
  /**
   * The compliance report as the review reads it: compliance.json without each rule's `evidence` (what a rule passed,
   * the bulk of the file), or null when the output has none.
   */
  readonly compliance: IndexedCompliance | null;
  /** The review's sections that depend on this output alone (one per province of the inventory), as the synth's review computed them. */
  readonly provinces: ProvinceReview[];
}

/** compliance.json as the index holds it: each rule without its `evidence`. */
export type IndexedCompliance = Omit<ComplianceFile, 'rules'> & { readonly rules: Array<Omit<ComplianceRuleRecord, 'evidence'>> };
