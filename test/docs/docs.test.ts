/**
 * The README and docs/ as a user reads them: the snippets the tests name are there and in checked languages, every
 * link works in the npm package and on GitHub, and the README stays one page. That every TypeScript snippet
 * type-checks (snippets-typecheck.test.ts) and synthesizes (snippets-synth.test.ts) is in the integration suite: a
 * synth of a province per snippet and the compiler over lib/ take seconds each.
 */
import * as fs from 'fs';
import * as path from 'path';
import { datesFrom, documents, Snippet, snippets } from './snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const ALL = documents().flatMap(snippets);
const TS = ALL.filter((s) => s.lang === 'ts');
const name = (s: Snippet) => `${s.file}:${s.line}${s.id ? ` (${s.id})` : ''}`;

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

test('datesFrom keeps the spacing of the dates and puts the earliest 30 days after today', () => {
  expect(datesFrom("a: '2025-06-01', b: '2025-12-31'", new Date(2030, 0, 1))).toBe("a: '2030-01-31', b: '2030-09-01'");
  expect(datesFrom('no dates', new Date())).toBe('no dates');
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
