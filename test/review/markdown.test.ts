import { buildReview, mdCode, mdText, readSynthOutput, renderMarkdown } from '../../lib/review';
import { balanced, makeWjwUnbounded, mermaidBlocks, synthDemo, synthDemoReport, withReportErrors } from './fixtures';

test('the demo as main synthesizes it: summary, topology, capacity, isolation and grants, placement, burst, recovery', () => {
  const out = readSynthOutput(synthDemo(), 'cdktf.out');
  const md = renderMarkdown(buildReview({ head: out }));
  const resources = [...out.stacks.values()].reduce((n, s) => n + s.resources.size, 0);
  expect(md.startsWith('<!-- gov-lz review -->\n## 🏛️ gov-lz review · 浙江省政务云 (`zj`)\n')).toBe(true);
  // The hub's MLPS level 3 pack wrote gov-lz/compliance.json: no error (synth would have stopped), the demo's eight warnings.
  expect(md).toContain(`**MLPS3**: ✅ no errors (27 warnings, 99 suppressed) · 9 stacks · ${resources} resources · 14 tenants`);
  for (const h of ['### Summary', '### Topology', '### Quota versus capacity', '### Isolation and grants', '### Placement', '### Recovery', '### Compliance']) expect(md).toContain(`\n${h}`);
  expect(md).toContain('| `health` 医疗健康行业云 | IMPORTANT | `hz-a-core` `hz-b-core` | `zj-health` | RTO 15 min · RPO 5 min · 99.99 % | **5**: cdc, jkm, wjw, ybj, yjj |');
  // The exam authority's burst quota counts on the public cluster.
  expect(md).toContain('| `ali-burst` 公有云弹性集群 | ali-hz · PUBLIC · amd64 | 1 | 128 / 1,000 🟢 12.8 % | 512 / 4,096 🟢 12.5 % | – | 600 / 10,000 🟢 6.0 % | 1 tenant, ≤ 128 cpu |');
  // 14 tenants on the Hangzhou pair, plus the burst namespace on the public cluster.
  // The only ClusterRoleBindings are the hub's three administrator roles on each cluster (三权分立, checked by MLPS3-25).
  expect(md).toContain(
    // The restore verification's binding on each private cluster is shown, not hidden.
    'namespaces ✅ 30/30 · default-deny ✅ 30/30 · ResourceQuota ✅ 30/30 · Pod Security `restricted` ✅ 14/14 tenants · ClusterRoleBindings ⚠️ 2 besides the 12 administrator role bindings (三权分立)',
  );
  // wjw's grant is opened on both clusters; on the replica site hz-b-core also to the primary's site endpoint.
  expect(md).toContain(
    '| ✅ `wjw` 省卫生健康委员会 | health | IMPORTANT | 2/2 | restricted | 2/2 | allow-from-gateway, allow-same-namespace | allow-dns, allow-same-namespace, egress-middleware-postgres, egress-middleware-postgres-hz-a-core, egress-middleware-postgres-hz-b-core | sa:deployer → edit, wjw-admins → admin, wjw-auditors → view | postgres:5432 |  |',
  );
  // The exam authority's Redis grant is opened on its two private clusters only, never on its burst namespace: no problem.
  expect(md).toContain(
    '| ✅ `ksy` 省教育考试院 | education | GENERAL | 3/3 | restricted | 3/3 | allow-from-gateway, allow-same-namespace | allow-dedicated-line, allow-dns, allow-same-namespace, egress-middleware-redis | ksy-admins → admin, sa:deployer → edit | redis:6379 |  |',
  );
  // PostgreSQL is one database over the Hangzhou pair, as found in its CloudNativePG Clusters and ScheduledBackups.
  expect(md).toContain(
    '| `postgres` | postgresql · cloudnative-pg 0.29.0 | `gov-lz-middleware` | `hz-a-core` `hz-b-core` | `postgres-pooler.gov-lz-middleware.svc:5432` | one database: primary `hz-a-core` → replica `hz-b-core` · replica sites write to `pg-hz-a.zj.gov.internal:5432` · WAL to `s3://zj-landing-zone-backups/zj/postgres/postgres` · base backups on `hz-a-core` `hz-b-core` (`0 0 2 * * *`) | 7 cpu, 25 Gi, 1,500 Gi storage, 5 pods | 6 tenants |',
  );
  expect(md).toContain(
    '| `redis` | redis · redis-operator 0.26.1 | `gov-lz-middleware` | `hz-a-core` `hz-b-core` | `redis-master.gov-lz-middleware.svc:6379` | – | 3.9 cpu, 25.13 Gi, 60 Gi storage, 6 pods | 4 tenants |',
  );
  expect(md).toContain('| tenant | `kafka` | `postgres` | `redis` |');
  expect(md).toContain('| `ksy` 省教育考试院 | · | · | ✅ 6379 |');
  expect(md).toContain('| `zwfw` 省政务服务中心 | · | ✅ 5432 | ✅ 6379 |');
  // Placement, read from the stacks: admission bindings, 信创 node selectors, the burst namespace's quota, autoscalers and egress.
  expect(md).toContain('registry allow-list `harbor.zj.gov.internal`: ✅ enforced on 3 clusters');
  expect(md).toContain('domestic hardware (信创): 5 tenants, ✅ 10/10 namespaces with the arm64 node selector and the admission binding');
  expect(md).toContain(
    '| ✅ `ksy` 省教育考试院 | GENERAL | `ali-burst` | 128 cores · 512 Gi · 600 pods | 128 cores · 512 Gi · 600 pods | score-query@ali-burst 1–256, score-query@hz-a-core 2–40, score-query@hz-b-core 2–40 | `10.200.0.0/24:443` | 872 cores free |  |',
  );
  // Recovery from the planner's section: target versus achievable, backups, and the DR centre that has no cluster.
  // The PostgreSQL departments of health and egov miss the 15-minute RTO (manual promotion): accepted, and shown.
  expect(md).toContain('❌ **4 tenants miss their target** (listed first) of 14 · tightest: `cdc` at 47 % of its target');
  expect(md).toContain('Volumes between the production sites: **synchronous** replication · backups to https://oss.nb.zj.gov.internal bucket zj-landing-zone-backups/zj (nb, ningbo)');
  expect(md).toContain('⚠️ Both production sites lost: restoring at the DR centre is **not possible** for every tenant (14): the DR centre nb has no cluster to restore to');
  // The shared middleware a tenant uses is part of its recovery, with its own figures: PostgreSQL's replica cluster is
  // promoted in 2 minutes and loses at most the WAL archive's 1.5 minutes; a cache holds no data of record.
  expect(md).toMatch(
    /\| ❌ accepted \| `wjw` 省卫生健康委员会 \(PostgreSQL promotion.*?\) \| health \| RTO 15 min · RPO 5 min · 99\.99 % \| RTO 26\.5 min · RPO 1\.5 min · [\d.]+ % \| 0–1\.5 min · [\d.]+–26\.5 min \|/,
  );
  expect(md).toMatch(
    /\| ✅ \| `ksy` 省教育考试院 \| education \| RTO 30 min · RPO 15 min · 99\.9 % \| RTO 7 min · RPO 0 min · [\d.]+ % \| 0 min · 2\.5–7 min \| \d+ % \| workloads, volumes, redis:redis \(RTO 0 min · no data of record\) \| every 24 h, kept 30 d \|/,
  );
  expect(md).toContain('| mechanism | used by | RPO | RTO | how |');
  expect(md).toContain('| `postgresql:postgres` | 4 tenants | 1.5 min | 20 min | PostgreSQL "postgres": asynchronous replica cluster on hz-b-core; the guaranteed bound is the WAL archive |');
  expect(md).toMatch(/\| `redis:redis` \| 3 tenants \| no data of record \| 0 min \| Redis "redis": a replication group with sentinels per cluster; .* \|\n/);
  expect(md).not.toContain('no Velero schedule');
  expect(md).not.toContain('not declared in this output');
  expect(md).toContain('### Compliance: MLPS3 (GB/T 22239-2019 (MLPS 2.0) level 3)');
  expect(md).toMatch(/✅ no errors · ⚠️ \*\*27 warnings\*\* · 99 suppressed findings · rules: \d+ compliant · \d+ not applicable · 0 disabled/);
  expect(md).toMatch(/\| ⚠️ \| `MLPS3-17` 入侵检测与告警 \| .* \| zj\/clusters\/hz-a-core \| cluster "hz-a-core" declares no runtime intrusion detection/);
  expect(md).not.toContain('### ⛔ Destructive changes');
  expect(md).not.toContain('### Changes against');
  expect(mermaidBlocks(md)).toHaveLength(1);
  balanced(md);
});

