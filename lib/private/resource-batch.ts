import { TerraformElement, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/** One resource block in Terraform JSON: `resource.<type>.<name> = body`. */
export interface BatchResource {
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Marks a stack that merges batches itself (LandingZoneStack). */
export const MERGES_BATCHES = Symbol.for('cdktf-gov-landing-zone.mergesBatches');
const IS_BATCH = Symbol.for('cdktf-gov-landing-zone.ResourceBatch');

/**
 * Many Terraform resources emitted as plain JSON by one element.
 *
 * Why: a cdktf resource construct costs a construct node, tokens with captured stack traces, and three
 * token-resolution passes over its attributes. A tenant needs about ten objects per cluster, so a province
 * of a thousand tenants would spend most of its synth there. A batch holds plain JSON built by the
 * provider's own typed mappers (lib/private/k8s.ts).
 *
 * In a {@link LandingZoneStack} the stack merges batch content into its JSON directly; content holding
 * tokens is still resolved. In any other `TerraformStack` the batch renders through cdktf's normal path
 * (slower, same JSON), so the constructs work in a city project's own stack.
 *
 * Content comes from producers run at synth, so state added after construction (grants) lands in it.
 */
export class ResourceBatch extends TerraformElement {
  public static isResourceBatch(x: unknown): x is ResourceBatch {
    return typeof x === 'object' && x !== null && IS_BATCH in x;
  }

  /** All batches whose nearest stack is `stack`, in construct-tree order. */
  public static of(stack: TerraformStack): ResourceBatch[] {
    return stack.node.findAll().filter((c): c is ResourceBatch => ResourceBatch.isResourceBatch(c) && TerraformStack.of(c) === stack);
  }

  private readonly producers: Array<() => BatchResource[]> = [];
  private frozen?: BatchResource[];
  /** Frozen resources whose body holds tokens (usually none), found once instead of on every pass. */
  private tokenized?: Set<BatchResource>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.defineProperty(this, IS_BATCH, { value: true });
  }

  /** Adds a function that returns resources at synth time. */
  public addProducer(producer: () => BatchResource[]): void {
    if (this.frozen) throw new Error(`${this.node.path}: resources were added after synthesis started`);
    this.producers.push(producer);
  }

  /** The resources, produced now (or as frozen at the start of synthesis). */
  public get resources(): readonly BatchResource[] {
    return this.frozen ?? this.produce();
  }

  /** Whether the content is fixed (synthesis has started). */
  public get isFrozen(): boolean {
    return this.frozen !== undefined;
  }

  /** Fixes the content: from here on the same objects are returned and nothing can be added. */
  public freeze(): void {
    if (!this.frozen) this.frozen = this.produce();
  }

  /** Whether a resource of this batch holds unresolved tokens (scanned once when the content is frozen). */
  public holdsTokens(r: BatchResource): boolean {
    if (!this.frozen) return containsTokens(r.body);
    this.tokenized ??= new Set(this.frozen.filter((x) => containsTokens(x.body)));
    return this.tokenized.has(r);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformElement.toTerraform()
  public toTerraform(): any {
    const stack = TerraformStack.of(this) as unknown as Record<symbol, unknown>;
    if (stack[MERGES_BATCHES] === true) return {};
    return toResourceBlock(this.resources);
  }

  private produce(): BatchResource[] {
    const out: BatchResource[] = [];
    for (const p of this.producers) out.push(...p());
    return out;
  }
}

/** `{ resource: { type: { name: body } } }` for a list of resources. */
export function toResourceBlock(resources: readonly BatchResource[]): { resource?: Record<string, Record<string, unknown>> } {
  if (resources.length === 0) return {};
  const resource: Record<string, Record<string, unknown>> = {};
  for (const r of resources) (resource[r.type] ??= {})[r.name] = r.body;
  return { resource };
}

/** Whether a plain value holds any unresolved cdktf token (string, number, list or object token). */
export function containsTokens(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('TfToken[') && Token.isUnresolved(value);
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    // A list token is a one-element array holding a marked string or number.
    if (value.length === 1) {
      const x: unknown = value[0];
      if (((typeof x === 'string' && x.includes('TfToken[')) || typeof x === 'number') && Token.isUnresolved(value)) return true;
    }
    for (let i = 0; i < value.length; i++) if (containsTokens(value[i])) return true;
    return false;
  }
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return true;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // A map token (Token.asStringMap) is an object whose key is the token.
  for (let i = 0; i < keys.length; i++) if (keys[i].includes('TfToken[') || containsTokens(obj[keys[i]])) return true;
  return false;
}

/** Finds the batch a construct should add to, creating it under `scope` with `id` on first use. */
export function batchFor(scope: IConstruct, id = 'Resources'): ResourceBatch {
  const existing = scope.node.tryFindChild(id);
  if (existing && ResourceBatch.isResourceBatch(existing)) return existing;
  return new ResourceBatch(scope as Construct, id);
}
