import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { IGatedAspect, LandingZoneContext, markGatedAspect, ProblemReporter } from '../core/context';
import type { ICluster } from '../core/contracts';
import { declarationOf, ownDeclaration, recordDeclaration } from '../core/declaration';
import { libraryVersion } from '../private/version';
import type { ComplianceClusterDeclaration } from '../schema/compliance';
import { clauseInfo, confidenceMark } from './clauses';
import { ComplianceResult, DisabledRuleOptions, evaluate, PackConfiguration, SeverityOverride } from './engine';
import { MLPS_LEVEL3_RULES } from './packs/mlps-level3';
import { loadRenderedCharts, RenderedCharts } from './rendered-charts';
import { chartRecords, commitOf, runRecord } from './report/compliance-items';
import { ComplianceJson, complianceJson, ComplianceDeclarations } from './report/compliance-json';
import { complianceMarkdown } from './report/compliance-markdown';
import { complianceSarif } from './report/compliance-sarif';
import { ComplianceView } from './resource-view';
import type { ComplianceRule, Severity } from './rule';
import { privilegedReason } from './rules/intrusion-prevention/pod-security-enforced';
import { addSuppression, allSuppressions, localToday, SuppressionOptions } from './suppressions';

/** How an application of the MLPS level 3 pack is configured. */
export interface MlpsLevel3ChecksOptions {
  /**
   * Severity by rule id, e.g. `{ 'MLPS3-17': 'error' }` once every cluster runs an intrusion detector. Lowering an error
   * to a warning is a suppression of every finding of the rule, with the same accountability:
   * `{ 'MLPS3-9': { severity: 'warning', reason, owner, expires } }` (a bare `'warning'` is refused). Listed in the
   * reports; a lowering also raises a cdktf warning. Where several configurations of the pack cover one construct
   * (the hub's and one applied to the app), the stricter severity wins: no configuration weakens another.
   * @default - each rule's own severity
   */
  readonly severityOverrides?: Record<string, Severity | SeverityOverride>;
  /**
   * Rules switched off for this scope, each with a reason (at least 10 characters), an owner and an expiry date,
   * like a suppression. Listed in the reports; an expired entry is an error.
   * @default - none
   */
  readonly disabledRules?: DisabledRuleOptions[];
  /**
   * The day expiry dates are compared with, `YYYY-MM-DD` (for deterministic tests and re-runs). With several
   * configurations of the pack in one app, the latest of their days counts (an earlier one cannot revive an expired
   * suppression).
   * @default - the current date on the machine that synthesizes
   */
  readonly today?: string;
  /**
   * The commit of the configuration, written to the reports (`run.commit`). The pack never runs git itself.
   * @default - the first of the environment variables GOVLZ_COMMIT, CI_COMMIT_SHA, GITHUB_SHA, GIT_COMMIT that is set; none: null
   */
  readonly commit?: string;
  /**
   * A folder of Helm releases rendered outside synth (`npm run charts:render -- --out cdktf.out --charts <folder>`), so
   * that the workload and RBAC rules (MLPS3-3, 11, 12, 13, 16, 33) also check the objects inside the charts: operators'
   * Deployments, ClusterRoles and bindings. Relative to the working directory. Synth itself never runs helm: it only
   * reads the folder. Releases not in it, not rendered, or changed since, are listed in the reports as not rendered, and
   * the items those rules cite are then 未检查 or 部分符合, never 不适用 or 符合.
   * @default - charts are not rendered: every helm_release is listed as not rendered
   */
  readonly renderedCharts?: string;
}

const IS_MLPS = Symbol.for('cdktf-gov-landing-zone.MlpsLevel3Checks');

/** Files the pack writes to `<outdir>/gov-lz/`. */
export const COMPLIANCE_FILES = { json: 'compliance.json', markdown: 'compliance.md', sarif: 'compliance.sarif' } as const;

interface AppState {
  /** The reporter of the run evaluated last, so that the aspects of one run are evaluated once, together. */
  reporter?: ProblemReporter;
  result?: ComplianceResult;
  json?: ComplianceJson;
}

/**
 * The MLPS 2.0 level 3 pack (等保 2.0 三级) as a cdktf Aspect: `Aspects.of(scope).add(new MlpsLevel3Checks())`.
 *
 * The landing zone's synth gate evaluates it before anything is written: errors fail synth together with every
 * other problem (one LandingZoneError, nothing written); warnings and suppressions become cdktf annotations and
 * go to `compliance.json`, `compliance.md` and `compliance.sarif` in `<outdir>/gov-lz/`. cdktf's own later
 * `visit` calls only make sure the gate has run. `ProvinceHub` applies the pack to itself by default.
 */
