import { hash as oneShotHash } from 'crypto';

/**
 * Facts of a stack that both the stack writer (for the review index, lib/schema/review-index.ts) and the review
 * (lib/review/inputs.ts) derive from Terraform JSON, in one place so the two read the same thing.
 */

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Terraform JSON writes a block as an object or a list of objects. */
function blocks(x: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(x) ? x : [x]).filter(isObject);
}

/** The `import` and `removed` blocks of a stack's JSON: the address adopted → the import id; the address forgotten → whether Terraform destroys it. */
export function moveBlocks(json: Record<string, unknown>): { imports: Map<string, string>; removed: Map<string, boolean> } {
  const imports = new Map<string, string>();
  for (const b of blocks(json.import)) if (typeof b.to === 'string') imports.set(b.to, typeof b.id === 'string' ? b.id : '');
  const removed = new Map<string, boolean>();
  for (const b of blocks(json.removed)) {
    if (typeof b.from !== 'string') continue;
    const lifecycle = blocks(b.lifecycle)[0];
    removed.set(b.from, lifecycle?.destroy !== false);
  }
  return { imports, removed };
}

/**
 * What tells a `kubernetes_manifest` apart for the review (lib/review/resources.ts classifyResource): the manifest's
 * `apiVersion` and `kind`, and `spec.databaseReclaimPolicy` and `spec.replica`, as the stack file holds them. `json`
 * turns an in-memory value into what the file holds (toJSON applied, undefined left out); identity for parsed JSON.
 */
export function manifestClass(body: Record<string, unknown>, json: (v: unknown) => unknown = (v) => v): Record<string, unknown> {
  const m = body.manifest === undefined ? undefined : pickOf(body.manifest, json);
  if (m === undefined) return {};
  return { manifest: m };
}

/** `{ apiVersion, kind, spec: { databaseReclaimPolicy, replica } }` of a manifest; anything but an object as null. */
function pickOf(manifest: unknown, json: (v: unknown) => unknown): unknown {
  const m = resolvedValue(manifest);
  if (!isObject(m)) return m === undefined ? undefined : null;
  const out: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind'] as const) {
    const v = json(m[k]);
    if (v !== undefined) out[k] = v;
  }
  const spec = resolvedValue(m.spec);
  if (isObject(spec)) {
    const s: Record<string, unknown> = {};
    for (const k of ['databaseReclaimPolicy', 'replica'] as const) {
      const v = json(spec[k]);
      if (v !== undefined) s[k] = v;
    }
    out.spec = s;
  } else if (spec !== undefined && json(spec) !== undefined) out.spec = null;
  return out;
}

/** `toJSON()` applied, as JSON.stringify does. */
function resolvedValue(v: unknown): unknown {
  return v && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v;
}

/**
 * What the writer knows of a stack file once written, for the review index (lib/schema/review-index.ts): the file's
 * sha256 and size, and per resource a digest of its body as written, its provider and, for a kubernetes_manifest, its
 * class body (lib/private/review-facts.ts).
 */
export interface StackFileDigest {
  readonly sha256: string;
  readonly size: number;
  /** By type, in file order: `[name, digest, provider, class body, byte offset of the body in the file, its length in bytes]`. */
  readonly resources: ReadonlyArray<readonly [type: string, entries: ReadonlyArray<IndexEntry>]>;
  readonly outputs: string[];
  readonly imports: ReadonlyMap<string, string>;
  readonly removed: ReadonlyMap<string, boolean>;
}

/** A resource in the writer's record: `[name, digest, provider, class body, byte offset of the body, its length in bytes]`. */
export type IndexEntry = [name: string, digest: string, provider: string | undefined, cls: Record<string, unknown> | undefined, offset: number, length: number];

/** The first 128 bits of the sha256 of a resource body's text, base64url. */
export function bodyDigest(text: string): string {
  return oneShotHash('sha256', text, 'base64url').slice(0, 22);
}
