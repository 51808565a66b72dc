/** The domain diff of the sections features write: recovery, the placement policy, burst. */
import { byKey, fmtRecovery, same } from './diff-support';
import type { BurstRecord, PlacementPolicySection, RecoverySection, TenantRecoveryRecord } from './inputs';
import { type DomainChange, minutesText, rpoText } from './model';

/** The recovery set-up, each tenant's achievable recovery and its backups. */
export function diffRecovery(province: string, b: RecoverySection | undefined, h: RecoverySection | undefined): DomainChange[] {
  const out: DomainChange[] = [];
  const push = (c: Omit<DomainChange, 'province'>) => out.push({ province, ...c });
  if (b && h) {
    if ((b.metroStorageReplication ?? 'none') !== (h.metroStorageReplication ?? 'none')) {
      push({
        kind: 'recovery-setup-changed',
        subject: 'metroStorageReplication',
        before: b.metroStorageReplication,
        after: h.metroStorageReplication,
        destructive: false,
        message: `volume replication between the production sites: ${b.metroStorageReplication ?? 'none'} → ${h.metroStorageReplication ?? 'none'}`,
      });
    }
    if (!same(b.backupLocation, h.backupLocation)) {
      const loc = (l: RecoverySection['backupLocation']) => (l ? `${l.endpoint ?? '?'}/${l.bucket ?? '?'}/${l.prefix ?? ''} at ${l.site ?? '?'}` : 'none');
      push({
        kind: 'recovery-setup-changed',
        subject: 'backupLocation',
        before: b.backupLocation ?? null,
        after: h.backupLocation ?? null,
        destructive: false,
        message: `backup location: ${loc(b.backupLocation)} → ${loc(h.backupLocation)}; backups already taken stay where they were and are restored from there only by hand`,
      });
    }
  }
  const br = byKey(b?.tenants, (r) => r.tenant);
  for (const r of h?.tenants ?? []) {
    const o = br.get(r.tenant);
    if (!o || (same(o.target, r.target) && same(o.achievable, r.achievable) && o.meets === r.meets && same(o.regional, r.regional))) continue;
    const parts: string[] = [];
    if (!same(o.target, r.target)) parts.push(`target ${fmtRecovery(o.target)} → ${fmtRecovery(r.target)}`);
    if (!same(o.achievable, r.achievable)) parts.push(`achievable ${fmtRecovery(o.achievable)} → ${fmtRecovery(r.achievable)}`);
    if (!same(o.regional, r.regional)) parts.push(`at the DR centre ${fmtRegional(o.regional)} → ${fmtRegional(r.regional)}`);
    push({
      kind: 'tenant-recovery-changed',
      subject: r.tenant,
      industryCloud: r.industryCloud,
      before: { target: o.target, achievable: o.achievable, meets: o.meets, regional: o.regional },
      after: { target: r.target, achievable: r.achievable, meets: r.meets, regional: r.regional },
      destructive: false,
      message: `recovery of ${r.tenant}: ${parts.join('; ')}${o.meets !== r.meets ? (r.meets ? ' (now meets its target)' : ' (no longer meets its target)') : ''}`,
    });
  }
  // A change that makes an achievable objective worse is flagged on its own, whether or not the target still holds.
  for (const r of h?.tenants ?? []) {
    const o = br.get(r.tenant);
    if (!o) continue;
    const worse: string[] = [];
    const num = (m: unknown) => (m === 'unbounded' ? Number.POSITIVE_INFINITY : typeof m === 'number' ? m : m === null ? 0 : undefined);
    for (const f of ['rpoMinutes', 'rtoMinutes'] as const) {
      const x = num(o.achievable?.[f]);
      const y = num(r.achievable?.[f]);
      if (x !== undefined && y !== undefined && y > x) worse.push(`${f === 'rpoMinutes' ? 'RPO' : 'RTO'} ${minutesText(o.achievable?.[f])} → ${minutesText(r.achievable?.[f])}`);
    }
    const av = [o.achievable?.availability, r.achievable?.availability];
    if (typeof av[0] === 'number' && typeof av[1] === 'number' && av[1] < av[0]) worse.push(`availability ${(av[0] * 100).toFixed(4)} % → ${(av[1] * 100).toFixed(4)} %`);
    if (worse.length === 0) continue;
    push({
      kind: 'recovery-worsened',
      subject: r.tenant,
      industryCloud: r.industryCloud,
      before: o.achievable,
      after: r.achievable,
      destructive: false,
      message: `⚠️ achievable recovery of ${r.tenant} gets worse: ${worse.join(', ')}${r.meets === false ? ' — its target is no longer met' : ''}`,
    });
  }
  const bb = byKey(b?.backups, (x) => x.tenant);
  for (const x of h?.backups ?? []) {
    const o = bb.get(x.tenant);
    if (!o) continue;
    const fields = (['intervalMinutes', 'achievedIntervalMinutes', 'retentionDays', 'clusters'] as const).filter((f) => !same(o[f], x[f]));
    if (fields.length === 0) continue;
    const shorter = (o.retentionDays ?? 0) > (x.retentionDays ?? 0);
    push({
      kind: 'backup-changed',
      subject: x.tenant,
      before: Object.fromEntries(fields.map((f) => [f, o[f]])),
      after: Object.fromEntries(fields.map((f) => [f, x[f]])),
      destructive: false,
      message: `backups of ${x.tenant}: ${fields.map((f) => `${f} ${JSON.stringify(o[f])} → ${JSON.stringify(x[f])}`).join(', ')}${shorter ? ' (shorter retention: older backups expire sooner)' : ''}`,
    });
  }
  return out;
}