test('what the stacks really hold is checked: a missing 信创 selector, a burst quota unlike its ceiling, a missing backup schedule', () => {
  const out = readSynthOutput(synthDemo());
  const egov = out.stacks.get('zj-egov')!.resources;
  delete (egov.get('kubernetes_namespace_v1.dsj--hz-b-core')!.body.metadata as any).annotations['scheduler.alpha.kubernetes.io/node-selector'];
  const edu = out.stacks.get('zj-education')!.resources;
  (edu.get('kubernetes_resource_quota_v1.ksy--ali-burst')!.body.spec as any).hard['limits.cpu'] = '512';
  out.stacks.get('zj-health')!.resources.delete('kubernetes_manifest.cdc--hz-b-core--backup');
  const p = buildReview({ head: out }).provinces[0];
  expect(p.isolation.find((t) => t.tenant === 'dsj')!.problems).toEqual([
    "domestic (信创) hardware is required, but namespace dsj on hz-b-core lacks the gov-lz.io/domestic-hardware label, the arm64 node selector or the cluster's gov-lz-domestic-hardware admission binding",
  ]);
  expect(p.placement.domesticHardware).toEqual({ tenants: ['dsj', 'gat', 'mzt', 'rst', 'zwfw'], namespaces: 10, verified: 9 });
  expect(p.burst[0].problems).toEqual(['the ResourceQuota in ksy on ali-burst (512 cores, 512 GiB) differs from the declared ceiling (128 cores, 512 GiB)']);
  expect(p.recovery.unprotected).toEqual(['cdc']);
  const md = renderMarkdown(buildReview({ head: out }));
  expect(md).toContain('❌ **1 tenant of industry clouds with a recovery objective has no Velero schedule in these stacks**: `cdc`.');
  expect(md).toMatch(/\| ✅ \| `cdc` 省疾病预防控制中心 \| .* \| every 4 h, kept 90 d · ❌ no Schedule on hz-b-core \|/);
});

