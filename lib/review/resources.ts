/**
 * What a Terraform resource of the landing zone is, who owns it, and which changes destroy data.
 */
import type { Owner, ResourceKind } from '../schema/review';
import type { InventoryFile } from './inputs';

export type { Owner, ResourceKind } from '../schema/review';

/** How a resource is classified. */
export interface ResourceClass {
  readonly kind: ResourceKind;
  /** Whether deleting it loses data or takes a service away (a namespace, a database, a backup schedule…). */
  readonly destructiveOnDelete: boolean;
  /** What deleting it does, for the reviewer. */
  readonly onDelete: string;
}

const MANIFEST_KINDS: Record<string, Record<string, [ResourceKind, boolean, string]>> = {
  'postgresql.cnpg.io': {
    Cluster: ['database', true, 'deletes the PostgreSQL cluster and its volumes'],
    Database: ['database', true, 'drops the database (with databaseReclaimPolicy delete)'],
    ScheduledBackup: ['backup-schedule', true, 'stops the base backups to the DR centre: once retention removes the last one, the archived WAL can no longer be restored'],
    Backup: ['backup', true, 'deletes a database backup record'],
    Pooler: ['middleware', false, 'removes the connection pooler'],
  },
  'kafka.strimzi.io': {
    Kafka: ['middleware', true, 'deletes the Kafka cluster and its data'],
    KafkaNodePool: ['middleware', true, 'deletes Kafka brokers and their volumes'],
    KafkaTopic: ['middleware', true, 'deletes the topic and its messages'],
    KafkaUser: ['secret', false, 'deletes the Kafka user and its credentials'],
  },
  'redis.redis.opstreelabs.in': {
    '*': ['middleware', true, 'deletes the Redis instance and its data'],
  },
  'admissionregistration.k8s.io': {
    '*': ['admission-policy', false, 'removes an admission guardrail (registry allow-list, placement rule…)'],
  },
  'velero.io': {
    Schedule: ['backup-schedule', true, 'stops the scheduled Velero backups'],
    BackupStorageLocation: ['backup', true, 'removes the backup storage location: backups there can no longer be restored from this cluster'],
    Backup: ['backup', true, 'deletes a Velero backup'],
  },
};

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `apiVersion` group and `kind` of a kubernetes_manifest body (config, or plan `before`/`after`). */
export function manifestKind(body: Record<string, unknown> | undefined): { group: string; kind: string } | undefined {
  const m = body && isObject(body.manifest) ? body.manifest : undefined;
  if (!m || typeof m.kind !== 'string') return undefined;
  const apiVersion = typeof m.apiVersion === 'string' ? m.apiVersion : '';
  return { group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind: m.kind };
}

function manifestSpec(body: Record<string, unknown> | undefined): Record<string, unknown> {
  return body && isObject(body.manifest) && isObject(body.manifest.spec) ? body.manifest.spec : {};
}

/** `spec.replica` of a CloudNativePG Cluster in a distributed topology (one database over several sites). */
function pgReplica(body: Record<string, unknown> | undefined): { self?: unknown; primary?: unknown } | undefined {
  const mk = manifestKind(body);
  if (mk?.group !== 'postgresql.cnpg.io' || mk.kind !== 'Cluster') return undefined;
  const replica = manifestSpec(body).replica;
  return isObject(replica) ? replica : undefined;
}

/** What the body of a custom resource says about deleting it, beyond its kind (a retained database, a primary or replica cluster). */
function manifestSpecifics(mk: { group: string; kind: string }, body: Record<string, unknown>): ResourceClass | undefined {
  const spec = manifestSpec(body);
  if (mk.group === 'postgresql.cnpg.io' && mk.kind === 'Database' && spec.databaseReclaimPolicy === 'retain') {
    return {
      kind: 'database',
      destructiveOnDelete: false,
      onDelete: 'removes the Database object; the database itself is kept (databaseReclaimPolicy retain): drop it by hand once its data is no longer needed',
    };
  }
  const replica = pgReplica(body);
  if (replica && replica.self !== undefined && replica.self === replica.primary) {
    return { kind: 'database', destructiveOnDelete: true, onDelete: 'deletes the primary of a PostgreSQL database spanning sites, and its volumes: writes stop until a replica cluster is promoted' };
  }
  if (replica) {
    return {
      kind: 'database',
      destructiveOnDelete: true,
      onDelete:
        "deletes a replica cluster of a PostgreSQL database spanning sites, and its volumes: the database is left on fewer sites, and losing the primary's site then loses it down to the WAL archive",
    };
  }
  return undefined;
}

/**
 * Why an in-place update still takes a service away or risks data (empty when it does not): a change of the
 * primary of a PostgreSQL database spanning sites is a switchover.
 */
