import { PostgresOffering } from '../../../lib';
import { ComplianceView } from '../../../lib/compliance/resource-view';
import { defaultDeny } from '../../../lib/compliance/rules/boundary-protection/default-deny';
import { egressRestricted } from '../../../lib/compliance/rules/boundary-protection/egress-restricted';
import { explicitMinimalRules } from '../../../lib/compliance/rules/boundary-protection/explicit-minimal-rules';
import { exposureThroughDmz } from '../../../lib/compliance/rules/boundary-protection/exposure-through-dmz';
import { addManifest, check, deployment, namespace, networkPolicy, province } from '../helpers';

const svc = (ns: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec });

describe('MLPS3-3 traffic enters only through the DMZ', () => {
  test('compliant: a load balancer in the gateway namespace, ClusterIP services and routes in tenant namespaces, host network in mgmt', () => {
    const { app, hub } = province();
    const s = hub.hubStack;
    addManifest(s, 'gw-lb', svc('gov-lz-gateway', 'gw', { type: 'LoadBalancer', ports: [{ port: 443 }] }));
    addManifest(s, 'app-svc', svc('wjw', 'api', { ports: [{ port: 8080 }] }));
    addManifest(s, 'route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'api', namespace: 'wjw' }, spec: {} });
    addManifest(s, 'agent', deployment('gov-lz-system', 'agent', { hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 9100, hostPort: 9100 }] }] }));
    const { findings, result } = check(exposureThroughDmz, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(4);
  });

  test('non-compliant: NodePort, a load balancer in a tenant namespace, an Ingress outside the DMZ, a route into the data zone, host ports', () => {
    const { app, hub } = province();
    const s = hub.hubStack;
    addManifest(s, 'ns-mw', namespace('gov-lz-middleware', { 'gov-lz.io/zone': 'data' }));
    addManifest(s, 'np', svc('wjw', 'np', { type: 'NodePort', ports: [{ port: 80 }] }));
    addManifest(s, 'lb', svc('wjw', 'lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
    addManifest(s, 'ing', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'wjw' }, spec: {} });
    addManifest(s, 'pg-route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TCPRoute', metadata: { name: 'pg', namespace: 'gov-lz-middleware' }, spec: {} });
    addManifest(s, 'hp', deployment('wjw', 'hp', { containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 80 }] }] }));
    expect(check(exposureThroughDmz, app).messages).toEqual([
      'error: Deployment "hp" in namespace "wjw" on cluster "hz-a-core" binds host ports web:80 in zone app',
      'error: Ingress "web" in namespace "wjw" on cluster "hz-a-core" is an entry point in zone app; entry points belong to the DMZ',
      'error: Service "lb" in namespace "wjw" on cluster "hz-a-core" is a LoadBalancer in zone app; only the DMZ may face outside',
      'error: Service "np" in namespace "wjw" on cluster "hz-a-core" is of type NodePort: it opens a port on every node, bypassing the boundary',
      'error: TCPRoute "pg" in namespace "gov-lz-middleware" on cluster "hz-a-core" routes outside traffic into the data zone',
    ]);
  });
});

describe('MLPS3-4 outbound connections are restricted', () => {
  test('compliant: the tenant policies name their destinations; the DMZ may reach out', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'gw-out', networkPolicy('gov-lz-gateway', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }));
    const { findings, result } = check(egressRestricted, app);
    expect(findings).toEqual([]);
    expect(result.status).toBe('compliant');
  });

  test('non-compliant: egress to 0.0.0.0/0 or to anywhere from a tenant namespace', () => {
    const { app, hub } = province();
    const t = hub.industryCloud('health').tenants[0];
    t.addNetworkRule({ name: 'internet', direction: 'egress', peers: [{ cidr: '0.0.0.0/0' }], ports: [{ port: 443 }], clusters: ['hz-a-core'] });
    addManifest(hub.hubStack, 'any', networkPolicy('wjw', 'any', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] }));
    expect(check(egressRestricted, app).messages).toEqual([
      'error: NetworkPolicy "egress-internet" in namespace "wjw" on cluster "hz-a-core": egress rule 1 allows 0.0.0.0/0, the whole address space',
      'error: NetworkPolicy "any" in namespace "wjw" on cluster "hz-a-core": egress rule 1 names no destination, so it allows connections to anywhere',
    ]);
  });
});

