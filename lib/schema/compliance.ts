/**
 * `<outdir>/gov-lz/compliance.json`: the MLPS level 3 pack's report. The compliance layer writes it
 * (lib/compliance/report/compliance-json.ts) and the review reads it, both through these types; the JSON Schema
 * generated from them is `schemas/compliance.schema.json` in the package.
 */

/** Version of the compliance.json format; the review refuses versions it does not know. */
export const COMPLIANCE_SCHEMA_VERSION = 3;

/**
 * Compliance report format versions the review understands. Version 2 added the run facts (`run`), the per-item
 * results (`items`, `itemTotals`) and each rule's citations, CIS overlap and evidence; the review reads neither, so it
 * still compares a version-1 base with a version-2 head. Version 3 groups each rule's evidence by path and stack (one
 * record lists the addresses passed there) instead of one record per address: at 5,000 departments the report was
 * 60 MB of repeated paths. The review reads none of it.
 */
export const SUPPORTED_COMPLIANCE_VERSIONS: readonly number[] = [1, 2, COMPLIANCE_SCHEMA_VERSION];

/** How serious a finding is: an error fails synth (unless suppressed), a warning is reported. */
export type ComplianceSeverity = 'error' | 'warning';

/** How sure the pack is of a clause number: seen written, letter by position, one source only, or inferred. */
export type ClauseConfidenceLevel = 'confirmed' | 'letter-by-position' | 'single-source' | 'inferred';

