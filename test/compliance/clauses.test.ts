import { MlpsLevel3Checks } from '../../lib';
import { clauseInfo, compareClauses, confidenceMark, CONTROL_POINTS } from '../../lib/compliance/clauses';

test('every clause a rule cites is a known level-3 control point with an item letter', () => {
  for (const rule of MlpsLevel3Checks.RULES) {
    expect(rule.clauses.length).toBeGreaterThan(0);
    for (const c of rule.clauses) expect(`${rule.id} ${c} ${clauseInfo(c) ? 'known' : 'unknown'}`).toBe(`${rule.id} ${c} known`);
  }
});

test('confidence follows the catalog: † inferred numbers, ⚠ single source, ‡ letters by position', () => {
  expect(clauseInfo('8.2.2.1 b')!.confidence).toBe('inferred');
  expect(clauseInfo('8.1.5.3 a')!.confidence).toBe('single-source');
  expect(clauseInfo('8.1.3.2 c')!.confidence).toBe('confirmed');
  expect(clauseInfo('8.1.2.1 b')!.confidence).toBe('confirmed');
  expect(clauseInfo('8.1.2.1 e')!.confidence).toBe('letter-by-position');
  expect(clauseInfo('8.2.4.6 a')!.confidence).toBe('letter-by-position');
  expect(clauseInfo('8.1.9.9 a')).toBeUndefined();
  expect(clauseInfo('8.1.3.2')).toBeUndefined();
  expect(['inferred', 'single-source', 'letter-by-position', 'confirmed'].map((c) => confidenceMark(c as any))).toEqual(['†', '⚠', '‡', '']);
  expect(CONTROL_POINTS.get('8.2.4.4')).toMatchObject({ titleZh: '镜像和快照保护', numberConfidence: 'inferred' });
});

test('clauses sort in the standard’s order', () => {
  expect(['8.1.4.10 a', '8.2.1.1 a', '8.1.4.9 b', '8.1.4.9 a', '8.1.2.1 c'].sort(compareClauses)).toEqual(['8.1.2.1 c', '8.1.4.9 a', '8.1.4.9 b', '8.1.4.10 a', '8.2.1.1 a']);
});
