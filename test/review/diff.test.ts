import * as fs from 'fs';
import * as path from 'path';
import { DataClass, MlpsLevel3Checks, PostgresOffering, ProvinceHub, RecoveryObjective, RedisOffering } from '../../lib';
import { buildReview, diffInventories, diffOutputs, readSynthOutput, renderMarkdown, ResourceChange } from '../../lib/review';
import { tmpdir } from '../helpers';
import { makeWjwUnbounded, synthDemo, synthDemoReport, tenantOf } from './fixtures';

let base: string;
let head: string;

/**
 * An IMPORTANT industry cloud on one production site. That breaks MLPS3-21 (hot redundancy on two sites), which the
 * hub's compliance pack refuses at synth; the deviation is accepted here (a suppression), so that synth writes it.
 */
function singleSiteTransport(hub: ProvinceHub) {
  const tr = hub.addIndustryCloud('transport', { displayName: '交通行业云', clusters: ['hz-a-core'], dataClass: DataClass.IMPORTANT });
  MlpsLevel3Checks.suppress(tr, { ruleId: 'MLPS3-21', reason: 'transport moves to the second site next quarter', owner: 'zj-ops', expires: '2099-12-31' });
  return tr;
}

beforeAll(() => {
  // Real synths of the demo with changes made through the public API.
  base = synthDemo((hub) => {
    hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 }, admins: ['sjt-admins'] });
    hub.industryCloud('health').addTenant('old1', { displayName: '旧部门', quota: { cpu: 8, memoryGi: 32 } });
    const tr = hub.addIndustryCloud('transport', {
      displayName: '交通行业云',
      clusters: ['hz-a-core', 'hz-b-core'],
      dataClass: DataClass.GENERAL,
      recovery: RecoveryObjective.of({ rtoMinutes: 60, rpoMinutes: 30 }),
    });
    tr.addTenant('jtt', { displayName: '省交通运输厅', quota: { cpu: 16, memoryGi: 64 }, admins: ['jtt-admins'] });
  });
  head = synthDemo((hub) => {
    hub.industryCloud('egov').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 16, memoryGi: 64 }, admins: ['sjt-admins', 'sjt-ops'] });
    hub.industryCloud('health').addTenant('xxx', { displayName: '新部门', quota: { cpu: 8, memoryGi: 32 } });
    singleSiteTransport(hub).addTenant('jtt', { displayName: '省交通运输厅', quota: { cpu: 24, memoryGi: 64 }, admins: ['jtt-admins'] });
    hub.middleware.get('kafka').grantConnect(tenantOf(hub, 'wjw'));
  });
});

/** How many resources of a base stack have a name starting with `prefix` (`<tenant>--[<cluster>]`). */
function owned(stack: string, prefix: string): number {
  return [...readSynthOutput(base).stacks.get(stack)!.resources.values()].filter((r) => r.name.startsWith(prefix)).length;
}

const kinds = (changes: Array<{ kind: string; subject: string; destructive: boolean }>) => changes.map((c) => `${c.kind} ${c.subject}${c.destructive ? ' ⛔' : ''}`).sort();

