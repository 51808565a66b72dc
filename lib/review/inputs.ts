/**
 * What the review reads: a synthesized output folder (cdktf.out) and Terraform plan JSON.
 *
 * The review never imports the constructs: it knows the landing zone only through these files, so it runs on
 * any output, including one synthesized by an older or newer version of the library. Sections written by layers
 * that an output may not have (middleware, recovery, placement, compliance) are optional here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SUPPORTED_COMPLIANCE_VERSIONS, type ComplianceFile } from '../schema/compliance';
import { SUPPORTED_INVENTORY_VERSIONS, type InventoryFile } from '../schema/inventory';

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
  readonly body: Record<string, unknown>;
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
}

/** A synth's output in memory (the synth's own review): the stacks by construct path, the gov-lz documents by file name. */
export interface InMemoryOutput {
  readonly stacks: ReadonlyMap<string, Record<string, unknown>>;
  document(fileName: string): unknown;
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

/** Terraform JSON writes a block as an object or a list of objects. */
function blocks(x: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(x) ? x : [x]).filter(isObject);
}

/** The `import` and `removed` blocks of a stack (tenants moved between stacks, shards re-laid). */
function moveBlocks(json: Record<string, unknown>): Pick<SynthStack, 'imports' | 'removed'> {
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
 * Reads a synthesized output folder: `manifest.json`, every `stacks/<name>/cdk.tf.json`, and
 * `gov-lz/inventory.json` and `gov-lz/compliance.json` when present.
 *
 * `written` (the synth's own review): what each stack rendered in this synth, by construct path — the very objects
 * cdktf wrote to the stacks' files — and the documents the gov-lz files were written from, taken instead of parsing
 * the files back. Resources are listed in the files' order (types, then names, sorted) either way.
 */
export function readSynthOutput(dir: string, shownAs: string = dir, written?: InMemoryOutput): SynthOutput {
  const rendered = written?.stacks;
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

  const stacks = new Map<string, SynthStack>();
  const constructPathToName = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const cp = isObject(entry) ? (entry as Record<string, unknown>).constructPath : undefined;
    constructPathToName.set(typeof cp === 'string' ? cp : name, name);
  }
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
    const json = rendered?.get(typeof cp === 'string' ? cp : name) ?? readJsonFile<Record<string, unknown>>(file, `stack ${name}`);
    if (!isObject(json)) throw new ReviewInputError(`stack ${name} ${file} is not a JSON object`);
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
    const dependsOn = (Array.isArray(entry.dependencies) ? entry.dependencies.filter((d): d is string => typeof d === 'string') : [])
      .map((d) => constructPathToName.get(d) ?? d.split('/').pop() ?? d)
      .sort();
    stacks.set(name, { name, dependsOn, resources, outputs: isObject(json.output) ? Object.keys(json.output).sort() : [], ...moveBlocks(json) });
  }

  const inventory = readVersioned<InventoryFile>(path.join(dir, 'gov-lz', 'inventory.json'), 'landing-zone inventory', SUPPORTED_INVENTORY_VERSIONS, written?.document('inventory.json'));
  if (inventory && !Array.isArray(inventory.provinces)) throw new ReviewInputError(`${path.join(dir, 'gov-lz', 'inventory.json')} has no provinces list`);
  const compliance = readVersioned<ComplianceFile>(path.join(dir, 'gov-lz', 'compliance.json'), 'compliance report', SUPPORTED_COMPLIANCE_VERSIONS, written?.document('compliance.json'));
  return { dir: shownAs, stacks, inventory, compliance };
}
