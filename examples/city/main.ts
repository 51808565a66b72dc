/**
 * 杭州市 (Hangzhou) adds its departments to the province's industry clouds, one of them from a department blueprint
 * the province publishes (and 宁波市 builds the same blueprint in a stack of its own). The province hub is deployed by
 * another repository; this project reads the contract it publishes (zj-hub.json) and owns one stack.
 *
 * With the hub's state in PostgreSQL, read the applied contract at plan time as well:
 *   PublishedHub.fromRemoteState({ backend: StateBackend.pg(), snapshot: path.join(__dirname, 'zj-hub.json') })
 * The plan then fails when the snapshot no longer matches the hub (a tenant code taken, an industry cloud changed).
 */
import * as path from 'path';
import { App, TerraformOutput } from 'cdktf';
import { LandingZoneStack, ProvinceHub, PublishedHub, StateBackend, Tenant } from 'cdktf-gov-landing-zone';

const app = new App();
const stack = new LandingZoneStack(app, 'hz-city');
StateBackend.local().bind(stack);

const published = PublishedHub.fromFile(path.join(__dirname, 'zj-hub.json'));
const zj = ProvinceHub.fromPublished(stack, 'zj', published);
const education = zj.industryCloud('education');
const health = zj.industryCloud('health');

// The education bureau is the province's blueprint (quota tier, PostgreSQL, recovery class): the same in every city.
// Its database is granted by the hub: this synth fails, writing cdktf.out/gov-lz/grant-requests.json, until the hub
// project accepts that file (hub.middleware.acceptGrantRequests) and publishes a contract that lists the grant.
new Tenant(stack, 'hz-jyj', {
  industryCloud: education,
  displayName: '杭州市教育局',
  blueprint: 'education-bureau@1',
  admins: ['hz-jyj-admins'],
  viewers: ['hz-jyj-auditors'],
});
education.addTenant('hz-kjj', { displayName: '杭州市科学技术局', quota: { cpu: 8, memoryGi: 32, storageGi: 256, pods: 50 }, admins: ['hz-kjj-admins'] });
// The hub runs observability (its contract says so): the department's alerts, routing and dashboard are laid in its
// namespaces here; a department without receivers is routed to the province's operations centre.
health.addTenant('hz-wjw', {
  displayName: '杭州市卫生健康委员会',
  quota: { cpu: 32, memoryGi: 128, storageGi: 2048, pods: 200 },
  admins: ['hz-wjw-admins'],
  // IMPORTANT data (the health cloud's class): the department's own key in the province KMS, administered by its admins (MLPS3-52).
  dataKey: { keyId: 'kms://kms.zj.gov.internal/keys/hz-wjw-data', custodians: ['hz-wjw-admins'] },
  alerting: { receivers: [{ name: 'hz-wjw-oncall', webhookUrl: 'https://im.hangzhou.gov.internal/hook/wjw' }] },
});
health.addTenant('hz-ybj', {
  displayName: '杭州市医疗保障局',
  quota: { cpu: 16, memoryGi: 64, storageGi: 512, pods: 100 },
  admins: ['hz-ybj-admins'],
  dataKey: { keyId: 'kms://kms.zj.gov.internal/keys/hz-ybj-data', custodians: ['hz-ybj-admins'] },
});

// The province's shared middleware, as the hub publishes it: where the city's applications will connect once the
// province grants a department an offering (grants change the instance, so they are made in the hub's project).
new TerraformOutput(stack, 'province-middleware', {
  description: 'Shared middleware endpoints the province hub publishes (no credentials)',
  value: (published.middleware()?.offerings ?? []).map((o) => ({ name: o.name, kind: o.kind, host: o.endpoint.host, port: o.endpoint.port })),
});

// 宁波市 (Ningbo): the same blueprint in a second city, kept by the same vendor in its own stack and state. Overrides
// only tighten or add what the blueprint allows: less CPU, and the optional cache.
const nbStack = new LandingZoneStack(app, 'nb-city');
StateBackend.local().bind(nbStack);
ProvinceHub.fromPublished(nbStack, 'zj', published)
  .industryCloud('education')
  .addTenant('nb-jyj', { displayName: '宁波市教育局', blueprint: 'education-bureau@1', admins: ['nb-jyj-admins'], overrides: { quota: { cpu: 16 }, grants: ['redis'] } });

app.synth();
