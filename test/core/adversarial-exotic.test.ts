/**
 * Every value of the hub scenario, the city project on its published contract and each entry point replaced by each
 * value no message can write or no sum can take — a Symbol, an object without a prototype (no toString), a BigInt, a
 * function where data belongs (integration suite: a few minutes, beside test/core/adversarial-wide.test.ts). Each once
 * escaped somewhere as a TypeError (test/core/exotic-values.test.ts pins one case per boundary); each must now give a
 * sound output or one LandingZoneError that writes nothing.
 */
import { ENTRY_POINTS, entryPointProblems, mutateInput } from './adversarial-entry-points';
import { applyCityMutation, applyMutation, baseCity, baseScenario, Outcome, outcomeProblems, synthCity, synthScenario, sweepValues } from './adversarial-scenario';

const EXOTIC: readonly unknown[] = [Symbol('hostile'), Object.create(null), 10n, () => 1];

/** A synth (which rethrows anything but a LandingZoneError) and what is unsound in its outcome. */
const sound = (build: () => Outcome) => outcomeProblems(build, build(), { determinism: false });

test.each([
  [
    'the hub scenario',
    () =>
      sweepValues(
        baseScenario(),
        EXOTIC,
        (base, path, value) => applyMutation(base, { kind: 'set', path, value }),
        (s) => sound(() => synthScenario(s)),
      ),
  ],
  [
    'the city project and its published contract',
    () =>
      sweepValues(
        baseCity(),
        EXOTIC,
        (base, path, value) => applyCityMutation(base, { kind: 'set', path, value }),
        (c) => sound(() => synthCity(c)),
      ),
  ],
] as const)(
  'every value of %s',
  (_what, sweep) => {
    expect(sweep()).toEqual([]);
  },
  900_000,
);

describe('every value of each entry point the province scenario does not reach', () => {
  test.each(ENTRY_POINTS.map((e) => [e.name, e] as const))(
    '%s',
    (_name, e) => {
      const problems = sweepValues(
        e.base(),
        EXOTIC,
        (base, path, value) => mutateInput(base, { kind: 'set', path, value }),
        (input) => entryPointProblems(e, input, false),
      );
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
