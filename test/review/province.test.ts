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

test("a city project's output: the published hub is named, capacity includes the hub's reservations, its tenants' recovery gap is shown", () => {
  const review = buildReview({ head: readSynthOutput(synthCity(), 'cdktf.out') });
  const p = review.provinces[0];
  // The source is shown without the folder of the machine that synthesized it.
  expect(p.published).toEqual({ source: 'zj-hub.json', schemaVersion: 1, remoteState: null });
  expect(p.tenantCount).toBe(2);
  expect(review.stacks.map((s) => s.name)).toEqual(['hz-city']);
  // The hub's 771.8 cores on hz-a-core (752 for the demo's tenants, 19.8 for the middleware shelf) plus this project's 64.
  expect(p.clusters.find((c) => c.name === 'hz-a-core')).toMatchObject({ tenants: 2, allocated: { cpu: 835.8 } });
  expect(p.isolationSummary).toMatchObject({ tenants: 2, namespaces: 4, namespacesExpected: 4, defaultDeny: 4, tenantsWithProblems: 0 });
  // Both industry clouds declare recovery objectives; the city stack has no Velero schedule for their namespaces.
  expect(p.recovery).toMatchObject({ source: 'targets', unprotected: ['hz-jyj', 'hz-wjw'] });
  const md = renderMarkdown(review);
  expect(md).toContain(
    'City project on the published hub `zj` (contract `zj-hub.json`, schemaVersion 1, not checked against the applied contract at plan time): the tenants below are this project\'s; capacity includes what the hub has reserved.',
  );
  expect(md).toContain(
    "❌ **2 tenants of industry clouds with a recovery objective have no Velero schedule in these stacks**: `hz-jyj`, `hz-wjw` (a city project's tenants are not in the hub's recovery plan).",
  );
  expect(md).toContain("*Achievable RTO/RPO: not computed in this output (no `recovery` section in the inventory; the hub's recovery plan is in the hub's output); targets only.*");
  expect(md).not.toContain(ROOT);
});
