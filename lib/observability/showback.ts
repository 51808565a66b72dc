/** Showback (资源核算): what each department reserves where, and the shared middleware it is granted. */
import type { ITenant } from '../core/contracts';
import type { IGrantGraph } from '../core/extension';
import type { Amounts, ShowbackRecord } from '../schema/inventory';

function amounts(q: { cpu: number; memoryGi: number; storageGi?: number; pods?: number }): Amounts {
  const out: Record<string, number> = { cpu: q.cpu, memoryGi: q.memoryGi };
  if (q.storageGi !== undefined) out.storageGi = q.storageGi;
  return out;
}

function add(a: Amounts, b: Amounts): Amounts {
  const out: Record<string, number> = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b)) out[k] = Math.round(((out[k] ?? 0) + (v ?? 0)) * 1000) / 1000;
  return out;
}

/** One record per department, sorted by code; linear in tenants plus grants. */
export function showbackOf(tenants: readonly ITenant[], graph: IGrantGraph | undefined): ShowbackRecord[] {
  const grants = new Map<ITenant, Array<{ offering: string; kind: string; clusters: string[] }>>();
  for (const e of graph?.grantEdges() ?? []) {
    let list = grants.get(e.tenant);
    if (!list) grants.set(e.tenant, (list = []));
    list.push({ offering: e.offering, kind: e.kind, clusters: [...e.clusters].sort() });
  }
  return [...tenants]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) => {
      const clusters: Record<string, Amounts> = {};
      let reserved: Amounts = {};
      let burstMax: Amounts | undefined;
      for (const p of t.placements) {
        if (p.kind === 'burst') {
          burstMax = amounts(p.quota);
          continue;
        }
        clusters[p.cluster.name] = amounts(p.quota);
        reserved = add(reserved, amounts(p.quota));
      }
      return {
        tenant: t.code,
        industryCloud: t.industryCloud.code,
        clusters,
        reserved,
        ...(burstMax ? { burstMax } : {}),
        grants: (grants.get(t) ?? []).sort((a, b) => a.offering.localeCompare(b.offering)),
      };
    });
}
