import type { ITenant, TenantPlacement } from '../../../core/contracts';
import { quantityBytes } from '../../../core/quantities';
import { asList } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { builtHere, perRun, placementsByCluster } from '../per-run';

/** The value of a quantity (`"500m"` = 0.5, `"2k"` = 2000, `"256Gi"` in bytes); undefined when it is not one. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number' && Number.isFinite(q)) return q;
  if (typeof q !== 'string') return undefined;
  const milli = /^([0-9]+(?:\.[0-9]+)?)m$/.exec(q.trim());
  if (milli) return Number(milli[1]) / 1000;
  return quantityBytes(q);
}

const GI = 2 ** 30;

/** What the department's declared share on a placement bounds, as ResourceQuota keys and the amount each must not exceed. */
function declaredShare(p: TenantPlacement): Array<{ keys: readonly string[]; limit: number; what: string; bytes?: boolean }> {
  const q = p.quota ?? ({} as TenantPlacement['quota']);
  const out: Array<{ keys: readonly string[]; limit: number; what: string; bytes?: boolean }> = [];
  // An amount the gate refuses (negative, not finite, fractional pods) is its problem, reported there, not a share.
  const amount = (x: unknown, whole = false): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && (!whole || Number.isInteger(x));
  if (amount(q.cpu)) {
    out.push({ keys: ['requests.cpu', 'cpu'], limit: q.cpu, what: `${q.cpu} CPU cores requested` });
    out.push({ keys: ['limits.cpu'], limit: q.cpu, what: `${q.cpu} CPU cores of limits` });
  }
  if (amount(q.memoryGi)) {
    out.push({ keys: ['requests.memory', 'memory'], limit: q.memoryGi * GI, what: `${q.memoryGi} GiB of memory requested`, bytes: true });
    out.push({ keys: ['limits.memory'], limit: q.memoryGi * GI, what: `${q.memoryGi} GiB of memory limits`, bytes: true });
  }
  if (amount(q.storageGi)) out.push({ keys: ['requests.storage'], limit: q.storageGi * GI, what: `${q.storageGi} GiB of volume storage`, bytes: true });
  if (amount(q.pods, true)) out.push({ keys: ['pods'], limit: q.pods, what: `${q.pods} pods` });
  return out;
}

/**
 * The tightest bound the ResourceQuotas of a namespace put on a key (quotas add up as an intersection: every quota must
 * admit a pod, so the smallest hard value is the one enforced). A quota with a scope (`scopes`, `scopeSelector`)
 * bounds only some pods and does not count. Undefined when no quota bounds the key.
 */
function enforcedBound(quotas: readonly ViewResource[], keys: readonly string[]): number | undefined {
  let bound: number | undefined;
  for (const q of quotas) {
    const spec = (q.object?.spec ?? {}) as Record<string, any>;
    if (asList(spec.scopes).length > 0 || spec.scopeSelector) continue;
    const hard = (spec.hard ?? {}) as Record<string, unknown>;
    for (const k of keys) {
      const v = quantityValue(hard[k]);
      if (v !== undefined && (bound === undefined || v < bound)) bound = v;
    }
  }
  return bound;
}

/** Whether a namespace has a LimitRange giving every container a default limit of cpu and memory (pods without one are not unbounded). */
function hasContainerLimits(ctx: RuleContext, cluster: string, ns: string): boolean {
  return ctx
    .inNamespace(cluster, ns)
    .some((x) => x.kind === 'LimitRange' && asList((x.object?.spec as any)?.limits).some((l: any) => l?.type === 'Container' && l?.default?.cpu !== undefined && l?.default?.memory !== undefined));
}

/** Where a tenant is placed, with a readable name: `wjw on hz-a-core`, `jyt-yuhang on hz-a-core (edge)`. */
function placementName(t: ITenant, p: TenantPlacement): string {
  return `department "${t.code}" in namespace "${p.namespace}" on cluster "${p.cluster?.name}"${p.kind && p.kind !== 'home' ? ` (${p.kind})` : ''}`;
}

/**
 * MLPS3-57: every department namespace on every cluster it is placed on (home, burst and edge placements alike) is held
 * to the share the department was allocated: a ResourceQuota enforces cpu, memory (requests and limits), storage and
 * pods no higher than its declared quota, and a LimitRange bounds containers that declare nothing. Judged from the
 * tenant model's placements and the objects in each namespace, not from labels.
 */