export function updateHazards(type: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  if (type !== 'kubernetes_manifest') return [];
  const a = pgReplica(before);
  const b = pgReplica(after);
  if (a && b && a.primary !== b.primary) {
    return [
      `spec.replica.primary changes (${short(a.primary)} → ${short(b.primary)}): a switchover. If the failover runbook already promoted ${short(b.primary)}, this records it; otherwise applying it demotes ${short(a.primary)} and promotes ${short(b.primary)}: writes stop meanwhile, and with asynchronous replication the last transactions not yet replicated are lost`,
    ];
  }
  return [];
}

/** Classifies a resource by its type (and, for kubernetes_manifest, the custom resource's group and kind). */
export function classifyResource(type: string, body?: Record<string, unknown>): ResourceClass {
  switch (type) {
    case 'kubernetes_namespace_v1':
    case 'kubernetes_namespace':
      return { kind: 'namespace', destructiveOnDelete: true, onDelete: 'deletes the namespace and every object and volume in it' };
    case 'kubernetes_persistent_volume_claim_v1':
    case 'kubernetes_persistent_volume_claim':
      return { kind: 'volume', destructiveOnDelete: true, onDelete: 'deletes the volume claim (and the volume, with reclaim policy Delete)' };
    case 'helm_release':
      return { kind: 'operator', destructiveOnDelete: true, onDelete: 'uninstalls the chart: the operator stops managing what it runs' };
    case 'kubernetes_secret_v1':
    case 'kubernetes_secret':
      return { kind: 'secret', destructiveOnDelete: false, onDelete: 'deletes the secret' };
    case 'kubernetes_network_policy_v1':
    case 'kubernetes_network_policy':
      return { kind: 'network-policy', destructiveOnDelete: false, onDelete: 'removes the network policy' };
    case 'kubernetes_role_binding_v1':
    case 'kubernetes_cluster_role_binding_v1':
    case 'kubernetes_role_v1':
    case 'kubernetes_cluster_role_v1':
    case 'kubernetes_service_account_v1':
      return { kind: 'rbac', destructiveOnDelete: false, onDelete: 'removes the access it grants' };
    case 'kubernetes_resource_quota_v1':
    case 'kubernetes_limit_range_v1':
      return { kind: 'quota', destructiveOnDelete: false, onDelete: 'removes the limit' };
    case 'kubernetes_manifest': {
      const mk = manifestKind(body);
      const byKind = mk ? MANIFEST_KINDS[mk.group] : undefined;
      const hit = byKind ? (byKind[mk!.kind] ?? byKind['*']) : undefined;
      const special = hit ? manifestSpecifics(mk!, body!) : undefined;
      if (special) return special;
      if (hit) return { kind: hit[0], destructiveOnDelete: hit[1], onDelete: hit[2] };
      return { kind: 'other', destructiveOnDelete: false, onDelete: mk ? `deletes the ${mk.kind}` : 'deletes the object' };
    }
    default:
      return { kind: 'other', destructiveOnDelete: false, onDelete: 'deletes it' };
  }
}

/**
 * Attributes whose change makes Terraform replace the resource (ForceNew in the provider schemas), as far as
 * they can be seen in configuration. Paths are dotted into the JSON body.
 */
const FORCE_NEW: Record<string, string[]> = {
  kubernetes_manifest: ['manifest.apiVersion', 'manifest.kind', 'manifest.metadata.name', 'manifest.metadata.namespace'],
  kubernetes_role_binding_v1: ['role_ref'],
  kubernetes_cluster_role_binding_v1: ['role_ref'],
  kubernetes_secret_v1: ['type'],
  kubernetes_persistent_volume_claim_v1: ['spec.storage_class_name', 'spec.access_modes', 'spec.volume_name'],
  helm_release: ['name', 'namespace'],
  terraform_data: ['triggers_replace'],
};

function at(body: unknown, dotted: string): unknown {
  let cur: unknown = body;
  for (const part of dotted.split('.')) {
    if (Array.isArray(cur) && cur.length === 1) cur = cur[0]; // blocks written as a one-element list
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Deterministic JSON: keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** A value as JSON.stringify sees it: `toJSON()` applied, non-finite numbers null, what it leaves out undefined. */
function jsonView(v: unknown): unknown {
  const x = v !== null && v !== undefined && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v;
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  return typeof x === 'function' || typeof x === 'symbol' ? undefined : x;
}

/**
 * Whether two values have the same {@link canonicalJson} (equal as JSON, whatever the order of their keys), without
 * writing either out: it stops at the first difference.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const x = jsonView(a);
  const y = jsonView(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    // In an array, what JSON leaves out (and a hole) is written as null.
    for (let i = 0; i < x.length; i++) if (!jsonEqual(jsonView(x[i]) ?? null, jsonView(ys[i]) ?? null)) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const xk = Object.keys(xo).filter((k) => jsonView(xo[k]) !== undefined);
  const yk = Object.keys(yo).filter((k) => jsonView(yo[k]) !== undefined);
  return xk.length === yk.length && xk.every((k) => Object.prototype.hasOwnProperty.call(yo, k) && jsonView(yo[k]) !== undefined && jsonEqual(xo[k], yo[k]));
}

/** Why a configuration change replaces the resource instead of updating it; empty when it updates in place. */
export function replaceReasons(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  if ((before.provider ?? null) !== (after.provider ?? null)) {
    out.push(`provider changes from ${before.provider ?? 'default'} to ${after.provider ?? 'default'} (another cluster)`);
  }
  const paths = type.startsWith('kubernetes_') && type !== 'kubernetes_manifest' ? ['metadata.name', 'metadata.namespace', ...(FORCE_NEW[type] ?? [])] : (FORCE_NEW[type] ?? []);
  for (const p of paths) {
    const a = at(before, p);
    const b = at(after, p);
    if (!jsonEqual(a, b)) out.push(`${p} changes (${short(a)} → ${short(b)}); it cannot change in place`);
  }
  return out;
}

function short(v: unknown): string {
  const s = v === undefined ? 'unset' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** Top-level-ish paths at which two bodies differ (at most `limit`, depth at most 4). */
export function changedPaths(before: unknown, after: unknown, limit = 12): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, p: string, depth: number) => {
    if (out.length >= limit) return;
    if (jsonEqual(a, b)) return;
    if (depth < 4 && isObject(a) && isObject(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], p ? `${p}.${k}` : k, depth + 1);
      return;
    }
    out.push(p || '(body)');
  };
  walk(before, after, '', 0);
  return out;
}

