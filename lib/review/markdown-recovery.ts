/**
 * The recovery and placement sections of the Markdown review: objectives against what the mechanisms achieve,
 * backups, the DR centre, burst and 信创 placement.
 */
import { mdCode, mdText } from '../private/report-text';
import type { Amounts, Minutes } from './inputs';
import { type Block, details, fmtFigures, fmtMin, fmtNumber, fmtRecovery, fmtShare, plural } from './markdown-format';
import type { PostgresTopology, ProvinceReview, RecoveryRow } from './model';

export function fmtTopology(t: PostgresTopology): string {
  if (t.mode === 'independent') return `a database per cluster${t.walArchive ? ` · WAL to ${mdCode(t.walArchive)}` : ''}`;
  const parts = [`one database: primary ${t.primary ? mdCode(t.primary) : '❌ none'} → replica ${t.replicas.map(mdCode).join(' ') || '–'}`];
  parts.push(t.primaryEndpoint ? `replica sites write to ${mdCode(t.primaryEndpoint)}` : 'replicas follow the WAL archive; tenants on replica sites read only');
  if (t.walArchive) parts.push(`WAL to ${mdCode(t.walArchive)}`);
  const crons = [...new Set(t.baseBackups.map((b) => b.schedule ?? '?'))];
  parts.push(t.baseBackups.length ? `base backups on ${t.baseBackups.map((b) => mdCode(b.cluster)).join(' ')} (${crons.map(mdCode).join(', ')})` : 'no base backups');
  return parts.join(' · ');
}

