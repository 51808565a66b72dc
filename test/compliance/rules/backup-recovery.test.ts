import { DataClass, RecoveryObjective } from '../../../lib';
import { ComplianceView } from '../../../lib/compliance/resource-view';
import { Violation } from '../../../lib/compliance/rule';
import { backupCoverage } from '../../../lib/compliance/rules/backup-recovery/backup-coverage';
import { multiSiteRedundancy } from '../../../lib/compliance/rules/backup-recovery/multi-site-redundancy';
import { offSiteBackup } from '../../../lib/compliance/rules/backup-recovery/off-site-backup';
import { hubProps, newHub } from '../../helpers';
import { addManifest, addResource, check, province } from '../helpers';

const schedule = (name: string, template: Record<string, unknown>) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'gov-lz-system' },
  spec: { schedule: '*/5 * * * *', template },
});
const bsl = (name: string, labels: Record<string, string>, region?: string) => ({
  apiVersion: 'velero.io/v1',
  kind: 'BackupStorageLocation',
  metadata: { name, namespace: 'gov-lz-system', labels },
  spec: { provider: 'aws', objectStorage: { bucket: 'b' }, config: region ? { region } : {} },
});

describe('MLPS3-21 important data runs hot-redundant on two sites', () => {
  test('compliant: IMPORTANT data on both production sites; GENERAL data anywhere', () => {
    const { app, hub } = province();
    hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] });
    const { findings, result } = check(multiSiteRedundancy, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ checked: 1, compliant: 1 });
  });

  test('non-compliant: CORE data on one production cluster', () => {
    const { app, hub } = province();
    hub.addIndustryCloud('gat', { displayName: '公安', clusters: ['hz-a-core'], dataClass: DataClass.CORE });
    expect(check(multiSiteRedundancy, app).messages).toEqual(['error: industry cloud "gat" holds CORE data but runs on one production site only (hz-a): clusters hz-a-core']);
  });
});

describe('MLPS3-22 department data is backed up', () => {
  test("compliant: the recovery layer's Schedule of every tenant on every private cluster", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    expect(view.ofKind('Schedule').map((r) => `${r.address} ${r.object!.spec.template.includedNamespaces}`)).toEqual([
      'kubernetes_manifest.wjw--hz-a-core--backup wjw',
      'kubernetes_manifest.wjw--hz-b-core--backup wjw',
    ]);
    const { findings, result } = check(backupCoverage, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 1 });
  });

  test('compliant: a burst namespace on the public cluster is not backed up, and need not be (stateless by quota)', () => {
    const { app, hub } = province();
    const edu = hub.addIndustryCloud('education', {
      displayName: '教育',
      clusters: ['hz-a-core', 'hz-b-core'],
      recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 15, availability: 0.999 }),
    });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16, storageGi: 64 }, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    const view = ComplianceView.build(app);
    expect(view.ofKind('Schedule').filter((r) => r.cluster === 'ali-burst')).toEqual([]);
    expect(view.namespace('ali-burst', 'ksy')).toBeDefined();
    expect(check(backupCoverage, app).findings).toEqual([]);
  });

  test('a burst whose quota allows volumes is a warning: nothing backs them up', () => {
    const { app, hub } = province();
    const edu = hub.addIndustryCloud('education', {
      displayName: '教育',
      clusters: ['hz-a-core', 'hz-b-core'],
      recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 15, availability: 0.999 }),
    });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16, storageGi: 64 }, burst: { cluster: 'ali-burst', maxCpu: 8, maxStorageGi: 20 } });
    const { messages, findings } = check(backupCoverage, app);
    expect(messages).toEqual([
      'warning: namespace "ksy" of tenant "ksy" on public cluster "ali-burst" may hold volumes (up to 20 GiB), which no backup covers: namespaces on public clusters are not backed up',
    ]);
    expect(findings[0]).toMatchObject({ path: 'zj-education/ksy', resource: 'kubernetes_namespace_v1.ksy--ali-burst', fix: 'keep the burst stateless: leave burst.maxStorageGi at 0' });
  });

  test("non-compliant: the real output without one tenant's schedule", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    const ctx = Object.create(view) as ComplianceView;
    ctx.ofKind = (kind: string) => view.ofKind(kind).filter((r) => r.address !== 'kubernetes_manifest.wjw--hz-b-core--backup');
    const ic = view.industryClouds.find((x) => x.code === 'health')!;
    expect((backupCoverage.check(ic, ctx) as readonly Violation[]).map((v) => `${v.message} | ${v.fix}`)).toEqual([
      'namespace "wjw" of tenant "wjw" on cluster "hz-b-core" is in no backup schedule, although its recovery objective (RPO 5 min) of industry cloud "health" needs it | include "wjw" in a Velero Schedule on "hz-b-core"',
    ]);
  });

  test('non-compliant: IMPORTANT data on a hub without backups, one error per namespace', () => {
    const { app } = province({}, { backups: false });
    const { messages, findings } = check(backupCoverage, app);
    expect(messages).toEqual([
      'error: namespace "wjw" of tenant "wjw" on cluster "hz-a-core" is in no backup schedule, although its IMPORTANT data of industry cloud "health" needs it',
      'error: namespace "wjw" of tenant "wjw" on cluster "hz-b-core" is in no backup schedule, although its IMPORTANT data of industry cloud "health" needs it',
    ]);
    expect(findings[0]).toMatchObject({ path: 'zj-health/wjw', resource: 'kubernetes_namespace_v1.wjw--hz-a-core', stack: 'zj-health' });
    expect(findings[0].fix).toContain('set recovery.backupLocation on the hub');
  });

  test('schedules written by hand: by name or for every namespace; chart values count; an exclusion does not', () => {
    const ok = province({}, { backups: false });
    addManifest(ok.hub.hubStack, 's-a', schedule('tenants', { includedNamespaces: ['wjw'], ttl: '720h' }), 'hz-a-core');
    addResource(
      ok.hub.platformStacks.get('hz-b-core')!,
      'helm_release',
      'velero',
      { name: 'velero', chart: 'velero', namespace: 'gov-lz-system', values: ['schedules:\n  all:\n    schedule: "*/5 * * * *"\n    template:\n      ttl: 720h\n'] },
      'hz-b-core',
    );
    expect(check(backupCoverage, ok.app).findings).toEqual([]);

    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 's-a', schedule('tenants', { includedNamespaces: ['wjw'], ttl: '720h' }), 'hz-a-core');
    addManifest(hub.hubStack, 's-b', schedule('others', { includedNamespaces: ['*'], excludedNamespaces: ['wjw'], ttl: '720h' }), 'hz-b-core');
    addManifest(
      hub.hubStack,
      's-c',
      { ...schedule('paused', { includedNamespaces: ['wjw'], ttl: '720h' }), spec: { paused: true, schedule: '@hourly', template: { includedNamespaces: ['wjw'] } } },
      'hz-b-core',
    );
    expect(check(backupCoverage, app).messages).toEqual([
      'error: namespace "wjw" of tenant "wjw" on cluster "hz-b-core" is in no backup schedule, although its IMPORTANT data of industry cloud "health" needs it',
    ]);
  });
});

