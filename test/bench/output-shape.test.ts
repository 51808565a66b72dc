/** bench/output-shape.ts: the bytes of an output by type and file, and the for_each estimate BENCHMARKS.md quotes. */
import * as fs from 'fs';
import * as path from 'path';
import { outputShape } from '../../bench/output-shape';
import { tmpdir } from '../helpers';

function output(resources: Record<string, Record<string, unknown>>): string {
  const dir = tmpdir('govlz-shape-');
  fs.mkdirSync(path.join(dir, 'stacks', 'a'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'stacks', 'a', 'cdk.tf.json'), JSON.stringify({ resource: resources }));
  fs.mkdirSync(path.join(dir, 'gov-lz'));
  fs.writeFileSync(path.join(dir, 'gov-lz', 'compliance.json'), JSON.stringify({ rules: [{ id: 'R1', evidence: ['x', 'y'] }] }));
  return dir;
}

const ns = (name: string, extra: Record<string, string> = {}) => ({ metadata: [{ name, labels: { tenant: name, team: 'same', ...extra } }], provider: 'kubernetes.a' });

test('resources of one type and shape become one group holding only the values that differ', () => {
  const s = outputShape(output({ kubernetes_namespace_v1: { d1: ns('d1'), d2: ns('d2'), d3: ns('d3', { extra: 'x' }) } }));
  expect(s.resources).toBe(3);
  // d3 has another leaf (a third label): a group of its own.
  expect(s.groups).toBe(2);
  expect(s.byType.get('kubernetes_namespace_v1')?.count).toBe(3);
  expect(s.forEachBytes).toBeLessThan(s.stackBytes * 1.5);
  expect(s.files).toEqual([['compliance.json', Buffer.byteLength(JSON.stringify({ rules: [{ id: 'R1', evidence: ['x', 'y'] }] }))]]);
  expect(s.evidenceBytes).toBe(Buffer.byteLength('["x","y"]'));
});

test('many departments with the same structure shrink to the template and their names', () => {
  const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`d${i}`, ns(`d${i}`)]));
  const s = outputShape(output({ kubernetes_namespace_v1: many }));
  expect(s.groups).toBe(1);
  expect(s.forEachBytes / s.stackBytes).toBeLessThan(0.5);
});
