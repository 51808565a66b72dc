/**
 * The architecture rules that are not import rules (those are dependency-cruiser's, `npm run lint:deps`): files of
 * lib/ stay readable, every folder of lib/ has its place in the layers, and lib/index.ts only re-exports.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('no file in lib/ is over 600 lines', () => {
  const long = files(LIB)
    .map((f) => ({ file: path.relative(ROOT, f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > 600);
  expect(long).toEqual([]);
});

test('every folder of lib/ is one the layer rules know', () => {
  const config = require('../.dependency-cruiser.js');
  const known = new Set<string>(['review']);
  for (const rule of config.forbidden) {
    const m = /^layer-(.+)$/.exec(rule.name);
    if (m) known.add(m[1]);
  }
  const folders = fs
    .readdirSync(LIB, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  expect(folders.filter((f) => !known.has(f))).toEqual([]);
  expect(folders).toEqual(
    expect.arrayContaining(['schema', 'private', 'core', 'topology', 'state', 'placement', 'tenancy', 'industry-cloud', 'hub', 'middleware', 'recovery', 'compliance', 'landing-zone', 'review']),
  );
});

test('lib/index.ts only re-exports', () => {
  const lines = fs
    .readFileSync(path.join(LIB, 'index.ts'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  const statements = lines
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  expect(statements.filter((s) => !/^export (type )?(\*|\{[^}]*\})( as \w+)? from '\.\/[a-z0-9/-]+'$/s.test(s))).toEqual([]);
});
