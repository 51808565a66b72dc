import { IConstruct } from 'constructs';
import { LandingZoneStack, PostgresOffering, ProvinceHub, PublishedHub, SiteRole } from '../../../lib';
import { ComplianceView, ViewResource } from '../../../lib/compliance/resource-view';
import { Violation } from '../../../lib/compliance/rule';
import { egressRestricted } from '../../../lib/compliance/rules/boundary-protection/egress-restricted';
import { dataLocationInChina } from '../../../lib/compliance/rules/cloud-extension/data-location-in-china';
import { imageAdmissionPolicy } from '../../../lib/compliance/rules/cloud-extension/image-admission-policy';
import { imageProvenance } from '../../../lib/compliance/rules/cloud-extension/image-provenance';
import { managementTrafficSeparated } from '../../../lib/compliance/rules/cloud-extension/management-traffic-separated';
import { tenantNetworkIsolation } from '../../../lib/compliance/rules/cloud-extension/tenant-network-isolation';
import { artifact, hubProps, newApp, RECOVERY } from '../../helpers';
import { addManifest, addResource, check, deployment, namespace, networkPolicy, province, TODAY } from '../helpers';

describe('MLPS3-28 departments are isolated from each other', () => {
  test('compliant: peers in the own namespace (by name), the hub namespaces and DNS; tenant namespaces labelled by their tenant', () => {
    const { app, hub } = province();
    const t = hub.industryCloud('health').tenants[0];
    t.addNetworkRule({ name: 'pg', direction: 'egress', peers: [{ namespace: 'gov-lz-middleware' }], ports: [{ port: 5432 }] });
    addManifest(
      hub.hubStack,
      'own',
      networkPolicy('wjw', 'own', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'wjw' } } }], ports: [{ port: 80 }] }] }),
    );
    const { findings, result } = check(tenantNetworkIsolation, app);
    expect(findings).toEqual([]);
    // 11 policies and services, and the tenant's namespaces on its two clusters.
    expect(result.checked).toBe(13);
  });

  test('label spoofing: only the Tenant of a code labels a namespace with it; a selector on the tenant label is no pin', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'spoof', namespace('evil', { 'gov-lz.io/tenant': 'wjw' }));
    addManifest(
      hub.hubStack,
      'own',
      networkPolicy('wjw', 'own', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'gov-lz.io/tenant': 'wjw' } } }], ports: [{ port: 80 }] }] }),
    );
    expect(check(tenantNetworkIsolation, app).messages.sort()).toEqual([
      'error: Namespace "evil" on cluster "hz-a-core" carries gov-lz.io/tenant: wjw, but it is not the namespace of tenant "wjw"; a selector on that label would let it pass as the department',
      'error: NetworkPolicy "own" in namespace "wjw" on cluster "hz-a-core", ingress rule 1 selects namespaces by {"matchLabels":{"gov-lz.io/tenant":"wjw"}}, which another department\'s namespace could match',
    ]);
  });

  test("non-compliant: a rule into another department's namespace, a selector that may match others, an ExternalName alias", () => {
    const { app, hub } = province();
    const health = hub.industryCloud('health');
    health.addTenant('ybj', { displayName: '医保局', quota: { cpu: 1, memoryGi: 1 } });
    health.tenants[0].addNetworkRule({ name: 'ybj-api', direction: 'egress', peers: [{ namespace: 'ybj' }], ports: [{ port: 8443 }], clusters: ['hz-a-core'] });
    addManifest(
      hub.hubStack,
      'zone',
      networkPolicy('wjw', 'by-zone', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'gov-lz.io/zone': 'app' } } }], ports: [{ port: 80 }] }] }),
    );
    addManifest(hub.hubStack, 'alias', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ybj-api', namespace: 'wjw' },
      spec: { type: 'ExternalName', externalName: 'api.ybj.svc.cluster.local' },
    });
    expect(check(tenantNetworkIsolation, app).messages).toEqual([
      'error: NetworkPolicy "egress-ybj-api" in namespace "wjw" on cluster "hz-a-core", egress rule 1 opens traffic to namespace "ybj" of department "ybj"',
      'error: Service "ybj-api" in namespace "wjw" on cluster "hz-a-core" aliases a service of department "ybj" (api.ybj.svc.cluster.local)',
      'error: NetworkPolicy "by-zone" in namespace "wjw" on cluster "hz-a-core", ingress rule 1 selects namespaces by {"matchLabels":{"gov-lz.io/zone":"app"}}, which another department\'s namespace could match',
    ]);
  });
});

