import * as path from 'path';
import { App } from 'cdktf';
import { LandingZoneStack, StateBackend } from '../../lib';
import { stackJson, tmpdir } from '../helpers';

test('local state: one file per stack, path relative to the stack folder (same JSON on every machine)', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new LandingZoneStack(app, 'zj-hub');
  StateBackend.local().bind(stack);
  app.synth();
  const p = stackJson(app, 'zj-hub').terraform.backend.local.path;
  expect(p).not.toMatch(/^\//);
  // Terraform runs in <outdir>/stacks/<stack>; the file lands in the directory cdktf runs in.
  expect(path.resolve(outdir, 'stacks', 'zj-hub', p)).toBe(path.resolve('terraform.zj-hub.tfstate'));
});

test('local state in a chosen directory', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new LandingZoneStack(app, 'zj-health');
  StateBackend.local({ directory: 'state' }).bind(stack);
  app.synth();
  const p = stackJson(app, 'zj-health').terraform.backend.local.path;
  expect(path.resolve(outdir, 'stacks', 'zj-health', p)).toBe(path.resolve('state', 'terraform.zj-health.tfstate'));
  expect(StateBackend.local().kind).toBe('local');
});
