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

/**
 * Minutes as the recovery planner writes them: a number, `"unbounded"` (nothing bounds the loss or the
 * downtime, e.g. asynchronous replication without a WAL archive) or null (nothing to lose: no data of record).
 */
export type Minutes = number | 'unbounded' | null;

/** Recovery figures: declared targets are numbers; achievable figures may be `"unbounded"` or null. */
export interface RecoveryFigures {
  readonly rtoMinutes: Minutes;
  readonly rpoMinutes: Minutes;
  readonly availability?: number;
  /** The objective after losing both production sites (restore at the DR centre), when declared. */
  readonly regional?: { readonly rtoMinutes: number; readonly rpoMinutes: number } | null;
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
  /** Declared shard count (sharded industry clouds: stacks `<province>-<code>-<n>`). */
  readonly shards?: number;
  readonly stacks?: string[];
  /** Stacks of the previous shard layout kept for their `removed` blocks while a change of shard count is applied. */
  readonly retiredStacks?: string[];
  readonly tenants?: string[];
}

/** A grant of a shared middleware offering to a tenant (tenant field `grants`). */
export interface GrantRecord {
  readonly offering: string;
  readonly kind?: string;
  /** The offering's in-cluster service (on a replica site, PostgreSQL writes go to the primary's site endpoint instead). */
  readonly host?: string;
  readonly port?: number;
  /** The write-only secret with the connection, in the tenant's namespace on each of `clusters`. */
  readonly secretName?: string;
  /** Where the grant is opened: the tenant's private, non-burst placements where the offering runs. */
  readonly clusters?: string[];
  /** Kind-specific details: database, role (PostgreSQL); user, keyPrefix (Redis); user, topicPrefix (Kafka). */
  readonly [extra: string]: unknown;
}

/** Burst to a public-cloud cluster (tenant field `burst`). */
export interface BurstRecord {
  readonly cluster: string;
  readonly namespace?: string;
  readonly maxCpu?: number;
  readonly maxMemoryGi?: number;
  readonly maxPods?: number;
  readonly maxStorageGi?: number;
  /** Where the burst namespace may connect: the dedicated line (专线) back to the private side. */
  readonly egressCidrs?: string[];
  readonly egressPorts?: number[];
}

/** Domestic (信创) hardware required for a tenant's pods (tenant field `domesticHardware`). */
export interface DomesticHardwareRecord {
  /** Who requires it: the tenant itself or its industry cloud. */
  readonly requiredBy?: string;
  /** The namespace node selector (`scheduler.alpha.kubernetes.io/node-selector`) per cluster. */
  readonly nodeSelectors?: Record<string, string>;
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
  /** Effective data class: the tenant's own or its industry cloud's, whichever is stricter. */
  readonly dataClass?: string;
  readonly domesticHardware?: DomesticHardwareRecord | null;
  /** Where the tenant was before a move still being applied (import and removed blocks). */
  readonly movedFrom?: { industryCloud?: string | null; stack?: string } | null;
  readonly [extra: string]: unknown;
}

/** A shared middleware offering (province section `middleware`). */
export interface OfferingRecord {
  readonly name: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly clusters?: string[];
  readonly endpoint?: { host?: string; port?: number };
  /** Per-instance sizing and `perCluster` (what the offering reserves on each cluster). */
  readonly sizing?: { readonly perCluster?: Amounts; readonly [k: string]: unknown } | null;
  /** The operator's Helm chart (older outputs: its name). */
  readonly operator?: string | { chart?: string; version?: string; repository?: string } | null;
  /** Codes of the tenants granted the offering. */
  readonly grants?: string[];
}

/** A recovery mechanism as the planner writes it. */
export interface RecoveryMechanismRecord {
  readonly id: string;
  readonly description?: string;
  readonly rpoMinutes?: Minutes;
  readonly rtoMinutes?: Minutes;
}

/** Recovery of one tenant (province section `recovery`). */
export interface TenantRecoveryRecord {
  readonly tenant: string;
  readonly industryCloud?: string;
  readonly target?: RecoveryFigures;
  readonly achievable?: RecoveryFigures;
  readonly meets?: boolean;
  readonly mechanisms?: Array<RecoveryMechanismRecord | string>;
  /** The fixed part of every failover (detection, traffic switch, DNS). */
  readonly rtoFrame?: Array<{ name: string; seconds: number }>;
  /** Losing both production sites: recovery in the DR centre (figures estimated even when not possible). */
  readonly regional?: { rtoMinutes?: Minutes; rpoMinutes?: Minutes; possible?: boolean; impossible?: string; target?: { rtoMinutes: number; rpoMinutes: number } | null } | null;
}

