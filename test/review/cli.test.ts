/**
 * `gov-lz`: in-process for the argument handling, and as a process through both entry points:
 * bin/gov-lz.ts under ts-node (this repository, no build) and bin/gov-lz.js (the package `bin`), including a
 * package compiled to dist/ the way `npm run build` does, run from a folder that has no ts-node.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { govLzMain } from '../../lib/review';
import { tmpdir } from '../helpers';
import { ROOT, synthDemo, synthDemoReport, withReportErrors } from './fixtures';

const shim = require('../../bin/gov-lz.js') as { entryFor(binDir: string): { kind: string; file: string } | undefined };

let work: string;
beforeAll(() => {
  // A folder holding only the outputs: the review reads nothing else (cwd is not the repository).
  work = tmpdir('govlz-cli-');
  fs.cpSync(synthDemo(), path.join(work, 'cdktf.out'), { recursive: true });
  fs.cpSync(
    synthDemo((hub) => hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 } })),
    path.join(work, 'base'),
    { recursive: true },
  );
  // A report holding an error (synth never writes one: it stops first).
  fs.cpSync(synthDemoReport(), path.join(work, 'with-errors'), { recursive: true });
  withReportErrors(path.join(work, 'with-errors'), 1);
  // An output without a compliance report (a landing zone synthesized by an older version, or not a hub's).
  fs.cpSync(synthDemo(), path.join(work, 'no-report'), { recursive: true });
  fs.rmSync(path.join(work, 'no-report', 'gov-lz', 'compliance.json'));
});

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = govLzMain(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: work });
  return { code, out, err };
}

test('review writes Markdown to stdout (default --out cdktf.out) and exits 0', () => {
  const r = run('review');
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  expect(r.out).toMatch(/^<!-- gov-lz review -->\n## 🏛️ gov-lz review · 浙江省政务云 \(`zj`\)/);
  expect(r.out).toContain('reads `cdktf.out`</sub>');
});

test('--format json --output writes the review for machines; paths are shown as given', () => {
  const r = run('review', '--base', 'base', '--format', 'json', '--output', 'out/review.json');
  expect(r).toEqual({ code: 0, out: '', err: '' });
  const json = JSON.parse(fs.readFileSync(path.join(work, 'out', 'review.json'), 'utf8'));
  expect(Object.keys(json)).toEqual(['schemaVersion', 'generator', 'inputs', 'verdict', 'stacks', 'resourcesByType', 'provinces', 'compliance', 'changes', 'plans', 'destructive']);
  expect(json.schemaVersion).toBe(1);
  expect(json.inputs).toEqual({ out: 'cdktf.out', base: 'base', plans: [] });
  // Removing a tenant shortens the others' regional restores (summed at the DR centre): their recovery changes too.
  // The removed department (IMPORTANT data) also takes its open MLPS3-52 warning (no key of its own) with it.
  expect(json.changes.domain.map((d: any) => d.kind).filter((k: string) => k !== 'tenant-recovery-changed')).toEqual(['tenant-removed', 'finding-resolved']);
  expect(JSON.stringify(json)).not.toContain(work);
});

test('--fail-on exits 1 when the condition holds, and says why on stderr', () => {
  const destructive = run('review', '--base', 'base', '--fail-on', 'destructive');
  expect(destructive.code).toBe(1);
  // The demo's compliance report has eight warnings; they are counted, and gate only with --fail-on warning.
  expect(destructive.err).toBe('gov-lz: review fails on destructive (destructive changes: 5, deletes: 26, compliance errors: 0, warnings: 27)\n');
  expect(destructive.out).toContain('This review fails the build: `--fail-on destructive`.');
  expect(run('review', '--base', 'cdktf.out', '--fail-on', 'destructive,delete').code).toBe(0);
  expect(run('review', '--out', 'with-errors', '--fail-on', 'error').code).toBe(1);
  expect(run('review', '--out', 'with-errors', '--fail-on', 'warning').err).toBe('gov-lz: review fails on warning (destructive changes: 0, deletes: 0, compliance errors: 1, warnings: 23)\n');
  expect(run('review', '--fail-on', 'error').code).toBe(0);
  const noReport = run('review', '--out', 'no-report', '--fail-on', 'error');
  expect(noReport.code).toBe(0);
  expect(noReport.err).toContain('--fail-on error: the output has no gov-lz/compliance.json');
});

test('bad arguments and unreadable inputs exit 2 with a message', () => {
  const cases: Array<[string[], RegExp]> = [
    [['review', '--format', 'html'], /--format must be md or json, not "html"/],
    [['review', '--fail-on', 'warnings'], /--fail-on must be one of destructive, delete, error, warning, not "warnings"/],
    [['review', '--bogus'], /Unknown option '--bogus'/],
    [['review', '--out', 'missing'], /missing is not a folder/],
    [['review', '--plan', 'nowhere.json'], /cannot read Terraform plan .*nowhere.json: ENOENT/],
    [['review', '--max-chars', '10'], /--max-chars must be a whole number of at least 1000/],
    [['deploy'], /unknown command "deploy"; the command is `gov-lz review`, `gov-lz drift` or `gov-lz gitlab-sast`/],
  ];
  for (const [argv, message] of cases) {
    const r = run(...argv);
    expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
    expect(r.err).toMatch(message);
  }
  expect(run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: gov-lz review [options]') });
  expect(run('review', '--version').out).toMatch(/^\d+\.\d+\.\d+\n$/);
});

test('bin/gov-lz.ts runs end to end under ts-node, from a folder that is not the repository', () => {
  const r = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(ROOT, 'bin', 'gov-lz.ts'), 'review', '--base', 'base', '--fail-on', 'destructive'], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('### ⛔ Destructive changes');
  expect(r.stderr).toContain('review fails on destructive');
});

test('bin/gov-lz.js picks dist/review/cli.js when built and the TypeScript source in an unbuilt checkout', () => {
  const pkg = tmpdir('govlz-shim-');
  fs.mkdirSync(path.join(pkg, 'bin'));
  expect(shim.entryFor(path.join(pkg, 'bin'))).toBeUndefined();
  fs.mkdirSync(path.join(pkg, 'lib', 'review'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'lib', 'review', 'cli.ts'), '');
  expect(shim.entryFor(path.join(pkg, 'bin'))).toEqual({ kind: 'source', file: path.join(pkg, 'lib', 'review', 'cli.ts') });
  fs.mkdirSync(path.join(pkg, 'dist', 'review'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'dist', 'review', 'cli.js'), '');
  expect(shim.entryFor(path.join(pkg, 'bin'))).toEqual({ kind: 'compiled', file: path.join(pkg, 'dist', 'review', 'cli.js') });
  // A fresh checkout has no dist/ (CI): the shim runs the source; after `npm run build`, the compiled code.
  const built = fs.existsSync(path.join(ROOT, 'dist', 'review', 'cli.js'));
  expect(shim.entryFor(path.join(ROOT, 'bin'))!.kind).toBe(built ? 'compiled' : 'source');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'gov-lz.js'), 'review', '--format', 'json'], { cwd: work, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).schemaVersion).toBe(1);
});

test('an installed package: bin/gov-lz.js runs the compiled dist/review/cli.js without ts-node; `files` ships both', () => {
  const pkg = path.join(tmpdir('govlz-pkg-'), 'node_modules', 'cdktf-gov-landing-zone');
  fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
  // What `npm run build` emits for the review (tsconfig.build.json: rootDir lib, outDir dist).
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '--outDir',
      path.join(pkg, 'dist'),
      '--rootDir',
      path.join(ROOT, 'lib'),
      '--module',
      'commonjs',
      '--target',
      'ES2022',
      '--moduleResolution',
      'node',
      '--esModuleInterop',
      '--skipLibCheck',
      '--types',
      'node',
      '--strict',
      path.join(ROOT, 'lib', 'review', 'cli.ts'),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  fs.copyFileSync(path.join(ROOT, 'bin', 'gov-lz.js'), path.join(pkg, 'bin', 'gov-lz.js'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'gov-lz.js'), 'review', '--out', 'with-errors', '--fail-on', 'error'], { cwd: work, encoding: 'utf8' });
  expect(r.stderr).toContain('review fails on error');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('### Compliance: MLPS3');
  // The compiled review needs none of the construct code.
  expect(fs.readdirSync(path.join(pkg, 'dist')).sort()).toEqual(['private', 'review', 'schema']);

  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(manifest.bin).toEqual({ 'gov-lz': 'bin/gov-lz.js' });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, stdio: 'pipe' }).toString());
  expect(packed[0].files.map((f: { path: string }) => f.path)).toContain('bin/gov-lz.js');
  expect(manifest.files).toContain('dist/**/*.js');
  expect(fs.readFileSync(path.join(ROOT, 'bin', 'gov-lz.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

test('lib/review imports no construct code: only its own files, lib/schema, the version, report-text, review-facts and package-root helpers, ajv (the shape of a crashed input) and Node built-ins', () => {
  const dir = path.join(ROOT, 'lib', 'review');
  let imports = 0;
  for (const f of fs.readdirSync(dir)) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of src.matchAll(/^import [^;]* from '([^']+)';$|require\('([^']+)'\)/gm)) {
      const spec = m[1] ?? m[2];
      imports += 1;
      expect({ file: f, spec, ok: /^(\.\/[a-z-]+|\.\.\/private\/(version|report-text|review-facts|package-root)|\.\.\/schema\/[a-z-]+|ajv|crypto|fs|path|util|worker_threads)$/.test(spec) }).toEqual({
        file: f,
        spec,
        ok: true,
      });
    }
  }
  expect(imports).toBeGreaterThan(20);
});

