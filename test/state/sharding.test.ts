import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { DataClass, IndustryCloud, IndustryCloudOptions, RedisOffering } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { countResources } from '../../lib/private/stack-resources';
import { shardOf, shardsNeeded, shardStackName } from '../../lib/state/sharding';
import { artifact, newHub, stackJson, synthProblems } from '../helpers';

const quota = { cpu: 1, memoryGi: 2 };
// GENERAL data: these tests count a tenant's own objects (10 per cluster); an IMPORTANT cloud would also be backed up
// (MLPS3-22), and the recovery layer's Velero Schedules would add one per cluster.
const health = (extra: Partial<IndustryCloudOptions> = {}): IndustryCloudOptions => ({ displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL, ...extra });
const codes = (n: number) => Array.from({ length: n }, (_, i) => `dept-${String(i).padStart(4, '0')}`);
const addTenants = (ic: IndustryCloud, list: string[]) => list.forEach((c) => ic.addTenant(c, { displayName: `部门${c}`, quota, admins: [`${c}-admins`] }));
const namespacesOf = (json: any) => Object.keys(json.resource?.kubernetes_namespace_v1 ?? {}).sort();

describe('the assignment function', () => {
  test('is pinned: changing the hash would move tenants between stacks', () => {
    const pinned = ['wjw', 'ybj', 'jkm', 'cdc', 'yjj', 'jyt', 'ksy', 'hz-jyj', 'dept-0001', 'dept-0002'].map((c) => [c, shardOf(c, 2), shardOf(c, 3), shardOf(c, 4), shardOf(c, 10)]);
    expect(pinned).toEqual([
      ['wjw', 1, 1, 1, 1],
      ['ybj', 2, 3, 4, 5],
      ['jkm', 1, 1, 1, 8],
      ['cdc', 2, 2, 2, 7],
      ['yjj', 2, 2, 4, 4],
      ['jyt', 2, 2, 4, 4],
      ['ksy', 2, 3, 3, 6],
      ['hz-jyj', 1, 1, 1, 7],
      ['dept-0001', 2, 3, 3, 9],
      ['dept-0002', 1, 1, 1, 5],
    ]);
    expect(shardOf('anything', 1)).toBe(1);
  });

  test('spreads evenly, and one more shard moves only tenants into the new shard (about 1 in n + 1)', () => {
    const all = codes(3000);
    for (const n of [2, 3, 4, 8]) {
      const counts = new Array(n + 1).fill(0);
      for (const c of all) counts[shardOf(c, n)]++;
      for (const k of counts.slice(1)) expect(Math.abs(k - 3000 / n)).toBeLessThan(0.1 * (3000 / n));
      const moved = all.filter((c) => shardOf(c, n) !== shardOf(c, n + 1));
      expect(moved.every((c) => shardOf(c, n + 1) === n + 1)).toBe(true);
      expect(Math.abs(moved.length - 3000 / (n + 1))).toBeLessThan(0.15 * (3000 / (n + 1)));
    }
  });

  test('stack names and the smallest shard count that fits', () => {
    expect(shardStackName('zj-health', 1, 1)).toBe('zj-health');
    expect(shardStackName('zj-health', 3, 2)).toBe('zj-health-2');
    const loads = codes(30).map((code) => ({ code, resources: 10 }));
    const n = shardsNeeded(loads, 100, 1)!;
    expect(n).toBeGreaterThanOrEqual(3);
    const per = new Array(n + 1).fill(0);
    for (const l of loads) per[shardOf(l.code, n)] += l.resources;
    expect(Math.max(...per)).toBeLessThanOrEqual(100);
    if (n > 3) {
      const perLess = new Array(n).fill(0);
      for (const l of loads) perLess[shardOf(l.code, n - 1)] += l.resources;
      expect(Math.max(...perLess)).toBeGreaterThan(100);
    }
    expect(shardsNeeded([{ code: 'big', resources: 101 }], 100, 1)).toBeUndefined();
  });

  test('the smallest count is the one a search with shardOf finds, for any loads, bound, count and overhead', () => {
    // The search as written before it kept each tenant's shard from one count to the next (O(counts² × tenants)).
    const reference = (loads: Array<{ code: string; resources: number }>, bound: number, current: number, overhead: number) => {
      if (loads.some((l) => l.resources + overhead > bound)) return undefined;
      for (let n = current + 1; n <= 999; n++) {
        const per = new Array<number>(n + 1).fill(overhead);
        if (loads.every((l) => (per[shardOf(l.code, n)] += l.resources) <= bound)) return n;
      }
      return undefined;
    };
    fc.assert(
      fc.property(
        // Distinct codes (as the hub's checks require) and a bound a few of them fit in: the reference stays quick.
        fc.uniqueArray(fc.record({ code: fc.oneof(fc.constantFrom('wjw', 'ybj', 'a'), fc.string({ maxLength: 6 })), resources: fc.integer({ min: 0, max: 15 }) }), {
          maxLength: 16,
          selector: (l) => l.code,
        }),
        fc.integer({ min: 30, max: 160 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 10 }),
        (loads, bound, current, overhead) => expect(shardsNeeded(loads, bound, current, overhead)).toBe(reference(loads, bound, current, overhead)),
      ),
      { numRuns: 100 },
    );
  });
});

