import fc from 'fast-check';
import { addDays, dayNumber, isUnder, isUnderAny, localToday, suppressionProblems } from '../../lib/compliance/suppressions';

test('dates: only real calendar days', () => {
  expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-03-01')! - 1);
  expect(dayNumber('2025-02-29')).toBeUndefined();
  expect(dayNumber('2025-6-1')).toBeUndefined();
  expect(dayNumber(20250601)).toBeUndefined();
  expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  expect(localToday(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
});

test('a complete suppression has no problem; each missing part is named', () => {
  const known = (id: string) => id === 'MLPS3-1';
  expect(suppressionProblems({ ruleId: 'MLPS3-1', reason: 'a reason long enough', owner: 'me', expires: '2025-06-01' }, '2025-06-01', known)).toEqual([]);
  expect(suppressionProblems({ ruleId: 'X', reason: '   short   ', owner: '', expires: '2025-05-31', resource: 'not an address' }, '2025-06-01', known).map((p) => `${p.code}:${p.field}`)).toEqual([
    'suppression-invalid:ruleId',
    'suppression-invalid:reason',
    'suppression-invalid:owner',
    'suppression-expired:expires',
    'suppression-invalid:resource',
  ]);
  expect(suppressionProblems({ ruleId: 'MLPS3-1', reason: 'a reason long enough', owner: 'me' }, '2025-06-01', known)[0]).toMatchObject({ field: 'expires', fix: "set expires, e.g. '2025-08-30'" });
});

test('isUnderAny answers as isUnder over every scope, for short and long scope lists', () => {
  const part = fc.constantFrom('zj', 'zj-hub', 'a', 'b', '', 'a/b', 'x--y');
  const path = fc.array(part, { maxLength: 4 }).map((xs) => xs.join('/'));
  fc.assert(
    fc.property(path, fc.array(path, { maxLength: 20 }), (p, scopes) => expect(isUnderAny(p, scopes)).toBe(scopes.some((s) => isUnder(p, s)))),
    { numRuns: 500 },
  );
  const stacks = Array.from({ length: 50 }, (_, i) => `zj-platform-c${i}`);
  expect(isUnderAny('zj-platform-c7/ops/x', stacks)).toBe(true);
  expect(isUnderAny('zj-platform-c7x/ops', stacks)).toBe(false);
  expect(isUnderAny('zj-platform-c7x/ops', [...stacks, ''])).toBe(true);
});
