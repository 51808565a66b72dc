import { BurstAutoscaler, BurstAutoscalerProps, ITenant } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { newHub, stackJson, synthProblems } from '../helpers';

function setup(burst = true) {
  const { app, hub } = newHub({ dedicatedLineCidrs: ['10.20.0.0/24'] });
  const ic = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
  const ksy = ic.addTenant('ksy', {
    displayName: '考试院',
    quota: { cpu: 48, memoryGi: 192 },
    ...(burst ? { burst: { cluster: 'ali-burst', maxCpu: 64 } } : {}),
  });
  const scale = (id: string, props: Partial<BurstAutoscalerProps> & { tenant?: ITenant }) => new BurstAutoscaler(ic.stack, id, { tenant: ksy, deployment: 'score-query', cpuPerPod: 0.5, ...props });
  return { app, ic, ksy, scale };
}

test('one HorizontalPodAutoscaler v2 per placement, bounded by each quota', () => {
  const { app, scale } = setup();
  scale('hpa', {});
  app.synth();
  const hpa = stackJson(app, 'zj-edu').resource.kubernetes_horizontal_pod_autoscaler_v2;
  expect(Object.keys(hpa).sort()).toEqual(['ksy--ali-burst--hpa-score-query', 'ksy--hz-a-core--hpa-score-query', 'ksy--hz-b-core--hpa-score-query']);
  const home = hpa['ksy--hz-a-core--hpa-score-query'];
  expect(home.provider).toBe('kubernetes.hz-a-core');
  expect(home.depends_on).toEqual(['kubernetes_namespace_v1.ksy--hz-a-core']);
  expect(home.metadata).toMatchObject({ name: 'score-query', namespace: 'ksy', labels: { 'gov-lz.io/tenant': 'ksy' } });
  expect(home.spec).toEqual({
    min_replicas: 2,
    max_replicas: 96,
    scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: 'score-query' },
    metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } }],
    behavior: {
      scale_up: [
        {
          stabilization_window_seconds: 0,
          select_policy: 'Max',
          policy: [
            { type: 'Percent', value: 100, period_seconds: 15 },
            { type: 'Pods', value: 10, period_seconds: 15 },
          ],
        },
      ],
      scale_down: [{ stabilization_window_seconds: 300, select_policy: 'Min', policy: [{ type: 'Percent', value: 20, period_seconds: 60 }] }],
    },
  });
  const burst = hpa['ksy--ali-burst--hpa-score-query'];
  expect(burst.provider).toBe('kubernetes.ali-burst');
  expect(burst.spec).toMatchObject({ min_replicas: 1, max_replicas: 128 });
});

test('options: replicas, memory target, scale-down window', () => {
  const { app, scale } = setup();
  scale('hpa', { minReplicas: 3, burstMinReplicas: 2, maxReplicas: 40, targetCpuUtilizationPercent: 60, targetMemoryUtilizationPercent: 80, scaleDownStabilizationSeconds: 600 });
  app.synth();
  const hpa = stackJson(app, 'zj-edu').resource.kubernetes_horizontal_pod_autoscaler_v2;
  expect(hpa['ksy--hz-b-core--hpa-score-query'].spec).toMatchObject({ min_replicas: 3, max_replicas: 40 });
  expect(hpa['ksy--ali-burst--hpa-score-query'].spec).toMatchObject({ min_replicas: 2, max_replicas: 40 });
  expect(hpa['ksy--ali-burst--hpa-score-query'].spec.metric.map((m: any) => `${m.resource.name}:${m.resource.target.average_utilization}`)).toEqual(['cpu:60', 'memory:80']);
  expect(hpa['ksy--ali-burst--hpa-score-query'].spec.behavior.scale_down[0].stabilization_window_seconds).toBe(600);
});

test('a tenant that does not burst gets autoscalers at home only', () => {
  const { app, scale } = setup(false);
  scale('hpa', {});
  app.synth();
  expect(Object.keys(stackJson(app, 'zj-edu').resource.kubernetes_horizontal_pod_autoscaler_v2).sort()).toEqual(['ksy--hz-a-core--hpa-score-query', 'ksy--hz-b-core--hpa-score-query']);
});

test('bad values, reported together', () => {
  const { app, scale } = setup();
  scale('hpa', { deployment: 'Score_Query', cpuPerPod: 0, minReplicas: 0, scaleDownStabilizationSeconds: 7200 });
  expect(synthProblems(app).map((p) => `${p.code} ${JSON.stringify(p.value)} ${p.message}`)).toEqual([
    'invalid-name "Score_Query" deployment must be the name of a Deployment that is a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
    'invalid-quantity 0 cpuPerPod must be at least 0.001',
    'invalid-quantity 0 minReplicas must be at least 1',
    'invalid-quantity 7200 scaleDownStabilizationSeconds must be at most 3600',
  ]);
});

test('a quota too small for the minimum replicas, and a second autoscaler for one Deployment', () => {
  const { app, scale } = setup();
  scale('hpa', { cpuPerPod: 40 });
  scale('again', {});
  const got = synthProblems(app);
  expect(got.map((p) => `${p.code} ${p.path}`)).toEqual(['invalid-quantity zj-edu/hpa', 'invalid-quantity zj-edu/hpa', 'duplicate zj-edu/again']);
  expect(got[0].message).toBe('on cluster "hz-a-core" the autoscaler would keep at most 1 replicas but at least 2 (a CPU quota of 48 holds 1 pods of 40 cores)');
  expect(got[2].message).toBe('Deployment "score-query" of tenant "ksy" already has an autoscaler; two would fight over its replicas');
});

test('maxReplicas beyond what the quota holds is a warning, not an error', () => {
  const { app, scale } = setup();
  const a = scale('hpa', { maxReplicas: 200 });
  const report = LandingZoneContext.of(app).run();
  expect(report.problems).toEqual([]);
  // The hub's compliance pack adds warnings of its own (intrusion detection, monitoring…); these are the autoscaler's.
  expect(report.warnings.filter((w) => w.at === a).map((w) => [w.at, w.message])).toEqual([
    [a, 'on cluster "hz-a-core" maxReplicas 200 × 0.5 cores is above the CPU quota of 48; the quota stops the scaling first'],
    [a, 'on cluster "hz-b-core" maxReplicas 200 × 0.5 cores is above the CPU quota of 48; the quota stops the scaling first'],
    [a, 'on burst cluster "ali-burst" maxReplicas 200 × 0.5 cores is above the CPU quota of 64; the quota stops the scaling first'],
  ]);
  app.synth();
});
