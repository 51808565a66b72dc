/**
 * The cdk8s peer: the same Kubernetes objects as ours, emitted as manifests by cdk8s `ApiObject`s, one
 * chart (one YAML file) per stack and cluster, the layout a GitOps repository would sync per cluster. This is
 * what a team choosing cdk8s + GitOps instead of Terraform would run; test/bench/peers.test.ts proves the
 * objects correspond to ours one for one.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  CONTAINER_DEFAULTS,
  hubAdminRoles,
  hubComplianceObjects,
  hubAdmissionPolicies,
  networkPolicies,
  platformNamespaces,
  platformPolicies,
  quotaHard,
  RBAC_GROUP,
  roleBindings,
  tenantLabels,
  tenantNamespace,
} from './objects';
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

/** Every object of the province, grouped by chart. */
export function provinceManifests(spec: BenchSpec): ChartObjects[] {
  const charts: ChartObjects[] = spec.clusters.flatMap((c) => [
    {
      chart: `${spec.province}-platform-${c.name}--${c.name}`,
      objects: [
        ...platformNamespaces(spec, c).map((metadata) => ({ apiVersion: 'v1', kind: 'Namespace', metadata })),
        ...platformPolicies().map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace, labels: p.labels }, spec: p.spec })),
      ],
    },
    {
      chart: `${spec.province}-hub--${c.name}`,
      objects: [
        ...hubAdmissionPolicies(spec).flatMap((a) => [a.policy, a.binding]),
        ...hubAdminRoles(spec).flatMap((a) => [
          { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', ...a.role },
          { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRoleBinding', ...a.binding },
        ]),
        ...hubComplianceObjects(spec, c).map((o) => o.object as Manifest),
      ],
    },
  ]);
  for (const ind of spec.industries) {
    for (const c of spec.clusters) {
      charts.push({ chart: `${spec.province}-${ind.code}--${c.name}`, objects: ind.tenants.flatMap((t) => tenantManifests(spec, ind, t, c)) });
    }
  }
  return charts;
}

/** The objects of one department on one cluster (ten, eleven with an auditors group). */
function tenantManifests(spec: BenchSpec, ind: BenchIndustry, t: BenchTenant, c: BenchCluster): Manifest[] {
  const meta = (name: string) => ({ name, namespace: t.code, labels: tenantLabels(t) });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.code, ...tenantNamespace(spec, ind, t, c) } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('tenant-quota'), spec: { hard: quotaHard(t) } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: meta('tenant-defaults'), spec: { limits: [CONTAINER_DEFAULTS] } },
    ...networkPolicies().map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(p.name), spec: p.spec })),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('deployer'), automountServiceAccountToken: false },
    ...roleBindings(t).map((b) => ({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: meta(`tenant-${b.part}`),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.role },
      subjects: b.subjects,
    })),
  ];
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
