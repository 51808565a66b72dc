import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import {
  DataClass,
  DepartmentBlueprint,
  HubContract,
  LandingZoneError,
  LandingZoneStack,
  PostgresOffering,
  ProvinceHub,
  PublishedHub,
  RecoveryObjective,
  RedisOffering,
  StateBackend,
  Tenant,
} from '../../lib';
import { artifact, hubProps, listFiles, newApp, newHub, stackJson, synthProblems, tmpdir } from '../helpers';

/** The contract of a small province: two industry clouds, two hub tenants. */
function hubContract(): HubContract {
  const { hub } = newHub({
    recovery: {
      backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' },
      metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
    },
  });
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: RecoveryObjective.SEED });
  const edu = hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'] });
  health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 100, memoryGi: 400 } });
  edu.addTenant('jyt', { displayName: '省教育厅', quota: { cpu: 50, memoryGi: 200 } });
  hub.addContractSection('observability', () => ({ loki: { host: 'loki.gov-lz-system.svc', port: 3100 } }));
  return hub.contract();
}

function city(published = PublishedHub.fromContract(hubContract(), 'zj-hub.json'), app: App = newApp()) {
  const stack = new LandingZoneStack(app, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', published);
  return { app, stack, hub };
}

const jyj = { displayName: '杭州市教育局', quota: { cpu: 16, memoryGi: 64 }, admins: ['hz-jyj-admins'] };

describe('the contract a hub publishes', () => {
  test('names, figures and sections; no token, no credential', () => {
    const c = hubContract();
    expect(c.schemaVersion).toBe(1);
    expect(c.industryClouds.map((ic) => [ic.code, ic.dataClass, ic.clusters.join(','), ic.stacks.join(',')])).toEqual([
      ['health', 'IMPORTANT', 'hz-a-core,hz-b-core', 'zj-health'],
      ['education', 'GENERAL', 'hz-a-core,hz-b-core', 'zj-education'],
    ]);
    expect(c.industryClouds[0].recovery).toEqual({ rtoMinutes: 15, rpoMinutes: 5, availability: 0.9999 });
    expect(c.tenants).toEqual([
      { code: 'jyt', industryCloud: 'education', stack: 'zj-education' },
      { code: 'wjw', industryCloud: 'health', stack: 'zj-health' },
    ]);
    expect(c.clusters[0]).toMatchObject({
      name: 'hz-a-core',
      capacity: { cpu: 200, memoryGi: 800 },
      allocated: { cpu: 150, memoryGi: 600 },
      connection: { configPath: '~/.kube/config', context: 'hz-a-core' },
    });
    expect(c.dns).toEqual({ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } });
    expect(c.observability).toEqual({ loki: { host: 'loki.gov-lz-system.svc', port: 3100 } });
    // An empty middleware shelf publishes no section.
    expect(c.middleware).toBeUndefined();
    expect(JSON.stringify(c)).not.toMatch(/TfToken|\$\{/);
  });

  test("the middleware shelf: each offering's clusters, in-cluster endpoint, addresses (and blocks) from the other site and grants; no credential", () => {
    const { app, hub } = newHub();
    const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'] });
    const wjw = health.addTenant('wjw', jyj);
    const ybj = health.addTenant('ybj', jyj);
    hub.middleware.add(new RedisOffering());
    hub.middleware.add(
      new PostgresOffering({
        siteEndpoints: {
          'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
          'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', port: 15432, cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
        },
      }),
    );
    hub.middleware.get('postgres').grantConnect(ybj);
    hub.middleware.get('postgres').grantConnect(wjw);
    app.synth();
    const published = PublishedHub.fromContract(JSON.parse(artifact(app, 'zj-hub.json')), 'zj-hub.json');
    expect(published.middleware()).toEqual({
      namespace: 'gov-lz-middleware',
      offerings: [
        {
          name: 'postgres',
          kind: 'postgresql',
          namespace: 'gov-lz-middleware',
          clusters: ['hz-a-core', 'hz-b-core'],
          endpoint: { host: 'postgres-rw.gov-lz-middleware.svc', port: 5432 },
          siteEndpoints: { 'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', port: 5432 }, 'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', port: 15432 } },
          grants: ['wjw', 'ybj'],
        },
        { name: 'redis', kind: 'redis', namespace: 'gov-lz-middleware', clusters: ['hz-a-core', 'hz-b-core'], endpoint: { host: 'redis-master.gov-lz-middleware.svc', port: 6379 }, grants: [] },
      ],
    });
    expect(published.offering('redis')?.endpoint.port).toBe(6379);
    expect(published.offering('kafka')).toBeUndefined();
    expect(JSON.stringify(published.section('middleware'))).not.toMatch(/password|secret|\$\{/i);
  });

  test('is written beside the inventory and as the hub stack output, equal', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] }).addTenant('wjw', jyj);
    app.synth();
    const file = JSON.parse(artifact(app, 'zj-hub.json'));
    expect(file.tenants).toEqual([{ code: 'wjw', industryCloud: 'health', stack: 'zj-health' }]);
    expect(stackJson(app, 'zj-hub').output.contract.value).toEqual(file);
  });

  test('an exec plugin environment is not published; template sequences are escaped in the output', () => {
    const base = hubProps();
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gov-iam-token', args: ['--cluster', 'a'], env: { GOV_IAM_PROFILE: 'ops-s3cr3t' } };
    const { app, hub } = newHub({
      displayName: '浙江省${政务云}',
      clusters: [{ ...base.clusters[0], connection: { host: 'https://10.1.0.10:6443', clusterCaCertificate: 'PEM', exec } }, ...base.clusters.slice(1)],
    });
    const c = hub.contract();
    expect(c.clusters[0].connection).toEqual({
      host: 'https://10.1.0.10:6443',
      clusterCaCertificate: 'PEM',
      exec: { apiVersion: exec.apiVersion, command: 'gov-iam-token', args: ['--cluster', 'a'] },
    });
    expect(JSON.stringify(c)).not.toContain('s3cr3t');
    expect(c.displayName).toBe('浙江省${政务云}');
    app.synth();
    expect(stackJson(app, 'zj-hub').output.contract.value.displayName).toBe('浙江省$${政务云}');
  });

  test('a section may not replace a field of the contract, nor be added twice', () => {
    const { hub } = newHub();
    expect(() => hub.addContractSection('tenants', () => [])).toThrow('contract section tenants would replace a field of the contract itself');
    hub.addContractSection('x', () => 1);
    expect(() => hub.addContractSection('x', () => 2)).toThrow('contract section x is added twice');
  });
});