export class MlpsLevel3Checks implements IGatedAspect {
  /**
   * The rules of the pack, in id order (MLPS3-1 to MLPS3-57).
   * @internal the rule interface follows the compliance engine; the reports list every rule
   */
  public static readonly RULES: readonly ComplianceRule<any>[] = MLPS_LEVEL3_RULES;

  /** Whether `x` is an MlpsLevel3Checks (works across copies of the library). */
  public static isMlpsLevel3Checks(x: unknown): x is MlpsLevel3Checks {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[IS_MLPS] === true;
  }

  /**
   * Accepts the findings of one rule on a construct and everything below it (or on one Terraform address).
   * The reason, owner and expiry date go to the reports; an expired suppression, or one that matches nothing, is an error.
   */
  public static suppress(construct: IConstruct, options: SuppressionOptions): void {
    addSuppression(construct, options);
  }

  /**
   * Applies the pack to `scope` and makes every stack at or below it (and the stack holding it) run the synth gate,
   * so that in plain `TerraformStack`s too nothing is written when a check fails.
   */
  public static applyTo(scope: IConstruct, options: MlpsLevel3ChecksOptions = {}): MlpsLevel3Checks {
    const checks = new MlpsLevel3Checks(options);
    Aspects.of(scope).add(checks);
    const ctx = LandingZoneContext.of(scope);
    for (const c of scope.node.findAll()) if (TerraformStack.isStack(c)) ctx.attach(c);
    try {
      ctx.attach(TerraformStack.of(scope));
    } catch {
      // scope is above any stack (the app): its stacks were attached above.
    }
    return checks;
  }

  /**
   * Runs every check of the app without writing anything and returns the compliance document of that run,
   * errors included (the written compliance.json never holds errors: synth stops first).
   */
  public static report(scope: IConstruct): ComplianceJson {
    LandingZoneContext.of(scope).run();
    const state = appState(scope.node.root);
    if (!state.json) throw new Error(`${scope.node.path || '(app)'}: no MlpsLevel3Checks is applied in this app`);
    return state.json;
  }

  private readonly options: MlpsLevel3ChecksOptions;

  constructor(options: MlpsLevel3ChecksOptions = {}) {
    this.options = options;
    recordDeclaration(this);
    Object.defineProperty(this, IS_MLPS, { value: true });
    markGatedAspect(this);
  }

  /** cdktf calls this per construct after the gate; it only makes sure the gate ran (for stacks that were not gated). */
  public visit(node: IConstruct): void {
    const ctx = LandingZoneContext.of(node);
    let outdir: string;
    try {
      outdir = App.of(node).outdir;
    } catch {
      return;
    }
    ctx.gate(outdir);
  }

  /** Evaluates every MlpsLevel3Checks of the app at once (the first call of a run does; the others return). */
  public evaluateAtGate(_scopes: IConstruct[], report: ProblemReporter, all: ReadonlyMap<IGatedAspect, IConstruct[]>): void {
    const root = _scopes[0]?.node.root;
    if (!root) return;
    const state = appState(root);
    if (state.reporter === report) return;
    state.reporter = report;
    const configs: PackConfiguration[] = [];
    const packs: MlpsLevel3Checks[] = [];
    for (const [aspect, scopes] of all) {
      if (!MlpsLevel3Checks.isMlpsLevel3Checks(aspect)) continue;
      configs.push(aspect.configuration(scopes));
      packs.push(aspect);
    }
    const folders = [...new Set(packs.map((p) => p.options.renderedCharts).filter((f): f is string => typeof f === 'string'))].sort();
    let charts: RenderedCharts | undefined;
    if (folders.length > 0) {
      try {
        charts = loadRenderedCharts(folders);
      } catch (e) {
        report.error(configs[0]?.at.node.path ?? '', {
          code: 'invalid-value',
          value: folders,
          message: `renderedCharts: ${e instanceof Error ? e.message : String(e)}`,
          fix: 'render the charts after synth with npm run charts:render -- --out <synth output> --charts <folder>, or remove the option',
        });
      }
    }
    const view = ComplianceView.build(root, charts);
    const result = evaluate(view, MlpsLevel3Checks.RULES, configs, allSuppressions(root));
    state.result = result;
    state.json = complianceJson(result, {
      provinces: [...new Set(view.hubs.map((h) => h.hub.province))],
      generator: `cdktf-gov-landing-zone@${libraryVersion()}`,
      version: libraryVersion(),
      declarations: declarationsOf(root, view),
      run: runRecord(view, configs, commitOf(packs.map((p) => p.options.commit).find((c) => c !== undefined))),
      charts: chartRecords(view, configs),
      // For findings on constructs no declaration site was recorded for: where the pack was applied.
      fallbackSource: () => configs.map((c) => declarationOf(c.at)).find((d) => d) ?? packs.map((p) => ownDeclaration(p)).find((d) => d) ?? null,
    });
    registerArtifacts(root);
    writeSarifCopy(root, state.json, report);
    const rules = new Map(MlpsLevel3Checks.RULES.map((r) => [r.id, r]));
    const cite = (ruleId: string) => {
      const r = rules.get(ruleId);
      if (!r) return '';
      const clauses = r.clauses.map((c) => `${c}${confidenceMark(clauseInfo(c)?.confidence ?? 'inferred')}`).join(', ');
      return ` [${ruleId} ${r.nameZh}; GB/T 22239-2019 ${clauses}]`;
    };
    for (const p of result.problems) report.error(p.path, { code: p.code, value: p.value, message: p.message, fix: p.fix });
    for (const f of result.findings) {
      if (f.severity === 'error') report.error(f.path, { code: f.ruleId, value: f.resource ?? f.path, message: `${f.message}${cite(f.ruleId)}`, fix: f.fix });
      else report.warn(anchor(f.construct), `[${f.ruleId}] ${f.path}: ${f.message} — fix: ${f.fix}`);
    }
    for (const s of result.suppressions) {
      for (const f of s.matched) {
        report.info(anchor(f.construct), `[${f.ruleId}] suppressed until ${s.suppression.expires} by ${s.suppression.owner} (${s.suppression.reason}): ${f.message}`);
      }
    }
    for (const w of result.warnings) report.warn(anchor(w.at), w.message);
  }

