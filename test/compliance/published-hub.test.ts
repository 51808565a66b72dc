/**
 * The pack in a city project: `ProvinceHub.fromPublished` applies it to the city's stack, so the city's tenants
 * (their namespaces, policies and backups) and whatever the city writes by hand are checked at synth; rules about
 * the hub's own clusters and services are left to the hub's project.
 */
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { App, Aspects, TerraformStack } from 'cdktf';
import { HubContract, LandingZoneStack, MlpsLevel3Checks, ProvinceHub, PublishedHub } from '../../lib';
import { ComplianceJson } from '../../lib/compliance/report/compliance-json';
import { artifact, newApp, synthProblems } from '../helpers';
import { synthDemo } from '../review/fixtures';
import { TODAY } from './helpers';

let contract: HubContract | undefined;
/** The demo province's published contract (synthesized once). */
function demoContract(): HubContract {
  if (!contract) {
    // The run's synth of the demo (test/review/fixtures.ts), a copy of its own.
    contract = JSON.parse(artifact({ outdir: synthDemo() }, 'zj-hub.json')) as HubContract;
  }
  return contract;
}

const quota = { cpu: 8, memoryGi: 32, storageGi: 256 };

function city(options: Parameters<typeof ProvinceHub.fromPublished>[3] = { compliance: { today: TODAY } }, app: App = newApp()) {
  const stack = new LandingZoneStack(app, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(demoContract(), 'zj-hub.json'), options);
  hub.industryCloud('health').addTenant('hz-wjw', {
    displayName: '杭州市卫生健康委员会',
    quota,
    admins: ['hz-wjw-admins'],
    // IMPORTANT data: its own key in the province KMS (MLPS3-52).
    dataKey: { keyId: 'kms://kms.zj.gov.internal/keys/hz-wjw-data', custodians: ['hz-wjw-admins'] },
  });
  hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota, admins: ['hz-jyj-admins'] });
  return { app, stack, hub };
}

test("the city's tenants pass the pack, and the report says which rules are the hub project's", () => {
  const { app, stack } = city();
  app.synth();
  const doc: ComplianceJson = JSON.parse(artifact(app, 'compliance.json'));
  expect(doc.summary).toMatchObject({ errors: 0, warnings: 0 });
  expect(doc.generatedFor.provinces).toEqual(['zj']);
  const status = Object.fromEntries(doc.rules.map((r) => [r.id, `${r.status} ${r.checked}`]));
  // Checked on the city's tenants: namespaces on two clusters each, their policies, their backups, where their data lies.
  expect(status['MLPS3-1']).toBe('compliant 4');
  expect(status['MLPS3-5']).toBe('compliant 4');
  expect(status['MLPS3-22']).toBe('compliant 2');
  expect(status['MLPS3-28']).toMatch(/^compliant \d+$/);
  expect(status['MLPS3-29']).toBe('compliant 1');
  // The city lays out its departments' namespaces on the hub's clusters: their quotas and keys are checked here.
  expect(status['MLPS3-57']).toBe('compliant 2');
  expect(status['MLPS3-52']).toBe('compliant 1');
  // The hub's own clusters, services and backup locations are checked in the hub's project.
  for (const id of ['MLPS3-9', 'MLPS3-17', 'MLPS3-23', 'MLPS3-25', 'MLPS3-27', 'MLPS3-32']) expect(`${id} ${status[id]}`).toBe(`${id} not-applicable 0`);
  expect(Aspects.of(stack).all.filter((a) => MlpsLevel3Checks.isMlpsLevel3Checks(a))).toHaveLength(1);
});

test('what the city writes by hand is checked too, and fails synth with nothing written', () => {
  const { app, stack } = city();
  new NetworkPolicyV1(stack, 'open', {
    metadata: { name: 'open', namespace: 'hz-wjw' },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: '443', protocol: 'TCP' }] }] },
  });
  // 0.0.0.0/0 also reaches the hub's departments: their pods, and the database's site endpoints the city is not granted
  // (hz-wjw: the demo grants the city's hz-jyj its database, by the grant request it accepts).
  expect(synthProblems(app).map((p) => `${p.code} ${p.path}`)).toEqual(['MLPS3-4 hz-city/open', 'MLPS3-28 hz-city/open', 'MLPS3-28 hz-city/open', 'MLPS3-28 hz-city/open']);
});

test('the compliance option configures it; a pack the city applied itself is not doubled', () => {
  const raised = city({ compliance: { today: TODAY, severityOverrides: { 'MLPS3-29': 'error' } } });
  raised.app.synth();
  expect(JSON.parse(artifact(raised.app, 'compliance.json')).severityOverrides).toEqual([{ ruleId: 'MLPS3-29', severity: 'error', defaultSeverity: 'error', path: 'hz-city' }]);

  const app = newApp();
  const own = new TerraformStack(app, 'hz-city-own');
  const mine = MlpsLevel3Checks.applyTo(own, { today: TODAY });
  const hub = ProvinceHub.fromPublished(own, 'zj', PublishedHub.fromContract(demoContract(), 'zj-hub.json'));
  hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota });
  expect(Aspects.of(own).all.filter((a) => MlpsLevel3Checks.isMlpsLevel3Checks(a))).toEqual([mine]);
  app.synth();
  expect(JSON.parse(artifact(app, 'compliance.json')).summary.errors).toBe(0);
});
