/**
 * What the review reads: a synthesized output folder (cdktf.out) and Terraform plan JSON.
 *
 * The review never imports the constructs: it knows the landing zone only through these files, so it runs on
 * any output, including one synthesized by an older or newer version of the library. Sections written by layers
 * that an output may not have (middleware, recovery, placement, compliance) are optional here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bodyDigest, moveBlocks, type StackFileDigest } from '../private/review-facts';
import { libraryVersion } from '../private/version';
import { SUPPORTED_COMPLIANCE_VERSIONS, type ComplianceFile } from '../schema/compliance';
import { SUPPORTED_INVENTORY_VERSIONS, type InventoryFile } from '../schema/inventory';
import type { ProvinceReview } from '../schema/review';
import { REVIEW_INDEX_SCHEMA_VERSION, type IndexedFile, type IndexedStack, type ReviewIndexFile } from '../schema/review-index';
import { reviewCodeId, startFilesSha256 } from './file-hash';

// What the stack writer records of each stack file for the review index (the synth's own review writes the index).
export type { IndexEntry, StackFileDigest } from '../private/review-facts';
// The formats the review reads are declared once, in lib/schema, for the writers and the review alike.
export { SUPPORTED_INVENTORY_VERSIONS } from '../schema/inventory';
export type {
  Amounts,
  BackupRecord,
  BurstRecord,
  ClusterRecord,
  DomesticHardwareRecord,
  GrantRecord,
  IndustryCloudRecord,
  InventoryFile,
  Minutes,
  OfferingRecord,
  PlacementPolicySection,
  ProvinceRecord,
  RecoveryFigures,
  RecoveryMechanismRecord,
  RecoverySection,
  SiteRecord,
  TenantRecord,
  TenantRecoveryRecord,
} from '../schema/inventory';
export { SUPPORTED_COMPLIANCE_VERSIONS } from '../schema/compliance';
export type {
  ComplianceDisabledRuleRecord as ComplianceDisabledRule,
  ComplianceFile,
  ComplianceFindingRecord as ComplianceFinding,
  ComplianceRuleRecord as ComplianceRule,
  ComplianceSuppressionRecord as ComplianceSuppression,
} from '../schema/compliance';

/** An input the review cannot use: a missing folder, unreadable JSON, an unknown format version. */
export class ReviewInputError extends Error {
  public static isReviewInputError(x: unknown): x is ReviewInputError {
    return x instanceof Error && (x as { reviewInput?: boolean }).reviewInput === true;
  }
  public readonly reviewInput = true;
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}

/** One Terraform resource of a synthesized stack. */
export interface StackResource {
  /** `<type>.<name>` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The provider reference (`kubernetes.hz-a-core`), or undefined for the default provider. */
  readonly provider?: string;
  /** The body as the stack file holds it (read from the file when first asked for, for a stack read through its index). */
  readonly body: Record<string, unknown>;
  /** From the review index: a digest of the body as written (equal digests = equal bodies). */
  readonly digest?: string;
  /** From the review index: what classifies the resource (a kubernetes_manifest's kind and data-bearing spec fields). */
  readonly classBody?: Record<string, unknown>;
}

/** One synthesized stack. */
export interface SynthStack {
  readonly name: string;
  readonly dependsOn: string[];
  /** Resources by address, in the order of the stack file. */
  readonly resources: Map<string, StackResource>;
  readonly outputs: string[];
  /** `import` blocks: the address adopted → the import id. */
  readonly imports: Map<string, string>;
  /** `removed` blocks: the address forgotten → whether Terraform destroys it (`lifecycle.destroy`, true when unset). */
  readonly removed: Map<string, boolean>;
  /** sha256 of the stack file, when it was read through the review index (the same hash = the same stack). */
  readonly sha256?: string;
  /** From the review index: how many resources of each type the stack holds (without building `resources`). */
  readonly countsByType?: ReadonlyMap<string, number>;
  /** From the review index: its lines per type, and the resource of a line (see {@link differingResources}). */
  readonly indexed?: { readonly lines: Readonly<Record<string, string>>; resource(type: string, line: string): StackResource };
}