describe('a sharded industry cloud', () => {
  test('tenants go to <province>-<industry>-<n> by their code; every shard depends on the hub', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', health({ shards: 3 }));
    const list = codes(12);
    addTenants(ic, list);
    expect(ic.stacks.map((s) => s.node.id)).toEqual(['zj-health-1', 'zj-health-2', 'zj-health-3']);
    expect(ic.stack.node.id).toBe('zj-health-1');
    app.synth();
    for (let n = 1; n <= 3; n++) {
      const expected = list.filter((c) => shardOf(c, 3) === n).flatMap((c) => [`${c}--hz-a-core`, `${c}--hz-b-core`]);
      expect(namespacesOf(stackJson(app, `zj-health-${n}`))).toEqual(expected.sort());
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    for (let n = 1; n <= 3; n++) expect(manifest.stacks[`zj-health-${n}`].dependencies).toEqual(['zj-hub']);
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'zj-health'))).toBe(false);
    const inv = JSON.parse(artifact(app, 'inventory.json'));
    expect(inv.provinces[0].industryClouds[0]).toMatchObject({ code: 'health', shards: 3, stacks: ['zj-health-1', 'zj-health-2', 'zj-health-3'] });
    expect(inv.provinces[0].tenants.find((t: any) => t.code === list[0]).stack).toBe(`zj-health-${shardOf(list[0], 3)}`);
    const contract = JSON.parse(artifact(app, 'zj-hub.json'));
    expect(contract.industryClouds[0]).toMatchObject({ shards: 3, stacks: ['zj-health-1', 'zj-health-2', 'zj-health-3'] });
    expect(inv.stacks.find((s: any) => s.name === 'zj-health-1').resources).toBe(list.filter((c) => shardOf(c, 3) === 1).length * 20);
  });

  test('adding a tenant never moves another', () => {
    const where = (list: string[]) => {
      const { hub } = newHub();
      const ic = hub.addIndustryCloud('health', health({ shards: 4 }));
      addTenants(ic, list);
      return new Map(ic.tenants.map((t) => [t.code, ic.stackFor(t.code).node.id]));
    };
    const before = where(codes(40));
    const after = where([...codes(40), 'new-dept', 'another-dept']);
    for (const [code, stack] of before) expect(after.get(code)).toBe(stack);
  });

  test('a stack above the bound fails the synth with the shard count to set', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', health({ maxResourcesPerStack: 100 }));
    addTenants(ic, codes(6)); // 6 tenants × 2 clusters × 10 objects = 120
    const problems = synthProblems(app);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p).toMatchObject({ code: 'stack-too-large', path: 'zj/health', value: 120 });
    expect(p.message).toBe('stack "zj-health" would hold 120 Terraform resources, above the bound of 100 (maxResourcesPerStack) that keeps terraform plan fast');
    const needed = shardsNeeded(
      codes(6).map((code) => ({ code, resources: 20 })),
      100,
      1,
    );
    expect(p.fix).toBe(
      `set shards: ${needed} on industry cloud "health" (now 1; ${needed} is the smallest count at which every stack stays within 100) together with previousShards: 1, so the tenants that change stack are adopted there, not recreated; or raise maxResourcesPerStack`,
    );
  });

  test('the bound comes from the hub (default 3,000) unless the industry cloud sets its own', () => {
    const { hub } = newHub({ maxResourcesPerStack: 500 });
    expect(hub.addIndustryCloud('health', health()).maxResourcesPerStack).toBe(500);
    expect(hub.addIndustryCloud('edu', health({ maxResourcesPerStack: 50 })).maxResourcesPerStack).toBe(50);
    expect(newHub().hub.addIndustryCloud('health', health()).maxResourcesPerStack).toBe(3000);
  });

  test('a tenant that alone exceeds the bound', () => {
    const { app, hub } = newHub();
    addTenants(hub.addIndustryCloud('health', health({ maxResourcesPerStack: 15 })), ['wjw']);
    const [p] = synthProblems(app);
    expect(p.fix).toBe('tenant "wjw" alone holds 20 resources: raise maxResourcesPerStack, or split the department');
  });

  test('invalid shard counts and bounds, and a stack name that a sharded industry cloud already uses', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('health', health({ shards: 0, previousShards: 2.5 }));
    hub.addIndustryCloud('edu', health({ maxResourcesPerStack: -1 }));
    hub.addIndustryCloud('gov', health({ shards: 2 }));
    hub.addIndustryCloud('gov-2', health());
    const problems = synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}: ${p.message}`);
    expect(problems).toEqual([
      'duplicate zj-gov-2-duplicate-9 "zj-gov-2": stack name "zj-gov-2" is used by zj-gov-2 too; both would be written to the same folder and state',
      'invalid-value zj/health 0: shards must be a whole number from 1 to 999',
      'invalid-value zj/health 2.5: previousShards must be a whole number from 1 to 999',
      'invalid-value zj/edu -1: maxResourcesPerStack must be a whole number above 0',
    ]);
  });
});

describe('changing the shard count', () => {
  function reshard(previousShards: number, shards: number) {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', health({ shards, previousShards }));
    const list = codes(10);
    addTenants(ic, list);
    app.synth();
    return { app, ic, list };
  }

  test('1 → 2: every tenant is adopted by its new shard and forgotten by the retired stack', () => {
    const { app, ic, list } = reshard(1, 2);
    expect(ic.retiredStacks.map((s) => s.node.id)).toEqual(['zj-health']);
    const old = stackJson(app, 'zj-health');
    expect(old.resource).toBeUndefined();
    expect(old.terraform.backend.local.path).toMatch(/terraform\.zj-health\.tfstate$/);
    expect(old.terraform.required_version).toBe('>= 1.7.0');
    // The retired stack still configures the providers of what it forgets.
    expect(old.provider.kubernetes.map((p: any) => p.alias).sort()).toEqual(['hz-a-core', 'hz-b-core']);
    const removed = old.removed.map((b: any) => b.from);
    expect(removed).toHaveLength(list.length * 20);
    expect(removed).toContain(`kubernetes_namespace_v1.${list[0]}--hz-a-core`);
    expect(old.removed.every((b: any) => b.lifecycle.destroy === false)).toBe(true);
    for (const n of [1, 2]) {
      const json = stackJson(app, `zj-health-${n}`);
      const mine = list.filter((c) => shardOf(c, 2) === n);
      expect(json.import.map((b: any) => b.to).filter((a: string) => a.startsWith('kubernetes_namespace_v1.'))).toEqual(
        mine.flatMap((c) => [`kubernetes_namespace_v1.${c}--hz-a-core`, `kubernetes_namespace_v1.${c}--hz-b-core`]).sort(),
      );
      expect(json.import).toHaveLength(mine.length * 20);
      expect(json.removed).toBeUndefined();
    }
    const inv = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
    expect(inv.industryClouds[0].retiredStacks).toEqual(['zj-health']);
    expect(inv.tenants.find((t: any) => t.code === list[0]).movedFrom).toEqual({ industryCloud: 'health', stack: 'zj-health' });
  });

  test('2 → 3: only the tenants the new shard wins move; no stack is retired', () => {
    const { app, ic, list } = reshard(2, 3);
    expect(ic.retiredStacks).toEqual([]);
    const moving = list.filter((c) => shardOf(c, 2) !== shardOf(c, 3));
    expect(moving.length).toBeGreaterThan(0);
    expect(moving.every((c) => shardOf(c, 3) === 3)).toBe(true);
    const imported = stackJson(app, 'zj-health-3')
      .import.map((b: any) => b.to)
      .filter((a: string) => a.startsWith('kubernetes_namespace_v1.'));
    expect(imported).toEqual(moving.flatMap((c) => [`kubernetes_namespace_v1.${c}--hz-a-core`, `kubernetes_namespace_v1.${c}--hz-b-core`]).sort());
    const removedFrom = (n: number) => (stackJson(app, `zj-health-${n}`).removed ?? []).map((b: any) => b.from.split('.')[1].split('--')[0]);
    expect([...new Set([...removedFrom(1), ...removedFrom(2)])].sort()).toEqual([...moving].sort());
    for (const n of [1, 2]) expect(stackJson(app, `zj-health-${n}`).import).toBeUndefined();
  });

  test('previousShards equal to shards moves nothing', () => {
    const { app } = reshard(2, 2);
    for (const n of [1, 2]) {
      const json = stackJson(app, `zj-health-${n}`);
      expect(json.import).toBeUndefined();
      expect(json.removed).toBeUndefined();
      expect(json.terraform.required_version).toBeUndefined();
    }
  });
});

describe('the hub and platform stacks, which are not sharded', () => {
  test('a hub stack above the bound is a warning that names the grants that fill it; within it, none', () => {
    const grantAll = (maxResourcesPerStack: number, n: number) => {
      const { app, hub } = newHub({ maxResourcesPerStack });
      // The industry stack keeps its own bound: only the hub's is under test.
      const ic = hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'], maxResourcesPerStack: 3000 });
      hub.middleware.add(new RedisOffering());
      for (let i = 0; i < n; i++) hub.middleware.get('redis').grantConnect(ic.addTenant(`t${i}`, { displayName: '部门', quota: { cpu: 1, memoryGi: 1 } }));
      return {
        app,
        hub,
        warnings: LandingZoneContext.of(app)
          .run()
          .warnings.filter((w) => w.message.includes('maxResourcesPerStack')),
      };
    };
    const small = grantAll(3000, 30);
    expect(small.warnings).toEqual([]);
    const hubResources = countResources(small.hub.hubStack);
    const big = grantAll(hubResources - 1, 30);
    expect(big.warnings.map((w) => w.message)).toEqual([
      `stack "zj-hub" holds ${hubResources} Terraform resources, above the bound of ${hubResources - 1} (maxResourcesPerStack) that keeps terraform plan fast; 30 middleware grants keep their middleware side here (the hub and platform stacks are not sharded): plan it with -target per offering when it is slow, or spread offerings over hubs`,
    ]);
    // A warning, not an error: the synth goes through.
    big.app.synth();
  });
});
