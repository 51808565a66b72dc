/**
 * One province as a reviewer sees it: capacity per cluster, how each tenant is isolated (read from the
 * synthesized stacks, not from what was declared), grants, recovery and the topology.
 */
import { Labels } from '../schema/labels';
import type { Amounts, ProvinceRecord, SynthOutput, TenantRecord, TenantRecoveryRecord } from './inputs';
import { topologyMermaid } from './mermaid';
import { middlewareRecovery, ShelfReview } from './middleware';
import { type BurstReview, type ClusterCapacity, minutesValue, type PlacementReview, type ProvinceReview, type RecoveryRow, type TenantIsolation } from './model';
import { NamespaceIndex } from './namespace-index';
import { showbackByCloud } from './observability';

export { NamespaceIndex } from './namespace-index';
export type { PgClusterFound } from './namespace-index';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isEmptySelector(x: unknown): boolean {
  if (x === undefined || x === null) return true;
  if (Array.isArray(x)) return x.every(isEmptySelector);
  return isObject(x) && Object.values(x).every((v) => v === undefined || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0));
}

function first(x: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(x)) return isObject(x[0]) ? x[0] : undefined;
  return isObject(x) ? x : undefined;
}

const DATA_CLASS_LABEL = Labels.DATA_CLASS;
const DOMESTIC_LABEL = Labels.DOMESTIC_HARDWARE;
const NODE_SELECTOR_ANNOTATION = 'scheduler.alpha.kubernetes.io/node-selector';
/** The admission policy that refuses pods without the arm64 node selector in namespaces labelled for domestic hardware. */
const DOMESTIC_POLICY = 'gov-lz-domestic-hardware';

function policyName(body: Record<string, unknown>): string {
  return String(first(body.metadata)?.name ?? '?');
}

/** A NetworkPolicy that selects every pod and allows nothing, in both directions. */
function isDefaultDeny(body: Record<string, unknown>): boolean {
  const spec = first(body.spec);
  if (!spec) return false;
  const types = Array.isArray(spec.policy_types) ? spec.policy_types : [];
  const none = (x: unknown) => x === undefined || (Array.isArray(x) && x.length === 0);
  return isEmptySelector(spec.pod_selector) && types.includes('Ingress') && types.includes('Egress') && none(spec.ingress) && none(spec.egress);
}

interface ProvinceMaps {
  readonly clouds: Map<string, string | undefined>;
  readonly shelf: ShelfReview;
}