test('a grant whose egress policy is missing on one cluster is a problem; the compliance report: findings, suppressions, disabled rules', () => {
  const dir = synthDemoReport();
  withReportErrors(dir, 1);
  const out = readSynthOutput(dir);
  out.stacks.get('zj-health')!.resources.delete('kubernetes_network_policy_v1.ybj--hz-b-core--egress-middleware-postgres');
  out.stacks.get('zj-hub')!.resources.delete('kubernetes_network_policy_v1.postgres--hz-a-core--cross-site');
  const md = renderMarkdown(buildReview({ head: out }));
  expect(md).toMatch(/\n\| ❌ `postgres` \| postgresql · cloudnative-pg 0\.29\.0 \|/);
  expect(md).toContain(
    "\n❌ `postgres`: replicas and tenants on hz-b-core cannot reach the primary on hz-a-core: no ingress NetworkPolicy from another site's address block on port 5432 in gov-lz-middleware\n",
  );
  expect(md).toContain('**MLPS3**: ❌ 1 error (23 warnings, 102 suppressed)');
  expect(md).toContain('| `wjw` 省卫生健康委员会 | · | ✅ 5432 | · |');
  expect(md).toContain('| `ybj` 省医疗保障局 | · | ⚠️ 5432 | · |');
  expect(md).toMatch(/\| ❌ `ybj` 省医疗保障局 .* grant postgres:5432 has no matching egress NetworkPolicy on hz-b-core \|/);
  expect(md).toContain(
    '### Compliance: MLPS3 (GB/T 22239-2019 (MLPS 2.0) level 3)\n\n❌ **1 error** · ⚠️ **23 warnings** · 102 suppressed findings · rules: 41 compliant · 2 not applicable · 1 disabled',
  );
  expect(md).toContain(
    '| ❌ | `MLPS3-17` 入侵检测与告警 | 8.1.3.3 a, 8.1.3.3 b, 8.1.3.3 c, 8.1.3.3 d, 8.1.4.4 f | zj/clusters/ali-burst | cluster "ali-burst" declares no runtime intrusion detection |',
  );
  expect(md).toContain('| ⚠️ | `MLPS3-27` 集中监测与审计数据汇总 | 8.1.5.4 c, 8.1.5.4 d, 8.1.5.4 f | zj/clusters/hz-b-core | cluster "hz-b-core" declares no log collector |');
  expect(md).toContain('| `MLPS3-42` | zj | the hub gateway is installed and audited by the network team | platform-team | 2026-09-30 | 3 findings |');
  // 47 suppressions: the hub's and the demo's dispositions of the findings inside the operator charts, all listed (the
  // comment stays under its size limit).
  expect(md).toContain('<summary>47 suppressions</summary>');
  expect(md).toContain('| `MLPS3-12` | zj-platform-ali-burst/App-keda helm_release.keda--ali-burst\\[keda/templates/manager/clusterrole.yaml#ClusterRole:keda-operator\\] |');
  expect(md).not.toContain('more suppressions not shown');
  expect(md).toContain('| `MLPS3-25` 三权分立：系统管理、审计管理与安全管理 | disabled | zj | the 三权分立 roles are held by the province IAM | security-office | 2026-12-31 |');
  expect(md).toContain('| `MLPS3-2` | error → warning | zj |');
  expect(md).toContain('<sub>Clause numbers follow GB/T 22239-2019 chapter 8');
  balanced(md);
});

