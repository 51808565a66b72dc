/** The review of observability: showback per industry cloud, and alerting changes against a base. */
import { buildReview } from '../../lib/review';
import { readSynthOutput } from '../../lib/review/inputs';
import { renderMarkdown } from '../../lib/review/markdown';
import { synthDemo, tenantOf } from './fixtures';

let head: string;
let base: string;
beforeAll(() => {
  head = synthDemo();
  // The base: the demo plus a postgres grant to cdc.
  base = synthDemo((hub) => {
    hub.middleware.get('postgres').grantConnect(tenantOf(hub, 'cdc'));
  });
});

test('showback per industry cloud, in the JSON and the Markdown', () => {
  const review = buildReview({ head: readSynthOutput(head, 'cdktf.out') });
  const health = review.provinces[0].showback!.find((s) => s.industryCloud === 'health')!;
  // wjw 64, ybj 48, jkm 96, cdc 32, yjj 16 cores on each of the two health clusters.
  expect(health).toEqual({ industryCloud: 'health', tenants: 5, reserved: { cpu: 512, memoryGi: 2048, storageGi: 9728 }, grants: { kafka: 1, postgres: 2, redis: 1 } });
  expect(renderMarkdown(review)).toContain('<b>Showback (资源核算)</b>: reserved per industry cloud');
  expect(renderMarkdown(review)).toMatch(/\| health \| 5 \| 512 \| 2048 \| 9728 \| kafka ×1, postgres ×2, redis ×1 \|/);
});

test('removing a grant shows its inhibition removed in the review against the base', () => {
  const review = buildReview({ head: readSynthOutput(head, 'cdktf.out'), base: readSynthOutput(base, 'base') });
  const changes = review.changes!.domain.filter((c) => c.kind.startsWith('inhibition'));
  expect(changes.map((c) => c.message)).toEqual([
    "postgres down on hz-a-core no longer silences cdc's alerts there (grant removed)",
    "postgres down on hz-b-core no longer silences cdc's alerts there (grant removed)",
  ]);
  expect(renderMarkdown(review)).toContain("no longer silences cdc's alerts there");
});