function tenantIsolation(t: TenantRecord, maps: ProvinceMaps, idx: NamespaceIndex, dataClass: string | undefined): TenantIsolation {
  const placements = t.placements ?? [];
  const { clouds, shelf } = maps;
  const problems: string[] = [];
  const psa = new Set<string>();
  const ingress = new Set<string>();
  const egress = new Set<string>();
  const rbac = new Set<string>();
  let found = 0;
  let domestic = 0;
  let defaultDeny = 0;
  let quota = 0;
  /** cluster → the tenant's egress policies there */
  const egressOn = new Map<string, Array<Record<string, unknown>>>();
  for (const pl of placements) {
    const ns = pl.namespace ?? t.namespace ?? t.code;
    const key = `${pl.cluster}\u0000${ns}`;
    const nsBody = idx.namespaces.get(key);
    if (!nsBody) {
      problems.push(`no namespace ${ns} on ${pl.cluster} in the stacks`);
      continue;
    }
    found += 1;
    const labels = first(first(nsBody.metadata)?.labels);
    const annotations = first(first(nsBody.metadata)?.annotations);
    psa.add(String(labels?.['pod-security.kubernetes.io/enforce'] ?? 'none'));
    if (dataClass && labels?.[DATA_CLASS_LABEL] !== undefined && labels[DATA_CLASS_LABEL] !== dataClass.toLowerCase()) {
      problems.push(`namespace ${ns} on ${pl.cluster} is labelled ${DATA_CLASS_LABEL}=${String(labels[DATA_CLASS_LABEL])}, but the tenant's data class is ${dataClass}`);
    }
    if (t.domesticHardware) {
      const want = t.domesticHardware.nodeSelectors?.[pl.cluster];
      const ok =
        labels?.[DOMESTIC_LABEL] === 'required' &&
        (want === undefined || selectorHolds(annotations?.[NODE_SELECTOR_ANNOTATION], want)) &&
        (idx.denyBindings.get(pl.cluster)?.has(DOMESTIC_POLICY) ?? false);
      if (ok) domestic += 1;
      else
        problems.push(
          `domestic (信创) hardware is required, but namespace ${ns} on ${pl.cluster} lacks the ${DOMESTIC_LABEL} label, the arm64 node selector or the cluster's ${DOMESTIC_POLICY} admission binding`,
        );
    }
    const objects = idx.objects.get(key) ?? [];
    const policies = objects.filter((o) => o.type === 'kubernetes_network_policy_v1' || o.type === 'kubernetes_network_policy');
    const deny = policies.some((o) => isDefaultDeny(o.body));
    if (deny) defaultDeny += 1;
    else problems.push(`no default-deny NetworkPolicy in ${ns} on ${pl.cluster}`);
    if (objects.some((o) => o.type === 'kubernetes_resource_quota_v1' || o.type === 'kubernetes_resource_quota')) quota += 1;
    else problems.push(`no ResourceQuota in ${ns} on ${pl.cluster}`);
    const eg: Array<Record<string, unknown>> = [];
    for (const pol of policies) {
      if (isDefaultDeny(pol.body)) continue;
      const spec = first(pol.body.spec);
      const types = Array.isArray(spec?.policy_types) ? (spec!.policy_types as string[]) : [];
      if (types.includes('Ingress') && Array.isArray(spec?.ingress) && spec!.ingress.length > 0) ingress.add(policyName(pol.body));
      if (types.includes('Egress') && Array.isArray(spec?.egress) && spec!.egress.length > 0) {
        egress.add(policyName(pol.body));
        eg.push(pol.body);
      }
    }
    // Grants open on the home namespace; an edge zone's namespace takes none.
    if (pl.kind !== 'edge') egressOn.set(pl.cluster, eg);
    for (const o of objects) {
      if (o.type !== 'kubernetes_role_binding_v1' && o.type !== 'kubernetes_role_binding') continue;
      const role = String(first(o.body.role_ref)?.name ?? '?');
      const subjects = Array.isArray(o.body.subject) ? o.body.subject : [];
      for (const s of subjects as Array<Record<string, unknown>>) rbac.add(`${s.kind === 'ServiceAccount' ? 'sa:' : ''}${s.name} → ${role}`);
    }
    const cloud = pl.cloud ?? clouds.get(pl.cluster);
    if (cloud === 'PUBLIC' && (dataClass === 'IMPORTANT' || dataClass === 'CORE')) problems.push(`${dataClass} data placed on public cluster ${pl.cluster}`);
  }
  const granted = shelf.reviewGrants(t, egressOn, clouds);
  problems.push(...granted.problems);
  if (psa.size > 0 && [...psa].some((l) => l !== 'restricted')) problems.push(`Pod Security enforce level ${[...psa].sort().join('/')} (expected restricted)`);
  return {
    tenant: t.code,
    displayName: t.displayName,
    industryCloud: t.industryCloud,
    dataClass,
    clusters: placements.map((pl) => pl.cluster),
    namespaces: { found, expected: placements.length },
    podSecurity: [...psa].sort(),
    defaultDeny,
    quota,
    ingress: [...ingress].sort(),
    egress: [...egress].sort(),
    rbac: [...rbac].sort(),
    grants: granted.grants,
    burst: t.burst ? { cluster: t.burst.cluster, maxCpu: t.burst.maxCpu, maxMemoryGi: t.burst.maxMemoryGi } : undefined,
    domesticHardware: t.domesticHardware ? { requiredBy: t.domesticHardware.requiredBy, verified: domestic, expected: placements.length } : undefined,
    problems,
  };
}

/** `"128"`, `"512Gi"`, `"600"` → a number (cores, GiB, count); undefined when not plain. */
function quantity(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(Gi|Ti|m)?$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'Ti' ? n * 1024 : m[2] === 'm' ? n / 1000 : n;
}