/** `module.a.module.b.type.name["k"]` → `type.name`; plain addresses unchanged. */
export function baseAddress(address: string): string {
  let a = address;
  while (a.startsWith('module.')) {
    const rest = a.slice('module.'.length);
    const dot = rest.search(/[.[]/);
    if (dot < 0) break;
    a = rest.slice(dot);
    if (a.startsWith('[')) a = a.slice(a.indexOf(']') + 1);
    if (a.startsWith('.')) a = a.slice(1);
  }
  return a.replace(/\[[^\]]*\]$/, '');
}

/**
 * Maps resource addresses to their owner: by the tenants' own address lists in the inventory, then by the
 * address convention (`<tenant>--<cluster>[--<part>]`, `<offering>--<cluster>`), then by stack (hub, platform).
 */
export class OwnerIndex {
  /** stack → address → owner, from the tenants' address lists (the stack '' when a tenant names none). */
  private readonly byStack = new Map<string, Map<string, Owner>>();
  /** address → owner, whatever the stack. */
  private readonly byAddress = new Map<string, Owner>();
  private readonly byCode = new Map<string, Owner>();
  private readonly stackOwner = new Map<string, Owner>();
  private readonly clusters = new Set<string>();

  constructor(inventories: Array<InventoryFile | undefined>) {
    // Later inventories (head) win over earlier ones (base).
    for (const inv of inventories) {
      if (!inv) continue;
      for (const p of inv.provinces ?? []) {
        for (const c of p.clusters ?? []) this.clusters.add(c.name);
        if (p.stacks?.hub) this.stackOwner.set(p.stacks.hub, { kind: 'hub', code: p.province, displayName: p.displayName, province: p.province });
        for (const s of Object.values(p.stacks?.platform ?? {})) this.stackOwner.set(s, { kind: 'platform', code: p.province, displayName: p.displayName, province: p.province });
        for (const o of p.middleware?.offerings ?? []) this.byCode.set(o.name, { kind: 'offering', code: o.name, province: p.province });
        for (const t of p.tenants ?? []) {
          const owner: Owner = { kind: 'tenant', code: t.code, displayName: t.displayName, industryCloud: t.industryCloud, province: p.province };
          this.byCode.set(t.code, owner);
          const stack = t.stack ?? '';
          let inStack = this.byStack.get(stack);
          if (!inStack) this.byStack.set(stack, (inStack = new Map()));
          for (const a of t.addresses ?? []) {
            inStack.set(a, owner);
            this.byAddress.set(a, owner);
          }
        }
      }
    }
  }

  /** The owner of an address in a stack (stack undefined when not known, e.g. a plan file without its stack). */
  public ownerOf(address: string, stack?: string): Owner {
    const a = baseAddress(address);
    const exact = (stack !== undefined ? this.byStack.get(stack)?.get(a) : undefined) ?? this.byAddress.get(a);
    if (exact) return exact;
    const name = a.slice(a.indexOf('.') + 1);
    const code = name.split('--')[0];
    const byCode = name.includes('--') ? this.byCode.get(code) : undefined;
    if (byCode) return byCode;
    const byStack = stack !== undefined ? this.stackOwner.get(stack) : undefined;
    return byStack ?? { kind: 'unknown' };
  }

  /** The cluster an address is on, from the address convention (a `--` part that names a known cluster). */
  public clusterOf(address: string): string | undefined {
    const a = baseAddress(address);
    // `<tenant>--<cluster>…`, `<offering>--<cluster>…`, or a grant's `<tenant>--<offering>--<cluster>…`.
    return a
      .slice(a.indexOf('.') + 1)
      .split('--')
      .slice(1)
      .find((part) => this.clusters.has(part));
  }
}
