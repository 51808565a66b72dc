/** The review of the observability section: showback per industry cloud, and the domain diff of alerting. */
import type { ObservabilitySection, ProvinceRecord } from '../schema/inventory';
import type { DomainChange, ProvinceReview, ShowbackByCloud } from '../schema/review';
import { details, type Block } from './markdown-format';

/** Showback per industry cloud, sorted by code; undefined when the output has no observability section. */
export function showbackByCloud(p: ProvinceRecord): ShowbackByCloud[] | undefined {
  const s = p.observability;
  if (!s) return undefined;
  const by = new Map<string, { tenants: number; reserved: Record<string, number>; grants: Record<string, number> }>();
  for (const r of s.showback ?? []) {
    let e = by.get(r.industryCloud);
    if (!e) by.set(r.industryCloud, (e = { tenants: 0, reserved: {}, grants: {} }));
    e.tenants++;
    for (const [k, v] of Object.entries(r.reserved ?? {})) e.reserved[k] = Math.round(((e.reserved[k] ?? 0) + (v ?? 0)) * 1000) / 1000;
    for (const g of r.grants ?? []) e.grants[g.offering] = (e.grants[g.offering] ?? 0) + 1;
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([industryCloud, e]) => ({ industryCloud, tenants: e.tenants, reserved: e.reserved, grants: Object.fromEntries(Object.entries(e.grants).sort(([a], [b]) => a.localeCompare(b))) }));
}

/** The Markdown blocks of the showback (collapsed: reviewers open it when quotas change). */
export function showbackBlocks(p: ProvinceReview): Block[] {
  if (!p.showback) return [];
  const rows = p.showback.map((s) => [
    s.industryCloud,
    String(s.tenants),
    String(s.reserved.cpu ?? 0),
    String(s.reserved.memoryGi ?? 0),
    String(s.reserved.storageGi ?? 0),
    Object.entries(s.grants)
      .map(([o, n]) => `${o} ×${n}`)
      .join(', ') || '—',
  ]);
  return details(
    '<b>Showback (资源核算)</b>: reserved per industry cloud',
    [{ kind: 'table', table: { header: ['industry cloud', 'departments', 'cores', 'memory Gi', 'storage Gi', 'middleware grants'], rows, what: 'industry clouds' }, priority: 2 }],
    2,
  );
}

/** Changes to alerting: departments' receivers, grant-derived inhibitions, retention and monitored clusters. */
export function diffObservability(province: string, b: ObservabilitySection | undefined, h: ObservabilitySection | undefined): DomainChange[] {
  const out: DomainChange[] = [];
  if (!b && !h) return out;
  if (!b || !h) {
    out.push({
      kind: 'observability-changed',
      province,
      subject: 'observability',
      destructive: false,
      message: h ? 'observability is turned on (monitoring stack, department alerting)' : 'observability is turned off: no monitoring stack, department alerts stop',
    });
    return out;
  }
  if (b.retentionDays !== h.retentionDays || b.clusters.join() !== h.clusters.join()) {
    out.push({
      kind: 'observability-changed',
      province,
      subject: 'observability',
      before: { retentionDays: b.retentionDays, clusters: b.clusters },
      after: { retentionDays: h.retentionDays, clusters: h.clusters },
      destructive: false,
      message: `monitoring: retention ${b.retentionDays} → ${h.retentionDays} days, clusters ${b.clusters.join(', ')} → ${h.clusters.join(', ')}`,
    });
  }
  for (const t of [...new Set([...Object.keys(b.alerting), ...Object.keys(h.alerting)])].sort()) {
    const before = (b.alerting[t] ?? []).join(', ');
    const after = (h.alerting[t] ?? []).join(', ');
    if (before !== after) {
      out.push({
        kind: 'alerting-changed',
        province,
        subject: t,
        before: b.alerting[t],
        after: h.alerting[t],
        destructive: false,
        message: `alerts of ${t} go to ${after || "the platform's receivers"} (were ${before || "the platform's receivers"})`,
      });
    }
  }
  const key = (i: { cluster: string; offering: string }) => `${i.cluster}/${i.offering}`;
  const bi = new Map(b.inhibitions.map((i) => [key(i), i]));
  const hi = new Map(h.inhibitions.map((i) => [key(i), i]));
  for (const k of [...new Set([...bi.keys(), ...hi.keys()])].sort()) {
    const before = new Set(bi.get(k)?.tenants ?? []);
    const after = new Set(hi.get(k)?.tenants ?? []);
    const [cluster, offering] = k.split('/');
    for (const t of [...after].filter((x) => !before.has(x)).sort()) {
      out.push({ kind: 'inhibition-added', province, subject: t, destructive: false, message: `${offering} down on ${cluster} now silences ${t}'s alerts there (granted ${offering})` });
    }
    for (const t of [...before].filter((x) => !after.has(x)).sort()) {
      out.push({ kind: 'inhibition-removed', province, subject: t, destructive: false, message: `${offering} down on ${cluster} no longer silences ${t}'s alerts there (grant removed)` });
    }
  }
  return out;
}
