import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { App } from 'cdktf';
import { DataClass, HubContract, schema } from '../../lib';
import { listFiles, stackJson, synthProblems, tmpdir } from '../helpers';
import { cityApp, hubApp, publish } from './fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'grant-requests.schema.json'), 'utf8')),
);

/** Hangzhou: the education bureau as the blueprint has it. */
const hangzhou = (c: HubContract) =>
  cityApp(c, 'hz-city', (hub) => hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', admins: ['hz-jyj-admins'], blueprint: 'education-bureau@2' }));
/** Ningbo: the same blueprint, less quota, without the exam centre, with redis (an optional grant). */
const ningbo = (c: HubContract) =>
  cityApp(c, 'nb-city', (hub) =>
    hub.industryCloud('education').addTenant('nb-jyj', {
      displayName: '宁波市教育局',
      admins: ['nb-jyj-admins'],
      blueprint: 'education-bureau@2',
      overrides: { quota: { cpu: 16 }, grants: ['redis'], withoutNetworkRules: ['to-exam-centre'] },
    }),
  );

/** Synthesizes a city that must fail on pending requests only; returns the request file it wrote, copied out. */
function pendingRequests(app: App): { file: string; json: schema.GrantRequestsFile; messages: string[] } {
  const problems = synthProblems(app);
  expect(problems.map((p) => p.code)).toEqual(problems.map(() => 'grant-not-accepted'));
  expect(listFiles(app.outdir)).toEqual(['gov-lz/grant-requests.json']);
  const file = path.join(tmpdir('govlz-requests-'), 'grant-requests.json');
  fs.copyFileSync(path.join(app.outdir, 'gov-lz', 'grant-requests.json'), file);
  return { file, json: JSON.parse(fs.readFileSync(file, 'utf8')), messages: problems.map((p) => p.message) };
}

describe('grant requests: a city asks, the hub accepts, the city builds', () => {
  const before = publish();
  const hz = pendingRequests(hangzhou(before));
  const nb = pendingRequests(ningbo(before));
  const after = publish({ accept: [hz.file, nb.file] });

  test('the city synth fails with a clear error while the grant is not accepted, and writes the request alone', () => {
    expect(hz.messages).toEqual([expect.stringMatching(/^tenant hz-jyj \(blueprint education-bureau@2\) needs offering "postgres" of hub zj, which has not granted it in its published contract/)]);
    expect(nb.messages).toHaveLength(2);
    expect(hz.json).toEqual({
      schemaVersion: 1,
      province: 'zj',
      requests: [
        { tenant: 'hz-jyj', displayName: '杭州市教育局', industryCloud: 'education', offering: 'postgres', options: {}, project: 'hz-city', blueprint: 'education-bureau@2', dataClass: 'IMPORTANT' },
      ],
    });
    expect(nb.json.requests.map((r) => `${r.tenant}:${r.offering}`)).toEqual(['nb-jyj:postgres', 'nb-jyj:redis']);
    for (const f of [hz.json, nb.json]) expect(validate(f) ? [] : validate.errors).toEqual([]);
  });

  test('any other problem beside a pending request: nothing is written at all', () => {
    const app = cityApp(before, 'hz-city', (hub) =>
      hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', blueprint: 'education-bureau@2', overrides: { quota: { cpu: 999 } } }),
    );
    expect(synthProblems(app).map((p) => p.code)).toEqual(expect.arrayContaining(['grant-not-accepted', 'blueprint-override']));
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('the hub accepts: the middleware side in zj-hub, the tenants in the contract grants', () => {
    const grants = Object.fromEntries((after.middleware?.offerings ?? []).map((o) => [o.name, o.grants]));
    expect(grants).toEqual({ postgres: ['hz-jyj', 'nb-jyj'], redis: ['nb-jyj'] });
    const { app } = hubApp({ accept: [hz.file, nb.file] });
    app.synth();
    const policies = Object.keys(stackJson(app, 'zj-hub').resource.kubernetes_network_policy_v1);
    expect(policies).toEqual(expect.arrayContaining(['hz-jyj--postgres--hz-a-core', 'hz-jyj--postgres--hz-b-core', 'nb-jyj--redis--hz-a-core']));
    // The tenant's side is the city's: the hub writes nothing into the city's namespace.
    expect(JSON.stringify(stackJson(app, 'zj-hub').resource.kubernetes_secret_v1 ?? {})).not.toMatch(/"namespace":"hz-jyj"/);
    expect(fs.readdirSync(path.join(app.outdir, 'stacks'))).not.toContain('hz-city');
  });

  test('after the hub publishes, the city synth passes and the tenant reaches the offering', () => {
    const app = hangzhou(after);
    app.synth();
    const rules = stackJson(app, 'hz-city').resource.kubernetes_network_policy_v1;
    const egress = rules['hz-jyj--hz-a-core--egress-middleware-postgres'];
    expect(egress.spec.egress[0].to[0].namespace_selector.match_labels).toEqual({ 'kubernetes.io/metadata.name': 'gov-lz-middleware' });
    expect(egress.spec.egress[0].ports).toEqual([{ port: '5432', protocol: 'TCP' }]);
    const written: schema.GrantRequestsFile = JSON.parse(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'grant-requests.json'), 'utf8'));
    expect(written).toEqual(hz.json);
  });

  test('two cities built from one blueprint differ only where overrides allow', () => {
    const a = hangzhou(after);
    const b = ningbo(after);
    a.synth();
    b.synth();
    const normalized = (app: App, stack: string, code: string, name: string) => {
      const out = new Map<string, string>();
      for (const [type, byName] of Object.entries(stackJson(app, stack).resource as Record<string, Record<string, unknown>>)) {
        for (const [n, body] of Object.entries(byName)) out.set(`${type}.${n.replaceAll(code, 'X')}`, JSON.stringify(body).replaceAll(code, 'X').replaceAll(name, 'N'));
      }
      return out;
    };
    const ha = normalized(a, 'hz-city', 'hz-jyj', '杭州市教育局');
    const nb2 = normalized(b, 'nb-city', 'nb-jyj', '宁波市教育局');
    const differ = [...new Set([...ha.keys(), ...nb2.keys()])].filter((k) => ha.get(k) !== nb2.get(k)).sort();
    expect(differ).toEqual([
      // the backup schedule's minute, spread by tenant code so that backups do not all start at once
      'kubernetes_manifest.X--hz-a-core--backup',
      'kubernetes_manifest.X--hz-b-core--backup',
      // the exam-centre rule Ningbo drops, and the redis grant it adds
      'kubernetes_network_policy_v1.X--hz-a-core--egress-bp-to-exam-centre',
      'kubernetes_network_policy_v1.X--hz-a-core--egress-middleware-redis',
      'kubernetes_network_policy_v1.X--hz-b-core--egress-bp-to-exam-centre',
      'kubernetes_network_policy_v1.X--hz-b-core--egress-middleware-redis',
      // its lower CPU quota
      'kubernetes_resource_quota_v1.X--hz-a-core',
      'kubernetes_resource_quota_v1.X--hz-b-core',
    ]);
    const schedule = (m: Map<string, string>) => m.get('kubernetes_manifest.X--hz-a-core--backup')!.replace(/"schedule":"[^"]*"/, '');
    expect(schedule(ha)).toBe(schedule(nb2));
    expect(ha.get('kubernetes_namespace_v1.X--hz-a-core')).toContain('"gov-lz.io/data-class":"important"');
  });

  test('a request file for another hub, or for a code of the hub own tenants, is refused at the hub synth', () => {
    const other = path.join(tmpdir('govlz-requests-'), 'grant-requests.json');
    fs.writeFileSync(other, JSON.stringify({ ...hz.json, province: 'js' }));
    const own = path.join(tmpdir('govlz-requests-'), 'grant-requests.json');
    fs.writeFileSync(own, JSON.stringify({ ...hz.json, requests: [{ ...hz.json.requests[0], tenant: 'jyt' }] }));
    const { app, hub } = hubApp({ accept: [other] });
    hub.industryCloud('education').addTenant('jyt', { displayName: '省教育厅', quota: { cpu: 4, memoryGi: 16 }, dataClass: DataClass.IMPORTANT });
    hub.middleware.acceptGrantRequests(own);
    hub.middleware.acceptGrantRequests(path.join(tmpdir(), 'missing.json'));
    const text = synthProblems(app)
      .map((p) => p.message)
      .join('\n');
    expect(text).toMatch(/asks hub "js", not "zj"/);
    expect(text).toMatch(/project hz-city asks for tenant jyt, a code of the hub's own tenants/);
    expect(text).toMatch(/missing.json cannot be read/);
  });
});
