/**
 * What each Kubernetes object of the benchmark province holds, written once for both peers (raw-cdktf.ts
 * and cdk8s.ts), in Kubernetes' own field names. The peers only decide how the objects are emitted.
 */
import { AdminRole, AUDIT_NAMESPACE, TERRAFORM_BINDING } from '../lib/compliance/admin-roles';
import { auditSettings } from '../lib/compliance/audit-policy';
import { AUDIT_BACKEND_CONFIGMAP, AUDIT_STORE_CLAIM } from '../lib/compliance/audit-store';
import { BACKUP_HOOKS_POLICY_NAME, backupHooksPolicy } from '../lib/compliance/backup-hooks-policy';
import { SECURITY_ADMIN_POLICY_NAME, securityAdminPolicy } from '../lib/compliance/security-admin-policy';
import { countQuantity, cpuQuantity, giQuantity } from '../lib/core/quantities';
import { MANAGED_OBJECTS_POLICY_NAME, managedObjectsPolicy, NAMESPACE_LABELS_POLICY_NAME, namespaceLabelsPolicy } from '../lib/tenancy/managed-objects-policy';
import { BenchCluster, BenchIndustry, BenchSpec, BenchTenant } from './spec';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const MANAGED = { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'app.kubernetes.io/part-of': 'gov-landing-zone' };

function podSecurity(level: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

/** The city of a cluster's site: namespaces say where their data lies (`gov-lz.io/data-location`). */
function cityOf(spec: BenchSpec, c: BenchCluster): string {
  return spec.sites.find((s) => s.name === c.site)!.city;
}

/** The hub's namespaces on a cluster (platform stack), with their labels. */
export function platformNamespaces(spec: BenchSpec, c: BenchCluster): Array<{ name: string; labels: Record<string, string> }> {
  return [
    { name: 'gov-lz-gateway', zone: 'dmz', level: 'restricted' },
    { name: 'gov-lz-system', zone: 'mgmt', level: 'baseline' },
  ].map((z) => ({
    name: z.name,
    labels: { ...MANAGED, 'gov-lz.io/province': spec.province, 'gov-lz.io/zone': z.zone, 'gov-lz.io/mlps-level': '3', 'gov-lz.io/data-location': cityOf(spec, c), ...podSecurity(z.level) },
  }));
}

/**
 * The hub's policies of its management namespace on a cluster (platform stack): default-deny ingress, its own pods
 * in. No operator with webhooks runs in the benchmark province, so no rule admits the API server.
 */
export function platformPolicies(): Array<{ name: string; namespace: string; labels: Record<string, string>; spec: PolicySpec }> {
  return [
    { name: 'default-deny-ingress', spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    { name: 'allow-same-namespace', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } },
  ].map((p) => ({ ...p, namespace: 'gov-lz-system', labels: { ...MANAGED } }));
}

/** Labels on every object of a department. */
export function tenantLabels(t: BenchTenant): Record<string, string> {
  return { ...MANAGED, 'gov-lz.io/tenant': t.code };
}

/** The department's namespace on a cluster: labels and display-name annotations. */
export function tenantNamespace(spec: BenchSpec, ind: BenchIndustry, t: BenchTenant, c: BenchCluster): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: {
      ...tenantLabels(t),
      'gov-lz.io/province': spec.province,
      'gov-lz.io/industry': ind.code,
      'gov-lz.io/data-class': ind.dataClass,
      'gov-lz.io/mlps-level': '3',
      'gov-lz.io/zone': 'app',
      'gov-lz.io/cloud': 'private',
      'gov-lz.io/data-location': cityOf(spec, c),
      ...podSecurity('restricted'),
    },
    annotations: { 'gov-lz.io/display-name': t.displayName, 'gov-lz.io/industry-display-name': ind.displayName },
  };
}

/** ResourceQuota `spec.hard`. */
export function quotaHard(t: BenchTenant): Record<string, string> {
  const q = t.quota;
  // The canonical quantities the API server reads back (a peer that wrote `1024Gi` would plan a change every time).
  return {
    'requests.cpu': cpuQuantity(q.cpu),
    'limits.cpu': cpuQuantity(q.cpu),
    'requests.memory': giQuantity(q.memoryGi),
    'limits.memory': giQuantity(q.memoryGi),
    'services.nodeports': '0',
    'services.loadbalancers': '0',
    'requests.storage': giQuantity(q.storageGi),
    pods: countQuantity(q.pods),
  };
}