describe('MLPS3-28 address blocks cannot go around isolation (issue 13, class 4)', () => {
  /** The test hub with declared pod and service networks on its private clusters. */
  const withNetworks = () => ({
    clusters: hubProps().clusters.map((c, i) => (i < 2 ? { ...c, podCidrs: [`10.24${4 + i}.0.0/16`], serviceCidrs: [`10.9${6 + i}.0.0/16`] } : c)),
  });
  const egress = (ns: string, name: string, peers: object[]) => networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: peers, ports: [{ port: 443 }] }] });
  const isolation = (app: IConstruct) => check(tenantNetworkIsolation, app).messages.filter((m) => /ipBlock|peers/.test(m));

  test("a block that overlaps the cluster's pod or service network is a cross-tenant path; except and narrower blocks are fine", () => {
    const { app, hub } = province(withNetworks());
    const wjw = hub.industryCloud('health').tenants[0];
    wjw.addNetworkRule({ name: 'pods', direction: 'egress', peers: [{ cidr: '10.244.8.0/24' }], ports: [{ port: 8443 }], clusters: ['hz-a-core'] });
    addManifest(hub.hubStack, 'svc', egress('wjw', 'svc', [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.0.0/16'] } }]));
    addManifest(hub.hubStack, 'fine', egress('wjw', 'fine', [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.0.0/16', '10.96.0.0/16'] } }, { ipBlock: { cidr: '192.168.10.0/24' } }]));
    // IPv6 that writes IPv4 (::ffff:a.b.c.d) reaches the same pods on a dual-stack data path.
    addManifest(hub.hubStack, 'mapped', egress('wjw', 'mapped', [{ ipBlock: { cidr: '::ffff:10.244.0.0/112' } }]));
    expect(isolation(app)).toEqual([
      'error: NetworkPolicy "egress-pods" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock 10.244.8.0/24 overlaps the pod network 10.244.0.0/16 of cluster "hz-a-core", so it reaches other departments\' pods by address, past namespace isolation',
      'error: NetworkPolicy "mapped" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock ::ffff:10.244.0.0/112 overlaps the pod network 10.244.0.0/16 of cluster "hz-a-core", so it reaches other departments\' pods by address, past namespace isolation',
      'error: NetworkPolicy "svc" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock 10.0.0.0/8 overlaps the service network 10.96.0.0/16 of cluster "hz-a-core", so it reaches other departments\' services by address, past namespace isolation',
    ]);
  });

  test('blocks that add up to the whole address space are as open as 0.0.0.0/0; without declared networks, private blocks are a warning', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'halves', egress('wjw', 'halves', [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }]));
    addManifest(hub.hubStack, 'office', egress('wjw', 'office', [{ ipBlock: { cidr: '10.50.0.0/16' } }]));
    addManifest(hub.hubStack, 'internet', egress('wjw', 'internet', [{ ipBlock: { cidr: '203.0.113.0/24' } }]));
    expect(isolation(app)).toEqual([
      'error: NetworkPolicy "halves" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock 0.0.0.0/1 is, with the namespace\'s other egress blocks, every IPv4 address, other departments\' pods included, and cluster "hz-a-core" declares no pod and service networks to except',
      'error: NetworkPolicy "halves" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock 128.0.0.0/1 is, with the namespace\'s other egress blocks, every IPv4 address, other departments\' pods included, and cluster "hz-a-core" declares no pod and service networks to except',
      'warning: NetworkPolicy "office" in namespace "wjw" on cluster "hz-a-core", egress rule 1: ipBlock 10.50.0.0/16 lies in private address space and cluster "hz-a-core" declares no pod and service networks, so whether it reaches other departments\' pods cannot be told',
    ]);
    // MLPS3-4 sees the halves together: every IPv4 address.
    expect(check(egressRestricted, app).messages).toEqual([
      'error: NetworkPolicy "halves" in namespace "wjw" on cluster "hz-a-core" allows egress to 0.0.0.0/1, 128.0.0.0/1; with these, the egress blocks of namespace "wjw" cover every IPv4 address, as open as 0.0.0.0/0',
    ]);
  });

  test("a block that reaches a shared service's site endpoint without a grant goes around the grant; the granted department's path is fine", () => {
    const { app, hub } = province(withNetworks());
    const health = hub.industryCloud('health');
    const ybj = health.addTenant('ybj', { displayName: '医保局', quota: { cpu: 1, memoryGi: 1 } });
    hub.middleware.add(
      new PostgresOffering({
        instances: 2,
        siteEndpoints: {
          'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
          'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
        },
      }),
    );
    hub.middleware.get('postgres').grantConnect(health.tenants[0]);
    ybj.addNetworkRule({ name: 'pg-direct', direction: 'egress', peers: [{ cidr: '10.31.1.0/24' }], ports: [{ port: 5432 }], clusters: ['hz-b-core'] });
    expect(isolation(app)).toEqual([
      'error: NetworkPolicy "egress-pg-direct" in namespace "ybj" on cluster "hz-b-core", egress rule 1: ipBlock 10.31.1.0/24 reaches 10.31.1.10/32, the site endpoint pg-hz-a.zj.gov.internal of shared postgres (hub zj, cluster hz-a-core), which department "ybj" is not granted: traffic from its site is admitted there for the granted departments, so this goes around the grant',
    ]);
  });

  test('a rule without peers and a peer with only an address block are no longer skipped', () => {
    const { app, hub } = province(withNetworks());
    addManifest(hub.hubStack, 'any', networkPolicy('wjw', 'any', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] }));
    expect(isolation(app)).toEqual([
      'error: NetworkPolicy "any" in namespace "wjw" on cluster "hz-a-core", ingress rule 1 lists no peers, so it admits traffic from every namespace, other departments\' included',
    ]);
  });
});