/** A line of the app's code (relative to the source root), where a construct or suppression was declared. */
export interface SourceRecord {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** How completely a rule tests an item it cites: `full` (decided at this layer) or `partial` (the rest is manual evidence). */
export type CitationCertaintyLevel = 'full' | 'partial';

/** One item a rule cites, with how completely the rule tests it. */
export interface ComplianceCitationRecord {
  /** `8.1.4.3 a`. */
  readonly clause: string;
  readonly certainty: CitationCertaintyLevel;
}

/** Where subjects a rule passed lie (the evidence of the passes): one construct (or model) path in one stack. */
export interface ComplianceEvidenceRecord {
  /** Construct path (or model path such as `zj/clusters/hz-a-core`). */
  readonly path: string;
  /** Stack id, or null for model subjects (hubs, clusters) that belong to no stack. */
  readonly stack: string | null;
  /**
   * The stack's Terraform JSON in the output folder (`stacks/<stack>/cdk.tf.json`), or null without a stack; for an
   * object rendered from a Helm chart, its rendered manifest (the `renderedCharts` folder as given, `<stack>/<release>.yaml`).
   */
  readonly file: string | null;
  /** `<type>.<name>` of every resource passed at this path, sorted; empty for a model subject (the path is the evidence). */
  readonly resources: string[];
}

/** The assessor's status words (GB/T 28448 单项判定): what each item came to. */
export type ComplianceItemStatus = '符合' | '部分符合' | '不符合' | '不适用' | '未检查';

/** One level-3 item of GB/T 22239-2019 and what the pack can say about it. */
export interface ComplianceItemRecord {
  /** `8.1.4.3 a`. */
  readonly clause: string;
  /** The control point's title, e.g. `安全审计`. */
  readonly titleZh: string;
  /** The layer, e.g. `安全计算环境` or `云计算安全扩展要求 – 安全计算环境`. */
  readonly sectionZh: string;
  /** The standard's text of the item. */
  readonly textZh: string;
  /** How sure the pack is of the clause number and letter. */
  readonly confidence: ClauseConfidenceLevel;
  readonly status: ComplianceItemStatus;
  /** Why the item has this status, in Chinese (which rules decided it, or why nothing did). */
  readonly basis: string;
  /** The rules that cite the item, each with its certainty and outcome. */
  readonly rules: Array<{ id: string; certainty: CitationCertaintyLevel; status: ComplianceRuleRecord['status'] }>;
  /** What the assessor still has to look at beyond the synthesized configuration; null when a rule decides the item completely. */
  readonly manualEvidence: string | null;
}

/** Facts about the run that make the report evidence: when, of what, over which scope. */
export interface ComplianceRunRecord {
  /** The day the pack evaluated against (`today`: its option, else the machine's date), `YYYY-MM-DD`. */
  readonly date: string;
  /** The commit of the configuration (the pack's `commit` option, else GOVLZ_COMMIT, CI_COMMIT_SHA, GITHUB_SHA or GIT_COMMIT); null when none is given. */
  readonly commit: string | null;
  /**
   * `sha256:<hex>` of every synthesized resource and provider block the pack read (stack, address and Terraform JSON
   * body as the library built it, in stack and address order): the same configuration and library version give the
   * same digest.
   */
  readonly inputDigest: string;
  /** What the report covers. */
  readonly scope: {
    /** Construct paths the pack was applied to. */
    readonly paths: string[];
    /** Stacks whose resources were checked. */
    readonly stacks: string[];
    /** Clusters of the hubs in scope. */
    readonly clusters: string[];
    /** In Chinese: what was checked, and what a synth-time check cannot see. */
    readonly statementZh: string;
  };
}

/** One rule of the pack and how it came out. */
export interface ComplianceRuleRecord {
  /** `MLPS3-<nn>`. */
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly domain: string;
  /** GB/T 22239-2019 clauses, e.g. `8.1.3.2 a`. */
  readonly clauses: string[];
  /** The severity in force (after the pack's configuration). */
  readonly severity: ComplianceSeverity;
  readonly description: string;
  readonly defaultSeverity: ComplianceSeverity;
  readonly status: 'compliant' | 'non-compliant' | 'not-applicable' | 'disabled';
  /** Subjects the rule applied to. */
  readonly checked: number;
  /** How sure the pack is of each clause number (see clauseCaveat). */
  readonly clauseConfidence: Record<string, ClauseConfidenceLevel>;
  /** Why some findings are warnings today and what makes them errors; null when final. */
  readonly provisional: string | null;
  /** How to comply, in general; null when the rule gives fixes per finding only. */
  readonly remediation: string | null;
  /** 0.0–10.0, as code-scanning tools rank alerts: the rule's own, else 8.0 for an error and 5.0 for a warning. */
  readonly securitySeverity: number;
  /** Each cited item with how completely the rule tests it. */
  readonly citations: ComplianceCitationRecord[];
  /** The CIS Kubernetes Benchmark v1.8.0 section-5 recommendations the rule overlaps. */
  readonly cis: string[];
  /** Where the subjects the rule passed lie (the evidence of the passes), one record per path and stack, sorted. */
  readonly evidence: ComplianceEvidenceRecord[];
  /**
   * For rules that also read the objects of rendered Helm charts: how many helm_releases in scope the rule saw the
   * objects of, and how many it did not (see `charts`); null for the other rules.
   */
  readonly charts: { rendered: number; notRendered: number } | null;
}

/** A helm_release in scope and whether its chart's objects were checked. */
export interface ComplianceChartReleaseRecord {
  readonly stack: string;
  /** `helm_release.<name>`. */
  readonly resource: string;
  readonly path: string;
  /** The stack's Terraform JSON in the output folder. */
  readonly file: string;
  readonly status: 'rendered' | 'not-rendered';
  /** How completely its objects are seen (`chart`, `release-manifest`, `partial`, with the object count), or why they are not. */
  readonly detail: string;
}

/** An open finding: with the line of the app's code that declared the construct at fault. */
export interface ComplianceFindingRecord {
  readonly ruleId: string;
  readonly severity: ComplianceSeverity;
  readonly status: 'non-compliant';
  /** Construct path (or model path such as `zj/clusters/hz-a-core`). */
  readonly path: string;
  /** Stack id, or null for model findings that belong to no stack. */
  readonly stack: string | null;
  /** `<type>.<name>`, or null when the finding is about a model element. */
  readonly resource: string | null;
  readonly message: string;
  readonly fix: string;
  /** Where the construct was declared; null when unknown. */
  readonly source: SourceRecord | null;
}

/** A suppression that matched findings, with the findings it suppresses. */
export interface ComplianceSuppressionRecord {
  readonly ruleId: string;
  readonly path: string;
  readonly reason: string;
  readonly owner: string;
  /** `YYYY-MM-DD`. */
  readonly expires: string;
  readonly resource: string | null;
  /** Where the app's code made the suppression. */
  readonly source: SourceRecord | null;
  /** How many findings it suppresses. */
  readonly matched: number;
  readonly findings: Array<Pick<ComplianceFindingRecord, 'path' | 'stack' | 'resource' | 'message' | 'severity' | 'source'>>;
}

/** A rule switched off by the hub, with the reason and who answers for it. */
export interface ComplianceDisabledRuleRecord {
  readonly ruleId: string;
  readonly path: string;
  readonly reason: string;
  readonly owner: string;
  readonly expires: string;
}

/** A rule whose severity the hub's configuration changed. */
export interface SeverityOverrideRecord {
  readonly ruleId: string;
  readonly path: string;
  readonly severity: ComplianceSeverity;
  readonly defaultSeverity: ComplianceSeverity;
  /** A lowering carries its reason, owner and expiry (it is accepted like a suppression). */
  readonly reason?: string;
  readonly owner?: string;
  readonly expires?: string;
}

/** What the hubs declared for compliance, recorded beside the findings. */
export interface ComplianceDeclarationsRecord {
  readonly audit: Array<{
    province: string;
    logRetentionDays: number;
    logSink: string | null;
    policyFile: string;
    dailyVolumeMi: number;
    apiServerLog: { maxAgeDays: number; maxSizeMi: number; maxBackups: number };
    storeSizeGi: number;
  }>;
  readonly adminGroups: Array<{ province: string; system: string[]; security: string[]; audit: string[]; breakGlass: string[]; terraform: string[] }>;
  /** Platform namespaces that enforce Pod Security `privileged`, each with its declared reason (MLPS3-15), by cluster and name. */
  readonly privilegedNamespaces: Array<{ cluster: string; namespace: string; resource: string; reason: string }>;
  /**
   * What each cluster declares of its control plane and CNI (MLPS3-35 to MLPS3-39): synth cannot see an API server, so
   * these are the facts the assessor compares with it; `null` where nothing is declared. Absent in reports of 0.x
   * versions before issue 21.
   */
  readonly clusters?: ComplianceClusterDeclaration[];
  /** Each hub's registry and how it scans images (MLPS3-46). Absent in reports before issue 21's MLPS3-46. */
  readonly registries?: ComplianceRegistryDeclaration[];
}

/** One cluster's declared control plane and CNI. */
export interface ComplianceClusterDeclaration {
  readonly province: string;
  readonly cluster: string;
  readonly networkPlugin: string | null;
  /** Provider types of the EncryptionConfiguration entry for secrets, in order. */
  readonly secretsEncryption: string[] | null;
  readonly authentication: {
    oidcIssuerUrl: string | null;
    anonymousAuth: boolean;
    staticTokenFile: boolean;
    idpLockoutAfterFailures: number | null;
    idpSessionTimeoutMinutes: number | null;
    idpMultiFactor: boolean;
    /** Absolute session lifetime at the IdP, hours; absent in reports before MLPS3-56. */
    idpSessionMaxHours?: number | null;
    /** ID-token lifetime at the IdP, minutes; absent in reports before MLPS3-56. */
    idpTokenLifetimeMinutes?: number | null;
  } | null;
  readonly endpoint: { network: string; allowedSourceCidrs: string[] } | null;
  readonly audit: { logPath: string | null; webhookUrl: string | null } | null;
  /** The Kubernetes version the control plane runs (MLPS3-48); absent in reports before it was declared. */
  readonly kubernetesVersion?: string | null;
  /** How the API server issues service-account tokens (MLPS3-56); absent in reports before it. */
  readonly serviceAccountTokens?: { maxExpirationHours: number | null; extendExpiration: boolean } | null;
}

/** How a hub's registry scans images (MLPS3-46), as declared; `scanning` null where nothing is declared. */
export interface ComplianceRegistryDeclaration {
  readonly province: string;
  readonly registry: string;
  readonly scanning: { scanner: string; scanOnPush: boolean; blockingSeverity: string; databaseUpdateDays: number } | null;
}

/** `gov-lz/compliance.json`. */
export interface ComplianceFile {
  readonly schemaVersion: number;
  /** The pack, e.g. `MLPS3`. */
  readonly pack: string;
  readonly standard: string;
  /** `cdktf-gov-landing-zone@<version>`. */
  readonly generator: string;
  readonly generatedFor: { provinces: string[] };
  /** When, of which commit and inputs, over which scope. */
  readonly run: ComplianceRunRecord;
  /** errors, warnings: open findings; suppressed: suppressed findings; compliant, notApplicable, disabled: rules. */
  readonly summary: { errors: number; warnings: number; suppressed: number; compliant: number; notApplicable: number; disabled: number };
  /** How sure the pack is of the clause numbers it cites. */
  readonly clauseCaveat: string;
  readonly rules: ComplianceRuleRecord[];
  /** Every level-3 item of the technical chapters, in the standard's order, with its status. */
  readonly items: ComplianceItemRecord[];
  /** How many items have each status. */
  readonly itemTotals: Record<ComplianceItemStatus, number>;
  /** Open findings (suppressed ones are listed under their suppression). */
  readonly findings: ComplianceFindingRecord[];
  readonly suppressions: ComplianceSuppressionRecord[];
  readonly disabledRules: ComplianceDisabledRuleRecord[];
  readonly severityOverrides: SeverityOverrideRecord[];
  readonly declarations: ComplianceDeclarationsRecord;
  /**
   * Helm charts rendered outside synth (the pack's `renderedCharts`): the folders read with the digest of what they
   * held, and every helm_release in scope with whether the workload and RBAC rules saw its objects.
   */
  readonly charts: { folders: string[]; digest: string | null; releases: ComplianceChartReleaseRecord[] };
}
