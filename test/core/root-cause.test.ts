/** Issue 13 class 9 / issue 14 item 5: one root cause gives one error first, with the nearest valid name. */
import { DataClass, LandingZoneError, RecoveryObjective } from '../../lib';
import { editDistance, nearestName } from '../../lib/core/root-cause';
import { hubProps, newHub, RECOVERY, synthProblems } from '../helpers';

const objective = RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 });

test('a misspelled cluster of an industry cloud is the first error, names the nearest cluster and folds what follows from it', () => {
  const { app, hub } = newHub({ recovery: RECOVERY });
  hub
    .addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-cor', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: objective })
    .addTenant('wjw', { displayName: 'w', quota: { cpu: 1, memoryGi: 1 } });
  const problems = synthProblems(app);
  expect(problems).toHaveLength(1);
  const [root] = problems;
  expect(root.code).toBe('unknown-cluster');
  expect(root.message).toMatch(/"hz-a-cor" .*; did you mean "hz-a-core"\?$/);
  expect(root.consequences!.map((c) => c.code).sort()).toEqual(['MLPS3-21', 'not-dual-active', 'objective-not-met']);
  let message = '';
  try {
    const again = newHub({ recovery: RECOVERY });
    again.hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-cor', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: objective });
    again.app.synth();
  } catch (e) {
    if (LandingZoneError.isLandingZoneError(e)) message = e.message;
  }
  expect(message).toMatch(/^1 problem found/);
  expect(message).toMatch(
    /1\. \[unknown-cluster\] zj\/health\n {3}value: "hz-a-cor"\n[\s\S]*did you mean "hz-a-core"\?\n {3}fix: write "hz-a-core"; or [\s\S]*\n {3}and \d consequences \(fixing the above fixes them\):\n {5}- \[/,
  );
});

test('a misspelled site of a cluster is the first error; the recovery and compliance failures it causes are folded under it', () => {
  const clusters = hubProps().clusters.map((c, i) => (i === 0 ? { ...c, site: 'hz-aa' } : c));
  const { app, hub } = newHub({ clusters, recovery: RECOVERY });
  hub
    .addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: objective })
    .addTenant('wjw', { displayName: 'w', quota: { cpu: 1, memoryGi: 1 } });
  const problems = synthProblems(app);
  expect(problems.map((p) => p.code)).toEqual(['unknown-site']);
  expect(problems[0].message).toMatch(/did you mean "hz-a"\?$/);
  expect(problems[0].consequences!.length).toBeGreaterThanOrEqual(3);
});

test('independent problems are not folded, and NaN and Infinity are shown as themselves', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-cor'] }).addTenant('wjw', { displayName: 'w', quota: { cpu: NaN, memoryGi: Infinity } });
  const problems = synthProblems(app);
  expect(problems[0].code).toBe('unknown-cluster');
  const quota = problems.filter((p) => p.code === 'invalid-quantity');
  expect(quota).toHaveLength(2);
  try {
    app.synth();
  } catch (e) {
    expect((e as Error).message).toMatch(/value: NaN\n/);
    expect((e as Error).message).toMatch(/value: Infinity\n/);
  }
});

test('nearest names', () => {
  expect(editDistance('hz-a-cor', 'hz-a-core')).toBe(1);
  expect(nearestName('hz-b-cor', ['hz-a-core', 'hz-b-core'])).toBe('hz-b-core');
  expect(nearestName('completely-other', ['hz-a-core'])).toBeUndefined();
});
