/**
 * Every TypeScript snippet of the README and docs/ synthesizes against the library (see test/docs/snippets.ts for how
 * a snippet names what it continues; dates move relative to today so that suppressions never expire in the docs), what
 * the named snippets say they produce is what they produce, and the review excerpt is real output. A province synth
 * per snippet: in the integration suite (test/integration-suites.js).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { buildReview, readSynthOutput, renderMarkdown } from '../../lib/review';
import { listFiles, tmpdir } from '../helpers';
import { synthDemo } from '../review/fixtures';
import { datesFrom, documents, program, Snippet, snippets } from './snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const ALL = documents().flatMap(snippets);
const TS = ALL.filter((s) => s.lang === 'ts');
const TODAY = new Date();
const name = (s: Snippet) => `${s.file}:${s.line}${s.id ? ` (${s.id})` : ''}`;
const source = (s: Snippet) => program(s, datesFrom(s.code, TODAY));

/** Runs a snippet against lib/ in a folder of its own (with the demo's published contract); returns its output folder. */
function run(s: Snippet): string {
  const dir = tmpdir('govlz-snippet-');
  fs.copyFileSync(path.join(ROOT, 'examples', 'city', 'zj-hub.json'), path.join(dir, 'zj-hub.json'));
  const outdir = path.join(dir, 'cdktf.out');
  const js = ts.transpileModule(source(s), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const req = (id: string) => require(id === 'cdktf-gov-landing-zone' ? path.join(ROOT, 'lib') : id);
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    new Function('require', 'exports', 'module', '__dirname', '__filename', js)(req, {}, { exports: {} }, dir, path.join(dir, 'main.ts'));
  } catch (e) {
    throw new Error(`${name(s)} failed:\n${(e as Error).message}`, { cause: e });
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
  }
  return outdir;
}

const outputs = new Map<Snippet, string>();
describe.each(TS.map((s) => [name(s), s] as const))('%s', (_, s) => {
  test('synthesizes', () => {
    const out = run(s);
    outputs.set(s, out);
    expect(listFiles(path.join(out, 'stacks')).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(out, 'gov-lz', 'inventory.json'))).toBe(true);
  });
});

const byId = (id: string) => {
  const s = TS.find((x) => x.id === id)!;
  return JSON.parse(fs.readFileSync(path.join(outputs.get(s) ?? run(s), 'gov-lz', 'inventory.json'), 'utf8'));
};

test('the README Usage program gives the stacks and tenant it shows', () => {
  const s = TS.find((x) => x.id === 'usage')!;
  expect(s.file).toBe('README.md');
  expect(listFiles(path.join(outputs.get(s) ?? run(s), 'stacks'))).toEqual(
    ['zj-failover-hz-a-core', 'zj-failover-hz-b-core', 'zj-health', 'zj-hub', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core'].map((x) => `${x}/cdk.tf.json`),
  );
  expect(byId('usage').provinces[0].tenants.map((t: { code: string }) => t.code)).toEqual(['wjw']);
});

test('the middleware snippet grants the three offerings, and its PostgreSQL grant meets the objective', () => {
  const inventory = byId('middleware');
  expect(inventory.provinces[0].middleware.offerings.map((o: { name: string; grants: string[] }) => `${o.name}: ${o.grants.join(',')}`)).toEqual(['kafka: dsj', 'postgres: wjw', 'redis: jkm']);
  const wjw = inventory.provinces[0].recovery.tenants.find((t: { tenant: string }) => t.tenant === 'wjw');
  // The WAL archive at the DR centre bounds the loss: the default archive timeout (120 s) plus the upload (30 s).
  expect(wjw).toMatchObject({ meets: true, achievable: { rpoMinutes: 2.5 } });
});

test('the compliance snippet: its suppression and disabled rule hold (dates moved to after today) and are reported', () => {
  const s = TS.find((x) => x.id === 'compliance')!;
  const doc = JSON.parse(fs.readFileSync(path.join(outputs.get(s) ?? run(s), 'gov-lz', 'compliance.json'), 'utf8'));
  expect(doc.suppressions.map((x: { ruleId: string; matched: number }) => `${x.ruleId} ${x.matched}`)).toEqual(['MLPS3-28 1']);
  expect(doc.disabledRules.map((x: { ruleId: string }) => x.ruleId)).toEqual(['MLPS3-27']);
  expect(doc.severityOverrides.map((x: { ruleId: string; severity: string }) => `${x.ruleId} ${x.severity}`)).toEqual(['MLPS3-9 error']);
});

test('every line of the review excerpt is in the review of its scenario: sjt moves to egov with a larger quota, old1 is removed', () => {
  const [excerpt] = ALL.filter((s) => s.context === 'review-excerpt');
  const base = synthDemo((hub) => {
    hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 }, admins: ['sjt-admins'] });
    hub.industryCloud('health').addTenant('old1', { displayName: '旧部门', quota: { cpu: 8, memoryGi: 32 } });
  });
  const head = synthDemo((hub) => {
    hub.industryCloud('egov').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 16, memoryGi: 64 }, admins: ['sjt-admins'] });
  });
  const md = renderMarkdown(buildReview({ head: readSynthOutput(head, 'cdktf.out'), base: readSynthOutput(base, 'base.out'), failOn: ['destructive'] })).split('\n');
  const lines = excerpt.code.split('\n');
  expect(lines.length).toBeGreaterThan(15);
  for (const line of lines) expect(md).toContain(line);
});
