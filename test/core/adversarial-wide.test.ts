/**
 * The adversarial property of test/core/adversarial.test.ts with many runs, and every value of the scenario through a
 * fixed table of hostile values (integration suite: a minute or more). GOVLZ_FC_RUNS and GOVLZ_FC_SEED change the
 * random part; a failure prints the mutation fast-check shrank it to.
 */
import { applyMutation, assertCityProperty, assertHubProperty, baseScenario, Mutation, outcomeProblems, synthScenario, valuePaths } from './adversarial-scenario';

const SEED = Number(process.env.GOVLZ_FC_SEED ?? 7);
const RUNS = Number(process.env.GOVLZ_FC_RUNS ?? 150);

test('random hostile values in the hub scenario', () => {
  assertHubProperty(RUNS, SEED);
}, 600_000);

test('random hostile values in a city project on the published contract', () => {
  assertCityProperty(Math.ceil(RUNS / 2), SEED);
}, 600_000);

test('every value of the hub scenario, replaced by each kind of hostile value', () => {
  const base = baseScenario();
  // One of each class (the random tests cover the rest): template text with a prototype key, NaN, null, an object.
  const table: unknown[] = ['__proto__${gov_lz_hostile}', NaN, null, {}];
  const failures: string[] = [];
  for (const path of valuePaths(base)) {
    for (const value of table) {
      const m: Mutation = { kind: 'set', path, value };
      const s = applyMutation(base, m);
      try {
        const o = synthScenario(s);
        failures.push(...outcomeProblems(s, o, { determinism: false }).map((x) => `${path.join('.')} = ${JSON.stringify(value)}: ${x}`));
      } catch (e) {
        failures.push(`${path.join('.')} = ${JSON.stringify(value)}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  expect(failures).toEqual([]);
}, 600_000);
