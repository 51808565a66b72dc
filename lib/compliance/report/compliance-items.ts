/**
 * The per-item view of a run: every level-3 item of the technical chapters with the status an assessor writes
 * (符合 / 部分符合 / 不符合 / 不适用 / 未检查), the rules behind it and what is left to look at; and the facts that make
 * the report evidence (date, commit, input digest, scope).
 */
import { createHash } from 'crypto';
import type {
  ComplianceChartReleaseRecord,
  ComplianceEvidenceRecord,
  ComplianceFindingRecord,
  ComplianceItemRecord,
  ComplianceItemStatus,
  ComplianceRuleRecord,
  ComplianceRunRecord,
} from '../../schema/compliance';
import { clauseInfo, CONTROL_POINTS } from '../clauses';
import type { EvidenceGroup } from '../engine';
import { MANUAL_EVIDENCE, MLPS_LEVEL3_ITEMS } from '../mlps-items';
import type { ComplianceView, ViewResource } from '../resource-view';
import { isUnderAny } from '../suppressions';

/** The statuses in the order reports list them. */
export const ITEM_STATUSES: readonly ComplianceItemStatus[] = ['符合', '部分符合', '不符合', '不适用', '未检查'];

/** Where a stack's Terraform JSON lies in the output folder. */
export function stackFile(stack: string | null): string | null {
  return stack === null ? null : `stacks/${stack}/cdk.tf.json`;
}

/** An evidence group as the reports write it. */
export function evidenceRecord(e: EvidenceGroup): ComplianceEvidenceRecord {
  return { path: e.path, stack: e.stack, file: e.file ?? stackFile(e.stack), resources: e.resources };
}

const ids = (rs: readonly ComplianceRuleRecord[]) => rs.map((r) => r.id).join('、');

/** Every level-3 item with its status, from the rules' outcomes and the open findings. */
export function itemResults(rules: readonly ComplianceRuleRecord[], findings: readonly ComplianceFindingRecord[]): ComplianceItemRecord[] {
  const open = new Set(findings.map((f) => f.ruleId));
  return MLPS_LEVEL3_ITEMS.map((item) => {
    const point = item.clause.split(' ')[0];
    const cp = CONTROL_POINTS.get(point)!;
    const citing = rules.filter((r) => r.citations.some((c) => c.clause === item.clause));
    const certainty = (r: ComplianceRuleRecord) => r.citations.find((c) => c.clause === item.clause)!.certainty;
    const enabled = citing.filter((r) => r.status !== 'disabled');
    const failing = enabled.filter((r) => open.has(r.id));
    const suppressed = enabled.filter((r) => r.status === 'non-compliant' && !open.has(r.id));
    const applicable = enabled.filter((r) => r.status !== 'not-applicable');
    const passed = enabled.filter((r) => r.status === 'compliant');
    // A rule that reads Helm charts and did not see every release's objects has not checked all it concerns.
    const unseen = enabled.filter((r) => (r.charts?.notRendered ?? 0) > 0);
    const unseenNote = unseen.length > 0 ? `规则 ${ids(unseen)} 未检查 ${Math.max(...unseen.map((r) => r.charts!.notRendered))} 个未渲染的 Helm 发布中的对象（见“Helm chart 渲染”）。` : '';
    let status: ComplianceItemStatus;
    let basis: string;
    if (enabled.length === 0) {
      status = '未检查';
      basis = citing.length > 0 ? `引用本项的规则 ${ids(citing)} 已停用（见停用规则）。` : '没有可在综合（synth）时判定本项的规则。';
    } else if (failing.length > 0) {
      status = '不符合';
      basis = `规则 ${ids(failing)} 有未决发现项（见发现项）。`;
    } else if (applicable.length === 0) {
      const allFull = enabled.every((r) => certainty(r) === 'full') && unseen.length === 0;
      status = allFull ? '不适用' : '未检查';
      basis = allFull
        ? `规则 ${ids(enabled)} 在本范围内没有适用对象。`
        : unseen.length > 0
          ? `规则 ${ids(enabled)} 在已综合的配置中没有可检查的对象。`
          : `规则 ${ids(enabled)} 在本范围内没有可检查的对象，且只检验本项的一部分。`;
    } else if (suppressed.length > 0) {
      status = '部分符合';
      basis = `规则 ${ids(suppressed)} 的发现项已按期限豁免（见豁免）${passed.length > 0 ? `；规则 ${ids(passed)} 通过` : ''}。`;
    } else if (passed.some((r) => certainty(r) === 'full' && !unseen.includes(r))) {
      status = '符合';
      basis = `规则 ${ids(passed)} 通过，且完整检验本项。`;
    } else {
      status = '部分符合';
      basis = `规则 ${ids(passed)} 通过，但只检验本项可由配置证明的部分。`;
    }
    if (unseenNote && status !== '不符合') basis = `${basis}${unseenNote}`;
    return {
      clause: item.clause,
      titleZh: cp.titleZh,
      sectionZh: cp.sectionZh,
      textZh: item.textZh,
      confidence: clauseInfo(item.clause)!.confidence,
      status,
      basis,
      rules: citing.map((r) => ({ id: r.id, certainty: certainty(r), status: r.status })),
      manualEvidence: status === '符合' || status === '不适用' ? null : MANUAL_EVIDENCE[point],
    };
  });
}

