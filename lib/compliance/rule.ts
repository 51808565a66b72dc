import type { IIndustryCloud, ITenant } from '../core/contracts';
import type { RuleContext, ViewResource, HubSubject, ClusterSubject } from './resource-view';

/** How serious a finding is: an error fails synth, a warning is reported and synth goes on. */
export type Severity = 'error' | 'warning';

/** The outcome of a rule for one subject when it holds no violation. */
export class RuleStatus {
  /** The subject meets the rule. */
  public static readonly COMPLIANT = new RuleStatus('compliant');
  /** The rule does not concern the subject. */
  public static readonly NOT_APPLICABLE = new RuleStatus('not-applicable');
  private constructor(public readonly value: 'compliant' | 'not-applicable') {}
  public toString(): string {
    return this.value;
  }
}

/** One way a subject breaks a rule. */
export interface Violation {
  /** What is wrong, naming the offending value. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
  /**
   * Lowers this finding to a warning while the rule itself is an error: used where the feature that would
   * satisfy the rule is not declared anywhere yet (the finding tightens to an error once it is).
   * @default - the rule's severity
   */
  readonly severity?: Severity;
  /** The resource at fault when it is not the subject itself (model rules that inspect resources). @default - the subject */
  readonly resource?: ViewResource;
  /** Path of the element at fault when it is not the subject's (e.g. a tenant of an industry cloud). @default - the subject's path */
  readonly path?: string;
}

/** What a rule returns for one subject: a status, one violation, or several (none = compliant). */
export type RuleOutcome = RuleStatus | Violation | readonly Violation[];

/** What a rule is evaluated on. */
export interface Subjects {
  /** Every synthesized resource of the kinds the rule names (Kubernetes kinds, or Terraform types such as `helm_release`). */
  readonly resource: ViewResource;
  /** Each province hub. */
  readonly hub: HubSubject;
  /** Each cluster of each hub. */
  readonly cluster: ClusterSubject;
  /** Each industry cloud. */
  readonly 'industry-cloud': IIndustryCloud;
  /** Each tenant. */
  readonly tenant: ITenant;
}

/** Kind of subject a rule is evaluated on. */
export type SubjectKind = keyof Subjects;

/** The area of GB/T 22239-2019 a rule belongs to; the folder under lib/compliance/rules/. */
export class RuleDomain {
  public static readonly NETWORK_ARCHITECTURE = new RuleDomain('network-architecture', 'Network architecture', '网络架构');
  public static readonly BOUNDARY_PROTECTION = new RuleDomain('boundary-protection', 'Boundary protection and access control', '边界防护与访问控制');
  public static readonly AUDIT = new RuleDomain('audit', 'Security audit', '安全审计');
  public static readonly IDENTITY = new RuleDomain('identity', 'Identification and authentication', '身份鉴别');
  public static readonly ACCESS_CONTROL = new RuleDomain('access-control', 'Access control (computing environment)', '访问控制');
  public static readonly INTRUSION_PREVENTION = new RuleDomain('intrusion-prevention', 'Intrusion prevention', '入侵防范');
  public static readonly DATA_PROTECTION = new RuleDomain('data-protection', 'Data integrity and confidentiality', '数据完整性和保密性');
  public static readonly BACKUP_RECOVERY = new RuleDomain('backup-recovery', 'Data backup and recovery', '数据备份恢复');
  public static readonly RESIDUAL_INFORMATION = new RuleDomain('residual-information', 'Residual information protection', '剩余信息保护');
  public static readonly CENTRALISED_MANAGEMENT = new RuleDomain('centralised-management', 'Security management centre', '安全管理中心');
  public static readonly CLOUD_EXTENSION = new RuleDomain('cloud-extension', 'Cloud computing extension', '云计算安全扩展要求');
  private constructor(
    /** Folder name and value in the reports. */
    public readonly value: string,
    public readonly title: string,
    public readonly titleZh: string,
  ) {}
  public toString(): string {
    return this.value;
  }
  public toJSON(): string {
    return this.value;
  }
}

