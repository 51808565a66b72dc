/**
 * The review as Markdown for a pull-request (or merge-request) comment: what is destroyed first, then the
 * changes, then the landing zone itself. Long tables are folded in `<details>`; the whole comment stays under
 * a character budget (GitHub's comment limit is 65,536), cutting the least important rows first and saying so.
 */
import { mdCode, mdText } from '../private/report-text';
import type { Amounts } from './inputs';
import { ACTION_ICON, type Block, countsLine, details, fit, fmtNumber, fmtPct, fmtRecovery, groupChanges, isResourceChange, kindsOf, owner, owners, plural } from './markdown-format';
import { fmtAmounts, fmtTopology, placementBlocks, recoveryBlocks } from './markdown-recovery';
import type { ChangesReview, ComplianceReview, DomainChange, GrantReview, PlanReview, ProvinceReview, Review } from './model';
import { showbackBlocks } from './observability';

/** First line of every Markdown review: CI jobs find their previous comment by it and update it. */
export const REVIEW_MARKER = '<!-- gov-lz review -->';

/** The default budget: under GitHub's 65,536-character comment limit with room for a CI tool's own header. */
export const DEFAULT_MAX_CHARS = 60_000;

export interface MarkdownOptions {
  /** Largest output, in characters (UTF-16 code units). @default 60000 */
  readonly maxChars?: number;
}

export { mdCode, mdText } from '../private/report-text';