test('domain-level changes: tenants added, removed and moved; quota, admins, data class, recovery objective, placements', () => {
  const d = diffOutputs(readSynthOutput(base), readSynthOutput(head));
  expect(d.domainCompared).toBe(true);
  expect(kinds(d.domain)).toEqual(
    [
      'admins-changed sjt',
      // Without a recovery objective, jtt's backups follow its data class alone; egov runs on 信创 hardware only.
      'backup-changed jtt',
      'domestic-hardware-changed sjt',
      'data-class-changed transport',
      // Departments with IMPORTANT data that declare no key of their own (MLPS3-52): sjt in egov, xxx, jtt now in an
      // IMPORTANT cloud are new warnings; sjt in health and old1 are gone.
      ...Array(3).fill('finding-added MLPS3-52'),
      ...Array(2).fill('finding-resolved MLPS3-52'),
      'industry-cloud-clusters-changed transport ⛔',
      'inhibition-added wjw',
      'inhibition-added wjw',
      'grant-added wjw',
      'network-rule-added wjw',
      'placement-removed jtt ⛔',
      'quota-changed jtt',
      'quota-changed sjt',
      'recovery-objective-changed transport',
      // The head accepts a deviation (singleSiteTransport): the compliance report gains a suppression.
      'suppression-added MLPS3-21',
      'tenant-added xxx',
      'tenant-moved sjt ⛔',
      'tenant-removed old1 ⛔',
    ].sort(),
  );
  const msg = (kind: string, subject: string) => d.domain.find((c) => c.kind === kind && c.subject === subject)!.message;
  expect(msg('quota-changed', 'sjt')).toBe('quota of sjt: cpu 8 → 16, memoryGi 32 → 64');
  expect(msg('recovery-objective-changed', 'transport')).toBe('recovery objective of transport: RTO 60 min, RPO 30 min, 99.99 % → none');
  expect(msg('data-class-changed', 'transport')).toBe('data class of industry cloud transport: GENERAL → IMPORTANT');
  expect(msg('tenant-moved', 'sjt')).toMatch(/^tenant sjt moves from health \(stack zj-health\) to egov \(stack zj-egov\): .*declare the move \(movedFrom: \{ industryCloud: 'health' \}/);
  expect(msg('tenant-removed', 'old1')).toMatch(/its namespaces on hz-a-core, hz-b-core and everything in them are deleted/);
});

test('resource-level changes per stack: namespaces deleted and tenants moved between stacks are destructive', () => {
  const d = diffOutputs(readSynthOutput(base), readSynthOutput(head));
  const stack = (n: string) => d.stacks.find((s) => s.stack === n)!;
  // wjw's Kafka grant: a KafkaUser and the offering's ingress from wjw on both clusters, in the hub stack.
  // The offering's password secrets gain wjw's entry (write-only: an update, never a value in the output).
  expect(stack('zj-hub').changes.map((c) => `${c.action} ${c.address}`)).toEqual([
    // The Grafana folders of each cluster: old1's folder leaves the list, sjt's gains the team sjt-ops (the job's revision follows).
    'update kubernetes_config_map_v1.gov-lz-system--hz-a-core--gov-lz-grafana-folders',
    'update kubernetes_config_map_v1.gov-lz-system--hz-b-core--gov-lz-grafana-folders',
    'update kubernetes_manifest.gov-lz-system--hz-a-core--gov-lz-grafana-folders',
    // The platform rule of each cluster names wjw among the departments a Kafka outage affects.
    'update kubernetes_manifest.gov-lz-system--hz-a-core--prometheusrule-gov-lz-platform',
    'update kubernetes_manifest.gov-lz-system--hz-b-core--gov-lz-grafana-folders',
    'update kubernetes_manifest.gov-lz-system--hz-b-core--prometheusrule-gov-lz-platform',
    'update kubernetes_secret_v1.kafka--hz-a-core--passwords',
    'update kubernetes_secret_v1.kafka--hz-b-core--passwords',
    'create kubernetes_manifest.wjw--kafka--hz-a-core--user',
    'create kubernetes_manifest.wjw--kafka--hz-b-core--user',
    'create kubernetes_network_policy_v1.wjw--kafka--hz-a-core',
    'create kubernetes_network_policy_v1.wjw--kafka--hz-b-core',
  ]);
  const health = stack('zj-health');
  const byAddress = new Map<string, ResourceChange>(health.changes.map((c) => [c.address, c]));
  // old1: every object deleted; only the namespaces are destructive (everything else goes with them).
  expect(byAddress.get('kubernetes_namespace_v1.old1--hz-a-core')).toMatchObject({
    action: 'delete',
    kind: 'namespace',
    destructive: true,
    owner: { kind: 'tenant', code: 'old1' },
    cluster: 'hz-a-core',
  });
  expect(byAddress.get('kubernetes_network_policy_v1.old1--hz-a-core--default-deny')).toMatchObject({ action: 'delete', destructive: false });
  // sjt leaves zj-health for zj-egov: a move, destructive unless the state is moved.
  expect(byAddress.get('kubernetes_namespace_v1.sjt--hz-a-core')).toMatchObject({ action: 'move', movedTo: 'zj-egov', destructive: true });
  expect(stack('zj-egov').changes.find((c) => c.address === 'kubernetes_namespace_v1.sjt--hz-a-core')).toMatchObject({ action: 'create', reasons: ['moved from stack zj-health'] });
  // wjw's new egress rule and credentials are creates; jtt's quota an update naming the attributes.
  expect(byAddress.get('kubernetes_network_policy_v1.wjw--hz-a-core--egress-middleware-kafka')).toMatchObject({ action: 'create', destructive: false, owner: { kind: 'tenant', code: 'wjw' } });
  expect(byAddress.get('kubernetes_secret_v1.wjw--kafka--hz-b-core')).toMatchObject({ action: 'create', kind: 'secret', owner: { kind: 'tenant', code: 'wjw' } });
  const quota = stack('zj-transport').changes.find((c) => c.address === 'kubernetes_resource_quota_v1.jtt--hz-a-core')!;
  expect(quota).toMatchObject({ action: 'update', destructive: false, attributes: ['spec.hard.limits.cpu', 'spec.hard.requests.cpu'] });
  expect(stack('zj-transport').changes.find((c) => c.address === 'kubernetes_namespace_v1.jtt--hz-b-core')).toMatchObject({ action: 'delete', destructive: true });
  // Destructive first in every stack.
  expect(health.changes[0].destructive).toBe(true);
  // Everything sjt had in zj-health moves; everything old1 had, and jtt's objects on hz-b-core, are deleted.
  expect(d.counts).toMatchObject({ move: owned('zj-health', 'sjt--'), delete: owned('zj-health', 'old1--') + owned('zj-transport', 'jtt--hz-b-core'), replace: 0 });
});

test('a namespace renamed in place is a replace (post-processed head: the API derives names from codes)', () => {
  const renamed = path.join(tmpdir(), 'cdktf.out');
  fs.cpSync(base, renamed, { recursive: true });
  const file = path.join(renamed, 'stacks', 'zj-health', 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.resource.kubernetes_namespace_v1['wjw--hz-a-core'].metadata.name = 'wjw-new';
  fs.writeFileSync(file, JSON.stringify(json));
  const d = diffOutputs(readSynthOutput(base), readSynthOutput(renamed));
  const c = d.stacks.find((s) => s.stack === 'zj-health')!.changes;
  expect(c).toHaveLength(1);
  expect(c[0]).toMatchObject({
    action: 'replace',
    destructive: true,
    address: 'kubernetes_namespace_v1.wjw--hz-a-core',
    reasons: ['metadata.name changes (wjw → wjw-new); it cannot change in place'],
  });
});

/** A second PostgreSQL over both sites (primary on hz-a-core, replica cluster on hz-b-core) granted to jyt, and a cache for ybj. */
function withArchive(hub: ProvinceHub): void {
  hub.middleware.add(
    new PostgresOffering({
      name: 'archive',
      instances: 2,
      storageGi: 200,
      siteEndpoints: {
        'hz-a-core': { host: 'pg-archive-hz-a.zj.gov.internal', cidr: '10.31.1.20/32', sourceCidr: '10.21.0.0/16' },
        'hz-b-core': { host: 'pg-archive-hz-b.zj.gov.internal', cidr: '10.32.1.20/32', sourceCidr: '10.22.0.0/16' },
      },
      archiveTimeoutSeconds: 60,
    }),
  );
  hub.middleware.get('archive').grantConnect(tenantOf(hub, 'jyt'));
  hub.middleware.add(new RedisOffering({ name: 'cache2', replicas: 3, sentinels: 3, memoryGi: 2 }));
  hub.middleware.get('cache2').grantConnect(tenantOf(hub, 'ybj'));
}

test('an offering taken off the shelf: its PostgreSQL clusters and base backups are destructive, a retained database is not; a stack removed is flagged', () => {
  const d = diffOutputs(readSynthOutput(synthDemo(withArchive)), readSynthOutput(synthDemo()));
  const hub = d.stacks.find((s) => s.stack === 'zj-hub')!;
  const destructive = hub.changes.filter((c) => c.destructive).map((c) => [c.address, c.action, c.kind]);
  expect(destructive).toEqual([
    ['kubernetes_manifest.archive--hz-a-core', 'delete', 'database'],
    ['kubernetes_manifest.archive--hz-a-core--base-backup', 'delete', 'backup-schedule'],
    ['kubernetes_manifest.archive--hz-b-core', 'delete', 'database'],
    ['kubernetes_manifest.archive--hz-b-core--base-backup', 'delete', 'backup-schedule'],
    ['kubernetes_manifest.cache2--hz-a-core', 'delete', 'middleware'],
    ['kubernetes_manifest.cache2--hz-a-core--sentinel', 'delete', 'middleware'],
    ['kubernetes_manifest.cache2--hz-b-core', 'delete', 'middleware'],
    ['kubernetes_manifest.cache2--hz-b-core--sentinel', 'delete', 'middleware'],
  ]);
  expect(hub.changes.find((c) => c.address === 'kubernetes_manifest.archive--hz-a-core')).toMatchObject({ owner: { kind: 'offering', code: 'archive' }, cluster: 'hz-a-core' });
  // The tenant's database is kept by the operator (databaseReclaimPolicy retain): deleting its object is not destructive.
  expect(hub.changes.find((c) => c.address === 'kubernetes_manifest.jyt--archive--hz-a-core--database')).toMatchObject({
    action: 'delete',
    destructive: false,
    owner: { kind: 'tenant', code: 'jyt' },
  });
  // The domain: two offerings leave the shelf, two grants go: the departments' connections are cut (destructive).
  expect(kinds(d.domain).filter((k) => /offering|grant/.test(k))).toEqual(['grant-removed jyt ⛔', 'grant-removed ybj ⛔', 'offering-removed archive ⛔', 'offering-removed cache2 ⛔']);

  const noTransport = path.join(tmpdir(), 'cdktf.out');
  fs.cpSync(base, noTransport, { recursive: true });
  fs.rmSync(path.join(noTransport, 'stacks', 'zj-transport'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(noTransport, 'manifest.json'), 'utf8'));
  delete manifest.stacks['zj-transport'];
  fs.writeFileSync(path.join(noTransport, 'manifest.json'), JSON.stringify(manifest));
  const gone = diffOutputs(readSynthOutput(base), readSynthOutput(noTransport));
  expect(gone.domain.find((c) => c.kind === 'stack-removed')).toMatchObject({ subject: 'zj-transport', destructive: true });
  expect(gone.stacks.find((s) => s.stack === 'zj-transport')).toMatchObject({ status: 'removed' });
});

const archiveEndpoints = {
  'hz-a-core': { host: 'pg-archive-hz-a.zj.gov.internal', cidr: '10.31.1.20/32', sourceCidr: '10.21.0.0/16' },
  'hz-b-core': { host: 'pg-archive-hz-b.zj.gov.internal', cidr: '10.32.1.20/32', sourceCidr: '10.22.0.0/16' },
};

/** The `archive` PostgreSQL granted to jyt, with its primary on `primaryCluster`, on `clusters` (default both). */
function archiveOn(primaryCluster: string, clusters?: string[]) {
  return (hub: ProvinceHub) => {
    const siteEndpoints = Object.fromEntries(Object.entries(archiveEndpoints).filter(([c]) => !clusters || clusters.includes(c)));
    // 100 GiB on one site: restored from the DR centre with the people it takes, education's 30 minutes still hold.
    hub.middleware.add(new PostgresOffering({ name: 'archive', instances: 2, storageGi: clusters ? 100 : 200, siteEndpoints, archiveTimeoutSeconds: 60, primaryCluster, clusters }));
    hub.middleware.get('archive').grantConnect(tenantOf(hub, 'jyt'));
  };
}

test('moving the primary of a PostgreSQL database spanning sites is a switchover: destructive, with what it does', () => {
  const d = diffOutputs(readSynthOutput(synthDemo(archiveOn('hz-a-core'))), readSynthOutput(synthDemo(archiveOn('hz-b-core'))));
  const hub = d.stacks.find((s) => s.stack === 'zj-hub')!;
  const switched = hub.changes.filter((c) => c.destructive);
  expect(switched.map((c) => [c.address, c.action])).toEqual([
    ['kubernetes_manifest.archive--hz-a-core', 'update'],
    ['kubernetes_manifest.archive--hz-b-core', 'update'],
  ]);
  expect(switched[0].reasons).toEqual([
    'spec.replica.primary changes (archive-hz-a-core → archive-hz-b-core): a switchover. If the failover runbook already promoted archive-hz-b-core, this records it; otherwise applying it demotes archive-hz-a-core and promotes archive-hz-b-core: writes stop meanwhile, and with asynchronous replication the last transactions not yet replicated are lost',
  ]);
  // jyt's paths to both site endpoints are already open, and its secret names the hub-owned address: the tenant
  // stack does not change; only the failover stacks repoint the address.
  const edu = d.stacks.find((s) => s.stack === 'zj-education')!.changes.map((c) => `${c.action} ${c.address}`);
  expect(edu.filter((c) => c.includes('jyt'))).toEqual([]);
  const failover = d.stacks.find((s) => s.stack === 'zj-failover-hz-a-core')!.changes.map((c) => `${c.action} ${c.address}`);
  expect(failover).toEqual(['update kubernetes_manifest.gov-lz-middleware--archive-primary']);
  const review = buildReview({ head: readSynthOutput(synthDemo(archiveOn('hz-b-core'))), base: readSynthOutput(synthDemo(archiveOn('hz-a-core'))), failOn: ['destructive'] });
  expect(review.verdict.failed).toEqual(['destructive']);
});

test('taking a PostgreSQL database off one site deletes its replica cluster there: destructive, saying the database is left on fewer sites', () => {
  const d = diffOutputs(readSynthOutput(synthDemo(archiveOn('hz-a-core'))), readSynthOutput(synthDemo(archiveOn('hz-a-core', ['hz-a-core']))));
  const replica = d.stacks.find((s) => s.stack === 'zj-hub')!.changes.find((c) => c.address === 'kubernetes_manifest.archive--hz-b-core')!;
  expect(replica).toMatchObject({ action: 'delete', kind: 'database', destructive: true, cluster: 'hz-b-core', owner: { kind: 'offering', code: 'archive' } });
  expect(replica.reasons).toEqual([
    "deletes a replica cluster of a PostgreSQL database spanning sites, and its volumes: the database is left on fewer sites, and losing the primary's site then loses it down to the WAL archive",
  ]);
  const primary = d.stacks.find((s) => s.stack === 'zj-hub')!.changes.find((c) => c.address === 'kubernetes_manifest.archive--hz-a-core')!;
  expect(primary).toMatchObject({ action: 'update', destructive: false });
});

test('recovery figures that become "unbounded" are compared as words, not as numbers', () => {
  const b = synthDemo();
  const h = synthDemo();
  makeWjwUnbounded(h);
  const d = diffOutputs(readSynthOutput(b), readSynthOutput(h));
  expect(d.domain.find((c) => c.kind === 'tenant-recovery-changed' && c.subject === 'wjw')!.message).toMatch(
    /^recovery of wjw: achievable RTO ([\d.]+) min, RPO 1\.5 min, ([\d.]+) % → RTO \1 min, RPO unbounded, \2 %; at the DR centre not possible \(once possible: RTO ([\d.]+) min, RPO [\d.]+ min\) → not possible \(once possible: RTO \3 min, RPO unbounded\)$/,
  );
  // Worse is flagged on its own.
  expect(d.domain.find((c) => c.kind === 'recovery-worsened' && c.subject === 'wjw')!.message).toMatch(/^⚠️ achievable recovery of wjw gets worse: RPO 1\.5 min → unbounded/);
});

test('grants and compliance: a grant added and one removed, findings resolved by a suppression and disabled rules', () => {
  const b = synthDemo((hub) => hub.middleware.get('kafka').grantConnect(tenantOf(hub, 'ybj')));
  const h = synthDemoReport({ quiet: true }, (hub) => hub.middleware.get('postgres').grantConnect(tenantOf(hub, 'cdc')));
  const d = diffOutputs(readSynthOutput(b), readSynthOutput(h));
  // cdc now waits for PostgreSQL's manual promotion: its achievable RTO worsens, and the review flags it.
  expect(kinds(d.domain).filter((k) => !k.startsWith('tenant-recovery-changed') && !k.startsWith('recovery-worsened'))).toEqual([
    'finding-resolved MLPS3-17',
    'finding-resolved MLPS3-17',
    'finding-resolved MLPS3-17',
    'finding-resolved MLPS3-27',
    'finding-resolved MLPS3-27',
    'finding-resolved MLPS3-27',
    // The hub gateway's three, suppressed in the head.
    ...Array(3).fill('finding-resolved MLPS3-42'),
    // Eight findings; the hub's two without a resource (local state, the shared key) have one key in the diff.
    ...Array(7).fill('finding-resolved MLPS3-43'),
    ...Array(3).fill('finding-resolved MLPS3-47'),
    'finding-resolved MLPS3-49',
    ...Array(3).fill('finding-resolved MLPS3-51'),
    ...Array(3).fill('finding-resolved MLPS3-55'),
    'grant-added cdc',
    // Removing a grant cuts the department's connections: destructive (issue 13, class 12).
    'grant-removed ybj ⛔',
    // The grants are the fault-demarcation graph: postgres down silences cdc now, ybj no longer.
    'inhibition-added cdc',
    'inhibition-added cdc',
    'inhibition-removed ybj',
    'inhibition-removed ybj',
    'network-rule-added cdc',
    'network-rule-added cdc',
    'network-rule-added cdc',
    'network-rule-removed ybj',
    'suppression-added MLPS3-42',
  ]);
  const msg = (kind: string, subject: string) => d.domain.find((c) => c.kind === kind && c.subject === subject)!.message;
  expect(msg('recovery-worsened', 'cdc')).toMatch(/^⚠️ achievable recovery of cdc gets worse: RPO .* → 1\.5 min, RTO [\d.]+ min → 26\.5 min/);
  expect(msg('grant-added', 'cdc')).toBe('tenant cdc is granted postgres on port 5432');
  expect(msg('grant-removed', 'ybj')).toBe('tenant ybj loses its grant to kafka: connections from its namespaces are cut');
  expect(buildReview({ head: readSynthOutput(h), base: readSynthOutput(b), failOn: ['destructive'] }).verdict.failed).toEqual(['destructive']);
});

test("removing the grant of a department's database is destructive, in the review's verdict too (issue 13, class 12)", () => {
  const b = synthDemo((hub) => hub.middleware.get('postgres').grantConnect(tenantOf(hub, 'cdc')));
  const h = synthDemo();
  const d = diffOutputs(readSynthOutput(b), readSynthOutput(h));
  expect(d.domain.find((c) => c.kind === 'grant-removed')).toMatchObject({
    subject: 'cdc',
    destructive: true,
    message: 'tenant cdc loses its grant to postgres: connections from its namespaces are cut',
  });
  const review = buildReview({ head: readSynthOutput(h), base: readSynthOutput(b), failOn: ['destructive'] });
  expect(review.verdict.failed).toEqual(['destructive']);
  expect(renderMarkdown(review)).toMatch(/tenant cdc loses its grant to postgres/);
});

test('without an inventory in the base, only stacks and resources are compared', () => {
  const bare = path.join(tmpdir(), 'cdktf.out');
  fs.cpSync(base, bare, { recursive: true });
  fs.rmSync(path.join(bare, 'gov-lz'), { recursive: true });
  const d = diffOutputs(readSynthOutput(bare), readSynthOutput(head));
  expect(d.domainCompared).toBe(false);
  expect(d.domain.filter((c) => !c.kind.startsWith('stack-'))).toEqual([]);
  expect(d.counts.move).toBe(owned('zj-health', 'sjt--'));
});

describe('moves between stacks (main writes import and removed blocks)', () => {
  const sjt = { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 }, admins: ['sjt-admins'] };
  let withSjt: string;
  beforeAll(() => {
    withSjt = synthDemo((hub) => hub.industryCloud('health').addTenant('sjt', sjt));
  });

  test('a move declared with movedFrom is adopted and forgotten: not destructive, at the domain level either', () => {
    const declared = synthDemo((hub) => hub.industryCloud('egov').addTenant('sjt', { ...sjt, movedFrom: { industryCloud: 'health' } }));
    const d = diffOutputs(readSynthOutput(withSjt), readSynthOutput(declared));
    const moved = d.stacks.find((s) => s.stack === 'zj-health')!.changes;
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((c) => c.action === 'move' && !c.destructive && c.movedTo === 'zj-egov')).toBe(true);
    expect(moved[0].reasons).toEqual(['adopted by an import block in zj-egov and forgotten by a removed block in zj-health (destroy = false): nothing is destroyed or recreated']);
    expect(d.stacks.find((s) => s.stack === 'zj-egov')!.changes.every((c) => c.action === 'create' && c.reasons[0] === 'moved from stack zj-health, adopted by an import block')).toBe(true);
    const move = d.domain.find((c) => c.kind === 'tenant-moved')!;
    expect(move.destructive).toBe(false);
    expect(move.message).toBe(
      'tenant sjt moves from health (stack zj-health) to egov (stack zj-egov), declared with movedFrom: zj-egov adopts its objects (import blocks) and zj-health forgets them (removed blocks); nothing is recreated. Remove movedFrom once both stacks are applied',
    );
    expect(d.domain.filter((c) => c.destructive)).toEqual([]);
    const review = buildReview({ head: readSynthOutput(declared), base: readSynthOutput(withSjt), failOn: ['destructive'] });
    expect(review.verdict.failed).toEqual([]);

    // The same move without movedFrom destroys and recreates everything the tenant has.
    const undeclared = diffOutputs(readSynthOutput(withSjt), readSynthOutput(synthDemo((hub) => hub.industryCloud('egov').addTenant('sjt', sjt))));
    expect(undeclared.domain.find((c) => c.kind === 'tenant-moved')!.destructive).toBe(true);
    expect(undeclared.stacks.find((s) => s.stack === 'zj-health')!.changes.every((c) => c.action === 'move' && c.destructive)).toBe(true);
  });

  test('a move to an industry cloud on fewer clusters: what stays is adopted, what is left behind is forgotten, not deleted', () => {
    const base = synthDemo((hub) => {
      singleSiteTransport(hub);
      hub.industryCloud('health').addTenant('sjt', sjt);
    });
    const head = synthDemo((hub) => singleSiteTransport(hub).addTenant('sjt', { ...sjt, movedFrom: { industryCloud: 'health' } }));
    const d = diffOutputs(readSynthOutput(base), readSynthOutput(head));
    const health = d.stacks.find((s) => s.stack === 'zj-health')!;
    expect(health.changes.filter((c) => c.address.includes('--hz-b-core')).every((c) => c.action === 'forget' && !c.destructive)).toBe(true);
    expect(health.changes.filter((c) => c.address.includes('--hz-a-core')).every((c) => c.action === 'move' && !c.destructive)).toBe(true);
    expect(health.counts.forget).toBe(health.counts.move);
    expect(health.changes.find((c) => c.address === 'kubernetes_namespace_v1.sjt--hz-b-core')!.reasons).toEqual([
      'forgotten by a removed block (destroy = false): it stays in the cluster, outside Terraform; delete it by hand once its data has moved',
    ]);
    // Leaving hz-b-core is still a domain change a reviewer must see, but nothing is deleted: not destructive (class 12).
    expect(d.domain.find((c) => c.kind === 'placement-removed')).toMatchObject({
      subject: 'sjt',
      before: 'hz-b-core',
      destructive: false,
      message: "tenant sjt leaves cluster hz-b-core: its namespace there is forgotten by a removed block (destroy = false), not deleted; delete it by hand once the department's data has moved",
    });
    expect(d.domain.find((c) => c.kind === 'tenant-moved')!.destructive).toBe(false);
    expect(d.domain.filter((c) => c.destructive)).toEqual([]);
    expect(buildReview({ head: readSynthOutput(head), base: readSynthOutput(base), failOn: ['destructive'] }).verdict.failed).toEqual([]);
    // From the inventories alone (no resource diff), the declared move says the same.
    const domainOnly = diffInventories(readSynthOutput(base).inventory!, readSynthOutput(head).inventory!);
    expect(domainOnly.find((c) => c.kind === 'placement-removed')!.destructive).toBe(false);

    // The same move undeclared deletes the namespace there: destructive.
    const undeclared = diffOutputs(readSynthOutput(base), readSynthOutput(synthDemo((hub) => singleSiteTransport(hub).addTenant('sjt', sjt))));
    expect(undeclared.domain.find((c) => c.kind === 'placement-removed')).toMatchObject({ before: 'hz-b-core', destructive: true });
  });

  test('raising the shard count with previousShards re-lays tenants without destroying them; dropping the retired stack later is harmless', () => {
    const transport = (shards: number, previousShards?: number) => (hub: ProvinceHub) => {
      const ic = hub.addIndustryCloud('transport', { displayName: '交通行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL, shards, previousShards });
      for (const code of ['jtt', 'gly', 'hsj', 'mhj', 'tlj']) ic.addTenant(code, { displayName: code, quota: { cpu: 2, memoryGi: 8 } });
    };
    const one = readSynthOutput(synthDemo(transport(1)));
    const two = readSynthOutput(synthDemo(transport(2, 1)));
    const d = diffOutputs(one, two);
    const retired = d.stacks.find((s) => s.stack === 'zj-transport')!;
    expect(retired.counts.move).toBe(one.stacks.get('zj-transport')!.resources.size);
    expect(retired.changes.every((c) => !c.destructive)).toBe(true);
    expect(d.domain.find((c) => c.kind === 'shards-changed')!.message).toBe(
      'stacks of transport: zj-transport → zj-transport-1, zj-transport-2 (shards 1 → 2); zj-transport kept for its removed blocks until applied (previousShards)',
    );
    const moves = d.domain.filter((c) => c.kind === 'tenant-moved');
    expect(moves.length).toBe(5);
    expect(moves.every((c) => !c.destructive && /^tenant \w+ moves from stack zj-transport to zj-transport-[12] \(another shard of transport\)/.test(c.message))).toBe(true);
    expect(d.domain.filter((c) => c.destructive)).toEqual([]);

    // Once applied, previousShards goes: the retired stack, holding nothing, disappears.
    const after = diffOutputs(two, readSynthOutput(synthDemo(transport(2))));
    expect(after.domain.find((c) => c.kind === 'stack-removed')).toMatchObject({ subject: 'zj-transport', destructive: false });
    expect(after.counts).toMatchObject({ create: 0, delete: 0, move: 0, replace: 0 });
  });
});

test('real recovery and backup changes: a tenant with more storage takes longer to restore at the DR centre', () => {
  const dept = (storageGi: number) => (hub: ProvinceHub) =>
    hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32, storageGi }, admins: ['sjt-admins'] });
  const d = diffOutputs(readSynthOutput(synthDemo(dept(256))), readSynthOutput(synthDemo(dept(4096))));
  // Regional restores queue on the DR centre's Velero: every tenant's regional RTO grows with sjt's data.
  const changed = d.domain.filter((c) => c.kind === 'tenant-recovery-changed' && c.subject === 'sjt');
  expect(d.domain.filter((c) => c.kind === 'tenant-recovery-changed').length).toBeGreaterThan(1);
  expect(changed[0].message).toMatch(
    /^recovery of sjt: at the DR centre not possible \(once possible: RTO [\d.]+ min, RPO [\d.]+ min\) → not possible \(once possible: RTO [\d.]+ min, RPO [\d.]+ min\)$/,
  );
  expect((changed[0].before as any).regional.rtoMinutes).toBeLessThan((changed[0].after as any).regional.rtoMinutes);
});
