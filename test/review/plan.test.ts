/**
 * Terraform plan JSON, produced during the test by the real `terraform` binary (no hand-written plan
 * fixtures): a configuration of built-in `terraform_data` resources named by the landing zone's address
 * convention is applied, changed, planned (`plan -out`) and shown (`show -json`). terraform must be on the PATH.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { govLzMain, OwnerIndex, parsePlanArgument, planAction, readSynthOutput, reviewPlan, SynthOutput } from '../../lib/review';
import { tmpdir } from '../helpers';
import { terraformEnv, terraformOk } from '../terraform';
import { synthDemo } from './fixtures';

let head: SynthOutput;
let planFile: string;

function write(dir: string, resources: Record<string, unknown>, withModule: boolean): void {
  const config: Record<string, unknown> = { resource: { terraform_data: resources } };
  if (withModule) config.module = { legacy: { source: './legacy' } };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
}

beforeAll(async () => {
  head = readSynthOutput(synthDemo());
  // The folder is named like the stack, as `cdktf.out/stacks/<stack>/` is: the review tells the stack from it.
  const dir = path.join(tmpdir('govlz-plan-'), 'zj-health');
  fs.mkdirSync(path.join(dir, 'legacy'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'legacy', 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { 'jkm--hz-a-core--legacy': { input: 'old' } } } }));
  const env = terraformEnv();
  write(
    dir,
    {
      'wjw--hz-a-core': { input: { quotaCpu: 64 } },
      'ybj--hz-a-core--allow-dns': { input: 'dns' },
      'cdc--hz-a-core': { input: 'cdc', triggers_replace: ['v1'] },
      'yjj--hz-b-core': { input: 'unchanged' },
      'gov-lz-system--hz-a-core': { input: 'unchanged' },
    },
    true,
  );
  await terraformOk(dir, ['init', '-input=false'], env);
  await terraformOk(dir, ['apply', '-auto-approve', '-input=false'], env);
  write(
    dir,
    {
      'wjw--hz-a-core': { input: { quotaCpu: 96 } },
      'cdc--hz-a-core': { input: 'cdc', triggers_replace: ['v2'] },
      'yjj--hz-b-core': { input: 'unchanged' },
      'gov-lz-system--hz-a-core': { input: 'unchanged' },
      'jyt--hz-a-core': { input: 'new' },
    },
    false,
  );
  await terraformOk(dir, ['plan', '-out=plan.out', '-input=false'], env);
  planFile = path.join(dir, 'plan.json');
  fs.writeFileSync(planFile, await terraformOk(dir, ['show', '-json', 'plan.out'], env));
});

test('terraform is on the PATH (the plan tests never skip)', () => {
  expect(execFileSync('terraform', ['version']).toString()).toMatch(/^Terraform v1\./);
});

test('maps each change of a real plan to its tenant and flags deletes and replaces', () => {
  const r = reviewPlan({ file: planFile, shownAs: 'zj-health/plan.json' }, head, new OwnerIndex([head.inventory]));
  expect(r).toMatchObject({ file: 'zj-health/plan.json', stack: 'zj-health', stackFrom: 'folder', errored: false, complete: true, formatVersion: expect.stringMatching(/^1\./) });
  expect(r.counts).toEqual({ create: 1, update: 1, replace: 1, delete: 2, move: 0, forget: 0, 'no-op': 2 });
  const rows = r.changes.map((c) => [c.action, c.address, c.owner.code ?? c.owner.kind, c.destructive]);
  expect(rows).toEqual([
    ['replace', 'terraform_data.cdc--hz-a-core', 'cdc', true],
    ['delete', 'module.legacy.terraform_data.jkm--hz-a-core--legacy', 'jkm', false],
    ['delete', 'terraform_data.ybj--hz-a-core--allow-dns', 'ybj', false],
    ['update', 'terraform_data.wjw--hz-a-core', 'wjw', false],
    ['create', 'terraform_data.jyt--hz-a-core', 'jyt', false],
  ]);
  expect(r.changes[0].reasons).toEqual(['an attribute that cannot change in place changes', 'triggers_replace forces replacement']);
  expect(r.changes[0].cluster).toBe('hz-a-core');
  expect(r.changes[1].reasons[0]).toBe('the resource is no longer in the configuration');
  expect(r.changes[2].reasons[0]).toBe('the resource is no longer in the configuration');
  expect(r.tenants.map((t) => [t.tenant, t.displayName, Object.entries(t.counts).filter(([, n]) => n > 0)])).toEqual([
    ['cdc', '省疾病预防控制中心', [['replace', 1]]],
    ['jkm', '健康码运营中心', [['delete', 1]]],
    ['jyt', '省教育厅', [['create', 1]]],
    ['wjw', '省卫生健康委员会', [['update', 1]]],
    ['ybj', '省医疗保障局', [['delete', 1]]],
  ]);
});

test('gov-lz review --plan: a plans table, changes by tenant, and --fail-on destructive fails on the replace', () => {
  let out = '';
  let err = '';
  const dir = path.dirname(path.dirname(planFile));
  fs.cpSync(synthDemo(), path.join(dir, 'cdktf.out'), { recursive: true });
  const code = govLzMain(['review', '--plan', 'zj-health=zj-health/plan.json', '--fail-on', 'destructive'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  expect(code).toBe(1);
  // The demo's compliance report has eight warnings (counted, not gating here).
  expect(err).toBe('gov-lz: review fails on destructive (destructive changes: 1, deletes: 3, compliance errors: 0, warnings: 27)\n');
  expect(out).toContain('### Terraform plans');
  expect(out).toMatch(/\| `zj-health\/plan.json` \| `zj-health` \| 1 \| 1 \| 1 \| 2 \| 0 \| 0 \| 2 \| 1\.11\.\d+ \|/);
  expect(out).toContain(
    '| ♻️ replace | plan `zj-health/plan.json` | `zj-health` | tenant `cdc` 省疾病预防控制中心 | `terraform_data.cdc--hz-a-core` | an attribute that cannot change in place changes; triggers_replace forces replacement |',
  );
  expect(out).toContain('| `ybj` 省医疗保障局 | ➖ 1 deleted |');
});

test('a switchover of a PostgreSQL primary in a plan is a destructive update', () => {
  // The kubernetes provider cannot be downloaded here, so this one entry is written in the plan format around the
  // demo's real Cluster body (before) and the same body with the primary moved to hz-b-core (after).
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const manifest = (head.stacks.get('zj-hub')!.resources.get('kubernetes_manifest.postgres--hz-a-core')!.body as any).manifest;
  const moved = { ...manifest, spec: { ...manifest.spec, replica: { ...manifest.spec.replica, primary: 'postgres-hz-b-core' } } };
  plan.resource_changes = [
    {
      address: 'kubernetes_manifest.postgres--hz-a-core',
      mode: 'managed',
      type: 'kubernetes_manifest',
      name: 'postgres--hz-a-core',
      change: { actions: ['update'], before: { manifest, object: manifest }, after: { manifest: moved, object: moved } },
    },
  ];
  const dir = path.join(tmpdir(), 'zj-hub');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  const r = reviewPlan({ file: path.join(dir, 'plan.json') }, head, new OwnerIndex([head.inventory]));
  expect(r.changes).toHaveLength(1);
  expect(r.changes[0]).toMatchObject({ action: 'update', destructive: true, stack: 'zj-hub', cluster: 'hz-a-core', owner: { kind: 'offering', code: 'postgres' } });
  expect(r.changes[0].reasons[0]).toMatch(/^spec\.replica\.primary changes \(postgres-hz-a-core → postgres-hz-b-core\): a switchover/);
});

test('the stack comes from `stack=file`, the folder, or is unknown', () => {
  expect(parsePlanArgument('zj-egov=plans/egov.json')).toEqual({ stack: 'zj-egov', file: 'plans/egov.json' });
  expect(parsePlanArgument('./a=b/plan.json')).toEqual({ file: './a=b/plan.json' });
  const owners = new OwnerIndex([head.inventory]);
  expect(reviewPlan({ file: planFile, stack: 'zj-egov' }, head, owners)).toMatchObject({ stack: 'zj-egov', stackFrom: 'argument' });
  const elsewhere = path.join(tmpdir(), 'plan.json');
  fs.copyFileSync(planFile, elsewhere);
  expect(reviewPlan({ file: elsewhere }, head, owners)).toMatchObject({ stack: undefined, stackFrom: 'unknown' });
});

test('Terraform action lists map to review actions', () => {
  expect(planAction(['delete', 'create'])).toBe('replace');
  expect(planAction(['create', 'delete'])).toBe('replace');
  expect(planAction(['delete'])).toBe('delete');
  expect(planAction(['no-op'])).toBe('no-op');
  expect(planAction(['read'])).toBe('read');
  expect(planAction(['forget'])).toBe('forget');
});

test('a file that is not plan JSON, or of another major format, is refused with the command to make one', () => {
  const owners = new OwnerIndex([head.inventory]);
  const notPlan = path.join(tmpdir(), 'state.json');
  fs.writeFileSync(notPlan, JSON.stringify({ version: 4, resources: [] }));
  expect(() => reviewPlan({ file: notPlan }, head, owners)).toThrow(/is not Terraform plan JSON: write it with `terraform show -json <planfile> > plan.json`/);
  const future = path.join(tmpdir(), 'plan.json');
  fs.writeFileSync(future, JSON.stringify({ ...JSON.parse(fs.readFileSync(planFile, 'utf8')), format_version: '2.0' }));
  expect(() => reviewPlan({ file: future }, head, owners)).toThrow(/plan format_version 2.0; this review reads format 1.x/);
});

test('--plan given twice: each real plan is read, its stack told by its folder, and the verdict counts both', async () => {
  // A second stack's plan, from its own folder: dsj's object on hz-a-core is removed, gat's created.
  const root = path.dirname(path.dirname(planFile));
  const dir = path.join(root, 'zj-egov');
  fs.mkdirSync(dir, { recursive: true });
  const env = terraformEnv();
  write(dir, { 'dsj--hz-a-core': { input: 'dsj' } }, false);
  await terraformOk(dir, ['init', '-input=false'], env);
  await terraformOk(dir, ['apply', '-auto-approve', '-input=false'], env);
  write(dir, { 'gat--hz-a-core': { input: 'gat' } }, false);
  await terraformOk(dir, ['plan', '-out=plan.out', '-input=false'], env);
  fs.writeFileSync(path.join(dir, 'plan.json'), await terraformOk(dir, ['show', '-json', 'plan.out'], env));
  if (!fs.existsSync(path.join(root, 'cdktf.out'))) fs.cpSync(synthDemo(), path.join(root, 'cdktf.out'), { recursive: true });

  let out = '';
  const code = govLzMain(['review', '--plan', 'zj-health/plan.json', '--plan', 'zj-egov/plan.json', '--format', 'json', '--fail-on', 'destructive'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    cwd: root,
  });
  const review = JSON.parse(out);
  expect(review.inputs.plans).toEqual(['zj-health/plan.json', 'zj-egov/plan.json']);
  expect(review.plans.map((p: any) => [p.stack, p.stackFrom, p.counts.create, p.counts.delete, p.counts.replace])).toEqual([
    ['zj-health', 'folder', 1, 2, 1],
    ['zj-egov', 'folder', 1, 1, 0],
  ]);
  expect(review.plans[1].changes.map((c: any) => [c.action, c.address, c.owner.code])).toEqual([
    ['delete', 'terraform_data.dsj--hz-a-core', 'dsj'],
    ['create', 'terraform_data.gat--hz-a-core', 'gat'],
  ]);
  // Deletes of both plans count: 2 + 1 deleted, 1 replaced.
  expect(review.verdict).toMatchObject({ deletes: 4, failed: ['destructive'] });
  expect(code).toBe(1);
});
