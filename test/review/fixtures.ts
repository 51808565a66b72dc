/**
 * Inputs of the review tests. Everything the library writes today comes from a real synth of the demo
 * province (optionally changed through the public API). Sections that later layers will write (middleware,
 * grants, burst, tenant data class, recovery, compliance.json) are FUTURE formats, added here by
 * post-processing a synthesized inventory, following the formats agreed with the integrator.
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

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Offerings and grants of the FUTURE middleware layer used by {@link addFutureSections}. */
export const FUTURE_GRANTS: Record<string, Array<{ offering: string; kind: string; port: number }>> = {
  wjw: [{ offering: 'postgres', kind: 'postgres', port: 5432 }],
  ybj: [{ offering: 'postgres', kind: 'postgres', port: 5432 }],
  jkm: [{ offering: 'redis', kind: 'redis', port: 6379 }],
};

/** Adds the egress rule a grant needs, through the tenant API (so the NetworkPolicy is real synth output). */
export function grantEgress(hub: ProvinceHub, code: string, offering: string, port: number): void {
  tenantOf(hub, code).addNetworkRule({ name: offering, direction: 'egress', peers: [{ namespace: 'gov-lz-middleware' }], ports: [{ port }] });
}

/**
 * FUTURE sections (middleware, grants, burst, tenant data class, recovery, placementPolicy, compliance.json),
 * written into a synthesized output by post-processing its inventory. `options.recoveryMiss` makes that tenant
 * miss its recovery target.
 */
export function addFutureSections(outdir: string, options: { recoveryMiss?: string; complianceErrors?: number } = {}): void {
  const file = path.join(outdir, 'gov-lz', 'inventory.json');
  const inv = readJson(file);
  const p = inv.provinces[0];
  p.middleware = {
    offerings: [
      { name: 'kafka', kind: 'kafka', namespace: 'gov-lz-middleware', clusters: ['hz-a-core', 'hz-b-core'], endpoint: { host: 'kafka-kafka-bootstrap.gov-lz-middleware.svc', port: 9092 }, sizing: { brokers: 3 }, operator: 'strimzi', grants: [] },
      { name: 'postgres', kind: 'postgres', namespace: 'gov-lz-middleware', clusters: ['hz-a-core', 'hz-b-core'], endpoint: { host: 'postgres-rw.gov-lz-middleware.svc', port: 5432 }, sizing: { instances: 3, storageGi: 500 }, operator: 'cloudnative-pg', grants: ['wjw', 'ybj'] },
      { name: 'redis', kind: 'redis', namespace: 'gov-lz-middleware', clusters: ['hz-a-core', 'hz-b-core'], endpoint: { host: 'redis.gov-lz-middleware.svc', port: 6379 }, sizing: { replicas: 3 }, operator: 'redis-operator', grants: ['jkm'] },
    ],
  };
  p.placementPolicy = { publicClusters: ['ali-burst'], allowedOnPublic: ['GENERAL'] };
  const ics = new Map<string, any>(p.industryClouds.map((ic: any) => [ic.code, ic]));
  p.recovery = {
    tenants: p.tenants.map((t: any) => {
      const target = ics.get(t.industryCloud).recovery;
      const miss = t.code === options.recoveryMiss;
      return {
        tenant: t.code,
        industryCloud: t.industryCloud,
        target,
        achievable: miss ? { rtoMinutes: target.rtoMinutes * 3, rpoMinutes: target.rpoMinutes * 2, availability: 0.999 } : { rtoMinutes: 8, rpoMinutes: 1, availability: 0.9999 },
        meets: !miss,
        // As the recovery planner on main writes them: objects with an id.
        mechanisms: [
          { id: 'workloads', description: 'namespaces on both production sites (dual-active): nothing to start', rpoMinutes: null, rtoMinutes: 0 },
          { id: 'volumes', description: 'persistent volumes replicated synchronously between the production sites', rpoMinutes: 0, rtoMinutes: 0 },
        ],
        regional: miss ? { rpoMinutes: 245, rtoMinutes: 46.2, possible: false, impossible: 'the DR centre nb has no cluster to restore to', target: null } : { rpoMinutes: 15, rtoMinutes: 40, possible: true, target: null },
      };
    }),
  };
  for (const t of p.tenants) {
    t.grants = (FUTURE_GRANTS[t.code] ?? []).map((g) => ({ ...g, secretName: `${g.offering}-${t.code}` }));
  }
  writeJson(file, inv);
  const errors = options.complianceErrors ?? 0;
  writeJson(path.join(outdir, 'gov-lz', 'compliance.json'), {
    schemaVersion: 1,
    pack: 'MLPS3',
    summary: { errors, warnings: 1, suppressed: 1, compliant: 40, notApplicable: 3 },
    rules: [
      { id: 'MLPS3-7', name: 'Default-deny network policy', nameZh: '默认拒绝的网络访问控制', domain: 'network', clauses: ['8.1.3.2 a'], severity: 'error' },
      { id: 'MLPS3-12', name: 'Audit log retention', nameZh: '审计记录保留', domain: 'audit', clauses: ['8.1.4.3 c'], severity: 'warning' },
      { id: 'MLPS3-21', name: 'Backups off site', nameZh: '异地备份', domain: 'data', clauses: ['8.1.4.9 b'], severity: 'error' },
    ],
    findings: [
      ...Array.from({ length: errors }, (_, i) => ({ ruleId: 'MLPS3-7', severity: 'error', status: 'non-compliant', path: `zj/health/zj-health/t${i}`, stack: 'zj-health', resource: `kubernetes_namespace_v1.t${i}--hz-a-core`, message: 'namespace has no default-deny NetworkPolicy', fix: 'keep the tenant default-deny policy' })),
      { ruleId: 'MLPS3-12', severity: 'warning', status: 'non-compliant', path: 'zj/zj-hub', stack: 'zj-hub', message: 'audit logs are kept 90 days; 180 are recommended', fix: 'set auditRetentionDays: 180' },
      { ruleId: 'MLPS3-21', severity: 'error', status: 'suppressed', path: 'zj/education', stack: 'zj-education', message: 'education backups stay in Hangzhou', fix: 'add the Ningbo backup location' },
    ],
    suppressions: [{ ruleId: 'MLPS3-21', path: 'zj/education', reason: '宁波灾备中心 backup storage is procured in Q3', owner: 'platform-team', expires: '2026-09-30', matched: true }],
  });
}

/** Environment for the terraform binary in tests: no user CLI config, automation mode, no update check. */
export function terraformEnv(dir: string): NodeJS.ProcessEnv {
  const rc = path.join(dir, 'terraform.rc');
  fs.writeFileSync(rc, '');
  return { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
}

/** Runs terraform in a folder; throws with its output when it fails. */
export function terraform(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  try {
    return execFileSync('terraform', args, { cwd, env, stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 }).toString();
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`terraform ${args.join(' ')} failed: ${err.message}\n${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`);
  }
}

/**
 * A province of `tenants` departments spread over `industries` industry clouds on two dual-active clusters,
 * for the size limit of the Markdown and the timing of the review on a large output.
 */
export function buildLargeProvince(app: App, tenants: number, industries = 10): ProvinceHub {
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
