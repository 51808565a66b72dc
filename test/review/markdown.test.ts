import { buildReview, DEFAULT_MAX_CHARS, mdCode, mdText, readSynthOutput, renderMarkdown } from '../../lib/review';
import { addFutureSections, grantEgress, mermaidBlocks, parseMermaid, synthDemo, synthLargeProvince } from './fixtures';

function balanced(md: string): void {
  expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
  expect((md.match(/<details[ >]/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
}

test('the demo as it is on main: summary, topology, quota versus capacity, isolation, recovery targets; later sections "not declared"', () => {
  const out = readSynthOutput(synthDemo(), 'cdktf.out');
  const md = renderMarkdown(buildReview({ head: out }));
  const resources = [...out.stacks.values()].reduce((n, s) => n + s.resources.size, 0);
  expect(md.startsWith('<!-- gov-lz review -->\n## 🏛️ gov-lz review · 浙江省政务云 (`zj`)\n')).toBe(true);
  expect(md).toContain(`compliance: not evaluated (no compliance.json) · 7 stacks · ${resources} resources · 14 tenants`);
  for (const h of ['### Summary', '### Topology', '### Quota versus capacity', '### Isolation and grants', '### Recovery', '### Compliance']) expect(md).toContain(`\n${h}`);
  expect(md).toContain('| `health` 医疗健康行业云 | IMPORTANT | `hz-a-core` `hz-b-core` | `zj-health` | RTO 15 min · RPO 5 min · 99.99 % | **5**: cdc, jkm, wjw, ybj, yjj |');
  expect(md).toContain('| `hz-a-core` 杭州A核心集群（鲲鹏） | hz-a · PRIVATE · arm64 | 14 | 752 / 2,000 🟢 37.6 % | 3,008 / 8,192 🟢 36.7 % | 18,560 / 100,000 🟢 18.6 % | 4,700 / 20,000 🟢 23.5 % | – |');
  expect(md).toContain('namespaces ✅ 29/29 · default-deny ✅ 29/29 · ResourceQuota ✅ 29/29 · Pod Security `restricted` ✅ 14/14 tenants · ClusterRoleBindings ✅ none');
  expect(md).toContain('| ✅ `wjw` 省卫生健康委员会 | health | IMPORTANT | 2/2 | restricted | 2/2 | allow-from-gateway, allow-same-namespace | allow-dns, allow-same-namespace | sa:deployer → edit, wjw-admins → admin, wjw-auditors → view | – |  |');
  expect(md).toContain('**Shared middleware**: not declared in this output (no `middleware` section in the inventory).');
  expect(md).toContain('✅ every tenant meets its target · 14 tenants.');
  expect(md).toContain('*Not evaluated: the output has no `gov-lz/compliance.json`.*');
  expect(md).not.toContain('### ⛔ Destructive changes');
  expect(md).not.toContain('### Changes against');
  expect(mermaidBlocks(md)).toHaveLength(1);
  balanced(md);
});

test('FUTURE sections: grant matrix with the egress check, burst headroom, recovery target versus achievable, compliance findings and suppressions', () => {
  const out = synthDemo((hub) => grantEgress(hub, 'wjw', 'postgres', 5432));
  addFutureSections(out, { recoveryMiss: 'ksy', complianceErrors: 1 });
  const md = renderMarkdown(buildReview({ head: readSynthOutput(out) }));
  expect(md).toContain('**MLPS3**: ❌ 1 error (1 warning, 1 suppressed)');
  expect(md).toContain('| `postgres` | postgres | `gov-lz-middleware` | `hz-a-core` `hz-b-core` | `postgres-rw.gov-lz-middleware.svc:5432` | 2 tenants |');
  expect(md).toContain('| tenant | `kafka` | `postgres` | `redis` |');
  // wjw's egress policy exists on both clusters (real synth through addNetworkRule); ybj's grant has none.
  expect(md).toContain('| `wjw` 省卫生健康委员会 | · | ✅ 5432 | · |');
  expect(md).toContain('| `ybj` 省医疗保障局 | · | ⚠️ 5432 | · |');
  expect(md).toMatch(/\| ❌ `ybj` 省医疗保障局 .* grant postgres:5432 has no matching egress NetworkPolicy on every cluster \|/);
  expect(md).toContain('| `ali-burst` 公有云弹性集群 | ali-hz · PUBLIC · amd64 | 1 | 128 / 1,000 🟢 12.8 % | 512 / 4,096 🟢 12.5 % | – | 600 / 10,000 🟢 6.0 % | 1 tenant, ≤ 128 cpu |');
  expect(md).toContain('❌ **1 tenant misses its target** (listed first) · 14 tenants.');
  expect(md).toContain('| ❌ | `ksy` 省教育考试院 | education | RTO 30 min · RPO 15 min · 99.9 % | RTO 90 min · RPO 30 min · 99.9 % | workloads, volumes | ✗ the DR centre nb has no cluster to restore to |');
  expect(md).toContain('| ✅ | `wjw` 省卫生健康委员会 | health | RTO 15 min · RPO 5 min · 99.99 % | RTO 8 min · RPO 1 min · 99.99 % | workloads, volumes | RTO 40 min · RPO 15 min |');
  expect(md).toContain('### Compliance: MLPS3\n\n❌ **1 error** · 1 warning · 1 suppressed · 40 compliant · 3 not applicable');
  expect(md).toContain('| ❌ | `MLPS3-7` 默认拒绝的网络访问控制 | 8.1.3.2 a | zj-health kubernetes_namespace_v1.t0--hz-a-core | namespace has no default-deny NetworkPolicy | keep the tenant default-deny policy |');
  expect(md).toContain('| `MLPS3-21` | zj/education | 宁波灾备中心 backup storage is procured in Q3 | platform-team | 2026-09-30 | ✅ |');
  expect(md).not.toContain('not declared in this output');
  balanced(md);
});

test('a large province stays under the comment limit: rows are cut least-important first and the cut is stated', () => {
  // 600 departments in the base; the head drops 100 and adds 50: thousands of resource changes.
  const base = synthLargeProvince(600);
  const head = synthLargeProvince(500, (hub) => {
    for (let i = 0; i < 50; i++) hub.industryCloud(`ind${i % 10}`).addTenant(`new${i}`, { displayName: `新委办局${i}`, quota: { cpu: 4, memoryGi: 16 } });
  });
  const review = buildReview({ head: readSynthOutput(head), base: readSynthOutput(base), failOn: ['destructive'] });
  expect(review.changes!.counts.delete).toBeGreaterThan(1500);
  const full = renderMarkdown(review, { maxChars: 10_000_000 });
  expect(full.length).toBeGreaterThan(DEFAULT_MAX_CHARS * 5);
  const md = renderMarkdown(review);
  expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
  expect(md).toMatch(/more (resource changes|tenants|domain changes) not shown \(cut to keep this comment under its size limit; `gov-lz review --format json` lists them all\)/);
  // What matters most survives: the verdict, the destructive section, the totals, the compliance line.
  expect(md).toContain('**⛔ 500 destructive changes**'); // 100 tenants removed, their 200 namespaces and their 200 backup schedules
  expect(md).toContain('### ⛔ Destructive changes');
  // One row per stack and reason: the namespaces of the 10 departments removed from each industry cloud.
  expect(md).toMatch(/\| ➖ delete ×20 \| diff \| `zj-ind0` \| 10 tenants: `dept500`, `dept510`, `dept520`, `dept530`, `dept540`, `dept550`, … \+4 \| /);
  expect(md).toContain('This review fails the build: `--fail-on destructive`.');
  // Everything the 50 new departments own is created; nothing else is.
  const created = [...readSynthOutput(head).stacks.values()].reduce((n, s) => n + [...s.resources.values()].filter((r) => r.name.startsWith('new')).length, 0);
  expect(review.changes!.counts.create).toBe(created);
  expect(md).toContain(`**Resources**: ➕ ${created.toLocaleString('en-US')} created`);
  expect(md).toContain('### Compliance');
  balanced(md);
  const diagrams = mermaidBlocks(md);
  expect(diagrams).toHaveLength(1);
  expect(parseMermaid(diagrams)).toEqual([{ ok: true, type: 'flowchart-v2' }]);

  // A tiny budget still gives a well-formed comment that says it was cut.
  const tiny = renderMarkdown(review, { maxChars: 3000 });
  expect(tiny.length).toBeLessThanOrEqual(3000);
  expect(tiny).toMatch(/cut here to stay under the size limit|Left out to stay under the size limit/);
  balanced(tiny);
});

test('cell text is escaped: pipes, line breaks and markup cannot break a table', () => {
  expect(mdText('a|b\nc <img src=x>')).toBe('a\\|b c &lt;img src=x&gt;');
  expect(mdCode('x|`y`')).toBe("`x\\|'y'`");
});