/** One rule of a compliance pack: metadata and a pure function of (subject, context). */
export interface ComplianceRule<S extends SubjectKind = SubjectKind> {
  /** `MLPS3-<n>`. */
  readonly id: string;
  /** Short English name. */
  readonly name: string;
  /** Chinese name of the control, as auditors know it. */
  readonly nameZh: string;
  readonly domain: RuleDomain;
  /** GB/T 22239-2019 clauses with item letters, e.g. `8.1.3.2 a` (see clauses.ts for how sure each number is). */
  readonly clauses: readonly string[];
  /**
   * Cited items the rule decides completely at this layer: when it passes, the item is met as far as the synthesized
   * configuration can show. Every other cited item is tested in part, and the report lists it as 部分符合 at best, with
   * the evidence an assessor still has to see (MANUAL_EVIDENCE in mlps-items.ts).
   * @default - none: every citation is partial
   */
  readonly fullyTests?: readonly string[];
  /**
   * The CIS Kubernetes Benchmark (v1.8.0) section-5 recommendations the rule overlaps, by number, e.g. `5.1.3`.
   * @default - none
   */
  readonly cis?: readonly string[];
  /** Severity of a finding, unless configured otherwise or lowered by the rule (see {@link Violation.severity}). */
  readonly severity: Severity;
  /** What the rule checks, in one or two sentences. */
  readonly description: string;
  /** How to comply, in general terms (each finding also names its own fix); the `help` of the rule in SARIF. @default - none */
  readonly remediation?: string;
  /**
   * How grave a breach is, 0.0–10.0 as code-scanning tools rank alerts (GitHub: 9.0 and up critical, 7.0 high, 4.0 medium).
   * @default - 8.0 while the rule's severity is error, 5.0 while it is warning
   */
  readonly securitySeverity?: number;
  /** What the rule is evaluated on. */
  readonly subject: S;
  /** For resource rules: the Kubernetes kinds (e.g. `NetworkPolicy`) or Terraform types (`helm_release`, `provider`) it inspects. */
  readonly kinds?: readonly string[];
  /**
   * The rule also reads the objects of Helm releases rendered outside synth (the pack's `renderedCharts`): operators'
   * workloads and RBAC. Where a release in its scope is not rendered, the rule has not seen all it concerns, and the
   * items it cites are never 不适用 or 符合 (the report lists the release).
   * @default false - synthesized resources only
   */
  readonly seesRenderedCharts?: boolean;
  /** Why some findings are only warnings today, and what makes them errors; absent for rules that are final. */
  readonly provisional?: string;
  /** The pure function: never reads anything but its arguments; never throws for bad input. */
  readonly check: (subject: Subjects[S], ctx: RuleContext) => RuleOutcome;
}

/** How completely a rule tests a cited item (see {@link ComplianceRule.fullyTests}). */
export type CitationCertainty = 'full' | 'partial';

/** The certainty of one of a rule's citations. */
export function citationCertainty(rule: Pick<ComplianceRule, 'fullyTests'>, clause: string): CitationCertainty {
  return rule.fullyTests?.includes(clause) ? 'full' : 'partial';
}

/** Normalises an outcome into its violations (empty for COMPLIANT) or a status. */
export function violationsOf(outcome: RuleOutcome): Violation[] | RuleStatus {
  if (outcome instanceof RuleStatus) return outcome;
  if (Array.isArray(outcome)) return outcome as Violation[];
  if (typeof outcome === 'object' && outcome !== null && typeof (outcome as Violation).message === 'string') return [outcome as Violation];
  if (typeof outcome === 'object' && outcome !== null && typeof (outcome as { value?: unknown }).value === 'string') {
    // A RuleStatus from another copy of the library.
    return (outcome as unknown as { value: string }).value === 'compliant' ? RuleStatus.COMPLIANT : RuleStatus.NOT_APPLICABLE;
  }
  throw new Error(`a rule returned ${JSON.stringify(outcome)}, which is neither a RuleStatus nor a violation`);
}

/** Numeric part of a rule id, for sorting `MLPS3-2` before `MLPS3-10`. */
export function ruleNumber(id: string): number {
  const m = /-(\d+)$/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Orders rule ids by pack, then number. */
export function compareRuleIds(a: string, b: string): number {
  const pa = a.replace(/-\d+$/, '');
  const pb = b.replace(/-\d+$/, '');
  return pa.localeCompare(pb) || ruleNumber(a) - ruleNumber(b);
}
