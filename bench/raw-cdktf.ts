/**
 * The raw-cdktf peer: the benchmark province written by hand with the provider classes, one resource
 * construct per Kubernetes object, in plain `TerraformStack`s split like ours (platform stack per cluster,
 * hub stack, one stack per industry cloud). It is what a team would write without this library, and it must
 * produce the same resources as ours (test/bench/peers.test.ts proves it on a small province).
 */
import * as path from 'path';
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { App, ITerraformDependable, LocalBackend, TerraformResource, TerraformStack, TerraformOutput } from 'cdktf';
import { PROVIDER_VERSION_CONSTRAINTS } from '../lib/topology/cluster-connection';
import {
  CONTAINER_DEFAULTS,
  hubAdminRoles,
  hubComplianceObjects,
  hubAdmissionPolicies,
  networkPolicies,
  PolicySpec,
  platformNamespaces,
  platformPolicies,
  quotaHard,
  RBAC_GROUP,
  roleBindings,
  tenantLabels,
  tenantNamespace,
} from './objects';
import { BenchCluster, BenchIndustry, BenchSpec, BenchTenant } from './spec';

function stackWithBackend(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  // A path relative to the stack's working directory, as our StateBackend.local() writes it.
  const workingDir = path.resolve(app.outdir, 'stacks', id);
  new LocalBackend(stack, {
    path: path
      .relative(workingDir, path.resolve(`terraform.${id}.tfstate`))
      .split(path.sep)
      .join('/'),
  });
  return stack;
}

function provider(stack: TerraformStack, c: BenchCluster): KubernetesProvider {
  // The same provider range as the library writes (cdktf's bindings would pin 2.38.0 exactly).
  stack.addOverride('terraform.required_providers.kubernetes.version', PROVIDER_VERSION_CONSTRAINTS.kubernetes);
  return new KubernetesProvider(stack, `kubernetes-${c.name}`, { alias: c.name, configPath: '~/.kube/config', configContext: c.context });
}

/** The provider takes ports as strings. */
function tfPolicy(spec: PolicySpec): NetworkPolicyV1Spec {
  const rules = (rs: PolicySpec['ingress']) => rs?.map((r) => ({ ...r, ports: r.ports?.map((p) => ({ port: String(p.port), protocol: p.protocol })) }));
  return { ...spec, ingress: rules(spec.ingress), egress: rules(spec.egress) };
}

