/**
 * Runbooks safe at 3 a.m.: every command of every generated runbook is linted (context, fully qualified resources,
 * guarded changes that show their target), and every manifest a step applies is generated and valid — against the
 * vendored CRDs (with the CRD's own CEL rule the issue found broken) and against CloudNativePG's webhook rules for
 * replica clusters and promotion tokens (the operator's rules, restated from its v1.30.0 source).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { DataClass, PostgresOffering, RecoveryObjective } from '../../lib';
import { artifact, hubProps, newHub, RECOVERY, stackJson } from '../helpers';
import { synthDemo } from '../review/fixtures';
import { crdValidator, errorsOf } from '../schema';
import { extractCommands, lintCommand, lintRunbook } from './runbook-lint';

const validCluster = crdValidator('cloudnative-pg/postgresql.cnpg.io_clusters.yaml');
const validRestore = crdValidator('velero/restores.yaml');

/** A JSON merge patch (RFC 7386) applied to a document. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** CloudNativePG 1.30 admission rules for what runbooks apply (internal/webhook/v1/cluster_webhook.go, CRD CEL rules). */
function operatorRejects(spec: any): string[] {
  const out: string[] = [];
  const external = new Set((spec.externalClusters ?? []).map((e: any) => e.name));
  const replica = spec.replica;
  const isReplica = replica ? (replica.primary ? replica.primary !== replica.self : replica.enabled === true) : false;
  if (isReplica && !spec.bootstrap) out.push('bootstrap configuration is required for replica mode');
  if (isReplica && spec.bootstrap && !spec.bootstrap.pg_basebackup && !spec.bootstrap.recovery) out.push('replica mode bootstrap is compatible only with pg_basebackup or recovery');
  for (const [k, v] of Object.entries({ source: replica?.source, self: replica?.self, primary: replica?.primary })) if (v && !external.has(v)) out.push(`replica.${k} ${v} not in externalClusters`);
  const bsrc = spec.bootstrap?.pg_basebackup?.source ?? spec.bootstrap?.recovery?.source;
  if (bsrc && !external.has(bsrc)) out.push(`bootstrap source ${bsrc} not in externalClusters`);
  if (replica?.promotionToken && isReplica) out.push('promotionToken is only allowed for primary clusters');
  const sync = spec.postgresql?.synchronous;
  if (sync?.dataDurability === 'preferred' && ((sync.standbyNamesPre ?? []).length > 0 || (sync.standbyNamesPost ?? []).length > 0)) {
    out.push("dataDurability set to 'preferred' requires empty 'standbyNamesPre' and empty 'standbyNamesPost'");
  }
  return out;
}

/** Every runbook of an app, checked: lint findings, and each manifest the commands use, validated. */
function checkRunbooks(app: Pick<App, 'outdir'>): { runbooks: string[]; findings: string[]; manifests: string[] } {
  const dir = path.join(app.outdir, 'gov-lz', 'runbooks');
  const runbooks = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !f.endsWith('-drill.md'));
  const hub = stackJson(app, 'zj-hub');
  const liveSpec = (cluster: string) => hub.resource.kubernetes_manifest[`postgres--${cluster}`]?.manifest;
  const findings: string[] = [];
  const manifests = new Set<string>();
  for (const rb of runbooks) {
    const md = fs.readFileSync(path.join(dir, rb), 'utf8');
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    findings.push(...lintRunbook(md, (file) => (fs.existsSync(path.join(dir, file)) ? read(file).metadata?.name : undefined)).map((f) => `${rb}: ${f.problem}`));
    for (const cmd of extractCommands(md)) {
      for (const m of cmd.matchAll(/(?:-f|--patch-file) (manifests\/[\w.-]+)/g)) {
        const file = m[1];
        if (!fs.existsSync(path.join(dir, file))) {
          findings.push(`${rb}: ${file} is not generated`);
          continue;
        }
        manifests.add(file);
        const doc = read(file);
        const context = /--context (\S+)/.exec(cmd)?.[1] ?? '';
        if (doc.kind === 'Restore') findings.push(...errorsOf(validRestore, doc).map((e) => `${file}: ${e}`));
        else if (doc.kind === 'Cluster') {
          findings.push(...errorsOf(validCluster, doc).map((e) => `${file}: ${e}`));
          findings.push(...operatorRejects(doc.spec).map((e) => `${file}: ${e}`));
        } else {
          // A merge patch of the live Cluster on the command's context.
          const live = liveSpec(context);
          if (!live) {
            findings.push(`${file}: no Cluster on ${context} to patch`);
            continue;
          }
          const patched = mergePatch(live, doc);
          findings.push(...errorsOf(validCluster, patched).map((e) => `${file} on ${context}: ${e}`));
          findings.push(...operatorRejects(patched.spec).map((e) => `${file} on ${context}: ${e}`));
        }
      }
    }
  }
  return { runbooks, findings, manifests: [...manifests].sort() };
}