  /** This application's configuration over its scopes. */
  private configuration(scopes: IConstruct[]): PackConfiguration {
    return {
      scopes: scopes.map((s) => s.node.path),
      at: scopes[0],
      severityOverrides: { ...(this.options.severityOverrides ?? {}) },
      disabledRules: [...(this.options.disabledRules ?? [])],
      today: this.options.today ?? localToday(),
    };
  }
}

/**
 * A construct inside a stack for the annotation: cdktf only shows annotations of constructs in stacks, and the
 * hub and industry clouds sit above theirs.
 */
function anchor(c: IConstruct): IConstruct {
  try {
    TerraformStack.of(c);
    return c;
  } catch {
    const x = c as unknown as { hubStack?: IConstruct; stack?: IConstruct };
    return x.hubStack ?? x.stack ?? c.node.findAll().find((d) => TerraformStack.isStack(d)) ?? c;
  }
}

function appState(root: IConstruct): AppState {
  return LandingZoneContext.of(root).appState('compliance.run', (): AppState => ({}));
}

function registerArtifacts(root: IConstruct): void {
  const ctx = LandingZoneContext.of(root);
  if (ctx.artifactNames.includes(COMPLIANCE_FILES.json)) return;
  const doc = () => appState(root).json!;
  ctx.addArtifact(COMPLIANCE_FILES.json, () => JSON.stringify(doc(), null, 2) + '\n', doc);
  ctx.addArtifact(COMPLIANCE_FILES.markdown, () => complianceMarkdown(doc()));
  ctx.addArtifact(COMPLIANCE_FILES.sarif, () => JSON.stringify(complianceSarif(doc(), libraryVersion()), null, 2) + '\n');
}

/** The environment variable that names a copy of compliance.sarif written even when synth fails. */
export const SARIF_COPY_ENV = 'GOVLZ_SARIF';

/**
 * With `GOVLZ_SARIF=<file>`, the SARIF log is also written there when the pack is evaluated, whether the synth then
 * passes or fails: a failing synth writes nothing to its output folder, and this copy is how its compliance errors
 * still reach code scanning (at the lines that declared the constructs at fault). The file must be outside the
 * output folder, which a failing synth leaves untouched.
 */
function writeSarifCopy(root: IConstruct, doc: ComplianceJson, report: ProblemReporter): void {
  const target = process.env[SARIF_COPY_ENV];
  if (!target) return;
  const file = path.resolve(target);
  let outdir: string | undefined;
  try {
    outdir = path.resolve(App.of(root).outdir);
  } catch {
    outdir = undefined;
  }
  if (outdir && (file === outdir || file.startsWith(outdir + path.sep))) {
    report.error(root, {
      code: 'invalid-value',
      value: target,
      message: `${SARIF_COPY_ENV} names a file inside the output folder ${outdir}, which a synth that fails must leave untouched`,
      fix: `name a file outside it, e.g. ${SARIF_COPY_ENV}=compliance.sarif in the project's folder (a passing synth also writes gov-lz/compliance.sarif into the output)`,
    });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(complianceSarif(doc, libraryVersion()), null, 2) + '\n');
}

