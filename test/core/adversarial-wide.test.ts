/**
 * The adversarial property of test/core/adversarial.test.ts with many runs, and every value of the scenario through a
 * fixed table of hostile values (integration suite: a few minutes; test/core/adversarial-exotic.test.ts runs every value
 * through the exotic ones beside it).
 * GOVLZ_FC_RUNS and GOVLZ_FC_SEED change the random part; a failure prints the mutation fast-check shrank it to.
 */
import { showValue } from '../../lib/core/errors';
import { assertEntryPointProperty, ENTRY_POINTS, entryPointProblems, hostileScoreFiles, InputMutation, mutateInput, VALUE_TABLE } from './adversarial-entry-points';
import { applyMutation, assertCityProperty, assertHubProperty, baseScenario, outcomeProblems, sweepValues, synthScenario, synthWith, valuePaths } from './adversarial-scenario';

const SEED = Number(process.env.GOVLZ_FC_SEED ?? 7);
const RUNS = Number(process.env.GOVLZ_FC_RUNS ?? 150);

test('random hostile values in the hub scenario', () => {
  assertHubProperty(RUNS, SEED);
}, 600_000);

test('random hostile values in a city project on the published contract', () => {
  assertCityProperty(Math.ceil(RUNS / 2), SEED);
}, 600_000);

/** One of each class (the random tests cover the rest): template text with a prototype key, NaN, null, an object. */
const HUB_TABLE: readonly unknown[] = ['__proto__${gov_lz_hostile}', NaN, null, {}];

test('every value of the hub scenario, replaced by each kind of hostile value', () => {
  const failures = sweepValues(
    baseScenario(),
    HUB_TABLE,
    (base, path, value) => applyMutation(base, { kind: 'set', path, value }),
    (s) => outcomeProblems(s, synthScenario(s), { determinism: false }),
  );
  expect(failures).toEqual([]);
}, 600_000);

describe('the entry points the province scenario does not reach', () => {
  const entryRuns = Number(process.env.GOVLZ_FC_ENTRY_RUNS ?? 25);
  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))(
    '%s: random hostile mutations',
    (_name, e) => {
      assertEntryPointProperty(e, e.heavy ? Math.ceil(entryRuns / 2) : entryRuns, SEED);
    },
    600_000,
  );

  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))(
    '%s: every value replaced by each kind of hostile value, or deleted',
    (_name, e) => {
      const base = e.base();
      const failures: string[] = [];
      const check = (label: string, m: InputMutation) => {
        try {
          failures.push(...entryPointProblems(e, mutateInput(base, m), false).map((x) => `${label}: ${x}`));
        } catch (err) {
          failures.push(`${label}: ${(err as Error).message.split('\n')[0]}`);
        }
      };
      for (const value of [null, undefined, 5, 'x', [], {}]) check(`the input = ${String(value)}`, { kind: 'replace', value });
      for (const p of valuePaths(base)) {
        for (const value of VALUE_TABLE) check(`${p.join('.')} = ${showValue(value)}`, { kind: 'set', path: p, value });
        check(`${p.join('.')} deleted`, { kind: 'delete', path: p });
      }
      expect(failures).toEqual([]);
    },
    600_000,
  );

  test.each(hostileScoreFiles())(
    'GovApplication.fromScore of %s',
    (_label, file) => {
      const score = ENTRY_POINTS.find((e) => e.name.startsWith('GovApplication.fromScore'))!;
      const o = synthWith((app) => score.build(app, { file }));
      expect(outcomeProblems(() => synthWith((app) => score.build(app, { file })), o, { determinism: o.kind === 'ok' })).toEqual([]);
    },
    600_000,
  );
});
