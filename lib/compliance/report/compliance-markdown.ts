import { mdCode, mdTextUpTo } from '../../private/report-text';
import type { ComplianceItemRecord } from '../../schema/compliance';
import { clauseInfo, compareClauses, CONTROL_POINTS, confidenceMark, CLAUSE_CAVEAT } from '../clauses';
import { ITEM_STATUSES } from './compliance-items';
import type { ComplianceJson, ComplianceJsonRule } from './compliance-json';

/** Evidence paths printed per rule and item; compliance.json lists them all. */
const EVIDENCE_SHOWN = 5;

const ITEM_MARK: Record<string, string> = { 符合: '✅', 部分符合: '◐', 不符合: '❌', 不适用: '➖', 未检查: '⬜' };

/** The run facts: date, commit, input digest, scope. */
function runSection(doc: ComplianceJson): string[] {
  const r = doc.run;
  const list = (xs: readonly string[]) => (xs.length === 0 ? '(none 无)' : xs.map((x) => mdCode(x)).join(', '));
  return [
    '## Run（检查信息）',
    '',
    `- 检查日期 date: ${cell(r.date)}`,
    `- 提交 commit: ${r.commit ? mdCode(r.commit) : "未提供 not given (set the pack's commit option or GOVLZ_COMMIT)"}`,
    `- 输入摘要 input digest: ${mdCode(r.inputDigest)}`,
    `- 范围 scope: ${list(r.scope.paths.map((p) => p || '(app)'))}; stacks 栈: ${list(r.scope.stacks)}; clusters 集群: ${list(r.scope.clusters)}`,
    `- ${cell(r.scope.statementZh)}`,
    '',
    ...chartsSection(doc),
  ];
}

/** The first EVIDENCE_SHOWN passed places (an address in its file, or a model path) and how many there are. */
function firstEvidence(groups: ComplianceJson['rules'][number]['evidence']): { shown: string[]; total: number } {
  const shown: string[] = [];
  let total = 0;
  for (const e of groups) {
    const places = e.resources.length === 0 ? [undefined] : e.resources;
    for (const r of places) {
      if (shown.length < EVIDENCE_SHOWN) shown.push(r === undefined ? mdCode(e.path) : e.file ? `${mdCode(e.file)} ${mdCode(r)}` : mdCode(r));
    }
    total += places.length;
  }
  return { shown, total };
}

/** Which Helm releases' objects the workload and RBAC rules saw, and why not where they did not. */
function chartsSection(doc: ComplianceJson): string[] {
  const c = doc.charts;
  if (!c || c.releases.length === 0) return [];
  const rendered = c.releases.filter((r) => r.status === 'rendered').length;
  const out = [
    '## Helm charts（Helm chart 渲染）',
    '',
    `${c.releases.length} 个 Helm 发布 releases, ${rendered} 个已渲染 rendered: 其对象由读取 chart 的规则（${doc.rules
      .filter((r) => r.charts)
      .map((r) => r.id)
      .join('、')}）检查；未渲染的发布中的对象未检查（相关条款项不会判为“符合”或“不适用”）。` +
      (c.folders.length > 0 ? ` 渲染目录 folders: ${c.folders.map((f) => mdCode(f)).join(', ')} · 摘要 digest: ${mdCode(c.digest ?? '')}` : ' 未提供渲染目录 (renderedCharts)。'),
    '',
    '| stack 栈 | release 发布 | status 状态 | detail 说明 |',
    '|---|---|---|---|',
  ];
  for (const r of c.releases) out.push(`| ${cell(r.stack)} | ${mdCode(r.resource)} | ${r.status === 'rendered' ? '已渲染 rendered' : '未渲染 not rendered'} | ${cell(r.detail)} |`);
  out.push('');
  return out;
}

/** One item: status, text, basis, rules with their evidence, what is left to look at. */
function itemLines(item: ComplianceItemRecord, doc: ComplianceJson): string[] {
  const out = [`- **${clauseWithMark(item.clause)}** ${ITEM_MARK[item.status]} **${item.status}** · ${cell(item.textZh)}`, `  - 依据 basis: ${cell(item.basis)}`];
  for (const ref of item.rules) {
    const rule = doc.rules.find((r) => r.id === ref.id);
    const { shown: first, total } = firstEvidence(rule?.evidence ?? []);
    const shown = first.join('; ');
    const more = total > EVIDENCE_SHOWN ? `; 另有 ${total - EVIDENCE_SHOWN} 处 and ${total - EVIDENCE_SHOWN} more (compliance.json rules[].evidence)` : '';
    out.push(
      `  - ${ref.id} (${ref.certainty === 'full' ? '完整检验 full' : '部分检验 partial'}, ${rule ? statusText(rule, doc) : ref.status})${total > 0 ? ` 通过的对象 passed: ${shown}${more}` : ''}`,
    );
  }
  if (item.manualEvidence) out.push(`  - 人工核查 manual evidence: ${cell(item.manualEvidence)}`);
  return out;
}

