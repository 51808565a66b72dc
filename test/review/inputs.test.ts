import * as fs from 'fs';
import * as path from 'path';
import { readSynthOutput, ReviewInputError } from '../../lib/review';
import { tmpdir } from '../helpers';
import { synthDemo } from './fixtures';

let demo: string;
beforeAll(() => {
  demo = synthDemo();
});

test('reads every stack, the inventory and the compliance report from a real synth of the demo', () => {
  const out = readSynthOutput(demo, 'cdktf.out');
  expect(out.dir).toBe('cdktf.out');
  expect([...out.stacks.keys()]).toEqual([
    'zj-education',
    'zj-egov',
    'zj-failover-hz-a-core',
    'zj-failover-hz-b-core',
    'zj-health',
    'zj-hub',
    'zj-platform-ali-burst',
    'zj-platform-hz-a-core',
    'zj-platform-hz-b-core',
  ]);
  // The counts the inventory states match the resources read from the stack files.
  for (const s of out.inventory!.stacks!) expect({ stack: s.name, n: out.stacks.get(s.name)!.resources.size }).toEqual({ stack: s.name, n: s.resources });
  expect(out.stacks.get('zj-hub')!.dependsOn).toEqual(['zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core']);
  const ns = out.stacks.get('zj-health')!.resources.get('kubernetes_namespace_v1.wjw--hz-a-core')!;
  expect(ns.provider).toBe('kubernetes.hz-a-core');
  // The hub's MLPS level 3 pack: no error (synth stops first), the demo's warnings.
  expect(out.compliance).toMatchObject({ schemaVersion: 3, pack: 'MLPS3', summary: { errors: 0, warnings: 27, suppressed: 99 } });
  expect(out.compliance!.rules).toHaveLength(57);
});

function copyOf(dir: string): string {
  const to = path.join(tmpdir(), 'cdktf.out');
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

test('names the problem when the folder is missing, is not a cdktf output, or holds bad JSON', () => {
  expect(() => readSynthOutput('/nonexistent/cdktf.out')).toThrow(/\/nonexistent\/cdktf.out is not a folder; pass the output folder of `cdktf synth`/);
  expect(() => readSynthOutput(tmpdir())).toThrow(/has no manifest.json: is it the output folder of `cdktf synth`\?/);
  const broken = copyOf(demo);
  fs.writeFileSync(path.join(broken, 'stacks', 'zj-hub', 'cdk.tf.json'), '{ not json');
  expect(() => readSynthOutput(broken)).toThrow(ReviewInputError);
  expect(() => readSynthOutput(broken)).toThrow(/stack zj-hub .*cdk.tf.json is not valid JSON/);
});

test('refuses an inventory or compliance report of an unknown format version', () => {
  const out = copyOf(demo);
  const file = path.join(out, 'gov-lz', 'inventory.json');
  const inv = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...inv, schemaVersion: 2 }));
  expect(() => readSynthOutput(out)).toThrow(/inventory.json has schemaVersion 2; this review reads version 1/);
  fs.writeFileSync(file, JSON.stringify(inv));
  fs.writeFileSync(path.join(out, 'gov-lz', 'compliance.json'), JSON.stringify({ schemaVersion: 9 }));
  expect(() => readSynthOutput(out)).toThrow(/compliance.json has schemaVersion 9/);
});

test('an output without gov-lz/ (any cdktf app) is still read: stacks only', () => {
  const out = copyOf(demo);
  fs.rmSync(path.join(out, 'gov-lz'), { recursive: true });
  const read = readSynthOutput(out);
  expect(read.inventory).toBeUndefined();
  expect(read.stacks.size).toBe(9);
});