describe('a city project on a published hub', () => {
  test("tenants land in the city's stack on the published clusters, labelled with the hub's names", () => {
    const { app, stack, hub } = city();
    const edu = hub.industryCloud('education');
    new Tenant(stack, 'hz-jyj', { ...jyj, industryCloud: edu });
    hub.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫健委', quota: { cpu: 8, memoryGi: 32 } });
    expect(hub.industryCloud('education')).toBe(edu);
    app.synth();
    const json = stackJson(app, 'hz-city');
    expect(Object.keys(json.resource.kubernetes_namespace_v1).sort()).toEqual(['hz-jyj--hz-a-core', 'hz-jyj--hz-b-core', 'hz-wjw--hz-a-core', 'hz-wjw--hz-b-core']);
    const ns = json.resource.kubernetes_namespace_v1['hz-wjw--hz-a-core'];
    expect(ns.metadata.labels).toMatchObject({ 'gov-lz.io/province': 'zj', 'gov-lz.io/industry': 'health', 'gov-lz.io/data-class': 'important', 'gov-lz.io/mlps-level': '3' });
    const gw = json.resource.kubernetes_network_policy_v1['hz-jyj--hz-a-core--allow-from-gateway'];
    expect(gw.spec.ingress[0].from[0].namespace_selector.match_labels).toEqual({ 'kubernetes.io/metadata.name': 'gov-lz-gateway' });
    expect(json.provider.kubernetes.map((p: any) => p.config_context).sort()).toEqual(['hz-a-core', 'hz-b-core']);
    expect(json.data).toBeUndefined();

    const inv = JSON.parse(artifact(app, 'inventory.json'));
    expect(inv.provinces).toHaveLength(1);
    const zj = inv.provinces[0];
    expect(zj.province).toBe('zj');
    expect(zj.tenants.map((t: any) => [t.code, t.industryCloud, t.stack])).toEqual([
      ['hz-jyj', 'education', 'hz-city'],
      ['hz-wjw', 'health', 'hz-city'],
    ]);
    expect(zj.industryClouds.map((ic: any) => [ic.code, ic.tenants.join(), ic.stacks.join()])).toEqual([
      ['education', 'hz-jyj', 'hz-city'],
      ['health', 'hz-wjw', 'hz-city'],
    ]);
    expect(zj.published).toEqual({ source: 'zj-hub.json', schemaVersion: 1, remoteState: null });
    // The hub's own reservations count: 150 cores before the city's 16 + 8.
    expect(zj.clusters[0].allocated.cpu).toBe(174);
  });

  test('own kubeconfig contexts for the published clusters', () => {
    const app = newApp();
    const stack = new LandingZoneStack(app, 'hz-city');
    const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(hubContract()), {
      connections: { 'hz-a-core': { configPath: '/etc/hz/kubeconfig', context: 'zj-a' }, 'hz-b-core': { configPath: '/etc/hz/kubeconfig', context: 'zj-b' } },
    });
    hub.industryCloud('education').addTenant('hz-jyj', jyj);
    app.synth();
    expect(
      stackJson(app, 'hz-city')
        .provider.kubernetes.map((p: any) => `${p.alias}:${p.config_context}`)
        .sort(),
    ).toEqual(['hz-a-core:zj-a', 'hz-b-core:zj-b']);
  });

  test('an industry cloud the hub does not have: a LandingZoneError naming the known ones', () => {
    const { hub } = city();
    let error: unknown;
    try {
      hub.industryCloud('educaton');
    } catch (e) {
      error = e;
    }
    expect(LandingZoneError.isLandingZoneError(error)).toBe(true);
    expect((error as LandingZoneError).problems[0]).toMatchObject({
      code: 'unknown-industry-cloud',
      path: 'hz-city/zj',
      value: 'educaton',
      message: 'the published hub zj (zj-hub.json) has no industry cloud "educaton"; known: health, education',
    });
  });

  test('tenant codes the hub or the city already uses, and quotas beyond what the hub leaves', () => {
    const { app, hub } = city();
    const edu = hub.industryCloud('education');
    edu.addTenant('jyt', jyj);
    edu.addTenant('hz-jyj', jyj);
    edu.addTenant('hz-jyj', jyj);
    edu.addTenant('hz-big', { displayName: '大部门', quota: { cpu: 20, memoryGi: 8 } });
    const problems = synthProblems(app);
    expect(problems.map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      'duplicate hz-city/jyt "jyt"',
      'duplicate hz-city/hz-jyj#2 "hz-jyj"',
      'over-capacity hz-city/zj/clusters/hz-a-core 218',
      'over-capacity hz-city/zj/clusters/hz-b-core 218',
    ]);
    expect(problems[0].message).toBe('tenant code "jyt" is already used by the hub zj (industry cloud education, stack zj-education); codes are unique in the province because they name namespaces');
    expect(problems[2].message).toBe(
      'quotas on cluster "hz-a-core" add up to 218 cores, above its capacity of 200; 150 reserved by the hub zj, largest: hz-city/hz-big 20, hz-city/hz-jyj 16, hz-city/hz-jyj#2 16, hz-city/jyt 16',
    );
  });

  test('a contract file that is missing, not JSON, or of another schema version', () => {
    const dir = tmpdir();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ not json');
    const v2 = path.join(dir, 'v2.json');
    fs.writeFileSync(v2, JSON.stringify({ ...hubContract(), schemaVersion: 2 }));
    expect(PublishedHub.fromFile(path.join(dir, 'missing.json')).problems[0].message).toBe(`the published hub file ${path.join(dir, 'missing.json')} does not exist`);
    expect(PublishedHub.fromFile(bad).problems[0].message).toMatch(/^the published hub file .*bad\.json cannot be read as JSON/);
    const p2 = PublishedHub.fromFile(v2);
    expect(p2.problems).toEqual([
      {
        value: 2,
        message: 'the published hub has contract schemaVersion 2; this version of cdktf-gov-landing-zone reads 1',
        fix: 'upgrade cdktf-gov-landing-zone in this project to the version the hub uses',
      },
    ]);
    const { app, hub } = city(p2);
    expect(() => hub.industryCloud('education')).toThrow(/schemaVersion 2/);
    expect(synthProblems(app).map((p) => [p.code, p.path])).toEqual([['invalid-published-hub', 'hz-city/zj']]);
  });

  test('an industry cloud that lists a cluster twice is a contract problem, not a department built twice', () => {
    const c = hubContract() as any;
    const ic = c.industryClouds.find((x: any) => x.code === 'education');
    ic.clusters = [...ic.clusters, ...ic.clusters, ic.clusters[0]];
    const p = PublishedHub.fromContract(c, 'zj-hub.json');
    expect(p.problems.map((x) => [x.message, x.value])).toEqual([
      [`the published hub's industry cloud "education" lists clusters "hz-a-core", "hz-b-core" more than once`, ['hz-a-core', 'hz-b-core']],
    ]);
    const { app } = city(p);
    // One root cause, not a duplicate address for every object of every department on the cluster.
    expect(synthProblems(app).map((x) => [x.code, x.path])).toEqual([['invalid-published-hub', 'hz-city/zj']]);
  });

  test('reads what terraform output -json prints, and sections', () => {
    const c = hubContract();
    const dir = tmpdir();
    const whole = path.join(dir, 'outputs.json');
    fs.writeFileSync(whole, JSON.stringify({ contract: { sensitive: false, type: ['object', {}], value: c } }));
    const fromCity = path.join(dir, 'city.json');
    fs.writeFileSync(fromCity, JSON.stringify({ 'published-hub-zj': { sensitive: false, type: 'x', value: c }, other: { value: 1 } }));
    for (const f of [whole, fromCity]) {
      const p = PublishedHub.fromFile(f);
      expect(p.problems).toEqual([]);
      expect(p.contract?.province).toBe('zj');
      expect(p.section('observability')).toEqual({ loki: { host: 'loki.gov-lz-system.svc', port: 3100 } });
      expect(p.middleware()).toBeUndefined();
      expect(p.section('nothing')).toBeUndefined();
    }
  });

  test('fromRemoteState: terraform_remote_state with postconditions on what the tenants use, and the applied contract as an output', () => {
    const snapshot = PublishedHub.fromContract(hubContract(), 'zj-hub.json');
    const { app, hub } = city(PublishedHub.fromRemoteState({ backend: StateBackend.pg(), snapshot }));
    hub.industryCloud('education').addTenant('hz-jyj', jyj);
    hub.industryCloud('education').addTenant('hz-xx', jyj);
    app.synth();
    const json = stackJson(app, 'hz-city');
    const data = json.data.terraform_remote_state['published-hub-zj'];
    expect(data.backend).toBe('pg');
    expect(data.config).toEqual({ schema_name: 'zj-hub' });
    const conds = data.lifecycle.postcondition;
    expect(conds.map((c: any) => c.condition)).toEqual([
      '${try(self.outputs["contract"].schemaVersion, 0) == 1 && try(self.outputs["contract"].province, "") == "zj"}',
      '${try(self.outputs["contract"].registry, "") == "harbor.zj.gov.internal" && try(self.outputs["contract"].gatewayNamespace, "") == "gov-lz-gateway"}',
      '${contains([for ic in try(self.outputs["contract"].industryClouds, []) : format("%s|%s|%s|%s", ic.code, ic.dataClass, join(",", sort(ic.clusters)), tostring(try(ic.requireDomesticHardware, false)))], "education|GENERAL|hz-a-core,hz-b-core|false")}',
      '${length(setintersection(toset([for t in try(self.outputs["contract"].tenants, []) : t.code]), toset(["hz-jyj","hz-xx"]))) == 0}',
    ]);
    expect(conds[3].error_message).toMatch(/^hub zj now has tenants with codes of this project \(\$\{join/);
    expect(json.output['published-hub-zj'].value).toBe('${data.terraform_remote_state.published-hub-zj.outputs.contract}');
    expect(JSON.parse(artifact(app, 'inventory.json')).provinces[0].published.remoteState).toEqual({ backend: 'pg', stack: 'zj-hub' });
  });

  test('fromRemoteState without a snapshot: reported, not thrown', () => {
    const published = PublishedHub.fromRemoteState({ backend: StateBackend.pg(), stack: 'zj-hub' } as any);
    const { app, hub } = city(published);
    expect(() => hub.industryCloud('education')).toThrow('fromRemoteState has no snapshot');
    expect(synthProblems(app).map((p) => p.code)).toEqual(['invalid-published-hub']);
  });

  test('fromRemoteState on a local backend reads the state file relative to the city stack', () => {
    const { app } = city(PublishedHub.fromRemoteState({ backend: StateBackend.local({ directory: 'state' }), snapshot: PublishedHub.fromContract(hubContract()), stack: 'zj-hub' }));
    app.synth();
    const p = stackJson(app, 'hz-city').data.terraform_remote_state['published-hub-zj'].config.path;
    expect(path.resolve(app.outdir, 'stacks', 'hz-city', p)).toBe(path.resolve('state', 'terraform.zj-hub.tfstate'));
  });
});

