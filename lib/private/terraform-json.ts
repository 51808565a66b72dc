/**
 * The one place where landing-zone strings become Terraform JSON.
 *
 * Every string in Terraform JSON, object keys included, is a template: `${…}` and `%{…}` in a department's
 * display name would be evaluated at plan time. Literal text is therefore escaped (`$${`, `%%{`) right before a
 * stack's JSON is rendered, for everything the stack writes: resource batches, cdktf resources, providers,
 * outputs, locals, variables, backends, overrides. What is meant to be an expression is a cdktf token (a
 * reference, a variable, {@link expression}); tokens are kept as they are, so they stay expressions by
 * construction and nothing else can become one.
 */
import { IResolvable, IResolveContext, TerraformElement, TerraformStack, Token, Tokenization } from 'cdktf';

/** A string token marker as cdktf encodes tokens inside strings. */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** Any token marker (string, list or map). */
const ANY_TOKEN = /[$#&]\{TfToken\[[a-zA-Z0-9:._-]+\]\}/;

/** `text` as a Terraform template that reads back as `text`: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Whether a string holds a template sequence (`${` or `%{`) that Terraform would evaluate. */
export function holdsTemplate(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}

/** Whether a string carries a cdktf token marker (a token, or text forged to look like one). */
export function holdsTokenMarker(text: string): boolean {
  return ANY_TOKEN.test(text);
}

/** A token that renders fixed Terraform text. */
class Rendered implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly text: string) {}
  public resolve(): string {
    return this.text;
  }
  public toString(): string {
    return Token.asString(this);
  }
}

/** An HCL expression written by the library; see {@link expression}. */
class HclExpression implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(public readonly hcl: string) {}
  public resolve(context: IResolveContext): string {
    // Inside another expression (a cdktf function call), the braces are the outer expression's.
    return context.suppressBraces ? this.hcl : `\${${this.hcl}}`;
  }
  public toString(): string {
    return Token.asString(this);
  }
}

const IS_EXPRESSION = (x: unknown): x is HclExpression => x instanceof HclExpression;

/** Inside a string that holds tokens, a literal `${`: cdktf would read a raw one as the start of an expression. */
const LITERAL_INTERPOLATION = Token.asString(new Rendered('$${'));
/** A literal `$` right before a token: `$` + `${ref}` would read as the escape `$${`. */
const LITERAL_DOLLAR = Token.asString(new Rendered('${"$"}'));

/**
 * A string token for an HCL expression the library itself writes (a variable lookup, a postcondition):
 * `expression('var.x["a"]')` renders `${var.x["a"]}`. Literal values inside `hcl` must be HCL string
 * literals with their own escaping ({@link hclString}).
 */
export function expression(hcl: string): string {
  return Token.asString(new HclExpression(hcl));
}

/** An HCL string literal for use inside an expression: JSON's escapes are HCL's; template sequences are escaped. */
export function hclString(value: unknown): string {
  return escapeTemplate(JSON.stringify(value));
}

/**
 * A token whose value is literal data produced at synth (the hub's contract output, postconditions whose
 * expressions are {@link expression} tokens): its strings are made safe like any other literal.
 */
export function lazyLiteral(produce: () => unknown): IResolvable {
  return new (class implements IResolvable {
    public readonly creationStack: string[] = [];
    public resolve(): unknown {
      return templateSafe(produce());
    }
    public toString(): string {
      return Token.asString(this);
    }
  })();
}

/**
 * `value` with every literal string (and object key) escaped, tokens left as they are. Returns `value` itself
 * when nothing needs escaping, so plain batch content is not copied.
 */
export function templateSafe<T>(value: T): T {
  if (typeof value === 'string') return safeString(value) as unknown as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = templateSafe(v);
      if (s !== v && !out) out = value.slice(0, i);
      if (out) out.push(s);
    }
    return (out ?? value) as unknown as T;
  }
  // A token (reference, variable, expression, Lazy) is an expression by construction.
  if (Tokenization.isResolvable(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const src = value as Record<string, unknown>;
  const keys = Object.keys(src);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = src[k];
    const sk = safeString(k);
    const sv = templateSafe(v);
    if (!out && (sk !== k || sv !== v)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = src[keys[j]];
    }
    if (out) out[sk] = sv;
  }
  return (out ?? value) as unknown as T;
}

/** The token a marker stands for; undefined when none is registered under it (cdktf throws then). */
function registeredToken(marker: string): IResolvable | undefined {
  try {
    const f = Tokenization.reverseString(marker);
    return f.tokens.length === 1 ? f.firstToken : undefined;
  } catch {
    return undefined;
  }
}

function safeString(s: string): string {
  if (!s.includes('{')) return s;
  if (!s.includes('TfToken[')) return escapeTemplate(s);
  // A marker no token is registered under is text that merely looks like one: it stays literal.
  const tokens = [...s.matchAll(STRING_TOKEN)].filter((m) => registeredToken(m[0]) !== undefined);
  if (tokens.length === 0) return escapeTemplate(s);
  let out = '';
  let last = 0;
  for (const m of tokens) {
    out += literalPart(s.slice(last, m.index!), true) + m[0];
    last = m.index! + m[0].length;
  }
  return out + literalPart(s.slice(last), false);
}