describe("MLPS3-28 in a city project: the hub's departments are known from its contract (issue 13, class 6)", () => {
  const quota = { cpu: 4, memoryGi: 16 };
  /** A hub with wjw (granted postgres, two sites), published; a city app on its contract with one department. */
  const cityOn = () => {
    const { app: hubApp, hub } = province({
      clusters: hubProps().clusters.map((c, i) => (i < 2 ? { ...c, podCidrs: [`10.24${4 + i}.0.0/16`], serviceCidrs: [`10.9${6 + i}.0.0/16`] } : c)),
      // A manual cross-site promotion misses the 15-minute RTO; the hub says so and accepts it.
      recovery: { ...RECOVERY, acceptedShortfalls: { health: 'manual PostgreSQL promotion until the orchestrator is drilled' } },
    });
    hub.middleware.add(
      new PostgresOffering({
        instances: 2,
        siteEndpoints: {
          'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
          'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
        },
      }),
    );
    hub.middleware.get('postgres').grantConnect(hub.industryCloud('health').tenants[0]);
    hubApp.synth();
    const contract = JSON.parse(artifact(hubApp, 'zj-hub.json'));
    const app = newApp();
    const stack = new LandingZoneStack(app, 'hz-city');
    const zj = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(contract, 'zj-hub.json'), { compliance: { today: TODAY } });
    const hzWjw = zj.industryCloud('health').addTenant('hz-wjw', { displayName: '杭州市卫健委', quota, admins: ['hz-wjw-admins'] });
    return { app, stack, hzWjw };
  };

  test("the city's own departments pass; the contract tells the city which namespaces are the hub's departments", () => {
    const { app } = cityOn();
    const view = ComplianceView.build(app);
    expect(view.namespaceOwner('wjw')).toEqual({ code: 'wjw', published: true });
    expect(view.namespaceOwner('hz-wjw')).toEqual({ code: 'hz-wjw', published: false });
    expect(view.clusterNetworks('hz-a-core')!.pods).toEqual(['10.244.0.0/16']);
    expect(view.privateEndpoints.map((e) => `${e.offering} ${e.cluster} ${e.cidr} ${[...e.grants]}`)).toEqual(['postgres hz-a-core 10.31.1.10/32 wjw', 'postgres hz-b-core 10.32.1.10/32 wjw']);
    expect(check(tenantNetworkIsolation, app).findings).toEqual([]);
  });

  test("a city object that opens, targets or sits in a hub department's namespace, or in the hub's own, is a finding", () => {
    const { app, stack, hzWjw } = cityOn();
    hzWjw.addNetworkRule({ name: 'to-wjw', direction: 'egress', peers: [{ namespace: 'wjw' }], ports: [{ port: 8443 }], clusters: ['hz-a-core'] });
    hzWjw.addNetworkRule({ name: 'pg', direction: 'egress', peers: [{ cidr: '10.31.1.10/32' }], ports: [{ port: 5432 }], clusters: ['hz-a-core'] });
    addManifest(
      stack,
      'open-wjw',
      networkPolicy('wjw', 'from-city', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'hz-wjw' } } }], ports: [{ port: 8443 }] }],
      }),
    );
    addManifest(
      stack,
      'open-pg',
      networkPolicy('gov-lz-middleware', 'city-pg', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'hz-wjw' } } }], ports: [{ port: 5432 }] }],
      }),
    );
    addManifest(stack, 'copy', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'copy-wjw', namespace: 'gov-lz-backup' },
      spec: { schedule: '0 1 * * *', template: { includedNamespaces: ['hz-wjw', 'wjw'] } },
    });
    addManifest(stack, 'claim', namespace('wjw', { 'gov-lz.io/tenant': 'wjw' }));
    expect(check(tenantNetworkIsolation, app).messages.sort()).toEqual([
      'error: Namespace "wjw" on cluster "hz-a-core" carries gov-lz.io/tenant: wjw, but it is not the namespace of tenant "wjw" (a department of the hub zj, declared in the hub\'s own project); a selector on that label would let it pass as the department',
      'error: Namespace "wjw" on cluster "hz-a-core" is the namespace of department "wjw" of the hub zj: a city project does not change what the hub\'s departments own',
      'error: NetworkPolicy "city-pg" in namespace "gov-lz-middleware" on cluster "hz-a-core" is in the hub\'s own namespace "gov-lz-middleware": a city project does not change or open what the hub runs there (middleware, gateway, platform)',
      'error: NetworkPolicy "egress-pg" in namespace "hz-wjw" on cluster "hz-a-core", egress rule 1: ipBlock 10.31.1.10/32 reaches 10.31.1.10/32, the site endpoint pg-hz-a.zj.gov.internal of shared postgres (hub zj, cluster hz-a-core), which department "hz-wjw" is not granted: traffic from its site is admitted there for the granted departments, so this goes around the grant',
      'error: NetworkPolicy "egress-to-wjw" in namespace "hz-wjw" on cluster "hz-a-core", egress rule 1 opens traffic to namespace "wjw" of department "wjw"',
      'error: NetworkPolicy "from-city" in namespace "wjw" on cluster "hz-a-core" is in the namespace of department "wjw" of the hub zj: a city project does not change what the hub\'s departments own',
      'error: NetworkPolicy "from-city" in namespace "wjw" on cluster "hz-a-core", ingress rule 1 opens traffic from namespace "hz-wjw" of department "hz-wjw"',
      'error: Schedule "copy-wjw" in namespace "gov-lz-backup" on cluster "hz-a-core" names namespace "wjw" of department "wjw" of the hub zj: a city project does not reach into the hub\'s departments',
    ]);
  });
});