describe('MLPS3-4 and MLPS3-6: blocks that add up to the whole address space are as open as 0.0.0.0/0 (issue 13, class 4)', () => {
  test('in one rule, spread over policies, or written the IPv6 way; a policy the namespace could do without is not named', () => {
    const { app, hub } = province();
    const s = hub.hubStack;
    const out = (name: string, cidrs: string[], ns = 'wjw') =>
      addManifest(s, name, networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: 443 }] }] }));
    out('low', ['0.0.0.0/1']);
    out('high', ['128.0.0.0/2', '192.0.0.0/2']);
    out('office', ['10.50.0.0/16']);
    out('mapped', ['::ffff:0.0.0.0/96'], 'apps');
    addManifest(
      s,
      'in',
      networkPolicy('wjw', 'in', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ ipBlock: { cidr: '0.0.0.0/1' } }], ports: [{ port: 443 }] },
          { from: [{ ipBlock: { cidr: '128.0.0.0/1' } }], ports: [{ port: 443 }] },
        ],
      }),
    );
    // The low half of IPv6 holds every IPv4 address written the IPv6 way (::ffff:0:0/96): it is 0.0.0.0/0 too.
    addManifest(s, 'v6', networkPolicy('apps', 'v6', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '::/1' } }], ports: [{ port: 443 }] }] }));
    expect(check(egressRestricted, app).messages).toEqual([
      'error: NetworkPolicy "high" in namespace "wjw" on cluster "hz-a-core" allows egress to 128.0.0.0/2, 192.0.0.0/2; with these, the egress blocks of namespace "wjw" cover every IPv4 address, as open as 0.0.0.0/0',
      'error: NetworkPolicy "low" in namespace "wjw" on cluster "hz-a-core" allows egress to 0.0.0.0/1; with these, the egress blocks of namespace "wjw" cover every IPv4 address, as open as 0.0.0.0/0',
      'error: NetworkPolicy "mapped" in namespace "apps" on cluster "hz-a-core": egress rule 1 allows ::ffff:0.0.0.0/96, the whole address space',
    ]);
    expect(check(explicitMinimalRules, app).messages.filter((m) => /whole address space|as open as/.test(m))).toEqual([
      'error: NetworkPolicy "in" in namespace "wjw" on cluster "hz-a-core" admits 0.0.0.0/1, 128.0.0.0/1; with these, the ingress blocks of namespace "wjw" cover every IPv4 address, as open as 0.0.0.0/0',
      'error: NetworkPolicy "v6" in namespace "apps" on cluster "hz-a-core": ingress rule 1 admits ::/1, the whole address space',
    ]);
  });
});