test('"unbounded" and null figures: a tenant whose loss nothing bounds is listed first, as unbounded, not as a number', () => {
  const dir = synthDemo();
  makeWjwUnbounded(dir);
  const review = buildReview({ head: readSynthOutput(dir) });
  const rows = review.provinces[0].recovery.rows;
  expect(rows[0]).toMatchObject({ subject: 'wjw', meets: false, usedShare: 'unbounded', achievable: { rpoMinutes: 'unbounded' } });
  expect(review.provinces[0].recovery.middleware!.find((m) => m.mechanism === 'postgresql:postgres')).toMatchObject({
    rpoMinutes: 'unbounded',
    rtoMinutes: 20,
    tenants: ['dsj', 'wjw', 'ybj', 'zwfw'],
  });
  const md = renderMarkdown(review);
  // The demo's PostgreSQL departments miss the 15-minute RTO (accepted shortfall, manual promotion); wjw is unbounded too.
  expect(md).toMatch(/❌ \*\*\d+ tenants miss their target\*\* \(listed first\) of 14/);
  expect(md).toMatch(/\| ❌ accepted \| `wjw` 省卫生健康委员会 \(PostgreSQL promotion.*?\) \| health \| RTO 15 min · RPO 5 min · 99\.99 % \| RTO 26\.5 min · RPO unbounded/);
  expect(md).toContain('| `postgresql:postgres` | 4 tenants | unbounded | 20 min |');
  expect(md).not.toMatch(/unbounded min|NaN|Infinity|null min/);
  // The JSON review keeps the word: Infinity would become null in JSON.
  expect(JSON.stringify(review)).toContain('"usedShare":"unbounded"');
});

test('cell text is escaped: pipes, line breaks and markup cannot break a table', () => {
  expect(mdText('a|b\nc <img src=x>')).toBe('a\\|b c &lt;img src=x&gt;');
  expect(mdCode('x|`y`')).toBe("`x\\|'y'`");
});