/** Where each hub's audit policy is written, registered by the hub (see hub-compliance.ts). */
export function auditPolicyFiles(root: IConstruct): Map<string, string> {
  return LandingZoneContext.of(root).appState('compliance.auditPolicyFiles', () => new Map<string, string>());
}

function declarationsOf(root: IConstruct, view: ComplianceView): ComplianceDeclarations {
  const files = auditPolicyFiles(root);
  const hubs = [...view.hubs].sort((a, b) => (a.hub.province < b.hub.province ? -1 : a.hub.province > b.hub.province ? 1 : 0));
  return {
    audit: hubs
      .filter((h) => h.audit)
      .map((h) => ({
        province: h.hub.province,
        logRetentionDays: h.audit!.logRetentionDays,
        logSink: h.audit!.logSink ?? null,
        policyFile: files.get(h.path) ?? 'audit-policy.yaml',
        dailyVolumeMi: h.audit!.dailyVolumeMi,
        apiServerLog: { ...h.audit!.apiServerLog },
        storeSizeGi: h.audit!.storeSizeGi,
      })),
    adminGroups: hubs
      .filter((h) => h.adminGroups)
      .map((h) => ({
        province: h.hub.province,
        system: [...h.adminGroups!.system],
        security: [...h.adminGroups!.security],
        audit: [...h.adminGroups!.audit],
        breakGlass: [...h.adminGroups!.breakGlass],
        terraform: [...(h.adminGroups!.terraform ?? [])],
      })),
    privilegedNamespaces: view
      .ofKind('Namespace')
      .flatMap((r) => {
        const reason = privilegedReason(r.object);
        return reason === undefined ? [] : [{ cluster: r.cluster, namespace: r.object!.metadata.name ?? r.name, resource: r.address, reason }];
      })
      .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0)),
    clusters: hubs.filter((h) => !h.published).flatMap((h) => clusterDeclarations(h.hub.province, h.hub.clusters)),
    registries: hubs
      .filter((h) => !h.published && typeof h.hub.registry === 'string')
      .map((h) => {
        const s = h.hub.registryScanning;
        return {
          province: h.hub.province,
          registry: h.hub.registry,
          scanning: s ? { scanner: String(s.scanner), scanOnPush: s.scanOnPush === true, blockingSeverity: String(s.blockingSeverity), databaseUpdateDays: Number(s.databaseUpdateDays) } : null,
        };
      }),
  };
}

/** The control plane and CNI each cluster of a hub declares, as the reports record them (validated at the gate). */
function clusterDeclarations(province: string, clusters: readonly ICluster[]): ComplianceClusterDeclaration[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return [...clusters]
    .filter((c) => typeof c.name === 'string')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => {
      const cp = c.controlPlane;
      const a = cp?.authentication;
      return {
        province,
        cluster: c.name,
        networkPlugin: str(c.networkPlugin),
        secretsEncryption: Array.isArray(cp?.secretsEncryption) ? cp!.secretsEncryption.map(String) : null,
        authentication: a
          ? {
              oidcIssuerUrl: str(a.oidcIssuerUrl),
              anonymousAuth: a.anonymousAuth === true,
              staticTokenFile: a.staticTokenFile === true,
              idpLockoutAfterFailures: num(a.idpLockoutAfterFailures),
              idpSessionTimeoutMinutes: num(a.idpSessionTimeoutMinutes),
              idpMultiFactor: a.idpMultiFactor === true,
              idpSessionMaxHours: num(a.idpSessionMaxHours),
              idpTokenLifetimeMinutes: num(a.idpTokenLifetimeMinutes),
            }
          : null,
        endpoint: cp?.endpoint ? { network: String(cp.endpoint.network), allowedSourceCidrs: (cp.endpoint.allowedSourceCidrs ?? []).map(String) } : null,
        audit: cp?.audit ? { logPath: str(cp.audit.logPath), webhookUrl: str(cp.audit.webhookUrl) } : null,
        kubernetesVersion: str(cp?.kubernetesVersion),
        serviceAccountTokens: cp?.serviceAccountTokens
          ? { maxExpirationHours: num(cp.serviceAccountTokens.maxExpirationHours), extendExpiration: cp.serviceAccountTokens.extendExpiration === true }
          : null,
      };
    });
}