describe('MLPS3-29 data and infrastructure stay in mainland China', () => {
  test("compliant: the landing zone's own output says where every department's data and backups are", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    // Tenant namespaces carry the city of their cluster's site; the DR centre's store carries ningbo (main's recovery layer).
    expect(view.namespace('hz-a-core', 'wjw')!.object!.metadata.labels['gov-lz.io/data-location']).toBe('hangzhou');
    expect(view.ofKind('BackupStorageLocation').map((b) => `${b.cluster}:${b.object!.metadata.labels['gov-lz.io/data-location']}:${b.object!.spec.config.region}`)).toEqual([
      'hz-a-core:ningbo:ningbo',
      'hz-b-core:ningbo:ningbo',
      'ali-burst:ningbo:ningbo',
    ]);
    const { findings, result } = check(dataLocationInChina, app);
    expect(findings).toEqual([]);
    expect(result.status).toBe('compliant');
  });

  test("compliant: a cloud store in a mainland region; a burst namespace labelled with the public site's city", () => {
    const { app, hub } = province();
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16 }, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    addManifest(hub.hubStack, 'bsl', { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name: 'oss' }, spec: { config: { region: 'cn-shanghai' } } });
    const view = ComplianceView.build(app);
    expect(view.namespace('ali-burst', 'ksy')!.object!.metadata.labels).toMatchObject({ 'gov-lz.io/placement': 'burst', 'gov-lz.io/data-location': 'hangzhou' });
    expect(check(dataLocationInChina, app).findings).toEqual([]);
  });

  test('non-compliant: Hong Kong, a public site without region, a backup abroad or nowhere, a missing or false label', () => {
    const props = hubProps();
    const { app, hub } = province({
      sites: [...props.sites.slice(0, 3), { name: 'ali-hk', city: 'hongkong', role: SiteRole.PUBLIC_CLOUD, region: 'cn-hongkong' }, { name: 'tx', city: 'shanghai', role: SiteRole.PUBLIC_CLOUD }],
      clusters: props.clusters.map((c) => (c.name === 'ali-burst' ? { ...c, site: 'ali-hk' } : c)),
    });
    addManifest(hub.hubStack, 'bsl', { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name: 'sg' }, spec: { config: { region: 'ap-southeast-1' } } });
    addManifest(hub.hubStack, 'bsl-x', { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name: 'x', labels: { 'gov-lz.io/data-location': 'wuhan' } }, spec: { config: {} } });
    addManifest(hub.hubStack, 'ns-dept', namespace('dept', { 'gov-lz.io/tenant': 'dept', 'gov-lz.io/zone': 'app' }));
    addManifest(hub.hubStack, 'ns-far', namespace('far', { 'gov-lz.io/tenant': 'far', 'gov-lz.io/zone': 'app', 'gov-lz.io/data-location': 'ningbo' }), 'hz-b-core');
    addManifest(hub.hubStack, 'ns-mw', namespace('gov-lz-middleware', { 'gov-lz.io/zone': 'data' }));
    const { messages, findings } = check(dataLocationInChina, app);
    expect(messages).toEqual([
      'error: backup storage location "sg" on cluster "hz-a-core" is in region "ap-southeast-1", outside mainland China',
      'error: backup storage location "x" on cluster "hz-a-core" says it is in "wuhan", which is no site of province "zj", and names no region, so where the backups lie cannot be shown',
      'error: Namespace "dept" on cluster "hz-a-core" holds a department\'s data but carries no gov-lz.io/data-location label, so the inventory cannot say where it is kept',
      'error: Namespace "far" on cluster "hz-b-core" says its data is in "ningbo", but cluster "hz-b-core" is on a site in hangzhou',
      'error: Namespace "gov-lz-middleware" on cluster "hz-a-core" holds business data but carries no gov-lz.io/data-location label, so the inventory cannot say where it is kept',
      'error: site "ali-hk" is in region "cn-hongkong", outside mainland China',
      'error: public-cloud site "tx" names no region, so where its data lies cannot be shown',
    ]);
    expect(findings.map((f) => f.path)).toContain('zj/sites/ali-hk');
    expect(findings.find((f) => f.message.startsWith('Namespace "dept"'))!.fix).toBe('label the namespace gov-lz.io/data-location: hangzhou');
  });

  test('a city that is not a label value is left off the namespace, and the rule says what to do', () => {
    const props = hubProps();
    const { app } = province({ sites: props.sites.map((s) => (s.name === 'hz-b' ? { ...s, city: '杭州' } : s)) });
    const view = ComplianceView.build(app);
    expect(view.namespace('hz-b-core', 'wjw')!.object!.metadata.labels['gov-lz.io/data-location']).toBeUndefined();
    expect(check(dataLocationInChina, app).findings.map((f) => `${f.resource} ${f.fix}`)).toEqual([
      'kubernetes_namespace_v1.wjw--hz-b-core give the site of cluster "hz-b-core" a city that is a label value (pinyin, e.g. \'hangzhou\' rather than "杭州"): tenant namespaces are then labelled with it',
    ]);
  });
});

