/**
 * Every example synthesizes, through the same command a user runs, and the same input gives byte-identical output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../examples/province/province';
import { cdkSynth } from './cdk-cli';
import { listFiles, tmpdir } from './helpers';

const root = path.resolve(__dirname, '..');

function synthDemo(outdir: string): void {
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

test('two synths of the demo province are byte-identical', () => {
  const a = path.join(tmpdir(), 'cdktf.out');
  const b = path.join(tmpdir(), 'cdktf.out');
  synthDemo(a);
  synthDemo(b);
  const sa = snapshot(a);
  const sb = snapshot(b);
  expect([...sa.keys()]).toEqual([...sb.keys()]);
  for (const [file, content] of sa) expect(`${file}\n${sb.get(file)}`).toBe(`${file}\n${content}`);
  expect(sa.has('gov-lz/inventory.json')).toBe(true);
});

test('the demo province meets the shape the README promises', () => {
  const out = path.join(tmpdir(), 'cdktf.out');
  synthDemo(out);
  const inv = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz/inventory.json'), 'utf8')).provinces[0];
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

test('`npx cdktf synth` (cdktf.json) synthesizes examples/province (`cdktn synth` under CDK Terrain)', () => {
  const out = path.join(tmpdir(), 'cdktf.out');
  const cli = cdkSynth(root, out);
  expect(cli.command).toEqual(cli.framework.name === 'cdktf' ? 'cdktf' : expect.stringMatching(/^(cdktn|node)$/));
  expect(listFiles(path.join(out, 'stacks')).sort()).toEqual(
    ['zj-education', 'zj-egov', 'zj-failover-hz-a-core', 'zj-failover-hz-b-core', 'zj-health', 'zj-hub', 'zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core'].map(
      (s) => `${s}/cdk.tf.json`,
    ),
  );
  expect(fs.existsSync(path.join(out, 'gov-lz', 'inventory.json'))).toBe(true);
  // The review written after the stacks (the CLI runs the program, which calls app.synth()).
  expect(fs.readFileSync(path.join(out, 'gov-lz', 'review.md'), 'utf8')).toMatch(/^<!-- gov-lz review -->\n## 🏛️ gov-lz review · 浙江省政务云 \(`zj`\)\n/);
  // The CLI and a direct App synth give the same stacks.
  const direct = path.join(tmpdir(), 'cdktf.out');
  synthDemo(direct);
  for (const f of listFiles(path.join(out, 'stacks'))) {
    const rel = path.join('stacks', f);
    expect(JSON.parse(fs.readFileSync(path.join(out, rel), 'utf8')).resource).toEqual(JSON.parse(fs.readFileSync(path.join(direct, rel), 'utf8')).resource);
  }
});
