import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { DataClass, GovApplication, GovApplicationProps, RecoveryObjective } from '../../lib';
import { peakWindow } from '../../lib/application/peaks';
import { RedisOffering } from '../../lib/middleware/redis-offering';
import { newHub, RECOVERY, stackJson, synthProblems } from '../helpers';
import { CrdSchemas } from '../schema';

const IMAGE = 'harbor.zj.gov.internal/ksy/score-query@sha256:' + 'a'.repeat(64);
const base = (over: Partial<GovApplicationProps> = {}): GovApplicationProps => ({
  image: IMAGE,
  ports: { http: 8080 },
  probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
  resources: { cpu: 0.5, memoryMi: 512 },
  replicas: { min: 2, max: 10 },
  ...over,
});

function province(options: { keda?: boolean; burst?: boolean } = {}) {
  const { app, hub } = newHub({ recovery: RECOVERY, dedicatedLineCidrs: ['10.200.0.0/24'], applications: { keda: options.keda } });
  const edu = hub.addIndustryCloud('education', {
    displayName: '教育',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.GENERAL,
    recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 15, availability: 0.999 }),
  });
  const ksy = edu.addTenant('ksy', {
    displayName: '省教育考试院',
    quota: { cpu: 20, memoryGi: 40, pods: 100 },
    ...(options.burst === false ? {} : { burst: { cluster: 'ali-burst', maxCpu: 64, maxPods: 200 } }),
  });
  hub.middleware.add(new RedisOffering({ replicas: 3, sentinels: 3, memoryGi: 8 }));
  hub.middleware.get('redis').grantConnect(ksy);
  return { app, hub, ksy };
}

const manifests = (json: any, prefix: string) =>
  Object.entries<any>(json.resource.kubernetes_manifest ?? {})
    .filter(([n]) => n.startsWith(prefix))
    .map(([n, r]) => ({ name: n, ...r }));

