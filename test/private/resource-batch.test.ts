import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { LandingZoneStack } from '../../lib';
import { batchFor, containsTokens, ResourceBatch } from '../../lib/private/resource-batch';
import { newApp, stackJson } from '../helpers';

describe('containsTokens', () => {
  const app = newApp();
  const stack = new TerraformStack(app, 's');
  const v = new TerraformVariable(stack, 'v', { type: 'map(string)' });

  test('finds string, number, list and map tokens at any depth, and resolvable objects', () => {
    expect(containsTokens({ a: [{ b: `x-${v.stringValue}` }] })).toBe(true);
    expect(containsTokens({ a: { n: v.numberValue } })).toBe(true);
    expect(containsTokens({ a: v.listValue })).toBe(true);
    expect(containsTokens({ a: Token.asNumberList(v.value) })).toBe(true);
    expect(containsTokens({ labels: Token.asStringMap(v.value) })).toBe(true);
    expect(containsTokens({ a: { deep: v.value } })).toBe(true);
  });

  test('is false for plain JSON, including text that merely mentions a token', () => {
    expect(containsTokens({ a: [1, 'two', { b: null, c: true }], d: {} })).toBe(false);
    expect(containsTokens({ note: 'TfToken[ is how cdktf marks tokens' })).toBe(false);
  });
});

describe('a frozen batch', () => {
  test('reports which resources hold tokens, scanning its content once', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    const v = new TerraformVariable(s, 'size', { type: 'number' });
    const batch = batchFor(s);
    batch.addProducer(() => [
      { type: 'terraform_data', name: 'plain', body: { input: 1 } },
      { type: 'terraform_data', name: 'tok', body: { input: v.numberValue } },
    ]);
    expect(batch.isFrozen).toBe(false);
    batch.freeze();
    expect(batch.isFrozen).toBe(true);
    const [plain, tok] = batch.resources;
    expect([batch.holdsTokens(plain), batch.holdsTokens(tok)]).toEqual([false, true]);
    app.synth();
    expect(stackJson(app, 's').resource.terraform_data).toEqual({ plain: { input: 1 }, tok: { input: '${var.size}' } });
  });

  test('resolves map and list tokens in a body (a map token sits in a key, a list token in a one-element list)', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    const m = new TerraformVariable(s, 'labels', { type: 'map(string)' });
    const l = new TerraformVariable(s, 'groups', { type: 'list(string)' });
    batchFor(s).addProducer(() => [
      { type: 'terraform_data', name: 'm', body: { input: Token.asStringMap(m.value) } },
      { type: 'terraform_data', name: 'l', body: { input: { groups: l.listValue, ports: Token.asNumberList(l.value) } } },
    ]);
    app.synth();
    const r = stackJson(app, 's').resource.terraform_data;
    expect(r.m.input).toBe('${var.labels}');
    expect(r.l.input).toEqual({ groups: '${var.groups}', ports: '${var.groups}' });
    expect(ResourceBatch.of(s)).toHaveLength(1);
  });
});