export const resourcesAllocatedByPolicy: ComplianceRule<'tenant'> = {
  id: 'MLPS3-57',
  name: 'Resources are allocated to departments by policy',
  nameZh: '云计算集中管控：资源按策略统一分配',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.5.1 a'],
  severity: 'error',
  description:
    "For every placement of every department (each cluster of its industry cloud, its burst cluster, its edge zones), its namespace on that cluster has a ResourceQuota (unscoped) that enforces no more than the department's declared share there: requests and limits of cpu and memory, and storage and pods where the share bounds them; and a LimitRange giving containers default cpu and memory limits. The placements come from the tenant model, not from namespace labels, so a namespace cannot leave the policy by dropping its tenant label. The sum of the shares on a cluster above its declared capacity is a warning (the allocation is then not backed by the cluster). How the scheduler and the cloud platform allocate physical resources is manual evidence.",
  remediation:
    "Keep the tenant layer's `tenant-quota` ResourceQuota and `tenant-defaults` LimitRange in every namespace of a department (they are derived from its quota, burst and edge options); do not raise them by hand or with another quota; give clusters the capacity the departments' shares need.",
  subject: 'tenant',
  check: function resourcesAllocatedByPolicy(t: ITenant, ctx: RuleContext) {
    const placements = Array.isArray(t.placements) ? t.placements : [];
    if (placements.length === 0 || !builtHere(ctx, t)) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const p of placements) {
      const cluster = p?.cluster?.name;
      if (typeof cluster !== 'string' || typeof p.namespace !== 'string') continue;
      const where = placementName(t, p);
      const quotas = ctx.inNamespace(cluster, p.namespace).filter((x) => x.kind === 'ResourceQuota');
      const share = declaredShare(p);
      const unbounded: string[] = [];
      const above: string[] = [];
      for (const s of share) {
        const bound = enforcedBound(quotas, s.keys);
        if (bound === undefined) unbounded.push(s.keys[0]);
        else if (bound > s.limit * (1 + 1e-9)) above.push(`${s.keys[0]} up to ${s.bytes ? `${round(bound / GI)} GiB` : round(bound)} (share: ${s.what})`);
      }
      if (quotas.length === 0) {
        out.push({
          message: `${where} has no ResourceQuota: its allocated share is not enforced`,
          fix: "keep the tenant layer's tenant-quota ResourceQuota in the namespace (it is derived from the department's quota)",
        });
      } else {
        if (unbounded.length > 0)
          out.push({
            message: `${where}: no unscoped ResourceQuota bounds ${unbounded.join(', ')}, so the department can take more than its allocated share`,
            fix: "keep the tenant layer's tenant-quota ResourceQuota unchanged (a quota with scopes bounds only some pods)",
          });
        if (above.length > 0)
          out.push({
            message: `${where}: its ResourceQuotas allow more than the department's declared share: ${above.join('; ')}`,
            fix: "change the department's quota option (burst.maxCpu, edge quota) instead of the ResourceQuota, so allocation follows the declared policy",
          });
      }
      if (!hasContainerLimits(ctx, cluster, p.namespace)) {
        out.push({ message: `${where} has no LimitRange giving containers default cpu and memory limits`, fix: "keep the tenant layer's tenant-defaults LimitRange (containerDefaults)" });
      }
    }
    out.push(...overCommitted(t, ctx));
    return out;
  },
};

/** A warning on the first department (in code order) placed on a cluster whose declared capacity its departments' shares exceed. */
function overCommitted(t: ITenant, ctx: RuleContext): Violation[] {
  const totals = perContext(ctx);
  const out: Violation[] = [];
  for (const p of Array.isArray(t.placements) ? t.placements : []) {
    const c = p?.cluster;
    const entry = c?.name !== undefined ? totals.get(c.name) : undefined;
    if (!entry || entry.first !== t.code || !c.capacity) continue;
    const over: string[] = [];
    if (typeof c.capacity.cpu === 'number' && entry.cpu > c.capacity.cpu) over.push(`${round(entry.cpu)} CPU cores of ${c.capacity.cpu}`);
    if (typeof c.capacity.memoryGi === 'number' && entry.memoryGi > c.capacity.memoryGi) over.push(`${round(entry.memoryGi)} GiB of memory of ${c.capacity.memoryGi}`);
    if (over.length > 0)
      out.push({
        message: `the departments' shares on cluster "${c.name}" add up to ${over.join(' and ')} it declares: the allocation is not backed by the cluster`,
        fix: "raise the cluster's declared capacity (and its nodes), or lower departments' quotas",
        severity: 'warning',
        path: ctx.hubOfCluster(c.name) ? `${ctx.hubOfCluster(c.name)!.path}/clusters/${c.name}` : undefined,
      });
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The shares of every department by cluster, and the first department (by code) placed there, once per run. */
function perContext(ctx: RuleContext): Map<string, { cpu: number; memoryGi: number; first: string }> {
  return perRun(ctx, 'mlps3-57:totals', (c) => {
    const m = new Map<string, { cpu: number; memoryGi: number; first: string }>();
    for (const [cluster, list] of placementsByCluster(c)) {
      const e = { cpu: 0, memoryGi: 0, first: list[0].tenant.code };
      for (const { tenant, placement } of list) {
        e.cpu += typeof placement.quota?.cpu === 'number' ? placement.quota.cpu : 0;
        e.memoryGi += typeof placement.quota?.memoryGi === 'number' ? placement.quota.memoryGi : 0;
        if (tenant.code < e.first) e.first = tenant.code;
      }
      m.set(cluster, e);
    }
    return m;
  });
}
