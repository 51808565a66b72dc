/**
 * One province as a reviewer sees it: capacity per cluster, how each tenant is isolated (read from the
 * synthesized stacks, not from what was declared), grants, recovery and the topology.
 */
import type { Amounts, ProvinceRecord, SynthOutput, TenantRecord } from './inputs';
import type { ClusterCapacity, OfferingSummary, ProvinceReview, RecoveryRow, TenantIsolation } from './model';
import { topologyMermaid } from './mermaid';

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

/** Kubernetes objects of the synthesized stacks, by cluster (provider alias) and namespace. */
export class NamespaceIndex {
  /** `<cluster>\0<namespace>` → namespace body */
  public readonly namespaces = new Map<string, Record<string, unknown>>();
  /** `<cluster>\0<namespace>` → objects in it */
  public readonly objects = new Map<string, Array<{ type: string; body: Record<string, unknown> }>>();
  public clusterRoleBindings = 0;

  constructor(out: SynthOutput) {
    for (const stack of out.stacks.values()) {
      for (const r of stack.resources.values()) {
        if (!r.type.startsWith('kubernetes_')) continue;
        const cluster = r.provider?.startsWith('kubernetes.') ? r.provider.slice('kubernetes.'.length) : '';
        const meta = first(r.type === 'kubernetes_manifest' ? (r.body.manifest as Record<string, unknown> | undefined)?.metadata : r.body.metadata);
        if (r.type === 'kubernetes_namespace_v1' || r.type === 'kubernetes_namespace') {
          if (typeof meta?.name === 'string') this.namespaces.set(`${cluster}\u0000${meta.name}`, r.body);
          continue;
        }
        if (r.type === 'kubernetes_cluster_role_binding_v1' || r.type === 'kubernetes_cluster_role_binding') this.clusterRoleBindings += 1;
        if (typeof meta?.namespace !== 'string') continue;
        const k = `${cluster}\u0000${meta.namespace}`;
        let list = this.objects.get(k);
        if (!list) this.objects.set(k, (list = []));
        list.push({ type: r.type, body: r.body });
      }
    }
  }
}

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

/** Whether an egress policy allows `port` to the namespace `namespace`. */
function allowsEgressTo(body: Record<string, unknown>, namespace: string | undefined, port: number | undefined): boolean {
  const spec = first(body.spec);
  const rules = Array.isArray(spec?.egress) ? spec!.egress : [];
  return rules.some((rule: Record<string, unknown>) => {
    const ports = Array.isArray(rule.ports) ? rule.ports : [];
    const portOk = port === undefined || ports.length === 0 || ports.some((p: Record<string, unknown>) => String(p.port) === String(port));
    const to = Array.isArray(rule.to) ? rule.to : [];
    const nsOk =
      namespace === undefined ||
      to.some((peer: Record<string, unknown>) => {
        const labels = first(first(peer.namespace_selector)?.match_labels) ?? (first(peer.namespace_selector)?.match_labels as Record<string, unknown> | undefined);
        return isObject(labels) && labels['kubernetes.io/metadata.name'] === namespace;
      });
    return portOk && nsOk;
  });
}

interface ProvinceMaps {
  readonly clouds: Map<string, string | undefined>;
  readonly offerings: Map<string, { namespace?: string }>;
}

function tenantIsolation(t: TenantRecord, maps: ProvinceMaps, idx: NamespaceIndex, dataClass: string | undefined): TenantIsolation {
  const placements = t.placements ?? [];
  const { clouds, offerings } = maps;
  const problems: string[] = [];
  const psa = new Set<string>();
  const ingress = new Set<string>();
  const egress = new Set<string>();
  const rbac = new Set<string>();
  let found = 0;
  let defaultDeny = 0;
  let quota = 0;
  const egressBodies: Array<Record<string, unknown>[]> = [];
  for (const pl of placements) {
    const ns = pl.namespace ?? t.namespace ?? t.code;
    const key = `${pl.cluster}\u0000${ns}`;
    const nsBody = idx.namespaces.get(key);
    if (!nsBody) {
      problems.push(`no namespace ${ns} on ${pl.cluster} in the stacks`);
      egressBodies.push([]);
      continue;
    }
    found += 1;
    const labels = first(first(nsBody.metadata)?.labels);
    psa.add(String(labels?.['pod-security.kubernetes.io/enforce'] ?? 'none'));
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
    egressBodies.push(eg);
    for (const o of objects) {
      if (o.type !== 'kubernetes_role_binding_v1' && o.type !== 'kubernetes_role_binding') continue;
      const role = String(first(o.body.role_ref)?.name ?? '?');
      const subjects = Array.isArray(o.body.subject) ? o.body.subject : [];
      for (const s of subjects as Array<Record<string, unknown>>) rbac.add(`${s.kind === 'ServiceAccount' ? 'sa:' : ''}${s.name} → ${role}`);
    }
    const cloud = pl.cloud ?? clouds.get(pl.cluster);
    if (cloud === 'PUBLIC' && (dataClass === 'IMPORTANT' || dataClass === 'CORE')) problems.push(`${dataClass} data placed on public cluster ${pl.cluster}`);
  }
  const grants = (t.grants ?? []).map((g) => {
    const ns = offerings.get(g.offering)?.namespace;
    const ok = egressBodies.length > 0 && egressBodies.every((list) => list.some((b) => allowsEgressTo(b, ns, g.port)));
    if (!ok) problems.push(`grant ${g.offering}${g.port ? `:${g.port}` : ''} has no matching egress NetworkPolicy on every cluster`);
    return { offering: g.offering, kind: g.kind, port: g.port, egressPolicy: ok };
  });
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
    grants: grants.sort((a, b) => a.offering.localeCompare(b.offering)),
    burst: t.burst ? { cluster: t.burst.cluster, maxCpu: t.burst.maxCpu, maxMemoryGi: t.burst.maxMemoryGi } : undefined,
    problems,
  };
}

