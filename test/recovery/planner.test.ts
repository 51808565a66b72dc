import { DEFAULT_RECOVERY_ASSUMPTIONS, MechanismEstimate } from '../../lib';
import { compositeAvailability, cronEvery, planScenario, queuedRestoreSeconds, stagger, veleroBackupSeconds, veleroRestoreSeconds } from '../../lib/recovery/planner';

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
  expect(plan.rtoFrame.map((t) => t.name)).toEqual(['failure detection', 'traffic switch (GSLB)', 'clients leave the cached DNS answer (TTL to high percentile)']);
  // DNS counted at its high percentile (300 s); the TTL (60 s) is the optimistic end of the range.
  expect(plan.rtoSeconds).toBe(60 + 30 + 300 + 120);
  expect(plan.rtoLowSeconds).toBe(60 + 30 + 60 + 120);
});

test('ranges: each term may carry an optimistic end; the conservative end is what the objective is checked against', () => {
  const plan = planScenario(
    [{ id: 'db', description: 'x', rpo: [{ name: 'lag', seconds: 120, lowSeconds: 0, setting: 's' }], rto: [{ name: 'page', seconds: 600, lowSeconds: 200, manual: true, setting: 's' }] }],
    a,
  );
  expect([plan.rpoLowSeconds, plan.rpoSeconds]).toEqual([0, 120]);
  expect([plan.rtoLowSeconds, plan.rtoSeconds]).toEqual([60 + 30 + 60 + 200, 60 + 30 + 300 + 600]);
});

test('Velero backup and restore times follow the data and the bandwidth; restores queue by concurrency', () => {
  // 100 GiB, 10 % changed at 100 MiB/s + 60 s; all of it restored at 200 MiB/s + 60 s.
  expect(veleroBackupSeconds(100, a)).toBe(Math.round(60 + (100 * 1024 * 0.1) / 100));
  expect(veleroRestoreSeconds(100, a)).toBe(Math.round(60 + (100 * 1024) / 200));
  expect(veleroBackupSeconds(1000, a)).toBeGreaterThan(veleroBackupSeconds(100, a));
  // Summed one at a time; spread over lanes with more concurrency.
  expect(queuedRestoreSeconds([100, 200, 300], 1)).toBe(600);
  expect(queuedRestoreSeconds([100, 200, 300], 2)).toBe(300);
  expect(queuedRestoreSeconds([100, 200, 300], 3)).toBe(300);
});

test('a stateless tenant loses nothing and recovers in the frame alone', () => {
  const plan = planScenario([{ id: 'workloads', description: 'x', rto: [] }], a);
  expect(plan.rpoSeconds).toBe(0);
  expect(plan.rtoSeconds).toBe(390);
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

test('two sites in one city share causes: a common-cause share of the smaller unavailability takes both down', () => {
  const r = compositeAvailability([0.999, 0.999], 150, 4, 0.1);
  expect(r.commonCause).toBeCloseTo(1e-4, 12);
  expect(r.bothDown).toBeCloseTo(1e-4 + 0.9e-6, 12);
  expect(r.availability).toBeLessThan(0.9999);
  expect(compositeAvailability([0.9998, 0.9998], 150, 4, 0.1).availability).toBeGreaterThan(0.9999);
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