/**
 * The resources of a stack in the base and the head that are not the same on both sides (an address on one side only,
 * or a body that differs). Both read through their review indexes: the two indexes' lines are walked side by side
 * and only the lines whose name or digest differ become resources; otherwise every resource of each.
 */
export function differingResources(b: SynthStack | undefined, h: SynthStack | undefined): [ReadonlyMap<string, StackResource>, ReadonlyMap<string, StackResource>] {
  if (!b?.indexed || !h?.indexed) return [b?.resources ?? new Map(), h?.resources ?? new Map()];
  const bi = b.indexed;
  const hi = h.indexed;
  const outB = new Map<string, StackResource>();
  const outH = new Map<string, StackResource>();
  const add = (out: Map<string, StackResource>, side: NonNullable<SynthStack['indexed']>, type: string, line: string) => {
    const r = side.resource(type, line);
    out.set(r.address, r);
  };
  for (const type of [...new Set([...Object.keys(bi.lines), ...Object.keys(hi.lines)])].sort()) {
    const bl = bi.lines[type] ?? '';
    const hl = hi.lines[type] ?? '';
    if (bl === hl) continue;
    const bs = bl === '' ? [] : bl.split('\n');
    const hs = hl === '' ? [] : hl.split('\n');
    // Both in the order of the stack file: names sorted as strings.
    let i = 0;
    let j = 0;
    while (i < bs.length || j < hs.length) {
      const bn = i < bs.length ? bs[i].slice(0, bs[i].indexOf('\t')) : undefined;
      const hn = j < hs.length ? hs[j].slice(0, hs[j].indexOf('\t')) : undefined;
      if (hn === undefined || (bn !== undefined && bn < hn)) add(outB, bi, type, bs[i++]);
      else if (bn === undefined || hn < bn) add(outH, hi, type, hs[j++]);
      else {
        // The same name: the same body when the digests (the second field) are equal.
        const bd = bs[i].slice(bn.length + 1, bs[i].indexOf('\t', bn.length + 1));
        const hd = hs[j].slice(hn.length + 1, hs[j].indexOf('\t', hn.length + 1));
        if (bd !== hd) {
          add(outB, bi, type, bs[i]);
          add(outH, hi, type, hs[j]);
        }
        i++;
        j++;
      }
    }
  }
  return [outB, outH];
}

/** A synth's output in memory (the synth's own review): the stacks by construct path, the gov-lz documents by file name. */
export interface InMemoryOutput {
  readonly stacks: ReadonlyMap<string, Record<string, unknown>>;
  document(fileName: string): unknown;
  /** What the stack writer recorded of each stack file, by construct path (for the review index). */
  readonly digests?: ReadonlyMap<string, StackFileDigest>;
}

/** Everything the review knows about one synthesized output. */
export interface SynthOutput {
  /** The folder, as shown in the review (as the user gave it). */
  readonly dir: string;
  readonly stacks: Map<string, SynthStack>;
  /** The landing zone's domain model, or undefined when the output has none (not a landing-zone app). */
  readonly inventory?: InventoryFile;
  /** The compliance report, or undefined when the output has none. */
  readonly compliance?: ComplianceFile;
  /** From the review index: the review's sections of this output alone, as the synth's own review computed them. */
  readonly provinces?: ProvinceReview[];
  /** Why the stacks were parsed instead of read through the review index; undefined when the index was used or for the synth's own review. */
  readonly stacksParsed?: string;
}

