/**
 * Steps after synth: `app.synth()` writes every stack, then the landing zone writes gov-lz/review.md from the
 * finished output, only when the gate passed. cdktf has no hook after it writes the stacks; the step runs in the
 * app's own validation (public constructs API), which `App.synth()` runs after the stacks and before the manifest.
 * Nothing of cdktf is replaced. These tests prove the order and the all-or-nothing rule on this cdktf version, and
 * scripts/cdktn-check.sh runs them on cdktn.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ProvinceHub } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { buildReview, readSynthOutput, renderMarkdown } from '../../lib/review';
import { artifact, hubProps, listFiles, newApp, newHub, synthProblems } from '../helpers';

test('review.md is the review of the finished output, as gov-lz review prints it', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'] }).addTenant('jyt', { displayName: '省教育厅', quota: { cpu: 8, memoryGi: 32 } });
  app.synth();
  const md = artifact(app, 'review.md');
  expect(md).toBe(renderMarkdown(buildReview({ head: readSynthOutput(app.outdir, 'cdktf.out') })));
  // It saw every stack, so it ran after cdktf wrote them.
  for (const stack of ['zj-education', 'zj-hub', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core', 'zj-platform-ali-burst']) expect(md).toContain(`| \`${stack}\` |`);
  expect(md).toContain('reads `cdktf.out`');
  expect(md).not.toContain(app.outdir);
});

test('a synth that fails writes no review (nor anything else)', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['nowhere'] });
  expect(synthProblems(app).map((p) => p.code)).toContain('unknown-cluster');
  expect(listFiles(app.outdir)).toEqual([]);
});

test('two synths write byte-identical reviews', () => {
  const synth = () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] }).addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 } });
    app.synth();
    return artifact(app, 'review.md');
  };
  expect(synth()).toBe(synth());
});

test('steps run once each, in name order, after the stacks are written; a root that is not an App never runs them', () => {
  const app = newApp();
  new TerraformStack(app, 'plain');
  const ctx = LandingZoneContext.of(app);
  const seen: string[] = [];
  ctx.addAfterSynth('b', (outdir) => seen.push(`b ${fs.existsSync(path.join(outdir, 'stacks', 'plain', 'cdk.tf.json'))}`));
  ctx.addAfterSynth('a', (outdir) => seen.push(`a ${fs.existsSync(path.join(outdir, 'manifest.json'))}`));
  ctx.addAfterSynth('a', () => seen.push('a again'));
  ctx.attach(app.node.findChild('plain') as TerraformStack);
  app.synth();
  expect(seen).toEqual(['a true', 'b true']);

  const root = new Construct(undefined as any, '');
  LandingZoneContext.of(root).addAfterSynth('x', () => seen.push('x'));
  expect(seen).toEqual(['a true', 'b true']);
  expect(App.isApp(root)).toBe(false);
});

test('the app is not patched: its synth() is the class method, the step is an app validation', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core'] });
  expect(Object.getOwnPropertyDescriptor(app, 'synth')).toBeUndefined();
  expect(app.synth).toBe(App.prototype.synth);
  app.synth();
  expect(fs.existsSync(path.join(app.outdir, 'gov-lz', 'review.md'))).toBe(true);
  expect(JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')).stacks['zj-education']).toBeDefined();
});

test('an app that skips validation skips the steps after synth too (cdktf runs no app validation then)', () => {
  const app = new App({ outdir: newApp().outdir, skipValidation: true });
  const hub = new ProvinceHub(app, 'zj', hubProps());
  hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core'] });
  app.synth();
  expect(fs.existsSync(path.join(app.outdir, 'stacks', 'zj-education', 'cdk.tf.json'))).toBe(true);
  expect(fs.existsSync(path.join(app.outdir, 'gov-lz', 'inventory.json'))).toBe(true);
  expect(fs.existsSync(path.join(app.outdir, 'gov-lz', 'review.md'))).toBe(false);
});
