/**
 * End to end on a real PostgreSQL (started on loopback by the test) with the real Terraform CLI:
 * the hub's contract applied with the pg backend, city stacks that read it through terraform_remote_state,
 * eight city stacks applied at once on the one database, and a stack's lock held against a second apply.
 *
 * The kubernetes provider cannot be downloaded here, so the synthesized stacks run without their
 * Kubernetes objects (test/terraform.ts builtinsOnly): backends, outputs, the remote state with its
 * postconditions are exactly what the library wrote. Outside CI the test is skipped when terraform or
 * PostgreSQL is missing; in CI it fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformOutput } from 'cdktf';
import { DataClass, LandingZoneStack, ProvinceHub, PublishedHub, RedisOffering, StateBackend } from '../../lib';
import { artifact, hubProps, RECOVERY, stackJson, tmpdir } from '../helpers';
import { postgresMissing, PostgresServer, startPostgres } from '../postgres';
import { builtinsOnly, initAndApply, REDIS_TLS_STAND_IN, outputs, terraform, terraformEnv, terraformMissing, terraformOk, testWithTools, writeConfig } from '../terraform';

const { run, missing } = testWithTools('pg-end-to-end.test.ts', () => terraformMissing() ?? postgresMissing());

let pg: PostgresServer | undefined;
let env: NodeJS.ProcessEnv;
const work = tmpdir('govlz-e2e-');

beforeAll(async () => {
  if (missing) return;
  pg = await startPostgres();
  env = terraformEnv(pg.env);
}, 120000);

afterAll(() => pg?.stop());

/** The hub of the demo, with `extraTenants` added to its education cloud; synthesized. */
function synthHub(extraTenants: string[] = []): { app: App; contractFile: string } {
  const app = new App({ outdir: path.join(tmpdir(), 'cdktf.out') });
  // With backups, as the IMPORTANT health cloud needs them (MLPS3-22).
  const hub = new ProvinceHub(app, 'zj', hubProps({ stateBackend: StateBackend.pg(), recovery: RECOVERY }));
  const edu = hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'] });
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, shards: 2 });
  const jyt = edu.addTenant('jyt', { displayName: '省教育厅', quota: { cpu: 16, memoryGi: 64 } });
  health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 16, memoryGi: 64 } });
  for (const code of extraTenants) edu.addTenant(code, { displayName: '部门', quota: { cpu: 1, memoryGi: 1 } });
  // A shelf with one offering: its endpoint is part of the contract.
  hub.middleware.add(new RedisOffering({ clusters: ['hz-a-core'] }));
  hub.middleware.get('redis').grantConnect(jyt);
  app.synth();
  const contractFile = path.join(tmpdir(), 'zj-hub.json');
  fs.writeFileSync(contractFile, artifact(app, 'zj-hub.json'));
  return { app, contractFile };
}

/** A city project on the published hub, read through terraform_remote_state from the pg backend. */
function synthCity(city: string, snapshot: string, tenants: string[]): any {
  const app = new App({ outdir: path.join(tmpdir(), 'cdktf.out') });
  const stack = new LandingZoneStack(app, `${city}-city`);
  StateBackend.pg().bind(stack);
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromRemoteState({ backend: StateBackend.pg(), snapshot }));
  const edu = hub.industryCloud('education');
  for (const code of tenants) edu.addTenant(code, { displayName: `${city}部门`, quota: { cpu: 1, memoryGi: 2 } });
  new TerraformOutput(stack, 'tenants', { value: tenants });
  app.synth();
  return stackJson(app, `${city}-city`);
}

async function applyHub(extraTenants: string[] = []): Promise<string> {
  const { app, contractFile } = synthHub(extraTenants);
  const json = builtinsOnly(stackJson(app, 'zj-hub'));
  expect(json.terraform.backend).toEqual({ pg: { schema_name: 'zj-hub' } });
  // The hub's stack asks for the Redis passwords (an ephemeral variable, as in production: from the environment).
  const passwords = { TF_VAR_gov_lz_redis_passwords: JSON.stringify({ default: 'Adm1n+Pass/word=0123', jyt: 'jyt-0123456789abcdef' }), ...REDIS_TLS_STAND_IN };
  await initAndApply(writeConfig(path.join(work, 'zj-hub'), json), { ...env, ...passwords });
  return contractFile;
}

