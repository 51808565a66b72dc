/**
 * Inputs of the review tests. Everything the library writes today comes from a real synth of the demo
 * province (optionally changed through the public API): placement, burst, data classes, 信创, recovery and
 * backups, the shared middleware shelf with its grants, PostgreSQL over two sites, sharded stacks and moves are
 * real. Only `gov-lz/compliance.json`, still being merged from another branch, is FUTURE: written into a
 * synthesized output in the format agreed with the integrator.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { CloudKind, CpuArch, DataClass, ProvinceHub, RecoveryObjective, SiteRole, StateBackend } from '../../lib';
import { tmpdir } from '../helpers';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Synthesizes the demo province into a new `cdktf.out`, after `change` (if any) has modified it; returns the folder. */
export function synthDemo(change?: (hub: ProvinceHub) => void): string {
  const outdir = path.join(tmpdir('govlz-review-'), 'cdktf.out');
  const app = new App({ outdir });
  const hub = buildProvince(app);
  change?.(hub);
  app.synth();
  return outdir;
}

/** A tenant of the demo hub by code. */
export function tenantOf(hub: ProvinceHub, code: string) {
  const t = hub.tenants.find((x) => x.code === code);
  if (!t) throw new Error(`no tenant ${code}`);
  return t;
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Makes wjw's PostgreSQL loss unbounded in a synthesized output's inventory, the way the planner writes
 * asynchronous PostgreSQL without a WAL archive: achievable, mechanism and DR-centre RPO `"unbounded"`, target
 * missed. Synth refuses an unbounded figure against an objective (objective-not-met), so no output written by synth
 * has one today; the inventory format allows it (an older library, a hub written otherwise).
 */
export function makeWjwUnbounded(outdir: string): void {
  const file = path.join(outdir, 'gov-lz', 'inventory.json');
  const inv = JSON.parse(fs.readFileSync(file, 'utf8'));
  const wjw = inv.provinces[0].recovery.tenants.find((t: { tenant: string }) => t.tenant === 'wjw');
  wjw.achievable.rpoMinutes = 'unbounded';
  wjw.meets = false;
  wjw.mechanisms.find((m: { id: string }) => m.id === 'postgresql:postgres').rpoMinutes = 'unbounded';
  wjw.regional.rpoMinutes = 'unbounded';
  writeJson(file, inv);
}

/**
 * FUTURE `gov-lz/compliance.json` in its final shape (being merged from another branch). A report written by
 * synth never holds errors (synth stops first); `errors` > 0 stands for a report written by other means.
 */
export function writeFutureCompliance(outdir: string, options: { errors?: number; warnings?: number } = {}): void {
  const errors = options.errors ?? 0;
  const warnings = options.warnings ?? 1;
  const rule = (id: string, name: string, nameZh: string, domain: string, clauses: string[], severity: string, status: string, provisional: string | null = null) => ({
    id,
    name,
    nameZh,
    domain,
    clauses,
    severity,
    description: name,
    defaultSeverity: severity,
    status,
    checked: 14,
    clauseConfidence: Object.fromEntries(clauses.map((c) => [c, 'inferred'])),
    provisional,
  });
  writeJson(path.join(outdir, 'gov-lz', 'compliance.json'), {
    schemaVersion: 1,
    pack: 'MLPS3',
    standard: 'GB/T 22239-2019 (MLPS 2.0) level 3',
    generator: 'cdktf-gov-landing-zone@0.1.0',
    generatedFor: { provinces: ['zj'] },
    summary: { errors, warnings, suppressed: 1, compliant: 28, notApplicable: 2, disabled: 1 },
    clauseCaveat: 'Clause numbers follow GB/T 22239-2019; those marked inferred are mapped by the pack, not quoted from the standard.',
    rules: [
      rule('MLPS3-NET-01', 'Default-deny network policy', '默认拒绝的网络访问控制', 'network', ['8.1.3.2 a'], 'error', errors > 0 ? 'non-compliant' : 'compliant'),
      rule('MLPS3-AUD-02', 'Audit log retention', '审计记录保留', 'audit', ['8.1.4.3 c'], 'warning', warnings > 0 ? 'non-compliant' : 'compliant', 'an error once the audit sink is declared'),
      rule('MLPS3-DAT-03', 'Backups off site', '异地备份', 'data', ['8.1.4.9 b'], 'error', 'compliant'),
      rule('MLPS3-IAM-04', 'Separation of duties', '三权分立', 'identity', ['8.1.4.2 d'], 'error', 'disabled'),
    ],
    findings: [
      ...Array.from({ length: errors }, (_, i) => ({ ruleId: 'MLPS3-NET-01', severity: 'error', status: 'non-compliant', path: `zj-health/t${i}`, stack: 'zj-health', resource: `kubernetes_namespace_v1.t${i}--hz-a-core`, message: 'namespace has no default-deny NetworkPolicy', fix: 'keep the tenant default-deny policy' })),
      ...Array.from({ length: warnings }, () => ({ ruleId: 'MLPS3-AUD-02', severity: 'warning', status: 'non-compliant', path: 'zj-hub', stack: 'zj-hub', resource: null, message: 'audit logs are kept 90 days; 180 are recommended', fix: 'set auditRetentionDays: 180' })),
    ],
    suppressions: [
      {
        ruleId: 'MLPS3-DAT-03',
        path: 'zj/education',
        reason: '宁波灾备中心 backup storage is procured in Q3',
        owner: 'platform-team',
        expires: '2026-09-30',
        resource: null,
        matched: 1,
        findings: [{ path: 'zj/education', stack: 'zj-education', resource: null, message: 'education backups stay in Hangzhou', severity: 'error' }],
      },
    ],
    disabledRules: [{ ruleId: 'MLPS3-IAM-04', path: 'zj', reason: 'the 三权分立 roles are held by the province IAM', owner: 'security-office', expires: '2026-12-31' }],
    severityOverrides: [],
    declarations: { audit: [], adminGroups: [] },
  });
}

/**
 * A province of `tenants` departments spread over `industries` industry clouds on two dual-active clusters,
 * for the size limit of the Markdown and the timing of the review on a large output.
 */
export function buildLargeProvince(app: App, tenants: number, industries = 10): ProvinceHub {
  // About 24 resources a tenant: enough shards to keep every stack under the 3,000-resource bound.
  const shards = Math.max(1, Math.ceil((tenants / industries) * 24 / 2500));
  const hub = new ProvinceHub(app, 'zj', {
    province: 'zj',
    displayName: '浙江省政务云',
    registry: 'harbor.zj.gov.internal',
    stateBackend: StateBackend.local(),
    // As the demo: backups to the Ningbo DR centre, volumes replicated synchronously between the Hangzhou pair.
    recovery: { backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-landing-zone-backups' }, metroStorageReplication: 'synchronous' },
    sites: [
      { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州A生产中心' },
      { name: 'hz-b', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州B生产中心' },
      { name: 'nb', city: 'ningbo', role: SiteRole.DISASTER_RECOVERY, displayName: '宁波灾备中心' },
    ],
    clusters: ['hz-a', 'hz-b'].map((site) => ({
      name: `${site}-core`,
      site,
      cloud: CloudKind.PRIVATE,
      arch: CpuArch.ARM64,
      capacity: { cpu: 20 * tenants, memoryGi: 80 * tenants, storageGi: 500 * tenants, pods: 100 * tenants },
      connection: { configPath: '~/.kube/config', context: `${site}-core` },
    })),
  });
  const clouds = Array.from({ length: industries }, (_, i) =>
    hub.addIndustryCloud(`ind${i}`, {
      displayName: `第${i}行业云`,
      clusters: ['hz-a-core', 'hz-b-core'],
      dataClass: i % 2 === 0 ? DataClass.IMPORTANT : DataClass.GENERAL,
      recovery: RecoveryObjective.SEED,
      shards,
    }),
  );
  for (let i = 0; i < tenants; i++) {
    clouds[i % industries].addTenant(`dept${i}`, {
      displayName: `第${i}委办局`,
      quota: { cpu: 8, memoryGi: 32, storageGi: 200, pods: 50 },
      admins: [`dept${i}-admins`],
      viewers: i % 3 === 0 ? [`dept${i}-auditors`] : [],
    });
  }
  return hub;
}

/** Synthesizes {@link buildLargeProvince} into a new `cdktf.out`; returns the folder. */
export function synthLargeProvince(tenants: number, change?: (hub: ProvinceHub) => void): string {
  const outdir = path.join(tmpdir('govlz-review-large-'), 'cdktf.out');
  const app = new App({ outdir });
  const hub = buildLargeProvince(app, tenants);
  change?.(hub);
  app.synth();
  return outdir;
}

/** Parses Mermaid diagrams with mermaid's own parser (test/review/mermaid-check.mjs). */
export function parseMermaid(diagrams: string[]): Array<{ ok: boolean; type?: string; error?: string }> {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-check.mjs')], { input: JSON.stringify(diagrams), cwd: ROOT, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString());
}

/** The Mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}
