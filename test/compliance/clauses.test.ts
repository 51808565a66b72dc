import { MlpsLevel3Checks } from '../../lib';
import { clauseInfo, compareClauses, confidenceMark, CONTROL_POINTS } from '../../lib/compliance/clauses';
import { MANUAL_EVIDENCE, mlpsItem, MLPS_LEVEL3_ITEMS } from '../../lib/compliance/mlps-items';
import { citationCertainty } from '../../lib/compliance/rule';

test('every clause a rule cites is a known level-3 item with its text, and its certainty is known', () => {
  for (const rule of MlpsLevel3Checks.RULES) {
    expect(rule.clauses.length).toBeGreaterThan(0);
    for (const c of rule.clauses) expect(`${rule.id} ${c} ${clauseInfo(c) && mlpsItem(c) ? 'known' : 'unknown'}`).toBe(`${rule.id} ${c} known`);
    for (const c of rule.fullyTests ?? []) expect(`${rule.id} fully tests ${c}: ${rule.clauses.includes(c) ? 'cited' : 'not cited'}`).toBe(`${rule.id} fully tests ${c}: cited`);
    for (const c of rule.clauses) expect(['full', 'partial']).toContain(citationCertainty(rule, c));
  }
});

test('a letter past the last level-3 item of its control point is unknown', () => {
  expect(clauseInfo('8.1.2.2 b')).toBeDefined();
  expect(clauseInfo('8.1.2.2 c')).toBeUndefined(); // c) is a level-4 item
  expect(clauseInfo('8.1.4.11 b')!.point.titleZh).toBe('个人信息保护');
  expect(clauseInfo('8.1.4.11 c')).toBeUndefined();
});

test('the vendored items are the level-3 items: as many per layer as GB/T 28448-2019 has level-3 test units', () => {
  const count = (prefixes: string[]) => MLPS_LEVEL3_ITEMS.filter((i) => prefixes.some((p) => i.clause.startsWith(p + '.'))).length;
  expect(count(['8.1.2'])).toBe(8); // L3-CNS1
  expect(count(['8.1.3'])).toBe(20); // L3-ABS1
  expect(count(['8.1.4'])).toBe(34); // L3-CES1
  expect(count(['8.1.5'])).toBe(12); // L3-SMC1
  expect(count(['8.2.2'])).toBe(5); // L3-CNS2
  expect(count(['8.2.3'])).toBe(8); // L3-ABS2
  expect(count(['8.2.4'])).toBe(19); // L3-CES2
  expect(count(['8.2.5'])).toBe(4); // L3-SMC2
  expect(mlpsItem('8.1.4.3 a')!.textZh).toBe('应启用安全审计功能，审计覆盖到每个用户，对重要的用户行为和重要安全事件进行审计。');
  expect(mlpsItem('8.2.4.5 b')!.textZh).toContain('只有在云服务客户授权下');
});

test('every control point has its items, its number in the clause table and what to look at beyond the rules', () => {
  const points = new Set(MLPS_LEVEL3_ITEMS.map((i) => i.clause.split(' ')[0]));
  expect([...points].sort(compareClauses)).toEqual([...CONTROL_POINTS.keys()].sort(compareClauses));
  for (const p of points) expect(`${p}: ${MANUAL_EVIDENCE[p] ? 'manual evidence' : 'none'}`).toBe(`${p}: manual evidence`);
  for (const i of MLPS_LEVEL3_ITEMS) expect(i.textZh).toMatch(/^[^釆査単]+。$/);
});

/**
 * The items the catalog (docs/mlps-l3-catalog.md §1) says a synth-time rule can check, fully or in part. Each is cited
 * by a rule, or listed in GAPS with why not yet: a citation dropped, or an item left out, fails here.
 */
const CHECKABLE =
  '8.1.2.1 a-e; 8.1.2.2 a-b; 8.1.3.1 a,c; 8.1.3.2 a-e; 8.1.3.3 a-d; 8.1.3.5 a-d; 8.1.4.1 a-d; 8.1.4.2 a-g; 8.1.4.3 a-d; 8.1.4.4 a,b,c,e,f; 8.1.4.5 a; ' +
  '8.1.4.6 a; 8.1.4.7 a-b; 8.1.4.8 a-b; 8.1.4.9 a-c; 8.1.4.10 a-b; 8.1.4.11 a-b; 8.1.5.1 a-b; 8.1.5.2 a-b; 8.1.5.3 a-b; 8.1.5.4 a-f; 8.2.1.1 a; 8.2.2.1 a-b; ' +
  '8.2.3.1 a-b; 8.2.3.2 a-d; 8.2.3.3 a-b; 8.2.4.1 a; 8.2.4.2 a-b; 8.2.4.3 a-c; 8.2.4.4 a-c; 8.2.4.5 a,b,d; 8.2.4.6 a-c; 8.2.4.7 a-b; 8.2.5.1 a-b; 8.2.7.1 a';
const GAPS: Record<string, string> = {
  '8.1.3.2 e': 'manual evidence: application-layer control (WAF, L7 policies) is configured in products the landing zone does not install',
  '8.1.3.5 c': 'manual evidence: the protection and backup of gateway logs happens in the log store, outside the configuration',
  '8.1.3.5 d': 'manual evidence: separate analysis of remote and internet access is done in the log store (SOC)',
  '8.2.4.4 a': 'manual evidence: node operating-system images are built and hardened outside the landing zone (it manages no nodes)',
  '8.2.7.1 a': 'manual evidence: where operators work from is not in the configuration',
};

function expand(spec: string): string[] {
  return spec.split('; ').flatMap((part) => {
    const [point, letters] = part.split(' ');
    return letters.split(',').flatMap((l) => {
      const [from, to] = l.split('-');
      const out: string[] = [];
      for (let c = from.charCodeAt(0); c <= (to ?? from).charCodeAt(0); c++) out.push(`${point} ${String.fromCharCode(c)}`);
      return out;
    });
  });
}

test('every item a synth-time rule can check is cited by a rule, or is a listed gap', () => {
  const cited = new Set(MlpsLevel3Checks.RULES.flatMap((r) => r.clauses));
  const checkable = expand(CHECKABLE);
  for (const c of checkable) expect(mlpsItem(c)).toBeDefined();
  const uncited = checkable.filter((c) => !cited.has(c) && !GAPS[c]);
  expect(uncited).toEqual([]);
  // A gap that a rule now cites is no gap: remove it from the list.
  expect(Object.keys(GAPS).filter((c) => cited.has(c))).toEqual([]);
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
