import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { MERGES_BATCHES, ResourceBatch } from '../private/resource-batch';
import { captureForWriter, useStackWriter } from '../private/stack-writer';
import { NOT_OWN, renderTemplateSafe, resolveOwnTokens, templateSafe } from '../private/terraform-json';
import { LandingZoneContext } from './context';
import { recordDeclaration } from './declaration';
import { LandingZoneError } from './errors';
import { constructId } from './names';

/**
 * A `TerraformStack` for landing-zone constructs.
 *
 * - Runs the landing zone's synth gate before cdktf writes anything (all problems, one error, no files).
 * - Merges the plain JSON of resource batches after cdktf's own rendering instead of resolving it three
 *   times; batch content that holds tokens is still resolved.
 * - Writes every literal string as a literal: `${` and `%{` are escaped where the JSON is rendered
 *   (lib/private/terraform-json.ts), tokens stay expressions. Plain stacks of an app get the same at the gate.
 *
 * City projects can use it for their own stacks; the constructs also work in a plain `TerraformStack`.
 */
export class LandingZoneStack extends TerraformStack {
  /** Whether `x` is a LandingZoneStack (works across copies of the library). */
  public static isLandingZoneStack(x: unknown): x is LandingZoneStack {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[MERGES_BATCHES] === true;
  }

  constructor(scope: Construct, id: string) {
    super(scope, checkedStackId(scope, id));
    recordDeclaration(this);
    Object.defineProperty(this, MERGES_BATCHES, { value: true });
    useStackWriter(this, (d) => LandingZoneContext.of(this).recordWritten(this, d));
    // A second synth path (Testing.synth with validations) reports the same problems through cdktf.
    this.node.addValidation({
      validate: () =>
        LandingZoneContext.of(this)
          .problems()
          .map((p) => `[${p.code}] ${p.path}: ${p.message} (value ${JSON.stringify(p.value)}); fix: ${p.fix}`),
    });
  }

  public prepareStack(): void {
    LandingZoneContext.of(this).gate(App.of(this).outdir);
    super.prepareStack();
    // Tokens inside batches may point at other stacks; a preparing resolve registers those references.
    // Bodies whose tokens are all the library's own (expressions, literal text) reference nothing: skipped.
    for (const batch of ResourceBatch.of(this)) {
      for (const r of batch.resources) if (batch.holdsTokens(r) && resolveOwnTokens(r.body) === NOT_OWN) resolveTokens(this, r.body, true);
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformStack.toTerraform()
  public toTerraform(): any {
    const tf = renderTemplateSafe(this, () => {
      const tf = super.toTerraform();
      const blocks: Record<string, Record<string, unknown>> = (tf.resource ??= {});
      for (const batch of ResourceBatch.of(this)) {
        for (const r of batch.resources) {
          const byType = (blocks[r.type] ??= {});
          if (r.name in byType) {
            throw new Error(`${batch.node.path}: two resources share the address ${r.type}.${r.name}`);
          }
          const body = templateSafe(r.body);
          byType[r.name] = batch.holdsTokens(r) ? resolveBody(this, body) : body;
        }
      }
      if (Object.keys(blocks).length === 0) delete tf.resource;
      return tf;
    });
    return captureForWriter(this, LandingZoneContext.of(this).recordRendered(this, tf));
  }
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * Whether an id can name a stack: a folder of cdktf.out (`stacks/<id>`), a Terraform state and what `cdktf deploy` is
 * given — no whitespace or control characters, none of `/ \ : * ? " < > |` nor the glob characters `[ ] { } !`, not
 * starting with `-` or `.`, no `..`, at most 200 characters. cdktf itself would refuse whitespace and globs with a
 * plain Error and take `..` as a folder outside `stacks/`; the landing zone refuses them, with the fix, as a
 * LandingZoneError.
 */
export function isValidStackId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= 200 &&
    !/[\s/\\:*?"<>|[\]{}!]/.test(id) &&
    ![...id].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) &&
    !/^[-.]/.test(id) &&
    !id.includes('..')
  );
}

function checkedStackId(scope: Construct, id: string): string {
  // The scope, an id that is no text, a name of Object.prototype, a second stack of the id: reported by constructId.
  if (isValidStackId(id) || typeof id !== 'string') return constructId(scope, id, 'stack');
  const scopePath = (scope as Partial<Construct> | null | undefined)?.node?.path;
  throw new LandingZoneError(
    [
      {
        path: scopePath ? `${scopePath}/${String(id)}` : String(id),
        code: 'invalid-name',
        value: id,
        message: 'a stack id names a folder of cdktf.out, a Terraform state and what cdktf deploy is given: no whitespace, no / \\ : * ? " < > |, no leading - or ., no "..", at most 200 characters',
        fix: `use an id such as "${
          String(id ?? '')
            .replace(/[^A-Za-z0-9_.-]+/g, '-')
            .replace(/\.{2,}/g, '.')
            .replace(/^[-.]+|[-.]+$/g, '') || 'city'
        }"`,
      },
    ],
    'the stack could not be made',
  );
}

/** A batch body's tokens resolved: the library's own tokens directly, anything else by cdktf's resolver. */
function resolveBody(scope: LandingZoneStack, body: unknown): unknown {
  const own = resolveOwnTokens(body);
  return own === NOT_OWN ? resolveTokens(scope, body, false) : own;
}

/** Resolves tokens the way cdktf resolves element output, through the public Tokenization API. */
function resolveTokens(scope: LandingZoneStack, value: unknown, preparing: boolean): unknown {
  return Tokenization.resolve(value, { scope, preparing, resolver: RESOLVER });
}
