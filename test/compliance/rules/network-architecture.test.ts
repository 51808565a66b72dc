import { namespaceZoneLabel } from '../../../lib/compliance/rules/network-architecture/namespace-zone-label';
import { tenantCapacityDeclared } from '../../../lib/compliance/rules/network-architecture/tenant-capacity-declared';
import { addManifest, addResource, check, deployment, namespace, province } from '../helpers';

describe('MLPS3-1 namespaces are assigned to a network zone', () => {
  test('compliant: every namespace the landing zone writes has a zone', () => {
    const { app } = province();
    const { findings, result } = check(namespaceZoneLabel, app);
    expect(findings).toEqual([]);
    expect(result.status).toBe('compliant');
    // 2 tenant namespaces + gov-lz-system, gov-lz-gateway, the audit log store's gov-lz-audit and the recovery layer's gov-lz-backup on each of 3 clusters.
    expect(result.checked).toBe(14);
  });

  test('non-compliant: a namespace added by hand without a zone, or with an unknown one', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-tools', namespace('tools'));
    addResource(hub.hubStack, 'kubernetes_namespace_v1', 'ns-web', { metadata: { name: 'web', labels: { 'gov-lz.io/zone': 'public' } } });
    const { messages, findings } = check(namespaceZoneLabel, app);
    expect(messages).toEqual([
      'error: Namespace "tools" on cluster "hz-a-core" has no gov-lz.io/zone label, so it belongs to no network zone',
      'error: Namespace "web" on cluster "hz-a-core" has gov-lz.io/zone: "public", which is not a zone of the landing zone',
    ]);
    expect(findings[0]).toMatchObject({ ruleId: 'MLPS3-1', path: 'zj-hub', stack: 'zj-hub', resource: 'kubernetes_manifest.ns-tools' });
  });
});

describe('MLPS3-2 capacity is declared', () => {
  test('compliant: tenant namespaces have quota and defaults; workloads in them inherit the defaults', () => {
    const { app, hub } = province();
    addManifest(hub.industryCloud('health').stack, 'app', deployment('wjw', 'app', { serviceAccountName: 'app', containers: [{ name: 'app', image: 'x' }] }));
    addManifest(hub.hubStack, 'sized', deployment('tools', 'sized', { containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] }));
    const { findings, result } = check(tenantCapacityDeclared, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(4);
  });

  test('non-compliant: a tenant namespace without quota or defaults, a workload without resources', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-rogue', namespace('rogue', { 'gov-lz.io/tenant': 'rogue', 'gov-lz.io/zone': 'app' }));
    addManifest(hub.hubStack, 'bare', deployment('tools', 'bare', { containers: [{ name: 'web' }, { name: 'side', resources: { limits: { cpu: '1' } } }] }));
    expect(check(tenantCapacityDeclared, app).messages).toEqual([
      'error: Deployment "bare" in namespace "tools" on cluster "hz-a-core": containers web, side declare no cpu/memory requests and limits, and the namespace has no LimitRange defaults',
      'error: Namespace "rogue" on cluster "hz-a-core" has no LimitRange with container default requests and limits for cpu and memory',
      'error: Namespace "rogue" on cluster "hz-a-core" has no ResourceQuota, so the department\'s share of the cluster is not bounded',
    ]);
  });

  test('a quota without limits is named precisely', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-q', namespace('q', { 'gov-lz.io/tenant': 'q' }));
    addManifest(hub.hubStack, 'quota-q', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'q' }, spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi' } } });
    expect(check(tenantCapacityDeclared, app).messages[0]).toContain('has a ResourceQuota without limits.cpu, limits.memory');
  });
});
