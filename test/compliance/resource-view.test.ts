import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Tenant } from '../../lib';
import { ComplianceView } from '../../lib/compliance/resource-view';
import { stackJson } from '../helpers';
import { addResource, province } from './helpers';

test('the view holds batched objects, resource constructs, providers and the model, with tokens resolved', () => {
  const { app, hub } = province();
  const stack = hub.industryCloud('health').stack;
  const v = new TerraformVariable(stack, 'ns', { type: 'string' });
  addResource(stack, 'kubernetes_manifest', 'tok', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: v.stringValue } } });
  new NetworkPolicyV1(stack, 'np', { metadata: { name: 'x', namespace: 'wjw' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  const city = new TerraformStack(app, 'city');
  new Tenant(city, 'hz-jyj', { industryCloud: hub.industryCloud('health'), displayName: '杭州市教育局', quota: { cpu: 1, memoryGi: 1 } });

  const view = ComplianceView.build(app);
  const tok = view.ofKind('ConfigMap').find((r) => r.address === 'kubernetes_manifest.tok')!;
  expect(tok).toMatchObject({ stack: 'zj-health', cluster: 'hz-a-core' });
  expect(tok.object!.metadata.namespace).toBe('${var.ns}');
  expect(view.ofKind('NetworkPolicy').find((r) => r.type === 'kubernetes_network_policy_v1' && r.name === 'np')).toMatchObject({ path: 'zj-health/np', cluster: '' });
  expect(view.ofKind('provider').map((r) => `${r.stack}:${r.name}`)).toEqual(expect.arrayContaining(['zj-health:kubernetes.hz-a-core', 'zj-hub:kubernetes.ali-burst', 'city:kubernetes.hz-b-core']));
  expect(view.namespace('hz-b-core', 'hz-jyj')?.path).toBe('city/hz-jyj');
  expect(view.zoneOf('hz-a-core', 'wjw')).toBe('app');
  expect(view.zoneOf('hz-a-core', 'gov-lz-system')).toBe('mgmt');
  expect(view.hubs.map((h) => h.path)).toEqual(['zj']);
  expect(view.tenants.map((t) => t.code)).toEqual(['wjw', 'hz-jyj']);
  expect(view.industryClouds.map((i) => i.code)).toEqual(['health']);
  expect([...view.tenantGroups]).toEqual(['wjw-admins']);
  expect(view.clusters().map((c) => c.path)).toEqual(['zj/clusters/hz-a-core', 'zj/clusters/hz-b-core', 'zj/clusters/ali-burst']);
});

test('building the view registers no cross-stack reference (it resolves without preparing)', () => {
  const { app, hub } = province();
  const v = new TerraformVariable(hub.hubStack, 'registry', { type: 'string' });
  addResource(hub.industryCloud('health').stack, 'kubernetes_manifest', 'cross', {
    manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'wjw' }, data: { r: v.stringValue } },
  });
  new TerraformOutput(hub.hubStack, 'x', { value: 'y' });
  ComplianceView.build(app);
  expect(app.node.findAll().filter((c) => /cross-stack/.test(c.node.id))).toEqual([]);
  // The stack still gets its cross-stack reference when cdktf prepares it.
  app.synth();
  expect(stackJson(app, 'zj-health').data.terraform_remote_state).toBeDefined();
});

test('helm values are parsed once, documents and set entries', () => {
  const { app, hub } = province();
  addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'v', {
    name: 'v',
    chart: 'x',
    // YAML, JSON as the library writes values (read with JSON.parse), a flow mapping that is no JSON, a JSON list.
    values: ['a: 1\n---\nb: [2]\n', 'not: [valid', '{"j":{"k":[1,"2",null]}}', ' {f: 1}', '[3]'],
    set: [{ name: 'c.d', value: 'e' }],
    set_sensitive: [{ name: 'p', value: '${var.p}' }],
  });
  const view = ComplianceView.build(app);
  const r = view.ofKind('helm_release').find((x) => x.name === 'v')!;
  expect(view.helmValues(r)).toEqual({
    documents: [{ a: 1 }, { b: [2] }, { j: { k: [1, '2', null] } }, { f: 1 }, [3]],
    set: [
      { name: 'c.d', value: 'e', sensitive: false },
      { name: 'p', value: '${var.p}', sensitive: true },
    ],
  });
  expect(view.helmValues(r)).toBe(view.helmValues(r));
});

test('a namespace holds each address of a stack once: a duplicate department is not read once per copy', () => {
  const { app, hub } = province();
  const health = hub.industryCloud('health');
  // A second wjw (the tenancy checks report the duplicate): it would write the same addresses in the same stack.
  for (let i = 0; i < 3; i++) health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 1, memoryGi: 1 }, admins: ['wjw-admins'] });
  const view = ComplianceView.build(app);
  const objects = view.inNamespace('hz-a-core', 'wjw');
  const keys = objects.map((r) => `${r.stack} ${r.address}`);
  expect(keys.length).toBeGreaterThan(5);
  expect(new Set(keys).size).toBe(keys.length);
  // Every copy is still a subject of the rules (each Namespace resource is there four times).
  expect(view.ofKind('Namespace').filter((r) => r.address === 'kubernetes_namespace_v1.wjw--hz-a-core' || r.object?.metadata.name === 'wjw').length).toBeGreaterThanOrEqual(4);
});
