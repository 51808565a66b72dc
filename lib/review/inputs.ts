/**
 * What the review reads: a synthesized output folder (cdktf.out) and Terraform plan JSON.
 *
 * The review never imports the constructs: it knows the landing zone only through these files, so it runs on
 * any output, including one synthesized by an older or newer version of the library. Sections written by layers
 * that an output may not have (middleware, recovery, placement, compliance) are optional here.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Inventory format versions this review understands. */
export const SUPPORTED_INVENTORY_VERSIONS: readonly number[] = [1];
/** Compliance report format versions this review understands. */
export const SUPPORTED_COMPLIANCE_VERSIONS: readonly number[] = [1];

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

/** Amounts as written in the inventory (cpu cores, GiB, pods). */
export type Amounts = Partial<Record<'cpu' | 'memoryGi' | 'storageGi' | 'pods', number>>;

/** Recovery figures. */
export interface RecoveryFigures {
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
  readonly availability?: number;
}

export interface SiteRecord {
  readonly name: string;
  readonly city?: string;
  readonly role?: string;
  readonly region?: string | null;
  readonly displayName?: string;
}

export interface ClusterRecord {
  readonly name: string;
  readonly site?: string;
  readonly cloud?: string;
  readonly arch?: string;
  readonly displayName?: string;
  readonly capacity?: Amounts;
  readonly allocated?: Amounts;
  readonly platformStack?: string | null;
}

export interface IndustryCloudRecord {
  readonly code: string;
  readonly displayName?: string;
  readonly clusters?: string[];
  readonly dataClass?: string;
  readonly recovery?: RecoveryFigures | null;
  readonly stacks?: string[];
  readonly tenants?: string[];
}

/** A grant of a shared middleware offering to a tenant (tenant field `grants`). */
export interface GrantRecord {
  readonly offering: string;
  readonly kind?: string;
  readonly port?: number;
  readonly secretName?: string;
  readonly [extra: string]: unknown;
}

/** Burst to a public-cloud cluster (tenant field `burst`). */
export interface BurstRecord {
  readonly cluster: string;
  readonly namespace?: string;
  readonly maxCpu?: number;
  readonly maxMemoryGi?: number;
  readonly maxPods?: number;
  readonly egressCidrs?: string[];
}

export interface TenantRecord {
  readonly code: string;
  readonly displayName?: string;
  readonly industryCloud?: string;
  readonly stack?: string;
  readonly namespace?: string;
  readonly quota?: Amounts;
  readonly admins?: string[];
  readonly viewers?: string[];
  readonly placements?: Array<{ cluster: string; namespace?: string; cloud?: string; quota?: Amounts }>;
  readonly networkRules?: Array<{ name: string; direction?: string; peers?: unknown[]; ports?: unknown[] }>;
  readonly addresses?: string[];
  readonly grants?: GrantRecord[];
  readonly burst?: BurstRecord | null;
  readonly dataClass?: string;
  readonly [extra: string]: unknown;
}

/** A shared middleware offering (province section `middleware`). */
export interface OfferingRecord {
  readonly name: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly clusters?: string[];
  readonly endpoint?: { host?: string; port?: number };
  readonly sizing?: unknown;
  readonly operator?: string;
  readonly grants?: string[];
}

/** Recovery of one tenant (province section `recovery`). */
export interface TenantRecoveryRecord {
  readonly tenant: string;
  readonly industryCloud?: string;
  readonly target?: RecoveryFigures;
  readonly achievable?: RecoveryFigures;
  readonly meets?: boolean;
  readonly mechanisms?: unknown[];
  /** Losing both production sites: recovery in the DR centre. */
  readonly regional?: { rtoMinutes?: number; rpoMinutes?: number; possible?: boolean; impossible?: string } | null;
}

export interface ProvinceRecord {
  readonly province: string;
  readonly displayName?: string;
  readonly registry?: string;
  readonly mlpsLevel?: number;
  readonly overcommitRatio?: number;
  readonly stateBackend?: string;
  readonly stacks?: { hub?: string; platform?: Record<string, string> };
  readonly sites?: SiteRecord[];
  readonly clusters?: ClusterRecord[];
  readonly industryClouds?: IndustryCloudRecord[];
  readonly tenants?: TenantRecord[];
  readonly middleware?: { offerings?: OfferingRecord[] };
  readonly recovery?: { tenants?: TenantRecoveryRecord[] };
  readonly placementPolicy?: unknown;
  readonly [extra: string]: unknown;
}

