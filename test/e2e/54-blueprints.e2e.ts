/**
 * Department blueprints on the real control planes: the request/accept round trip. The demo the suite deployed
 * (10-deploy) accepted examples/city's grant requests; a city project synthesized against the contract the deployed
 * hub publishes (`terraform output -json contract` of zj-hub) builds its education bureau from the blueprint, applies
 * it, and the live API holds the tenant, its quota tier and its path to the granted PostgreSQL on both sides.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { LandingZoneStack, ProvinceHub, PublishedHub, StateBackend } from '../../lib';
import { A, B, env, kube, passwords } from './demo';
import { appEnv, expectExit, run, terraform } from './deploy';

describe('department blueprints on real control planes', () => {
  const dir = path.join(env.work, 'city-blueprint');
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'hz-city');
  const tf = (args: string[]) => run(`terraform-${args[0]}-hz-city`, env.terraform, args, { cwd: stackDir, env: appEnv('base', passwords) });

  afterAll(async () => {
    if (fs.existsSync(path.join(stackDir, '.terraform'))) await tf(['destroy', '-auto-approve', '-input=false']);
  });

  test('a city tenant of education-bureau@1, granted by the hub, deploys on the contract the hub publishes', async () => {
    const output = expectExit(await terraform('base', 'zj-hub', ['output', '-json', 'contract'], passwords));
    const contract = JSON.parse(output.output.slice(output.output.indexOf('{')));
    expect(contract.blueprints.map((b: { name: string; version: number }) => `${b.name}@${b.version}`)).toEqual(['education-bureau@1', 'health-commission@1']);
    expect(contract.middleware.offerings.find((o: { name: string }) => o.name === 'postgres').grants).toContain('hz-jyj');

    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'zj-hub.json');
    fs.writeFileSync(file, JSON.stringify(contract, null, 2));
    const app = new App({ outdir: path.join(dir, 'cdktf.out') });
    const stack = new LandingZoneStack(app, 'hz-city');
    StateBackend.local().bind(stack);
    ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromFile(file))
      .industryCloud('education')
      .addTenant('hz-jyj', { displayName: '杭州市教育局', blueprint: 'education-bureau@1', admins: ['hz-jyj-admins'] });
    app.synth();

    expectExit(await tf(['init', '-input=false']));
    expectExit(await tf(['apply', '-auto-approve', '-input=false']));
    for (const c of [A, B]) {
      const ns = (await kube(c).get('/api/v1/namespaces/hz-jyj')).body;
      expect(ns.metadata.labels['gov-lz.io/tenant']).toBe('hz-jyj');
      const quota = (await kube(c).get('/api/v1/namespaces/hz-jyj/resourcequotas/tenant-quota')).body;
      expect(quota.spec.hard['limits.cpu']).toBe('32');
      // The city's side of the grant: egress to the shelf's namespace on PostgreSQL's port.
      const egress = (await kube(c).get('/apis/networking.k8s.io/v1/namespaces/hz-jyj/networkpolicies/egress-middleware-postgres')).body;
      expect(egress.spec.egress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
      // The hub's side, applied with the demo when it accepted the request: ingress from the city's namespace.
      const ingress = (await kube(c).get('/apis/networking.k8s.io/v1/namespaces/gov-lz-middleware/networkpolicies/hz-jyj--postgres')).body;
      expect(ingress.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'hz-jyj' });
    }
    // Applied once, nothing left to change.
    const again = expectExit(await tf(['plan', '-input=false', '-detailed-exitcode']), [0]);
    expect(again.output).toMatch(/No changes/);
  });
});