describe('MLPS3-30 management traffic is kept apart', () => {
  test('compliant: business egress to the data zone and DNS; management may reach into business namespaces', () => {
    const { app, hub } = province();
    hub.industryCloud('health').tenants[0].addNetworkRule({ name: 'scrape', direction: 'ingress', peers: [{ namespace: 'gov-lz-system' }], ports: [{ port: 9090 }] });
    const { findings, result } = check(managementTrafficSeparated, app);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.checked).toBeGreaterThan(10);
  });

  test('reachability is computed from the real policies: open business egress into a management namespace no policy closes', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'portal-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portal', labels: { 'gov-lz.io/zone': 'dmz' } } });
    addManifest(hub.hubStack, 'ops-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'gov-lz.io/zone': 'mgmt' } } });
    const messages = check(managementTrafficSeparated, app).messages;
    expect(messages).toContainEqual(expect.stringMatching(/^error: business namespaces .*"portal" \(dmz\).* can open connections into management namespace "ops" on cluster "hz-a-core"/));
    // The platform's own management namespaces deny ingress by default (the hub baseline, the recovery layer): portal's
    // open egress does not reach them.
    expect(messages.filter((m) => /"gov-lz-(system|backup|audit)"/.test(m))).toEqual([]);
    // wjw denies egress by default and allows none into ops: it is not listed.
    expect(messages.find((m) => m.includes('"ops"'))).not.toContain('"wjw"');
  });

  test('a management namespace closed by a default-deny ingress policy that admits the management zone only is separated', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'portal-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portal', labels: { 'gov-lz.io/zone': 'dmz' } } });
    addManifest(hub.hubStack, 'ops-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'gov-lz.io/zone': 'mgmt' } } });
    addManifest(
      hub.hubStack,
      'ops-closed',
      networkPolicy('ops', 'mgmt-only', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'gov-lz.io/zone': 'mgmt' } } }] }] }),
    );
    expect(check(managementTrafficSeparated, app).messages.filter((m) => m.includes('"ops"'))).toEqual([]);
    // An ingress rule from every namespace (an empty selector) opens it again.
    const { app: app2, hub: hub2 } = province();
    addManifest(hub2.hubStack, 'portal-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portal', labels: { 'gov-lz.io/zone': 'dmz' } } });
    addManifest(hub2.hubStack, 'ops-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'gov-lz.io/zone': 'mgmt' } } });
    addManifest(hub2.hubStack, 'ops-open', networkPolicy('ops', 'all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] }));
    expect(check(managementTrafficSeparated, app2).messages.filter((m) => m.includes('"ops"'))).toHaveLength(1);
  });

  test('non-compliant: a tenant opening connections into gov-lz-system, a management UI on the business gateway', () => {
    const { app, hub } = province();
    hub.industryCloud('health').tenants[0].addNetworkRule({ name: 'to-mgmt', direction: 'egress', peers: [{ namespace: 'gov-lz-system' }], ports: [{ port: 443 }], clusters: ['hz-a-core'] });
    addManifest(hub.hubStack, 'route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'grafana', namespace: 'gov-lz-system' }, spec: {} });
    const messages = check(managementTrafficSeparated, app).messages;
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([
      'error: NetworkPolicy "egress-to-mgmt" in namespace "wjw" on cluster "hz-a-core": egress rule 1 lets app-zone pods open connections into the management zone (gov-lz-system)',
      'error: HTTPRoute "grafana" in namespace "gov-lz-system" on cluster "hz-a-core" publishes a management service through the business gateway',
    ]);
    // gov-lz-system denies ingress by default and admits only its own pods and the API server: wjw's egress is declared
    // (the error above) but does not get in, so the computed reach finds nothing.
    expect(messages.filter((m) => m.includes('can open connections into management namespace'))).toEqual([]);
    expect(messages).toHaveLength(2);
  });
});

