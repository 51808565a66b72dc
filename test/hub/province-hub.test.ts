import { App } from 'cdktf';
import { CloudKind, CpuArch, LandingZoneStack, MlpsLevel3Checks, PostgresOffering, ProvinceHub, PublishedHub, RecoveryObjective, SiteRole, StateBackend } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { HubNamespaces } from '../../lib/core/names';
import { artifact, hubProps, listFiles, newApp, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

const tenant = { displayName: '部门', quota: { cpu: 10, memoryGi: 40 } };

describe('stack layout', () => {
  test('a platform stack per cluster, a hub stack, a stack per industry cloud, deployed in that order', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'] });
    hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core'] });
    app.synth();
    const manifest = JSON.parse(require('fs').readFileSync(`${app.outdir}/manifest.json`, 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['zj-education', 'zj-health', 'zj-hub', 'zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core']);
    expect(manifest.stacks['zj-hub'].dependencies.sort()).toEqual(['zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core']);
    expect(manifest.stacks['zj-health'].dependencies).toEqual(['zj-hub']);
    expect(manifest.stacks['zj-education'].dependencies).toEqual(['zj-hub']);
    expect(manifest.stacks['zj-platform-hz-a-core'].dependencies).toEqual([]);
  });

  test('stacks are children of the app, so the dependencies cdktf records are stack names the CLI can match', () => {
    // cdktf writes a stack's dependencies as construct paths and `cdktf deploy` matches them against stack names:
    // with stacks nested under the hub, `cdktf deploy '*'` refused to run ("dependencies are not included").
    const app = newApp();
    const { Construct } = require('constructs');
    const wrapper = new Construct(app, 'province-programme');
    const hub = new ProvinceHub(wrapper, 'zj', hubProps());
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
    app.synth();
    const manifest = JSON.parse(require('fs').readFileSync(`${app.outdir}/manifest.json`, 'utf8'));
    const names = Object.keys(manifest.stacks);
    for (const name of names) {
      expect(manifest.stacks[name].constructPath).toBe(name);
      for (const d of manifest.stacks[name].dependencies) expect(names).toContain(d);
    }
    expect(hub.stacks.map((s) => s.node.path)).toEqual(['zj-hub', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core', 'zj-platform-ali-burst', 'zj-health']);
  });

  test('a stack name already taken in the app is one error, not a construct crash', () => {
    const app = newApp();
    new ProvinceHub(app, 'zj', hubProps());
    new ProvinceHub(app, 'zj-again', hubProps());
    const problems = synthProblems(app);
    expect(problems.map((p) => `${p.code} ${p.path} ${p.value}`)).toContain('duplicate zj-again zj-hub');
    expect(problems.find((p) => p.value === 'zj-hub')!.fix).toBe('give each hub in one app its own province code, and your own stacks names that do not start with it');
  });

  test('each platform stack lays the hub namespaces on its cluster, labelled with their zone', () => {
    const { app } = newHub();
    app.synth();
    const json = stackJson(app, 'zj-platform-hz-a-core');
    const ns = json.resource.kubernetes_namespace_v1;
    expect(Object.keys(ns).sort()).toEqual([`${HubNamespaces.GATEWAY}--hz-a-core`, `${HubNamespaces.SYSTEM}--hz-a-core`]);
    const gw = ns[`${HubNamespaces.GATEWAY}--hz-a-core`];
    expect(gw.provider).toBe('kubernetes.hz-a-core');
    expect(gw.metadata.name).toBe('gov-lz-gateway');
    expect(gw.metadata.labels['gov-lz.io/zone']).toBe('dmz');
    expect(gw.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns[`${HubNamespaces.SYSTEM}--hz-a-core`].metadata.labels['gov-lz.io/zone']).toBe('mgmt');
    expect(json.provider.kubernetes).toEqual([{ alias: 'hz-a-core', config_context: 'hz-a-core', config_path: '~/.kube/config' }]);
  });

  test('the hub stack publishes the contract as an output of plain values', () => {
    const { app } = newHub();
    app.synth();
    const contract = stackJson(app, 'zj-hub').output.contract.value;
    expect(contract.province).toBe('zj');
    expect(contract.registry).toBe('harbor.zj.gov.internal');
    expect(contract.gatewayNamespace).toBe('gov-lz-gateway');
    expect(contract.clusters.map((c: any) => `${c.name}:${c.site}:${c.cloud}:${c.arch}`)).toEqual(['hz-a-core:hz-a:PRIVATE:arm64', 'hz-b-core:hz-b:PRIVATE:arm64', 'ali-burst:ali-hz:PUBLIC:amd64']);
    expect(contract.sites.map((s: any) => s.role)).toEqual(['PRODUCTION', 'PRODUCTION', 'DISASTER_RECOVERY', 'PUBLIC_CLOUD']);
  });

  test('every stack gets its own state file', () => {
    const { app } = newHub();
    app.synth();
    expect(stackJson(app, 'zj-hub').terraform.backend.local.path).toMatch(/terraform\.zj-hub\.tfstate$/);
    expect(stackJson(app, 'zj-platform-hz-b-core').terraform.backend.local.path).toMatch(/terraform\.zj-platform-hz-b-core\.tfstate$/);
  });
});

describe('checks', () => {
  const codes = (app: App) => synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`);

  test('a cluster on a site that does not exist', () => {
    const props = hubProps();
    const { app } = newHub({ clusters: [{ ...props.clusters[0], site: 'sh-a' }, ...props.clusters.slice(1)] });
    const [p, ...rest] = synthProblems(app);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'unknown-site', path: 'zj/clusters/hz-a-core', value: 'sh-a' });
    expect(p.message).toBe('cluster "hz-a-core" is on site "sh-a", which the hub does not declare; did you mean "hz-a"?');
    expect(p.fix).toBe('write "hz-a"; or use one of: hz-a, hz-b, nb, ali-hz, or add the site to sites');
  });

  test('bad names of province, site and cluster, all reported together', () => {
    const props = hubProps();
    const { app } = newHub({
      province: 'ZJ',
      sites: [{ ...props.sites[0], name: 'hz_a' }, ...props.sites.slice(1)],
      clusters: [{ ...props.clusters[0], name: 'HZ-A-core', site: 'hz_a' }, ...props.clusters.slice(1)],
    });
    expect(codes(app)).toEqual(['invalid-name zj "ZJ"', 'invalid-name zj/sites/hz_a "hz_a"', 'invalid-name zj/clusters/HZ-A-core "HZ-A-core"']);
  });

  test('duplicate sites and clusters', () => {
    const props = hubProps();
    const { app } = newHub({ sites: [...props.sites, props.sites[0]], clusters: [...props.clusters, props.clusters[1]] });
    expect(codes(app)).toEqual(['duplicate zj/sites/hz-a "hz-a"', 'duplicate zj/clusters/hz-b-core "hz-b-core"']);
  });

  test('a cluster code another hub of the app uses is reported: the compliance checks tell clusters apart by code (issue 13, class 9)', () => {
    const { app } = newHub();
    new ProvinceHub(app, 'js', hubProps({ province: 'js', displayName: '江苏省政务云', clusters: hubProps().clusters.map((c, i) => (i === 0 ? c : { ...c, name: `js-${c.name}` })) }));
    const report = LandingZoneContext.of(app).run();
    expect(report.problems).toEqual([]);
    expect(report.warnings.filter((w) => !w.message.startsWith('[MLPS3-')).map((w) => `${w.at} ${w.message}`)).toEqual([
      expect.stringMatching(/^js\/clusters\/hz-a-core cluster "hz-a-core" is also a cluster of the hub zj in this app: the compliance checks tell clusters apart by code/),
    ]);
  });

  test('pod and service networks: address blocks, canonical, never every address; published in the contract (issue 13, class 4)', () => {
    const props = hubProps();
    const bad = newHub({
      clusters: [{ ...props.clusters[0], podCidrs: ['10.244.0.1/16', 'pods'], serviceCidrs: ['0.0.0.0/0'] }, { ...props.clusters[1], podCidrs: '10.245.0.0/16' as any }, props.clusters[2]],
    });
    expect(codes(bad.app)).toEqual([
      'invalid-cidr zj/clusters/hz-a-core "10.244.0.1/16"',
      'invalid-cidr zj/clusters/hz-a-core "pods"',
      'invalid-cidr zj/clusters/hz-a-core "0.0.0.0/0"',
      'invalid-cidr zj/clusters/hz-b-core "10.245.0.0/16"',
    ]);
    const good = newHub({ clusters: [{ ...props.clusters[0], podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'], serviceCidrs: ['10.96.0.0/12'] }, ...props.clusters.slice(1)] });
    good.app.synth();
    const contract = JSON.parse(artifact(good.app, 'zj-hub.json'));
    expect(contract.clusters.map((c: any) => [c.name, c.podCidrs ?? null, c.serviceCidrs ?? null])).toEqual([
      ['hz-a-core', ['10.244.0.0/16', 'fd00:10:244::/56'], ['10.96.0.0/12']],
      ['hz-b-core', null, null],
      ['ali-burst', null, null],
    ]);
    const read = ProvinceHub.fromPublished(new LandingZoneStack(newApp(), 'city'), 'zj', PublishedHub.fromContract(contract));
    expect(read.cluster('hz-a-core')).toMatchObject({ podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'], serviceCidrs: ['10.96.0.0/12'] });
  });

  test('props a JavaScript caller gets wrong anywhere in the public API: one LandingZoneError, never a TypeError (issue 13, class 9)', () => {
    const props = hubProps();
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'iam', args: 'get-token', env: 'x' } as any;
    const { app, hub } = newHub({
      stateBackend: (StateBackend as any).s3Compatible(undefined),
      dns: { podLabels: 'kube-dns' as any },
      clusters: [{ ...props.clusters[0], connection: { host: 'https://10.1.0.10:6443', clusterCaCertificate: 'PEM', exec } }, ...props.clusters.slice(1)],
      compliance: { disabledRules: [undefined as any] },
    });
    hub.middleware.add(new (PostgresOffering as any)(null));
    const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], recovery: (RecoveryObjective as any).of(undefined) });
    health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 1, memoryGi: 1 }, containerDefaults: { cpu: 'one' as any } });
    expect(() => (hub.middleware.get('postgres') as any).grantConnect(undefined)).toThrow(
      /\[missing-value\] zj\/Middleware[\s\S]*grantConnect of offering "postgres" was given something that is not a tenant/,
    );
    const city = new LandingZoneStack(app, 'city');
    (ProvinceHub as any).fromPublished(city, 'other', undefined);
    const problems = synthProblems(app);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual(
      expect.arrayContaining([
        'invalid-value zj/dns',
        'invalid-connection zj/clusters/hz-a-core',
        'invalid-state-backend zj-hub/stateBackend',
        'disabled-rule-invalid zj',
        'invalid-quantity zj-health/wjw',
        'invalid-published-hub city/other',
      ]),
    );
    expect(problems.filter((p) => p.path === 'zj/health').map((p) => p.code)).toEqual(['invalid-value', 'invalid-value']);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('null anywhere in the props of hub, industry cloud and tenant (adversarial hardening): each reported with its path, as if left out; never a TypeError', () => {
    const props = hubProps();
    const { app, hub } = newHub({
      recovery: null as any,
      observability: null as any,
      clusters: [{ ...props.clusters[0], connection: { configPath: '~/.kube/config', context: null as any } }, ...props.clusters.slice(1)],
    });
    const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], recovery: null as any });
    const wjw = health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 1, memoryGi: 1 }, alerting: null as any, admins: [null as any] });
    wjw.addNetworkRule({ name: 'to-api', direction: 'egress', peers: [null as any], ports: [{ port: 443 }] });
    const problems = synthProblems(app).filter((p) => p.value === null);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'zj: hub props clusters[0].connection.context is null; no prop of the landing zone takes one',
      'zj: hub props recovery is null; no prop of the landing zone takes one',
      'zj: hub props observability is null; no prop of the landing zone takes one',
      'zj/health: industry cloud options recovery is null; no prop of the landing zone takes one',
      'zj-health/wjw: tenant options alerting is null; no prop of the landing zone takes one',
      'zj-health/wjw: tenant options admins[0] is null; no prop of the landing zone takes one',
      'zj-health/wjw: network rule #1 peers[0] is null; no prop of the landing zone takes one',
    ]);
    expect(problems.every((p) => p.fix.startsWith('leave '))).toBe(true);
    expect(listFiles(app.outdir)).toEqual([]);
    const none = newApp();
    new ProvinceHub(none, 'zj', null as any);
    expect(synthProblems(none).map((p) => `${p.code} ${p.path} ${p.message}`)).toContain('invalid-value zj hub props: null was given instead of an object');
  });

  test('sites and clusters that are no objects (adversarial hardening): reported by index and left out of the model, even with backups on', () => {
    const props = hubProps();
    const { app } = newHub({ recovery: RECOVERY, sites: [...props.sites, 'sh-a' as any], clusters: [...props.clusters, 'hz-c-core' as any, 5 as any, [] as any] });
    expect(codes(app)).toEqual(['invalid-value zj/sites[4] "sh-a"', 'invalid-value zj/clusters[3] "hz-c-core"', 'invalid-value zj/clusters[4] 5', 'invalid-value zj/clusters[5] []']);
    expect(codes(newHub({ clusters: 'hz-a-core' as any }).app)).toEqual(expect.arrayContaining(['invalid-value zj/clusters "hz-a-core"']));
  });

  test('codes with the glob characters cdktf refuses in stack ids (adversarial hardening): invalid-name problems, not a plain Error from cdktf', () => {
    const props = hubProps();
    const { app, hub } = newHub({ province: 'zj${x}', clusters: [{ ...props.clusters[0], name: 'hz[a]' }, ...props.clusters.slice(1)] });
    hub.addIndustryCloud('edu!', { displayName: 'x', clusters: ['hz-b-core'] });
    expect(synthProblems(app).map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual(expect.arrayContaining(['invalid-name "zj${x}"', 'invalid-name "hz[a]"', 'invalid-name "edu!"']));
  });

  test('codes that are names of Object.prototype (adversarial hardening): invalid ones an invalid-name problem, `constructor` a department like any other; never a construct clash', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('__proto__', { displayName: 'x', clusters: ['hz-a-core'] });
    const edu = hub.addIndustryCloud('edu', { displayName: 'z', clusters: ['hz-a-core'] });
    edu.addTenant('toString', { displayName: 't', quota: { cpu: 1, memoryGi: 1 } });
    edu.addTenant('hasOwnProperty', { displayName: 't', quota: { cpu: 1, memoryGi: 1 } });
    expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      'invalid-name zj/__proto___ "__proto__"',
      'invalid-name zj-edu/toString_ "toString"',
      'invalid-name zj-edu/hasOwnProperty_ "hasOwnProperty"',
    ]);
    const good = newHub();
    good.hub.addIndustryCloud('constructor', { displayName: 'y', clusters: ['hz-a-core'] }).addTenant('constructor', { displayName: 't', quota: { cpu: 1, memoryGi: 1 } });
    good.app.synth();
    expect(Object.keys(stackJson(good.app, 'zj-constructor').resource.kubernetes_namespace_v1)).toEqual(['constructor--hz-a-core']);
  });

  test('grantConnect of an offering not on the shelf, given a tenant code instead of the tenant (adversarial hardening): a LandingZoneError with the fix', () => {
    const { hub } = newHub();
    expect(() => hub.middleware.get('nope').grantConnect('wjw' as any)).toThrow(/\[missing-value\] zj\/Middleware\n\s+value: "wjw"[\s\S]*not a tenant[\s\S]*not its code: grantConnect\(wjw\)/);
  });

  test('platformGroups are groups of the identity provider; a recovery objective given as figures is one; a suppression needs a construct', () => {
    const weird = newHub({ platformGroups: ['zj-terraform', 'system:authenticated', ''] });
    weird.hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], recovery: 'fast' as any });
    expect(synthProblems(weird.app).map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual(['invalid-group "system:authenticated"', 'invalid-group ""', 'invalid-value "fast"']);
    const figures = newHub({ recovery: RECOVERY });
    const ic = figures.hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], recovery: { rtoMinutes: 15, rpoMinutes: 5 } as any });
    expect(ic.recovery).toMatchObject({ rtoMinutes: 15, rpoMinutes: 5 });
    expect(() => MlpsLevel3Checks.suppress(undefined as any, { ruleId: 'MLPS3-1', reason: 'no construct at all', owner: 'x', expires: '2099-01-01' })).toThrow(
      /\[missing-value\][\s\S]*a suppression was given no construct/,
    );
  });

  test('a public cluster on a private site, and a registry with a scheme', () => {
    const props = hubProps();
    const { app } = newHub({ registry: 'https://harbor', clusters: [{ ...props.clusters[0], cloud: CloudKind.PUBLIC }, ...props.clusters.slice(1)] });
    const problems = synthProblems(app);
    expect(problems.map((p) => p.code)).toEqual(['invalid-value', 'inconsistent']);
    expect(problems[1].message).toBe('cluster "hz-a-core" is PUBLIC but its site "hz-a" is PRODUCTION');
  });

  test('capacity, connection and enum values are checked', () => {
    const props = hubProps();
    const { app } = newHub({
      clusters: [
        { ...props.clusters[0], capacity: { cpu: 0, memoryGi: -1 }, arch: 'sparc' as unknown as CpuArch },
        { ...props.clusters[1], connection: {} },
      ],
      sites: [...props.sites, { name: 'sh', city: 'shanghai', role: 'HQ' as unknown as SiteRole }],
    });
    expect(codes(app)).toEqual([
      'invalid-value zj/sites/sh "HQ"',
      'invalid-value zj/clusters/hz-a-core "sparc"',
      'invalid-quantity zj/clusters/hz-a-core 0',
      'invalid-quantity zj/clusters/hz-a-core -1',
      'invalid-connection zj/clusters/hz-b-core {}',
    ]);
  });

  test('tenant quotas over a cluster capacity name the cluster, the totals and the largest tenants', () => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
    ic.addTenant('wjw', { ...tenant, quota: { cpu: 150, memoryGi: 100 } });
    ic.addTenant('ybj', { ...tenant, quota: { cpu: 60, memoryGi: 100 } });
    const problems = synthProblems(app);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'over-capacity', path: 'zj/clusters/hz-a-core', value: 210 });
    expect(problems[0].message).toBe('quotas on cluster "hz-a-core" add up to 210 cores, above its capacity of 200; largest: zj-health/wjw 150, zj-health/ybj 60');
    expect(problems[0].fix).toContain('lower tenant quotas by 10 cores');
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('the overcommit ratio lets quotas exceed capacity by that factor, no further', () => {
    const build = (ratio: number) => {
      const { app, hub } = newHub({ overcommitRatio: ratio });
      const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
      ic.addTenant('wjw', { ...tenant, quota: { cpu: 290, memoryGi: 100 } });
      return app;
    };
    expect(() => build(1.5).synth()).not.toThrow();
    expect(synthProblems(build(1.4))[0].message).toContain('above its capacity of 200 × overcommit 1.4 = 280');
  });

  test('claims other than tenants count against capacity', () => {
    const { app, hub } = newHub();
    hub.addCapacityClaim({ cluster: 'hz-b-core', owner: 'zj/middleware/postgres', amounts: { memoryGi: 801 } });
    expect(synthProblems(app)[0].message).toContain('801 GiB memory, above its capacity of 800; largest: zj/middleware/postgres 801');
  });

  test('industryCloud() of an unknown code names the known ones', () => {
    const { hub } = newHub();
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
    expect(() => hub.industryCloud('edu')).toThrow('no industry cloud "edu"; known: health');
  });

  test('a valid hub synthesizes without problems', () => {
    const app = newApp();
    new ProvinceHub(app, 'zj', hubProps());
    expect(() => app.synth()).not.toThrow();
  });
});

describe('where the charts come from', () => {
  test('charts.repository file:///<folder> installs every chart of the hub from unpacked local folders', () => {
    const { app, hub } = newHub({
      charts: { repository: 'file:///srv/gov-lz/charts/' },
      recovery: { backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' } },
    });
    const { PostgresOffering } = require('../../lib');
    hub.middleware.add(new PostgresOffering({}));
    app.synth();
    const releases = stackJson(app, 'zj-platform-hz-a-core').resource.helm_release;
    expect(Object.fromEntries(Object.entries<any>(releases).map(([k, r]) => [k, [r.chart, r.repository]]))).toEqual({
      'cloudnative-pg--hz-a-core': ['/srv/gov-lz/charts/cloudnative-pg', undefined],
      velero: ['/srv/gov-lz/charts/velero', undefined],
    });
  });

  test('by default the hub registry; a repository with credentials, a relative folder or another scheme is refused', () => {
    const { app } = newHub();
    app.synth();
    expect(stackJson(app, 'zj-platform-hz-a-core').resource?.helm_release).toBeUndefined();
    for (const repository of ['https://user:secret@charts.zj.gov.internal', 'file://charts', 'ftp://charts.zj.gov.internal', 'file:///srv/../etc']) {
      const { app: bad } = newHub({ charts: { repository } });
      const problems = synthProblems(bad).filter((p) => p.path === 'zj/charts');
      // The value is shown as given, with a password masked (LandingZoneError masks every credential it quotes).
      expect(problems.map((p) => [p.code, p.value])).toEqual([[repository.includes('@') ? 'credential-in-url' : 'invalid-value', repository.replace(':secret@', ':***@')]]);
    }
  });
});