/** Each bursting tenant as found in its burst namespace on the public cluster: quota, autoscalers, egress. */
function burstReview(p: ProvinceRecord, idx: NamespaceIndex, isolation: TenantIsolation[]): BurstReview[] {
  const byCode = new Map(isolation.map((i) => [i.tenant, i]));
  const capacity = new Map((p.clusters ?? []).map((c) => [c.name, c]));
  return (p.tenants ?? [])
    .filter((t) => t.burst?.cluster)
    .map((t) => {
      const b = t.burst!;
      const ns = b.namespace ?? t.namespace ?? t.code;
      const objects = idx.objects.get(`${b.cluster}\u0000${ns}`) ?? [];
      const quotaBody = objects.find((o) => o.type === 'kubernetes_resource_quota_v1' || o.type === 'kubernetes_resource_quota')?.body;
      const hard = first(first(quotaBody?.spec)?.hard);
      const quotaFound = hard
        ? { cpu: quantity(hard['limits.cpu'] ?? hard['requests.cpu']), memoryGi: quantity(hard['limits.memory'] ?? hard['requests.memory']), pods: quantity(hard.pods) }
        : undefined;
      const autoscalers: BurstReview['autoscalers'] = [];
      for (const pl of t.placements ?? []) {
        for (const o of idx.objects.get(`${pl.cluster}\u0000${pl.namespace ?? ns}`) ?? []) {
          const m = o.type === 'kubernetes_manifest' ? (o.body.manifest as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> } | undefined) : undefined;
          // An application's KEDA ScaledObject (it owns the application's HPA) or an HPA written as a manifest.
          if (m?.kind === 'ScaledObject' || m?.kind === 'HorizontalPodAutoscaler') {
            const ms = m.spec ?? {};
            const min = Number(ms.minReplicaCount ?? ms.minReplicas ?? 1);
            autoscalers.push({ name: String(m.metadata?.name ?? ''), cluster: pl.cluster, minReplicas: min, maxReplicas: Number(ms.maxReplicaCount ?? ms.maxReplicas ?? 0) });
            continue;
          }
          if (!o.type.startsWith('kubernetes_horizontal_pod_autoscaler')) continue;
          const spec = first(o.body.spec);
          autoscalers.push({ name: policyName(o.body), cluster: pl.cluster, minReplicas: Number(spec?.min_replicas ?? 1), maxReplicas: Number(spec?.max_replicas ?? 0) });
        }
      }
      const egress = new Set<string>();
      for (const o of objects) {
        if (o.type !== 'kubernetes_network_policy_v1' && o.type !== 'kubernetes_network_policy') continue;
        const rules = first(o.body.spec)?.egress;
        for (const rule of Array.isArray(rules) ? (rules as Array<Record<string, unknown>>) : []) {
          const ports = (Array.isArray(rule.ports) ? rule.ports : []).map((x: Record<string, unknown>) => String(x.port)).join(',');
          for (const peer of Array.isArray(rule.to) ? (rule.to as Array<Record<string, unknown>>) : []) {
            const cidr = first(peer.ip_block)?.cidr;
            if (typeof cidr === 'string') egress.add(`${cidr}${ports ? `:${ports}` : ''}`);
          }
        }
      }
      const problems: string[] = [];
      if (!quotaFound) problems.push(`no ResourceQuota in ${ns} on ${b.cluster}: the burst ceiling is not enforced`);
      else if ((b.maxCpu !== undefined && quotaFound.cpu !== b.maxCpu) || (b.maxMemoryGi !== undefined && quotaFound.memoryGi !== b.maxMemoryGi)) {
        problems.push(`the ResourceQuota in ${ns} on ${b.cluster} (${quotaFound.cpu} cores, ${quotaFound.memoryGi} GiB) differs from the declared ceiling (${b.maxCpu} cores, ${b.maxMemoryGi} GiB)`);
      }
      const declared = new Set((b.egressCidrs ?? []).flatMap((c) => ((b.egressPorts ?? []).length ? [`${c}:${b.egressPorts!.join(',')}`] : [c])));
      for (const e of egress) if (!declared.has(e)) problems.push(`egress to ${e} from ${ns} on ${b.cluster} is not the declared dedicated line`);
      const c = capacity.get(b.cluster);
      const headroom = c?.capacity?.cpu !== undefined ? c.capacity.cpu - (c.allocated?.cpu ?? 0) : undefined;
      return {
        tenant: t.code,
        displayName: t.displayName,
        industryCloud: t.industryCloud,
        dataClass: t.dataClass ?? byCode.get(t.code)?.dataClass,
        cluster: b.cluster,
        ceiling: { cpu: b.maxCpu, memoryGi: b.maxMemoryGi, pods: b.maxPods },
        quotaFound,
        autoscalers: autoscalers.sort((x, y) => x.cluster.localeCompare(y.cluster) || x.name.localeCompare(y.name)),
        egress: [...egress].sort(),
        clusterHeadroomCpu: headroom,
        problems,
      };
    })
    .sort((a, b) => a.tenant.localeCompare(b.tenant));
}