const DIMENSIONS = ['cpu', 'memoryGi', 'storageGi', 'pods'] as const;

function capacities(p: ProvinceRecord): ClusterCapacity[] {
  const ratio = p.overcommitRatio ?? 1;
  const tenantsOn = new Map<string, number>();
  for (const t of p.tenants ?? []) for (const pl of t.placements ?? []) tenantsOn.set(pl.cluster, (tenantsOn.get(pl.cluster) ?? 0) + 1);
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

function recovery(p: ProvinceRecord): ProvinceReview['recovery'] {
  const tenants = new Map((p.tenants ?? []).map((t) => [t.code, t]));
  if (p.recovery && Array.isArray(p.recovery.tenants)) {
    const rows: RecoveryRow[] = p.recovery.tenants.map((r) => ({
      subject: r.tenant,
      level: 'tenant' as const,
      displayName: tenants.get(r.tenant)?.displayName,
      industryCloud: r.industryCloud ?? tenants.get(r.tenant)?.industryCloud,
      target: r.target,
      achievable: r.achievable,
      meets: r.meets,
      mechanisms: r.mechanisms,
      regional: r.regional
        ? { possible: r.regional.possible !== false, rtoMinutes: r.regional.rtoMinutes, rpoMinutes: r.regional.rpoMinutes, reason: r.regional.impossible }
        : undefined,
    }));
    // Misses first: they are what a reviewer must look at.
    rows.sort((a, b) => Number(a.meets !== false) - Number(b.meets !== false) || a.subject.localeCompare(b.subject));
    return { source: 'planner', rows };
  }
  return {
    source: 'targets',
    rows: (p.industryClouds ?? []).map((ic) => ({ subject: ic.code, level: 'industry-cloud' as const, displayName: ic.displayName, industryCloud: ic.code, target: ic.recovery ?? undefined })),
  };
}

function offerings(p: ProvinceRecord): OfferingSummary[] | undefined {
  if (!p.middleware) return undefined;
  const granted = new Map<string, string[]>();
  for (const t of p.tenants ?? []) for (const g of t.grants ?? []) granted.set(g.offering, [...(granted.get(g.offering) ?? []), t.code]);
  return (p.middleware.offerings ?? [])
    .map((o) => ({
      name: o.name,
      kind: o.kind,
      namespace: o.namespace,
      clusters: [...(o.clusters ?? [])],
      endpoint: o.endpoint?.host ? `${o.endpoint.host}${o.endpoint.port ? `:${o.endpoint.port}` : ''}` : undefined,
      operator: o.operator,
      grantedTo: [...new Set([...(o.grants ?? []), ...(granted.get(o.name) ?? [])])].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Optional sections (written by later layers) that this province does not have. */
const OPTIONAL_SECTIONS = ['middleware', 'recovery', 'placementPolicy'] as const;

/** The review of one province of the head output. */
export function reviewProvince(p: ProvinceRecord, out: SynthOutput, idx: NamespaceIndex = new NamespaceIndex(out)): ProvinceReview {
  const dataClassOf = new Map((p.industryClouds ?? []).map((ic) => [ic.code, ic.dataClass]));
  const maps: ProvinceMaps = {
    clouds: new Map((p.clusters ?? []).map((c) => [c.name, c.cloud])),
    offerings: new Map((p.middleware?.offerings ?? []).map((o) => [o.name, o])),
  };
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
      tenants: (p.tenants ?? []).filter((t) => t.industryCloud === ic.code).map((t) => t.code).sort(),
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
      tenantsWithProblems: isolation.filter((t) => t.problems.length > 0).length,
    },
    offerings: offerings(p),
    recovery: recovery(p),
    topology: topologyMermaid(p),
    notDeclared: OPTIONAL_SECTIONS.filter((s) => p[s] === undefined),
  };
}
