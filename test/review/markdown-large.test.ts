/**
 * The review of a large province (thousands of departments): integration suite (test/integration-suites.js), since
 * it synthesizes the whole province.
 */
import { buildReview, DEFAULT_MAX_CHARS, readSynthOutput, renderMarkdown } from '../../lib/review';
import { balanced, mermaidBlocks, parseMermaid, synthLargeProvince } from './fixtures';

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
