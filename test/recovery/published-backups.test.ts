import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { BACKUPS_CONTRACT_SECTION, HubContract, LandingZoneStack, parsePublishedBackups, ProvinceHub, PublishedHub } from '../../lib';
import { artifact, newApp, stackJson, synthProblems } from '../helpers';
import { crdValidator, errorsOf } from '../schema';

/** The demo province's published contract. */
function demoContract(): HubContract {
  const app = newApp();
  buildProvince(app);
  app.synth();
  return JSON.parse(artifact(app, 'zj-hub.json'));
}

function city(contract: HubContract, app: App = newApp()) {
  const stack = new LandingZoneStack(app, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(contract, 'zj-hub.json'));
  return { app, stack, hub };
}

const quota = { cpu: 8, memoryGi: 32, storageGi: 256 };

test('the hub publishes where and how its tenants are backed up', () => {
  expect(demoContract()[BACKUPS_CONTRACT_SECTION]).toEqual({
    namespace: 'gov-lz-backup',
    location: 'dr-centre',
    city: 'ningbo',
    clusters: ['hz-a-core', 'hz-b-core'],
    metroStorageReplication: 'synchronous',
    backupDurationSeconds: 300,
  });
});

test("a city's tenants get the Schedule a hub tenant gets, on each published private cluster, valid against the CRD", () => {
  const contract = demoContract();
  const { app, hub } = city(contract);
  hub.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫生健康委员会', quota });
  hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota });
  app.synth();
  const manifests = stackJson(app, 'hz-city').resource.kubernetes_manifest;
  expect(Object.keys(manifests).sort()).toEqual(['hz-jyj--hz-a-core--backup', 'hz-jyj--hz-b-core--backup', 'hz-wjw--hz-a-core--backup', 'hz-wjw--hz-b-core--backup']);
  const s = manifests['hz-wjw--hz-a-core--backup'];
  expect(s.provider).toBe('kubernetes.hz-a-core');
  expect(errorsOf(crdValidator('velero/schedules.yaml'), s.manifest)).toEqual([]);
  expect(s.manifest.metadata).toMatchObject({ name: 'tenant-hz-wjw', namespace: 'gov-lz-backup', labels: { 'gov-lz.io/tenant': 'hz-wjw' } });
  // IMPORTANT data, kept 90 days; every 4 h with synchronous metro storage, as for the hub's own health tenants.
  expect(s.manifest.spec.template).toMatchObject({ includedNamespaces: ['hz-wjw'], storageLocation: 'dr-centre', ttl: '2160h0m0s' });
  expect(s.manifest.spec.schedule).toMatch(/^\d+ \d+-23\/4 \* \* \*$/);
  // GENERAL data: daily, 30 days.
  expect(manifests['hz-jyj--hz-b-core--backup'].manifest.spec.template.ttl).toBe('720h0m0s');
});

test('a contract without the section (an older hub, or one without backups) schedules nothing, and the pack says so; a malformed one is an error', () => {
  const contract = demoContract();
  const { [BACKUPS_CONTRACT_SECTION]: _, ...without } = contract;
  const old = city(without as HubContract);
  old.hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota });
  // The education cloud has a recovery objective: its namespaces must be backed up (MLPS3-22).
  const problems = synthProblems(old.app);
  expect(problems.map((p) => `${p.code} ${p.value}`)).toEqual(['MLPS3-22 kubernetes_namespace_v1.hz-jyj--hz-a-core', 'MLPS3-22 kubernetes_namespace_v1.hz-jyj--hz-b-core']);
  expect(problems[0].fix).toMatch(/^the published hub zj declares no backups for its tenants' namespaces \(no "backups" section in its contract\): ask the hub team/);

  const bad = city({ ...contract, [BACKUPS_CONTRACT_SECTION]: { namespace: 'gov-lz-backup' } });
  bad.hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota });
  expect(synthProblems(bad.app).map((p) => `${p.code} ${p.path}: ${p.message.split(' [')[0]}`)).toEqual([
    'invalid-published-hub hz-city/zj: zj-hub.json: its "backups" section is not { namespace, location, city, clusters[], metroStorageReplication, backupDurationSeconds }',
    'MLPS3-22 hz-city/hz-jyj: namespace "hz-jyj" of tenant "hz-jyj" on cluster "hz-a-core" is in no backup schedule, although its recovery objective (RPO 15 min) of industry cloud "education" needs it',
    'MLPS3-22 hz-city/hz-jyj: namespace "hz-jyj" of tenant "hz-jyj" on cluster "hz-b-core" is in no backup schedule, although its recovery objective (RPO 15 min) of industry cloud "education" needs it',
  ]);
  expect(parsePublishedBackups({ ...contract[BACKUPS_CONTRACT_SECTION] as object, backupDurationSeconds: 0 }).problem).toBeDefined();
});
