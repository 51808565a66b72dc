/**
 * The building blocks of the Markdown review: blocks and tables that are cut, least important first, to keep the
 * comment under its budget, and the formatting of figures, counts and changes.
 */
import { mdCode, mdText } from '../private/report-text';
import type { Minutes, RecoveryFigures } from './inputs';
import { availabilityText, type ChangeAction, type DomainChange, minutesText, type ResourceChange } from './model';

export interface Table {
  readonly header: string[];
  readonly rows: string[][];
  /** Plural noun for the truncation note, e.g. "tenants". */
  readonly what: string;
}

/** A piece of the document. Lower priority number = kept longer. */
export type Block =
  { readonly kind: 'text'; readonly text: string; readonly priority: number; readonly droppable?: string } | { readonly kind: 'table'; readonly table: Table; readonly priority: number };

export function renderTable(t: Table, limit: number): string {
  const rows = t.rows.length > limit ? t.rows.slice(0, limit) : t.rows;
  const lines = [`| ${t.header.join(' | ')} |`, `|${t.header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  let out = lines.join('\n') + '\n';
  if (rows.length < t.rows.length) {
    out += `\n*… ${t.rows.length - rows.length} more ${t.what} not shown (cut to keep this comment under its size limit; \`gov-lz review --format json\` lists them all).*\n`;
  }
  return out;
}

export const LIMITS = [Infinity, 400, 150, 60, 25, 10, 5, 2];
/** How many steps later than priority-3 tables a table of each priority starts being cut. */
export const DELAY: Record<number, number> = { 0: 6, 1: 4, 2: 2, 3: 0 };

export function renderBlocks(blocks: Block[], step: number, dropped: Set<string>): string {
  let out = '';
  for (const b of blocks) {
    if (b.kind === 'text') {
      if (b.droppable && dropped.has(b.droppable)) continue;
      out += b.text;
    } else {
      const i = Math.min(Math.max(0, step - (DELAY[b.priority] ?? 0)), LIMITS.length - 1);
      out += renderTable(b.table, LIMITS[i]);
    }
  }
  return out;
}

/** Fits blocks into the budget: first cut rows (least important tables first), then drop droppable blocks, then cut. */
export function fit(blocks: Block[], maxChars: number): string {
  const steps = LIMITS.length + Math.max(...Object.values(DELAY));
  let out = '';
  for (let step = 0; step < steps; step++) {
    out = renderBlocks(blocks, step, new Set());
    if (out.length <= maxChars) return out;
  }
  const droppable = [
    ...new Set(
      blocks
        .flatMap((b) => (b.kind === 'text' && b.droppable ? [{ id: b.droppable, p: b.priority }] : []))
        .sort((a, b) => b.p - a.p)
        .map((d) => d.id),
    ),
  ];
  const dropped = new Set<string>();
  for (const id of droppable) {
    dropped.add(id);
    out = renderBlocks(blocks, steps - 1, dropped);
    if (out.length <= maxChars) return out + `\n*Left out to stay under the size limit: ${[...dropped].join(', ')}.*\n`;
  }
  return hardCut(out, maxChars);
}

/** Cuts at a line boundary and closes what is open (code fence, details). */
export function hardCut(text: string, maxChars: number): string {
  const note = '\n\n*… the review was cut here to stay under the size limit; `gov-lz review --format json` has all of it.*\n';
  let cut = text.slice(0, Math.max(0, maxChars - note.length - 64));
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  let closers = '';
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) closers += '\n```';
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) closers += '\n</details>';
  return cut + closers + note;
}

export const ACTION_ICON: Record<ChangeAction, string> = { create: '➕', update: '🔧', replace: '♻️', delete: '➖', move: '↪️', forget: '👋' };

