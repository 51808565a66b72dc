import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformOutput, Testing } from 'cdktf';
import fc from 'fast-check';
// cdktf 0.21 writes cdk.tf.json with json-stable-stringify 1.3.0 (a devDependency here, pinned to cdktf's).
import stableStringify from 'json-stable-stringify';
import { LandingZoneStack } from '../../lib';
import { bodyDigest, stackJsonText, writeStackJson } from '../../lib/private/stack-writer';
import { tmpdir } from '../helpers';

const cdktfText = (v: unknown) => stableStringify(v, { space: 2 });

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '1', '10', '9', '-1', '__proto_', '//', 'a', 'B', '中', '𝌆', ''));
const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constantFrom('${x}', '$${y}', '"\\\n\u2028\ud800'));
const value = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
})).tree;

test('writes what cdktf 0.21 writes, byte for byte: sorted keys, undefined left out or null, empty brackets on two lines', () => {
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (v) => {
      expect(stackJsonText(v)).toBe(cdktfText(v));
    }),
    { numRuns: 500, seed: 22 },
  );
  const special = { b: [], a: {}, c: [undefined, () => 1, { toJSON: () => ({ z: 1, y: [] }) }], d: undefined, e: Symbol('s'), f: new Date(0), 10: 1, 9: 2 };
  expect(stackJsonText(special)).toBe(cdktfText(special));
  expect(JSON.parse(stackJsonText(special))).toEqual(JSON.parse(JSON.stringify(special)));
});

test('what the writer records for the review index: the file sha256 and size, each body digest as written, move blocks', () => {
  const dir = tmpdir('stack-writer-digest');
  const file = path.join(dir, 'cdk.tf.json');
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('kubernetes_manifest', 'kubernetes_namespace_v1', 'a'), fc.dictionary(key, fc.dictionary(key, value, { maxKeys: 3 }), { maxKeys: 3 }), { maxKeys: 3 }),
      (resource) => {
        const tf = { resource, import: [{ to: 'a.x', id: 'ns/x' }], removed: { from: 'a.y', lifecycle: { destroy: false } }, output: { o: { value: 1 } } };
        const d = writeStackJson(file, tf);
        const bytes = fs.readFileSync(file);
        expect(bytes.toString('utf8')).toBe(cdktfText(tf));
        expect(d.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(d.size).toBe(bytes.length);
        const parsed = JSON.parse(bytes.toString('utf8')) as { resource?: Record<string, Record<string, unknown>> };
        // Each body's digest is the hash of its text as written at its depth (three levels in: six more spaces a line).
        const expected = Object.keys(parsed.resource ?? {})
          .sort()
          .map((t) => [
            t,
            Object.keys(parsed.resource![t])
              .sort()
              .map((n) => [n, bodyDigest(stackJsonText(resource[t][n]).replace(/\n/g, '\n      '))]),
          ]);
        expect(d.resources.map(([t, rs]) => [t, rs.map(([n, digest]) => [n, digest])])).toEqual(expected);
        // Each body lies where the writer says, in bytes.
        for (const [t, rs] of d.resources) {
          for (const [n, digest, , , offset, length] of rs) {
            const text = bytes.subarray(offset, offset + length).toString('utf8');
            expect(bodyDigest(text)).toBe(digest);
            expect(JSON.parse(text)).toEqual(parsed.resource![t][n]);
          }
        }
        expect([...d.imports]).toEqual([['a.x', 'ns/x']]);
        expect([...d.removed]).toEqual([['a.y', false]]);
        expect(d.outputs).toEqual(['o']);
      },
    ),
    { numRuns: 200, seed: 22 },
  );
  // A manifest's class: what classifies it for the review, as the file holds it.
  const d = writeStackJson(file, {
    resource: { kubernetes_manifest: { db: { manifest: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Database', spec: { databaseReclaimPolicy: 'retain', name: 'x' } }, provider: 'kubernetes.a' } } },
  });
  expect(d.resources[0][1][0]).toEqual([
    'db',
    expect.any(String),
    'kubernetes.a',
    { manifest: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Database', spec: { databaseReclaimPolicy: 'retain' } } },
    expect.any(Number),
    expect.any(Number),
  ]);
});

test('a value larger than one write chunk is written whole; a cycle is refused as JSON.stringify refuses it', () => {
  const dir = tmpdir('stack-writer');
  const big = { resource: Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`r${i}`, { name: `n-${i}`, text: 'x'.repeat(80), list: [i, {}] }])) };
  const file = path.join(dir, 'big.json');
  writeStackJson(file, big);
  expect(fs.readFileSync(file, 'utf8')).toBe(cdktfText(big));
  // Bodies over many write chunks (non-ASCII text too) are found where the writer says.
  const many = { resource: { t: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`r${i}`, { text: `政务${i}`.repeat(40), n: i }])) } };
  const d = writeStackJson(file, many);
  const bytes = fs.readFileSync(file);
  for (const [n, digest, , , offset, length] of d.resources[0][1]) {
    expect(bodyDigest(bytes.subarray(offset, offset + length).toString('utf8'))).toBe(digest);
    expect(JSON.parse(bytes.subarray(offset, offset + length).toString('utf8'))).toEqual(many.resource.t[n]);
  }
  expect(bytes.length).toBeGreaterThan(2 << 20);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  expect(() => stackJsonText(cyclic)).toThrow(/circular/);
});

test('a landing-zone stack is written by the writer (on cdktn 0.24 too, whose own writer prints empty brackets as [])', () => {
  const outdir = tmpdir('stack-writer-app');
  const app = new App({ outdir });
  const lz = new LandingZoneStack(app, 'lz');
  new TerraformOutput(lz, 'o', { value: { b: [], a: 'x ${y}' } });
  app.synth();
  const written = fs.readFileSync(path.join(outdir, 'stacks', 'lz', 'cdk.tf.json'), 'utf8');
  expect(written).toBe(cdktfText(lz.toTerraform()));
  expect(JSON.parse(written).output.o.value).toEqual({ a: 'x $${y}', b: [] });
  // Testing.fullSynth goes through the stack's synthesizer too.
  const full = Testing.fullSynth(lz);
  expect(fs.readFileSync(path.join(full, 'stacks', 'lz', 'cdk.tf.json'), 'utf8')).toBe(written);
});

test('a stack that fails (validation error, or HCL output, which the landing zone refuses) writes no cdk.tf.json', () => {
  const hcl = tmpdir('stack-writer-hcl');
  const app = new App({ outdir: hcl, hclOutput: true });
  new TerraformOutput(new LandingZoneStack(app, 'lz'), 'o', { value: 'v' });
  expect(() => app.synth()).toThrow(/hclOutput/);
  expect(fs.existsSync(path.join(hcl, 'stacks', 'lz', 'cdk.tf.json'))).toBe(false);

  const bad = tmpdir('stack-writer-error');
  const app2 = new App({ outdir: bad });
  const s = new LandingZoneStack(app2, 'lz');
  s.node.addValidation({ validate: () => ['broken on purpose'] });
  expect(() => app2.synth()).toThrow(/broken on purpose/);
  expect(fs.existsSync(path.join(bad, 'stacks', 'lz', 'cdk.tf.json'))).toBe(false);
});