describe('the linter', () => {
  test('the command the review found would fail it three times over', () => {
    const problems = lintCommand('kubectl -n gov-lz-middleware delete cluster postgres').map((f) => f.problem);
    expect(problems).toEqual([
      'kubectl without --context: kubectl -n gov-lz-middleware delete cluster postgres',
      'resource "cluster" is not fully qualified (plural.group, e.g. clusters.postgresql.cnpg.io): kubectl -n gov-lz-middleware delete cluster postgres',
      "changes something without confirm '<context>' '<target>' && before it: kubectl -n gov-lz-middleware delete cluster postgres",
    ]);
  });

  test('a guard on another context, or one that does not show the target, is caught; a good one passes', () => {
    const cmd = 'kubectl --context hz-a-core -n gov-lz-middleware delete clusters.postgresql.cnpg.io/postgres';
    expect(lintCommand(`confirm 'hz-b-core' 'delete postgres' && ${cmd}`).map((f) => f.problem)).toEqual(['confirm names context "hz-b-core" but the command runs on "hz-a-core"']);
    expect(lintCommand(`confirm 'hz-a-core' 'delete it' && ${cmd}`).map((f) => f.problem)).toEqual([`confirm's target "delete it" does not show what the command changes ("postgres")`]);
    expect(lintCommand(`confirm 'hz-a-core' 'DELETE clusters.postgresql.cnpg.io/postgres' && ${cmd}`)).toEqual([]);
    expect(lintCommand('velero -n gov-lz-backup restore create x --from-schedule y').map((f) => f.problem)).toEqual([
      'velero without --kubecontext: velero -n gov-lz-backup restore create x --from-schedule y',
      "changes something without confirm '<context>' '<target>' && before it: velero -n gov-lz-backup restore create x --from-schedule y",
    ]);
    expect(lintCommand('kubectl --context a get ns').map((f) => f.problem)).toEqual([
      'resource "ns" is not fully qualified (plural.group, e.g. clusters.postgresql.cnpg.io): kubectl --context a get ns',
      'namespaced command without -n: kubectl --context a get ns',
    ]);
    // Nested invocations are linted too.
    expect(lintCommand('kubectl --context a -n x exec "pods/$(kubectl -n x get clusters.postgresql.cnpg.io/p -o name)" -- true').map((f) => f.problem)).toEqual([
      'kubectl without --context: kubectl -n x get clusters.postgresql.cnpg.io/p -o name',
    ]);
  });

  test('the webhook rules restated here reject what the issue found: a replica without bootstrap, preferred durability with standbyNamesPre', () => {
    expect(operatorRejects({ replica: { self: 'a', primary: 'b', source: 'b' }, externalClusters: [{ name: 'a' }, { name: 'b' }] })).toEqual(['bootstrap configuration is required for replica mode']);
    expect(operatorRejects({ postgresql: { synchronous: { dataDurability: 'preferred', standbyNamesPre: ['postgres'] } } })).toHaveLength(1);
  });
});

