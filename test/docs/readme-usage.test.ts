/**
 * The README's code is what a new user copies first: its Usage program synthesizes as written (only the
 * package import is pointed at lib/ and the output folder at a temporary one), and so does the Usage program
 * with the Shared middleware snippet added.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { listFiles, tmpdir } from '../helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The first ```ts block after a heading. */
function block(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading ${heading}`);
  return /```ts\n([\s\S]*?)\n```/.exec(README.slice(at))![1];
}

/** Runs a README program against lib/, writing into a temporary folder; returns that folder. */
function run(source: string): string {
  const outdir = path.join(tmpdir('govlz-readme-'), 'cdktf.out');
  expect(source).toContain('new App()');
  const program = source.replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const lib = path.join(ROOT, 'lib');
  const req = (id: string) => require(id === 'cdktf-gov-landing-zone' ? lib : id);
  new Function('require', 'exports', js)(req, {});
  return outdir;
}

test('the Usage program synthesizes as written', () => {
  const out = run(block('## Usage'));
  expect(listFiles(path.join(out, 'stacks'))).toEqual(
    ['zj-health', 'zj-hub', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core'].map((s) => `${s}/cdk.tf.json`),
  );
  const inventory = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz', 'inventory.json'), 'utf8'));
  expect(inventory.provinces[0].tenants.map((t: { code: string }) => t.code)).toEqual(['wjw']);
});

test('the Usage program with the Shared middleware snippet synthesizes, and its PostgreSQL grant meets the objective', () => {
  const usage = block('## Usage');
  // The snippet's other departments, declared as the Usage program declares wjw (a constant the snippet uses).
  const tenants = [
    "const jkm = health.addTenant('jkm', { displayName: '省疾病预防控制中心', quota: { cpu: 8, memoryGi: 32 } });",
    "const dsj = health.addTenant('dsj', { displayName: '省大数据发展管理局', quota: { cpu: 8, memoryGi: 32 } });",
  ].join('\n');
  const middleware = block('## Shared middleware');
  const out = run(usage.replace('app.synth();', `${tenants}\n${middleware}\napp.synth();`));
  const inventory = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz', 'inventory.json'), 'utf8'));
  expect(inventory.provinces[0].middleware.offerings.map((o: { name: string; grants: string[] }) => `${o.name}: ${o.grants.join(',')}`)).toEqual([
    'kafka: dsj',
    'postgres: wjw',
    'redis: jkm',
  ]);
  const wjw = inventory.provinces[0].recovery.tenants.find((t: { tenant: string }) => t.tenant === 'wjw');
  // The WAL archive at the DR centre bounds the loss: the default archive timeout (120 s) plus the upload (30 s).
  expect(wjw).toMatchObject({ meets: true, achievable: { rpoMinutes: 2.5 } });
});
