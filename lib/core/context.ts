import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { withRenderedElements } from '../private/rendered-elements';
import { MERGES_BATCHES, ResourceBatch } from '../private/resource-batch';
import { captureForWriter, type StackFileDigest, useStackWriter } from '../private/stack-writer';
import { renderTemplateSafe } from '../private/terraform-json';
import { redactCredentials } from './credentials';
import { LandingZoneError, Problem } from './errors';
import { checkArtifacts, checkOutput } from './output-checks';
import { foldConsequences, KnownNames } from './root-cause';

/** Where a problem is: a construct, or a path string for model elements that are not constructs. */
export type ProblemLocation = IConstruct | string;

/** What a check reports a problem with. */
export interface ProblemDetails {
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
  readonly code: string;
}

/** Collects the problems and warnings of one check run. */
export class ProblemReporter {
  public readonly problems: Problem[] = [];
  public readonly warnings: Array<{ at: ProblemLocation; message: string }> = [];
  public readonly infos: Array<{ at: ProblemLocation; message: string }> = [];

  /** Records an error; synth fails once all checks have run. */
  public error(at: ProblemLocation, details: ProblemDetails): void {
    this.problems.push({ path: locationPath(at), ...details });
  }

  /** Records a warning, shown by cdktf and kept in the reports; synth goes on. A credential it quotes is masked. */
  public warn(at: ProblemLocation, message: string): void {
    this.warnings.push({ at, message: typeof message === 'string' ? redactCredentials(message) : message });
  }

  /** Records a note (e.g. an accepted suppression), shown by cdktf as an info annotation. A credential it quotes is masked. */
  public info(at: ProblemLocation, message: string): void {
    this.infos.push({ at, message: typeof message === 'string' ? redactCredentials(message) : message });
  }
}

/** The path of a location, as shown in messages. */
export function locationPath(at: ProblemLocation): string {
  return typeof at === 'string' ? at : at.node.path;
}

/** A check over the model; it reports, it never throws for bad input. */
export type Check = (report: ProblemReporter) => void;

/** A file written to `<outdir>/gov-lz/` once all checks pass. */
export type ArtifactRenderer = () => string;

/**
 * A step run after cdktf has written every stack (see LandingZoneContext.addAfterSynth): the output folder, and what
 * each stack rendered in this synth by its construct path — the objects written to the stacks' `cdk.tf.json`.
 */
export type AfterSynthStep = (outdir: string, written: WrittenOutput) => void;

/** What a synth wrote, in memory, for the after-synth steps: nothing needs to be parsed back from cdktf.out. */
export interface WrittenOutput {
  /** Each stack's `toTerraform()` result (the object written to its `cdk.tf.json`), by the stack's construct path. */
  readonly stacks: ReadonlyMap<string, Record<string, unknown>>;
  /** The document an artifact was rendered from (`inventory.json`, `compliance.json`), when its writer registered one. */
  document(fileName: string): unknown;
  /**
   * What the library's stack writer recorded of each stack file it wrote (sha256, size, per-resource digests), by the
   * stack's construct path; a stack written otherwise (another synthesizer) is missing.
   */
  readonly digests: ReadonlyMap<string, StackFileDigest>;
}

/**
 * An aspect whose evaluation the gate runs itself, before anything is written: cdktf invokes aspects per
 * stack, and only after the gate, while stacks are being written. Its `visit` must then report nothing new.
 */
export interface IGatedAspect extends IAspect {
  /**
   * Evaluates the aspect over every scope it was added to (`Aspects.of(scope).add(aspect)`); `all` holds every
   * gated aspect of the app with its scopes, so that aspects of one kind can be evaluated together.
   */
  evaluateAtGate(scopes: IConstruct[], report: ProblemReporter, all: ReadonlyMap<IGatedAspect, IConstruct[]>): void;
}

const GATED_ASPECT = Symbol.for('cdktf-gov-landing-zone.gatedAspect');

/** Marks an aspect as one the gate evaluates (works across copies of the library). */
export function markGatedAspect(aspect: IGatedAspect): void {
  Object.defineProperty(aspect, GATED_ASPECT, { value: true });
}

function isGatedAspect(x: unknown): x is IGatedAspect {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[GATED_ASPECT] === true;
}

const IS_CONTEXT = Symbol.for('cdktf-gov-landing-zone.LandingZoneContext');
const GATED_STACK = Symbol.for('cdktf-gov-landing-zone.gatedStack');

/** Name of the folder inside the app's outdir that holds the landing zone's own outputs. */
export const GOV_LZ_DIR = 'gov-lz';

/** Cluster and site names of a hub, for suggestions in messages. */
export type KnownNamesSource = () => KnownNames;

