/**
 * Moves and removals on the deployed demo: a moved department keeps its namespace (same UID); a removed one is
 * flagged by gov-lz review reading the real plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { A, B, env, kube, passwords } from './demo';
import { cdktf, expectExit, project, run, terraform } from './deploy';

describe('the demo province on real control planes', () => {
  test('a tenant moved to another industry cloud keeps its namespace (same UID): imported, not recreated', async () => {
    const before = await Promise.all([A, B].map(async (c) => (await kube(c).get('/api/v1/namespaces/sjj')).body.metadata.uid));
    expect(before.every((u) => typeof u === 'string')).toBe(true);
    expectExit(await cdktf('moved', ['synth'], passwords));
    for (const stack of ['zj-health', 'zj-education']) {
      expectExit(await terraform('moved', stack, ['init', '-input=false'], passwords));
      const plan = expectExit(await terraform('moved', stack, ['plan', '-input=false', '-out=plan.bin'], passwords));
      expect(plan.output).toMatch(stack === 'zj-health' ? / to import, / : / 0 to destroy\./);
      expect(plan.output).not.toMatch(/[1-9]\d* to destroy/);
      expectExit(await terraform('moved', stack, ['apply', '-input=false', 'plan.bin'], passwords));
    }
    const after = await Promise.all([A, B].map(async (c) => (await kube(c).get('/api/v1/namespaces/sjj')).body));
    expect(after.map((n) => n.metadata.uid)).toEqual(before);
    expect(after.map((n) => n.metadata.labels['gov-lz.io/industry'])).toEqual(['health', 'health']);
  });

  test('removing a tenant: the real plan, read by gov-lz review --plan, flags the destroy and --fail-on destructive fails', async () => {
    expectExit(await cdktf('removed', ['synth'], passwords));
    const stack = 'zj-health';
    expectExit(await terraform('removed', stack, ['init', '-input=false'], passwords));
    expectExit(await terraform('removed', stack, ['plan', '-input=false', '-out=plan.bin'], passwords));
    const show = expectExit(await terraform('removed', stack, ['show', '-json', 'plan.bin'], passwords));
    const planFile = path.join(env.work, 'removed-plan.json');
    fs.writeFileSync(planFile, show.output.slice(show.output.indexOf('{')));
    const root = path.join(__dirname, '..', '..');
    const cli = [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', path.join(root, 'bin', 'gov-lz.ts')];
    const out = path.join(project('removed'), 'cdktf.out');
    const base = path.join(project('moved'), 'cdktf.out');
    const review = await run('gov-lz-review', process.execPath, [...cli, 'review', '--out', out, '--base', base, '--plan', planFile], { cwd: root });
    expectExit(review);
    expect(review.output).toMatch(/Destructive changes/);
    expect(review.output).toMatch(/kubernetes_namespace_v1\.sjj--hz-a-core/);
    const failing = await run('gov-lz-review-fail', process.execPath, [...cli, 'review', '--out', out, '--base', base, '--plan', planFile, '--fail-on', 'destructive'], { cwd: root });
    expect(failing.code).not.toBe(0);
    expect(failing.code).not.toBe(2);
  });
});
