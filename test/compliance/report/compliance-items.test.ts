import { MlpsLevel3Checks } from '../../../lib';
import { commitOf, inputDigest, itemResults, itemTotals } from '../../../lib/compliance/report/compliance-items';
import { ComplianceJson } from '../../../lib/compliance/report/compliance-json';
import { ComplianceView } from '../../../lib/compliance/resource-view';
import type { ComplianceFindingRecord, ComplianceRuleRecord } from '../../../lib/schema/compliance';
import { artifact } from '../../helpers';
import { addManifest, networkPolicy, province, TODAY } from '../helpers';

const rule = (id: string, status: ComplianceRuleRecord['status'], citations: Array<[string, 'full' | 'partial']>): ComplianceRuleRecord =>
  ({ id, status, clauses: citations.map((c) => c[0]), citations: citations.map(([clause, certainty]) => ({ clause, certainty })), evidence: [] }) as unknown as ComplianceRuleRecord;
const finding = (ruleId: string): ComplianceFindingRecord => ({ ruleId }) as ComplianceFindingRecord;
const status = (items: ReturnType<typeof itemResults>, clause: string) => items.find((i) => i.clause === clause)!;

describe('item status', () => {
  test('符合 needs a passing rule that tests the item completely; a partial test that passes is 部分符合 with what is left to see', () => {
    const items = itemResults([rule('X-1', 'compliant', [['8.1.3.2 a', 'full']]), rule('X-2', 'compliant', [['8.1.3.2 b', 'partial']])], []);
    expect(status(items, '8.1.3.2 a')).toMatchObject({ status: '符合', manualEvidence: null, rules: [{ id: 'X-1', certainty: 'full', status: 'compliant' }] });
    expect(status(items, '8.1.3.2 b').status).toBe('部分符合');
    expect(status(items, '8.1.3.2 b').manualEvidence).toContain('边界防火墙');
    expect(status(items, '8.1.3.2 b').textZh).toBe('应删除多余或无效的访问控制规则，优化访问控制列表，并保证访问控制规则数量最小化。');
  });

  test('an open finding of any citing rule makes the item 不符合, even beside a full pass', () => {
    const items = itemResults([rule('X-1', 'compliant', [['8.1.3.2 a', 'full']]), rule('X-2', 'non-compliant', [['8.1.3.2 a', 'partial']])], [finding('X-2')]);
    expect(status(items, '8.1.3.2 a')).toMatchObject({ status: '不符合', basis: expect.stringContaining('X-2') });
  });

  test('findings that are all suppressed leave the item 部分符合, never 符合', () => {
    const items = itemResults([rule('X-1', 'non-compliant', [['8.1.3.2 a', 'full']])], []);
    expect(status(items, '8.1.3.2 a').status).toBe('部分符合');
    expect(status(items, '8.1.3.2 a').basis).toContain('豁免');
  });

  test('不适用 only where every citing rule tests the item completely and found nothing to check; otherwise 未检查', () => {
    const na = itemResults([rule('X-1', 'not-applicable', [['8.1.2.2 a', 'full']]), rule('X-2', 'not-applicable', [['8.1.2.2 b', 'partial']])], []);
    expect(status(na, '8.1.2.2 a').status).toBe('不适用');
    expect(status(na, '8.1.2.2 b')).toMatchObject({ status: '未检查', manualEvidence: expect.stringContaining('传输加密') });
  });

  test('an item no rule cites, or whose rules are disabled, is 未检查 with what the assessor should look at', () => {
    const items = itemResults([rule('X-1', 'disabled', [['8.1.4.11 b', 'full']])], []);
    expect(status(items, '8.1.4.11 b')).toMatchObject({ status: '未检查', basis: expect.stringContaining('已停用'), manualEvidence: expect.stringContaining('个人信息') });
    expect(status(items, '8.1.4.11 a')).toMatchObject({ status: '未检查', basis: expect.stringContaining('没有') });
    const totals = itemTotals(items);
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(items.length);
    expect(totals['未检查']).toBe(items.length);
  });
});