/**
 * The synth gate of one app: every landing-zone construct registers its checks here; before cdktf writes
 * any stack, the gate runs all of them, throws one {@link LandingZoneError} listing every problem (and
 * writes nothing), or writes the landing zone's own outputs to `<outdir>/gov-lz/`.
 *
 * One per app, found by walking the construct tree (a child of the root with the id {@link LandingZoneContext.ID},
 * as cdk8s finds a chart with `Chart.of`): no global state. It also holds the app's other per-app state
 * ({@link appState}), so that the layers keep none on the root.
 *
 * It hooks `TerraformStack.prepareStack()`, which `App.synth()` calls for every stack before it writes the
 * first one (test/core/context.test.ts proves the order on this cdktf version).
 */
export class LandingZoneContext extends Construct {
  /** The construct id of the context under the app's root. */
  public static readonly ID = 'GovLandingZone';

  /** The context of the app that `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): LandingZoneContext {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(LandingZoneContext.ID);
    if (existing && LandingZoneContext.isLandingZoneContext(existing)) return existing;
    return new LandingZoneContext(root as Construct, existing ? `${LandingZoneContext.ID}-${root.node.children.length}` : LandingZoneContext.ID);
  }

  /** Whether `x` is a LandingZoneContext (works across copies of the library). */
  public static isLandingZoneContext(x: unknown): x is LandingZoneContext {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[IS_CONTEXT] === true;
  }

  private readonly checks: Check[] = [];
  private readonly artifacts = new Map<string, ArtifactRenderer>();
  private readonly requests = new Map<string, string>();
  private readonly afterSynth = new Map<string, AfterSynthStep>();
  /** What each stack's `toTerraform()` returned in this synth, by the stack's construct path (for the after-synth steps). */
  private readonly rendered = new Map<string, Record<string, unknown>>();
  /** What the stack writer recorded of each stack file in this synth, by the stack's construct path (for the review index). */
  private readonly digests = new Map<string, StackFileDigest>();
  private readonly documents = new Map<string, () => unknown>();
  private readonly state = new Map<string, unknown>();
  private readonly nameSources: KnownNamesSource[] = [];
  private passed = false;
  private checked = false;

  private constructor(root: Construct, id: string) {
    super(root, id);
    Object.defineProperty(this, IS_CONTEXT, { value: true });
  }

  /** The app's root construct. */
  public get root(): IConstruct {
    return this.node.root;
  }

  /**
   * Per-app state of a layer, made by `create` on first use and found again under `key` (e.g. the inventory, the
   * compliance pack's last run): what the layers used to keep on the app's root under global symbols.
   */
  public appState<T>(key: string, create: () => T): T {
    if (!this.state.has(key)) this.state.set(key, create());
    return this.state.get(key) as T;
  }

  /** Registers the cluster and site names of a hub, for the suggestions in messages (root causes). */
  public addKnownNames(source: KnownNamesSource): void {
    this.nameSources.push(source);
  }

  /**
   * Registers a step that runs once `app.synth()` has written every stack, and only when the gate passed: outputs
   * that read the finished cdktf.out (the review). Needs an `App` root; elsewhere it never runs.
   *
   * cdktf has no hook after it writes the stacks. The nearest public one is the app's own validation, which
   * `App.synth()` runs after every stack is written and before it writes `manifest.json` (cdktf 0.21 and cdktn 0.24
   * alike: test/core/after-synth.test.ts runs on both): the step runs there, with the manifest written first from
   * `app.manifest` (the same content cdktf writes right after). With `skipValidation` the app runs no validation,
   * and these steps are skipped.
   */
  public addAfterSynth(name: string, step: AfterSynthStep): void {
    if (this.afterSynth.has(name)) return;
    this.afterSynth.set(name, step);
    if (this.afterSynth.size > 1 || !App.isApp(this.root)) return;
    const app = this.root as App;
    app.node.addValidation({
      validate: () => {
        if (!this.passed) return [];
        app.manifest.writeToFile();
        try {
          const written: WrittenOutput = { stacks: this.rendered, document: (name) => this.documents.get(name)?.(), digests: this.digests };
          for (const step of [...this.afterSynth.keys()].sort()) this.afterSynth.get(step)!(app.outdir, written);
        } finally {
          this.rendered.clear();
          this.digests.clear();
        }
        return [];
      },
    });
  }

  /** Whether every check of the gate passed: the model is final (its artifacts are being rendered, or were written). */
  public get gatePassed(): boolean {
    return this.checked;
  }

  /** Registers a check, run at the gate. */
  public addCheck(check: Check): void {
    this.checks.push(check);
  }

