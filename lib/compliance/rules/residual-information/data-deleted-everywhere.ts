import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { backupSchedules, covers } from '../backup-recovery/velero';
import { onClusterOfHub, placementsByCluster } from '../per-run';
import { describe, isHubNamespace } from '../support';

const isCnpg = (r: ViewResource) => typeof r.object?.apiVersion === 'string' && r.object.apiVersion.startsWith('postgresql.cnpg.io/');
const isBarmanStore = (r: ViewResource) => typeof r.object?.apiVersion === 'string' && r.object.apiVersion.startsWith('barmancloud.cnpg.io/');
const text = (x: unknown) => typeof x === 'string' && x.trim() !== '';

/**
 * MLPS3-53: what a department deletes goes from every copy the configuration keeps, and released volumes are not
 * kept: no PersistentVolume retains or merely recycles its data; no backup schedule mixes departments (a Velero backup
 * is deleted whole, so one department's copies could not go without the others'); database backups at the backup
 * centre (CloudNativePG) have a retention policy. Builds on MLPS3-24 (StorageClasses, backup ttl, node-local volumes).
 */
export const dataDeletedEverywhere: ComplianceRule<'cluster'> = {
  id: 'MLPS3-53',
  name: "A department's deleted data goes from every copy",
  nameZh: '剩余信息保护：存储回收与副本删除',
  domain: RuleDomain.RESIDUAL_INFORMATION,
  clauses: ['8.2.4.7 a', '8.2.4.7 b'],
  severity: 'error',
  description:
    "On every cluster: no PersistentVolume keeps its data once released (persistentVolumeReclaimPolicy Retain, the default of a volume written by hand, or Recycle, a mere `rm -rf` deprecated since Kubernetes 1.15; volumes of the hub's own namespaces excepted); no active Velero schedule (a Schedule, or the velero chart's values) backs up the namespaces of more than one department, so that deleting a department's backups does not mean deleting another's (the recovery layer writes one schedule per department and cluster); every CloudNativePG Cluster that archives to an object store (the DR site's or the remote backup centre's) sets backup.retentionPolicy, as does every barman-cloud ObjectStore, so WAL and base backups of deleted data expire. Storage classes, backup ttl and node-local volumes are MLPS3-24's. That the storage and the object store erase what is deleted, and that memory is cleared, is manual evidence (the cloud and storage providers' statements).",
  remediation:
    "Write PersistentVolumes with persistentVolumeReclaimPolicy Delete (prefer dynamically provisioned, encrypted volumes); back up each department by its own schedule (includedNamespaces: [its namespace]); give every CloudNativePG backup a retentionPolicy (e.g. '30d', as the retention of the department's data class).",
  subject: 'cluster',
  check: function dataDeletedEverywhere(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    const out: Violation[] = [];
    for (const r of onClusterOfHub(ctx, c, 'PersistentVolume')) {
      const spec = (r.object?.spec ?? {}) as Record<string, any>;
      const claimNs = spec.claimRef?.namespace;
      if (typeof claimNs === 'string' && isHubNamespace(claimNs)) continue;
      const policy = spec.persistentVolumeReclaimPolicy ?? 'Retain';
      if (policy === 'Delete') continue;
      out.push({
        message:
          policy === 'Recycle'
            ? `${describe(r)} is recycled (persistentVolumeReclaimPolicy Recycle): its files are removed with rm -rf and the disk handed to the next claim, not wiped`
            : `${describe(r)} keeps its data after its claim is released (persistentVolumeReclaimPolicy ${spec.persistentVolumeReclaimPolicy === undefined ? 'unset: Retain, the default of a volume written by hand' : 'Retain'})`,
        fix: 'set persistentVolumeReclaimPolicy: Delete (an encrypted volume whose key goes with it), or provision volumes dynamically from a StorageClass with reclaimPolicy Delete',
        resource: r,
      });
    }
    const departments = new Map((placementsByCluster(ctx).get(code) ?? []).map((d) => [d.placement.namespace, d.tenant.code] as const));
    if (new Set(departments.values()).size > 1) {
      for (const s of backupSchedules(ctx)) {
        if (s.cluster !== code || s.disabled) continue;
        if (ctx.hubs.length > 1 && !onClusterOfHub(ctx, c, s.resource.kind).includes(s.resource)) continue;
        const codes = new Set<string>();
        for (const [ns, t] of departments) if (covers(s, ns)) codes.add(t);
        if (codes.size < 2) continue;
        const list = [...codes].sort();
        out.push({
          message: `the Velero schedule "${s.name}" (${s.resource.address}) on cluster "${code}" backs up ${list.length} departments together (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}): a backup is deleted whole, so one department's data cannot be deleted from it without deleting the others'`,
          fix: "back each department up by a schedule of its own (includedNamespaces: [its namespace]), as the recovery layer does; keep cluster-wide schedules to the hub's own namespaces",
          resource: s.resource,
        });
      }
    }
    for (const r of onClusterOfHub(ctx, c, 'Cluster')) {
      if (!isCnpg(r)) continue;
      const backup = (r.object?.spec as any)?.backup;
      if (!backup?.barmanObjectStore || text(backup.retentionPolicy)) continue;
      out.push({
        message: `${describe(r)} archives its WAL and base backups to ${String(backup.barmanObjectStore.destinationPath ?? 'an object store')} with no retentionPolicy: copies of deleted data are kept there for ever`,
        fix: "set spec.backup.retentionPolicy (e.g. '30d', the retention of the data class)",
        resource: r,
      });
    }
    for (const r of onClusterOfHub(ctx, c, 'ObjectStore')) {
      if (!isBarmanStore(r) || text((r.object?.spec as any)?.retentionPolicy)) continue;
      out.push({
        message: `${describe(r)} keeps the PostgreSQL backups written to it with no retentionPolicy: copies of deleted data are kept for ever`,
        fix: "set spec.retentionPolicy (e.g. '30d')",
        resource: r,
      });
    }
    return out;
  },
};