const SEVERITY_ZH: Record<string, string> = { error: '错误', warning: '警告' };
const STATUS: Record<string, string> = {
  compliant: '✅ compliant 符合',
  'non-compliant': '❌ non-compliant 不符合',
  warnings: '⚠️ warnings 有警告',
  suppressed: '🔕 suppressed 已豁免',
  'not-applicable': '➖ not applicable 不适用',
  'not-checked': '❔ not checked 未检查 (Helm charts not rendered)',
  disabled: '⏸ disabled 已停用',
};

/** Findings embed user text (display names, paths): longer than a value, still bounded. */
const MESSAGE_CHARS = 2000;

/** User or finding text, escaped for Markdown (see lib/private/report-text.ts). */
function cell(s: string, max = MESSAGE_CHARS): string {
  return mdTextUpTo(s, max);
}

/**
 * The status word of a rule: a rule whose open findings are all warnings is not "non-compliant" (that word is for
 * errors, which stop synth); it has warnings. One whose findings are all suppressed says so.
 */
function statusOf(r: ComplianceJsonRule, doc: ComplianceJson): string {
  // Nothing in the synthesized configuration, and charts it would read not rendered: not checked, not "not applicable".
  if (r.status === 'not-applicable' && (r.charts?.notRendered ?? 0) > 0) return 'not-checked';
  if (r.status !== 'non-compliant') return r.status;
  const open = doc.findings.filter((f) => f.ruleId === r.id);
  if (open.some((f) => f.severity === 'error')) return 'non-compliant';
  return open.length > 0 ? 'warnings' : 'suppressed';
}

/** The status of a rule as the report prints it, with the Helm releases it could not see (a pass then covers less). */
function statusText(r: ComplianceJsonRule, doc: ComplianceJson): string {
  const status = statusOf(r, doc);
  const unseen = r.charts?.notRendered ?? 0;
  return status !== 'not-checked' && unseen > 0 ? `${STATUS[status]}（${unseen} 个 Helm 发布未渲染 not rendered）` : STATUS[status];
}

function clauseWithMark(c: string): string {
  const info = clauseInfo(c);
  return `${c}${info ? confidenceMark(info.confidence) : '†'}`;
}