/** `1 tenant`, `2 tenants` (English plural with -s). */
export function plural(n: number, noun: string): string {
  return `${fmtNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function fmtNumber(n: number | undefined): string {
  if (n === undefined) return '–';
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function fmtPct(f: number | undefined): string {
  if (f === undefined) return '';
  const icon = f > 1 ? '🔴' : f >= 0.9 ? '🟠' : f >= 0.7 ? '🟡' : '🟢';
  return `${icon} ${(f * 100).toFixed(1)} %`;
}

/** `12.5 min`, `1,445 min`, `unbounded`, `–` (null: no data of record). */
export function fmtMin(m: Minutes | undefined): string {
  return typeof m === 'number' ? `${fmtNumber(m)} min` : minutesText(m);
}

/** `RTO 4.5 min · RPO 1.5 min`; an RPO of null is `no data of record`. */
export function fmtFigures(r: { rtoMinutes?: Minutes; rpoMinutes?: Minutes }): string {
  return `RTO ${fmtMin(r.rtoMinutes)} · ${r.rpoMinutes === null ? 'no data of record' : `RPO ${fmtMin(r.rpoMinutes)}`}`;
}

export function fmtRecovery(r: RecoveryFigures | undefined | null): string {
  if (!r) return 'not declared';
  return `${fmtFigures(r)} · ${availabilityText(r.availability)}`;
}

export function fmtShare(s: number | 'unbounded' | undefined): string {
  return s === undefined ? '–' : s === 'unbounded' ? 'unbounded' : `${Math.round(s * 100)} %`;
}

export function owner(c: ResourceChange): string {
  const o = c.owner;
  if (o.kind === 'tenant') return `tenant ${mdCode(o.code)}${o.displayName ? ` ${mdText(o.displayName)}` : ''}`;
  if (o.kind === 'offering') return `offering ${mdCode(o.code)}`;
  if (o.kind === 'hub' || o.kind === 'platform') return o.kind;
  return '–';
}

export function countsLine(c: Record<ChangeAction, number>): string {
  const parts: string[] = [];
  for (const a of ['create', 'update', 'replace', 'move', 'delete', 'forget'] as ChangeAction[])
    if (c[a] > 0) parts.push(`${ACTION_ICON[a]} ${fmtNumber(c[a])} ${a === 'move' ? 'moved between stacks' : a === 'forget' ? 'forgotten' : `${a}d`}`);
  return parts.join(' · ') || 'no changes';
}

export function details(summary: string, body: Block[], priority: number, open = false): Block[] {
  return [{ kind: 'text', text: `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n`, priority }, ...body, { kind: 'text', text: '\n</details>\n\n', priority }];
}

/** Changes of one stack, action and reason, together: a moved tenant is one row, not twenty; a schedule removed from every tenant is one row. */
export function groupChanges(changes: ResourceChange[]): ResourceChange[][] {
  const groups = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    const key = [c.source, c.plan, c.stack, c.action, c.movedTo, c.reasons.join('; ')].join('\u0000');
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  // Data-bearing kinds (namespaces, databases…) are named first.
  const rank = (c: ResourceChange) => (c.kind === 'namespace' || c.kind === 'database' || c.kind === 'middleware' || c.kind === 'volume' ? 0 : 1);
  return [...groups.values()].map((g) => g.sort((a, b) => rank(a) - rank(b) || a.address.localeCompare(b.address)));
}

/** The owners of a group: one in full, several by code. */
export function owners(g: ResourceChange[]): string {
  const seen = new Map<string, ResourceChange>();
  for (const c of g) seen.set(`${c.owner.kind}\u0000${c.owner.code ?? ''}`, c);
  const all = [...seen.values()];
  if (all.length === 1) return owner(all[0]);
  const tenants = all.filter((c) => c.owner.kind === 'tenant').map((c) => mdCode(c.owner.code));
  const others = all.filter((c) => c.owner.kind !== 'tenant').map(owner);
  const list = [...tenants.slice(0, 6), ...others];
  return `${tenants.length ? `${plural(tenants.length, 'tenant')}: ` : ''}${list.join(', ')}${tenants.length > 6 ? `, … +${tenants.length - 6}` : ''}`;
}

/** `2 namespace, 4 rbac` */
export function kindsOf(changes: ResourceChange[]): string {
  const n = new Map<string, number>();
  for (const c of changes) n.set(c.type, (n.get(c.type) ?? 0) + 1);
  return [...n].map(([k, v]) => `${v} ${k}`).join(', ');
}

export function isResourceChange(d: ResourceChange | DomainChange): d is ResourceChange {
  return 'address' in d;
}