describe('MLPS3-31 images and charts come from the hub registry', () => {
  test('compliant: pinned hub images, OCI charts from the hub, local charts', () => {
    const base = check(imageProvenance, province().app);
    // The recovery layer's Velero charts (oci://<hub registry>/charts), one per cluster.
    expect(base.findings).toEqual([]);
    expect(base.result.checked).toBe(3);
    const { app, hub } = province();
    addManifest(hub.hubStack, 'd', deployment('wjw', 'api', { containers: [{ name: 'api', image: 'harbor.zj.gov.internal/wjw/api:1.2.3' }] }));
    addManifest(hub.hubStack, 'pg', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg', namespace: 'gov-lz-middleware' },
      spec: { imageName: 'harbor.zj.gov.internal/cnpg/postgresql@sha256:' + 'a'.repeat(64) },
    });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'velero', { name: 'velero', chart: 'velero', repository: 'oci://harbor.zj.gov.internal/charts' });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'local', { name: 'local', chart: './charts/portal' });
    const { findings, result } = check(imageProvenance, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(3 + 4);
  });

  test('non-compliant: Docker Hub, latest, a chart from the internet', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'api', {
        containers: [
          { name: 'api', image: 'nginx' },
          { name: 'side', image: 'harbor.zj.gov.internal/x/side:latest' },
        ],
      }),
    );
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'falco', { name: 'falco', chart: 'falco', repository: 'https://falcosecurity.github.io/charts' });
    expect(check(imageProvenance, app).messages).toEqual([
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core", container api: image nginx comes from docker.io, not from the hub registry harbor.zj.gov.internal',
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core", container api: image nginx has no tag (it means :latest), so what runs can change without a change here',
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core", container side: image harbor.zj.gov.internal/x/side:latest uses the :latest tag, so what runs can change without a change here',
      'error: helm_release falco pulls its chart from falcosecurity.github.io, not from the hub registry harbor.zj.gov.internal',
    ]);
  });
});