describe('GovApplication', () => {
  test('renders a restricted Deployment, its Service, PDB, route and KEDA peaks that validate against the pinned CRDs', () => {
    const { app, ksy } = province({ keda: true });
    new GovApplication(ksy, 'score-query', base({ uses: ['redis'], route: { host: 'cf.zjzs.gov.cn' }, peaks: [{ name: 'gaokao', cron: '0 8 25 6 *', hours: 72, replicas: 100 }] }));
    app.synth();
    const json = stackJson(app, 'zj-education');
    const all = manifests(json, 'ksy--');
    const kinds = all.filter((r) => r.name.startsWith('ksy--hz-a-core--app-score-query')).map((r) => r.manifest.kind);
    expect(kinds.sort()).toEqual(['Deployment', 'HTTPRoute', 'PodDisruptionBudget', 'ScaledObject', 'Service', 'ServiceAccount']);
    const dep = all.find((r) => r.name === 'ksy--hz-a-core--app-score-query-deployment')!.manifest;
    const pod = dep.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(
      Object.keys(pod.containers[0])
        .filter((k) => k.endsWith('Probe'))
        .sort(),
    ).toEqual(['livenessProbe', 'readinessProbe', 'startupProbe']);
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    // Peaks: 100 in the province, 10 (max) on each home cluster, 80 on the burst cluster.
    const so = (c: string) => all.find((r) => r.name === `ksy--${c}--app-score-query-scaledobject`)!.manifest;
    expect(so('hz-a-core').spec.triggers[1]).toMatchObject({ type: 'cron', metadata: { start: '0 8 25 6 *', end: '0 8 28 6 *', desiredReplicas: '10', timezone: 'Asia/Shanghai' } });
    expect(so('ali-burst').spec.triggers[1].metadata.desiredReplicas).toBe('80');
    // KEDA owns the HPA: no BurstAutoscaler HPA next to it.
    expect(json.resource.kubernetes_horizontal_pod_autoscaler_v2).toBeUndefined();
    const crds = new CrdSchemas(['keda', 'gateway-api']);
    for (const r of all.filter((x) => /keda|gateway/.test(x.manifest.apiVersion))) expect([r.name, crds.validate(r.manifest)]).toEqual([r.name, []]);
    const inv = JSON.parse(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'inventory.json'), 'utf8'));
    const rec = inv.provinces[0].tenants.find((t: any) => t.code === 'ksy').applications[0];
    expect(rec).toMatchObject({ name: 'score-query', scheduledScaling: 'keda', peakCapacity: { replicas: 100, cpu: 50 }, burst: true });
    expect(rec.achievableAvailability).toBeGreaterThan(99.9);
  });

  test('without KEDA: HPAs through BurstAutoscaler after the Deployment, CronJobs in gov-lz-system raise the floor', () => {
    const { app, ksy } = province();
    new GovApplication(ksy, 'score-query', base({ peaks: [{ name: 'gaokao', cron: '0 8 25 6 *', hours: 72, replicas: 60 }] }));
    app.synth();
    const json = stackJson(app, 'zj-education');
    const hpa = json.resource.kubernetes_horizontal_pod_autoscaler_v2['ksy--hz-a-core--hpa-score-query'];
    expect(hpa.depends_on).toContain('kubernetes_manifest.ksy--hz-a-core--app-score-query-deployment');
    expect(JSON.stringify(hpa.spec)).toMatch(/"max_replicas":10,"min_replicas":2|"min_replicas":2.*"max_replicas":10|"max_replicas":10.*"min_replicas":2/);
    const jobs = manifests(json, 'ksy--hz-a-core--app-score-query-cronjob').map((r) => r.manifest);
    expect(jobs.map((j) => [j.metadata.namespace, j.spec.schedule, j.spec.jobTemplate.spec.template.spec.containers[0].args.at(-1)]).sort()).toEqual([
      ['gov-lz-system', '0 8 25 6 *', '{"spec":{"minReplicas":10}}'],
      ['gov-lz-system', '0 8 28 6 *', '{"spec":{"minReplicas":2}}'],
    ]);
  });

  test('manifest delivery writes the bundle and no Terraform resource', () => {
    const { app, ksy } = province({ keda: true });
    new GovApplication(ksy, 'score-query', base({ delivery: 'manifests', route: { host: 'cf.zjzs.gov.cn' } }));
    app.synth();
    const home = YAML.parseAllDocuments(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'apps', 'ksy', 'score-query.yaml'), 'utf8')).map((d) => d.toJS());
    expect(home.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'HTTPRoute']);
    // Objects the department's deployer applies do not carry the landing zone's managed-by label (admission would refuse it).
    expect(home.every((o) => o.metadata.labels['app.kubernetes.io/managed-by'] === undefined)).toBe(true);
    expect(fs.existsSync(path.join(app.outdir, 'gov-lz', 'apps', 'ksy', 'score-query--ali-burst.yaml'))).toBe(true);
    expect(manifests(stackJson(app, 'zj-education'), 'ksy--hz-a-core--app-')).toEqual([]);
    expect(new CrdSchemas(['gateway-api']).validate(home.find((o) => o.kind === 'HTTPRoute'))).toEqual([]);
  });

  test('refuses an SLO above what the recovery planner says the industry cloud can achieve', () => {
    const { app, ksy } = province();
    new GovApplication(ksy, 'score-query', base({ uses: ['redis'], slo: { availability: 99.999 } }));
    const problems = synthProblems(app);
    const p = problems.find((x) => x.code === 'slo-unachievable')!;
    expect(p.path).toBe('zj-education/ksy/score-query');
    expect(p.value).toBe(99.999);
    expect(p.message).toMatch(/can achieve for it: 99\.99\d+% .*failure detection 60 s/);
    expect(p.message).toMatch(/inherits the terms of redis:redis/);
    expect(p.fix).toMatch(/lower slo.availability to at most 99\.99/);
  });

  test('reports quota, grants, burst of IMPORTANT data, peaks beyond capacity and spec errors together', () => {
    const { app, hub } = newHub({ recovery: RECOVERY });
    const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
    const wjw = health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 4, memoryGi: 16 } });
    new GovApplication(wjw, 'appointments', base({ replicas: { min: 2, max: 20 }, uses: ['postgres'], burst: true, peaks: [{ cron: '0 8 * * 1', hours: 4, replicas: 100 }] }));
    new GovApplication(wjw, 'bad', base({ image: 'harbor.zj.gov.internal/wjw/bad:latest', replicas: { min: 1, max: 2 } }));
    const codes = synthProblems(app).map((p) => `${p.path} ${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'zj-health/wjw/appointments quota',
        'zj-health/wjw/appointments not-granted',
        'zj-health/wjw/appointments data-class',
        'zj-health/wjw/appointments peak-capacity',
        'zj-health/wjw/bad image-digest',
        'zj-health/wjw/bad invalid-replicas',
      ]),
    );
  });

  test('port names are IANA service names, as the API server checks a container’s and a Service’s: "a--b" is refused at synth, not on apply', () => {
    const { app, ksy } = province();
    for (const name of ['a--b', 'Http', '9http', 'metrics-endpoint', 'http-', 'grpc-web', 'h2c'])
      new GovApplication(ksy, `app-${name.toLowerCase().replace(/[^a-z0-9]/g, 'x')}`, base({ ports: { [name]: 8080 } }));
    const refused = synthProblems(app).filter((p) => p.code === 'invalid-port');
    expect(refused.map((p) => p.value)).toEqual(['a--b', 'Http', '9http', 'metrics-endpoint', 'http-']);
    expect(refused[0].message).toBe(`port name "a--b" must be an IANA service name (at most 15 characters, a-z, 0-9 and '-', starting with a letter, no '--')`);
  });

  test('probes the API server would refuse (an exec without a command, a negative period) or rewrite (a threshold of 0) are refused at synth', () => {
    const { app, ksy } = province();
    new GovApplication(ksy, 'no-command', base({ probes: { readiness: { exec: [] }, liveness: { httpGet: '/live' } } }));
    new GovApplication(
      ksy,
      'figures',
      base({ probes: { readiness: { httpGet: '/ready', periodSeconds: -1 }, liveness: { httpGet: '/live', failureThreshold: 0 }, startup: { tcp: true, periodSeconds: 2.5 } } }),
    );
    new GovApplication(ksy, 'fine', base({ probes: { readiness: { exec: ['/app/check'], periodSeconds: 5 }, liveness: { tcp: true, failureThreshold: 1 } } }));
    expect(synthProblems(app).map((p) => `${p.path} ${p.code} ${JSON.stringify(p.value)} ${p.message}`)).toEqual([
      'zj-education/ksy/no-command invalid-probe [] probes.readiness.exec must be a command: a non-empty list of strings',
      'zj-education/ksy/figures invalid-probe -1 probes.readiness.periodSeconds must be a whole number of at least 1',
      'zj-education/ksy/figures invalid-probe 0 probes.liveness.failureThreshold must be a whole number of at least 1',
      'zj-education/ksy/figures invalid-probe 2.5 probes.startup.periodSeconds must be a whole number of at least 1',
    ]);
  });

  test('peak windows: dates, days and weekdays; forms without a cron end are refused', () => {
    expect(peakWindow('0 8 25 6 *', 72)).toEqual({ start: '0 8 25 6 *', end: '0 8 28 6 *' });
    expect(peakWindow('30 22 31 12 *', 3)).toEqual({ start: '30 22 31 12 *', end: '30 1 1 1 *' });
    expect(peakWindow('0 20 * * *', 6)).toEqual({ start: '0 20 * * *', end: '0 2 * * *' });
    expect(peakWindow('0 20 * * 5,6', 10)).toEqual({ start: '0 20 * * 5,6', end: '0 6 * * 6,0' });
    expect(peakWindow('0 8 29 2 *', 1)).toMatch(/does not exist every year/);
    expect(peakWindow('*/5 8 * * *', 1)).toMatch(/fixed minute/);
    expect(peakWindow('0 8 1-5 6 *', 1)).toMatch(/not a form/);
  });
});

describe('GovApplication from JavaScript callers (adversarial hardening)', () => {
  test('made in something that is not a tenant: a LandingZoneError at once, never a TypeError', () => {
    for (const scope of ['ksy', undefined, null, {}]) {
      expect(() => new GovApplication(scope as any, 'score-query', base())).toThrow(/\[invalid-value\] GovApplication "score-query"[\s\S]*not one[\s\S]*pass the tenant addTenant returned/);
    }
  });

  test('names that cannot be construct ids, a name used twice and null props: problems at synth with the others, never a construct error', () => {
    const { app, ksy } = province();
    for (const id of ['', 5, '__proto__', 'score', 'score']) new GovApplication(ksy, id as any, base());
    new GovApplication(ksy, 'nulls', base({ probes: { readiness: null as any, liveness: { httpGet: '/live' } }, slo: null as any, route: null as any }));
    new GovApplication(ksy, 'none', null as any);
    const problems = synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'invalid-name zj-education/ksy/invalid-application-name ""',
        'invalid-name zj-education/ksy/invalid-application-name#2 5',
        'invalid-name zj-education/ksy/__proto___ "__proto__"',
        'duplicate zj-education/ksy/score#2 "score"',
        'invalid-value zj-education/ksy/nulls null',
        'missing-probe zj-education/ksy/nulls undefined',
        'invalid-value zj-education/ksy/none null',
      ]),
    );
    expect(problems.filter((p) => p.includes('/nulls '))).toEqual([
      'invalid-value zj-education/ksy/nulls null',
      'invalid-value zj-education/ksy/nulls null',
      'invalid-value zj-education/ksy/nulls null',
      'missing-probe zj-education/ksy/nulls undefined',
    ]);
  });
});

describe('GovApplication.fromScore', () => {
  const fixture = path.join(__dirname, 'fixtures', 'score-query.score.yaml');

  test('maps a Score workload onto the standard and its resources onto the grants', () => {
    const { app, ksy } = province({ keda: true });
    const a = GovApplication.fromScore(ksy, fixture, { replicas: { min: 2, max: 8 } });
    expect(a.name).toBe('score-query');
    expect(a.props).toMatchObject({
      ports: { http: 8080 },
      resources: { cpu: 0.25, memoryMi: 256 },
      probes: { readiness: { httpGet: '/ready', port: 'http' }, liveness: { httpGet: '/live', port: 'http' } },
      env: { LOG_LEVEL: 'info' },
      uses: ['redis'],
      route: { host: 'cf.zjzs.gov.cn', path: '/', port: 'http' },
      replicas: { min: 2, max: 8 },
    });
    app.synth();
    expect(Object.keys(stackJson(app, 'zj-education').resource.kubernetes_manifest)).toContain('ksy--hz-a-core--app-score-query-httproute');
  });

  test('an invalid Score file, placeholders and unknown resource types are problems at synth, with the others', () => {
    const { app, ksy } = province();
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'score-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(fixture, 'utf8').replace('LOG_LEVEL: info', 'DB_HOST: ${resources.db.host}').replace('type: redis', 'type: s3'));
    GovApplication.fromScore(ksy, bad);
    const invalid = path.join(dir, 'invalid.yaml');
    fs.writeFileSync(invalid, 'apiVersion: score.dev/v1b1\nmetadata: {}\n');
    GovApplication.fromScore(ksy, invalid);
    const problems = synthProblems(app).filter((p) => p.code === 'score' || p.code === 'invalid-score-file');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/DB_HOST refers to a Score placeholder/);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/type "s3", which the shelf does not offer/);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/invalid.yaml is not valid Score v1b1: \/ must have required property 'containers'/);
  });
});

describe('GovApplication.fromScore with hostile files (adversarial hardening)', () => {
  const fixture = path.join(__dirname, 'fixtures', 'score-query.score.yaml');

  test('a file that cannot be read or is not Score comes first, what the application then lacks folded under it', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'score-'));
    const alias = (i: number) => String.fromCharCode(97 + i);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${alias(i + 1)}: &${alias(i + 1)} [${Array(9)
            .fill(`*${alias(i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const files = {
      missing: path.join(dir, 'missing.yaml'),
      directory: dir,
      bomb: path.join(dir, 'bomb.yaml'),
      multi: path.join(dir, 'multi.yaml'),
      binary: path.join(dir, 'binary.yaml'),
    };
    fs.writeFileSync(files.bomb, bomb);
    fs.writeFileSync(files.multi, `${fs.readFileSync(fixture, 'utf8')}\n---\n{}\n`);
    fs.writeFileSync(files.binary, Buffer.from([0, 159, 146, 150, 255]));
    for (const [what, file] of Object.entries(files)) {
      const { app, ksy } = province();
      GovApplication.fromScore(ksy, file);
      const problems = synthProblems(app);
      // One problem: the file's; the missing image, ports and probes are its consequences.
      expect([what, problems.map((p) => p.code)]).toEqual([what, ['invalid-score-file']]);
      expect(problems[0].consequences?.map((c) => c.code)).toEqual(expect.arrayContaining(['image-digest', 'missing-probe']));
    }
  });

  test('several YAML documents are refused, not the first one read', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'score-'));
    const multi = path.join(dir, 'multi.yaml');
    fs.writeFileSync(multi, `${fs.readFileSync(fixture, 'utf8')}\n---\n{}\n`);
    const { app, ksy } = province();
    GovApplication.fromScore(ksy, multi);
    expect(synthProblems(app)[0].message).toMatch(/cannot be read: Source contains multiple documents/);
  });
});