describe('PostgreSQL state backend, end to end', () => {
  let snapshot: string;

  run('the hub applies its contract to the pg backend; a city stack reads it through terraform_remote_state', async () => {
    if (missing) throw new Error(missing);
    snapshot = await applyHub();
    const contract = JSON.parse(fs.readFileSync(snapshot, 'utf8'));
    expect((await outputs(path.join(work, 'zj-hub'), env)).contract).toEqual(contract);

    const json = synthCity('hz', snapshot, ['hz-jyj', 'hz-ksy']);
    expect(json.data.terraform_remote_state['published-hub-zj'].config).toEqual({ schema_name: 'zj-hub' });
    expect(json.resource.kubernetes_namespace_v1['hz-jyj--hz-a-core'].metadata.labels['gov-lz.io/province']).toBe('zj');
    const dir = writeConfig(path.join(work, 'hz-city'), builtinsOnly(json));
    await initAndApply(dir, env);
    const out = await outputs(dir, env);
    // What the city stack read at plan time is the hub's contract, value for value.
    expect(out['published-hub-zj']).toEqual(contract);
    expect((out['published-hub-zj'] as any).industryClouds.find((ic: any) => ic.code === 'health').stacks).toEqual(['zj-health-1', 'zj-health-2']);
    expect(out.tenants).toEqual(['hz-jyj', 'hz-ksy']);
    // Middleware endpoints come through as published.
    expect((out['published-hub-zj'] as any).middleware.offerings).toEqual([
      { name: 'redis', kind: 'redis', namespace: 'gov-lz-middleware', clusters: ['hz-a-core'], endpoint: { host: 'redis-master.gov-lz-middleware.svc', port: 6379 }, grants: ['jyt'] },
    ]);
  });

  run('a city stack synthesized from a stale snapshot refuses to plan once the hub has taken its tenant code', async () => {
    if (missing) throw new Error(missing);
    const stale = snapshot ?? (await applyHub());
    await applyHub(['hz-dup']);
    const dir = writeConfig(path.join(work, 'hz-stale-city'), builtinsOnly(synthCity('hz-stale', stale, ['hz-dup', 'hz-ok'])));
    await terraformOk(dir, ['init', '-input=false'], env);
    const r = await terraform(dir, ['plan', '-input=false'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Resource postcondition failed');
    expect(r.stderr.replace(/\s+/g, ' ')).toContain('hub zj now has tenants with codes of this project (hz-dup); codes name namespaces and are unique in the province');
    // The hub's other published values still match the snapshot: only the tenant check fails.
    expect(r.stderr.match(/Resource postcondition failed/g)).toHaveLength(1);
  });

  run('eight city stacks applied at the same time on one database all succeed, and nothing is lost', async () => {
    if (missing) throw new Error(missing);
    const contractFile = await applyHub();
    const cities = ['hz', 'nb', 'wz', 'jx', 'hu', 'sx', 'jh', 'qz'];
    const dirs = cities.map((c) => writeConfig(path.join(work, `par-${c}`), builtinsOnly(synthCity(`p${c}`, contractFile, [`${c}-jyj`, `${c}-wjw`]))));
    const results = await Promise.all(
      dirs.map(async (dir) => {
        await terraformOk(dir, ['init', '-input=false'], env);
        return terraform(dir, ['apply', '-auto-approve', '-input=false', '-lock-timeout=120s'], env);
      }),
    );
    expect(results.map((r, i) => `${cities[i]}: ${r.code}${r.code === 0 ? '' : ` ${r.stderr}`}`)).toEqual(cities.map((c) => `${c}: 0`));

    // Every state is there, each with its own outputs: read back through terraform_remote_state.
    const reader = {
      terraform: { backend: { local: { path: 'terraform.tfstate' } } },
      data: { terraform_remote_state: Object.fromEntries(cities.map((c) => [c, { backend: 'pg', config: { schema_name: `p${c}-city` } }])) },
      output: Object.fromEntries(cities.map((c) => [c, { value: `\${data.terraform_remote_state.${c}.outputs.tenants}` }])),
    };
    const readDir = writeConfig(path.join(work, 'reader'), reader);
    await initAndApply(readDir, env);
    const read = await outputs(readDir, env);
    expect(read).toEqual(Object.fromEntries(cities.map((c) => [c, [`${c}-jyj`, `${c}-wjw`]])));
  });

  run("an apply waits for another apply's lock on the same stack, and a plan that may not wait is refused", async () => {
    if (missing) throw new Error(missing);
    const contractFile = await applyHub();
    const json = builtinsOnly(synthCity('lk', contractFile, ['lk-jyj']));
    // A resource whose creation takes a few seconds holds the lock long enough to be seen.
    json.resource = { terraform_data: { slow: { input: 1, provisioner: [{ 'local-exec': { command: 'sleep 4' } }] } } };
    const dir = writeConfig(path.join(work, 'lk-city'), json);
    await terraformOk(dir, ['init', '-input=false'], env);
    const first = terraform(dir, ['apply', '-auto-approve', '-input=false'], env);
    await new Promise((r) => setTimeout(r, 1500));
    const refused = await terraform(dir, ['plan', '-input=false', '-lock-timeout=0s'], env);
    const waited = terraform(dir, ['apply', '-auto-approve', '-input=false', '-lock-timeout=120s'], env);
    expect((await first).code).toBe(0);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Error acquiring the state lock');
    const second = await waited;
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect((await terraformOk(dir, ['state', 'list'], env)).trim().split('\n')).toEqual(['data.terraform_remote_state.published-hub-zj', 'terraform_data.slow']);
  });
});