/** The LimitRange's container defaults. */
export const CONTAINER_DEFAULTS = { type: 'Container', default: { cpu: '1', memory: '1Gi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } };

interface PolicyPeer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: Array<{ port: number; protocol: string }>;
}
/** A NetworkPolicy spec in Kubernetes' form (ports as numbers). */
export interface PolicySpec {
  podSelector: Record<string, never>;
  policyTypes: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

const byName = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });

/** The four NetworkPolicies of every department namespace: default deny, same namespace, DNS, from the gateway. */
export function networkPolicies(): Array<{ name: string; spec: PolicySpec }> {
  return [
    { name: 'default-deny', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { name: 'allow-same-namespace', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] } },
    {
      name: 'allow-dns',
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: byName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
    },
    {
      name: 'allow-from-gateway',
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: byName('gov-lz-gateway') }],
            ports: [
              { port: 8080, protocol: 'TCP' },
              { port: 8443, protocol: 'TCP' },
            ],
          },
        ],
      },
    },
  ];
}

/** The RoleBindings of a department (`tenant-<part>`): admins, viewers when it has some, and the deployer. */
export function roleBindings(t: BenchTenant): Array<{ part: string; role: string; subjects: Array<{ kind: string; name: string; apiGroup?: string; namespace?: string }> }> {
  const groups = (names: string[]) => names.map((name) => ({ kind: 'Group', name, apiGroup: RBAC_GROUP }));
  const out = [];
  if (t.admins.length > 0) out.push({ part: 'admins', role: 'admin', subjects: groups(t.admins) });
  if (t.viewers.length > 0) out.push({ part: 'viewers', role: 'view', subjects: groups(t.viewers) });
  out.push({ part: 'deployer', role: 'edit', subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: t.code }] });
  return out;
}

/** A cluster-scoped admission object, as written to a manifest. */
export type AdmissionObject = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; labels: Record<string, string> };
  readonly spec: Record<string, unknown>;
};

/**
 * The hub's admission policies on every cluster (hub stack): images only from the hub registry in department
 * namespaces, and ARM64 nodes where an industry cloud requires domestic hardware. Each is a
 * ValidatingAdmissionPolicy and its binding.
 */