describe('gov-lz review never shows a stack trace: one line and exit 2 for any bad input', () => {
  /** A copy of the demo output with one file replaced. */
  function broken(name: string, file: string, content: string | ((synthesized: string) => string)): string {
    const dir = path.join(work, name);
    fs.cpSync(path.join(work, 'cdktf.out'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : content(fs.readFileSync(path.join(dir, file), 'utf8')));
    return name;
  }

  test.each([
    ['manifest null', 'manifest.json', 'null', /is not a JSON object/],
    ['manifest stacks a list', 'manifest.json', '{"stacks": [1, 2]}', /./],
    ['stack null', 'manifest.json', '{"stacks": {"zj-hub": null}}', /stack "zj-hub" is not an object/],
    ['stack outside --out', 'manifest.json', '{"stacks": {"zj-hub": {"synthesizedStackPath": "../../../../etc/passwd"}}}', /points outside the output folder/],
    ['stack file a number', 'stacks/zj-hub/cdk.tf.json', '42', /is not a JSON object/],
    [
      'inventory of the wrong shape',
      'gov-lz/inventory.json',
      '{"schemaVersion": 1, "provinces": [null, {"tenants": 5}]}',
      /gov-lz\/inventory.json does not have the shape gov-lz writes \(schemas\/inventory.schema.json\): the document must have required property 'generator'/,
    ],
    // Hardening: a crash on a field of the wrong type names the file and the field, by the schema the package ships.
    [
      'compliance with a list of the wrong type',
      'gov-lz/compliance.json',
      (t: string) => JSON.stringify({ ...JSON.parse(t), rules: { 0: 'x' } }),
      /gov-lz\/compliance.json does not have the shape gov-lz writes \(schemas\/compliance.schema.json\): \/rules must be array/,
    ],
    ['compliance null', 'gov-lz/compliance.json', 'null', /is not a JSON object/],
  ])('%s', (name, file, content, message) => {
    const r = run('review', '--out', broken(`broken-${name.replace(/\W+/g, '-')}`, file, content));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^gov-lz: [^\n]+\n$/);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('an unwritable --output and a plan of the wrong shape', () => {
    const blocked = path.join(work, 'blocked');
    fs.writeFileSync(blocked, 'a file, not a folder');
    const w = run('review', '--output', 'blocked/review.md');
    expect([w.code, w.err]).toEqual([2, expect.stringMatching(/^gov-lz: cannot write --output blocked\/review.md: (ENOTDIR|EEXIST)\n$/)]);
    fs.writeFileSync(path.join(work, 'null-plan.json'), 'null');
    const p = run('review', '--plan', 'null-plan.json');
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/^gov-lz: \S*null-plan.json is not Terraform plan JSON/);
  });

  test('hardening: --output where folders cannot be made (procfs) exits 2 instead of spinning; null and empty plans for drift exit 2', () => {
    if (fs.existsSync('/proc/self'))
      expect(run('review', '--output', '/proc/gov-lz-none/review.md')).toEqual({ code: 2, out: '', err: 'gov-lz: cannot write --output /proc/gov-lz-none/review.md: ENOENT\n' });
    fs.writeFileSync(path.join(work, 'empty-plan.json'), '');
    fs.writeFileSync(path.join(work, 'list-plan.json'), '[1]');
    for (const [file, why] of [
      ['empty-plan.json', 'the file is empty'],
      ['null-plan.json', 'it holds JSON that is not an object'],
      ['list-plan.json', 'it holds JSON that is not an object'],
    ]) {
      const d = run('drift', file);
      expect([d.code, d.out]).toEqual([2, '']);
      expect(d.err).toContain(`gov-lz: ${file} is not Terraform plan JSON: ${why}`);
    }
  });
});

test('gitlab-sast writes the open findings of compliance.sarif as a GitLab SAST report; no log is a usage error', () => {
  const work = tmpdir('govlz-sast-');
  fs.cpSync(synthDemo(), path.join(work, 'cdktf.out'), { recursive: true });
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd: work };
  expect(govLzMain(['gitlab-sast'], io)).toBe(0);
  const report = JSON.parse(out);
  expect(report).toMatchObject({ version: '15.2.1', scan: { type: 'sast', status: 'success', analyzer: { id: 'gov-lz', vendor: { name: 'cdktf-gov-landing-zone' } } } });
  // The schema's required fields and formats.
  expect(report.scan.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  expect(report.schema).toMatch(/security-report-schemas\/-\/raw\/v15\.2\.1\/dist\/sast-report-format\.json$/);
  const sarif = JSON.parse(fs.readFileSync(path.join(work, 'cdktf.out', 'gov-lz', 'compliance.sarif'), 'utf8'));
  expect(report.vulnerabilities).toHaveLength(sarif.runs[0].results.filter((r: any) => !r.suppressions).length);
  for (const v of report.vulnerabilities) {
    expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(['Critical', 'High', 'Medium', 'Low', 'Info', 'Unknown']).toContain(v.severity);
    expect(v.identifiers[0]).toMatchObject({ type: 'gov_lz_rule', value: v.identifiers[0].name });
    expect(v.solution).toContain('How to fix:');
    expect(fs.existsSync(path.join(ROOT, v.location.file))).toBe(true);
    expect(v.location.start_line).toBeGreaterThan(0);
  }
  expect(new Set(report.vulnerabilities.map((v: any) => v.id)).size).toBe(report.vulnerabilities.length);

  // --sarif reads a log written anywhere (GOVLZ_SARIF); the same log gives the same report, save the times.
  fs.copyFileSync(path.join(work, 'cdktf.out', 'gov-lz', 'compliance.sarif'), path.join(work, 'copy.sarif'));
  out = '';
  expect(govLzMain(['gitlab-sast', '--sarif', 'copy.sarif', '--output', 'gl/gl-sast-report.json'], io)).toBe(0);
  expect(out).toBe('');
  expect(JSON.parse(fs.readFileSync(path.join(work, 'gl', 'gl-sast-report.json'), 'utf8')).vulnerabilities).toEqual(report.vulnerabilities);

  err = '';
  expect(govLzMain(['gitlab-sast', '--out', 'missing'], io)).toBe(2);
  expect(err).toContain('missing/gov-lz/compliance.sarif does not exist');
  err = '';
  expect(govLzMain(['gitlab-sast', '--out', 'cdktf.out', '--sarif', 'copy.sarif'], io)).toBe(2);
  expect(err).toContain('give --out or --sarif, not both');
});
