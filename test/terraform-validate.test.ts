/**
 * `terraform validate` on every synthesized stack of the demo province, with the real kubernetes and helm
 * provider plugins. They cannot be downloaded on the build machines (no Terraform registry), so this test is
 * opt-in: set GOVLZ_TF_PLUGIN_DIR to a directory laid out as a provider mirror
 * (`terraform providers mirror <dir>` on a connected machine).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../examples/province/province';
import { tmpdir } from './helpers';

const pluginDir = process.env.GOVLZ_TF_PLUGIN_DIR;
const run = pluginDir ? test : test.skip;
if (!pluginDir) {
  // eslint-disable-next-line no-console
  console.warn('terraform-validate.test.ts skipped: set GOVLZ_TF_PLUGIN_DIR to a kubernetes/helm provider mirror to run it');
}

run('terraform validate accepts every stack of the demo province (opt-in: GOVLZ_TF_PLUGIN_DIR)', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  for (const stack of stacks) {
    const cwd = path.join(outdir, 'stacks', stack);
    execFileSync('terraform', ['init', '-backend=false', '-input=false', `-plugin-dir=${pluginDir}`], { cwd, stdio: 'pipe' });
    const result = JSON.parse(execFileSync('terraform', ['validate', '-json'], { cwd, stdio: 'pipe' }).toString());
    expect({ stack, valid: result.valid, diagnostics: result.diagnostics }).toEqual({ stack, valid: true, diagnostics: [] });
  }
});