export function hubAdmissionPolicies(spec: BenchSpec): Array<{ name: string; policy: AdmissionObject; binding: AdmissionObject }> {
  const admission = 'admissionregistration.k8s.io/v1';
  const podRules = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'] }] };
  const registry = `${spec.registry}/`;
  const policies = [
    {
      name: 'gov-lz-domestic-hardware',
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: podRules,
        validations: [
          {
            expression: "has(object.spec.nodeSelector) && 'kubernetes.io/arch' in object.spec.nodeSelector && object.spec.nodeSelector['kubernetes.io/arch'] == 'arm64'",
            message:
              'this namespace requires domestic hardware (信创): the pod must select kubernetes.io/arch: arm64 (the PodNodeSelector admission plugin adds it from the namespace annotation scheduler.alpha.kubernetes.io/node-selector)',
            reason: 'Forbidden',
          },
        ],
      },
      bindTo: { matchLabels: { 'gov-lz.io/domestic-hardware': 'required' } },
    },
    {
      name: 'gov-lz-registry-allow-list',
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: podRules,
        variables: [
          { name: 'allowedPrefix', expression: `'${registry}'` },
          {
            name: 'images',
            expression:
              'object.spec.containers.map(c, c.image) + (has(object.spec.initContainers) ? object.spec.initContainers.map(c, c.image) : []) + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers.map(c, c.image) : [])',
          },
        ],
        validations: [
          {
            expression: 'variables.images.all(image, image.startsWith(variables.allowedPrefix))',
            message: `every image must come from the hub registry: its reference must start with ${registry}`,
            messageExpression:
              "'images must come from ' + variables.allowedPrefix + ' (the hub registry); not allowed: ' + variables.images.filter(image, !image.startsWith(variables.allowedPrefix)).join(', ')",
            reason: 'Forbidden',
          },
        ],
      },
      bindTo: { matchExpressions: [{ key: 'gov-lz.io/tenant', operator: 'Exists' }] },
    },
  ];
  const platform = { groups: [`${spec.province}-system-admins`, `${spec.province}-security-admins`] };
  const protect = managedObjectsPolicy(platform);
  const labels = namespaceLabelsPolicy(platform);
  const hooks = backupHooksPolicy([`${spec.province}-system-admins`]);
  const admins = ['system', 'security', 'audit'].map((r) => `${spec.province}-${r}-admins`);
  const limits = securityAdminPolicy({ security: [`${spec.province}-security-admins`], administrators: [...admins, `${spec.province}-terraform`] });
  return [
    ...policies.map((p) => ({
      name: p.name,
      policy: { apiVersion: admission, kind: 'ValidatingAdmissionPolicy', metadata: { name: p.name, labels: MANAGED }, spec: p.spec },
      binding: {
        apiVersion: admission,
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: p.name, labels: MANAGED },
        spec: { policyName: p.name, validationActions: ['Deny'], matchResources: { namespaceSelector: p.bindTo } },
      },
    })),
    // The library's own policy (its CEL is not what the peers measure): tenants cannot change what the landing zone manages.
    { name: MANAGED_OBJECTS_POLICY_NAME, policy: protect.policy as AdmissionObject, binding: protect.binding as AdmissionObject },
    // …nor the landing-zone labels of their namespaces.
    { name: NAMESPACE_LABELS_POLICY_NAME, policy: labels.policy as AdmissionObject, binding: labels.binding as AdmissionObject },
    // The compliance layer's: no Velero hooks for the system administrators (三权分立).
    { name: BACKUP_HOOKS_POLICY_NAME, policy: hooks.policy as AdmissionObject, binding: hooks.binding as AdmissionObject },
    // …and no self-granting for the security administrators.
    { name: SECURITY_ADMIN_POLICY_NAME, policy: limits.policy as AdmissionObject, binding: limits.binding as AdmissionObject },
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The hub's administrator roles on every cluster (hub stack): the compliance layer's 三权分立, a ClusterRole and its
 * binding for each of the system, security and audit administrators, bound to the default groups
 * `<province>-<role>-admins`. The rules are the library's own (AdminRole), so the peers grant exactly the same rights.
 */
export function hubAdminRoles(spec: BenchSpec): Array<{
  key: string;
  role: {
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>;
  };
  binding: { metadata: { name: string; labels: Record<string, string> }; roleRef: { apiGroup: string; kind: string; name: string }; subjects: Array<{ kind: string; name: string; apiGroup: string }> };
}> {
  return AdminRole.all().map((r) => {
    const labels = { ...MANAGED, 'gov-lz.io/admin-role': r.value };
    return {
      key: `gov-lz-${r.value}-admin`,
      role: {
        metadata: { name: r.roleName, labels, annotations: { 'gov-lz.io/display-name': r.chineseName } },
        rules: r.rules.map((x) => ({ apiGroups: [...x.apiGroups], resources: [...x.resources], verbs: [...x.verbs], ...(x.resourceNames ? { resourceNames: [...x.resourceNames] } : {}) })),
      },
      binding: {
        metadata: { name: r.roleName, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: r.roleName },
        subjects: [{ kind: 'Group', name: `${spec.province}-${r.value}-admins`, apiGroup: RBAC_GROUP }],
      },
    };
  });
}

/** A Kubernetes object in the API's own field names. */
export interface BenchObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/**
 * What the hub's compliance adds on every cluster besides the three ClusterRoles (hub stack), keyed by Terraform
 * address: the administrators' Roles and RoleBindings in the platform and audit namespaces, the Terraform identity's
 * binding to cluster-admin, and the audit log store (namespace, claim sized for 185 days of 1 GiB, backend
 * declaration, default deny). `dependsOn` names the key of the object it waits for.
 */