/** Reads and parses a JSON file, with an error that names the file. */
export function readJsonFile<T>(file: string, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReviewInputError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ReviewInputError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A landing-zone file with a `schemaVersion`, or undefined when the output does not have it. */
function readVersioned<T extends { schemaVersion: number }>(file: string, what: string, supported: readonly number[], inMemory?: unknown): T | undefined {
  if (inMemory === undefined && !fs.existsSync(file)) return undefined;
  const doc = (inMemory as T | undefined) ?? readJsonFile<T>(file, what);
  if (!isObject(doc)) throw new ReviewInputError(`${what} ${file} is not a JSON object`);
  if (!supported.includes(doc.schemaVersion)) {
    throw new ReviewInputError(
      `${file} has schemaVersion ${JSON.stringify(doc.schemaVersion)}; this review reads version ${supported.join(', ')}: use the gov-lz of the library version that wrote it`,
    );
  }
  return doc;
}

/**
 * Reads a synthesized output folder: `manifest.json`, every `stacks/<name>/cdk.tf.json`, and
 * `gov-lz/inventory.json` and `gov-lz/compliance.json` when present.
 *
 * `written` (the synth's own review): what each stack rendered in this synth, by construct path — the very objects
 * cdktf wrote to the stacks' files — and the documents the gov-lz files were written from, taken instead of parsing
 * the files back. Resources are listed in the files' order (types, then names, sorted) either way.
 */
export function readSynthOutput(dir: string, shownAs: string = dir, written?: InMemoryOutput, options: ReadOptions = {}): SynthOutput {
  return openSynthOutput(dir, shownAs, written, options).finish();
}

/** An output being read: its files are being hashed; {@link PendingOutput.finish} returns it once they are checked. */
export interface PendingOutput {
  finish(): SynthOutput;
}

/**
 * Starts reading an output (see {@link readSynthOutput}): with `options.index`, the review index is read and the files
 * it covers start being hashed on a second thread, so that a caller reading two outputs (a base and a head) lets both
 * be hashed while this thread parses their indexes and inventories; `finish()` waits for the hashes and returns the
 * output, through its index when every hash matches, else parsed in full.
 */
export function openSynthOutput(dir: string, shownAs: string = dir, written?: InMemoryOutput, options: ReadOptions = {}): PendingOutput {
  const listed = readManifest(dir);
  const opened = !written && options.index ? openThroughIndex(dir, shownAs, listed, options.inventory === true) : undefined;
  return {
    finish: () => {
      const indexed = typeof opened === 'string' ? opened : opened?.finish();
      if (indexed !== undefined && typeof indexed !== 'string') return indexed;
      return parseSynthOutput(dir, shownAs, listed, written, indexed);
    },
  };
}

/** The output with every stack parsed (or taken from `written`, the synth's own review). */
function parseSynthOutput(dir: string, shownAs: string, listed: ListedStack[], written: InMemoryOutput | undefined, stacksParsed: string | undefined): SynthOutput {
  const rendered = written?.stacks;
  const stacks = new Map<string, SynthStack>();
  for (const entry of listed) {
    const json = rendered?.get(entry.constructPath) ?? readJsonFile<Record<string, unknown>>(entry.file, `stack ${entry.name}`);
    if (!isObject(json)) throw new ReviewInputError(`stack ${entry.name} ${entry.file} is not a JSON object`);
    const resources = new Map<string, StackResource>();
    const block = isObject(json.resource) ? json.resource : {};
    for (const type of Object.keys(block).sort()) {
      const byName = block[type];
      if (!isObject(byName)) continue;
      for (const rname of Object.keys(byName).sort()) {
        const body = byName[rname];
        if (!isObject(body)) continue;
        const address = `${type}.${rname}`;
        resources.set(address, { address, type, name: rname, provider: typeof body.provider === 'string' ? body.provider : undefined, body });
      }
    }
    stacks.set(entry.name, { name: entry.name, dependsOn: entry.dependsOn, resources, outputs: isObject(json.output) ? Object.keys(json.output).sort() : [], ...moveBlocks(json) });
  }
  const inventory = readInventory(dir, written?.document('inventory.json'));
  const compliance = readVersioned<ComplianceFile>(path.join(dir, 'gov-lz', 'compliance.json'), 'compliance report', SUPPORTED_COMPLIANCE_VERSIONS, written?.document('compliance.json'));
  return { dir: shownAs, stacks, inventory, compliance, stacksParsed };
}

function readInventory(dir: string, inMemory?: unknown): InventoryFile | undefined {
  const inventory = readVersioned<InventoryFile>(path.join(dir, 'gov-lz', 'inventory.json'), 'landing-zone inventory', SUPPORTED_INVENTORY_VERSIONS, inMemory);
  if (inventory && !Array.isArray(inventory.provinces)) throw new ReviewInputError(`${path.join(dir, 'gov-lz', 'inventory.json')} has no provinces list`);
  return inventory;
}

/** How {@link readSynthOutput} reads an output. */
export interface ReadOptions {
  /**
   * Read the output through its review index (`gov-lz/review-index.json`) when every file it covers still has its
   * recorded sha256: the stacks are not parsed, bodies are read only when asked for, and the review's sections of this
   * output alone come from the index (so changing the returned stacks in memory does not change them). When the index
   * is missing, of another version or stale, the stacks are parsed and `stacksParsed` says why. `gov-lz review` does.
   * @default false
   */
  readonly index?: boolean;
  /**
   * With `index`: parse `gov-lz/inventory.json` while the files are being hashed (a review that compares two outputs,
   * or an output with plans, reads it; a review of one output alone does not).
   * @default false
   */
  readonly inventory?: boolean;
}

/** A stack as manifest.json lists it. */
export interface ListedStack {
  readonly name: string;
  readonly constructPath: string;
  /** The stack file, absolute. */
  readonly file: string;
  /** The stack file relative to the output folder, `/`-separated. */
  readonly relative: string;
  readonly dependsOn: string[];
}

/** The stacks of manifest.json, sorted by name; refuses a stack file outside the folder. */
export function readManifest(dir: string): ListedStack[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ReviewInputError(`${dir} is not a folder; pass the output folder of \`cdktf synth\` (default cdktf.out)`);
  }
  if (!fs.existsSync(manifestFile)) {
    throw new ReviewInputError(`${dir} has no manifest.json: is it the output folder of \`cdktf synth\`?`);
  }
  const manifest = readJsonFile<{ stacks?: Record<string, { synthesizedStackPath?: string; dependencies?: string[] }> }>(manifestFile, 'cdktf manifest');
  if (!isObject(manifest)) throw new ReviewInputError(`${manifestFile} is not a JSON object`);
  if (!isObject(manifest.stacks)) throw new ReviewInputError(`${manifestFile} lists no stacks`);
  const constructPathToName = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const cp = isObject(entry) ? (entry as Record<string, unknown>).constructPath : undefined;
    constructPathToName.set(typeof cp === 'string' ? cp : name, name);
  }
  const out: ListedStack[] = [];
  for (const name of Object.keys(manifest.stacks).sort()) {
    const entry = manifest.stacks[name];
    if (!isObject(entry)) throw new ReviewInputError(`${manifestFile}: stack ${JSON.stringify(name)} is not an object`);
    const stackPath = entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json');
    if (typeof stackPath !== 'string') throw new ReviewInputError(`${manifestFile}: synthesizedStackPath of stack ${JSON.stringify(name)} is not a path`);
    const file = path.resolve(dir, stackPath);
    // The review reads the output folder only: a manifest cannot send it to read files elsewhere.
    const rel = path.relative(path.resolve(dir), file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ReviewInputError(`${manifestFile}: stack ${JSON.stringify(name)} points outside the output folder (${JSON.stringify(stackPath)})`);
    }
    const cp = (entry as Record<string, unknown>).constructPath;
    const dependsOn = (Array.isArray(entry.dependencies) ? entry.dependencies.filter((d): d is string => typeof d === 'string') : [])
      .map((d) => constructPathToName.get(d) ?? d.split('/').pop() ?? d)
      .sort();
    out.push({ name, constructPath: typeof cp === 'string' ? cp : name, file, relative: rel.split(path.sep).join('/'), dependsOn });
  }
  return out;
}