  /**
   * Registers an output file (name relative to `<outdir>/gov-lz/`), rendered after all checks pass. `document`: the
   * JSON document the file is written from (`render` writes it with JSON.stringify), handed to the after-synth steps
   * so they need not parse the file back.
   */
  public addArtifact(fileName: string, render: ArtifactRenderer, document?: () => unknown): void {
    if (this.artifacts.has(fileName)) throw new Error(`artifact ${fileName} is registered twice`);
    this.artifacts.set(fileName, render);
    if (document) this.documents.set(fileName, document);
  }

  /**
   * Marks an artifact as a request the user hands on (a city's grant requests): when every problem the gate finds
   * has code `problemCode` (the request is still pending, nothing else is wrong), the gate writes that file alone, then
   * throws. Any other problem keeps the rule: nothing is written.
   */
  public markRequestArtifact(fileName: string, problemCode: string): void {
    this.requests.set(fileName, problemCode);
  }

  /** Names of the registered artifacts. */
  public get artifactNames(): string[] {
    return [...this.artifacts.keys()].sort();
  }

  /** Renders one artifact (for tests and for tools that want it in memory). */
  public renderArtifact(fileName: string): string {
    const render = this.artifacts.get(fileName);
    if (!render) throw new Error(`no artifact ${fileName}; known: ${this.artifactNames.join(', ')}`);
    return render();
  }