/** Literal text between tokens: no raw `${` (cdktf's own escape syntax), `%{` doubled, a `$` before a token kept apart. */
function literalPart(text: string, beforeToken: boolean): string {
  let t = text
    .split('${')
    .join(LITERAL_INTERPOLATION)
    .replace(/%\{/g, () => '%%{');
  if (beforeToken && t.endsWith('$')) t = t.slice(0, -1) + LITERAL_DOLLAR;
  return t;
}

/**
 * Text for digests: the expressions of {@link expression} tokens in place of their markers, so a digest does
 * not depend on the order tokens were created in.
 */
export function canonicalText(s: string): string {
  if (!s.includes('TfToken[')) return s;
  return s.replace(STRING_TOKEN, (marker) => {
    const t = registeredToken(marker);
    return IS_EXPRESSION(t) ? `\${${t.hcl}}` : marker;
  });
}

/** A value {@link resolveOwnTokens} cannot resolve itself: cdktf's resolver takes it. */
export const NOT_OWN = Symbol('not-own-tokens');

const markerCache = new Map<string, IResolvable | undefined>();

/** The text an own token renders outside any function call: an {@link expression}, or literal text the writer made. */
function ownTokenText(marker: string): string | undefined {
  let t = markerCache.get(marker);
  if (t === undefined && !markerCache.has(marker)) markerCache.set(marker, (t = registeredToken(marker)));
  if (IS_EXPRESSION(t)) return `\${${t.hcl}}`;
  if (t instanceof Rendered) return t.resolve();
  return undefined;
}

/**
 * `value` with its tokens resolved, when every token in it is one the library renders itself — an {@link expression}
 * (a variable lookup, a password reference) or the literal text {@link templateSafe} puts around tokens — and every
 * token sits inside a string; {@link NOT_OWN} otherwise (a reference to another resource, a list, map or number token,
 * a token object), for cdktf's resolver. Resolving these strings is concatenating their parts, which is what cdktf's
 * resolver does with them too, at a small fraction of its cost per call (test/private/own-tokens.test.ts compares the
 * two). Returns `value` itself where nothing changes.
 */
export function resolveOwnTokens(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes('TfToken[')) return value;
    let out = '';
    let last = 0;
    for (const m of value.matchAll(STRING_TOKEN)) {
      const text = ownTokenText(m[0]);
      const literal = value.slice(last, m.index!);
      if (text === undefined || holdsTokenMarker(literal)) return NOT_OWN;
      out += literal + text;
      last = m.index! + m[0].length;
    }
    const rest = value.slice(last);
    return holdsTokenMarker(rest) ? NOT_OWN : out + rest;
  }
  if (typeof value === 'number') return Token.isUnresolved(value) ? NOT_OWN : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const r = resolveOwnTokens(v);
      if (r === NOT_OWN) return NOT_OWN;
      if (r !== v && !out) out = value.slice(0, i);
      if (out) out.push(r);
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(value)) return NOT_OWN;
  const src = value as Record<string, unknown>;
  const keys = Object.keys(src);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k.includes('TfToken[')) return NOT_OWN;
    const v = src[k];
    const r = resolveOwnTokens(v);
    if (r === NOT_OWN) return NOT_OWN;
    if (!out && r !== v) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = src[keys[j]];
    }
    if (out) out[k] = r;
  }
  return out ?? value;
}

const SHADOWED = Symbol.for('cdktf-gov-landing-zone.templateSafeRender');

/**
 * Renders a stack's Terraform JSON with every literal string escaped: while `render` runs (cdktf's
 * `toTerraform`), each element of the stack hands cdktf its content made {@link templateSafe}, and so do
 * the stack's own overrides. Nothing is changed outside the call.
 *
 * Why elements are shadowed for the duration of the call: `TerraformStack.toTerraform()` takes each element's
 * `toTerraform()` and resolves it into the stack's JSON in one step; cdktf offers no hook between an element's
 * content (where a token and literal `${` text can still be told apart) and its resolution (after which they cannot),
 * and the providers' resource classes are not ours to subclass. Each element's method is shadowed on the instance
 * while the stack renders and restored in `finally`; the stack's overrides likewise. test/core/template-injection.test.ts
 * proves it on cdktf and, through scripts/cdktn-check.sh, on cdktn 0.24.
 */
export function renderTemplateSafe<T>(stack: TerraformStack, render: () => T): T {
  const s = stack as unknown as Record<symbol, boolean>;
  // A stack rendered inside another render (nested calls) is already being made safe.
  if (s[SHADOWED]) return render();
  const restore: Array<() => void> = [];
  for (const c of stack.node.findAll()) {
    if (!TerraformElement.isTerraformElement(c) || TerraformStack.of(c) !== stack) continue;
    const el = c as unknown as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(el, 'toTerraform');
    const original = el.toTerraform as () => unknown;
    Object.defineProperty(el, 'toTerraform', { configurable: true, writable: true, value: () => templateSafe(original.call(el)) });
    restore.push(() => {
      if (own) Object.defineProperty(el, 'toTerraform', own);
      else delete el.toTerraform;
    });
  }
  const st = stack as unknown as { rawOverrides?: unknown };
  if (st.rawOverrides && typeof st.rawOverrides === 'object') {
    const overrides = st.rawOverrides;
    st.rawOverrides = templateSafe(overrides);
    restore.push(() => (st.rawOverrides = overrides));
  }
  Object.defineProperty(s, SHADOWED, { value: true, configurable: true });
  try {
    return render();
  } finally {
    delete s[SHADOWED];
    for (const r of restore) r();
  }
}
