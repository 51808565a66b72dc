import * as fs from 'fs';
import * as path from 'path';
import { DataClass, DepartmentBlueprint, ITenant, ITenantApplicationTemplate, review, schema } from '../../lib';
import { artifact, listFiles, stackJson, synthProblems } from '../helpers';
import { hubApp } from './fixture';

const policies = (app: ReturnType<typeof hubApp>['app'], stack: string) => stackJson(app, stack).resource?.kubernetes_network_policy_v1 ?? {};

describe('a blueprint in the hub project', () => {
  test('the tenant gets the quota tier, data class, network rules, grants, alerting defaults; the inventory records name and version', () => {
    const { app, hub } = hubApp();
    const jyt = hub.industryCloud('education').addTenant('jyt', {
      displayName: '省教育厅',
      admins: ['jyt-admins'],
      blueprint: 'education-bureau@2',
      overrides: { grants: ['redis'] },
    });
    expect(jyt.quota).toEqual({ cpu: 32, memoryGi: 128, storageGi: 1024, pods: 300 });
    expect(jyt.dataClass).toBe(DataClass.IMPORTANT);
    expect(jyt.networkRules.map((r) => r.name)).toEqual(expect.arrayContaining(['bp-to-exam-centre', 'middleware-postgres', 'middleware-redis']));
    expect((jyt.featureOptions as { alerting?: unknown }).alerting).toEqual({ receivers: [{ name: 'province-edu-noc', webhookUrl: 'https://im.zj.gov.internal/hook/edu-noc' }] });
    app.synth();
    expect(Object.keys(policies(app, 'zj-education'))).toEqual(expect.arrayContaining(['jyt--hz-a-core--egress-bp-to-exam-centre', 'jyt--hz-a-core--egress-middleware-postgres']));
    const inv: schema.InventoryFile = JSON.parse(artifact(app, 'inventory.json'));
    const t = inv.provinces[0].tenants.find((x) => x.code === 'jyt')!;
    expect(t.blueprint).toEqual({ name: 'education-bureau', version: 2, grants: ['postgres', 'redis'], overrides: { grants: ['redis'] } });
    expect(inv.provinces[0].blueprints).toEqual([
      { ref: 'education-bureau@1', tenants: [] },
      { ref: 'education-bureau@2', tenants: ['jyt'] },
      { ref: 'health-commission@1', tenants: [] },
    ]);
    expect(t.grants!.map((g) => g.offering)).toEqual(['postgres', 'redis']);
  });

  test('the contract publishes every version with its parts; it validates against the generated schema', () => {
    const { app } = hubApp();
    app.synth();
    const c = JSON.parse(artifact(app, 'zj-hub.json'));
    expect(c.blueprints.map((b: schema.PublishedBlueprint) => `${b.name}@${b.version}`)).toEqual(['education-bureau@1', 'education-bureau@2', 'health-commission@1']);
    const v2: schema.PublishedBlueprint = c.blueprints[1];
    expect(v2).toMatchObject({
      quota: { cpu: 32, memoryGi: 128, storageGi: 1024, pods: 300 },
      dataClass: 'IMPORTANT',
      grants: [{ offering: 'postgres', options: {} }],
      optionalGrants: ['redis'],
      networkRules: [{ name: 'to-exam-centre', direction: 'egress', peers: [{ cidr: '10.80.0.0/24' }], ports: [{ port: 443 }] }],
      recovery: null,
      applications: [],
    });
    expect(c.blueprints[2].recovery).toEqual({ rtoMinutes: 15, rpoMinutes: 5, availability: 0.9999 });
  });

  test('overrides only tighten: lower quota, stricter class, fewer rules; a second tenant of the same version differs only there', () => {
    const { app, hub } = hubApp();
    const edu = hub.industryCloud('education');
    const a = edu.addTenant('hz-jyj', { displayName: '杭州市教育局', blueprint: 'education-bureau@2' });
    const b = edu.addTenant('nb-jyj', {
      displayName: '宁波市教育局',
      blueprint: 'education-bureau@2',
      overrides: { quota: { cpu: 8, pods: 100 }, dataClass: DataClass.CORE, withoutNetworkRules: ['to-exam-centre'] },
    });
    expect(b.quota).toEqual({ cpu: 8, memoryGi: 128, storageGi: 1024, pods: 100 });
    expect(b.dataClass).toBe(DataClass.CORE);
    expect(a.networkRules.map((r) => r.name)).toContain('bp-to-exam-centre');
    expect(b.networkRules.map((r) => r.name)).not.toContain('bp-to-exam-centre');
    app.synth();
  });

  test.each([
    ['a raised quota', { overrides: { quota: { cpu: 64 } } }, /overrides.quota.cpu 64 is above the quota tier of blueprint education-bureau@2 \(32\)/],
    ['a looser data class', { overrides: { dataClass: DataClass.GENERAL } }, /cannot loosen a blueprint's data class/],
    ['a looser data class beside the blueprint', { dataClass: DataClass.GENERAL }, /dataClass GENERAL is looser than IMPORTANT/],
    ['quota beside the blueprint', { quota: { cpu: 1, memoryGi: 1 } }, /quota is set beside blueprint education-bureau@2/],
    ['burst', { burst: { cluster: 'ali-burst', maxCpu: 8 } }, /bursting to a public cloud loosens/],
    ['an offering the blueprint does not offer', { overrides: { grants: ['kafka'] } }, /adds offering "kafka", which blueprint education-bureau@2 does not list as optional/],
    ['a rule it does not have', { overrides: { withoutNetworkRules: ['nope'] } }, /has no network rule "nope" to drop/],
    ['a key overrides do not have', { overrides: { networkRules: [] } }, /overrides.networkRules is not something a tenant may change/],
    ['an unknown version', { blueprint: 'education-bureau@3' }, /offers no blueprint education-bureau@3; offered: education-bureau@1, education-bureau@2, health-commission@1/],
    ['no version', { blueprint: 'education-bureau' }, /"education-bureau" does not name a blueprint and its version/],
  ])('%s is a LandingZoneError naming the tenant, and nothing is written', (_what, extra, message) => {
    const { app, hub } = hubApp();
    hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', blueprint: 'education-bureau@2', ...(extra as object) });
    const problems = synthProblems(app);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
    expect(problems[0].path).toMatch(/hz-jyj$/);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('a blueprint whose recovery class its industry cloud does not meet', () => {
    const { app, hub } = hubApp();
    const slow = hub.addIndustryCloud('culture', { displayName: '文旅', clusters: ['hz-a-core'], dataClass: DataClass.IMPORTANT });
    slow.addTenant('wlt', { displayName: '省文化和旅游厅', blueprint: 'health-commission@1' });
    expect(synthProblems(app).map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/needs RTO 15 min, RPO 5 min .* industry cloud culture declares no recovery objective/)]));
  });

  test('versions: a tenant keeps its version when a new one is added; an upgrade is a per-tenant change in the review', () => {
    const build = (version: number) => {
      const { app, hub } = hubApp();
      hub.industryCloud('education').addTenant('jyt', { displayName: '省教育厅', blueprint: `education-bureau@${version}` });
      app.synth();
      return app.outdir;
    };
    const base = build(1);
    const head = build(2);
    const changes = review.buildReview({ head: review.readSynthOutput(head), base: review.readSynthOutput(base) }).changes!.domain.filter((c) => c.subject === 'jyt');
    expect(changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['blueprint-changed', 'quota-changed', 'network-rule-added']));
    expect(changes.find((c) => c.kind === 'blueprint-changed')!.message).toBe('tenant jyt: blueprint education-bureau 1 → 2');
    expect(changes.every((c) => !c.destructive)).toBe(true);
  });

  test('bad blueprints are reported: name, version, quota, duplicate version, unknown offering', () => {
    const { app, hub } = hubApp();
    hub.addBlueprint(new DepartmentBlueprint('Edu', { version: 0, quota: { cpu: 0, memoryGi: 1 }, grants: ['mongodb'] }));
    hub.addBlueprint(new DepartmentBlueprint('education-bureau', { version: 2, quota: { cpu: 1, memoryGi: 1 } }));
    const text = synthProblems(app)
      .map((p) => p.message)
      .join('\n');
    expect(text).toMatch(/a blueprint name is a lower-case code/);
    expect(text).toMatch(/a blueprint version is a positive integer/);
    expect(text).toMatch(/has no quota tier/);
    expect(text).toMatch(/needs offering "mongodb", which is not on the hub's shelf/);
    expect(text).toMatch(/blueprint education-bureau@2 is added twice; a published version never changes/);
  });

  test('applications come through the core interface, built into every tenant of the blueprint', () => {
    const { app, hub } = hubApp();
    const built: string[] = [];
    const portal: ITenantApplicationTemplate = { name: 'enrolment', addTo: (t: ITenant) => void built.push(`${t.code}/enrolment`) };
    hub.addBlueprint(new DepartmentBlueprint('school', { version: 1, quota: { cpu: 4, memoryGi: 16 }, applications: [portal] }));
    hub.industryCloud('education').addTenant('a-school', { displayName: 'A', blueprint: 'school@1' });
    hub.industryCloud('education').addTenant('b-school', { displayName: 'B', blueprint: 'school@1' });
    app.synth();
    expect(built).toEqual(['a-school/enrolment', 'b-school/enrolment']);
    expect(JSON.parse(artifact(app, 'zj-hub.json')).blueprints.find((b: schema.PublishedBlueprint) => b.name === 'school').applications).toEqual(['enrolment']);
  });

  test('same input, byte-identical contract', () => {
    const render = () => {
      const { app, hub } = hubApp();
      hub.industryCloud('education').addTenant('jyt', { displayName: '省教育厅', blueprint: 'education-bureau@2' });
      app.synth();
      return fs.readFileSync(path.join(app.outdir, 'gov-lz', 'zj-hub.json'), 'utf8') + fs.readFileSync(path.join(app.outdir, 'gov-lz', 'inventory.json'), 'utf8').replace(/"generator": "[^"]*"/, '');
    };
    expect(render()).toBe(render());
  });
});

describe('blueprint props from JavaScript callers (adversarial hardening)', () => {
  test('null, BigInt and non-text fields, and optional grants that name nothing, are problems of the blueprint, never a crash when the contract is written', () => {
    const bp = new DepartmentBlueprint('edu-bureau', {
      version: 1,
      displayName: 10n as any,
      description: 5 as any,
      quota: { cpu: 2, memoryGi: 4, pods: null as any },
      optionalGrants: [(() => 'redis') as any, ''],
    });
    expect(bp.problems().map((p) => `${p.field}: ${p.message}`)).toEqual([
      'displayName: displayName is a bigint',
      'quota.pods: quota.pods is null',
      'description: description is not text',
      'optionalGrants: an optional grant names no offering',
      'optionalGrants: an optional grant names no offering',
    ]);
  });
});
