import { DataClass } from '../../../lib';
import { backupCoverage } from '../../../lib/compliance/rules/backup-recovery/backup-coverage';
import { multiSiteRedundancy } from '../../../lib/compliance/rules/backup-recovery/multi-site-redundancy';
import { offSiteBackup } from '../../../lib/compliance/rules/backup-recovery/off-site-backup';
import { addManifest, addResource, check, province } from '../helpers';

const schedule = (name: string, template: Record<string, unknown>) => ({ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name, namespace: 'gov-lz-system' }, spec: { schedule: '*/5 * * * *', template } });
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
  test('while no backup is declared anywhere: one warning per industry cloud', () => {
    const { app } = province({}, { backups: false });
    const { messages, findings } = check(backupCoverage, app);
    expect(messages).toEqual(['warning: no backup schedule is declared anywhere, so the 2 tenant namespaces of industry cloud "health" are not backed up, although its IMPORTANT data needs them']);
    expect(findings[0].path).toBe('zj/health');
  });

  test('compliant: schedules on both clusters, by name or for every namespace; chart values count', () => {
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 's-a', schedule('tenants', { includedNamespaces: ['wjw'], ttl: '720h' }), 'hz-a-core');
    addResource(hub.platformStacks.get('hz-b-core')!, 'helm_release', 'velero', { name: 'velero', chart: 'velero', namespace: 'gov-lz-system', values: ['schedules:\n  all:\n    schedule: "*/5 * * * *"\n    template:\n      ttl: 720h\n'] }, 'hz-b-core');
    expect(check(backupCoverage, app).findings).toEqual([]);
  });

  test('once backups are declared, every uncovered tenant namespace is an error', () => {
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 's-a', schedule('tenants', { includedNamespaces: ['wjw'], ttl: '720h' }), 'hz-a-core');
    addManifest(hub.hubStack, 's-b', schedule('others', { includedNamespaces: ['*'], excludedNamespaces: ['wjw'], ttl: '720h' }), 'hz-b-core');
    const { messages, findings } = check(backupCoverage, app);
    expect(messages).toEqual(['error: namespace "wjw" of tenant "wjw" on cluster "hz-b-core" is in no backup schedule, although its IMPORTANT data of industry cloud "health" needs it']);
    expect(findings[0]).toMatchObject({ path: 'zj/health/zj-health/wjw', resource: 'kubernetes_namespace_v1.wjw--hz-b-core', stack: 'zj-health' });
  });
});

describe('MLPS3-23 backups are kept off-site', () => {
  test('warnings while no location is declared, or none says where it is', () => {
    expect(check(offSiteBackup, province({}, { backups: false }).app).messages).toEqual(['warning: no backup storage location is declared on the clusters of province "zj", so no backup leaves hangzhou']);
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 'bsl', bsl('default', {}));
    expect(check(offSiteBackup, app).messages).toEqual([
      'warning: the 1 backup storage location of province "zj" carry no gov-lz.io/data-location label, so it cannot be shown that a copy leaves hangzhou',
    ]);
  });

  test('compliant: a location in ningbo', () => {
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 'bsl-a', bsl('local', { 'gov-lz.io/data-location': 'hangzhou' }));
    addManifest(hub.hubStack, 'bsl-b', bsl('dr', { 'gov-lz.io/data-location': 'ningbo' }));
    expect(check(offSiteBackup, app).findings).toEqual([]);
  });

  test('non-compliant: every labelled location in the production city', () => {
    const { app, hub } = province({}, { backups: false });
    addManifest(hub.hubStack, 'bsl-a', bsl('local', { 'gov-lz.io/data-location': 'hangzhou' }));
    expect(check(offSiteBackup, app).messages).toEqual(['error: every backup storage location of province "zj" is in hangzhou, the production city: a regional disaster would take the backups too']);
  });
});
