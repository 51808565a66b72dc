/**
 * The topology of a province as a Mermaid flowchart: the hub, its sites (dual-active pair and disaster-recovery
 * centre), clusters, county edge zones under their site, industry clouds with their tenants, shared middleware and
 * burst edges to public clusters.
 */
import { mermaidText } from '../private/report-text';
import type { ProvinceRecord } from './inputs';
import type { OfferingSummary } from './model';

export { mermaidText } from '../private/report-text';

/** A node id from a kind and a code: letters, digits and `_` only (codes are DNS-1123, other characters are hex-escaped). */
export function mermaidId(kind: string, code: string): string {
  return `${kind}_${code.replace(/-/g, '_').replace(/[^a-z0-9_]/gi, (c) => `x${c.codePointAt(0)!.toString(16)}`)}`;
}

/** A quoted label from lines (joined with `<br/>`, Mermaid's line break). */
function label(...lines: Array<string | undefined>): string {
  return `"${lines
    .filter((l): l is string => l !== undefined && l !== '')
    .map(mermaidText)
    .join('<br/>')}"`;
}

const MAX_TENANT_NAMES = 4;

/**
 * The flowchart of one province (without the surrounding code fence). `offerings`, the shelf as found in the
 * stacks, adds each PostgreSQL database that spans sites: its primary and replica clusters, and an edge between them.
 */
