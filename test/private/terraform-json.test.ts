import { App, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneStack } from '../../lib';
import { digestNumber } from '../../lib/private/stable-json';
import { canonicalText, escapeTemplate, expression, lazyLiteral, renderTemplateSafe, templateSafe } from '../../lib/private/terraform-json';
import { tmpdir } from '../helpers';

/** A stack's JSON, rendered by cdktf (tokens resolved). */
function render(stack: TerraformStack): any {
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

describe('escapeTemplate', () => {
  test('doubles the start of every template sequence and nothing else', () => {
    expect(escapeTemplate('a ${file("/etc/hostname")} %{ if x }b%{ endif } $ % { }')).toBe('a $${file("/etc/hostname")} %%{ if x }b%%{ endif } $ % { }');
    expect(escapeTemplate('$${already}')).toBe('$$${already}');
    expect(escapeTemplate('plain')).toBe('plain');
  });
});

describe('templateSafe', () => {
  test('escapes values and keys, at every depth, and returns unchanged content itself', () => {
    const plain = { metadata: [{ labels: { a: 'b' } }], list: ['x', 1, true, null] };
    expect(templateSafe(plain)).toBe(plain);
    expect(templateSafe({ '${k}': ['%{v}', { deep: '${d}' }] })).toEqual({ '$${k}': ['%%{v}', { deep: '$${d}' }] });
  });

  test('keeps tokens as expressions and makes the literal text around them literal', () => {
    const app = new App({ outdir: tmpdir() });
    const stack = new LandingZoneStack(app, 's');
    const ref = expression('var.x["a"]');
    new TerraformOutput(stack, 'o', { value: { mixed: `\${lit} ${ref} %{lit}`, dollarBefore: `cost: $${ref}`, alone: ref, [`key-${ref}`]: 1 } });
    const out = render(stack).output.o.value;
    expect(out.mixed).toBe('$${lit} ${var.x["a"]} %%{lit}');
    // `$` followed by `${ref}` would read as the escape `$${`: the dollar is written as an expression of its own.
    expect(out.dollarBefore).toBe('cost: ${"$"}${var.x["a"]}');
    expect(out.alone).toBe('${var.x["a"]}');
    expect(out['key-${var.x["a"]}']).toBe(1);
  });

  test('text shaped like a token marker that no token is registered under stays literal', () => {
    expect(templateSafe('${TfToken[TOKEN.999999999]}')).toBe('$${TfToken[TOKEN.999999999]}');
  });

  test('lazyLiteral content is literal, expressions inside it stay expressions', () => {
    const app = new App({ outdir: tmpdir() });
    const stack = new LandingZoneStack(app, 's');
    new TerraformOutput(stack, 'o', { value: lazyLiteral(() => ({ name: 'a ${b}', cond: expression('1 == 1') })) });
    expect(render(stack).output.o.value).toEqual({ name: 'a $${b}', cond: '${1 == 1}' });
  });
});

describe('renderTemplateSafe', () => {
  test('escapes cdktf-rendered elements and stack overrides of a plain stack, and restores them after', () => {
    const app = new App({ outdir: tmpdir() });
    const stack = new TerraformStack(app, 'plain');
    const out = new TerraformOutput(stack, 'o', { value: 'x ${y}' });
    stack.addOverride('locals.l', '%{z}');
    const tf = JSON.parse(JSON.stringify(renderTemplateSafe(stack, () => stack.toTerraform())));
    expect(tf.output.o.value).toBe('x $${y}');
    expect(tf.locals.l).toBe('%%{z}');
    // Outside the render nothing is changed: cdktf's own rendering is as before.
    expect(Object.prototype.hasOwnProperty.call(out, 'toTerraform')).toBe(false);
    expect(JSON.parse(JSON.stringify(stack.toTerraform())).output.o.value).toBe('x ${y}');
  });

  test('a plain stack of an app with a landing zone is rendered safe at synth', () => {
    const app = new App({ outdir: tmpdir() });
    new LandingZoneStack(app, 'lz');
    const mine = new TerraformStack(app, 'mine');
    new TerraformOutput(mine, 'o', { value: '${file("/etc/hostname")}' });
    app.synth();
    const doc = require('fs').readFileSync(`${app.outdir}/stacks/mine/cdk.tf.json`, 'utf8');
    expect(JSON.parse(doc).output.o.value).toBe('$${file("/etc/hostname")}');
  });
});

describe('expression digests', () => {
  test('a digest reads the expression, not the token number', () => {
    const a = expression('var.p["x"]');
    new Construct(new App(), 'unrelated');
    Token.asString({ resolve: () => 'other', creationStack: [] });
    const b = expression('var.p["x"]');
    expect(a).not.toBe(b);
    expect(canonicalText(`p=${a}`)).toBe('p=${var.p["x"]}');
    expect(digestNumber({ v: a })).toBe(digestNumber({ v: b }));
  });
});