export function hubComplianceObjects(spec: BenchSpec, c: BenchCluster): Array<{ key: string; type: string; object: BenchObject; dependsOn?: string; waitUntilBound?: boolean }> {
  const out: Array<{ key: string; type: string; object: BenchObject; dependsOn?: string; waitUntilBound?: boolean }> = [];
  const audit = auditSettings(undefined, [`${spec.province}-terraform`]);
  const ns = `${AUDIT_NAMESPACE}--${c.name}`;
  const nsKey = `kubernetes_namespace_v1.${ns}`;
  out.push({
    key: ns,
    type: 'kubernetes_namespace_v1',
    object: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: AUDIT_NAMESPACE,
        labels: { ...MANAGED, 'gov-lz.io/province': spec.province, 'gov-lz.io/zone': 'mgmt', 'gov-lz.io/mlps-level': '3', 'gov-lz.io/data-location': cityOf(spec, c), ...podSecurity('restricted') },
      },
    },
  });
  for (const r of AdminRole.all()) {
    const labels = { ...MANAGED, 'gov-lz.io/admin-role': r.value };
    for (const scoped of r.namespaceRules) {
      for (const namespace of scoped.namespaces) {
        const key = `${namespace}--gov-lz-${r.value}-admin--${c.name}`;
        out.push({
          key,
          type: 'kubernetes_role_v1',
          ...(namespace === AUDIT_NAMESPACE ? { dependsOn: nsKey } : {}),
          object: {
            apiVersion: `${RBAC_GROUP}/v1`,
            kind: 'Role',
            metadata: { name: r.roleName, namespace, labels, annotations: { 'gov-lz.io/display-name': r.chineseName } },
            rules: scoped.rules.map((x) => ({ apiGroups: [...x.apiGroups], resources: [...x.resources], verbs: [...x.verbs] })),
          },
        });
        out.push({
          key,
          type: 'kubernetes_role_binding_v1',
          dependsOn: `kubernetes_role_v1.${key}`,
          object: {
            apiVersion: `${RBAC_GROUP}/v1`,
            kind: 'RoleBinding',
            metadata: { name: r.roleName, namespace, labels },
            roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: r.roleName },
            subjects: [{ kind: 'Group', name: `${spec.province}-${r.value}-admins`, apiGroup: RBAC_GROUP }],
          },
        });
      }
    }
  }
  out.push({
    key: `gov-lz-terraform--${c.name}`,
    type: 'kubernetes_cluster_role_binding_v1',
    object: {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: TERRAFORM_BINDING, labels: { ...MANAGED, 'gov-lz.io/admin-role': 'terraform' }, annotations: { 'gov-lz.io/display-name': '部署身份 (Terraform, break-glass)' } },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: `${spec.province}-terraform`, apiGroup: RBAC_GROUP }],
    },
  });
  out.push({
    key: `${ns}--${AUDIT_STORE_CLAIM}`,
    type: 'kubernetes_persistent_volume_claim_v1',
    dependsOn: nsKey,
    waitUntilBound: false,
    object: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: AUDIT_STORE_CLAIM,
        namespace: AUDIT_NAMESPACE,
        labels: MANAGED,
        annotations: { 'gov-lz.io/sized-for': `${audit.dailyVolumeMi} MiB/day x ${audit.logRetentionDays} days x 1.2` },
      },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: giQuantity(audit.storeSizeGi) } } },
    },
  });
  out.push({
    key: `${ns}--${AUDIT_BACKEND_CONFIGMAP}`,
    type: 'kubernetes_config_map_v1',
    dependsOn: nsKey,
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: AUDIT_BACKEND_CONFIGMAP, namespace: AUDIT_NAMESPACE, labels: MANAGED },
      data: {
        'retention-days': String(audit.logRetentionDays),
        'daily-volume-mi': String(audit.dailyVolumeMi),
        'audit-log-maxage': String(audit.apiServerLog.maxAgeDays),
        'audit-log-maxsize': String(audit.apiServerLog.maxSizeMi),
        'audit-log-maxbackup': String(audit.apiServerLog.maxBackups),
        'store-claim': AUDIT_STORE_CLAIM,
        sink: '',
        'policy-file': 'audit-policy.yaml',
      },
    },
  });
  out.push({
    key: `${ns}--default-deny`,
    type: 'kubernetes_network_policy_v1',
    dependsOn: nsKey,
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: AUDIT_NAMESPACE, labels: MANAGED },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  });
  return out;
}
