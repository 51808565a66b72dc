import * as fs from 'fs';
import * as path from 'path';
import { DataClass, ProvinceHubProps, RecoveryObjective, SiteRole } from '../../lib';
import { artifact, hubProps, newHub, stackJson, synthesizedOnce, synthProblems } from '../helpers';
import { crdValidator, errorsOf, validateHelmValues } from '../schema';

const metroStorage = { mode: 'synchronous' as const, storageClass: 'metro-replicated', witnessSite: 'nb' };
const backupLocation = { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups' };
const seed = RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 });
const q = (storageGi: number) => ({ cpu: 8, memoryGi: 32, storageGi });

function province(
  overrides: Partial<ProvinceHubProps> = {},
  objective = seed,
  tenants: Array<[string, number]> = [
    ['wjw', 100],
    ['ybj', 0],
  ],
) {
  const { app, hub } = newHub({ recovery: { backupLocation, metroStorage }, ...overrides });
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: objective });
  for (const [code, gi] of tenants) health.addTenant(code, { displayName: `部门${code}`, quota: q(gi) });
  return { app, hub, health };
}

/** The default province, synthesized once for the tests that only read its output. */
const synthesizedProvince = synthesizedOnce(() => province());

describe('hostile hub props with backups on (adversarial hardening)', () => {
  test('a cluster declared twice: the duplicate is reported, not a construct clash in its platform stack (Velero, restore verification, failover stack)', () => {
    const props = hubProps();
    const { app } = province({ clusters: [...props.clusters, props.clusters[0]], recovery: { backupLocation, metroStorage, restoreVerification: {} } });
    expect(synthProblems(app).map((p) => `${p.code} ${p.path}`)).toContain('duplicate zj/clusters/hz-a-core');
  });

  test("Velero's chart and plugin versions must be exact, its registry a host and its repository a chart source", () => {
    const velero = { chartVersion: '^12.1.0', awsPluginVersion: 'latest', imageRegistry: 'https://harbor.zj.gov.internal', chartRepository: 'harbor.zj.gov.internal/charts' };
    const bad = province({ recovery: { backupLocation, metroStorage, velero } });
    expect(synthProblems(bad.app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
      'invalid-value zj/Recovery/velero "harbor.zj.gov.internal/charts"',
      'invalid-value zj/Recovery/velero "^12.1.0"',
      'invalid-value zj/Recovery/velero "latest"',
      'invalid-value zj/Recovery/velero "https://harbor.zj.gov.internal"',
    ]);
    const good = province({ recovery: { backupLocation, metroStorage, velero: { chartVersion: '12.1.0', awsPluginVersion: 'v1.13.1', imageRegistry: 'harbor.zj.gov.internal:8443/mirror' } } });
    good.app.synth();
  });

  test('a restore verification schedule the API server would refuse fails synth, with the schedule and a fix; a valid one is written as given', () => {
    const bad = province({ recovery: { backupLocation, metroStorage, restoreVerification: { schedule: '0 2 * * 7' } } });
    expect(synthProblems(bad.app).map((p) => `${p.code} ${p.path} ${p.message} | ${p.fix}`)).toEqual([
      `invalid-value zj/Recovery/restoreVerification recovery.restoreVerification.schedule: "0 2 * * 7": day of week "7" must be 0–6 or SUN–SAT | a five-field cron line in Asia/Shanghai time, e.g. '0 2 * * 0' (Sunday 02:00)`,
    ]);
    const tz = province({ recovery: { backupLocation, metroStorage, restoreVerification: { schedule: 'CRON_TZ=UTC 0 2 * * 0' } } });
    expect(synthProblems(tz.app).map((p) => p.message)).toEqual([expect.stringMatching(/names a time zone/)]);
    const good = province({ recovery: { backupLocation, metroStorage, restoreVerification: { schedule: '30 3 * * SAT' } } });
    good.app.synth();
    const job = stackJson(good.app, 'zj-platform-hz-a-core').resource.kubernetes_manifest['restore-verification--hz-a-core'];
    expect(job.manifest.spec).toMatchObject({ schedule: '30 3 * * SAT', timeZone: 'Asia/Shanghai' });
  });

  test('a cluster whose cloud is missing: reported, the failover stacks are laid for the private clusters only', () => {
    const props = hubProps();
    const { app } = province({ clusters: [{ ...props.clusters[0], cloud: undefined as any }, ...props.clusters.slice(1)], recovery: { backupLocation, metroStorage, restoreVerification: {} } });
    expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${p.message}`)).toContain('invalid-value zj/clusters/hz-a-core cloud is not a CloudKind');
  });
});

describe('backups', () => {
  test('Velero on every cluster (platform stack), from the hub registry, values valid against the chart schema', () => {
    const { app } = synthesizedProvince();
    for (const cluster of ['hz-a-core', 'hz-b-core', 'ali-burst']) {
      const json = stackJson(app, `zj-platform-${cluster}`);
      expect(Object.keys(json.resource.helm_release)).toEqual(['velero']);
      const release = json.resource.helm_release.velero;
      expect(release).toMatchObject({ name: 'velero', namespace: 'gov-lz-backup', chart: 'velero', version: '12.1.0', repository: 'oci://harbor.zj.gov.internal/charts', provider: `helm.${cluster}` });
      expect(release.depends_on).toEqual([`kubernetes_namespace_v1.gov-lz-backup--${cluster}`]);
      const values = JSON.parse(release.values[0]);
      expect(validateHelmValues('velero', values)).toEqual([]);
      expect(values.image.repository).toBe('harbor.zj.gov.internal/velero/velero');
      expect(values.initContainers[0].image).toBe('harbor.zj.gov.internal/velero/velero-plugin-for-aws:v1.13.1');
      expect(values.kubectl.image.repository).toBe('harbor.zj.gov.internal/kubectl');
      expect(values.credentials).toEqual({ useSecret: true, existingSecret: 'velero-dr-credentials' });
      const ns = json.resource.kubernetes_namespace_v1[`gov-lz-backup--${cluster}`];
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    }
  });

  test('the chart schema check can fail: a wrong type is reported', () => {
    expect(validateHelmValues('velero', { deployNodeAgent: 'yes' }).length).toBeGreaterThan(0);
  });

  test('a BackupStorageLocation at the DR centre per cluster (hub stack), valid against the CRD, credentials by reference only', () => {
    const { app } = synthesizedProvince();
    const hub = stackJson(app, 'zj-hub');
    const bsl = hub.resource.kubernetes_manifest['dr-centre--hz-b-core'];
    expect(bsl.provider).toBe('kubernetes.hz-b-core');
    expect(errorsOf(crdValidator('velero/backupstoragelocations.yaml'), bsl.manifest)).toEqual([]);
    expect(bsl.manifest.spec).toEqual({
      provider: 'aws',
      default: true,
      accessMode: 'ReadWrite',
      objectStorage: { bucket: 'zj-backups', prefix: 'zj/hz-b-core' },
      config: { region: 'ningbo', s3Url: 'https://oss.nb.zj.gov.internal', s3ForcePathStyle: 'true' },
      credential: { name: 'velero-dr-credentials', key: 'cloud' },
    });
    expect(bsl.manifest.metadata.labels['gov-lz.io/data-location']).toBe('ningbo');
    const all = fs
      .readdirSync(path.join(app.outdir, 'stacks'))
      .map((s) => fs.readFileSync(path.join(app.outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))
      .join('\n');
    // The key reaches the clusters' secret only through the ephemeral variable, in a write-only attribute.
    expect(all.match(/aws_secret_access_key=[^\\"]*/g)!.every((m) => m === 'aws_secret_access_key=${var.gov_lz_backup_store_credentials.secret_access_key}')).toBe(true);
    const platform = stackJson(app, 'zj-platform-hz-b-core');
    const secret = platform.resource.kubernetes_secret_v1['velero-dr-credentials--hz-b-core'];
    expect(Object.keys(secret).sort()).toEqual(['data_wo', 'data_wo_revision', 'depends_on', 'metadata', 'provider', 'type']);
    expect(platform.variable.gov_lz_backup_store_credentials).toMatchObject({ ephemeral: true, sensitive: true, nullable: false });
  });

  test('the CRD check can fail: an unknown field is reported', () => {
    expect(
      errorsOf(crdValidator('velero/schedules.yaml'), { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: {}, spec: { schedule: '* * * * *', template: { includedNamespace: ['x'] } } }),
    ).toEqual(['/spec/template must NOT have additional properties (includedNamespace)']);
  });

  test('a Schedule per tenant and cluster, in the tenant stack, valid against the CRD, kept by data class', () => {
    const { app } = synthesizedProvince();
    const json = stackJson(app, 'zj-health');
    const s = json.resource.kubernetes_manifest['wjw--hz-a-core--backup'];
    expect(s.provider).toBe('kubernetes.hz-a-core');
    expect(errorsOf(crdValidator('velero/schedules.yaml'), s.manifest)).toEqual([]);
    expect(s.manifest.metadata).toMatchObject({ name: 'tenant-wjw', namespace: 'gov-lz-backup' });
    expect(s.manifest.spec.template).toMatchObject({ includedNamespaces: ['wjw'], storageLocation: 'dr-centre', ttl: '2160h0m0s', defaultVolumesToFsBackup: true });
    // IMPORTANT data with volumes replicated synchronously: every 4 h, staggered.
    expect(s.manifest.spec.schedule).toMatch(/^\d+ \d+-23\/4 \* \* \*$/);
    expect(json.resource.kubernetes_manifest['ybj--hz-b-core--backup']).toBeDefined();
  });

  test('without metro replication the schedule follows the RPO (at most every 15 min), and cannot reach 5 minutes', () => {
    // RPO 25 = 20-minute schedule + 5-minute backup.
    const { app } = province({ recovery: { backupLocation, metroStorageReplication: 'none' } }, RecoveryObjective.of({ rtoMinutes: 600, rpoMinutes: 25 }));
    app.synth();
    const s = stackJson(app, 'zj-health').resource.kubernetes_manifest['wjw--hz-a-core--backup'];
    expect(s.manifest.spec.schedule).toMatch(/^\d+-59\/20 \* \* \* \*$/);

    const [p, rto, ...rest] = synthProblems(province({ recovery: { backupLocation, metroStorageReplication: 'none' } }).app);
    expect(rest).toEqual([]);
    // 15-minute schedule + a backup of 5 GiB changed data at 100 MiB/s with 60 s of overhead.
    expect(p).toMatchObject({ code: 'objective-not-met', path: 'zj/health', value: 16.9 });
    expect(p.message).toContain('recovery objective not met for tenant wjw: achievable RPO 16.9 min exceeds the objective of 5 min: persistent volumes restored from Velero backups');
    expect(p.message).toContain('the largest term is backup interval (900 s');
    expect(p.fix).toBe('bind the volumes to a replicated storage class (recovery.metroStorage with a witness site), or keep the data in a granted PostgreSQL offering');
    // A restore is a manual step: the on-call engineer's response and the decision are charged.
    expect(rto.message).toContain('restore volumes: on-call response (page, acknowledge, diagnose) 600 s + restore volumes: decision to fail over and accept the data loss 300 s');
  });
});

describe('two sites, three centres', () => {
  test('an industry cloud with an objective on a single site: the error names the missing cluster', () => {
    const { app, hub } = newHub({ recovery: { backupLocation } });
    hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], recovery: seed });
    const [p, ...rest] = synthProblems(app);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'not-dual-active', path: 'zj/health', value: ['hz-a-core'] });
    expect(p.message).toBe(
      'industry cloud "health" has a recovery objective, but its clusters are on one production site per city: hz-a (hangzhou); dual-active needs clusters on two PRODUCTION sites in one city',
    );
    expect(p.fix).toBe('add "hz-b-core" (site hz-b) to its clusters');
  });

  test('a province with no DISASTER_RECOVERY site', () => {
    const props = hubProps();
    const { app } = province({
      sites: props.sites.filter((s) => s.role !== SiteRole.DISASTER_RECOVERY),
      recovery: { backupLocation: { ...backupLocation, site: 'hz-b' }, metroStorage },
    });
    const problems = synthProblems(app);
    // The compliance pack agrees: backups kept only in the production city (MLPS3-23), on each cluster that schedules some.
    // The witness site "nb" is gone too: metro storage is not counted, and volumes restored from backups miss the objective.
    expect(problems.map((p) => p.code)).toEqual(['invalid-value', 'inconsistent', 'no-dr-site', 'objective-not-met', 'objective-not-met', 'MLPS3-23', 'MLPS3-23']);
    expect(problems[0].message).toContain('metroStorage.witnessSite "nb" is not a site of the hub');
    expect(problems[2].message).toBe('industry cloud "health" has a recovery objective, but the province has no DISASTER_RECOVERY site: two sites in hangzhou and no third centre');
    expect(problems[2].fix).toContain('another city than hangzhou');
    expect(problems[1].message).toBe('backup location site "hz-b" is a PRODUCTION site; backups must leave the production sites');
  });

  test('a DR site in the same city as the production pair is not a third centre', () => {
    const props = hubProps();
    const sites = props.sites.map((s) => (s.role === SiteRole.DISASTER_RECOVERY ? { ...s, city: 'hangzhou' } : s));
    const [p] = synthProblems(province({ sites }).app);
    expect(p.code).toBe('no-dr-site');
    expect(p.message).toContain('the same city as the production pair');
  });

  test('objectives without a backup location, or with a plain-http one', () => {
    const none = newHub();
    none.hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'], recovery: seed });
    expect(synthProblems(none.app).map((p) => p.code)).toEqual(['no-backup-location']);
    const http = province({ recovery: { backupLocation: { ...backupLocation, endpoint: 'http://oss.nb', bucket: 'B' }, metroStorage } });
    // The compliance pack flags each BackupStorageLocation that would upload over plain http (MLPS3-19).
    expect(synthProblems(http.app).map((p) => `${p.code} ${p.value}`)).toEqual([
      'invalid-value http://oss.nb',
      'invalid-value B',
      'MLPS3-19 kubernetes_manifest.dr-centre--ali-burst',
      'MLPS3-19 kubernetes_manifest.dr-centre--hz-a-core',
      'MLPS3-19 kubernetes_manifest.dr-centre--hz-b-core',
    ]);
  });

  test('a single-site industry cloud without an objective is fine', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] }).addTenant('jyt', { displayName: '教育厅', quota: q(10) });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the recovery planner at synth', () => {
  test('the demo-like province meets RTO 15 / RPO 5 / 99.99 % with counted metro storage, as ranges with their assumptions', () => {
    const { app } = synthesizedProvince();
    const r = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery;
    // detection 60 + GSLB 30 + DNS 60–300 (+ the witness's storage failover 0–30 for the tenant with volumes).
    expect(r.tenants.map((t: any) => [t.tenant, t.achievable.rpoMinutes, t.achievable.rtoMinutes, t.range.rtoMinutes, t.meets])).toEqual([
      ['wjw', 0, 7, [2.5, 7], true],
      ['ybj', 0, 6.5, [2.5, 6.5], true],
    ]);
    expect(r.tenants[0].achievable.availability).toBeGreaterThanOrEqual(0.9999);
    expect(r.tenants[0].availability).toMatchObject({ sameCity: true, commonCause: 0.00002 });
    expect(r.tenants[0].manualSeconds).toBe(0);
    expect(r.tenants[0].mechanisms.map((m: any) => m.id)).toEqual(['workloads', 'volumes']);
    expect(r.tenants[0].mechanisms[1].description).toBe('persistent volumes of storage class metro-replicated, replicated synchronously with witness site nb');
    expect(r.tenants[1].mechanisms.map((m: any) => m.id)).toEqual(['workloads']);
    expect(r.tenants[0].rtoFrame).toEqual([
      { name: 'failure detection', seconds: 60 },
      { name: 'traffic switch (GSLB)', seconds: 30 },
      { name: 'clients leave the cached DNS answer (TTL to high percentile)', seconds: 300 },
    ]);
    expect(r.tenants[0].assumptions.map((a: any) => a.name)).toEqual(
      expect.arrayContaining(['dnsHighPercentileSeconds', 'dnsTtlSeconds', 'failureDetectionSeconds', 'storageReplicationLagSeconds', 'trafficSwitchSeconds']),
    );
    expect(r.metroStorage).toEqual({ mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' });
    expect(r.backupLocation).toEqual({ site: 'nb', city: 'ningbo', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-backups', prefix: 'zj' });
  });

  test('metro replication declared without a storage class and witness is not counted, and synth says so', () => {
    const { app } = province({ recovery: { backupLocation, metroStorageReplication: 'synchronous' } }, RecoveryObjective.of({ rtoMinutes: 600, rpoMinutes: 60, availability: 0.999 }));
    app.synth();
    const r = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery;
    expect(r.metroStorageReplication).toBe('none');
    expect(r.tenants[0].mechanisms[1].description).toMatch(/^persistent volumes restored from Velero backups/);
  });

  test('a witness in the production pair is no quorum site', () => {
    const [p] = synthProblems(province({ recovery: { backupLocation, metroStorage: { ...metroStorage, witnessSite: 'hz-a' } } }).app);
    expect(p).toMatchObject({ code: 'invalid-value', value: 'hz-a' });
    expect(p.message).toContain('is one of the replicated production sites: a witness must be a third site');
  });

  test('asynchronous metro storage and an RPO of zero: the error names the replication lag', () => {
    const { app } = province({ recovery: { backupLocation, metroStorage: { ...metroStorage, mode: 'asynchronous' } } }, RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 0 }));
    const [p] = synthProblems(app);
    expect(p.message).toContain('achievable RPO 0.5 min exceeds the objective of 0 min');
    expect(p.message).toContain('the largest term is storage replication lag (30 s, recovery.assumptions.storageReplicationLagSeconds)');
    expect(p.fix).toBe("use synchronous metro storage (recovery.metroStorage.mode: 'synchronous')");
  });

  test('DNS is counted at a high percentile: clients that keep answers beyond the TTL break the RTO, and the error names it', () => {
    const { app } = province({ recovery: { backupLocation, metroStorage, assumptions: { dnsHighPercentileSeconds: 900 } } });
    const [p, ...rest] = synthProblems(app);
    expect(p.message).toBe(
      'recovery objective not met for tenants wjw, ybj: achievable RTO 17 min exceeds the objective of 15 min: failure detection 60 s + traffic switch (GSLB) 30 s + clients leave the cached DNS answer (TTL to high percentile) 900 s + storage failover decided by the witness 30 s; the largest term is clients leave the cached DNS answer (TTL to high percentile)',
    );
    expect(p.fix).toBe('lower recovery.assumptions.dnsTtlSeconds / dnsHighPercentileSeconds');
    expect(rest).toEqual([]);
  });

  test('an accepted shortfall is a warning, and the inventory shows the objective as not met with the reason', () => {
    const reason = 'manual database promotion until the orchestrator is drilled';
    const { app } = province({ recovery: { backupLocation, metroStorage, assumptions: { dnsHighPercentileSeconds: 900 }, acceptedShortfalls: { health: reason } } });
    app.synth();
    const r = JSON.parse(artifact(app, 'inventory.json')).provinces[0].recovery;
    expect(r.tenants.map((t: any) => [t.meets, t.acceptedShortfall])).toEqual([
      [false, reason],
      [false, reason],
    ]);
    const bad = province({ recovery: { backupLocation, metroStorage, acceptedShortfalls: { nohealth: 'because of reasons' } } });
    expect(synthProblems(bad.app).map((p) => p.message)).toEqual(['acceptedShortfalls.nohealth: "nohealth" is not an industry cloud of this hub']);
  });

  test('two 99.9 % sites in one city cannot give 99.99 %: they share causes', () => {
    const props = hubProps();
    const sites = props.sites.map((s) => (s.role === SiteRole.PRODUCTION ? { ...s, availability: 0.999 } : s));
    const [p] = synthProblems(province({ sites }).app);
    expect(p.message).toMatch(/^recovery objective not met for tenants wjw, ybj: composite availability 99\.98\d* % of hz-a \(99\.9 %\) and hz-b \(99\.9 %\) is below the objective of 99\.99 %/);
    expect(p.message).toContain('(of which 0.01 % from causes the two sites share in one city: recovery.assumptions.commonCauseShare)');
    // Independent sites (commonCauseShare 0) would have passed: the share is what fails them.
    const independent = province({ sites, recovery: { backupLocation, metroStorage, assumptions: { commonCauseShare: 0 } } });
    expect(() => independent.app.synth()).not.toThrow();
  });

  test('a regional objective needs a cluster at the DR centre, and backups queue one at a time per cluster', () => {
    const regional = RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5, regional: { rtoMinutes: 240, rpoMinutes: 60 } });
    const [p] = synthProblems(province({}, regional).app);
    expect(p.message).toBe('recovery objective not met for tenants wjw, ybj: the objective declares regional figures, but the DR centre nb has no cluster to restore to');

    const props = hubProps();
    const withDr = {
      clusters: [...props.clusters, { ...props.clusters[0], name: 'nb-dr', site: 'nb', connection: { configPath: '~/.kube/config', context: 'nb-dr' } }],
    };
    // 16 tenants of 4 TiB: each backup carries 205 GiB of changes at 100 MiB/s (35.9 min): they queue on each cluster.
    const many: Array<[string, number]> = Array.from({ length: 16 }, (_, i) => [`d${i}`, 4096]);
    const problems = synthProblems(province(withDr, regional, many).app);
    const regionalRpo = problems.find((x) => x.message.includes('achievable regional RPO'))!;
    expect(regionalRpo.message).toContain('the largest term is queue: 1 Velero backup(s) at a time per cluster');
    expect(regionalRpo.message).toContain('and 8 more');
    // Regional restores are summed on the DR centre's one Velero server: 16 × 2 TiB at 200 MiB/s.
    const regionalRto = problems.find((x) => x.message.includes('achievable regional RTO'))!;
    expect(regionalRto.message).toContain('Velero restores of 16 tenant(s) at the DR centre, 1 at a time');
    const ok = province(
      withDr,
      regional,
      many.slice(0, 2).map(([c]) => [c, 10]),
    );
    expect(() => ok.app.synth()).not.toThrow();
  });

  test('unknown or negative assumptions are reported', () => {
    const { app } = province({ recovery: { backupLocation, metroStorage, assumptions: { dnsTTL: 5, failureDetectionSeconds: -1 } as any } });
    expect(synthProblems(app).map((p) => `${p.path} ${p.message}`)).toEqual([
      expect.stringMatching(/^zj\/Recovery\/assumptions\/dnsTTL "dnsTTL" is not a recovery assumption; known: failureDetectionSeconds, /),
      'zj/Recovery/assumptions/failureDetectionSeconds failureDetectionSeconds must be a number of 0 or more',
    ]);
  });
});

describe('runbooks', () => {
  test('one per industry cloud, with the real names of clusters, namespaces, schedules and the bucket', () => {
    const { app } = synthesizedProvince();
    const md = artifact(app, 'runbooks/zj-health.md');
    expect(md).toContain('# 故障切换手册 / Failover runbook: 医疗健康行业云 (health), 浙江省政务云');
    expect(md).toContain('## Scenario: site hz-a (hz-a) is lost');
    expect(md).toContain('   kubectl --context hz-b-core get namespaces wjw ybj\n');
    // Regional restores: one generated Restore per tenant, created at once behind a confirmation that shows its target.
    expect(md).toContain("   confirm 'DR-CONTEXT' 'create restores.velero.io/wjw-dr of namespace wjw' && kubectl --context DR-CONTEXT -n gov-lz-backup create -f manifests/velero-restore-wjw.json\n");
    const restore = JSON.parse(artifact(app, 'runbooks/manifests/velero-restore-wjw.json'));
    expect(errorsOf(crdValidator('velero/restores.yaml'), restore)).toEqual([]);
    expect(restore.spec).toEqual({ scheduleName: 'tenant-wjw', includedNamespaces: ['wjw'], restorePVs: true, existingResourcePolicy: 'none' });
    expect(md).toContain('bucket `zj-backups`');
    expect(md).toContain('| wjw 部门wjw | `wjw` | 5 / 15 min | 0 / 2.5–7 | 0 min |');
    expect(md).toContain('There is no cluster at the DR centre nb');
    expect(artifact(app, 'runbooks/zj-health-drill.md')).toContain('| wjw | 2.5–7 min | 0 min |');
  });
});