describe('a hostile published contract (adversarial hardening)', () => {
  test('nulls in the contract are read as absent; a tenant code that cannot be an id; wrong-typed recovery figures are one LandingZoneError, never a TypeError or RangeError', () => {
    const c = hubContract() as any;
    c.clusters[0].connection.context = null;
    c.recovery.assumptions = { veleroConcurrency: '$.', backupThroughputMiBps: -1 };
    const { app, hub } = city(PublishedHub.fromContract(c, 'zj-hub.json'));
    hub.industryCloud('education').addTenant(65536 as any, jyj);
    const problems = synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'invalid-published-hub hz-city/zj/Recovery/assumptions/veleroConcurrency "$."',
        'invalid-published-hub hz-city/zj/Recovery/assumptions/backupThroughputMiBps -1',
        expect.stringMatching(/^invalid-name hz-city\/invalid-tenant-\d+ 65536$/),
      ]),
    );
    expect(listFiles(path.join(app.outdir, 'stacks'))).toEqual([]);
  });

  test('a province that is no code, node pools and stacks that are no lists: problems of the contract, never a TypeError', () => {
    const c = hubContract() as any;
    c.province = 'zj${x}';
    c.clusters[0].nodePools = 'pool';
    c.industryClouds[0].stacks = NaN;
    const { app } = city(PublishedHub.fromContract(c, 'zj-hub.json'));
    expect(synthProblems(app).map((p) => p.message)).toEqual(
      expect.arrayContaining([
        "zj-hub.json: the published hub's province is not a province code (lower-case letters, digits and -)",
        "zj-hub.json: the published hub's clusters is not a list of clusters with cloud, arch, capacity, connection and node pools",
        "zj-hub.json: the published hub's industryClouds is not a list of industry clouds with clusters, data class and stacks",
      ]),
    );
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('fromRemoteState and fromPublished options a JavaScript caller may pass: problems at the gate, nothing written', () => {
    const file = path.join(tmpdir(), 'zj-hub.json');
    fs.writeFileSync(file, JSON.stringify(hubContract()));
    // No options at all; then a backend that is none, a stack that cannot be one and an output that would be a template.
    for (const options of [undefined, { snapshot: file, backend: 'pg', stack: 'zj hub', output: '${x}' }]) {
      const { app } = city(PublishedHub.fromRemoteState(options as any));
      const problems = synthProblems(app);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.code === 'invalid-published-hub' && p.fix.length > 0)).toBe(true);
      expect(listFiles(app.outdir)).toEqual([]);
    }
    const { app } = city(PublishedHub.fromRemoteState({ snapshot: file, backend: StateBackend.pg(), stack: 'zj hub', output: '${x}' } as any));
    expect(synthProblems(app).map((p) => p.value)).toEqual(['zj hub', '${x}']);
    // Options of fromPublished: null is none; a null inside is reported as if left out.
    const app2 = newApp();
    const published = PublishedHub.fromContract(hubContract(), 'zj-hub.json');
    ProvinceHub.fromPublished(new LandingZoneStack(app2, 'a'), 'zj', published, null as any);
    ProvinceHub.fromPublished(new LandingZoneStack(app2, 'b'), 'zj', published, { compliance: null, connections: { 'hz-a-core': { configPath: null, context: () => 'x' } } } as any);
    expect(synthProblems(app2).map((p) => `${p.path} ${p.message}`)).toEqual(
      expect.arrayContaining([
        'b/zj fromPublished options compliance is null; no prop of the landing zone takes one',
        'b/zj fromPublished options connections.hz-a-core.configPath is null; no prop of the landing zone takes one',
        'b/zj fromPublished options connections.hz-a-core.context is a function; no prop of the landing zone takes one',
      ]),
    );
  });

  test('DepartmentBlueprint.fromPublished of something that is no blueprint: a blueprint whose checks report what it lacks', () => {
    for (const p of [null, undefined, 5, 'edu-bureau']) expect(() => DepartmentBlueprint.fromPublished(p as any)).not.toThrow();
    expect(DepartmentBlueprint.fromPublished(null as any).grants).toEqual([]);
  });

  test('a published blueprint whose lists are not lists is read as having none', () => {
    const bp = DepartmentBlueprint.fromPublished({
      name: 'edu-bureau',
      version: 1,
      displayName: '教育局',
      quota: { cpu: 2, memoryGi: 4 },
      networkRules: 1.5,
      grants: 'postgres',
      optionalGrants: {},
      applications: 10,
    } as any);
    expect([bp.networkRules, bp.grants, bp.optionalGrants]).toEqual([[], [], []]);
  });
});

