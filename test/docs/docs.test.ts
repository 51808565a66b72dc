/**
 * The README and docs/ as a user reads them: every TypeScript snippet type-checks against the library and
 * synthesizes (see test/docs/snippets.ts for how a snippet names what it continues; dates move relative to today so
 * that suppressions never expire in the docs), the review excerpt is real output, every link works in the npm
 * package and on GitHub, and the README stays one page.
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

test('the docs have the snippets the tests below name, and no code block in a language nothing checks', () => {
  expect(TS.length).toBeGreaterThanOrEqual(12);
  expect(ALL.filter((s) => ['typescript', 'js', 'javascript', 'tsx'].includes(s.lang)).map(name)).toEqual([]);
  expect(
    TS.filter((s) => s.id)
      .map((s) => s.id)
      .sort(),
  ).toEqual(['compliance', 'middleware', 'usage']);
  expect(ALL.filter((s) => s.context === 'review-excerpt').map((s) => s.lang)).toEqual(['markdown']);
});

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

test('datesFrom keeps the spacing of the dates and puts the earliest 30 days after today', () => {
  expect(datesFrom("a: '2025-06-01', b: '2025-12-31'", new Date(2030, 0, 1))).toBe("a: '2030-01-31', b: '2030-09-01'");
  expect(datesFrom('no dates', new Date())).toBe('no dates');
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

/** GitHub's heading anchors. */
function anchors(file: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = !fence && /^#{1,6} (.*)$/.exec(line);
    if (m)
      out.add(
        m[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      );
  }
  return out;
}

test('every link of the README and docs works in the npm package (relative, to shipped files and headings) and on GitHub', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const shipped = (f: string) => ['README.md', 'CHANGELOG.md', 'LICENSE'].includes(f) || (/^docs\/[^/]+\.md$/.test(f) && pkg.files.includes('docs/*.md'));
  const GH = 'https://github.com/cdktf-gov-landing-zone/cdktf-gov-landing-zone/blob/main/';
  const broken: string[] = [];
  let count = 0;
  for (const file of [...documents(), 'CONTRIBUTING.md', 'CHANGELOG.md']) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      count++;
      if (target.startsWith(GH)) {
        const p = target.slice(GH.length).split('#')[0];
        if (!fs.existsSync(path.join(ROOT, p))) broken.push(`${file}: ${target} (no ${p} in the repository)`);
        continue;
      }
      if (/^https?:/.test(target) || target.startsWith('mailto:')) continue;
      const [rel, anchor] = target.split('#');
      const resolved = rel ? path.posix.normalize(path.posix.join(path.posix.dirname(file), rel)) : file;
      if (file !== 'CONTRIBUTING.md' && !shipped(resolved)) broken.push(`${file}: ${target} (${resolved} is not in the npm package: link it on GitHub)`);
      else if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${file}: ${target} (no such file)`);
      else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${file}: ${target} (no heading #${anchor})`);
    }
  }
  expect(count).toBeGreaterThan(40);
  expect(broken).toEqual([]);
});

test('the README is one page (at most 400 lines) that links every focused doc', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme.split('\n').length).toBeLessThanOrEqual(400);
  for (const page of ['tenancy', 'middleware', 'recovery', 'placement', 'compliance', 'review', 'scale', 'security', 'operations', 'e2e', 'city-projects', 'checks']) {
    expect(readme).toContain(`](docs/${page}.md)`);
  }
  expect(readme).toContain('npm ci');
  expect(readme).toContain('npm test');
  expect(readme).toContain('npm run e2e:up');
});

test('the API reference is TypeDoc, pinned, over the package entry point, and fails on any warning (CI runs npm run docs)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.devDependencies.typedoc).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.scripts.docs).toBe('typedoc');
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'typedoc.json'), 'utf8'))).toMatchObject({ entryPoints: ['lib/index.ts'], out: 'docs/api', treatWarningsAsErrors: true });
  expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm run docs$/m);
  expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toMatch(/^docs\/api\/$/m);
});
