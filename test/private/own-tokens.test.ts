import { App, DefaultTokenResolver, Fn, StringConcat, TerraformStack, TerraformVariable, Token, Tokenization } from 'cdktf';
import { expression, NOT_OWN, resolveOwnTokens, templateSafe } from '../../lib/private/terraform-json';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

function fixture() {
  const app = new App({ outdir: '/tmp/own-tokens-unused' });
  const stack = new TerraformStack(app, 's');
  const variable = new TerraformVariable(stack, 'v', { type: 'string' });
  const cdktf = (x: unknown) => Tokenization.resolve(x, { scope: stack, preparing: false, resolver: RESOLVER });
  return { stack, variable, cdktf };
}

test('own tokens resolve exactly as cdktf resolves them, before and after the writer makes text safe', () => {
  const { cdktf } = fixture();
  const bodies: unknown[] = [
    { metadata: { name: 'x', labels: { a: 'b' } }, data_wo: { password: expression('var.p["d00001"]'), url: `postgres://u:${expression('urlencode(var.p["a"])')}@h:5432/db` } },
    { list: [expression('var.a'), 'plain ${literal} text', 1, true, null, { deep: [`pre$${expression('var.b')}post`] }] },
    { text: 'no tokens at all', n: 3 },
    [expression('local.x'), `%{if} ${expression('var.y')} \${z}`],
    `${expression('var.a')}${expression('var.b')}`,
  ];
  for (const b of bodies) {
    for (const body of [b, templateSafe(b)]) {
      const own = resolveOwnTokens(body);
      expect(own).not.toBe(NOT_OWN);
      expect(JSON.stringify(own)).toBe(JSON.stringify(cdktf(body)));
    }
  }
});

test('anything but the library’s own string tokens is left to cdktf', () => {
  const { variable } = fixture();
  const cases: unknown[] = [
    { ref: variable.stringValue },
    { n: Token.asNumber(expression('var.n')) },
    { l: Token.asList(expression('var.l')) },
    { fn: Fn.upper(expression('var.u')) },
    { [expression('var.k')]: 'key token' },
    { nested: [{ x: variable.value }] },
  ];
  for (const c of cases) expect(resolveOwnTokens(c)).toBe(NOT_OWN);
});

test('nothing to resolve returns the value itself, not a copy', () => {
  const body = { a: { b: ['c', 1] }, text: '${not a token}' };
  expect(resolveOwnTokens(body)).toBe(body);
  const withToken = { keep: { same: ['x'] }, t: expression('var.t') };
  const out = resolveOwnTokens(withToken) as typeof withToken;
  expect(out.t).toBe('${var.t}');
  expect(out.keep).toBe(withToken.keep);
});
