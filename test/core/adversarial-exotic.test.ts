/**
 * Every value of the hub scenario, the city project on its published contract and each entry point replaced by each
 * value no message can write or no sum can take — a Symbol, an object without a prototype (no toString), a BigInt, a
 * function where data belongs (integration suite: a few minutes, beside test/core/adversarial-wide.test.ts). Each once
 * escaped somewhere as a TypeError (test/core/exotic-values.test.ts pins one case per boundary); each must now give a
 * sound output or one LandingZoneError that writes nothing.
 */
import { showValue } from '../../lib/core/errors';
import { ENTRY_POINTS, entryPointProblems, mutateInput } from './adversarial-entry-points';
import { applyCityMutation, applyMutation, baseCity, baseScenario, Outcome, outcomeProblems, synthCity, synthScenario, valuePaths } from './adversarial-scenario';

const EXOTIC: readonly unknown[] = [Symbol('hostile'), Object.create(null), 10n, () => 1];

type Path = Array<string | number>;

/** Each value path of `base` set to each exotic value (by `set`): what `problems` finds, or the exception's first line. */
function sweep<T>(base: T, set: (base: T, path: Path, value: unknown) => T, problems: (mutated: T) => string[]): string[] {
  const failures: string[] = [];
  for (const path of valuePaths(base)) {
    for (const value of EXOTIC) {
      const label = `${path.join('.')} = ${showValue(value)}`;
      try {
        failures.push(...problems(set(base, path, value)).map((x) => `${label}: ${x}`));
      } catch (e) {
        failures.push(`${label}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  return failures;
}

/** A synth (which rethrows anything but a LandingZoneError) and what is unsound in its outcome. */
const sound = (build: () => Outcome) => outcomeProblems(build, build(), { determinism: false });

test('every value of the hub scenario', () => {
  const problems = sweep(
    baseScenario(),
    (base, path, value) => applyMutation(base, { kind: 'set', path, value }),
    (s) => sound(() => synthScenario(s)),
  );
  expect(problems).toEqual([]);
}, 900_000);

test('every value of the city project and its published contract', () => {
  const problems = sweep(
    baseCity(),
    (base, path, value) => applyCityMutation(base, { kind: 'set', path, value }),
    (c) => sound(() => synthCity(c)),
  );
  expect(problems).toEqual([]);
}, 900_000);

describe('every value of each entry point the province scenario does not reach', () => {
  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))(
    '%s',
    (_name, e) => {
      const problems = sweep(
        e.base(),
        (base, path, value) => mutateInput(base, { kind: 'set', path, value }),
        (input) => entryPointProblems(e, input, false),
      );
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