function headline(r: Review): Block[] {
  const v = r.verdict;
  const names = r.provinces.map((p) => `${mdText(p.displayName ?? p.province)} (${mdCode(p.province)})`).join(', ');
  const tenants = r.provinces.reduce((n, p) => n + p.tenantCount, 0);
  const resources = r.stacks.reduce((n, s) => n + s.resources, 0);
  const parts: string[] = [];
  if (r.changes || r.plans.length > 0) {
    parts.push(v.destructive + v.destructiveDomain > 0 ? `**⛔ ${plural(v.destructive + v.destructiveDomain, 'destructive change')}**` : '✅ nothing destructive');
    if (v.deletes > 0) parts.push(`${fmtNumber(v.deletes)} resources deleted, replaced or moved`);
  }
  const pack = r.compliance?.pack ?? 'compliance';
  if (!r.compliance) parts.push(`${pack}: not evaluated (no compliance.json)`);
  else {
    const s = r.compliance.summary;
    parts.push(`**${mdText(pack)}**: ${s.errors > 0 ? `❌ ${plural(s.errors, 'error')}` : '✅ no errors'} (${plural(s.warnings, 'warning')}, ${s.suppressed} suppressed)`);
  }
  parts.push(`${r.stacks.length} stacks · ${fmtNumber(resources)} resources · ${fmtNumber(tenants)} tenants`);
  let text = `${REVIEW_MARKER}\n## 🏛️ gov-lz review${names ? ` · ${names}` : ''}\n\n${parts.join(' · ')}\n`;
  if (v.failOn.length > 0) {
    text +=
      v.failed.length > 0
        ? `\n> [!CAUTION]\n> This review fails the build: ${v.failed.map((f) => `\`--fail-on ${f}\``).join(', ')}.\n`
        : `\n*Checks passed: ${v.failOn.map((f) => `\`--fail-on ${f}\``).join(', ')}.*\n`;
  }
  return [{ kind: 'text', text: text + '\n', priority: 0 }];
}

function destructiveBlocks(r: Review): Block[] {
  if (r.destructive.length === 0) return [];
  const domain = r.destructive.filter((d): d is DomainChange => !isResourceChange(d));
  const resources = r.destructive.filter(isResourceChange);
  const blocks: Block[] = [{ kind: 'text', text: `### ⛔ Destructive changes\n\n`, priority: 0 }];
  if (domain.length > 0) {
    blocks.push({
      kind: 'table',
      priority: 0,
      table: {
        header: ['landing zone', 'subject', 'what happens'],
        rows: domain.map((d) => [d.kind, `${mdCode(d.subject)}${d.displayName ? ` ${mdText(d.displayName)}` : ''}`, mdText(d.message)]),
        what: 'domain changes',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 0 });
  }
  if (resources.length > 0) {
    const groups = groupChanges(resources);
    blocks.push({
      kind: 'table',
      priority: 0,
      table: {
        header: ['', 'from', 'stack', 'owner', 'resources', 'why'],
        rows: groups.map((g) => {
          const c = g[0];
          const shown = g
            .slice(0, 3)
            .map((x) => mdCode(x.address))
            .join(', ');
          return [
            `${ACTION_ICON[c.action]} ${c.action}${g.length > 1 ? ` ×${g.length}` : ''}`,
            c.source === 'plan' ? `plan ${mdCode(c.plan ?? '')}` : 'diff',
            `${c.stack ? mdCode(c.stack) : '?'}${c.movedTo ? ` → ${mdCode(c.movedTo)}` : ''}`,
            owners(g),
            `${shown}${g.length > 3 ? ` and ${g.length - 3} more (${kindsOf(g.slice(3))})` : ''}`,
            mdText(c.reasons.join('; ')),
          ];
        }),
        what: 'groups of destructive changes',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 0 });
  }
  return blocks;
}

function changesBlocks(c: ChangesReview): Block[] {
  const blocks: Block[] = [{ kind: 'text', text: `### Changes against the base ${mdCode(c.base)}\n\n`, priority: 0 }];
  if (!c.domainCompared) blocks.push({ kind: 'text', text: '*The base or the head has no `gov-lz/inventory.json`: only stacks and resources are compared.*\n\n', priority: 1 });
  const domain = c.domain.filter((d) => !d.destructive);
  if (domain.length === 0 && c.domain.length === 0) blocks.push({ kind: 'text', text: 'No change to tenants, quotas, grants, data classes or recovery objectives.\n\n', priority: 1 });
  else if (domain.length > 0) {
    blocks.push({
      kind: 'text',
      text: `**Landing zone** (${plural(domain.length, 'change')}${c.domain.length > domain.length ? `, plus ${c.domain.length - domain.length} destructive ones above` : ''}):\n\n`,
      priority: 1,
    });
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['change', 'subject', 'what'],
        rows: domain.map((d) => [d.kind, `${mdCode(d.subject)}${d.displayName ? ` ${mdText(d.displayName)}` : ''}`, mdText(d.message)]),
        what: 'domain changes',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
  }
  blocks.push({ kind: 'text', text: `**Resources**: ${countsLine(c.counts)}\n\n`, priority: 0 });
  for (const s of c.stacks.filter((x) => x.status !== 'unchanged')) {
    blocks.push(
      ...details(
        `${mdText(s.stack)} (${s.status}): ${countsLine(s.counts)}`,
        [
          {
            kind: 'table',
            priority: 3,
            table: {
              header: ['', 'resource', 'owner', 'detail'],
              rows: s.changes.map((x) => [
                `${x.destructive ? '⛔ ' : ''}${ACTION_ICON[x.action]} ${x.action}`,
                mdCode(x.address),
                owner(x),
                mdText([...(x.attributes?.length ? [`changes ${x.attributes.join(', ')}`] : []), ...x.reasons].join('; ')),
              ]),
              what: 'resource changes',
            },
          },
        ],
        3,
      ),
    );
  }
  return blocks;
}

function planBlocks(plans: PlanReview[]): Block[] {
  if (plans.length === 0) return [];
  const blocks: Block[] = [{ kind: 'text', text: '### Terraform plans\n\n', priority: 0 }];
  blocks.push({
    kind: 'table',
    priority: 0,
    table: {
      header: ['plan', 'stack', '➕ create', '🔧 update', '♻️ replace', '➖ delete', '👋 forget', '📥 import', 'no-op', 'terraform'],
      rows: plans.map((p) => [
        `${mdCode(p.file)}${p.errored ? ' ⚠️ errored' : ''}${!p.complete ? ' (incomplete)' : ''}`,
        p.stack ? `${mdCode(p.stack)}${p.stackFrom === 'addresses' ? ' (by addresses)' : ''}` : 'unknown',
        fmtNumber(p.counts.create),
        fmtNumber(p.counts.update),
        fmtNumber(p.counts.replace),
        fmtNumber(p.counts.delete),
        fmtNumber(p.counts.forget),
        fmtNumber(p.imports),
        fmtNumber(p.counts['no-op']),
        mdText(p.terraformVersion ?? '?'),
      ]),
      what: 'plans',
    },
  });
  blocks.push({ kind: 'text', text: '\n', priority: 0 });
  for (const p of plans) {
    if (p.changes.length === 0) continue;
    const body: Block[] = [];
    if (p.tenants.length > 0) {
      body.push({
        kind: 'table',
        priority: 2,
        table: {
          header: ['tenant', 'changes'],
          rows: p.tenants.map((t) => [`${mdCode(t.tenant)}${t.displayName ? ` ${mdText(t.displayName)}` : ''}`, countsLine(t.counts)]),
          what: 'tenants',
        },
      });
      body.push({ kind: 'text', text: '\n', priority: 2 });
    }
    body.push({
      kind: 'table',
      priority: 3,
      table: {
        header: ['', 'resource', 'owner', 'why'],
        rows: p.changes.map((x) => [`${x.destructive ? '⛔ ' : ''}${ACTION_ICON[x.action]} ${x.action}`, mdCode(x.address), owner(x), mdText(x.reasons.join('; '))]),
        what: 'resource changes',
      },
    });
    blocks.push(...details(`${mdText(p.file)}: changes by tenant and resource`, body, 2));
  }
  return blocks;
}

function summaryBlocks(r: Review, p: ProvinceReview | undefined, h: string): Block[] {
  const blocks: Block[] = [{ kind: 'text', text: `${h} Summary\n\n`, priority: 1 }];
  if (p?.published) {
    const pub = p.published;
    blocks.push({
      kind: 'text',
      text: `City project on the published hub ${mdCode(p.province)} (contract ${mdCode(pub.source ?? '?')}, schemaVersion ${pub.schemaVersion ?? '?'}${pub.remoteState ? `, checked at plan time against the applied contract of ${mdCode(pub.remoteState)}` : ', not checked against the applied contract at plan time'}): the tenants below are this project's; capacity includes what the hub has reserved.\n\n`,
      priority: 0,
    });
  }
  if (p) {
    blocks.push({ kind: 'text', text: `Tenants per industry cloud (${fmtNumber(p.tenantCount)} tenants, overcommit ratio ${p.overcommitRatio}):\n\n`, priority: 1 });
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['industry cloud', 'data class', 'clusters', 'stacks', 'recovery target', 'tenants'],
        rows: p.industryClouds.map((ic) => [
          `${mdCode(ic.code)} ${mdText(ic.displayName ?? '')}`,
          mdText(ic.dataClass ?? '–'),
          ic.clusters.map(mdCode).join(' '),
          ic.stacks.map(mdCode).join(' '),
          fmtRecovery(ic.recovery),
          `**${ic.tenants.length}**${ic.tenants.length ? `: ${ic.tenants.slice(0, 12).join(', ')}${ic.tenants.length > 12 ? ', …' : ''}` : ''}`,
        ]),
        what: 'industry clouds',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
  }
  blocks.push(
    ...details(
      `${r.stacks.length} stacks, ${fmtNumber(r.stacks.reduce((n, s) => n + s.resources, 0))} resources`,
      [
        {
          kind: 'table',
          priority: 2,
          table: { header: ['stack', 'resources', 'depends on'], rows: r.stacks.map((s) => [mdCode(s.name), fmtNumber(s.resources), s.dependsOn.map(mdCode).join(' ') || '–']), what: 'stacks' },
        },
        { kind: 'text', text: '\n', priority: 2 },
        { kind: 'table', priority: 2, table: { header: ['resource type', 'count'], rows: Object.entries(r.resourcesByType).map(([t, n]) => [mdCode(t), fmtNumber(n)]), what: 'resource types' } },
      ],
      2,
    ),
  );
  return blocks;
}

function topologyBlocks(p: ProvinceReview, h: string): Block[] {
  const id = `topology of ${p.province}`;
  return [
    { kind: 'text', text: `${h} Topology\n\n`, priority: 2, droppable: id },
    { kind: 'text', text: '```mermaid\n' + p.topology + '\n```\n\n', priority: 2, droppable: id },
  ];
}

function capacityBlocks(p: ProvinceReview, h: string): Block[] {
  const cell = (c: ProvinceReview['clusters'][number], d: keyof Amounts) =>
    c.capacity[d] === undefined ? (c.allocated[d] ? `${fmtNumber(c.allocated[d])} / unlimited` : '–') : `${fmtNumber(c.allocated[d] ?? 0)} / ${fmtNumber(c.capacity[d])} ${fmtPct(c.utilisation[d])}`;
  const rows = p.clusters.map((c) => [
    `${mdCode(c.name)} ${mdText(c.displayName ?? '')}`,
    `${mdText(c.site ?? '?')} · ${mdText(c.cloud ?? '?')} · ${mdText(c.arch ?? '?')}`,
    fmtNumber(c.tenants),
    cell(c, 'cpu'),
    cell(c, 'memoryGi'),
    cell(c, 'storageGi'),
    cell(c, 'pods'),
    c.burst ? `${plural(c.burst.tenants, 'tenant')}, ≤ ${fmtNumber(c.burst.maxCpu)} cpu` : '–',
  ]);
  return [
    {
      kind: 'text',
      text: `${h} Quota versus capacity\n\nAllocated quota / capacity${p.overcommitRatio !== 1 ? ` × overcommit ${p.overcommitRatio}` : ''} per cluster (🟢 < 70 %, 🟡 < 90 %, 🟠 ≤ 100 %, 🔴 over).\n\n`,
      priority: 1,
    },
    { kind: 'table', priority: 1, table: { header: ['cluster', 'site · cloud · arch', 'tenants', 'cpu (cores)', 'memory (Gi)', 'storage (Gi)', 'pods', 'burst in'], rows, what: 'clusters' } },
    { kind: 'text', text: '\n', priority: 1 },
  ];
}

function isolationBlocks(p: ProvinceReview, h: string): Block[] {
  const s = p.isolationSummary;
  const ok = (n: number, of: number) => `${n === of ? '✅' : '❌'} ${fmtNumber(n)}/${fmtNumber(of)}`;
  const blocks: Block[] = [
    {
      kind: 'text',
      text:
        `${h} Isolation and grants\n\n` +
        `Read from the synthesized stacks: namespaces ${ok(s.namespaces, s.namespacesExpected)} · default-deny ${ok(s.defaultDeny, s.namespacesExpected)} · ResourceQuota ${ok(s.quota, s.namespacesExpected)} · ` +
        `Pod Security \`restricted\` ${ok(s.restricted, s.tenants)} tenants · ClusterRoleBindings ${s.clusterRoleBindings === 0 ? '✅ none' : `⚠️ ${s.clusterRoleBindings}`}` +
        `${s.adminRoleBindings > 0 ? ` besides the ${plural(s.adminRoleBindings, 'administrator role binding')} (三权分立)` : ''}` +
        `${s.tenantsWithProblems > 0 ? ` · **${plural(s.tenantsWithProblems, 'tenant')} with problems** (listed first)` : ''}\n\n`,
      priority: 0,
    },
  ];
  const rows = p.isolation.map((t) => [
    `${t.problems.length ? '❌' : '✅'} ${mdCode(t.tenant)} ${mdText(t.displayName ?? '')}`,
    mdText(t.industryCloud ?? ''),
    mdText(t.dataClass ?? '–'),
    `${t.namespaces.found}/${t.namespaces.expected}`,
    mdText(t.podSecurity.join('/') || '–'),
    `${t.defaultDeny}/${t.namespaces.expected}`,
    mdText(t.ingress.join(', ') || '–'),
    mdText(t.egress.join(', ') || '–'),
    mdText(t.rbac.join(', ') || '–'),
    mdText(t.grants.map((g) => `${g.offering}${g.port ? `:${g.port}` : ''}${grantOpen(g) ? '' : ' ⚠️'}`).join(', ') || '–'),
    mdText(t.problems.join('; ') || ''),
  ]);
  blocks.push(
    ...details(
      `Isolation matrix: ${fmtNumber(p.isolation.length)} tenants`,
      [
        {
          kind: 'table',
          priority: 2,
          table: { header: ['tenant', 'industry', 'data', 'namespaces', 'PSA', 'default-deny', 'ingress from', 'egress to', 'RBAC', 'grants', 'problems'], rows, what: 'tenants' },
        },
      ],
      2,
      s.tenantsWithProblems > 0,
    ),
  );
  if (!p.offerings) {
    blocks.push({ kind: 'text', text: '**Shared middleware**: not declared in this output (no `middleware` section in the inventory).\n\n', priority: 1 });
    return blocks;
  }
  if (p.offerings.length === 0) {
    blocks.push({ kind: 'text', text: '**Shared middleware**: none on the shelf.\n\n', priority: 1 });
    return blocks;
  }
  blocks.push({
    kind: 'table',
    priority: 1,
    table: {
      header: ['offering', 'kind · operator', 'namespace', 'clusters', 'endpoint', 'topology', 'reserved per cluster', 'granted to'],
      rows: p.offerings.map((o) => [
        `${o.problems.length ? '❌ ' : ''}${mdCode(o.name)}`,
        mdText([o.kind ?? '–', o.operator].filter(Boolean).join(' · ')),
        o.namespace ? mdCode(o.namespace) : '–',
        o.clusters.map(mdCode).join(' '),
        o.endpoint ? mdCode(o.endpoint) : '–',
        o.topology ? fmtTopology(o.topology) : '–',
        o.perCluster ? mdText(fmtAmounts(o.perCluster)) : '–',
        plural(o.grantedTo.length, 'tenant'),
      ]),
      what: 'offerings',
    },
  });
  const offeringProblems = p.offerings.flatMap((o) => o.problems.map((x) => `❌ ${mdCode(o.name)}: ${mdText(x)}`));
  blocks.push({ kind: 'text', text: offeringProblems.length ? `\n${offeringProblems.join('  \n')}\n\n` : '\n', priority: 1 });
  const granted = p.isolation.filter((t) => t.grants.length > 0).sort((a, b) => a.tenant.localeCompare(b.tenant));
  const names = p.offerings.map((o) => o.name);
  const matrixRows = granted.map((t) => [
    `${mdCode(t.tenant)} ${mdText(t.displayName ?? '')}`,
    ...names.map((n) => {
      const g = t.grants.find((x) => x.offering === n);
      return g ? `${grantOpen(g) ? '✅' : '⚠️'} ${g.port ?? ''}`.trim() : '·';
    }),
  ]);
  blocks.push(
    ...details(
      `Grant matrix: ${granted.length} tenants with grants, ${p.isolation.length - granted.length} without (✅ open on each private cluster of the tenant where the offering runs, never on a public or burst one: egress from the tenant, ingress into the offering's namespace, the connection secret, and on PostgreSQL replica sites egress to the primary's site endpoint; ⚠️ something missing, see the tenant's problems)`,
      [{ kind: 'table', priority: 2, table: { header: ['tenant', ...names.map(mdCode)], rows: matrixRows, what: 'tenants' } }],
      2,
    ),
  );
  return blocks;
}

/** Whether a grant is open everywhere it must be: egress, ingress, credentials and, on replica sites, the path to the primary. */
function grantOpen(g: GrantReview): boolean {
  return g.egressPolicy && g.ingressPolicy && g.credentials && g.writesToPrimary !== false;
}

/** `primary hz-a-core → replica hz-b-core · writes from replica sites to … · WAL to … · base backups …` */
function complianceBlocks(c: ComplianceReview | null): Block[] {
  if (!c) return [{ kind: 'text', text: '### Compliance\n\n*Not evaluated: the output has no `gov-lz/compliance.json`.*\n\n', priority: 0 }];
  const s = c.summary;
  const blocks: Block[] = [
    {
      kind: 'text',
      text:
        `### Compliance: ${mdText(c.pack ?? '')}${c.standard ? ` (${mdText(c.standard)})` : ''}\n\n` +
        `${s.errors > 0 ? `❌ **${plural(s.errors, 'error')}**` : '✅ no errors'} · ${s.warnings > 0 ? `⚠️ **${plural(s.warnings, 'warning')}**` : '0 warnings'} · ${s.suppressed} suppressed findings · ` +
        `rules: ${s.compliant} compliant · ${s.notApplicable} not applicable · ${s.disabled} disabled\n\n`,
      priority: 0,
    },
  ];
  const open = c.findings.filter((f) => f.status !== 'suppressed' && f.status !== 'compliant' && f.status !== 'not-applicable' && f.status !== 'pass' && f.status !== 'passed');
  if (open.length > 0) {
    blocks.push({
      kind: 'table',
      priority: 1,
      table: {
        header: ['', 'rule', 'clauses', 'where', 'finding', 'fix'],
        rows: open.map((f) => [
          f.severity === 'error' ? '❌' : '⚠️',
          `${mdCode(f.ruleId)} ${mdText(f.ruleNameZh ?? f.ruleName ?? '')}${f.provisional ? ' (provisional)' : ''}`,
          mdText(f.clauses.join(', ')),
          mdText([f.stack, f.resource ?? f.path].filter(Boolean).join(' ')),
          mdText(f.message ?? ''),
          mdText(f.fix ?? ''),
        ]),
        what: 'findings',
      },
    });
    blocks.push({ kind: 'text', text: '\n', priority: 1 });
  }
  if (c.suppressions.length > 0) {
    blocks.push(
      ...details(
        plural(c.suppressions.length, 'suppression'),
        [
          {
            kind: 'table',
            priority: 2,
            table: {
              header: ['rule', 'where', 'reason', 'owner', 'expires', 'matched'],
              rows: c.suppressions.map((x) => [
                mdCode(x.ruleId),
                mdText([x.path, x.resource].filter(Boolean).join(' ')),
                mdText(x.reason ?? ''),
                mdText(x.owner ?? ''),
                mdText(x.expires ?? ''),
                x.matched === undefined ? '?' : typeof x.matched === 'number' ? (x.matched > 0 ? plural(x.matched, 'finding') : '⚠️ matches nothing') : x.matched ? '✅' : '⚠️ matches nothing',
              ]),
              what: 'suppressions',
            },
          },
        ],
        2,
        true,
      ),
    );
  }
  const waived = [
    ...c.disabledRules.map((d) => [`${mdCode(d.ruleId)} ${mdText(d.ruleName ?? '')}`, 'disabled', mdText(d.path ?? ''), mdText(d.reason ?? ''), mdText(d.owner ?? ''), mdText(d.expires ?? '')]),
    ...c.severityOverrides.map((o) => [mdCode(o.ruleId), `${mdText(o.defaultSeverity ?? '?')} → ${mdText(o.severity ?? '?')}`, mdText(o.path ?? ''), '', '', '']),
  ];
  if (waived.length > 0) {
    blocks.push(
      ...details(
        `${plural(c.disabledRules.length, 'rule')} disabled, ${plural(c.severityOverrides.length, 'severity override')}`,
        [{ kind: 'table', priority: 2, table: { header: ['rule', 'change', 'where', 'reason', 'owner', 'expires'], rows: waived, what: 'rules' } }],
        2,
        true,
      ),
    );
  }
  if (c.clauseCaveat) blocks.push({ kind: 'text', text: `<sub>${mdText(c.clauseCaveat)}</sub>\n\n`, priority: 2, droppable: 'clause caveat' });
  return blocks;
}

/** Renders the review as Markdown under the size budget. */
export function renderMarkdown(r: Review, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const blocks: Block[] = [...headline(r), ...destructiveBlocks(r)];
  if (r.changes) blocks.push(...changesBlocks(r.changes));
  blocks.push(...planBlocks(r.plans));
  if (r.provinces.length === 0) {
    blocks.push({ kind: 'text', text: '*This output has no `gov-lz/inventory.json`: it was not synthesized by a landing-zone app, so only stacks and resources are reviewed.*\n\n', priority: 0 });
    blocks.push(...summaryBlocks(r, undefined, '###'));
  }
  for (const p of r.provinces) {
    const several = r.provinces.length > 1;
    if (several) blocks.push({ kind: 'text', text: `### ${mdText(p.displayName ?? p.province)} (${mdCode(p.province)})\n\n`, priority: 0 });
    const h = several ? '####' : '###';
    blocks.push(...summaryBlocks(r, p, h), ...topologyBlocks(p, h), ...capacityBlocks(p, h), ...isolationBlocks(p, h), ...placementBlocks(p, h), ...recoveryBlocks(p, h), ...showbackBlocks(p));
  }
  blocks.push(...complianceBlocks(r.compliance));
  // An output without a usable review index (older, edited, not a landing-zone app) was read in full: one line says so.
  if (r.inputs.stacksParsed?.length) blocks.push({ kind: 'text', text: `<sub>ℹ️ ${r.inputs.stacksParsed.map(mdText).join('; ')}</sub>\n\n`, priority: 0 });
  blocks.push({
    kind: 'text',
    text: `<sub>${mdText(r.generator)} · reads ${mdCode(r.inputs.out)}${r.inputs.base ? ` and ${mdCode(r.inputs.base)}` : ''}${r.inputs.plans.length ? ` and ${r.inputs.plans.length} plan files` : ''}</sub>\n`,
    priority: 0,
  });
  return fit(blocks, maxChars);
}