describe('MLPS3-32 clusters refuse images from outside the hub registry', () => {
  test("compliant: the placement layer's registry allow-list, bound with Deny, on every cluster", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    expect(
      view
        .ofKind('ValidatingAdmissionPolicyBinding')
        .map((b) => `${b.cluster}:${b.object!.metadata.name}:${b.object!.spec.validationActions}`)
        .filter((x) => x.includes('registry')),
    ).toEqual(['hz-a-core:gov-lz-registry-allow-list:Deny', 'hz-b-core:gov-lz-registry-allow-list:Deny', 'ali-burst:gov-lz-registry-allow-list:Deny']);
    const { findings, result } = check(imageAdmissionPolicy, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 1 });
  });

  /** The rule on the real output, with the policies and bindings changed by `edit` (undefined drops one). */
  const edited = (edit: (r: ViewResource) => ViewResource | undefined, setup: (hub: ProvinceHub) => void = () => undefined) => {
    const { app, hub } = province();
    setup(hub);
    const view = ComplianceView.build(app);
    const ctx = Object.create(view) as ComplianceView;
    ctx.ofKind = (kind: string) => {
      const list = view.ofKind(kind);
      if (!kind.startsWith('ValidatingAdmissionPolicy')) return list;
      return list.map((r) => (r.object!.metadata.name === 'gov-lz-registry-allow-list' ? edit(r) : r)).filter((r): r is ViewResource => r !== undefined);
    };
    return (imageAdmissionPolicy.check(view.hubs[0], ctx) as readonly Violation[]).map((v) => `${v.path}: ${v.message}`);
  };
  const spec = (r: ViewResource, change: Record<string, unknown>): ViewResource => ({ ...r, object: { ...r.object!, spec: { ...r.object!.spec, ...change } } });

  test('non-compliant: each way the real policy can stop holding a cluster to the registry', () => {
    expect(
      edited((r) => {
        const binding = r.kind === 'ValidatingAdmissionPolicyBinding';
        if (r.cluster === 'ali-burst') return binding ? undefined : r;
        if (r.cluster === 'hz-b-core' && binding) return spec(r, { validationActions: ['Warn', 'Audit'] });
        return r;
      }),
    ).toEqual([
      'zj/clusters/hz-b-core: cluster "hz-b-core" binds the image policy gov-lz-registry-allow-list without validationActions Deny (gov-lz-registry-allow-list only warn or audit): a department can run images from outside harbor.zj.gov.internal',
      'zj/clusters/ali-burst: cluster "ali-burst" has the image policy gov-lz-registry-allow-list but no binding, so it is never applied: a department can run images from outside harbor.zj.gov.internal',
    ]);
    expect(
      edited((r) => {
        const binding = r.kind === 'ValidatingAdmissionPolicyBinding';
        if (r.cluster === 'hz-a-core' && !binding) return spec(r, { failurePolicy: 'Ignore' });
        if (r.cluster === 'hz-b-core' && binding) return spec(r, { matchResources: { namespaceSelector: { matchLabels: { 'gov-lz.io/tenant': 'wjw' } } } });
        if (r.cluster === 'ali-burst' && !binding) return undefined;
        return r;
      }),
    ).toEqual([
      'zj/clusters/hz-a-core: cluster "hz-a-core" has the image policy gov-lz-registry-allow-list with failurePolicy Ignore: when it cannot be evaluated, any image is admitted: a department can run images from outside harbor.zj.gov.internal',
      'zj/clusters/hz-b-core: cluster "hz-b-core" binds the image policy with Deny (gov-lz-registry-allow-list), but to namespaces that may leave out departments\' (it must select gov-lz.io/tenant with Exists, or every namespace): a department can run images from outside harbor.zj.gov.internal',
      'zj/clusters/ali-burst: cluster "ali-burst" has no admission policy about images: a department can run images from outside harbor.zj.gov.internal',
    ]);
  });

  test('the real policy names the registry with its port; a policy admitting another registry does not count', () => {
    const { app } = province({ registry: 'harbor.zj.gov.internal:8443' });
    const view = ComplianceView.build(app);
    expect(JSON.stringify(view.ofKind('ValidatingAdmissionPolicy')[0].object!.spec)).toContain("'harbor.zj.gov.internal:8443/'");
    expect(check(imageAdmissionPolicy, app).findings).toEqual([]);
    const other = edited((r) =>
      r.kind === 'ValidatingAdmissionPolicy' && r.cluster === 'hz-a-core' ? { ...r, object: JSON.parse(JSON.stringify(r.object).split('harbor.zj.gov.internal').join('docker.io')) } : r,
    );
    expect(other).toEqual([
      'zj/clusters/hz-a-core: cluster "hz-a-core" has admission policies about images (gov-lz-registry-allow-list), but none admits only the hub registry harbor.zj.gov.internal: a department can run images from outside harbor.zj.gov.internal',
    ]);
  });

  test('an enforcing Kyverno policy naming the hub registry stands in for the admission policy; an auditing one does not', () => {
    const kyverno = (validationFailureAction: string) => ({
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'registry' },
      spec: { validationFailureAction, rules: [{ name: 'r', validate: { pattern: { spec: { containers: [{ image: 'harbor.zj.gov.internal/*' }] } } } }] },
    });
    const out = edited(
      () => undefined,
      (hub) => {
        addManifest(hub.hubStack, 'kyverno', kyverno('Enforce'), 'hz-a-core');
        addManifest(hub.hubStack, 'kyverno-audit', kyverno('Audit'), 'hz-b-core');
      },
    );
    expect(out.map((x) => x.split(':')[0])).toEqual(['zj/clusters/hz-b-core', 'zj/clusters/ali-burst']);
  });
});
