/**
 * The topology diagram: what it shows, and display names with quotes, `#`, markup, backticks and Chinese text that
 * must neither break the diagram nor inject anything. That mermaid's own parser (the one the GitHub and GitLab
 * renderers use) accepts these diagrams is test/review/mermaid-parse.test.ts, an integration suite: it runs mermaid
 * in a child process.
 */
import { buildReview, mermaidId, mermaidText, type ProvinceRecord, readSynthOutput, topologyMermaid } from '../../lib/review';
import { synthDemo, synthHostileProvince } from './fixtures';

test('the topology of the demo with its middleware shelf, and of hostile display names', () => {
  const [demoTopology, hostileTopology] = [synthDemo(), synthHostileProvince()].map((dir) => buildReview({ head: readSynthOutput(dir) }).provinces[0].topology);
  // Hub, sites as subgraphs with their clusters, the dual-active pair, the DR centre, industry clouds on clusters.
  expect(demoTopology).toContain('subgraph site_hz_a["杭州A生产中心 · hz-a · hangzhou · PRODUCTION"]');
  expect(demoTopology).toContain('site_hz_a <-->|"dual-active 双活"| site_hz_b');
  expect(demoTopology).toContain('site_hz_a -.->|"backup / DR 灾备"| site_nb');
  expect(demoTopology).toContain('ic_health --> cluster_hz_a_core');
  expect(demoTopology).toMatch(/ic_health\["医疗健康行业云<br\/>health · IMPORTANT · RTO 15m RPO 5m<br\/>5 tenants: /);
  // The demo's exam authority (education) bursts to the public cluster; the middleware shelf is one box on the hub.
  expect(demoTopology).toContain('ic_education -. "burst 弹性 ×1, ≤128 cores" .-> cluster_ali_burst');
  expect(demoTopology).toContain('    mw_redis[("redis<br/>redis :6379<br/>on hz-a-core, hz-b-core<br/>granted to 4")]');
  expect(demoTopology).toContain('  hub_zj --- shelf_zj');
  // PostgreSQL is one database over the two sites: its primary's cluster replicates to the replica cluster.
  expect(demoTopology).toContain('    mw_postgres[("postgres<br/>postgresql :5432<br/>primary hz-a-core → replica hz-b-core<br/>granted to 6")]');
  expect(demoTopology).toContain('  cluster_hz_a_core ==>|"postgres: primary → replica 主备"| cluster_hz_b_core');
  // A province without middleware has no shelf.
  expect(hostileTopology).not.toContain('shelf_');
  // Every quote, #, < and > of a display name is an entity; no raw markup survives.
  expect(hostileTopology).toContain('hub_zj["浙江#quot;省#quot;政务云 #35;1 #lt;script#gt;alert(1)#lt;/script#gt; #96;x#96; end | A-#gt;B second line<br/>');
  expect(hostileTopology).not.toContain('<script>');
});

test('labels and ids are escaped', () => {
  expect(mermaidText('a"b#c<d>e`f\ng')).toBe('a#quot;b#35;c#lt;d#gt;e#96;f g');
  expect(mermaidId('cluster', 'hz-a-core')).toBe('cluster_hz_a_core');
  expect(mermaidId('site', 'end')).toBe('site_end');
  expect(mermaidId('x', 'a.b')).toBe('x_ax2eb');
});

test('an inventory without sites or industry clouds still gives a diagram', () => {
  expect(topologyMermaid({ province: 'x' } as ProvinceRecord)).toBe(
    ['flowchart TB', '  hub_x["x<br/>hub x · MLPS level ?"]', '  classDef public fill:#fff4e5,stroke:#e8a33d', '  classDef hubNode fill:#e8f0fe,stroke:#3b6fd8', '  class hub_x hubNode'].join('\n'),
  );
});