/** Registry allow-list, domestic hardware and data classes of a province, as found in the stacks. */
function placementReview(p: ProvinceRecord, idx: NamespaceIndex, isolation: TenantIsolation[]): PlacementReview {
  const clusters = (p.clusters ?? []).map((c) => c.name);
  const policy = p.placementPolicy?.registryAllowList?.policy;
  const enforced = policy ? clusters.filter((c) => idx.denyBindings.get(c)?.has(policy)) : [];
  const dataClasses: Record<string, number> = {};
  for (const t of isolation) dataClasses[t.dataClass ?? 'unknown'] = (dataClasses[t.dataClass ?? 'unknown'] ?? 0) + 1;
  const domestic = isolation.filter((t) => t.domesticHardware);
  return {
    registryAllowList: p.placementPolicy?.registryAllowList
      ? { registry: p.placementPolicy.registryAllowList.registry, policy, enforcedOn: enforced, missingOn: clusters.filter((c) => !enforced.includes(c)) }
      : undefined,
    dedicatedLine: (p.placementPolicy?.dedicatedLineCidrs ?? []).map((c) => `${c}${p.placementPolicy?.dedicatedLinePorts?.length ? `:${p.placementPolicy.dedicatedLinePorts.join(',')}` : ''}`),
    dataClasses: Object.fromEntries(Object.entries(dataClasses).sort(([a], [b]) => a.localeCompare(b))),
    domesticHardware: {
      tenants: domestic.map((t) => t.tenant),
      namespaces: domestic.reduce((n, t) => n + t.domesticHardware!.expected, 0),
      verified: domestic.reduce((n, t) => n + t.domesticHardware!.verified, 0),
    },
  };
}

const DIMENSIONS = ['cpu', 'memoryGi', 'storageGi', 'pods'] as const;

function capacities(p: ProvinceRecord): ClusterCapacity[] {
  const ratio = p.overcommitRatio ?? 1;
  const tenantsOn = new Map<string, number>();
  // A tenant counts once per cluster, its edge zones' namespaces there included.
  for (const t of p.tenants ?? []) for (const c of new Set((t.placements ?? []).map((pl) => pl.cluster))) tenantsOn.set(c, (tenantsOn.get(c) ?? 0) + 1);
  const burst = new Map<string, { tenants: number; maxCpu: number; maxMemoryGi: number }>();
  for (const t of p.tenants ?? []) {
    if (!t.burst?.cluster) continue;
    const b = burst.get(t.burst.cluster) ?? { tenants: 0, maxCpu: 0, maxMemoryGi: 0 };
    b.tenants += 1;
    b.maxCpu += t.burst.maxCpu ?? 0;
    b.maxMemoryGi += t.burst.maxMemoryGi ?? 0;
    burst.set(t.burst.cluster, b);
  }
  return (p.clusters ?? []).map((c) => {
    const utilisation: Amounts = {};
    for (const d of DIMENSIONS) {
      const cap = c.capacity?.[d];
      const used = c.allocated?.[d] ?? 0;
      if (typeof cap === 'number' && cap > 0) utilisation[d] = Math.round((used / (cap * ratio)) * 10000) / 10000;
    }
    return {
      name: c.name,
      displayName: c.displayName,
      site: c.site,
      cloud: c.cloud,
      arch: c.arch,
      capacity: c.capacity ?? {},
      allocated: c.allocated ?? {},
      utilisation,
      tenants: tenantsOn.get(c.name) ?? 0,
      burst: burst.get(c.name),
    };
  });
}

/**
 * The tightest of RTO and RPO: achievable as a share of the target (1 = exactly at the target); `"unbounded"` when
 * nothing bounds one of them. A null achievable RPO (no data of record) loses nothing.
 */
function usedShare(r: TenantRecoveryRecord): number | 'unbounded' | undefined {
  const t = r.target;
  const a = r.achievable;
  if (!t || !a) return undefined;
  const share = (x: number | undefined, of: number | undefined) => {
    if (x === undefined || of === undefined) return 0;
    return of > 0 ? x / of : x > 0 ? Infinity : 0;
  };
  const v = Math.max(share(minutesValue(a.rtoMinutes), minutesValue(t.rtoMinutes)), share(minutesValue(a.rpoMinutes), minutesValue(t.rpoMinutes)));
  return Number.isFinite(v) ? v : 'unbounded';
}