describe('the runbooks of the demo province', () => {
  // The run's synth of the demo (test/review/fixtures.ts), a copy of its own.
  const app = { outdir: synthDemo() };
  const { runbooks, findings, manifests } = checkRunbooks(app);

  test('every command passes the lint and every manifest a step applies is generated and valid', () => {
    expect(runbooks).toEqual(['zj-education.md', 'zj-egov.md', 'zj-health.md']);
    expect(findings).toEqual([]);
    expect(manifests).toEqual(
      expect.arrayContaining([
        'manifests/postgres-promote-hz-a-core.json',
        'manifests/postgres-promote-hz-b-core.json',
        'manifests/postgres-reclone-hz-a-core.json',
        'manifests/velero-restore-wjw.json',
      ]),
    );
    const md = artifact(app, 'runbooks/zj-health.md');
    expect(extractCommands(md).length).toBeGreaterThan(20);
  });

  test('the re-clone of the former primary is a replica of the new primary, bootstrapped from it', () => {
    const reclone = JSON.parse(artifact(app, 'runbooks/manifests/postgres-reclone-hz-a-core.json'));
    expect(reclone.spec.replica).toEqual({ self: 'postgres-hz-a-core', primary: 'postgres-hz-b-core', source: 'postgres-hz-b-core' });
    expect(reclone.spec.bootstrap).toEqual({ pg_basebackup: { source: 'postgres-hz-b-core' } });
    expect(operatorRejects(reclone.spec)).toEqual([]);
  });

  test('the restore at the DR centre is a manifest: recovery from the archive, archiving under its own name', () => {
    const restore = JSON.parse(artifact(app, 'runbooks/manifests/postgres-restore-dr.json'));
    expect(errorsOf(validCluster, restore)).toEqual([]);
    expect(restore.spec.bootstrap).toEqual({ recovery: { source: 'postgres-hz-a-core' } });
    expect(restore.spec.replica).toBeUndefined();
    expect(restore.spec.backup.barmanObjectStore.serverName).toBe('postgres-dr-restore');
  });
});

describe('a province with synchronous PostgreSQL and a DR cluster', () => {
  const props = hubProps();
  const { app, hub } = newHub({
    clusters: [...props.clusters, { ...props.clusters[0], name: 'nb-dr', site: 'nb', connection: { configPath: '~/.kube/config', context: 'nb-dr' } }],
    recovery: { ...RECOVERY, acceptedShortfalls: { health: 'manual PostgreSQL promotion until the orchestrator is drilled' } },
  });
  const health = hub.addIndustryCloud('health', {
    displayName: '医疗',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 0 }),
  });
  const wjw = health.addTenant('wjw', { displayName: '卫健委', quota: { cpu: 8, memoryGi: 32, storageGi: 100 } });
  hub.middleware.add(
    new PostgresOffering({
      clusters: ['hz-a-core', 'hz-b-core'],
      siteEndpoints: {
        'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
        'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
      },
    }),
  );
  hub.middleware.get('postgres').grantConnect(wjw);
  app.synth();
  const { findings, manifests } = checkRunbooks(app);

  test('the relax-durability patch passes the CRD rule the old suggestion broke, and everything else lints', () => {
    expect(findings).toEqual([]);
    expect(manifests).toEqual(expect.arrayContaining(['manifests/postgres-relax-sync-hz-a-core.json', 'manifests/postgres-restore-dr.json']));
    const md = artifact(app, 'runbooks/zj-health.md');
    expect(md).toContain('kubectl --context nb-dr -n gov-lz-middleware create -f manifests/postgres-restore-dr.json');
    expect(md).toContain('--patch-file manifests/postgres-relax-sync-hz-a-core.json');
  });
});
