/** Velero schedules and backup storage locations, declared as custom resources or through the velero chart's values. */
import { asList } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';

/** A backup schedule on one cluster. */
export interface BackupSchedule {
  readonly cluster: string;
  readonly resource: ViewResource;
  readonly name: string;
  readonly includedNamespaces: string[];
  readonly excludedNamespaces: string[];
  readonly ttl?: string;
  readonly disabled: boolean;
  /** The backup storage location it writes to; undefined: the cluster's default location. */
  readonly storageLocation?: string;
}

/** A backup storage location on one cluster. */
export interface BackupLocation {
  readonly cluster: string;
  readonly resource: ViewResource;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly region?: string;
  /** Marked as the cluster's default location (`spec.default`). */
  readonly isDefault: boolean;
}

const isVelero = (r: ViewResource) => typeof r.object?.apiVersion === 'string' && r.object.apiVersion.startsWith('velero.io/');
const veleroReleases = (ctx: RuleContext) => ctx.ofKind('helm_release').filter((r) => /velero/i.test(String(r.body.chart ?? '')));

/** Computes something of the view once per view (rules run per subject; the view does not change during a run). */
function perView<T>(cache: WeakMap<RuleContext, T>, ctx: RuleContext, compute: () => T): T {
  let v = cache.get(ctx);
  if (v === undefined) {
    v = compute();
    cache.set(ctx, v);
  }
  return v;
}

const SCHEDULES = new WeakMap<RuleContext, BackupSchedule[]>();
const LOCATIONS = new WeakMap<RuleContext, BackupLocation[]>();
const INDEXES = new WeakMap<RuleContext, ScheduleIndex>();

/** Every Velero schedule of the app (computed once per view). */
export function backupSchedules(ctx: RuleContext): BackupSchedule[] {
  return perView(SCHEDULES, ctx, () => findSchedules(ctx));
}

/** Which namespaces the schedules of each cluster back up, for lookups in constant time (provinces hold thousands of tenants). */
export interface ScheduleIndex {
  /** Number of schedules in the app. */
  readonly size: number;
  /** Whether an active schedule on `cluster` backs up `namespace`. */
  covers(cluster: string, namespace: string): boolean;
}

/** The schedule index of the app (built once per view). */
export function scheduleIndex(ctx: RuleContext): ScheduleIndex {
  return perView(INDEXES, ctx, () => {
    const schedules = backupSchedules(ctx);
    const named = new Map<string, BackupSchedule[]>();
    const wide = new Map<string, BackupSchedule[]>();
    for (const s of schedules) {
      if (s.disabled) continue;
      const all = s.includedNamespaces.length === 0 || s.includedNamespaces.includes('*');
      for (const key of all ? [s.cluster] : s.includedNamespaces.map((n) => `${s.cluster}/${n}`)) {
        const m = all ? wide : named;
        const list = m.get(key);
        if (list) list.push(s);
        else m.set(key, [s]);
      }
    }
    return {
      size: schedules.length,
      covers: (cluster: string, namespace: string) => [...(named.get(`${cluster}/${namespace}`) ?? []), ...(wide.get(cluster) ?? [])].some((s) => covers(s, namespace)),
    };
  });
}

const text = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);

/** A schedule from its template, whether a Schedule object's or one in the chart values. */
function scheduleOf(r: ViewResource, name: string, template: unknown, disabled: boolean): BackupSchedule {
  const t = (template ?? {}) as Record<string, any>;
  return {
    cluster: r.cluster,
    resource: r,
    name,
    includedNamespaces: asList(t.includedNamespaces).map(String),
    excludedNamespaces: asList(t.excludedNamespaces).map(String),
    ttl: text(t.ttl),
    disabled,
    storageLocation: text(t.storageLocation),
  };
}

function findSchedules(ctx: RuleContext): BackupSchedule[] {
  const out: BackupSchedule[] = [];
  for (const r of ctx.ofKind('Schedule')) {
    if (isVelero(r)) out.push(scheduleOf(r, r.object!.metadata.name ?? r.name, r.object!.spec?.template, r.object!.spec?.paused === true));
  }
  for (const r of veleroReleases(ctx)) {
    for (const doc of ctx.helmValues(r).documents) {
      const schedules = (doc as any)?.schedules;
      if (!schedules || typeof schedules !== 'object') continue;
      for (const [name, s] of Object.entries(schedules as Record<string, any>)) out.push(scheduleOf(r, name, s?.template, s?.disabled === true || s?.paused === true));
    }
  }
  return out;
}

/** Whether a schedule backs up a namespace (Velero: no includedNamespaces, or `*`, means all). */
export function covers(s: BackupSchedule, namespace: string): boolean {
  if (s.disabled) return false;
  if (s.excludedNamespaces.includes(namespace)) return false;
  return s.includedNamespaces.length === 0 || s.includedNamespaces.includes('*') || s.includedNamespaces.includes(namespace);
}

/**
 * The location a schedule writes to on its cluster: the one it names, else the cluster's default (marked
 * `default`, or named `default` as Velero's server flag assumes); undefined when the cluster declares none such.
 */
export function locationOf(s: BackupSchedule, onCluster: readonly BackupLocation[]): BackupLocation | undefined {
  if (s.storageLocation !== undefined) return onCluster.find((l) => l.name === s.storageLocation);
  return onCluster.find((l) => l.isDefault) ?? onCluster.find((l) => l.name === 'default');
}

/** Every Velero backup storage location of the app (computed once per view). */
export function backupLocations(ctx: RuleContext): BackupLocation[] {
  return perView(LOCATIONS, ctx, () => findLocations(ctx));
}

function findLocations(ctx: RuleContext): BackupLocation[] {
  const out: BackupLocation[] = [];
  const locationOfSpec = (r: ViewResource, name: string, labels: unknown, spec: any): BackupLocation => ({
    cluster: r.cluster,
    resource: r,
    name,
    labels: { ...((labels ?? {}) as Record<string, string>) },
    region: text(spec?.config?.region),
    isDefault: spec?.default === true || spec?.default === 'true',
  });
  for (const r of ctx.ofKind('BackupStorageLocation')) {
    if (isVelero(r)) out.push(locationOfSpec(r, r.object!.metadata.name ?? r.name, r.object!.metadata.labels, r.object!.spec));
  }
  for (const r of veleroReleases(ctx)) {
    for (const doc of ctx.helmValues(r).documents) {
      for (const l of asList((doc as any)?.configuration?.backupStorageLocation)) {
        if (l && typeof l === 'object' && l.bucket) out.push(locationOfSpec(r, String(l.name ?? 'default'), l.labels, l));
      }
    }
  }
  return out;
}
