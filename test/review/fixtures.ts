/**
 * Inputs of the review tests: real synths of the demo province (optionally changed through the public API), so the
 * review is tested on what the library writes: placement, burst, data classes, 信创, recovery and backups, the
 * shared middleware shelf with its grants, PostgreSQL over two sites, sharded stacks, moves and the compliance report
 * (with suppressions, disabled rules and severity overrides, through the pack's own configuration). Two helpers change
 * a synthesized file where synth cannot write the case: an unbounded loss and a report holding errors.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { CloudKind, CpuArch, DataClass, MlpsLevel3Checks, ProvinceHub, RecoveryObjective, SiteRole, StateBackend } from '../../lib';
import { hubProps, tmpdir } from '../helpers';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Writes `synth`'s output into a new `cdktf.out` and returns the folder. Without `key`, or outside a `jest` run with
 * the synth cache (test/global-setup.js), it synthesizes; with both, the first call of the run synthesizes into
 * the cache and every call gets its own copy of that output, so a test may change its folder freely. Only synths
 * that take no change are keyed: the output of the same inputs is byte for byte the same (test/examples.test.ts).
 */
function synthInto(key: string | undefined, synth: (outdir: string) => void): string {
  const outdir = path.join(tmpdir('govlz-review-'), 'cdktf.out');
  const cache = process.env.GOVLZ_SYNTH_CACHE;
  if (key === undefined || !cache || !fs.existsSync(cache)) {
    synth(outdir);
    return outdir;
  }
  const pristine = path.join(cache, key);
  if (!fs.existsSync(pristine)) {
    // Synthesized aside and renamed into place, so the other worker never reads a half-written output.
    const staging = path.join(fs.mkdtempSync(path.join(cache, '.staging-')), 'cdktf.out');
    synth(staging);
    try {
      fs.renameSync(staging, pristine);
    } catch (e) {
      if (!fs.existsSync(pristine)) throw e;
    }
  }
  fs.cpSync(pristine, outdir, { recursive: true });
  return outdir;
}