/** How many items have each status. */
export function itemTotals(items: readonly ComplianceItemRecord[]): Record<ComplianceItemStatus, number> {
  const out = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ComplianceItemStatus, number>;
  for (const i of items) out[i.status]++;
  return out;
}

/** `sha256:<hex>` of the resources the pack read, in stack and address order (see ComplianceRunRecord.inputDigest). */
export function inputDigest(resources: readonly ViewResource[]): string {
  const keyed = resources.map((r) => ({ key: `${r.stack}\u0000${r.address}`, r }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const h = createHash('sha256');
  // The body as the library built it (its key order is fixed by the code): sorting every body's keys first cost
  // more than the rest of the report at 5,000 departments, and the digest is as reproducible without.
  for (const { r } of keyed) h.update(JSON.stringify([r.stack, r.address, r.body]) + '\n');
  return `sha256:${h.digest('hex')}`;
}

/** Environment variables a commit is read from, in order, when the pack's `commit` option is not given. */
export const COMMIT_ENV = ['GOVLZ_COMMIT', 'CI_COMMIT_SHA', 'GITHUB_SHA', 'GIT_COMMIT'] as const;

/** The commit of the configuration: the option, else the first environment variable of COMMIT_ENV set; null without one. */
export function commitOf(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (option !== undefined && option.trim() !== '') return option.trim();
  for (const k of COMMIT_ENV) {
    const v = env[k];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** The scope statement (Chinese) every report carries. */
export function scopeStatement(paths: readonly string[], stacks: number, clusters: number): string {
  return (
    `本报告覆盖构造路径 ${paths.map((p) => p || '(app)').join('、')} 之下综合（cdktf synth）生成的配置：${stacks} 个 Terraform 栈、${clusters} 个集群的 Kubernetes 对象、` +
    'Helm 发布参数、provider 配置，以及省级枢纽声明的审计、管理员与站点信息；Helm chart 中的对象只在给出已渲染的 chart（renderedCharts）时检查，见“Helm chart 渲染”。未覆盖：运行时状态与日志内容、' +
    '云平台与机房、身份认证系统，以及安全管理制度与人员。标为“部分符合”或“未检查”的条目须按“人工核查”所列内容另行取证。'
  );
}

/** The run facts of one evaluation: the latest day of the configurations, the commit, the digest and the scope. */
export function runRecord(view: ComplianceView, configs: ReadonlyArray<{ scopes: readonly string[]; today: string }>, commit: string | null): ComplianceRunRecord {
  const paths = [...new Set(configs.flatMap((c) => c.scopes))].sort();
  const inScope = (p: string) => isUnderAny(p, paths);
  const resources = view.resources.filter((r) => inScope(r.path));
  // Objects of rendered Helm charts are inputs too (only when charts were rendered: the digest is otherwise unchanged).
  const chartObjects = view.chartObjects.filter((r) => inScope(r.path));
  const stacks = [...new Set(resources.map((r) => r.stack))].sort();
  const clusters = [
    ...new Set(
      view
        .clusters()
        .filter((c) => inScope(c.path))
        .map((c) => c.cluster.name),
    ),
  ].sort();
  const date = configs.map((c) => c.today).reduce((a, b) => (b > a ? b : a), configs[0]?.today ?? '');
  return { date, commit, inputDigest: inputDigest([...resources, ...chartObjects]), scope: { paths, stacks, clusters, statementZh: scopeStatement(paths, stacks.length, clusters.length) } };
}

/** The rendered-charts folders read and every helm_release in scope, with whether its objects were checked. */
export function chartRecords(view: ComplianceView, configs: ReadonlyArray<{ scopes: readonly string[] }>): { folders: string[]; digest: string | null; releases: ComplianceChartReleaseRecord[] } {
  const paths = [...new Set(configs.flatMap((c) => c.scopes))];
  const releases = view
    .ofKind('helm_release')
    .filter((r) => !r.chart && isUnderAny(r.path, paths))
    .map((r): ComplianceChartReleaseRecord => {
      const render = view.releaseRender(r);
      const detail = render.rendered ? `${render.coverage}: ${render.objects} objects${render.note ? ` (${render.note})` : ''}` : render.reason;
      return { stack: r.stack, resource: r.address, path: r.path, file: stackFile(r.stack)!, status: render.rendered ? 'rendered' : 'not-rendered', detail };
    })
    .sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  return { folders: [...(view.renderedCharts?.folders ?? [])], digest: view.renderedCharts?.digest ?? null, releases };
}

export type { ComplianceRunRecord };
