/**
 * The micro-reference: 5,000 tenants × 3 objects (namespace, resource quota, default-deny network
 * policy) on one cluster, in one stack or chart, written three ways: raw cdktf resource constructs, cdk8s
 * ApiObjects, and `JSON.stringify` of the same Terraform JSON built as plain objects (the floor: no framework).
 */
import * as path from 'path';
import type { App as Cdk8sApp } from 'cdk8s';
import type { App as CdktfApp } from 'cdktf';

/** Tenants in the micro-reference. */
export const MICRO_TENANTS = 5000;

const code = (i: number) => `t${String(i).padStart(5, '0')}`;
const labels = (t: string) => ({ 'app.kubernetes.io/managed-by': 'bench', 'gov-lz.io/tenant': t });
const hard = { 'requests.cpu': '4', 'limits.cpu': '4', 'requests.memory': '16Gi', 'limits.memory': '16Gi' };

/** Raw cdktf: one provider resource construct per object. */
export function microRawCdktf(app: CdktfApp, tenants = MICRO_TENANTS): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider') as typeof import('@cdktf/provider-kubernetes/lib/provider');
  const { NamespaceV1 } = require('@cdktf/provider-kubernetes/lib/namespace-v1') as typeof import('@cdktf/provider-kubernetes/lib/namespace-v1');
  const { ResourceQuotaV1 } = require('@cdktf/provider-kubernetes/lib/resource-quota-v1') as typeof import('@cdktf/provider-kubernetes/lib/resource-quota-v1');
  const { NetworkPolicyV1 } = require('@cdktf/provider-kubernetes/lib/network-policy-v1') as typeof import('@cdktf/provider-kubernetes/lib/network-policy-v1');
  const stack = new TerraformStack(app, 'micro');
  const provider = new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  for (let i = 0; i < tenants; i++) {
    const t = code(i);
    const ns = new NamespaceV1(stack, `ns-${t}`, { provider, metadata: { name: t, labels: labels(t) } });
    new ResourceQuotaV1(stack, `quota-${t}`, { provider, dependsOn: [ns], metadata: { name: 'quota', namespace: t, labels: labels(t) }, spec: { hard } });
    new NetworkPolicyV1(stack, `deny-${t}`, {
      provider,
      dependsOn: [ns],
      metadata: { name: 'default-deny', namespace: t, labels: labels(t) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}

/** cdk8s: one chart, one ApiObject per object. */
export function microCdk8s(app: Cdk8sApp, tenants = MICRO_TENANTS): void {
  const { ApiObject, Chart } = require('cdk8s') as typeof import('cdk8s');
  const chart = new Chart(app, 'micro');
  for (let i = 0; i < tenants; i++) {
    const t = code(i);
    new ApiObject(chart, `ns-${t}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t, labels: labels(t) } });
    new ApiObject(chart, `quota-${t}`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: t, labels: labels(t) }, spec: { hard } });
    new ApiObject(chart, `deny-${t}`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: t, labels: labels(t) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}

/** The same Terraform JSON as plain objects (what the raw peer writes, without its `//` metadata). */
export function microTerraformJson(tenants = MICRO_TENANTS): Record<string, unknown> {
  const ns: Record<string, unknown> = {};
  const quota: Record<string, unknown> = {};
  const deny: Record<string, unknown> = {};
  for (let i = 0; i < tenants; i++) {
    const t = code(i);
    const dependsOn = [`kubernetes_namespace_v1.ns-${t}`];
    ns[`ns-${t}`] = { metadata: { labels: labels(t), name: t }, provider: 'kubernetes' };
    quota[`quota-${t}`] = { depends_on: dependsOn, metadata: { labels: labels(t), name: 'quota', namespace: t }, provider: 'kubernetes', spec: { hard } };
    deny[`deny-${t}`] = {
      depends_on: dependsOn,
      metadata: { labels: labels(t), name: 'default-deny', namespace: t },
      provider: 'kubernetes',
      spec: { pod_selector: {}, policy_types: ['Ingress', 'Egress'] },
    };
  }
  return {
    provider: { kubernetes: [{ config_path: '~/.kube/config' }] },
    resource: { kubernetes_namespace_v1: ns, kubernetes_network_policy_v1: deny, kubernetes_resource_quota_v1: quota },
    // cdktf's default backend: a local state file in the directory the app runs in.
    terraform: { backend: { local: { path: path.resolve('terraform.micro.tfstate') } }, required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } } },
  };
}