describe('MLPS3-5 network access is denied unless allowed', () => {
  test('compliant: every tenant namespace has its default-deny policy', () => {
    const { app } = province();
    const { findings, result } = check(defaultDeny, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2);
  });

  test('non-compliant: a tenant namespace without default deny, a hub data namespace without default-deny ingress', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-x', namespace('x', { 'gov-lz.io/tenant': 'x', 'gov-lz.io/zone': 'app' }));
    addManifest(hub.hubStack, 'x-in', networkPolicy('x', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] }));
    addManifest(hub.hubStack, 'ns-mw', namespace('gov-lz-middleware', { 'gov-lz.io/zone': 'data' }));
    expect(check(defaultDeny, app).messages).toEqual([
      'error: Namespace "gov-lz-middleware" on cluster "hz-a-core" has no default-deny NetworkPolicy for ingress and egress, so traffic not explicitly allowed still flows',
      'error: Namespace "x" on cluster "hz-a-core" has no default-deny NetworkPolicy for egress, so traffic not explicitly allowed still flows',
    ]);
  });

  test("compliant: the middleware shelf's namespace denies ingress and egress by default, and lists its egress", () => {
    const { app, hub } = province();
    hub.middleware.add(new PostgresOffering()).grantConnect(hub.industryCloud('health').tenants[0]);
    const view = ComplianceView.build(app);
    expect(
      view
        .inNamespace('hz-a-core', 'gov-lz-middleware')
        .filter((r) => r.kind === 'NetworkPolicy' && r.object!.metadata.labels['gov-lz.io/offering'] === undefined)
        .map((r) => r.object!.metadata.name)
        .sort(),
    ).toEqual(['allow-egress-api-server', 'allow-egress-dns', 'allow-egress-same-namespace', 'default-deny-egress', 'default-deny-ingress']);
    const { findings, result } = check(defaultDeny, app);
    expect(findings).toEqual([]);
    // The tenant's two namespaces and gov-lz-middleware on both clusters.
    expect(result.checked).toBe(4);
  });

  test('non-compliant: a data-zone namespace that denies ingress but not egress is an error, as a tenant namespace is', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'cache-ns', namespace('cache', { 'gov-lz.io/zone': 'data' }));
    addManifest(hub.hubStack, 'cache-deny', networkPolicy('cache', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }));
    expect(check(defaultDeny, app).messages).toEqual(['error: Namespace "cache" on cluster "hz-a-core" has no default-deny NetworkPolicy for egress, so traffic not explicitly allowed still flows']);
  });

  test('a burst namespace on the public cluster denies by default too; its one way out, the dedicated line, is explicit and minimal', () => {
    const { app, hub } = province({ dedicatedLineCidrs: ['10.200.0.0/24'] });
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16 }, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    const line = ComplianceView.build(app)
      .inNamespace('ali-burst', 'ksy')
      .find((r) => r.object?.metadata.name === 'allow-dedicated-line')!;
    expect(line.object!.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.200.0.0/24' } }], ports: [{ port: '443', protocol: 'TCP' }] }]);
    const deny = check(defaultDeny, app);
    expect(deny.findings).toEqual([]);
    expect(deny.result.checked).toBe(2 + 3);
    expect(check(egressRestricted, app).findings).toEqual([]);
    expect(check(explicitMinimalRules, app).findings).toEqual([]);
  });
});

describe('MLPS3-6 network rules are explicit and minimal', () => {
  test('compliant: the tenant policies, and a cross-namespace rule with ports', () => {
    const { app, hub } = province();
    hub.industryCloud('health').tenants[0].addNetworkRule({ name: 'pg', direction: 'egress', peers: [{ namespace: 'gov-lz-middleware' }], ports: [{ port: 5432 }] });
    const { findings, result } = check(explicitMinimalRules, app);
    expect(findings).toEqual([]);
    // … and the audit log store's default deny on each of 3 clusters, and the management namespaces' default deny and
    // same-namespace allow (gov-lz-system, gov-lz-backup) on each of 3 clusters.
    expect(result.checked).toBe(13 + 12);
  });

  test('non-compliant: allow-all ingress, every namespace, 0.0.0.0/0, no ports, a whole protocol, a duplicate', () => {
    const { app, hub } = province();
    const s = hub.hubStack;
    addManifest(s, 'a', networkPolicy('wjw', 'a', { podSelector: {}, ingress: [{}] }));
    addManifest(s, 'b', networkPolicy('wjw', 'b', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }] }));
    addManifest(s, 'c', networkPolicy('wjw', 'c', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP' }] }] }));
    addManifest(s, 'd', networkPolicy('wjw', 'd', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }));
    addManifest(s, 'e', networkPolicy('wjw', 'e', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }));
    expect(check(explicitMinimalRules, app).messages).toEqual([
      'error: NetworkPolicy "a" in namespace "wjw" on cluster "hz-a-core": ingress rule 1 crosses the namespace boundary on every port',
      'error: NetworkPolicy "a" in namespace "wjw" on cluster "hz-a-core": ingress rule 1 names no source, so it admits every pod and address',
      'error: NetworkPolicy "b" in namespace "wjw" on cluster "hz-a-core": ingress rule 1 selects every namespace of the cluster',
      'error: NetworkPolicy "c" in namespace "wjw" on cluster "hz-a-core": ingress rule 1 admits ::/0, the whole address space',
      'error: NetworkPolicy "c" in namespace "wjw" on cluster "hz-a-core": ingress rule 1 allows a whole protocol without naming the port',
      'error: NetworkPolicy "d" in namespace "wjw" on cluster "hz-a-core": egress rule 1 crosses the namespace boundary on every port',
      'error: NetworkPolicy "e" in namespace "wjw" on cluster "hz-a-core" repeats kubernetes_manifest.d rule for rule',
      'error: NetworkPolicy "e" in namespace "wjw" on cluster "hz-a-core": egress rule 1 crosses the namespace boundary on every port',
    ]);
  });
});