export { fileSha256 } from './file-hash';

/** Who writes and reads a review index: the library's version and the id of its review code (see reviewCodeId). */
export function reviewIndexGenerator(): string {
  return `cdktf-gov-landing-zone@${libraryVersion()} review ${reviewCodeId()}`;
}

/** The file of the review index, inside the output folder. */
export const REVIEW_INDEX_FILE = 'gov-lz/review-index.json';
/** The gov-lz documents the review reads, which the index covers. */
export const INDEXED_DOCUMENTS = ['gov-lz/compliance.json', 'gov-lz/inventory.json'] as const;

/** Why a file no longer matches the index by size, or undefined when every one has its recorded size. */
function resizedFile(files: readonly string[], entries: readonly IndexedFile[]): string | undefined {
  for (const [i, f] of entries.entries()) {
    if (!fs.existsSync(files[i])) return `${f.file} is missing`;
    if (fs.statSync(files[i]).size !== f.size) return `${f.file} changed since the index was written`;
  }
  return undefined;
}

/**
 * Starts reading the output through its review index: checks the index and the files' sizes, and starts hashing every
 * stack file and gov-lz document the review reads (a second thread); `finish()` compares the hashes with the index.
 * Bodies are read from a stack file only when the review asks for one (a resource whose digest differs from the
 * base's). Returns (now, or from `finish()`) why the index cannot be used instead, for the review to say.
 */