describe('recovery of a city project’s tenants on a published hub', () => {
  test('the hub publishes where backups go, what the planner assumes and how many backups each cluster already queues', () => {
    const r = hubContract().recovery as any;
    expect(r.backupLocation).toEqual({ site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' });
    expect(r.metroStorageReplication).toBe('synchronous');
    expect(r.assumptions.dnsTtlSeconds).toBe(60);
    expect(r.hubBackupsPerCluster).toEqual({ 'hz-a-core': 2, 'hz-b-core': 2 });
  });

  test('city tenants get their Velero schedules and plans; the inventory has the city’s recovery table', () => {
    const { app, stack, hub } = city();
    new Tenant(stack, 'hz-wjw', { industryCloud: hub.industryCloud('health'), displayName: '杭州市卫生健康委员会', quota: { cpu: 16, memoryGi: 64, storageGi: 100 } });
    app.synth();
    const schedule = stackJson(app, 'hz-city').resource.kubernetes_manifest['hz-wjw--hz-a-core--backup'];
    expect(schedule.manifest).toMatchObject({
      kind: 'Schedule',
      metadata: { name: 'tenant-hz-wjw', namespace: 'gov-lz-backup' },
      spec: { template: { includedNamespaces: ['hz-wjw'], storageLocation: 'dr-centre' } },
    });
    const r = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery;
    expect(r.tenants.map((t: any) => [t.tenant, t.achievable.rpoMinutes, t.achievable.rtoMinutes, t.meets])).toEqual([['hz-wjw', 0, 7, true]]);
    expect(r.backups[0]).toMatchObject({ tenant: 'hz-wjw', clusters: ['hz-a-core', 'hz-b-core'] });
  });

  test('a city tenant whose objective the published set-up cannot meet fails the city synth', () => {
    const contract = hubContract();
    const published = PublishedHub.fromContract({ ...contract, recovery: { ...(contract.recovery as object), metroStorageReplication: 'none', metroStorage: undefined } }, 'zj-hub.json');
    const { app, stack, hub } = city(published);
    new Tenant(stack, 'hz-wjw', { industryCloud: hub.industryCloud('health'), displayName: '杭州市卫生健康委员会', quota: { cpu: 16, memoryGi: 64, storageGi: 100 } });
    const problems = synthProblems(app);
    expect(problems[0]).toMatchObject({ code: 'objective-not-met', path: 'hz-city/zj/health' });
    expect(problems[0].message).toContain('recovery objective not met for tenant hz-wjw: achievable RPO 16.9 min exceeds the objective of 5 min');
  });

  test('the published source is written relative to the project, never as an absolute path', () => {
    const file = path.join(tmpdir(), 'zj-hub.json');
    fs.writeFileSync(file, JSON.stringify(hubContract()));
    const { app, stack, hub } = city(PublishedHub.fromFile(file));
    new Tenant(stack, 'hz-jyj', { industryCloud: hub.industryCloud('education'), ...jyj });
    app.synth();
    const source = JSON.parse(artifact(app, 'inventory.json')).provinces[0].published.source;
    expect(path.isAbsolute(source)).toBe(false);
    expect(path.resolve(source)).toBe(file);
  });
});