/** Registry allow-list, dedicated line and domestic-hardware policy of a province. */
export function diffPlacementPolicy(province: string, b: PlacementPolicySection, h: PlacementPolicySection): DomainChange[] {
  const out: DomainChange[] = [];
  const fields = (['registryAllowList', 'dedicatedLineCidrs', 'dedicatedLinePorts', 'domesticHardwarePolicy'] as const).filter((f) => !same(b[f], h[f]));
  if (fields.length > 0) {
    out.push({
      province,
      kind: 'placement-policy-changed',
      subject: province,
      before: Object.fromEntries(fields.map((f) => [f, b[f] ?? null])),
      after: Object.fromEntries(fields.map((f) => [f, h[f] ?? null])),
      destructive: false,
      message: `placement policy of ${province}: ${fields.map((f) => `${f} ${JSON.stringify(b[f] ?? null)} → ${JSON.stringify(h[f] ?? null)}`).join('; ')}`,
    });
  }
  return out;
}

export function fmtRegional(r: TenantRecoveryRecord['regional']): string {
  if (!r) return 'not computed';
  const figures = `RTO ${minutesText(r.rtoMinutes)}, ${rpoText(r.rpoMinutes)}`;
  return r.possible === false ? `not possible (once possible: ${figures})` : figures;
}

/** `≤ 128 cores, 512 GiB, 600 pods` */
export function burstCeiling(b: BurstRecord): string {
  return [`≤ ${b.maxCpu ?? '?'} cores`, b.maxMemoryGi !== undefined ? `${b.maxMemoryGi} GiB` : undefined, b.maxPods !== undefined ? `${b.maxPods} pods` : undefined].filter(Boolean).join(', ');
}

/** `10.200.0.0/24:443` */
export function burstEgress(b: BurstRecord): string {
  const ports = (b.egressPorts ?? []).join(',');
  return (b.egressCidrs ?? []).map((c) => `${c}${ports ? `:${ports}` : ''}`).join(' ') || 'none';
}

export function burstDelta(a: BurstRecord, b: BurstRecord): string {
  const parts: string[] = [];
  if (a.cluster !== b.cluster) parts.push(`cluster ${a.cluster} → ${b.cluster}`);
  for (const k of ['maxCpu', 'maxMemoryGi', 'maxPods', 'maxStorageGi'] as const) if (a[k] !== b[k]) parts.push(`${k} ${a[k] ?? 'unset'} → ${b[k] ?? 'unset'}`);
  if (!same(a.egressCidrs, b.egressCidrs) || !same(a.egressPorts, b.egressPorts)) parts.push(`egress ${burstEgress(a)} → ${burstEgress(b)}`);
  return parts.join(', ') || 'changes';
}

export function rank(dataClass: string | undefined): number {
  return dataClass === 'CORE' ? 2 : dataClass === 'IMPORTANT' ? 1 : 0;
}

export function grantKey(g: { offering: string; port?: number }): string {
  return g.offering;
}

/** The data classes of a tenant's industry cloud in the base and the head. */