function openThroughIndex(dir: string, shownAs: string, listed: ListedStack[], prefetchInventory: boolean): { finish(): SynthOutput | string } | string {
  const file = path.join(dir, ...REVIEW_INDEX_FILE.split('/'));
  const why = (reason: string) => `${shownAs}: every stack was parsed, ${reason}`;
  if (!fs.existsSync(file)) return why(`it has no ${REVIEW_INDEX_FILE} (written by an older version, or not by a landing-zone app)`);
  let index: ReviewIndexFile;
  try {
    index = JSON.parse(fs.readFileSync(file, 'utf8')) as ReviewIndexFile;
  } catch (e) {
    return why(`its ${REVIEW_INDEX_FILE} is unreadable (${(e as Error).message})`);
  }
  const generator = reviewIndexGenerator();
  if (!isObject(index) || index.schemaVersion !== REVIEW_INDEX_SCHEMA_VERSION || index.generator !== generator || !Array.isArray(index.stacks) || !Array.isArray(index.documents)) {
    return why(`its ${REVIEW_INDEX_FILE} was written by ${isObject(index) && typeof index.generator === 'string' ? index.generator : 'an unknown writer'}, not ${generator}`);
  }
  if (!wellFormed(index)) return why(`its ${REVIEW_INDEX_FILE} is not a review index`);
  const byName = new Map(index.stacks.map((s) => [s.name, s]));
  if (byName.size !== listed.length || listed.some((l) => byName.get(l.name)?.file !== l.relative)) return why(`its ${REVIEW_INDEX_FILE} lists other stacks than manifest.json`);
  const covered: IndexedFile[] = [];
  for (const doc of INDEXED_DOCUMENTS) {
    const entry = index.documents.find((d) => d.file === doc);
    if (!entry && fs.existsSync(path.join(dir, ...doc.split('/')))) return why(`${doc} is not in its ${REVIEW_INDEX_FILE}`);
    if (entry) covered.push(entry);
  }
  const entries = [...covered, ...listed.map((l) => byName.get(l.name)!)];
  const files = entries.map((f) => path.join(dir, ...f.file.split('/')));
  const resized = resizedFile(files, entries);
  if (resized) return why(resized);
  const hashing = startFilesSha256(
    files,
    entries.map((f) => f.size),
  );
  // Parsed while the files are hashed (when asked), used only once they match: an error is kept for when the review reads it.
  let inventory: { value: InventoryFile | undefined } | { error: unknown } | undefined;
  const loadInventory = (): { value: InventoryFile | undefined } | { error: unknown } => {
    try {
      return { value: readInventory(dir) };
    } catch (e) {
      return { error: e };
    }
  };
  if (prefetchInventory) inventory = loadInventory();
  return {
    finish: () => {
      const hashes = hashing.finish();
      const i = entries.findIndex((f, k) => hashes[k] !== f.sha256);
      if (i >= 0) return why(`${entries[i].file} changed since the index was written`);
      const bodies = new StackBodies();
      const stacks = new Map<string, SynthStack>();
      for (const l of listed) stacks.set(l.name, indexedStack(byName.get(l.name)!, l, bodies));
      return {
        dir: shownAs,
        stacks,
        // Parsed only when the review compares it (a base, plan files): the sections of this output alone are in the index.
        get inventory() {
          inventory ??= loadInventory();
          if ('error' in inventory) throw inventory.error;
          return inventory.value;
        },
        compliance: (index.compliance ?? undefined) as ComplianceFile | undefined,
        provinces: index.provinces,
      };
    },
  };
}