export interface InventoryFile {
  readonly schemaVersion: number;
  readonly generator?: string;
  readonly provinces: ProvinceRecord[];
  readonly stacks?: Array<{ name: string; path?: string; dependsOn?: string[]; resources?: number }>;
}

export interface ComplianceRule {
  readonly id: string;
  readonly name?: string;
  readonly nameZh?: string;
  readonly domain?: string;
  readonly clauses?: string[];
  readonly severity?: string;
}

export interface ComplianceFinding {
  readonly ruleId: string;
  readonly severity?: string;
  readonly status?: string;
  readonly path?: string;
  readonly stack?: string;
  readonly resource?: string;
  readonly message?: string;
  readonly fix?: string;
}

export interface ComplianceSuppression {
  readonly ruleId: string;
  readonly path?: string;
  readonly reason?: string;
  readonly owner?: string;
  readonly expires?: string;
  readonly matched?: boolean | number;
}

export interface ComplianceFile {
  readonly schemaVersion: number;
  readonly pack?: string;
  readonly summary?: { errors?: number; warnings?: number; suppressed?: number; compliant?: number; notApplicable?: number };
  readonly rules?: ComplianceRule[];
  readonly findings?: ComplianceFinding[];
  readonly suppressions?: ComplianceSuppression[];
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
function readVersioned<T extends { schemaVersion: number }>(file: string, what: string, supported: readonly number[]): T | undefined {
  if (!fs.existsSync(file)) return undefined;
  const doc = readJsonFile<T>(file, what);
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
 */
export function readSynthOutput(dir: string, shownAs: string = dir): SynthOutput {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ReviewInputError(`${dir} is not a folder; pass the output folder of \`cdktf synth\` (default cdktf.out)`);
  }
  if (!fs.existsSync(manifestFile)) {
    throw new ReviewInputError(`${dir} has no manifest.json: is it the output folder of \`cdktf synth\`?`);
  }
  const manifest = readJsonFile<{ stacks?: Record<string, { synthesizedStackPath?: string; dependencies?: string[] }> }>(manifestFile, 'cdktf manifest');
  if (!isObject(manifest.stacks)) throw new ReviewInputError(`${manifestFile} lists no stacks`);

  const stacks = new Map<string, SynthStack>();
  const constructPathToName = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    constructPathToName.set((entry as { constructPath?: string }).constructPath ?? name, name);
  }
  for (const name of Object.keys(manifest.stacks).sort()) {
    const entry = manifest.stacks[name];
    const file = path.join(dir, entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    const json = readJsonFile<Record<string, unknown>>(file, `stack ${name}`);
    const resources = new Map<string, StackResource>();
    const block = isObject(json.resource) ? json.resource : {};
    for (const type of Object.keys(block)) {
      const byName = block[type];
      if (!isObject(byName)) continue;
      for (const [rname, body] of Object.entries(byName)) {
        if (!isObject(body)) continue;
        const address = `${type}.${rname}`;
        resources.set(address, { address, type, name: rname, provider: typeof body.provider === 'string' ? body.provider : undefined, body });
      }
    }
    const dependsOn = (entry.dependencies ?? []).map((d) => constructPathToName.get(d) ?? d.split('/').pop() ?? d).sort();
    stacks.set(name, { name, dependsOn, resources, outputs: isObject(json.output) ? Object.keys(json.output).sort() : [] });
  }

  const inventory = readVersioned<InventoryFile>(path.join(dir, 'gov-lz', 'inventory.json'), 'landing-zone inventory', SUPPORTED_INVENTORY_VERSIONS);
  if (inventory && !Array.isArray(inventory.provinces)) throw new ReviewInputError(`${path.join(dir, 'gov-lz', 'inventory.json')} has no provinces list`);
  const compliance = readVersioned<ComplianceFile>(path.join(dir, 'gov-lz', 'compliance.json'), 'compliance report', SUPPORTED_COMPLIANCE_VERSIONS);
  return { dir: shownAs, stacks, inventory, compliance };
}
