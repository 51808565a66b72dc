/**
 * The province review of a city project's output: a province read from the hub's published contract
 * (examples/city/zj-hub.json, the contract the demo publishes), with the city's own tenants only.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { LandingZoneStack, ProvinceHub, PublishedHub, StateBackend, Tenant } from '../../lib';
import { buildReview, readSynthOutput, renderMarkdown } from '../../lib/review';
import { tmpdir } from '../helpers';
import { ROOT } from './fixtures';

function synthCity(): string {
  const outdir = path.join(tmpdir('govlz-city-review-'), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new LandingZoneStack(app, 'hz-city');
  StateBackend.local().bind(stack);
  const zj = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromFile(path.join(ROOT, 'examples', 'city', 'zj-hub.json')));
  new Tenant(stack, 'hz-jyj', { industryCloud: zj.industryCloud('education'), displayName: '杭州市教育局', quota: { cpu: 32, memoryGi: 128, storageGi: 1024, pods: 200 }, admins: ['hz-jyj-admins'] });
  zj.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫生健康委员会', quota: { cpu: 32, memoryGi: 128, storageGi: 2048, pods: 200 }, admins: ['hz-wjw-admins'] });
  app.synth();
  return outdir;
}

test("a city project's output: the published hub is named, capacity includes the hub's reservations, its tenants' recovery is planned", () => {
  const review = buildReview({ head: readSynthOutput(synthCity(), 'cdktf.out') });
  const p = review.provinces[0];
  // The source is written relative to the project, without the folder of the machine that synthesized it.
  expect(p.published).toEqual({ source: 'examples/city/zj-hub.json', schemaVersion: 1, remoteState: null });
  expect(p.tenantCount).toBe(2);
  expect(review.stacks.map((s) => s.name)).toEqual(['hz-city']);
  // The hub's 772.6 cores on hz-a-core (752 for the demo's tenants, 20.6 for the middleware shelf and its exporters) plus this project's 64.
  expect(p.clusters.find((c) => c.name === 'hz-a-core')).toMatchObject({ tenants: 2, allocated: { cpu: 836.6 } });
  expect(p.isolationSummary).toMatchObject({ tenants: 2, namespaces: 4, namespacesExpected: 4, defaultDeny: 4, tenantsWithProblems: 0 });
  // The hub publishes its recovery set-up: the city's tenants get their Velero schedules and a plan.
  expect(p.recovery).toMatchObject({ source: 'planner', unprotected: [] });
  // Tightest target first: health's RPO 5 min before education's.
  expect(p.recovery.rows.map((r: any) => [r.subject, r.meets])).toEqual([
    ['hz-wjw', true],
    ['hz-jyj', true],
  ]);
  const md = renderMarkdown(review);
  expect(md).toContain(
    "City project on the published hub `zj` (contract `examples/city/zj-hub.json`, schemaVersion 1, not checked against the applied contract at plan time): the tenants below are this project's; capacity includes what the hub has reserved.",
  );
  expect(md).not.toContain('have no Velero schedule in these stacks');
  expect(md).toContain('✅ all 2 tenants meet their targets');
  expect(md).not.toContain(ROOT);
});
