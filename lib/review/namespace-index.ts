/**
 * The Kubernetes objects of a synthesized output, indexed by cluster and namespace: what the province review and the
 * middleware review read isolation, backups and instances from.
 */
import { Labels } from '../schema/labels';
import type { SynthOutput } from './inputs';

/** The label of the hub's administrator ClusterRoles and their bindings (the compliance layer's 三权分立 roles). */
const ADMIN_ROLE_LABEL = Labels.ADMIN_ROLE;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function first(x: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(x)) return isObject(x[0]) ? x[0] : undefined;
  return isObject(x) ? x : undefined;
}

/** A CloudNativePG `Cluster` as found in a stack. */
export interface PgClusterFound {
  /** The Kubernetes cluster (provider alias). */
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  /** `spec.replica` of a distributed topology: this instance's name, the primary's, the one it follows. */
  readonly replica?: { self?: string; primary?: string; source?: string };
  /** `spec.externalClusters` by name: where each instance is reached from the other sites. */
  readonly external: ReadonlyMap<string, { host?: string; port?: string }>;
  /** `spec.backup.barmanObjectStore.destinationPath`: the WAL archive. */
  readonly walArchive?: string;
}

function pgCluster(cluster: string, namespace: string, name: string, spec: Record<string, unknown>): PgClusterFound {
  const replica = isObject(spec.replica) ? spec.replica : undefined;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const external = new Map<string, { host?: string; port?: string }>();
  for (const e of Array.isArray(spec.externalClusters) ? spec.externalClusters : []) {
    if (!isObject(e) || typeof e.name !== 'string') continue;
    const cp = isObject(e.connectionParameters) ? e.connectionParameters : {};
    external.set(e.name, { host: str(cp.host), port: cp.port === undefined ? undefined : String(cp.port) });
  }
  const store = isObject(spec.backup) && isObject(spec.backup.barmanObjectStore) ? spec.backup.barmanObjectStore : undefined;
  return {
    cluster,
    namespace,
    name,
    replica: replica ? { self: str(replica.self), primary: str(replica.primary), source: str(replica.source) } : undefined,
    external,
    walArchive: str(store?.destinationPath),
  };
}

/** Kubernetes objects of the synthesized stacks, by cluster (provider alias) and namespace. */
export class NamespaceIndex {
  /** `<cluster>\0<namespace>` → namespace body */
  public readonly namespaces = new Map<string, Record<string, unknown>>();
  /** `<cluster>\0<namespace>` → objects in it */
  public readonly objects = new Map<string, Array<{ type: string; body: Record<string, unknown> }>>();
  /** ClusterRoleBindings other than the hub's administrator roles (三权分立, labelled `gov-lz.io/admin-role`). */
  public clusterRoleBindings = 0;
  /** Bindings of the hub's system, security and audit administrator roles, which the compliance pack checks (MLPS3-25). */
  public adminRoleBindings = 0;
  /** `<cluster>\0<namespace>` → Velero schedules backing the namespace up (their `includedNamespaces`). */
  public readonly schedules = new Map<string, Array<{ name: string; cron?: string; storageLocation?: string }>>();
  /** cluster → names of ValidatingAdmissionPolicyBindings that deny (`validationActions` holds Deny). */
  public readonly denyBindings = new Map<string, Set<string>>();
  /** Names of every `kubernetes_manifest` (instances of offerings are `<offering>--<cluster>`). */
  public readonly manifestNames = new Set<string>();
  /** CloudNativePG `Cluster` objects. */
  public readonly pgClusters: PgClusterFound[] = [];
  /** CloudNativePG `ScheduledBackup` objects. */
  public readonly pgBackups: Array<{ cluster: string; namespace: string; of: string; schedule?: string }> = [];

  constructor(out: SynthOutput) {
    for (const stack of out.stacks.values()) {
      for (const r of stack.resources.values()) {
        if (!r.type.startsWith('kubernetes_')) continue;
        const cluster = r.provider?.startsWith('kubernetes.') ? r.provider.slice('kubernetes.'.length) : '';
        const manifest = r.type === 'kubernetes_manifest' && isObject(r.body.manifest) ? r.body.manifest : undefined;
        const meta = first(manifest ? manifest.metadata : r.body.metadata);
        if (r.type === 'kubernetes_namespace_v1' || r.type === 'kubernetes_namespace') {
          if (typeof meta?.name === 'string') this.namespaces.set(`${cluster}\u0000${meta.name}`, r.body);
          continue;
        }
        if (manifest) {
          this.manifestNames.add(r.name);
          this.indexManifest(cluster, manifest, meta);
        }
        if (r.type === 'kubernetes_cluster_role_binding_v1' || r.type === 'kubernetes_cluster_role_binding') {
          const labels = isObject(meta?.labels) ? meta!.labels : {};
          if (typeof (labels as Record<string, unknown>)[ADMIN_ROLE_LABEL] === 'string') this.adminRoleBindings += 1;
          else this.clusterRoleBindings += 1;
        }
        if (typeof meta?.namespace !== 'string') continue;
        const k = `${cluster}\u0000${meta.namespace}`;
        let list = this.objects.get(k);
        if (!list) this.objects.set(k, (list = []));
        list.push({ type: r.type, body: r.body });
      }
    }
  }

  private indexManifest(cluster: string, m: Record<string, unknown>, meta: Record<string, unknown> | undefined): void {
    const spec = isObject(m.spec) ? m.spec : {};
    if (m.kind === 'Schedule' && String(m.apiVersion).startsWith('velero.io/')) {
      const template = isObject(spec.template) ? spec.template : {};
      const included = Array.isArray(template.includedNamespaces) ? template.includedNamespaces : [];
      for (const ns of included) {
        const k = `${cluster}\u0000${ns}`;
        const entry = {
          name: String(meta?.name ?? '?'),
          cron: typeof spec.schedule === 'string' ? spec.schedule : undefined,
          storageLocation: typeof template.storageLocation === 'string' ? template.storageLocation : undefined,
        };
        this.schedules.set(k, [...(this.schedules.get(k) ?? []), entry]);
      }
    }
    if (String(m.apiVersion).startsWith('postgresql.cnpg.io/') && typeof meta?.namespace === 'string') {
      if (m.kind === 'Cluster') this.pgClusters.push(pgCluster(cluster, meta.namespace, String(meta.name ?? '?'), spec));
      if (m.kind === 'ScheduledBackup') {
        this.pgBackups.push({ cluster, namespace: meta.namespace, of: String(first(spec.cluster)?.name ?? '?'), schedule: typeof spec.schedule === 'string' ? spec.schedule : undefined });
      }
    }
    if (m.kind === 'ValidatingAdmissionPolicyBinding' && Array.isArray(spec.validationActions) && spec.validationActions.includes('Deny')) {
      const set = this.denyBindings.get(cluster) ?? new Set<string>();
      set.add(String(spec.policyName ?? meta?.name ?? '?'));
      this.denyBindings.set(cluster, set);
    }
  }
}
