import { DataClass, RecoveryObjective } from '../../lib';
import { newHub, stackJson, synthProblems } from '../helpers';

test('an industry cloud keeps its clusters, data class and recovery objective', () => {
  const { app, hub } = newHub({
    recovery: { backupLocation: { site: 'nb', endpoint: 'https://oss.nb', bucket: 'zj-backups' }, metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' } },
  });
  const ic = hub.addIndustryCloud('health', {
    displayName: '医疗健康行业云',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 }),
  });
  expect(ic.clusters.map((c) => c.name)).toEqual(['hz-a-core', 'hz-b-core']);
  expect(ic.dataClass).toBe(DataClass.IMPORTANT);
  expect(ic.recovery?.toJSON()).toEqual({ rtoMinutes: 15, rpoMinutes: 5, availability: 0.9999 });
  expect(ic.stack.node.id).toBe('zj-health');
  const t = ic.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 } });
  expect(ic.tenants).toEqual([t]);
  app.synth();
  expect(Object.keys(stackJson(app, 'zj-health').resource.kubernetes_namespace_v1)).toEqual(['wjw--hz-a-core', 'wjw--hz-b-core']);
});

test('the data class defaults to GENERAL', () => {
  const { hub } = newHub();
  expect(hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] }).dataClass).toBe(DataClass.GENERAL);
});

test('an industry cloud with no cluster', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: [] });
  const [p] = synthProblems(app);
  expect(p).toMatchObject({ code: 'no-cluster', path: 'zj/health', value: [] });
  expect(p.message).toBe('the industry cloud has no cluster, so its tenants would have nowhere to run');
  expect(p.fix).toBe('list at least one cluster in clusters, e.g. ["hz-a-core"]');
});

test('unknown and repeated clusters', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-c-core', 'hz-a-core'] });
  const problems = synthProblems(app);
  expect(problems.map((p) => [p.code, p.value])).toEqual([
    ['unknown-cluster', 'hz-c-core'],
    ['duplicate', 'hz-a-core'],
  ]);
  expect(problems[0].fix).toBe('write "hz-a-core"; or use one of: hz-a-core, hz-b-core, ali-burst, or add it to the hub\'s clusters');
});

test('the same industry code twice, a bad code and a code that would clash with the hub stack', () => {
  const { app, hub } = newHub();
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
  hub.addIndustryCloud('health', { displayName: '医疗2', clusters: ['hz-a-core'] });
  hub.addIndustryCloud('Edu', { displayName: '教育', clusters: ['hz-a-core'] });
  hub.addIndustryCloud('hub', { displayName: '枢纽', clusters: ['hz-a-core'] });
  const problems = synthProblems(app);
  expect(problems.map((p) => `${p.code} ${p.value}`).sort()).toEqual(['duplicate health', 'invalid-name Edu', 'reserved-name hub']);
});

test('a recovery objective with impossible figures', () => {
  const { app, hub } = newHub({ recovery: { backupLocation: { site: 'nb', endpoint: 'https://oss.nb', bucket: 'zj-backups' } } });
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], recovery: RecoveryObjective.of({ rtoMinutes: 0, rpoMinutes: -1, availability: 99.99 }) });
  expect(synthProblems(app).map((p) => p.message)).toEqual([
    'recovery.rtoMinutes must be a number above 0',
    'recovery.rpoMinutes must be a number of 0 or more',
    'recovery.availability must be a fraction between 0 and 1, e.g. 0.9999',
  ]);
});