/** The shape the reader relies on (the writer of the same version writes it; a hand-made file may not). */
function wellFormed(index: ReviewIndexFile): boolean {
  const strings = (x: unknown) => isObject(x) && Object.values(x).every((v) => typeof v === 'string');
  return (
    Array.isArray(index.provinces) &&
    (index.compliance === null || isObject(index.compliance)) &&
    index.documents.every((d) => isObject(d) && typeof d.file === 'string' && typeof d.sha256 === 'string' && typeof d.size === 'number') &&
    index.stacks.every(
      (s) =>
        isObject(s) &&
        typeof s.name === 'string' &&
        typeof s.file === 'string' &&
        typeof s.sha256 === 'string' &&
        typeof s.size === 'number' &&
        Array.isArray(s.providers) &&
        Array.isArray(s.classes) &&
        Array.isArray(s.outputs) &&
        strings(s.resources) &&
        isObject(s.counts) &&
        strings(s.imports) &&
        isObject(s.removed),
    )
  );
}

const NO_CLASS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function indexedStack(s: IndexedStack, l: ListedStack, bodies: StackBodies): SynthStack {
  let resources: Map<string, StackResource> | undefined;
  const resourceOf = (type: string, line: string): StackResource => {
    const [name, digest, provider, cls, offset, length] = line.split('\t');
    const p = Number(provider);
    const c = Number(cls);
    const at = { offset: Number(offset), length: Number(length) };
    return new IndexedResource(`${type}.${name}`, type, name, p >= 0 ? s.providers[p] : undefined, digest, c >= 0 ? s.classes[c] : NO_CLASS, l, bodies, at);
  };
  return {
    name: l.name,
    dependsOn: l.dependsOn,
    // Built when first asked for: a review of this output alone needs the counts only.
    get resources() {
      if (resources) return resources;
      resources = new Map();
      for (const [type, lines] of Object.entries(s.resources)) {
        if (lines === '') continue;
        for (const line of lines.split('\n')) {
          const r = resourceOf(type, line);
          resources.set(r.address, r);
        }
      }
      return resources;
    },
    indexed: { lines: s.resources, resource: (type, line) => resourceOf(type, line) },
    countsByType: new Map(Object.entries(s.counts)),
    outputs: s.outputs,
    imports: new Map(Object.entries(s.imports)),
    removed: new Map(Object.entries(s.removed)),
    sha256: s.sha256,
  };
}

class IndexedResource implements StackResource {
  constructor(
    public readonly address: string,
    public readonly type: string,
    public readonly name: string,
    public readonly provider: string | undefined,
    public readonly digest: string,
    public readonly classBody: Record<string, unknown>,
    private readonly stack: ListedStack,
    private readonly bodies: StackBodies,
    private readonly at: { offset: number; length: number },
  ) {}

  public get body(): Record<string, unknown> {
    return this.bodies.of(this.stack, this.address, this.digest, this.at);
  }
}

/**
 * Reads a body from its stack file where the index says it lies, and only that body: the file was hashed against the
 * index, and the body's own digest is checked again, so it is the body the index stands for.
 */
class StackBodies {
  public of(stack: ListedStack, address: string, digest: string, at: { offset: number; length: number }): Record<string, unknown> {
    const buf = Buffer.alloc(Number.isSafeInteger(at.length) && at.length > 0 && Number.isSafeInteger(at.offset) && at.offset >= 0 ? at.length : 0);
    let n = 0;
    if (buf.length > 0) {
      const fd = fs.openSync(stack.file, 'r');
      try {
        n = fs.readSync(fd, buf, 0, buf.length, at.offset);
      } finally {
        fs.closeSync(fd);
      }
    }
    const text = buf.subarray(0, n).toString('utf8');
    if (n !== buf.length || n === 0 || bodyDigest(text) !== digest) {
      throw new ReviewInputError(`stack ${stack.name} ${stack.file} no longer holds ${address} where its review index says: it changed while it was reviewed`);
    }
    return JSON.parse(text) as Record<string, unknown>;
  }
}