describe('MLPS3-23 backups are kept off-site', () => {
  test("compliant: the recovery layer's schedules write to dr-centre, labelled with the DR centre's city", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    expect(view.ofKind('Schedule').map((r) => r.object!.spec.template.storageLocation)).toEqual(['dr-centre', 'dr-centre']);
    const { findings, result } = check(offSiteBackup, app);
    expect(findings).toEqual([]);
    expect(result.status).toBe('compliant');
  });

  test('not applicable: a hub whose clouds need no backup and that declares none', () => {
    const { app, hub } = newHub();
    hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] }).addTenant('jyt', { displayName: '教育厅', quota: { cpu: 1, memoryGi: 1 } });
    expect(check(offSiteBackup, app).result.status).toBe('not-applicable');
  });

  test('non-compliant: IMPORTANT data and no backup location at all', () => {
    expect(check(offSiteBackup, province({}, { backups: false }).app).messages).toEqual([
      'error: no backup storage location is declared on the clusters of province "zj", so no backup leaves hangzhou, although its industry clouds need backups',
    ]);
  });

  test("non-compliant: the recovery layer's location, when the DR site is in the production city", () => {
    const props = hubProps();
    const { app } = province({ sites: props.sites.map((s) => (s.name === 'nb' ? { ...s, city: 'hangzhou' } : s)) });
    const { messages, findings } = check(offSiteBackup, app);
    expect(messages).toEqual([
      'error: backup storage location "dr-centre" on cluster "hz-a-core" is in hangzhou, a production city: a regional disaster would take the backups too',
      'error: backup storage location "dr-centre" on cluster "hz-b-core" is in hangzhou, a production city: a regional disaster would take the backups too',
    ]);
    expect(findings[0]).toMatchObject({ resource: 'kubernetes_manifest.dr-centre--hz-a-core', stack: 'zj-hub' });
  });

  test('non-compliant: schedules written by hand to an undeclared or unlabelled location; one finding per location', () => {
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 'bsl-local', { ...bsl('local', {}), spec: { provider: 'aws', default: true, objectStorage: { bucket: 'b' } } });
    addManifest(hub.hubStack, 'bsl-dr', bsl('dr', { 'gov-lz.io/data-location': 'ningbo' }));
    addManifest(hub.hubStack, 's-1', schedule('a', { includedNamespaces: ['wjw'], ttl: '720h' }));
    addManifest(hub.hubStack, 's-2', schedule('b', { includedNamespaces: ['x'], ttl: '720h' }));
    addManifest(hub.hubStack, 's-3', schedule('c', { includedNamespaces: ['wjw'], ttl: '720h', storageLocation: 'dr' }));
    addManifest(hub.hubStack, 's-4', schedule('d', { includedNamespaces: ['wjw'], ttl: '720h', storageLocation: 'dr' }), 'hz-b-core');
    expect(check(offSiteBackup, app).messages).toEqual([
      'error: backup storage location "local" on cluster "hz-a-core" carries no gov-lz.io/data-location label, so it cannot be shown that its backups leave hangzhou (2 schedules)',
      'error: schedules on cluster "hz-b-core" (e.g. "d") write to backup storage location "dr", which is not declared on that cluster, so where the backups go cannot be shown',
    ]);
  });
});