/** The Velero schedule of one tenant (province section `recovery.backups`). */
export interface BackupRecord {
  readonly tenant: string;
  readonly schedule?: string;
  readonly cron?: string;
  readonly intervalMinutes?: number;
  /** The interval reached with every backup of a cluster queued behind each other. */
  readonly achievedIntervalMinutes?: number;
  readonly retentionDays?: number;
  readonly clusters?: string[];
}

/** Province section `recovery`. */
export interface RecoverySection {
  readonly metroStorageReplication?: string;
  readonly backupLocation?: { site?: string; city?: string | null; endpoint?: string; bucket?: string; prefix?: string } | null;
  readonly assumptions?: Record<string, number>;
  readonly tenants?: TenantRecoveryRecord[];
  readonly backups?: BackupRecord[];
}

/** Province section `placementPolicy`. */
export interface PlacementPolicySection {
  readonly registryAllowList?: { registry?: string; imagePrefix?: string; policy?: string; clusters?: string[] } | null;
  readonly dedicatedLineCidrs?: string[];
  readonly dedicatedLinePorts?: number[];
  readonly domesticHardwarePolicy?: { policy?: string; clusters?: string[] } | null;
  readonly domesticHardwareIndustryClouds?: string[];
  readonly domesticHardwareTenants?: string[];
  readonly burstingTenants?: Array<{ tenant: string; industryCloud?: string; cluster: string; maxCpu?: number; maxMemoryGi?: number; maxPods?: number }>;
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
  readonly recovery?: RecoverySection;
  readonly placementPolicy?: PlacementPolicySection;
  /** Present in a city project's output: the province is a hub deployed elsewhere, read from its published contract. */
  readonly published?: { source?: string; schemaVersion?: number; remoteState?: { backend?: string; stack?: string } | null } | null;
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
  readonly description?: string;
  readonly defaultSeverity?: string;
  /** `compliant`, `non-compliant`, `not-applicable` or `disabled`. */
  readonly status?: string;
  /** Subjects the rule applied to. */
  readonly checked?: number;
  readonly clauseConfidence?: Record<string, string>;
  /** Why some findings are warnings today and what makes them errors; null when final. */
  readonly provisional?: string | null;
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
  readonly resource?: string | null;
  /** How many findings it suppresses. */
  readonly matched?: boolean | number;
  /** The findings it suppresses. */
  readonly findings?: Array<{ path?: string; stack?: string; resource?: string; message?: string; severity?: string }>;
}

/** A rule switched off by the hub, with the reason and who answers for it. */
export interface ComplianceDisabledRule {
  readonly ruleId: string;
  readonly path?: string;
  readonly reason?: string;
  readonly owner?: string;
  readonly expires?: string;
}

/** `gov-lz/compliance.json`. In `summary`, errors/warnings/suppressed count findings; compliant/notApplicable/disabled count rules. */
export interface ComplianceFile {
  readonly schemaVersion: number;
  readonly pack?: string;
  readonly standard?: string;
  readonly generator?: string;
  readonly summary?: { errors?: number; warnings?: number; suppressed?: number; compliant?: number; notApplicable?: number; disabled?: number };
  /** How sure the pack is of the clause numbers it cites. */
  readonly clauseCaveat?: string;
  readonly rules?: ComplianceRule[];
  /** Open findings (suppressed ones are listed under their suppression). */
  readonly findings?: ComplianceFinding[];
  readonly suppressions?: ComplianceSuppression[];
  readonly disabledRules?: ComplianceDisabledRule[];
  readonly severityOverrides?: Array<{ ruleId: string; path?: string; severity?: string; defaultSeverity?: string }>;
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
    const json = readJsonFile<Record<string, unknown>>(file, `stack ${name}`);
    if (!isObject(json)) throw new ReviewInputError(`stack ${name} ${file} is not a JSON object`);
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
    const dependsOn = (Array.isArray(entry.dependencies) ? entry.dependencies.filter((d): d is string => typeof d === 'string') : []).map((d) => constructPathToName.get(d) ?? d.split('/').pop() ?? d).sort();
    stacks.set(name, { name, dependsOn, resources, outputs: isObject(json.output) ? Object.keys(json.output).sort() : [], ...moveBlocks(json) });
  }

  const inventory = readVersioned<InventoryFile>(path.join(dir, 'gov-lz', 'inventory.json'), 'landing-zone inventory', SUPPORTED_INVENTORY_VERSIONS);
  if (inventory && !Array.isArray(inventory.provinces)) throw new ReviewInputError(`${path.join(dir, 'gov-lz', 'inventory.json')} has no provinces list`);
  const compliance = readVersioned<ComplianceFile>(path.join(dir, 'gov-lz', 'compliance.json'), 'compliance report', SUPPORTED_COMPLIANCE_VERSIONS);
  return { dir: shownAs, stacks, inventory, compliance };
}