/** compliance.md: the report auditors read, grouped by clause, Chinese control names beside English. */
export function complianceMarkdown(doc: ComplianceJson): string {
  const out: string[] = [];
  const s = doc.summary;
  out.push('# MLPS 2.0 level 3 compliance report（等保 2.0 第三级合规报告）', '');
  out.push(
    `Standard 标准: ${doc.standard} · pack 规则包: ${doc.pack} (${doc.rules.length} rules) · provinces 省份: ${doc.generatedFor.provinces.map((p) => cell(p)).join(', ') || '(none)'} · ${cell(doc.generator)}`,
    '',
  );
  out.push('| 符合 | 部分符合 | 不符合 | 不适用 | 未检查 | items 条款项 |', '|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${ITEM_STATUSES.map((st) => doc.itemTotals[st]).join(' | ')} | ${doc.items.length} |`, '');
  out.push('| errors 错误 | warnings 警告 | suppressed 已豁免 | compliant rules 符合 | not applicable 不适用 | disabled 已停用 |');
  out.push('|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${s.errors} | ${s.warnings} | ${s.suppressed} | ${s.compliant} | ${s.notApplicable} | ${s.disabled} |`, '');
  out.push(`> ${CLAUSE_CAVEAT}`, '');

  out.push(...runSection(doc));
  out.push('## By item（逐项结果）', '');
  out.push(
    'Every level-3 item of the technical chapters, with the status an assessor records. 部分符合: the rules pass, but test only the part the configuration can show; ' +
      '未检查: no rule decides the item here. For both, 人工核查 says what to look at.',
    '',
  );
  const rulesByPoint = new Map<string, ComplianceJsonRule[]>();
  for (const r of doc.rules) {
    for (const c of r.clauses) {
      const point = c.split(' ')[0];
      const list = rulesByPoint.get(point) ?? [];
      if (!list.includes(r)) list.push(r);
      rulesByPoint.set(point, list);
    }
  }
  const points = [...new Set(doc.items.map((i) => i.clause.split(' ')[0]))].sort(compareClauses);
  for (const point of points) {
    const cp = CONTROL_POINTS.get(point);
    const mark = cp ? confidenceMark(cp.numberConfidence === 'confirmed' ? 'confirmed' : cp.numberConfidence) : '†';
    out.push(`### ${point}${mark} ${cp ? `${cp.titleZh} ${cp.title} — ${cp.sectionZh} ${cp.section}` : ''}`.trimEnd(), '');
    for (const item of doc.items.filter((i) => i.clause.split(' ')[0] === point)) out.push(...itemLines(item, doc));
    out.push('');
    const rules = rulesByPoint.get(point) ?? [];
    if (rules.length === 0) continue;
    out.push('| rule 规则 | name 名称 | items cited 条款项 | severity 级别 | status 状态 | open findings 未决 |');
    out.push('|---|---|---|---|---|---:|');
    for (const r of rules) {
      const items = r.clauses
        .filter((c) => c.startsWith(point + ' '))
        .map(clauseWithMark)
        .join(', ');
      const open = doc.findings.filter((f) => f.ruleId === r.id).length;
      out.push(`| ${r.id} | ${cell(r.nameZh)}<br>${cell(r.name)} | ${items} | ${r.severity} ${SEVERITY_ZH[r.severity]} | ${statusText(r, doc)} | ${open} |`);
    }
    out.push('');
    const findings = doc.findings.filter((f) => rules.some((r) => r.id === f.ruleId));
    for (const f of findings) {
      out.push(
        `- **${f.ruleId}** ${f.severity} ${SEVERITY_ZH[f.severity]} · ${mdCode(f.path)}${f.resource ? ` · ${mdCode(f.resource)}` : ''}${f.stack ? ` (stack ${cell(f.stack)})` : ''}: ${cell(f.message)}. Fix 整改: ${cell(f.fix)}`,
      );
    }
    if (findings.length > 0) out.push('');
  }

  out.push('## Suppressions（豁免）', '');
  if (doc.suppressions.length === 0) out.push('None 无.', '');
  else {
    out.push('| rule 规则 | where 位置 | reason 理由 | owner 负责人 | expires 到期 | matched 匹配 |', '|---|---|---|---|---|---:|');
    for (const x of doc.suppressions)
      out.push(`| ${cell(x.ruleId)} | ${mdCode(x.path)}${x.resource ? ` ${mdCode(x.resource)}` : ''} | ${cell(x.reason)} | ${cell(x.owner)} | ${cell(x.expires)} | ${x.matched} |`);
    out.push('');
  }
  out.push('## Disabled rules and severity overrides（停用规则与级别调整）', '');
  if (doc.disabledRules.length === 0 && doc.severityOverrides.length === 0) out.push('None 无.', '');
  for (const d of doc.disabledRules) out.push(`- ${cell(d.ruleId)} disabled at ${mdCode(d.path)} until ${cell(d.expires)} by ${cell(d.owner)}: ${cell(d.reason)}`);
  for (const o of doc.severityOverrides) {
    const why = o.reason !== undefined ? ` until ${cell(o.expires ?? '')} by ${cell(o.owner ?? '')}: ${cell(o.reason)}` : '';
    out.push(`- ${cell(o.ruleId)} set to ${cell(o.severity)} (default ${cell(o.defaultSeverity)}) at ${mdCode(o.path)}${why}`);
  }
  if (doc.disabledRules.length + doc.severityOverrides.length > 0) out.push('');

  out.push('## Declarations（声明）', '');
  for (const a of doc.declarations.audit) {
    out.push(
      `- ${cell(a.province)}: API-server audit records kept ${a.logRetentionDays} days（审计记录留存 ${a.logRetentionDays} 天）${a.logSink ? ` in ${cell(a.logSink)}` : ', no central sink declared（未声明集中日志存储）'}; policy ${cell(a.policyFile)}; API servers --audit-log-maxage=${a.apiServerLog.maxAgeDays} --audit-log-maxsize=${a.apiServerLog.maxSizeMi} --audit-log-maxbackup=${a.apiServerLog.maxBackups} for ${a.dailyVolumeMi} MiB a day; audit log store ${a.storeSizeGi} Gi per cluster（审计日志存储容量）`,
    );
  }
  for (const g of doc.declarations.adminGroups) {
    const groups = (xs: readonly string[]) => xs.map((x) => cell(x)).join(', ');
    out.push(
      `- ${cell(g.province)}: 系统管理员 system ${groups(g.system)}; 安全管理员 security ${groups(g.security)}; 审计管理员 audit ${groups(g.audit)}${g.breakGlass.length ? `; break-glass 应急 ${groups(g.breakGlass)}` : ''}${g.terraform.length ? `; Terraform identity 部署身份 (cluster-admin, audited at RequestResponse) ${groups(g.terraform)}` : ''}`,
    );
  }
  for (const p of doc.declarations.privilegedNamespaces) {
    out.push(`- namespace ${cell(p.namespace)} on ${cell(p.cluster)} enforces Pod Security privileged（特权命名空间）: ${cell(p.reason)}`);
  }
  for (const c of doc.declarations.clusters ?? []) {
    const a = c.authentication;
    const parts = [
      `CNI ${c.networkPlugin ? cell(c.networkPlugin) : '未声明'}`,
      `secrets at rest（静态加密）${c.secretsEncryption ? c.secretsEncryption.map((x) => cell(x)).join(' → ') : '未声明'}`,
      `authentication（认证）${a ? `${a.oidcIssuerUrl ? `OIDC ${cell(a.oidcIssuerUrl)}` : 'no OIDC'}, anonymous ${a.anonymousAuth ? 'on' : 'off'}, token file ${a.staticTokenFile ? 'yes' : 'no'}, lockout ${a.idpLockoutAfterFailures ?? '—'}, timeout ${a.idpSessionTimeoutMinutes ?? '—'} min, two factors ${a.idpMultiFactor ? 'yes' : 'no'}, session ${a.idpSessionMaxHours ?? '—'} h, ID token ${a.idpTokenLifetimeMinutes ?? '—'} min` : '未声明'}`,
      `endpoint（API 端点）${c.endpoint ? `${cell(c.endpoint.network)} network, from ${c.endpoint.allowedSourceCidrs.map((x) => cell(x)).join(', ') || '—'}` : '未声明'}`,
      `service-account tokens（服务账户令牌）${c.serviceAccountTokens ? `at most ${c.serviceAccountTokens.maxExpirationHours ?? '—'} h, kubelet tokens ${c.serviceAccountTokens.extendExpiration ? 'extended to a year' : 'not extended'}` : '未声明'}`,
      `audit（审计）${c.audit ? [c.audit.logPath ? `log ${cell(c.audit.logPath)}` : '', c.audit.webhookUrl ? `webhook ${cell(c.audit.webhookUrl)}` : ''].filter(Boolean).join(', ') || '—' : '未声明'}`,
      ...(c.kubernetesVersion !== undefined ? [`Kubernetes（版本）${c.kubernetesVersion ? cell(c.kubernetesVersion) : '未声明'}`] : []),
    ];
    out.push(`- cluster ${cell(c.cluster)} (${cell(c.province)}) declares（集群声明，须与控制面核对）: ${parts.join('; ')}`);
  }
  for (const g of doc.declarations.registries ?? []) {
    const s = g.scanning;
    out.push(
      `- registry ${cell(g.registry)} (${cell(g.province)}) declares（镜像仓库声明，须与仓库配置核对）: ${s ? `scanner ${cell(s.scanner)}, scan on push ${s.scanOnPush ? 'yes' : 'no'}, refuses ${cell(s.blockingSeverity)} and above（阻断级别）, vulnerability database every ${s.databaseUpdateDays} days（漏洞库更新周期）` : 'no vulnerability scanning（未声明漏洞扫描）'}`,
    );
  }
  if (
    doc.declarations.audit.length +
      doc.declarations.adminGroups.length +
      doc.declarations.privilegedNamespaces.length +
      (doc.declarations.clusters ?? []).length +
      (doc.declarations.registries ?? []).length ===
    0
  )
    out.push('None 无.');
  out.push('');

  out.push('## Rules（规则）', '');
  out.push('| rule | domain 领域 | name 名称 | clauses 条款 | severity | status | checked 检查对象 |', '|---|---|---|---|---|---|---:|');
  for (const r of doc.rules) {
    out.push(
      `| ${r.id} | ${r.domain} | ${cell(r.nameZh)} ${cell(r.name)}${r.provisional ? ' (provisional 过渡期)' : ''} | ${r.clauses.map(clauseWithMark).join(', ')} | ${r.severity} | ${statusOf(r, doc)} | ${r.checked} |`,
    );
  }
  out.push('', '† number inferred 条款号为推断 · ⚠ single source 单一来源 · ‡ item letter by position 项号按位置推定', '');
  return out.join('\n');
}
