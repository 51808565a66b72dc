import { LandingZoneError } from '../../lib';
import { formatProblem } from '../../lib/core/errors';

const p = { path: 'zj-health/wjw', value: 'W J W', message: 'bad code', fix: 'use "wjw"', code: 'invalid-name' };

test('the message lists every problem with path, value, problem and fix', () => {
  const e = new LandingZoneError([p, { ...p, path: 'zj/clusters/c1', value: 24, code: 'over-capacity' }]);
  expect(e.message).toContain('2 problems found in the landing zone; nothing was written');
  expect(e.message).toContain('1. [invalid-name] zj-health/wjw\n   value: "W J W"\n   problem: bad code\n   fix: use "wjw"');
  expect(e.message).toContain('2. [over-capacity] zj/clusters/c1\n   value: 24');
  expect(e.problems).toHaveLength(2);
  expect(e.name).toBe('LandingZoneError');
});

test('the stack is the message, not a trace into the library', () => {
  const e = new LandingZoneError([p]);
  expect(e.stack).toBe(`LandingZoneError: ${e.message}`);
  expect(e.stack).not.toMatch(/\n\s+at /);
});

test('isLandingZoneError recognises instances but not other errors', () => {
  expect(LandingZoneError.isLandingZoneError(new LandingZoneError([p]))).toBe(true);
  expect(LandingZoneError.isLandingZoneError(new Error('x'))).toBe(false);
  expect(LandingZoneError.isLandingZoneError(undefined)).toBe(false);
});

test('formatProblem without an index', () => {
  expect(formatProblem(p)).toBe('[invalid-name] zj-health/wjw\nvalue: "W J W"\nproblem: bad code\nfix: use "wjw"');
});
