/**
 * What the MLPS level 3 pack costs at the synth gate of a large province, by phase:
 *
 *   npx ts-node bench/compliance-scale.ts 1000 5000      # one child process per size
 *
 * A province of N tenants (five industry clouds, sharded to stay under 3,000 resources a stack, backups at the
 * DR centre, every 50th GENERAL tenant bursting, every 10th granted the shelf's PostgreSQL) is built, then: the view (every batched resource produced and
 * indexed), the evaluation of the 32 rules, and the three reports are timed, and the whole gate (every check of
 * the landing zone, the pack included) once more for comparison. Prints one JSON line per size; per-tenant
 * figures that stay flat from 1,000 to 5,000 tenants show that nothing grows faster than the province.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App } from 'cdktf';
import { DataClass, MlpsLevel3Checks, PostgresOffering, ProvinceHub, RecoveryObjective } from '../lib';
import { evaluate } from '../lib/compliance/engine';
import { runRecord } from '../lib/compliance/report/compliance-items';
import { complianceJson } from '../lib/compliance/report/compliance-json';
import { complianceMarkdown } from '../lib/compliance/report/compliance-markdown';
import { complianceSarif } from '../lib/compliance/report/compliance-sarif';
import { ComplianceView } from '../lib/compliance/resource-view';
import { LandingZoneContext } from '../lib/core/context';
import { hubProps, RECOVERY } from '../test/helpers';

/** Where each site's PostgreSQL primary is reached from the other site. */
const SITE_ENDPOINTS = {
  'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
  'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
};

function province(tenants: number): { app: App; hub: ProvinceHub } {
  // Nothing is synthesized: the outdir stays empty.
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-bench-')) });
  // The test province (two production sites, a DR centre, a public cloud), with room for every tenant.
  const capacity = { cpu: 100_000, memoryGi: 400_000, storageGi: 10_000_000, pods: 1_000_000 };
  const base = hubProps();
  const hub = new ProvinceHub(app, 'zj', {
    ...base,
    clusters: base.clusters.map((c) => ({ ...c, capacity })),
    dedicatedLineCidrs: ['10.200.0.0/24'],
    audit: { logSink: 'syslog+tls://audit.zj.gov.internal:6514' },
    recovery: RECOVERY,
    compliance: { today: '2025-06-01' },
  });
  const clouds = 5;
  // About 22 resources a tenant (11 objects and a backup schedule on each of two clusters): 110 tenants a shard.
  const shards = Math.max(1, Math.ceil(tenants / clouds / 110));
  const ics = Array.from({ length: clouds }, (_, i) =>
    hub.addIndustryCloud(`ic${i}`, {
      displayName: `行业云${i}`,
      clusters: ['hz-a-core', 'hz-b-core'],
      dataClass: i % 2 === 1 ? DataClass.IMPORTANT : DataClass.GENERAL,
      recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 15, availability: 0.999 }),
      shards,
    }),
  );
  // The shelf's PostgreSQL, one database over the two sites, granted to every tenth department.
  const pg = hub.middleware.add(new PostgresOffering({ siteEndpoints: SITE_ENDPOINTS }));
  for (let t = 0; t < tenants; t++) {
    const ic = ics[t % clouds];
    const burst = ic.dataClass === DataClass.GENERAL && t % 50 === 0 ? { cluster: 'ali-burst', maxCpu: 4 } : undefined;
    const tenant = ic.addTenant(`t${t}`, { displayName: `部门${t}`, quota: { cpu: 1, memoryGi: 2, storageGi: 10, pods: 20 }, admins: [`t${t}-admins`], burst });
    if (t % 10 === 0) pg.grantConnect(tenant);
  }
  return { app, hub };
}

function measure(tenants: number): Record<string, unknown> {
  const { app, hub } = province(tenants);
  const ms = (from: number) => Math.round(performance.now() - from);
  let t = performance.now();
  const view = ComplianceView.build(app);
  const viewMs = ms(t);
  t = performance.now();
  const configs = [{ scopes: [hub.node.path], at: hub, severityOverrides: {}, disabledRules: [], today: '2025-06-01' }];
  const result = evaluate(view, MlpsLevel3Checks.RULES, configs, []);
  const evaluateMs = ms(t);
  t = performance.now();
  const doc = complianceJson(result, {
    provinces: ['zj'],
    generator: 'bench',
    version: 'bench',
    declarations: { audit: [], adminGroups: [], privilegedNamespaces: [] },
    run: runRecord(view, configs, null),
  });
  JSON.stringify(doc);
  complianceMarkdown(doc);
  complianceSarif(doc, 'bench');
  const reportsMs = ms(t);
  t = performance.now();
  const gate = LandingZoneContext.of(app).run();
  const gateMs = ms(t);
  const perTenant = (x: number) => Math.round((x / tenants) * 100) / 100;
  return {
    tenants,
    resources: view.resources.length,
    findings: result.findings.length,
    gateProblems: gate.problems.length,
    viewMs,
    evaluateMs,
    reportsMs,
    complianceMs: viewMs + evaluateMs + reportsMs,
    complianceMsPerTenant: perTenant(viewMs + evaluateMs + reportsMs),
    wholeGateMs: gateMs,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (sizes.length === 1) {
  console.log(JSON.stringify(measure(sizes[0])));
} else {
  for (const n of sizes.length > 0 ? sizes : [1000, 5000]) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, __filename, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  }
}