  /**
   * Runs every check, then every gated aspect, and returns what they found, without writing anything.
   *
   * A check that crashes (a TypeError on a prop a JavaScript caller left out, say) does not stop the others: when any
   * check reported a problem, the crash is taken as one of its consequences and the problems are what the user sees
   * (one LandingZoneError, never a stack trace); a crash with no problem reported at all is a bug and is rethrown.
   */
  public run(crashes: unknown[] = []): ProblemReporter {
    const report = new ProblemReporter();
    const collect = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        if (LandingZoneError.isLandingZoneError(e)) {
          report.problems.push(...e.problems);
        } else {
          crashes.push(e);
        }
      }
    };
    withRenderedElements(() => {
      for (const check of this.checks) collect(() => check(report));
      const gated = this.gatedAspects();
      for (const [aspect, scopes] of gated) collect(() => aspect.evaluateAtGate(scopes, report, gated));
      // What every stack would write: addresses valid and unique, no credential anywhere.
      collect(() => checkOutput(this.root, report));
    });
    if (crashes.length > 0 && report.problems.length === 0) throw crashes[0];
    const ordered = foldConsequences(report.problems, this.knownNames());
    report.problems.splice(0, report.problems.length, ...ordered);
    return report;
  }

  /** Cluster and site names of the hubs in the app (each hub registers its own), for suggestions. */
  private knownNames(): KnownNames {
    const clusters: string[] = [];
    const sites: string[] = [];
    for (const source of this.nameSources) {
      const names = source();
      clusters.push(...names.clusters);
      sites.push(...names.sites);
    }
    return { clusters, sites };
  }

  /** Gated aspects in the tree, each with the scopes it was added to, in construct-tree order. */
  private gatedAspects(): Map<IGatedAspect, IConstruct[]> {
    const out = new Map<IGatedAspect, IConstruct[]>();
    for (const c of this.root.node.findAll()) {
      for (const a of Aspects.of(c).all) {
        if (!isGatedAspect(a)) continue;
        const scopes = out.get(a) ?? [];
        scopes.push(c);
        out.set(a, scopes);
      }
    }
    return out;
  }

  /** The problems found by all checks (empty when the landing zone is valid). */
  public problems(): Problem[] {
    // Once the gate has passed, the model is frozen and known to be valid.
    if (this.passed) return [];
    return this.run().problems;
  }

  /**
   * Runs once per app: freezes batch content, runs all checks, throws when any fails, else writes the
   * artifacts to `<outdir>/gov-lz/`.
   */
  public gate(outdir: string): void {
    if (this.passed) return;
    // Producing a batch may fail on props the checks report (a JavaScript caller's missing prop): the checks decide.
    const crashes: unknown[] = [];
    for (const c of this.root.node.findAll()) {
      if (ResourceBatch.isResourceBatch(c)) {
        try {
          c.freeze();
        } catch (e) {
          if (LandingZoneError.isLandingZoneError(e)) throw e;
          crashes.push(e);
        }
      }
      // Every stack of an app with a landing zone writes literal strings as literals, whatever holds its constructs.
      else if (TerraformStack.isStack(c)) this.attach(c);
    }
    const report = this.run(crashes);
    if (App.isApp(this.root) && (this.root as App).hclOutput) {
      report.error(this.root, {
        code: 'unsupported',
        value: 'hclOutput',
        message: 'the app synthesizes HCL; the landing zone writes Terraform JSON, where it escapes literal text so that no value becomes a template',
        fix: 'remove "hclOutput" from cdktf.json (and CDKTF_HCL_OUTPUT from the environment)',
      });
    }
    if (report.problems.length > 0) {
      const pending = [...this.requests].filter(([name, code]) => this.artifacts.has(name) && report.problems.every((p) => p.code === code));
      const files = pending.map(([name]) => [name, this.renderArtifact(name)] as const);
      const leaks = new ProblemReporter();
      checkArtifacts(files, leaks);
      if (files.length > 0 && leaks.problems.length === 0) {
        this.writeArtifacts(outdir, files);
        throw new LandingZoneError(report.problems, `only ${files.map(([name]) => `${GOV_LZ_DIR}/${name}`).join(', ')} was written to the output directory, for you to hand on`);
      }
      throw new LandingZoneError(report.problems);
    }
    // Without stack traces: a trace into the gate helps nobody, and its absolute paths would make
    // cdktf.out/manifest.json differ between machines.
    const annotate = (level: AnnotationMetadataEntryType, at: ProblemLocation, message: string) => {
      if (typeof at === 'string') this.root.node.addMetadata(level, `${at}: ${message}`, { stackTrace: false });
      else at.node.addMetadata(level, message, { stackTrace: false });
    };
    this.checked = true;
    // The landing zone's own files are rendered and read like the stacks before anything is written.
    const files = this.artifactNames.map((name) => [name, this.renderArtifact(name)] as const);
    const leaks = new ProblemReporter();
    checkArtifacts(files, leaks);
    if (leaks.problems.length > 0) throw new LandingZoneError(leaks.problems);
    for (const w of report.warnings) annotate(AnnotationMetadataEntryType.WARN, w.at, w.message);
    for (const i of report.infos) annotate(AnnotationMetadataEntryType.INFO, i.at, i.message);
    this.passed = true;
    this.writeArtifacts(outdir, files);
  }

  /**
   * Makes a plain stack run the gate before it is prepared, and write its literal strings as literals (see
   * lib/private/terraform-json.ts); LandingZoneStack does both itself, by overriding the two methods.
   *
   * Why this instance's methods are replaced: a plain `TerraformStack` is the user's own class (a city project's
   * stack holding tenants), and cdktf offers no hook for either step. `App.synth()` prepares every stack and then
   * writes each one by calling its `toTerraform()`; the only code that runs before the first stack is written is
   * `prepareStack()` of each stack (aspects and validations run per stack, while stacks are already being written),
   * and the only place where an element's content can be escaped before cdktf resolves it into the stack's JSON is
   * `toTerraform()`. Both are public methods; nothing else of cdktf is touched, and the same two calls happen on
   * cdktn 0.24 (test/core/context.test.ts and test/core/template-injection.test.ts run there through
   * scripts/cdktn-check.sh).
   */
  public attach(stack: TerraformStack): void {
    const s = stack as unknown as Record<symbol, boolean> & { prepareStack(): void; toTerraform(): unknown };
    if (s[GATED_STACK] || s[MERGES_BATCHES]) return;
    Object.defineProperty(s, GATED_STACK, { value: true });
    const prepare = stack.prepareStack.bind(stack);
    s.prepareStack = () => {
      this.gate(App.of(stack).outdir);
      prepare();
    };
    const render = stack.toTerraform.bind(stack);
    s.toTerraform = () => captureForWriter(stack, this.recordRendered(stack, renderTemplateSafe(stack, render)));
    useStackWriter(stack, (d) => this.recordWritten(stack, d));
  }

  /** Keeps what the stack writer recorded of a stack's file until the after-synth steps have run (the review index). */
  public recordWritten(stack: IConstruct, digest: StackFileDigest): void {
    if (this.passed && this.afterSynth.size > 0) this.digests.set(stack.node.path, digest);
  }

  /**
   * Keeps what a stack renders (`toTerraform()`, the object cdktf writes to `cdk.tf.json`) until the after-synth
   * steps have run, so that they read the output without parsing the files back. Returns `tf`.
   */
  public recordRendered<T>(stack: IConstruct, tf: T): T {
    if (this.passed && this.afterSynth.size > 0 && typeof tf === 'object' && tf !== null) this.rendered.set(stack.node.path, tf as Record<string, unknown>);
    return tf;
  }

  private writeArtifacts(outdir: string, files: ReadonlyArray<readonly [string, string]>): void {
    if (this.artifacts.size === 0) return;
    const dir = path.join(outdir, GOV_LZ_DIR);
    // Rendered first (by the gate), so a renderer that throws leaves no half-written folder behind.
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, content] of files) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
}
