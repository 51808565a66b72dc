import { ComplianceView } from '../../../lib/compliance/resource-view';
import { residualDataCleared } from '../../../lib/compliance/rules/residual-information/residual-data-cleared';
import { addManifest, addResource, check, deployment, province } from '../helpers';

const schedule = (name: string, template: Record<string, unknown>) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'gov-lz-system' },
  spec: { schedule: '*/5 * * * *', template },
});

describe('MLPS3-24 released storage leaves no data behind', () => {
  test('compliant: host paths only in the mgmt zone, Delete storage classes, backups with ttl', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'agent', deployment('gov-lz-system', 'agent', { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }], containers: [{ name: 'a' }] }));
    addResource(hub.hubStack, 'kubernetes_storage_class_v1', 'fast', { metadata: { name: 'fast' }, storage_provisioner: 'csi.x', reclaim_policy: 'Delete' });
    addManifest(hub.hubStack, 's', schedule('s', { ttl: '720h' }));
    const { findings, result } = check(residualDataCleared, app);
    expect(findings).toEqual([]);
    // The three added here and the recovery layer's Velero Schedules of wjw (hz-a-core, hz-b-core), which set a ttl.
    expect(result.checked).toBe(5);
  });

  test("the recovery layer's schedules keep IMPORTANT data 90 days, and pass", () => {
    const { app } = province();
    const schedules = ComplianceView.build(app).ofKind('Schedule');
    expect(schedules.map((r) => `${r.cluster} ${r.object!.spec.template.ttl}`)).toEqual(['hz-a-core 2160h0m0s', 'hz-b-core 2160h0m0s']);
    const { findings, result } = check(residualDataCleared, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 2 });
  });

  test('non-compliant: a host path in a tenant namespace, local volumes, Retain, a schedule without ttl', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'd', deployment('wjw', 'api', { volumes: [{ name: 'data', hostPath: { path: '/data' } }], containers: [{ name: 'a' }] }));
    addResource(hub.hubStack, 'kubernetes_persistent_volume_v1', 'pv', { metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, persistent_volume_source: { host_path: { path: '/x' } } } });
    addManifest(hub.hubStack, 'pv2', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv2' }, spec: { local: { path: '/mnt' } } });
    addResource(hub.hubStack, 'kubernetes_storage_class_v1', 'keep', { metadata: { name: 'keep' }, storage_provisioner: 'csi.x', reclaim_policy: 'Retain' });
    addManifest(hub.hubStack, 's', schedule('forever', {}));
    expect(check(residualDataCleared, app).messages).toEqual([
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core" mounts the node path /data (volume data)',
      'error: PersistentVolume "pv2" on cluster "hz-a-core" keeps data on a node\'s disk, which is reused without being wiped',
      'error: Schedule "forever" in namespace "gov-lz-system" on cluster "hz-a-core" sets no ttl, so its backups are kept for Velero\'s default (30 days), whatever the retention policy says',
      'error: PersistentVolume "pv1" on cluster "hz-a-core" keeps data on a node\'s disk, which is reused without being wiped',
      'error: StorageClass "keep" on cluster "hz-a-core" retains released volumes (reclaimPolicy Retain), so a department\'s data outlives its claim',
    ]);
  });
});
