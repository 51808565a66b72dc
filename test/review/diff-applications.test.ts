import { diffApplications } from '../../lib/review/diff-applications';
import type { ApplicationRecord } from '../../lib/schema/application';

const app = (over: Partial<ApplicationRecord> = {}): ApplicationRecord => ({
  name: 'score-query',
  delivery: 'terraform',
  image: 'harbor.zj.gov.internal/ksy/score-query@sha256:' + 'a'.repeat(64),
  clusters: ['hz-a-core', 'hz-b-core', 'ali-burst'],
  replicas: { min: 2, max: 40 },
  resources: { cpu: 0.5, memoryMi: 512 },
  slo: { availability: 99.9 },
  achievableAvailability: 99.9978,
  uses: ['redis'],
  route: { host: 'cf.zjzs.gov.cn', path: '/' },
  peaks: [],
  peakCapacity: { replicas: 80, cpu: 40, memoryGi: 40 },
  burst: true,
  scheduledScaling: 'none',
  ...over,
});
const base = { province: 'zj', subject: 'ksy' };

describe('the review of applications', () => {
  test('an unchanged application is no change', () => {
    expect(diffApplications(base, 'ksy', [app()], [app()])).toEqual([]);
  });

  test('SLO and capacity changes are flagged, not destructive', () => {
    const changes = diffApplications(base, 'ksy', [app()], [app({ slo: { availability: 99.95 }, replicas: { min: 2, max: 60 } })]);
    expect(changes.map((c) => [c.kind, c.destructive])).toEqual([
      ['application-slo-changed', false],
      ['application-capacity-changed', false],
    ]);
    expect(changes[0].message).toBe('SLO of ksy/score-query: 99.9% → 99.95% (achievable 99.9978% → 99.9978%)');
    expect(changes[1].message).toMatch(/replicas 2–40,.* → replicas 2–60/);
  });

  test('removing an application, leaving a cluster, changing delivery or dropping the route are destructive', () => {
    expect(diffApplications(base, 'ksy', [app()], []).map((c) => [c.kind, c.destructive])).toEqual([['application-removed', true]]);
    const moved = diffApplications(base, 'ksy', [app()], [app({ clusters: ['hz-a-core', 'hz-b-core'], burst: false })]);
    expect(moved.find((c) => c.kind === 'application-changed')).toMatchObject({ destructive: true, message: expect.stringMatching(/objects on ali-burst are deleted/) });
    expect(diffApplications(base, 'ksy', [app()], [app({ delivery: 'manifests' })])[0]).toMatchObject({ kind: 'application-changed', destructive: true });
    expect(diffApplications(base, 'ksy', [app()], [app({ route: null })])[0]).toMatchObject({ kind: 'application-changed', destructive: true });
    expect(diffApplications(base, 'ksy', [], [app()])[0]).toMatchObject({ kind: 'application-added', destructive: false });
  });
});
