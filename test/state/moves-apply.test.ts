/**
 * Moves planned and applied by the real Terraform CLI: every Kubernetes object of the synthesized stacks
 * stands in as a terraform_data at an address derived from its own (test/terraform.ts), so the import and
 * removed blocks the library writes are planned exactly as written, without the kubernetes provider.
 * The claim under test: moving a tenant (to another industry cloud, or by a change of shard count) plans
 * no delete and no create for anything that existed; the old stack forgets, the new stack imports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { DataClass, ProvinceHub, StateBackend } from '../../lib';
import { hubProps, RECOVERY, stackJson, tmpdir } from '../helpers';
import { asTerraformData, initAndApply, terraformEnv, terraformMissing, terraformOk, testWithTools, writeConfig } from '../terraform';

const { run, missing } = testWithTools('moves-apply.test.ts', terraformMissing);

interface Step {
  readonly build: (hub: ProvinceHub) => void;
}

/** Synthesizes a step and writes each named stack, with its objects as terraform_data, into `work/<stack>`. */
function synthStep(work: string, stateDir: string, step: Step, stacks: string[]): void {
  const app = new App({ outdir: path.join(tmpdir(), 'cdktf.out') });
  // With backups, as IMPORTANT data needs them (MLPS3-22): each tenant's Velero Schedules move with it too.
  const hub = new ProvinceHub(app, 'zj', hubProps({ stateBackend: StateBackend.local({ directory: stateDir }), recovery: RECOVERY }));
  step.build(hub);
  app.synth();
  for (const name of stacks) {
    const json = asTerraformData(stackJson(app, name));
    // The backend path was written relative to cdktf.out/stacks/<stack>; here the stack runs in work/<stack>.
    json.terraform.backend.local.path = path.join(stateDir, `terraform.${name}.tfstate`);
    writeConfig(path.join(work, name), json);
  }
}

interface Planned {
  readonly actions: Record<string, string[]>;
  readonly importing: string[];
}

async function plan(dir: string, env: NodeJS.ProcessEnv): Promise<Planned> {
  await terraformOk(dir, ['init', '-input=false'], env);
  await terraformOk(dir, ['plan', '-input=false', '-out=plan.bin'], env);
  const p = JSON.parse(await terraformOk(dir, ['show', '-json', 'plan.bin'], env));
  const actions: Record<string, string[]> = {};
  const importing: string[] = [];
  for (const rc of p.resource_changes ?? []) {
    actions[rc.address] = rc.change.actions;
    if (rc.change.importing) importing.push(rc.address);
  }
  return { actions, importing: importing.sort() };
}

const tenant = { displayName: '部门', quota: { cpu: 2, memoryGi: 8 }, admins: ['admins'] };
/** Per cluster, a tenant's 10 objects and its Velero Schedule; two clusters. */
const OBJECTS_PER_TENANT = 2 * (10 + 1);

describe('moves applied by terraform (built-ins only)', () => {
  const health = { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT };
  const egov = { displayName: '政务', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT };

  run('a tenant moved to another industry cloud is imported there and forgotten, not destroyed, where it was', async () => {
    if (missing) throw new Error(missing);
    const work = tmpdir();
    const state = tmpdir();
    const env = terraformEnv();
    const stacks = ['zj-health', 'zj-egov'];
    synthStep(
      work,
      state,
      {
        build: (hub) => {
          const h = hub.addIndustryCloud('health', health);
          hub.addIndustryCloud('egov', egov);
          h.addTenant('wjw', tenant);
          h.addTenant('cdc', tenant);
        },
      },
      stacks,
    );
    for (const s of stacks) await initAndApply(path.join(work, s), env);

    synthStep(
      work,
      state,
      {
        build: (hub) => {
          const h = hub.addIndustryCloud('health', health);
          const e = hub.addIndustryCloud('egov', egov);
          e.addTenant('wjw', { ...tenant, movedFrom: { industryCloud: 'health' } });
          h.addTenant('cdc', tenant);
        },
      },
      stacks,
    );
    const oldPlan = await plan(path.join(work, 'zj-health'), env);
    const newPlan = await plan(path.join(work, 'zj-egov'), env);
    const wjwOld = Object.entries(oldPlan.actions).filter(([a]) => a.includes('.wjw--') || a.includes('--wjw--'));
    // 10 objects and a Velero Schedule on each of 2 clusters.
    expect(wjwOld.length).toBe(OBJECTS_PER_TENANT);
    expect(wjwOld.every(([, actions]) => actions.join() === 'forget')).toBe(true);
    expect(Object.values(oldPlan.actions).flat()).not.toContain('delete');
    expect(newPlan.importing).toHaveLength(OBJECTS_PER_TENANT);
    expect(Object.values(newPlan.actions).flat()).not.toContain('create');
    expect(Object.values(newPlan.actions).flat()).not.toContain('delete');

    for (const s of stacks) await terraformOk(path.join(work, s), ['apply', '-input=false', 'plan.bin'], env);
    const list = async (s: string) => (await terraformOk(path.join(work, s), ['state', 'list'], env)).trim().split('\n').filter(Boolean);
    expect((await list('zj-egov')).every((a) => a.includes('wjw'))).toBe(true);
    expect(await list('zj-egov')).toHaveLength(OBJECTS_PER_TENANT);
    expect((await list('zj-health')).every((a) => a.includes('cdc'))).toBe(true);
    // Applied again (movedFrom not yet removed): nothing left to do.
    for (const s of stacks) {
      const again = await plan(path.join(work, s), env);
      expect(
        Object.values(again.actions)
          .flat()
          .filter((a) => a !== 'no-op'),
      ).toEqual([]);
    }
  });

  run('raising the shard count from 1 to 2: every tenant is adopted by its shard, nothing is destroyed', async () => {
    if (missing) throw new Error(missing);
    const work = tmpdir();
    const state = tmpdir();
    const env = terraformEnv();
    const codes = ['wjw', 'ybj', 'cdc']; // shards 1, 2, 2 of 2
    const one = (hub: ProvinceHub) => {
      const h = hub.addIndustryCloud('health', health);
      codes.forEach((c) => h.addTenant(c, tenant));
    };
    synthStep(work, state, { build: one }, ['zj-health']);
    await initAndApply(path.join(work, 'zj-health'), env);

    const two = (hub: ProvinceHub) => {
      const h = hub.addIndustryCloud('health', { ...health, shards: 2, previousShards: 1 });
      codes.forEach((c) => h.addTenant(c, tenant));
    };
    synthStep(work, state, { build: two }, ['zj-health', 'zj-health-1', 'zj-health-2']);
    const retired = await plan(path.join(work, 'zj-health'), env);
    expect(
      Object.values(retired.actions)
        .flat()
        .every((a) => a === 'forget'),
    ).toBe(true);
    expect(Object.keys(retired.actions)).toHaveLength(codes.length * OBJECTS_PER_TENANT);
    let imported = 0;
    for (const s of ['zj-health-1', 'zj-health-2']) {
      const p = await plan(path.join(work, s), env);
      expect(Object.values(p.actions).flat()).not.toContain('create');
      imported += p.importing.length;
      await terraformOk(path.join(work, s), ['apply', '-input=false', 'plan.bin'], env);
    }
    expect(imported).toBe(codes.length * OBJECTS_PER_TENANT);
    await terraformOk(path.join(work, 'zj-health'), ['apply', '-input=false', 'plan.bin'], env);
    expect(JSON.parse(fs.readFileSync(path.join(state, 'terraform.zj-health.tfstate'), 'utf8')).resources).toEqual([]);
  });
});