export function topologyMermaid(p: ProvinceRecord, offerings?: readonly OfferingSummary[]): string {
  const lines: string[] = ['flowchart TB'];
  const hub = mermaidId('hub', p.province);
  lines.push(`  ${hub}[${label(p.displayName ?? p.province, `hub ${p.province} · MLPS level ${p.mlpsLevel ?? '?'}`, p.registry ? `registry ${p.registry}` : undefined)}]`);

  const sites = p.sites ?? [];
  const clusters = p.clusters ?? [];
  const siteNames = new Set(sites.map((s) => s.name));
  for (const s of sites) {
    const sid = mermaidId('site', s.name);
    // One line: a two-line subgraph title overlaps the first node in the rendered diagram.
    lines.push(`  subgraph ${sid}[${label(`${s.displayName ?? s.name} · ${s.name} · ${s.city ?? '?'} · ${s.role ?? '?'}`)}]`);
    for (const c of clusters.filter((c) => c.site === s.name)) lines.push(`    ${clusterNode(c)}`);
    // Counties (区县边缘节点) under the site they link to.
    for (const z of (p.edgeZones ?? []).filter((z) => z.site === s.name)) lines.push(`    ${edgeZoneNode(z)}`);
    lines.push('  end');
  }
  for (const z of p.edgeZones ?? []) {
    if (!clusters.some((c) => c.name === z.cluster)) continue;
    const link = [z.linkLatencyMs !== undefined ? `${z.linkLatencyMs} ms` : undefined, z.linkBandwidthMbps !== undefined ? `${z.linkBandwidthMbps} Mbit/s` : undefined].filter(Boolean).join(' · ');
    lines.push(`  ${mermaidId('cluster', z.cluster)} -.-|${label(`edge 边缘${link ? ` · ${link}` : ''}`)}| ${mermaidId('edge', z.name)}`);
  }
  for (const c of clusters.filter((c) => !c.site || !siteNames.has(c.site))) lines.push(`  ${clusterNode(c)}`);

  // Two sites, three centres: PRODUCTION sites of one city are the dual-active pair; the DR centre backs them up.
  const production = sites.filter((s) => s.role === 'PRODUCTION');
  const byCity = new Map<string, string[]>();
  for (const s of production) byCity.set(s.city ?? '', [...(byCity.get(s.city ?? '') ?? []), s.name]);
  for (const names of byCity.values()) {
    for (let i = 1; i < names.length; i++) lines.push(`  ${mermaidId('site', names[0])} <-->|${label('dual-active 双活')}| ${mermaidId('site', names[i])}`);
  }
  for (const dr of sites.filter((s) => s.role === 'DISASTER_RECOVERY')) {
    for (const s of production) lines.push(`  ${mermaidId('site', s.name)} -.->|${label('backup / DR 灾备')}| ${mermaidId('site', dr.name)}`);
  }

  // Industry clouds and their clusters.
  const tenants = p.tenants ?? [];
  for (const ic of p.industryClouds ?? []) {
    const members = tenants.filter((t) => t.industryCloud === ic.code);
    const names = members.slice(0, MAX_TENANT_NAMES).map((t) => t.displayName ?? t.code);
    const more = members.length > MAX_TENANT_NAMES ? ` … +${members.length - MAX_TENANT_NAMES}` : '';
    const iid = mermaidId('ic', ic.code);
    lines.push(
      `  ${iid}[${label(
        ic.displayName ?? ic.code,
        `${ic.code} · ${ic.dataClass ?? '?'}${ic.recovery ? ` · RTO ${ic.recovery.rtoMinutes}m RPO ${ic.recovery.rpoMinutes}m` : ''}`,
        `${members.length} tenant${members.length === 1 ? '' : 's'}${names.length ? `: ${names.join('、')}${more}` : ''}`,
      )}]`,
    );
    lines.push(`  ${hub} --> ${iid}`);
    for (const c of ic.clusters ?? []) if (clusters.some((x) => x.name === c)) lines.push(`  ${iid} --> ${mermaidId('cluster', c)}`);
  }

  // Burst: tenants that may overflow to a (public) cluster, aggregated per industry cloud and cluster.
  const burst = new Map<string, { ic: string; cluster: string; tenants: number; maxCpu: number }>();
  for (const t of tenants) {
    if (!t.burst?.cluster || !t.industryCloud) continue;
    const k = `${t.industryCloud}\u0000${t.burst.cluster}`;
    const e = burst.get(k) ?? { ic: t.industryCloud, cluster: t.burst.cluster, tenants: 0, maxCpu: 0 };
    e.tenants += 1;
    e.maxCpu += t.burst.maxCpu ?? 0;
    burst.set(k, e);
  }
  for (const e of [...burst.values()].sort((a, b) => `${a.ic}/${a.cluster}`.localeCompare(`${b.ic}/${b.cluster}`))) {
    lines.push(`  ${mermaidId('ic', e.ic)} -. ${label(`burst 弹性 ×${e.tenants}, ≤${e.maxCpu} cores`)} .-> ${mermaidId('cluster', e.cluster)}`);
  }

  // Shared middleware shelf: one box on the hub (an edge per offering and cluster would cross everything).
  const shelfOfferings = p.middleware?.offerings ?? [];
  const topologies = new Map((offerings ?? []).filter((o) => o.topology?.mode === 'distributed').map((o) => [o.name, o.topology!]));
  if (shelfOfferings.length > 0) {
    const shelf = mermaidId('shelf', p.province);
    lines.push(`  subgraph ${shelf}[${label('shared middleware 共享中间件')}]`);
    for (const o of shelfOfferings) {
      const where = (o.clusters ?? []).join(', ');
      const t = topologies.get(o.name);
      const spans = t ? `primary ${t.primary ?? '?'} → replica ${t.replicas.join(', ')}` : undefined;
      lines.push(
        `    ${mermaidId('mw', o.name)}[(${label(o.name, `${o.kind ?? 'middleware'}${o.endpoint?.port ? ` :${o.endpoint.port}` : ''}`, spans ?? (where ? `on ${where}` : undefined), `granted to ${(o.grants ?? []).length}`)})]`,
      );
    }
    lines.push('  end');
    lines.push(`  ${hub} --- ${shelf}`);
    // One database over two sites: the primary's cluster replicates to the replica clusters (an edge per database).
    for (const [name, t] of [...topologies].sort(([a], [b]) => a.localeCompare(b))) {
      if (!t.primary || !clusters.some((c) => c.name === t.primary)) continue;
      for (const r of t.replicas.filter((x) => clusters.some((c) => c.name === x))) {
        lines.push(`  ${mermaidId('cluster', t.primary)} ==>|${label(`${name}: primary → replica 主备`)}| ${mermaidId('cluster', r)}`);
      }
    }
  }

  lines.push('  classDef public fill:#fff4e5,stroke:#e8a33d');
  lines.push('  classDef hubNode fill:#e8f0fe,stroke:#3b6fd8');
  lines.push(`  class ${hub} hubNode`);
  const publics = clusters.filter((c) => c.cloud === 'PUBLIC').map((c) => mermaidId('cluster', c.name));
  if (publics.length > 0) lines.push(`  class ${publics.join(',')} public`);
  return lines.join('\n');
}

function clusterNode(c: { name: string; displayName?: string; cloud?: string; arch?: string; capacity?: { cpu?: number } }): string {
  return `${mermaidId('cluster', c.name)}[${label(c.displayName ?? c.name, `${c.name} · ${c.cloud ?? '?'} · ${c.arch ?? '?'}`, c.capacity?.cpu !== undefined ? `${c.capacity.cpu} cores` : undefined)}]`;
}

/** A county edge zone: its node pool, whether its network enforces NetworkPolicy, and the departments there. */
function edgeZoneNode(z: NonNullable<ProvinceRecord['edgeZones']>[number]): string {
  const tenants = (z.tenants ?? []).map((t) => t.tenant);
  return `${mermaidId('edge', z.name)}[${label(
    `${z.displayName ?? z.name} · county ${z.name}`,
    `pool ${z.nodePool} · NetworkPolicy ${z.enforcesNetworkPolicy ? 'enforced' : 'not enforced'}`,
    tenants.length > 0 ? `${tenants.length} tenant${tenants.length === 1 ? '' : 's'}: ${tenants.slice(0, MAX_TENANT_NAMES).join(', ')}${tenants.length > MAX_TENANT_NAMES ? ' …' : ''}` : 'no tenant',
  )}]`;
}
