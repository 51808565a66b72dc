import { clauseInfo, compareClauses, CONTROL_POINTS, confidenceMark, CLAUSE_CAVEAT } from '../clauses';
import type { ComplianceJson, ComplianceJsonRule } from './compliance-json';

const SEVERITY_ZH: Record<string, string> = { error: '错误', warning: '警告' };
const STATUS: Record<string, string> = {
  compliant: '✅ compliant 符合',
  'non-compliant': '❌ non-compliant 不符合',
  'not-applicable': '➖ not applicable 不适用',
  disabled: '⏸ disabled 已停用',
};

/** Escapes text for a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
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
  out.push(`Standard 标准: ${doc.standard} · pack 规则包: ${doc.pack} (${doc.rules.length} rules) · provinces 省份: ${doc.generatedFor.provinces.join(', ') || '(none)'} · ${doc.generator}`, '');
  out.push('| errors 错误 | warnings 警告 | suppressed 已豁免 | compliant rules 符合 | not applicable 不适用 | disabled 已停用 |');
  out.push('|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${s.errors} | ${s.warnings} | ${s.suppressed} | ${s.compliant} | ${s.notApplicable} | ${s.disabled} |`, '');
  out.push(`> ${CLAUSE_CAVEAT}`, '');

  const rulesByPoint = new Map<string, ComplianceJsonRule[]>();
  for (const r of doc.rules) {
    for (const c of r.clauses) {
      const point = c.split(' ')[0];
      const list = rulesByPoint.get(point) ?? [];
      if (!list.includes(r)) list.push(r);
      rulesByPoint.set(point, list);
    }
  }
  out.push('## By clause（按条款）', '');
  for (const point of [...rulesByPoint.keys()].sort(compareClauses)) {
    const cp = CONTROL_POINTS.get(point);
    const mark = cp ? confidenceMark(cp.numberConfidence === 'confirmed' ? 'confirmed' : cp.numberConfidence) : '†';
    out.push(`### ${point}${mark} ${cp ? `${cp.titleZh} ${cp.title} — ${cp.sectionZh} ${cp.section}` : ''}`.trimEnd(), '');
    out.push('| rule 规则 | name 名称 | items cited 条款项 | severity 级别 | status 状态 | open findings 未决 |');
    out.push('|---|---|---|---|---|---:|');
    const rules = rulesByPoint.get(point)!;
    for (const r of rules) {
      const items = r.clauses.filter((c) => c.startsWith(point + ' ')).map(clauseWithMark).join(', ');
      const open = doc.findings.filter((f) => f.ruleId === r.id).length;
      out.push(`| ${r.id} | ${cell(r.nameZh)}<br>${cell(r.name)} | ${items} | ${r.severity} ${SEVERITY_ZH[r.severity]} | ${STATUS[r.status]} | ${open} |`);
    }
    out.push('');
    const findings = doc.findings.filter((f) => rules.some((r) => r.id === f.ruleId));
    for (const f of findings) {
      out.push(`- **${f.ruleId}** ${f.severity} ${SEVERITY_ZH[f.severity]} · \`${f.path}\`${f.resource ? ` · \`${f.resource}\`` : ''}${f.stack ? ` (stack ${f.stack})` : ''}: ${f.message}. Fix 整改: ${f.fix}`);
    }
    if (findings.length > 0) out.push('');
  }

  out.push('## Suppressions（豁免）', '');
  if (doc.suppressions.length === 0) out.push('None 无.', '');
  else {
    out.push('| rule 规则 | where 位置 | reason 理由 | owner 负责人 | expires 到期 | matched 匹配 |', '|---|---|---|---|---|---:|');
    for (const x of doc.suppressions) out.push(`| ${x.ruleId} | \`${x.path}\`${x.resource ? ` \`${x.resource}\`` : ''} | ${cell(x.reason)} | ${cell(x.owner)} | ${x.expires} | ${x.matched} |`);
    out.push('');
  }
  out.push('## Disabled rules and severity overrides（停用规则与级别调整）', '');
  if (doc.disabledRules.length === 0 && doc.severityOverrides.length === 0) out.push('None 无.', '');
  for (const d of doc.disabledRules) out.push(`- ${d.ruleId} disabled at \`${d.path}\` until ${d.expires} by ${d.owner}: ${d.reason}`);
  for (const o of doc.severityOverrides) out.push(`- ${o.ruleId} set to ${o.severity} (default ${o.defaultSeverity}) at \`${o.path}\``);
  if (doc.disabledRules.length + doc.severityOverrides.length > 0) out.push('');

  out.push('## Declarations（声明）', '');
  for (const a of doc.declarations.audit) {
    out.push(`- ${a.province}: API-server audit records kept ${a.logRetentionDays} days（审计记录留存 ${a.logRetentionDays} 天）${a.logSink ? ` in ${a.logSink}` : ', no central sink declared（未声明集中日志存储）'}; policy ${a.policyFile}`);
  }
  for (const g of doc.declarations.adminGroups) {
    out.push(`- ${g.province}: 系统管理员 system ${g.system.join(', ')}; 安全管理员 security ${g.security.join(', ')}; 审计管理员 audit ${g.audit.join(', ')}${g.breakGlass.length ? `; break-glass 应急 ${g.breakGlass.join(', ')}` : ''}`);
  }
  for (const p of doc.declarations.privilegedNamespaces) {
    out.push(`- namespace ${p.namespace} on ${p.cluster} enforces Pod Security privileged（特权命名空间）: ${p.reason}`);
  }
  if (doc.declarations.audit.length + doc.declarations.adminGroups.length + doc.declarations.privilegedNamespaces.length === 0) out.push('None 无.');
  out.push('');

  out.push('## Rules（规则）', '');
  out.push('| rule | domain 领域 | name 名称 | clauses 条款 | severity | status | checked 检查对象 |', '|---|---|---|---|---|---|---:|');
  for (const r of doc.rules) {
    out.push(`| ${r.id} | ${r.domain} | ${cell(r.nameZh)} ${cell(r.name)}${r.provisional ? ' (provisional 过渡期)' : ''} | ${r.clauses.map(clauseWithMark).join(', ')} | ${r.severity} | ${r.status} | ${r.checked} |`);
  }
  out.push('', '† number inferred 条款号为推断 · ⚠ single source 单一来源 · ‡ item letter by position 项号按位置推定', '');
  return out.join('\n');
}
