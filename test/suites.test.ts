/** The split between the unit suite (`npm test`) and the integration suite (`npm run test:integration`). */
import * as fs from 'fs';
import * as path from 'path';
const integration: string[] = require('./integration-suites');

const ROOT = path.join(__dirname, '..');

test('every suite listed as integration exists, once', () => {
  expect(integration.filter((f) => !fs.existsSync(path.join(ROOT, f)))).toEqual([]);
  expect(new Set(integration).size).toBe(integration.length);
});

test('a suite that starts terraform, PostgreSQL or a child process (other than git) is in the integration list', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'e2e' && e.name !== 'fixtures') walk(p);
      else if (e.name.endsWith('.test.ts')) files.push(path.relative(ROOT, p).split(path.sep).join('/'));
    }
  };
  walk(path.join(ROOT, 'test'));
  // The real-tool helpers (test/terraform.ts, test/postgres.ts), a helper that runs a tool in a child process (mermaid's
  // parser: parseMermaid of test/review/fixtures.ts), or a child process other than a quick `git`.
  const startsTools = (src: string) =>
    /from '(\.\.\/)+(terraform|postgres)'/.test(src) ||
    /\bparseMermaid\(/.test(src) ||
    [...src.matchAll(/(?<![.\w])(spawn|spawnSync|exec|execSync|execFile|execFileSync)\(\s*([^,)]*)/g)].some((m) => m[2].trim() !== "'git'");
  const unlisted = files.filter((f) => !integration.includes(f) && startsTools(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(unlisted).toEqual([]);
});