describe('run facts', () => {
  test('the commit comes from the option, else the CI environment; the pack never guesses one', () => {
    expect(commitOf('abc123', { GOVLZ_COMMIT: 'zzz' })).toBe('abc123');
    expect(commitOf(undefined, { GITHUB_SHA: 'g1', GOVLZ_COMMIT: 'gov' })).toBe('gov');
    expect(commitOf(undefined, { CI_COMMIT_SHA: 'c1' })).toBe('c1');
    expect(commitOf(undefined, {})).toBeNull();
    expect(commitOf(' ', {})).toBeNull();
  });

  test('compliance.json and compliance.md carry date, commit, input digest and scope; the digest follows the configuration', () => {
    const build = (extra: boolean) => {
      const { app, hub } = province({ compliance: { today: TODAY, commit: '0123abcd' } });
      if (extra) addManifest(hub.stacks[0], 'extra-policy', networkPolicy('wjw', 'extra', { podSelector: {}, policyTypes: ['Ingress'] }));
      return { app, doc: MlpsLevel3Checks.report(app) as ComplianceJson, view: ComplianceView.build(app) };
    };
    const a = build(false);
    const b = build(false);
    const c = build(true);
    expect(a.doc.run).toMatchObject({ date: TODAY, commit: '0123abcd', inputDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(a.doc.run.inputDigest).toBe(b.doc.run.inputDigest);
    expect(c.doc.run.inputDigest).not.toBe(a.doc.run.inputDigest);
    expect(inputDigest(a.view.resources)).toBe(a.doc.run.inputDigest);
    expect(a.doc.run.scope.clusters).toEqual(expect.arrayContaining(['hz-a-core', 'hz-b-core']));
    expect(a.doc.run.scope.stacks.length).toBeGreaterThan(1);
    expect(a.doc.run.scope.statementZh).toContain('未覆盖');
    a.app.synth();
    const md = artifact(a.app, 'compliance.md');
    expect(md).toContain(`- 检查日期 date: ${TODAY}`);
    expect(md).toContain('- 提交 commit: `0123abcd`');
    expect(md).toContain(`- 输入摘要 input digest: \`${a.doc.run.inputDigest}\``);
  });

  test('every item is reported, passes carry their evidence (file, stack, address), and the totals add up', () => {
    const { app } = province({ compliance: { today: TODAY } });
    const doc = MlpsLevel3Checks.report(app) as ComplianceJson;
    expect(doc.items.length).toBe(112);
    expect(Object.values(doc.itemTotals).reduce((x, y) => x + y, 0)).toBe(112);
    const zone = doc.rules.find((r) => r.id === 'MLPS3-1')!;
    expect(zone.status).toBe('compliant');
    expect(zone.evidence.length).toBeGreaterThan(0);
    for (const e of zone.evidence) {
      expect(e).toEqual({ path: expect.any(String), stack: expect.any(String), file: `stacks/${e.stack}/cdk.tf.json`, resources: expect.any(Array) });
      expect(e.resources.length).toBeGreaterThan(0);
      for (const r of e.resources) expect(r).toMatch(/^kubernetes_/);
      expect(e.resources).toEqual([...e.resources].sort());
    }
    expect(doc.items.find((i) => i.clause === '8.1.2.1 c')).toMatchObject({ status: '部分符合', rules: [{ id: 'MLPS3-1', certainty: 'partial', status: 'compliant' }] });
    // No rule decides personal-information protection yet: listed, not hidden, and never 不适用.
    expect(doc.items.find((i) => i.clause === '8.1.4.11 b')).toMatchObject({ status: '未检查', textZh: '应禁止未授权访问和非法使用用户个人信息。' });
    expect(doc.items.filter((i) => i.status === '不适用').every((i) => i.rules.length > 0 && i.rules.every((r) => r.certainty === 'full'))).toBe(true);
    for (const r of doc.rules) for (const c of r.citations) expect(r.clauses).toContain(c.clause);
  });
});
