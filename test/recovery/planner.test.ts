import { DEFAULT_RECOVERY_ASSUMPTIONS, MechanismEstimate } from '../../lib';
import { compositeAvailability, cronEvery, planScenario, stagger } from '../../lib/recovery/planner';

const a = DEFAULT_RECOVERY_ASSUMPTIONS;

test('RPO is the worst data bound; RTO is detection + slowest recovery + traffic switch', () => {
  const mechanisms: MechanismEstimate[] = [
    { id: 'workloads', description: 'already running', rto: [] },
    {
      id: 'db',
      description: 'async db',
      rpo: [
        { name: 'archive timeout', seconds: 300, setting: 'x' },
        { name: 'upload', seconds: 30, setting: 'y' },
      ],
      rto: [{ name: 'promotion', seconds: 120, setting: 'z' }],
    },
    { id: 'cache', description: 'cache', rto: [{ name: 'warm-up', seconds: 60, setting: 'w' }] },
    { id: 'volumes', description: 'sync volumes', rpo: [], rto: [] },
  ];
  const plan = planScenario(mechanisms, a);
  expect(plan.rpoSeconds).toBe(330);
  expect(plan.rpoBoundBy?.id).toBe('db');
  expect(plan.rtoBoundBy?.id).toBe('db');
  expect(plan.rtoFrame.map((t) => t.name)).toEqual(['failure detection', 'traffic switch (GSLB)', 'DNS TTL']);
  expect(plan.rtoSeconds).toBe(60 + 30 + 60 + 120);
});

test('a stateless tenant loses nothing and recovers in the frame alone', () => {
  const plan = planScenario([{ id: 'workloads', description: 'x', rto: [] }], a);
  expect(plan.rpoSeconds).toBe(0);
  expect(plan.rtoSeconds).toBe(150);
  expect(plan.rpoBoundBy).toBeUndefined();
});

test('composite availability of a dual-active pair counts both-down time and failover time', () => {
  // 99.9 % sites, 4 h repairs: 2.19 failures a year each, 4.38 failovers × 150 s.
  const r = compositeAvailability([0.999, 0.999], 150, 4);
  expect(r.bothDown).toBeCloseTo(1e-6, 12);
  expect(r.failoversPerYear).toBeCloseTo(4.38, 2);
  expect(r.failover).toBeCloseTo((4.38 * 150) / (8760 * 3600), 9);
  expect(r.availability).toBeGreaterThan(0.9999);
  // A 30-minute failover eats the margin: below 99.99 %.
  expect(compositeAvailability([0.999, 0.999], 1800, 4).availability).toBeLessThan(0.9999);
});

test('cron schedules: every N minutes or hours, staggered by tenant', () => {
  expect(cronEvery(15, 7)).toBe('7-59/15 * * * *');
  expect(cronEvery(30, 40)).toBe('10-59/30 * * * *');
  expect(cronEvery(60, 13)).toBe('13 * * * *');
  expect(cronEvery(240, 130)).toBe('10 2-23/4 * * *');
  expect(cronEvery(1440, 200)).toBe('20 3 * * *');
  expect(stagger('wjw', 60)).toBe(stagger('wjw', 60));
  expect(new Set(['wjw', 'ybj', 'cdc', 'jkm', 'yjj'].map((c) => stagger(c, 60))).size).toBeGreaterThan(3);
});
