/**
 * The cdk8s peer: the same Kubernetes objects as ours, emitted as manifests by cdk8s `ApiObject`s, one
 * chart (one YAML file) per stack and cluster, the layout a GitOps repository would sync per cluster. This is
 * what a team choosing cdk8s + GitOps instead of Terraform would run; test/bench/peers.test.ts proves the
 * objects correspond to ours one for one.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { BenchCluster, BenchIndustry, BenchSpec, BenchTenant } from './spec';

/** A Kubernetes object as written to a manifest. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** The objects of one chart: one stack's objects on one cluster. */
export interface ChartObjects {
  /** `<stack>--<cluster>`, the name of the YAML file. */
  readonly chart: string;
  readonly objects: Manifest[];
}

const MANAGED = { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'app.kubernetes.io/part-of': 'gov-landing-zone' };
const RBAC = 'rbac.authorization.k8s.io';

function psa(level: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

/** Every object of the province, grouped by chart. */
export function provinceManifests(spec: BenchSpec): ChartObjects[] {
  const charts: ChartObjects[] = [];
  for (const c of spec.clusters) {
    const zones = [
      { name: 'gov-lz-gateway', zone: 'dmz', level: 'restricted' },
      { name: 'gov-lz-system', zone: 'mgmt', level: 'baseline' },
    ];
    charts.push({
      chart: `${spec.province}-platform-${c.name}--${c.name}`,
      objects: zones.map((z) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: z.name, labels: { ...MANAGED, 'gov-lz.io/province': spec.province, 'gov-lz.io/zone': z.zone, 'gov-lz.io/mlps-level': '3', ...psa(z.level) } },
      })),
    });
  }
  for (const ind of spec.industries) {
    for (const c of spec.clusters) {
      charts.push({ chart: `${spec.province}-${ind.code}--${c.name}`, objects: ind.tenants.flatMap((t) => tenantManifests(spec, ind, t, c)) });
    }
  }
  return charts;
}

/** The objects of one department on one cluster (ten, eleven with an auditors group). */
function tenantManifests(spec: BenchSpec, ind: BenchIndustry, t: BenchTenant, _c: BenchCluster): Manifest[] {
  const labels = { ...MANAGED, 'gov-lz.io/tenant': t.code };
  const meta = (name: string) => ({ name, namespace: t.code, labels });
  const q = t.quota;
  const policy = (name: string, policySpec: Record<string, unknown>): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec: policySpec,
  });
  const binding = (part: string, role: string, subjects: Array<Record<string, string>>): Manifest => ({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: meta(`tenant-${part}`),
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects,
  });
  const groups = (names: string[]) => names.map((name) => ({ kind: 'Group', name, apiGroup: RBAC }));
  const out: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
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
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
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
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('tenant-defaults'),
      spec: { limits: [{ type: 'Container', default: { cpu: '1', memory: '1024Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
    },
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    }),
    policy('allow-from-gateway', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gov-lz-gateway' } } }],
          ports: [
            { port: 8080, protocol: 'TCP' },
            { port: 8443, protocol: 'TCP' },
          ],
        },
      ],
    }),
  ];
  if (t.admins.length > 0) out.push(binding('admins', 'admin', groups(t.admins)));
  if (t.viewers.length > 0) out.push(binding('viewers', 'view', groups(t.viewers)));
  out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('deployer'), automountServiceAccountToken: false });
  out.push(binding('deployer', 'edit', [{ kind: 'ServiceAccount', name: 'deployer', namespace: t.code }]));
  return out;
}

/** Builds the province of `spec` as a cdk8s app: one `Chart` per stack and cluster, one `ApiObject` per object. */
export function buildCdk8s(app: App, spec: BenchSpec): number {
  let objects = 0;
  for (const { chart, objects: list } of provinceManifests(spec)) {
    const scope = new Chart(app, chart);
    for (const m of list) {
      new ApiObject(scope, `${m.kind}-${m.metadata.namespace ?? ''}-${m.metadata.name}`, m);
      objects++;
    }
  }
  return objects;
}
