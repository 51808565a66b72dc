/**
 * The raw-cdktf peer: the benchmark province written by hand with the provider classes, one resource
 * construct per Kubernetes object, in plain `TerraformStack`s split like ours (platform stack per cluster,
 * hub stack, one stack per industry cloud). It is what a team would write without this library, and it must
 * produce the same resources as ours (test/bench/peers.test.ts proves it on a small province).
 */
import * as path from 'path';
import { App, LocalBackend, TerraformStack, TerraformOutput } from 'cdktf';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1, RoleBindingV1Subject } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { BenchCluster, BenchIndustry, BenchSpec, BenchTenant } from './spec';

const MANAGED = { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'app.kubernetes.io/part-of': 'gov-landing-zone' };

function psa(level: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

function stackWithBackend(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  // A path relative to the stack's working directory, as our StateBackend.local() writes it.
  const workingDir = path.resolve(app.outdir, 'stacks', id);
  new LocalBackend(stack, { path: path.relative(workingDir, path.resolve(`terraform.${id}.tfstate`)).split(path.sep).join('/') });
  return stack;
}

function provider(stack: TerraformStack, c: BenchCluster): KubernetesProvider {
  return new KubernetesProvider(stack, `kubernetes-${c.name}`, { alias: c.name, configPath: '~/.kube/config', configContext: c.context });
}

/** Builds the province of `spec` in `app` with one provider resource construct per Kubernetes object. */
export function buildRawCdktf(app: App, spec: BenchSpec): void {
  const hub = stackWithBackend(app, `${spec.province}-hub`);
  for (const c of spec.clusters) {
    const stack = stackWithBackend(app, `${spec.province}-platform-${c.name}`);
    const p = provider(stack, c);
    const zones = [
      { name: 'gov-lz-gateway', zone: 'dmz', level: 'restricted' },
      { name: 'gov-lz-system', zone: 'mgmt', level: 'baseline' },
    ];
    for (const z of zones) {
      new NamespaceV1(stack, `${z.name}--${c.name}`, {
        provider: p,
        metadata: {
          name: z.name,
          labels: { ...MANAGED, 'gov-lz.io/province': spec.province, 'gov-lz.io/zone': z.zone, 'gov-lz.io/mlps-level': '3', ...psa(z.level) },
        },
      }).overrideLogicalId(`${z.name}--${c.name}`);
    }
    hub.addDependency(stack);
  }
  new TerraformOutput(hub, 'contract', {
    description: 'The hub contract city projects build on (PublishedHub)',
    value: {
      schemaVersion: 1,
      province: spec.province,
      displayName: spec.displayName,
      registry: spec.registry,
      mlpsLevel: 3,
      gatewayNamespace: 'gov-lz-gateway',
      sites: spec.sites.map((s) => ({ name: s.name, city: s.city, role: s.role, region: '', displayName: s.name })),
      clusters: spec.clusters.map((c) => ({ name: c.name, site: c.site, cloud: 'PRIVATE', arch: 'arm64', displayName: c.name })),
    },
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
  const labels = { ...MANAGED, 'gov-lz.io/tenant': t.code };
  const ns = new NamespaceV1(stack, key, {
    provider: p,
    metadata: {
      name: t.code,
      labels: {
        ...labels,
        'gov-lz.io/province': spec.province,
        'gov-lz.io/industry': ind.code,
        'gov-lz.io/data-class': ind.dataClass,
        'gov-lz.io/mlps-level': '3',
        'gov-lz.io/zone': 'app',
        'gov-lz.io/cloud': 'private',
        ...psa('restricted'),
      },
      annotations: { 'gov-lz.io/display-name': t.displayName, 'gov-lz.io/industry-display-name': ind.displayName },
    },
  });
  ns.overrideLogicalId(key);
  const meta = (name: string) => ({ name, namespace: t.code, labels });
  const q = t.quota;
  new ResourceQuotaV1(stack, `quota:${key}`, {
    provider: p,
    dependsOn: [ns],
    metadata: meta('tenant-quota'),
    spec: {
      hard: {
        'requests.cpu': String(q.cpu),
        'limits.cpu': String(q.cpu),
        'requests.memory': `${q.memoryGi}Gi`,
        'limits.memory': `${q.memoryGi}Gi`,
        'services.nodeports': '0',
        'services.loadbalancers': '0',
        'requests.storage': `${q.storageGi}Gi`,
        pods: String(q.pods),
      },
    },
  }).overrideLogicalId(key);
  new LimitRangeV1(stack, `limits:${key}`, {
    provider: p,
    dependsOn: [ns],
    metadata: meta('tenant-defaults'),
    spec: { limit: [{ type: 'Container', default: { cpu: '1', memory: '1024Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
  }).overrideLogicalId(key);
  const policy = (name: string, policySpec: NetworkPolicyV1Spec) =>
    new NetworkPolicyV1(stack, `netpol:${key}--${name}`, { provider: p, dependsOn: [ns], metadata: meta(name), spec: policySpec }).overrideLogicalId(`${key}--${name}`);
  policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  policy('allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
  policy('allow-dns', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: '53', protocol: 'UDP' },
          { port: '53', protocol: 'TCP' },
        ],
      },
    ],
  });
  policy('allow-from-gateway', {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gov-lz-gateway' } } }],
        ports: [
          { port: '8080', protocol: 'TCP' },
          { port: '8443', protocol: 'TCP' },
        ],
      },
    ],
  });
  const binding = (part: string, role: string, subject: RoleBindingV1Subject[]) =>
    new RoleBindingV1(stack, `binding:${key}--${part}`, {
      provider: p,
      dependsOn: [ns],
      metadata: meta(`tenant-${part}`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subject,
    }).overrideLogicalId(`${key}--${part}`);
  const groups = (names: string[]) => names.map((name) => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' }));
  if (t.admins.length > 0) binding('admins', 'admin', groups(t.admins));
  if (t.viewers.length > 0) binding('viewers', 'view', groups(t.viewers));
  new ServiceAccountV1(stack, `sa:${key}--deployer`, { provider: p, dependsOn: [ns], metadata: meta('deployer'), automountServiceAccountToken: false }).overrideLogicalId(
    `${key}--deployer`,
  );
  binding('deployer', 'edit', [{ kind: 'ServiceAccount', name: 'deployer', namespace: t.code }]);
}
