/**
 * The repository is self-contained: a user's clone has nothing beside it, so no file may reach outside it (the
 * reference folder the team keeps next to the repository, a developer's absolute path), and the suites that read
 * vendored upstream files pass from a copy of the tree placed where nothing is beside it.
 *
 * The copy is the tree as a commit of it would hold it (tracked and untracked files, ignored ones left out): the
 * same as a clone of that commit, and it also covers changes not yet committed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpdir } from './helpers';

const ROOT = path.resolve(__dirname, '..');

/** Files of the tree, relative, as git would commit them. */
function treeFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout.split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

// Built from pieces so that this file does not match itself.
// An absolute path starts a path: `/host/root/run` (a container's mount, in a rendered chart) is not one.
const OUTSIDE = new RegExp(
  ['\\.\\./' + 'shared\\b', '\\bshared/' + '(schemas|mlps)\\b', "'shared'" + ",\\s*'(schemas|mlps)'", '(?<![\\w.-])/' + 'work/', '(?<![\\w.-])/' + 'root/', '(?<![\\w.-])/' + 'home/[a-z]'].join('|'),
);

test('no file of the repository refers to a folder outside it (CI scripts aside)', () => {
  const files = treeFiles();
  expect(files).toContain('lib/index.ts');
  const hits: string[] = [];
  for (const f of files) {
    if (f.startsWith('.ci/') || /\.(tgz|png|jpg|ico)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (OUTSIDE.test(line)) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
  expect(hits).toEqual([]);
});

test('the guard above finds a reference outside the repository (it can fail)', () => {
  const shared = 'shared';
  expect(OUTSIDE.test(`path.resolve(__dirname, '..', '..', '${shared}', 'schemas')`)).toBe(true);
  expect(OUTSIDE.test(`see ../${shared}/schemas/SOURCES.md`)).toBe(true);
  expect(OUTSIDE.test('test/fixtures/upstream/SOURCES.md')).toBe(false);
  expect(OUTSIDE.test(`cwd: '/${'root'}/.cache'`)).toBe(true);
  expect(OUTSIDE.test('- --path.udev.data=/host/root/run/udev/data')).toBe(false);
});

test('a copy of the tree with nothing beside it passes the suites that read vendored files', () => {
  const alone = path.join(tmpdir('govlz-clone-'), 'repo');
  for (const f of treeFiles()) fs.cpSync(path.join(ROOT, f), path.join(alone, f));
  expect(fs.readdirSync(path.dirname(alone))).toEqual(['repo']);
  // A repository of its own, as a clone is (the suites list committed files with git).
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
  ])
    expect(spawnSync('git', args, { cwd: alone }).status).toBe(0);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(alone, 'node_modules'), 'dir');
  // Every suite that reads test/fixtures (directly or through test/schema.ts).
  const suites = treeFiles()
    .filter((f) => f.startsWith('test/') && f.endsWith('.test.ts') && f !== 'test/self-contained.test.ts')
    .filter((f) => /fixtures\/upstream|from '(\.\.\/)+schema'|from '\.\/schema'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))
    .sort();
  expect(suites).toEqual(
    expect.arrayContaining([
      'test/compliance/report/compliance-sarif.test.ts',
      'test/fixtures/upstream.test.ts',
      'test/middleware/upstream-schemas.test.ts',
      'test/recovery/disaster-recovery.test.ts',
    ]),
  );
  // Unit and integration suites alike (the unit config leaves the integration ones out).
  const jest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--testPathIgnorePatterns', '/node_modules/', '--runTestsByPath', ...suites], {
    cwd: alone,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const summary = /Test Suites:.*\n/.exec(jest.stderr)?.[0] ?? jest.stderr.slice(-2000);
  expect({ status: jest.status, summary }).toEqual({ status: 0, summary: `Test Suites: ${suites.length} passed, ${suites.length} total\n` });
});