/** `7 cpu, 25 Gi, 1,500 Gi storage, 5 pods` */
export function fmtAmounts(a: Amounts): string {
  return [
    a.cpu !== undefined ? `${fmtNumber(a.cpu)} cpu` : undefined,
    a.memoryGi !== undefined ? `${fmtNumber(a.memoryGi)} Gi` : undefined,
    a.storageGi !== undefined ? `${fmtNumber(a.storageGi)} Gi storage` : undefined,
    a.pods !== undefined ? `${fmtNumber(a.pods)} pods` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A mechanism in the tenant's recovery row: shared middleware (`postgresql:postgres`) with its figures, the others by name. */
export function mechanismText(m: unknown): string {
  const name = mechanismName(m);
  if (!name.includes(':') || typeof m !== 'object' || m === null) return name;
  return `${name} (${fmtFigures(m as { rtoMinutes?: Minutes; rpoMinutes?: Minutes })})`;
}

/** A recovery mechanism as the planner names it (`id`), or its kind or name. */
export function mechanismName(m: unknown): string {
  if (typeof m === 'string') return m;
  if (typeof m === 'object' && m !== null) {
    const o = m as Record<string, unknown>;
    const name = o.id ?? o.kind ?? o.name;
    if (typeof name === 'string') return name;
  }
  return JSON.stringify(m);
}

/** A planner range `[optimistic, conservative]` in minutes: `2.5–7 min`. */
export function fmtRange(r: [Minutes, Minutes]): string {
  const [lo, hi] = r;
  if (hi === 'unbounded' || hi === null || lo === null || lo === 'unbounded') return fmtMin(hi);
  return lo === hi ? fmtMin(hi) : `${fmtNumber(lo)}–${fmtNumber(hi)} min`;
}

export function fmtMinutes(m: number | undefined): string {
  if (m === undefined) return '?';
  return m >= 120 && m % 60 === 0 ? `${m / 60} h` : `${fmtNumber(m)} min`;
}

export function fmtBackup(b: NonNullable<RecoveryRow['backup']>): string {
  const queued = (b.achievedIntervalMinutes ?? 0) > (b.intervalMinutes ?? 0) ? ` (⚠️ ${fmtMinutes(b.achievedIntervalMinutes)} with the cluster's queue)` : '';
  const missing = b.clusters.filter((c) => !b.scheduledOn.includes(c));
  return `every ${fmtMinutes(b.intervalMinutes)}${queued}, kept ${b.retentionDays ?? '?'} d${missing.length ? ` · ❌ no Schedule on ${missing.join(', ')}` : ''}`;
}

export function fmtRegional(r: NonNullable<RecoveryRow['regional']>, sharedReason: boolean): string {
  const figures = fmtFigures(r);
  const target = r.target ? ` (target RTO ${r.target.rtoMinutes} · RPO ${r.target.rpoMinutes})` : '';
  if (r.possible) return `${figures}${target}`;
  return `✗ not possible${sharedReason ? '' : `: ${mdText(r.reason ?? '')}`}${r.rtoMinutes !== undefined ? ` (once possible: ${figures})` : ''}${target}`;
}

export function recoveryBlocks(p: ProvinceReview, h: string): Block[] {
  const blocks: Block[] = [{ kind: 'text', text: `${h} Recovery\n\n`, priority: 1 }];
  const rec = p.recovery;
  const unprotected = rec.unprotected.length
    ? `❌ **${plural(rec.unprotected.length, 'tenant')} of industry clouds with a recovery objective ${rec.unprotected.length === 1 ? 'has' : 'have'} no Velero schedule in these stacks**: ${rec.unprotected.slice(0, 12).map(mdCode).join(', ')}${rec.unprotected.length > 12 ? ', …' : ''}${p.published ? " (a city project's tenants are not in the hub's recovery plan)" : ''}.\n\n`
    : '';
  if (rec.source === 'targets') {
    blocks.push({
      kind: 'text',
      text: `${unprotected}*Achievable RTO/RPO: not computed in this output (no \`recovery\` section in the inventory${p.published ? "; the hub's recovery plan is in the hub's output" : ''}); targets only.*\n\n`,
      priority: 0,
    });
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['industry cloud', 'target', 'achievable'],
        rows: rec.rows.map((r) => [`${mdCode(r.subject)} ${mdText(r.displayName ?? '')}`, fmtRecovery(r.target), 'not computed']),
        what: 'industry clouds',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
    return blocks;
  }
  const misses = rec.rows.filter((r) => r.meets === false).length;
  const tightest = rec.rows.find((r) => r.meets !== false && r.usedShare !== undefined);
  const lines: string[] = [];
  lines.push(
    `${misses === 0 ? `✅ all ${plural(rec.rows.length, 'tenant')} meet their targets` : `❌ **${plural(misses, 'tenant')} ${misses === 1 ? 'misses its' : 'miss their'} target** (listed first) of ${rec.rows.length}`}` +
      (tightest
        ? ` · tightest: ${mdCode(tightest.subject)} at ${fmtShare(tightest.usedShare)} of its target (achievable ${fmtRecovery(tightest.achievable)} for ${fmtRecovery(tightest.target)})`
        : ''),
  );
  if (rec.setup)
    lines.push(
      `Volumes between the production sites: **${mdText(rec.setup.metroStorageReplication ?? 'none')}** replication · backups to ${rec.setup.backupLocation ? mdText(rec.setup.backupLocation) : '❌ no backup location'}`,
    );
  for (const x of rec.regionalImpossible ?? [])
    lines.push(
      `⚠️ Both production sites lost: restoring at the DR centre is **not possible** for ${x.tenants.length === rec.rows.length ? `every tenant (${x.tenants.length})` : `${plural(x.tenants.length, 'tenant')} (${x.tenants.slice(0, 8).map(mdCode).join(', ')}${x.tenants.length > 8 ? ', …' : ''})`}: ${mdText(x.reason)}`,
    );
  if ((rec.backupsQueued ?? []).length > 0)
    lines.push(
      `⚠️ Backups queued behind each other on their cluster run less often than planned for ${plural(rec.backupsQueued!.length, 'tenant')}: ${rec.backupsQueued!.slice(0, 8).map(mdCode).join(', ')}`,
    );
  blocks.push({ kind: 'text', text: `${unprotected}${lines.join('  \n')}\n\n`, priority: 0 });
  if ((rec.middleware ?? []).length > 0) {
    blocks.push({ kind: 'text', text: "**Shared middleware when a production site is lost** (the planner's figures; the worst over the tenants using it):\n\n", priority: 1 });
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['mechanism', 'used by', 'RPO', 'RTO', 'how'],
        rows: rec.middleware!.map((m) => [
          mdCode(m.mechanism),
          plural(m.tenants.length, 'tenant'),
          m.rpoMinutes === null ? 'no data of record' : fmtMin(m.rpoMinutes),
          fmtMin(m.rtoMinutes),
          mdText(m.description ?? ''),
        ]),
        what: 'mechanisms',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
  }
  const regional = rec.rows.some((r) => r.regional);
  const shared = (rec.regionalImpossible ?? []).length === 1;
  blocks.push(
    ...details(
      'Recovery table: target versus achievable, tightest first',
      [
        {
          kind: 'table',
          priority: 2,
          table: {
            header: [
              '',
              'tenant',
              'industry',
              'target',
              'achievable',
              'range (RPO · RTO)',
              'used',
              'mechanisms',
              'backups',
              'assumptions',
              ...(regional ? ['both production sites lost (DR centre)'] : []),
            ],
            rows: rec.rows.map((r) => [
              r.meets === false ? (r.acceptedShortfall ? '❌ accepted' : '❌') : r.meets === true ? '✅' : '?',
              `${mdCode(r.subject)} ${mdText(r.displayName ?? '')}${r.acceptedShortfall ? ` (${mdText(r.acceptedShortfall)})` : ''}`,
              mdText(r.industryCloud ?? ''),
              fmtRecovery(r.target),
              fmtRecovery(r.achievable),
              r.range ? `${fmtRange(r.range.rpoMinutes)} · ${fmtRange(r.range.rtoMinutes)}` : '–',
              fmtShare(r.usedShare),
              mdText((r.mechanisms ?? []).map(mechanismText).join(', ')),
              r.backup ? fmtBackup(r.backup) : '–',
              r.assumptions ? mdText(r.assumptions.map((a) => `${a.name} ${a.value}${a.drilled ? ` (drilled ${a.drilled})` : ''}`).join(', ')) : '–',
              ...(regional ? [r.regional ? fmtRegional(r.regional, shared) : '–'] : []),
            ]),
            what: 'tenants',
          },
        },
      ],
      2,
      misses > 0,
    ),
  );
  return blocks;
}

export function placementBlocks(p: ProvinceReview, h: string): Block[] {
  const pl = p.placement;
  const parts: string[] = [];
  parts.push(
    `data classes: ${
      Object.entries(pl.dataClasses)
        .map(([c, n]) => `${mdText(c)} ${n}`)
        .join(' · ') || '–'
    }`,
  );
  if (pl.registryAllowList) {
    const r = pl.registryAllowList;
    parts.push(
      `registry allow-list ${r.registry ? mdCode(r.registry) : ''}: ${r.missingOn.length === 0 ? `✅ enforced on ${plural(r.enforcedOn.length, 'cluster')}` : `❌ no admission binding on ${r.missingOn.map(mdCode).join(', ')}`}`,
    );
  }
  if (pl.domesticHardware.tenants.length > 0) {
    const d = pl.domesticHardware;
    parts.push(
      `domestic hardware (信创): ${plural(d.tenants.length, 'tenant')}, ${d.verified === d.namespaces ? '✅' : '❌'} ${d.verified}/${d.namespaces} namespaces with the arm64 node selector and the admission binding`,
    );
  } else parts.push('domestic hardware (信创): no tenant requires it');
  if (pl.dedicatedLine.length > 0) parts.push(`dedicated line (专线) from public clusters: ${pl.dedicatedLine.map(mdCode).join(' ')}`);
  const blocks: Block[] = [{ kind: 'text', text: `${h} Placement\n\n${parts.join('  \n')}\n\n`, priority: 1 }, ...edgeZoneBlocks(p)];
  if (!p.notDeclared.includes('placementPolicy') || p.burst.length > 0) {
    if (p.burst.length === 0) {
      blocks.push({ kind: 'text', text: 'No tenant bursts to a public cluster.\n\n', priority: 1 });
      return blocks;
    }
    const cap = (c: { cpu?: number; memoryGi?: number; pods?: number } | undefined) => (c ? `${fmtNumber(c.cpu)} cores · ${fmtNumber(c.memoryGi)} Gi · ${fmtNumber(c.pods)} pods` : '–');
    blocks.push({ kind: 'text', text: `Burst to public clusters (弹性), as found in the burst namespaces:\n\n`, priority: 1 });
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['tenant', 'data', 'to', 'ceiling', 'quota found', 'autoscalers (max replicas)', 'egress', 'cluster headroom', 'problems'],
        rows: p.burst.map((b) => [
          `${b.problems.length ? '❌' : '✅'} ${mdCode(b.tenant)} ${mdText(b.displayName ?? '')}`,
          mdText(b.dataClass ?? '–'),
          mdCode(b.cluster),
          cap(b.ceiling),
          cap(b.quotaFound),
          mdText(b.autoscalers.map((a) => `${a.name}@${a.cluster} ${a.minReplicas}–${a.maxReplicas}`).join(', ') || '–'),
          b.egress.map(mdCode).join(' ') || '–',
          b.clusterHeadroomCpu === undefined ? '–' : `${fmtNumber(b.clusterHeadroomCpu)} cores free`,
          mdText(b.problems.join('; ')),
        ]),
        what: 'bursting tenants',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
  }
  return blocks;
}

/** County edge zones: where each is, whether its network isolates departments, and who runs there. */
function edgeZoneBlocks(p: ProvinceReview): Block[] {
  const zones = p.edgeZones ?? [];
  if (zones.length === 0) return [];
  return [
    { kind: 'text', text: 'County edge zones (区县边缘节点), pinned to their node pools by the edge admission policy:\n\n', priority: 1 },
    {
      kind: 'table',
      priority: 1,
      table: {
        header: ['zone', 'site · cluster', 'node pool', 'link', 'NetworkPolicy', 'MLPS controls', 'tenants (quota)', 'namespaces'],
        rows: zones.map((z) => [
          `${mdCode(z.name)} ${mdText(z.displayName ?? '')}`,
          `${mdText(z.site)} · ${mdCode(z.cluster)}`,
          mdCode(z.nodePool),
          mdText([z.linkLatencyMs !== undefined ? `${z.linkLatencyMs} ms` : '', z.linkBandwidthMbps !== undefined ? `${z.linkBandwidthMbps} Mbit/s` : ''].filter(Boolean).join(' · ') || '–'),
          z.enforcesNetworkPolicy ? '✅ enforced' : (z.tenants ?? []).length > 1 ? '⚠️ not enforced, shared' : 'not enforced (one department)',
          (z.missingControls ?? []).length === 0 ? '✅ all declared' : mdText(`missing: ${(z.missingControls ?? []).join(', ')}`),
          mdText((z.tenants ?? []).map((t) => `${t.tenant} ${t.dataClass} (${fmtAmounts(t.quota)})`).join(', ') || '–'),
          `${z.namespacesFound === (z.tenants ?? []).length ? '✅' : '❌'} ${z.namespacesFound}/${(z.tenants ?? []).length}`,
        ]),
        what: 'edge zones',
      },
    },
    { kind: 'text', text: '\n', priority: 1 },
  ];
}
