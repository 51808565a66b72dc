/**
 * examples/province synthesizes through the command a user runs: `npx cdktf synth` with cdktf.json. It starts the
 * real CLI, so it is an integration suite (test/integration-suites.js).
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
