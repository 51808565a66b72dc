/**
 * The topology diagram is checked with mermaid's own parser (test/review/mermaid-check.mjs), the parser the
 * GitHub and GitLab renderers use; display names with quotes, `#`, markup, backticks and Chinese text must
 * neither break the diagram nor inject anything.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { DataClass, ProvinceHub, RecoveryObjective } from '../../lib';
import { buildReview, mermaidId, mermaidText, type ProvinceRecord, readSynthOutput, topologyMermaid } from '../../lib/review';
import { hubProps, tmpdir } from '../helpers';
import { parseMermaid, synthDemo } from './fixtures';

const HOSTILE = '浙江"省"政务云 #1 <script>alert(1)</script> `x` end | A->B\nsecond line';

function hostileProvince(): string {
  const outdir = path.join(tmpdir('govlz-review-'), 'cdktf.out');
  const app = new App({ outdir });
  const props = hubProps({ displayName: HOSTILE });
  const hub = new ProvinceHub(app, 'zj', {
    ...props,
    recovery: {
      backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' },
      metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
    },
    sites: props.sites.map((s, i) => ({ ...s, displayName: i === 0 ? 'end' : `"${s.name}" (subgraph) {x} [y]` })),
    clusters: props.clusters.map((c) => ({ ...c, displayName: `${c.name} 集群 "quoted" #35; <b>bold</b>` })),
  });
  const ic = hub.addIndustryCloud('health', {
    displayName: '医疗"健康"行业云 %% not a comment',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.SEED,
  });
  ic.addTenant('wjw', { displayName: '卫健委 "quotes" ]) --> x', quota: { cpu: 1, memoryGi: 1 } });
  app.synth();
  return outdir;
}

test('the topology of the demo with its middleware shelf and of hostile display names parses with mermaid', () => {
  const demo = synthDemo();
  const hostile = hostileProvince();
  const diagrams = [demo, hostile].map((dir) => buildReview({ head: readSynthOutput(dir) }).provinces[0].topology);
  const results = parseMermaid([...diagrams, 'flowchart TB\n  a["broken"label"] --> b']);
  expect(results.slice(0, 2)).toEqual([
    { ok: true, type: 'flowchart-v2' },
    { ok: true, type: 'flowchart-v2' },
  ]);
  // The check itself can fail: a broken label is rejected.
  expect(results[2].ok).toBe(false);

  const [demoTopology, hostileTopology] = diagrams;
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