/** Builds the province of `spec` in `app` with one provider resource construct per Kubernetes object. */
export function buildRawCdktf(app: App, spec: BenchSpec): void {
  const hub = stackWithBackend(app, `${spec.province}-hub`);
  for (const c of spec.clusters) {
    const stack = stackWithBackend(app, `${spec.province}-platform-${c.name}`);
    const p = provider(stack, c);
    const namespaces = new Map<string, NamespaceV1>();
    for (const ns of platformNamespaces(spec, c)) {
      const n = new NamespaceV1(stack, `${ns.name}--${c.name}`, { provider: p, metadata: ns });
      n.overrideLogicalId(`${ns.name}--${c.name}`);
      namespaces.set(ns.name, n);
    }
    for (const pol of platformPolicies()) {
      const key = `${pol.namespace}--${c.name}--${pol.name}`;
      new NetworkPolicyV1(stack, `netpol:${key}`, {
        provider: p,
        dependsOn: [namespaces.get(pol.namespace)!],
        metadata: { name: pol.name, namespace: pol.namespace, labels: pol.labels },
        spec: tfPolicy(pol.spec),
      }).overrideLogicalId(key);
    }
    hub.addDependency(stack);
  }
  for (const c of spec.clusters) {
    const p = provider(hub, c);
    for (const a of hubAdmissionPolicies(spec)) {
      const key = `${a.name}--${c.name}`;
      const policy = new Manifest(hub, key, { provider: p, manifest: { ...a.policy } });
      policy.overrideLogicalId(key);
      new Manifest(hub, `${key}--binding`, { provider: p, dependsOn: [policy], manifest: { ...a.binding } }).overrideLogicalId(`${key}--binding`);
    }
    for (const a of hubAdminRoles(spec)) {
      const key = `${a.key}--${c.name}`;
      const role = new ClusterRoleV1(hub, `role:${key}`, { provider: p, metadata: a.role.metadata, rule: a.role.rules });
      role.overrideLogicalId(key);
      new ClusterRoleBindingV1(hub, `binding:${key}`, { provider: p, dependsOn: [role], metadata: a.binding.metadata, roleRef: a.binding.roleRef, subject: a.binding.subjects }).overrideLogicalId(key);
    }
    const made = new Map<string, ITerraformDependable>();
    for (const o of hubComplianceObjects(spec, c)) {
      const x = o.object as any;
      const common = { provider: p, ...(o.dependsOn ? { dependsOn: [made.get(o.dependsOn)!] } : {}) };
      const id = `${o.type}:${o.key}`;
      let r: TerraformResource;
      if (o.type === 'kubernetes_role_v1') r = new RoleV1(hub, id, { ...common, metadata: x.metadata, rule: x.rules });
      else if (o.type === 'kubernetes_role_binding_v1') r = new RoleBindingV1(hub, id, { ...common, metadata: x.metadata, roleRef: x.roleRef, subject: x.subjects });
      else if (o.type === 'kubernetes_cluster_role_binding_v1') r = new ClusterRoleBindingV1(hub, id, { ...common, metadata: x.metadata, roleRef: x.roleRef, subject: x.subjects });
      else if (o.type === 'kubernetes_namespace_v1') r = new NamespaceV1(hub, id, { ...common, metadata: x.metadata });
      else if (o.type === 'kubernetes_persistent_volume_claim_v1') r = new PersistentVolumeClaimV1(hub, id, { ...common, metadata: x.metadata, spec: x.spec, waitUntilBound: o.waitUntilBound });
      else if (o.type === 'kubernetes_config_map_v1') r = new ConfigMapV1(hub, id, { ...common, metadata: x.metadata, data: x.data });
      else r = new NetworkPolicyV1(hub, id, { ...common, metadata: x.metadata, spec: tfPolicy(x.spec) });
      r.overrideLogicalId(o.key);
      made.set(`${o.type}.${o.key}`, r);
    }
  }
  // The hub's contract for city projects: ours publishes the province's model there; the peer publishes
  // the output too, with a smaller value (test/bench/peers.test.ts compares output names, not values).
  new TerraformOutput(hub, 'contract', {
    description: 'The hub contract city projects build on (PublishedHub)',
    value: { schemaVersion: 1, province: spec.province, registry: spec.registry },
  });
  for (const ind of spec.industries) {
    const stack = stackWithBackend(app, `${spec.province}-${ind.code}`);
    stack.addDependency(hub);
    const providers = spec.clusters.map((c) => [c, provider(stack, c)] as const);
    for (const t of ind.tenants) {
      for (const [c, p] of providers) tenantObjects(stack, p, spec, ind, t, c);
    }
  }
}

/** The objects of one department on one cluster (ten, eleven with an auditors group). */
function tenantObjects(stack: TerraformStack, p: KubernetesProvider, spec: BenchSpec, ind: BenchIndustry, t: BenchTenant, c: BenchCluster): void {
  const key = `${t.code}--${c.name}`;
  const ns = new NamespaceV1(stack, key, { provider: p, metadata: { name: t.code, ...tenantNamespace(spec, ind, t, c) } });
  ns.overrideLogicalId(key);
  const meta = (name: string) => ({ name, namespace: t.code, labels: tenantLabels(t) });
  const common = { provider: p, dependsOn: [ns] };
  new ResourceQuotaV1(stack, `quota:${key}`, { ...common, metadata: meta('tenant-quota'), spec: { hard: quotaHard(t) } }).overrideLogicalId(key);
  new LimitRangeV1(stack, `limits:${key}`, { ...common, metadata: meta('tenant-defaults'), spec: { limit: [CONTAINER_DEFAULTS] } }).overrideLogicalId(key);
  for (const policy of networkPolicies()) {
    new NetworkPolicyV1(stack, `netpol:${key}--${policy.name}`, { ...common, metadata: meta(policy.name), spec: tfPolicy(policy.spec) }).overrideLogicalId(`${key}--${policy.name}`);
  }
  new ServiceAccountV1(stack, `sa:${key}--deployer`, { ...common, metadata: meta('deployer'), automountServiceAccountToken: false }).overrideLogicalId(`${key}--deployer`);
  for (const b of roleBindings(t)) {
    new RoleBindingV1(stack, `binding:${key}--${b.part}`, {
      ...common,
      metadata: meta(`tenant-${b.part}`),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.role },
      subject: b.subjects,
    }).overrideLogicalId(`${key}--${b.part}`);
  }
}