test('the Score schema the package ships (vendor/) is the vendored upstream file, unchanged', () => {
  const root = path.join(__dirname, '..', '..');
  expect(fs.readFileSync(path.join(root, 'vendor', 'score-v1b1.json'))).toEqual(fs.readFileSync(path.join(root, 'test', 'fixtures', 'upstream', 'score', 'score-v1b1.json')));
});

describe('with the operations layer on', () => {
  test('a ServiceMonitor and multi-window burn-rate rules, the SLO reaches the layer through core', () => {
    const { ApplicationCapabilities } = require('../../lib');
    const { app, hub, ksy } = province({ keda: true });
    // The operations layer as a feature of its own (issue 16 builds the real one): it offers the capability in core.
    const received: any[] = [];
    hub.provide(ApplicationCapabilities.OPERATIONS, { selectorLabels: { release: 'gov-lz-monitoring' }, addApplicationSlo: (s: unknown) => received.push(s) });
    new GovApplication(ksy, 'score-query', base({ slo: { availability: 99.9, latencyMs: 300 } }));
    app.synth();
    expect(received).toEqual([
      {
        tenant: 'ksy',
        app: 'score-query',
        namespace: 'ksy',
        clusters: ['hz-a-core', 'hz-b-core', 'ali-burst'],
        availability: 0.999,
        latencyMs: 300,
        ruleGroups: ['score-query-slo-burn-rate', 'score-query-slo-latency'],
      },
    ]);
    const all = manifests(stackJson(app, 'zj-education'), 'ksy--hz-a-core--app-score-query');
    const sm = all.find((r) => r.manifest.kind === 'ServiceMonitor')!.manifest;
    const rule = all.find((r) => r.manifest.kind === 'PrometheusRule')!.manifest;
    expect(sm.metadata.labels.release).toBe('gov-lz-monitoring');
    // The prometheus-operator CRDs carry Go regular expressions ((?i)…) that ajv cannot compile: the shapes are asserted
    // here, and the live API server checks them where the operations layer installs the CRDs.
    expect(sm.spec).toEqual({ selector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'score-query' }) }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] });
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['score-query-slo-burn-rate', 'score-query-slo-latency']);
    const alerts = rule.spec.groups[0].rules.filter((r: any) => r.alert);
    expect(alerts.map((a: any) => a.expr.match(/\[?(\d+\.?\d*) \* ([\d.e-]+)\)/).slice(1))).toEqual([
      ['14.4', '0.001'],
      ['6', '0.001'],
      ['3', '0.001'],
      ['1', '0.001'],
    ]);
    expect(rule.spec.groups[0].rules.filter((r: any) => r.record).map((r: any) => r.record)).toEqual(
      ['1h', '5m', '6h', '30m', '1d', '2h', '3d'].map((w) => `gov_lz:slo_errors_per_request:ratio_rate${w}`),
    );
  });
});