/** `a - b` that stays a number for two infinities. */
function compareShares(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** A used share for sorting: unbounded after every number. */
function shareValue(s: number | 'unbounded' | undefined): number {
  return s === 'unbounded' ? Number.POSITIVE_INFINITY : (s ?? 0);
}

function recovery(p: ProvinceRecord, idx: NamespaceIndex): ProvinceReview['recovery'] {
  const tenants = new Map((p.tenants ?? []).map((t) => [t.code, t]));
  const objectives = new Map((p.industryClouds ?? []).map((ic) => [ic.code, ic.recovery]));
  // Tenants of an industry cloud with a recovery objective whose private namespaces have no Velero schedule in the stacks.
  const unprotected: string[] = [];
  for (const t of p.tenants ?? []) {
    if (!objectives.get(t.industryCloud ?? '')) continue;
    const priv = (t.placements ?? []).filter((pl) => pl.cloud !== 'PUBLIC');
    if (priv.some((pl) => !idx.schedules.has(`${pl.cluster}\u0000${pl.namespace ?? t.namespace ?? t.code}`))) unprotected.push(t.code);
  }
  unprotected.sort();
  const section = p.recovery;
  if (section && Array.isArray(section.tenants)) {
    const backups = new Map((section.backups ?? []).map((b) => [b.tenant, b]));
    const rows: RecoveryRow[] = section.tenants.map((r) => {
      const b = backups.get(r.tenant);
      const t = tenants.get(r.tenant);
      const scheduled = (t?.placements ?? []).filter((pl) => idx.schedules.has(`${pl.cluster}\u0000${pl.namespace ?? t?.namespace ?? r.tenant}`)).map((pl) => pl.cluster);
      return {
        subject: r.tenant,
        level: 'tenant' as const,
        displayName: t?.displayName,
        industryCloud: r.industryCloud ?? t?.industryCloud,
        target: r.target,
        achievable: r.achievable,
        meets: r.meets,
        usedShare: usedShare(r),
        mechanisms: r.mechanisms,
        regional: r.regional
          ? { possible: r.regional.possible !== false, rtoMinutes: r.regional.rtoMinutes, rpoMinutes: r.regional.rpoMinutes, reason: r.regional.impossible, target: r.regional.target ?? undefined }
          : undefined,
        backup: b
          ? { intervalMinutes: b.intervalMinutes, achievedIntervalMinutes: b.achievedIntervalMinutes, retentionDays: b.retentionDays, clusters: [...(b.clusters ?? [])], scheduledOn: scheduled }
          : undefined,
        ...(r.range ? { range: r.range } : {}),
        ...(Array.isArray(r.assumptions) ? { assumptions: r.assumptions } : {}),
        ...(r.acceptedShortfall ? { acceptedShortfall: r.acceptedShortfall } : {}),
      };
    });
    // Misses first, then the tightest margins: they are what a reviewer must look at.
    rows.sort((a, b) => Number(a.meets !== false) - Number(b.meets !== false) || compareShares(shareValue(b.usedShare), shareValue(a.usedShare)) || a.subject.localeCompare(b.subject));
    const impossible = new Map<string, string[]>();
    for (const r of rows) if (r.regional && !r.regional.possible) impossible.set(r.regional.reason ?? 'not possible', [...(impossible.get(r.regional.reason ?? 'not possible') ?? []), r.subject]);
    const loc = section.backupLocation;
    return {
      source: 'planner',
      rows,
      setup: {
        metroStorageReplication: section.metroStorageReplication,
        backupLocation: loc ? `${loc.endpoint ?? '?'} bucket ${loc.bucket ?? '?'}${loc.prefix ? `/${loc.prefix}` : ''} (${loc.site ?? '?'}${loc.city ? `, ${loc.city}` : ''})` : undefined,
      },
      regionalImpossible: [...impossible].map(([reason, ts]) => ({ reason, tenants: ts.sort() })).sort((a, b) => a.reason.localeCompare(b.reason)),
      backupsQueued: rows
        .filter((r) => r.backup && (r.backup.achievedIntervalMinutes ?? 0) > (r.backup.intervalMinutes ?? 0))
        .map((r) => r.subject)
        .sort(),
      unprotected,
      middleware: middlewareRecovery(section),
    };
  }
  return {
    source: 'targets',
    rows: (p.industryClouds ?? []).map((ic) => ({ subject: ic.code, level: 'industry-cloud' as const, displayName: ic.displayName, industryCloud: ic.code, target: ic.recovery ?? undefined })),
    unprotected,
  };
}

/** Optional sections (written by later layers) that this province does not have. */
const OPTIONAL_SECTIONS = ['middleware', 'recovery', 'placementPolicy'] as const;

/** The review of one province of the head output. */
export function reviewProvince(p: ProvinceRecord, out: SynthOutput, idx: NamespaceIndex = new NamespaceIndex(out)): ProvinceReview {
  const dataClassOf = new Map((p.industryClouds ?? []).map((ic) => [ic.code, ic.dataClass]));
  const shelf = new ShelfReview(p, idx);
  const offerings = shelf.summaries();
  const maps: ProvinceMaps = { clouds: new Map((p.clusters ?? []).map((c) => [c.name, c.cloud])), shelf };
  const isolation = (p.tenants ?? [])
    .map((t) => tenantIsolation(t, maps, idx, t.dataClass ?? dataClassOf.get(t.industryCloud ?? '')))
    .sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.tenant.localeCompare(b.tenant));
  const sum = (f: (t: TenantIsolation) => number) => isolation.reduce((n, t) => n + f(t), 0);
  return {
    province: p.province,
    displayName: p.displayName,
    mlpsLevel: p.mlpsLevel,
    overcommitRatio: p.overcommitRatio ?? 1,
    sites: (p.sites ?? []).map((s) => ({ name: s.name, displayName: s.displayName, city: s.city, role: s.role })),
    clusters: capacities(p),
    industryClouds: (p.industryClouds ?? []).map((ic) => ({
      code: ic.code,
      displayName: ic.displayName,
      dataClass: ic.dataClass,
      clusters: [...(ic.clusters ?? [])],
      stacks: [...(ic.stacks ?? [])],
      recovery: ic.recovery ?? null,
      tenants: (p.tenants ?? [])
        .filter((t) => t.industryCloud === ic.code)
        .map((t) => t.code)
        .sort(),
    })),
    tenantCount: (p.tenants ?? []).length,
    isolation,
    isolationSummary: {
      tenants: isolation.length,
      namespaces: sum((t) => t.namespaces.found),
      namespacesExpected: sum((t) => t.namespaces.expected),
      defaultDeny: sum((t) => t.defaultDeny),
      quota: sum((t) => t.quota),
      restricted: isolation.filter((t) => t.podSecurity.length === 1 && t.podSecurity[0] === 'restricted').length,
      clusterRoleBindings: idx.clusterRoleBindings,
      adminRoleBindings: idx.adminRoleBindings,
      tenantsWithProblems: isolation.filter((t) => t.problems.length > 0).length,
    },
    offerings,
    recovery: recovery(p, idx),
    placement: placementReview(p, idx, isolation),
    burst: burstReview(p, idx, isolation),
    edgeZones: (p.edgeZones ?? []).map((z) => ({ ...z, namespacesFound: (z.tenants ?? []).filter((t) => idx.namespaces.has(`${z.cluster}\u0000${t.namespace}`)).length })),
    published: p.published ? { source: shownSource(p.published.source), schemaVersion: p.published.schemaVersion, remoteState: p.published.remoteState?.stack ?? null } : undefined,
    topology: topologyMermaid(p, offerings),
    notDeclared: OPTIONAL_SECTIONS.filter((s) => p[s] === undefined),
    ...(p.observability ? { showback: showbackByCloud(p) } : {}),
  };
}

/** The contract file a city project read, without the folder it sat in on the machine that synthesized. */
function shownSource(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  return /^(\/|[A-Za-z]:[\\/])/.test(source) ? source.split(/[\\/]/).pop() : source;
}

/** Whether a namespace's default node selector holds every `key=value` of `want` (an edge zone's adds its pool's). */
function selectorHolds(annotation: unknown, want: string): boolean {
  if (typeof annotation !== 'string') return false;
  const have = new Set(annotation.split(','));
  return want.split(',').every((kv) => have.has(kv));
}
