/**
 * Every example synthesizes, and the same input gives byte-identical output. Through the command a user runs
 * (`npx cdktf synth`): test/examples-cli.test.ts, an integration suite.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../examples/province/province';
import { releaseDigest, RenderedChartsIndex } from '../lib/compliance/rendered-charts';
import { listFiles, tmpdir } from './helpers';

function synthDemo(outdir: string): void {
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

// Two synths of the same input, written once for the suite: the shape test reads the first.
let a: string;
let b: string;
beforeAll(() => {
  a = path.join(tmpdir(), 'cdktf.out');
  b = path.join(tmpdir(), 'cdktf.out');
  synthDemo(a);
  synthDemo(b);
});

test('two synths of the demo province are byte-identical', () => {
  const sa = snapshot(a);
  const sb = snapshot(b);
  expect([...sa.keys()]).toEqual([...sb.keys()]);
  for (const [file, content] of sa) expect(`${file}\n${sb.get(file)}`).toBe(`${file}\n${content}`);
  expect(sa.has('gov-lz/inventory.json')).toBe(true);
});

test('the demo province meets the shape the README promises', () => {
  const inv = JSON.parse(fs.readFileSync(path.join(a, 'gov-lz/inventory.json'), 'utf8')).provinces[0];
  const roles = inv.sites.map((s: any) => s.role);
  expect(roles.filter((r: string) => r === 'PRODUCTION')).toHaveLength(2);
  expect(new Set(inv.sites.filter((s: any) => s.role === 'PRODUCTION').map((s: any) => s.city)).size).toBe(1);
  const dr = inv.sites.find((s: any) => s.role === 'DISASTER_RECOVERY');
  expect(dr.city).not.toBe(inv.sites[0].city);
  expect(roles).toContain('PUBLIC_CLOUD');
  expect(inv.clusters.map((c: any) => `${c.cloud}/${c.arch}`).sort()).toEqual(['PRIVATE/arm64', 'PRIVATE/arm64', 'PUBLIC/amd64']);
  expect(inv.industryClouds).toHaveLength(3);
  expect(inv.tenants.length).toBeGreaterThanOrEqual(12);
  for (const t of inv.tenants) expect(t.displayName).toMatch(/[\u4e00-\u9fff]/);
});

test('the committed render of the demo charts is of the releases as synthesized (else: npm run charts:render)', () => {
  const folder = path.join(__dirname, '..', 'examples', 'province', 'rendered-charts');
  const index = JSON.parse(fs.readFileSync(path.join(folder, 'index.json'), 'utf8')) as RenderedChartsIndex;
  const synthesized: string[] = [];
  for (const stack of fs.readdirSync(path.join(a, 'stacks')).sort()) {
    const tf = JSON.parse(fs.readFileSync(path.join(a, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    for (const [name, body] of Object.entries<Record<string, any>>(tf.resource?.helm_release ?? {})) synthesized.push(`${stack} helm_release.${name} ${releaseDigest(body)}`);
  }
  const rendered = index.releases.map((r) => `${r.stack} ${r.address} ${r.digest}`);
  // A release whose chart, version or values changed: render again (npm run charts:render) and commit the folder.
  expect(rendered.sort()).toEqual(synthesized.sort());
  expect(index.releases.filter((r) => r.status !== 'rendered')).toEqual([]);
  // The pack read it: every release rendered, none stale.
  const report = JSON.parse(fs.readFileSync(path.join(a, 'gov-lz', 'compliance.json'), 'utf8'));
  expect(report.charts.folders).toEqual(['examples/province/rendered-charts']);
  expect(report.charts.releases.map((r: { status: string }) => r.status)).toEqual(synthesized.map(() => 'rendered'));
  // Every finding inside the charts is dispositioned: fixed in the library's values or suppressed per object and rule.
  expect(report.summary.errors).toBe(0);
  expect(report.suppressions.filter((s: { resource?: string }) => s.resource?.includes('[')).length).toBeGreaterThan(40);
});
