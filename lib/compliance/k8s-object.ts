/**
 * Kubernetes objects as the rules see them, whatever Terraform resource carries them.
 *
 * The kubernetes provider's typed resources (`kubernetes_network_policy_v1`, …) hold a snake_case form of the
 * object with singular block names (`rule`, `subject`, `container`) and single blocks that may be written as
 * one-element lists; `kubernetes_manifest` holds the object itself. Rules are written once, against the
 * Kubernetes form (camelCase, plural lists), and {@link toK8sObject} converts the typed form into it.
 */

/** A Kubernetes object in its API form. */
export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  readonly [field: string]: any;
}

/** Kind of the object each typed resource holds (the provider's names without the `kubernetes_` prefix and `_v1`/`_v2` suffix). */
const TYPED_KINDS: Record<string, { kind: string; apiVersion: string }> = {
  namespace: { kind: 'Namespace', apiVersion: 'v1' },
  network_policy: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
  role: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1' },
  cluster_role: { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1' },
  role_binding: { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' },
  cluster_role_binding: { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' },
  service_account: { kind: 'ServiceAccount', apiVersion: 'v1' },
  resource_quota: { kind: 'ResourceQuota', apiVersion: 'v1' },
  limit_range: { kind: 'LimitRange', apiVersion: 'v1' },
  service: { kind: 'Service', apiVersion: 'v1' },
  pod: { kind: 'Pod', apiVersion: 'v1' },
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1' },
  stateful_set: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  daemon_set: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  daemonset: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  replication_controller: { kind: 'ReplicationController', apiVersion: 'v1' },
  job: { kind: 'Job', apiVersion: 'batch/v1' },
  cron_job: { kind: 'CronJob', apiVersion: 'batch/v1' },
  ingress: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' },
  secret: { kind: 'Secret', apiVersion: 'v1' },
  config_map: { kind: 'ConfigMap', apiVersion: 'v1' },
  storage_class: { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1' },
  persistent_volume: { kind: 'PersistentVolume', apiVersion: 'v1' },
  persistent_volume_claim: { kind: 'PersistentVolumeClaim', apiVersion: 'v1' },
  validating_webhook_configuration: { kind: 'ValidatingWebhookConfiguration', apiVersion: 'admissionregistration.k8s.io/v1' },
  mutating_webhook_configuration: { kind: 'MutatingWebhookConfiguration', apiVersion: 'admissionregistration.k8s.io/v1' },
};

/** Blocks that are lists in Terraform but named in the singular; in Kubernetes they are plural. */
const PLURALS: Record<string, string> = {
  container: 'containers',
  init_container: 'initContainers',
  ephemeral_container: 'ephemeralContainers',
  volume: 'volumes',
  volume_mount: 'volumeMounts',
  volume_device: 'volumeDevices',
  env_from: 'envFrom',
  port: 'ports',
  rule: 'rules',
  subject: 'subjects',
  limit: 'limits',
  toleration: 'tolerations',
  topology_spread_constraint: 'topologySpreadConstraints',
  volume_claim_template: 'volumeClaimTemplates',
  path: 'paths',
  host_aliases: 'hostAliases',
  image_pull_secrets: 'imagePullSecrets',
  webhook: 'webhooks',
  allowed_topologies: 'allowedTopologies',
  readiness_gate: 'readinessGates',
  sysctl: 'sysctls',
  // HorizontalPodAutoscaler v2 (converted by typedToK8sObject only: the rules read no autoscaler).
  metric: 'metrics',
  policy: 'policies',
};

/** Terraform attributes whose value is a free-form map: their keys are user data and are never renamed. */
const MAPS = new Set([
  'labels',
  'annotations',
  'match_labels',
  'data',
  'binary_data',
  'string_data',
  'hard',
  'limits',
  'requests',
  'default',
  'default_request',
  'max',
  'min',
  'max_limit_request_ratio',
  'node_selector',
  'parameters',
  'capacity',
  'selector',
]);

/** Terraform attributes whose names differ from the API beyond camelCase. */
const RENAMES: Record<string, string> = {
  storage_provisioner: 'provisioner',
  automount_service_account_token: 'automountServiceAccountToken',
};

/** The Kubernetes kind a Terraform resource type holds, or undefined when it holds none (or any, for `kubernetes_manifest`). */
export function typedKind(type: string): { kind: string; apiVersion: string } | undefined {
  if (TYPED_CACHE.has(type)) return TYPED_CACHE.get(type);
  const m = /^kubernetes_(.+?)(_v\d+)?$/.exec(type);
  const k = m ? TYPED_KINDS[m[1]] : undefined;
  TYPED_CACHE.set(type, k);
  return k;
}

const TYPED_CACHE = new Map<string, { kind: string; apiVersion: string } | undefined>();

/** `network_policy` → `networkPolicy`. */
export function camel(key: string): string {
  let c = CAMEL.get(key);
  if (c === undefined) {
    c = key.includes('_') ? key.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase()) : key;
    if (CAMEL.size < 10_000) CAMEL.set(key, c);
  }
  return c;
}

const CAMEL = new Map<string, string>();

/** Converts a typed resource's snake_case body into the Kubernetes form. */
function convert(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined));
  if (value === null || typeof value !== 'object') return value;
  if (key !== undefined && MAPS.has(key) && isFlatMap(value as Record<string, unknown>)) return { ...(value as Record<string, unknown>) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    let name = RENAMES[k] ?? camel(k);
    let val = v;
    if (PLURALS[k] && Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) name = PLURALS[k];
    else if (Array.isArray(v) && v.length === 1 && v[0] !== null && typeof v[0] === 'object' && !PLURAL_LISTS.has(k)) {
      // A single block written as a one-element list (HCL-style JSON).
      val = v[0];
    }
    out[name] = convert(val, k);
  }
  return out;
}

/** Lists that stay lists even with one element (Terraform list blocks named in the plural or the API's own lists). */
const PLURAL_LISTS = new Set([
  ...Object.keys(PLURALS),
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'match_expressions',
  'tls',
  'env',
  'items',
  'subjects',
  'rules',
  'policy_types',
  'api_groups',
  'verbs',
  'resource_names',
  'non_resource_urls',
  'cluster_role_selectors',
]);

/** Whether a map holds only scalar values (a free-form map rather than a block that happens to share its name). */
function isFlatMap(v: Record<string, unknown>): boolean {
  return Object.values(v).every((x) => x === null || typeof x !== 'object');
}

/** The Kubernetes object a Terraform resource carries, or undefined when it is not a Kubernetes object. */
export function toK8sObject(type: string, body: Record<string, unknown>): K8sObject | undefined {
  if (type === 'kubernetes_manifest') {
    const m = body.manifest;
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return undefined;
    const obj = m as Record<string, any>;
    if (typeof obj.kind !== 'string') return undefined;
    return { ...obj, kind: obj.kind, metadata: normalMetadata(obj.metadata) };
  }
  const typed = typedKind(type);
  return typed ? typedToK8sObject(typed, body) : undefined;
}

/**
 * The Kubernetes object of a typed resource's body, for a kind given by the caller: {@link toK8sObject} for the kinds
 * the rules read, and for the typed resources they do not read (kubernetes_horizontal_pod_autoscaler_v2) in the validation of emitted objects.
 */
export function typedToK8sObject(typed: { readonly kind: string; readonly apiVersion: string }, body: Record<string, unknown>): K8sObject {
  const converted: Record<string, any> = {};
  for (const [k, v] of Object.entries(body)) {
    if (META_ARGUMENTS.has(k)) continue;
    let val = v;
    if (Array.isArray(v) && v.length === 1 && (k === 'metadata' || k === 'spec' || k === 'role_ref' || k === 'aggregation_rule')) val = v[0];
    const name = RENAMES[k] ?? (PLURALS[k] && Array.isArray(val) ? PLURALS[k] : camel(k));
    converted[name] = convert(val, k);
  }
  return { ...converted, apiVersion: typed.apiVersion, kind: typed.kind, metadata: normalMetadata(converted.metadata) };
}

const META_ARGUMENTS = new Set([
  'provider',
  'depends_on',
  'count',
  'for_each',
  'lifecycle',
  'provisioner',
  'connection',
  'timeouts',
  'wait_for_default_service_account',
  'wait_for_rollout',
  'wait_for_load_balancer',
]);

function normalMetadata(m: unknown): K8sObject['metadata'] {
  const md = (m !== null && typeof m === 'object' ? m : {}) as Record<string, unknown>;
  return {
    ...md,
    name: typeof md.name === 'string' ? md.name : undefined,
    namespace: typeof md.namespace === 'string' ? md.namespace : undefined,
    labels: stringMap(md.labels),
    annotations: stringMap(md.annotations),
  };
}

function stringMap(x: unknown): Record<string, string> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/** Kinds that run pods. */
export const WORKLOAD_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** The pod spec of a workload (the template's for controllers, the job template's for CronJobs). */
export function podSpecOf(obj: K8sObject): Record<string, any> | undefined {
  const spec = obj.spec as Record<string, any> | undefined;
  if (!spec) return undefined;
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'CronJob') return spec.jobTemplate?.spec?.template?.spec;
  return spec.template?.spec;
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(pod: Record<string, any> | undefined): Array<Record<string, any>> {
  if (!pod) return [];
  const all = [...asList(pod.initContainers), ...asList(pod.containers), ...asList(pod.ephemeralContainers)];
  return all.filter((c): c is Record<string, any> => c !== null && typeof c === 'object');
}

/** A value as a list: lists as they are, a single object as a list of one, nothing as empty. */
export function asList(x: unknown): any[] {
  if (Array.isArray(x)) return x;
  if (x === undefined || x === null) return [];
  return [x];
}

/** Whether a value is `true` or the string `"true"` (annotation and config-map style). */
export function isTrue(x: unknown): boolean {
  return x === true || (typeof x === 'string' && x.trim().toLowerCase() === 'true');
}

/** Whether a string is (or holds) a Terraform expression, i.e. a reference rather than a literal. */
export function isExpression(x: unknown): boolean {
  return typeof x === 'string' && x.includes('${');
}