/** Synthesizes the demo province into a new `cdktf.out`, after `change` (if any) has modified it; returns the folder. */
export function synthDemo(change?: (hub: ProvinceHub) => void): string {
  return synthInto(change ? undefined : 'demo', (outdir) => {
    const app = new App({ outdir });
    const hub = buildProvince(app);
    change?.(hub);
    app.synth();
  });
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

/** The day the review fixtures' pack compares expiry dates with. */
export const FIXTURE_TODAY = '2026-01-15';

/**
 * The demo province synthesized with a pack configuration that fills every part of `gov-lz/compliance.json`: the
 * demo's own open warnings (MLPS3-17 and MLPS3-27 on each cluster), a suppression on the hub that matches the three
 * MLPS3-42 findings (one per cluster), a disabled rule (MLPS3-25) and a lowered severity (MLPS3-2). With
 * `quiet`, MLPS3-17, 27, 43, 44, 47, 49 and 51 are disabled too: a report without open findings. Real output, as synth writes it,
 * after `change` (if any) has modified the province.
 */
export function synthDemoReport(options: { quiet?: boolean } = {}, change?: (hub: ProvinceHub) => void): string {
  return synthInto(change ? undefined : options.quiet ? 'report-quiet' : 'report', (outdir) => synthDemoReportInto(outdir, options, change));
}

function synthDemoReportInto(outdir: string, options: { quiet?: boolean }, change?: (hub: ProvinceHub) => void): void {
  const app = new App({ outdir });
  const off = (ruleId: string, reason: string) => ({ ruleId, reason, owner: 'security-office', expires: '2026-12-31' });
  const hub = buildProvince(app, 'zj', {
    compliance: {
      today: FIXTURE_TODAY,
      severityOverrides: { 'MLPS3-2': { severity: 'warning', reason: 'capacity for the pilot departments is set by the city', owner: 'security-office', expires: '2026-12-31' } },
      disabledRules: [
        off('MLPS3-25', 'the 三权分立 roles are held by the province IAM'),
        ...(options.quiet
          ? [
              off('MLPS3-17', 'intrusion detection is procured in Q3'),
              off('MLPS3-27', 'the monitoring stack is procured in Q3'),
              off('MLPS3-43', 'per-cluster backup keys land with the recovery rework'),
              off('MLPS3-44', 'the system administrator role loses Secrets with the 三权分立 rework'),
              off('MLPS3-47', 'the runtime malware detector is procured in Q3'),
              off('MLPS3-49', 'the public cluster gets monitoring in Q3'),
              off('MLPS3-51', 'image signing lands with the delivery pipeline in Q3'),
              off('MLPS3-55', 'the east-west traffic detector is procured in Q3'),
            ]
          : []),
      ],
    },
  });
  MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-42', reason: 'the hub gateway is installed and audited by the network team', owner: 'platform-team', expires: '2026-09-30' });
  change?.(hub);
  app.synth();
}

/**
 * Turns the first `errors` open findings of a synthesized report into errors. Synth stops at the first error, so no
 * report it writes holds one; a report with errors comes from other means (an older library, a hand-run pack), and
 * the review must gate on it. Everything else stays as synth wrote it.
 */
export function withReportErrors(outdir: string, errors: number): void {
  const file = path.join(outdir, 'gov-lz', 'compliance.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (doc.findings.length < errors) throw new Error(`the report has ${doc.findings.length} open findings, fewer than ${errors}`);
  for (const f of doc.findings.slice(0, errors)) f.severity = 'error';
  doc.summary.errors = doc.findings.filter((f: { severity: string }) => f.severity === 'error').length;
  doc.summary.warnings = doc.findings.length - doc.summary.errors;
  writeJson(file, doc);
}

/**
 * A province of `tenants` departments spread over `industries` industry clouds on two dual-active clusters,
 * for the size limit of the Markdown and the timing of the review on a large output.
 */
export function buildLargeProvince(app: App, tenants: number, industries = 10): ProvinceHub {
  // About 24 resources a tenant: enough shards to keep every stack under the 3,000-resource bound.
  const shards = Math.max(1, Math.ceil(((tenants / industries) * 24) / 2500));
  const hub = new ProvinceHub(app, 'zj', {
    province: 'zj',
    displayName: '浙江省政务云',
    registry: 'harbor.zj.gov.internal',
    stateBackend: StateBackend.local(),
    // As the demo: backups to the Ningbo DR centre, volumes replicated synchronously between the Hangzhou pair.
    recovery: {
      backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-landing-zone-backups' },
      metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
    },
    sites: [
      { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州A生产中心', availability: 0.9998 },
      { name: 'hz-b', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州B生产中心', availability: 0.9998 },
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

/** A display name with quotes, `#`, markup, backticks, a pipe, an arrow and a line break. */
export const HOSTILE = '浙江"省"政务云 #1 <script>alert(1)</script> `x` end | A->B\nsecond line';

/** A small province whose hub, sites, clusters, industry cloud and tenant have hostile display names; returns its `cdktf.out`. */
export function synthHostileProvince(): string {
  const outdir = path.join(tmpdir('govlz-review-'), 'cdktf.out');
  const app = new App({ outdir });
  const props = hubProps({ displayName: HOSTILE });
  const hub = new ProvinceHub(app, 'zj', {
    ...props,
    recovery: {
      backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' },
      metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
    },
    sites: props.sites.map((s, i) => ({ ...s, displayName: i === 0 ? 'end' : `"${s.name}" (subgraph) {x} [y]` })),
    clusters: props.clusters.map((c) => ({ ...c, displayName: `${c.name} 集群 "quoted" #35; <b>bold</b>` })),
  });
  const ic = hub.addIndustryCloud('health', {
    displayName: '医疗"健康"行业云 %% not a comment',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.SEED,
  });
  ic.addTenant('wjw', { displayName: '卫健委 "quotes" ]) --> x', quota: { cpu: 1, memoryGi: 1 } });
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

/** A Markdown comment's fences and collapsible sections are closed (GitHub and GitLab render it whole). */
export function balanced(md: string): void {
  expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
  expect((md.match(/<details[ >]/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
}
