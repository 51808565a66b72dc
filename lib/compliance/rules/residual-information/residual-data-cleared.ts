import { asList, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, namespaceOf } from '../support';

/** MLPS3-24: storage is released clean: no node-local data, volumes deleted on release, backups expire. */
export const residualDataCleared: ComplianceRule<'resource'> = {
  id: 'MLPS3-24',
  name: 'Released storage leaves no data behind',
  nameZh: '剩余信息保护',
  domain: RuleDomain.RESIDUAL_INFORMATION,
  clauses: ['8.1.4.10 a', '8.1.4.10 b'],
  cis: ['5.2.12'],
  severity: 'error',
  description:
    'No workload outside the mgmt zone mounts a hostPath; no PersistentVolume is hostPath or node-local; no StorageClass retains released volumes (reclaimPolicy Retain); every Velero Schedule and Backup sets a ttl so copies do not outlive their purpose.',
  remediation: 'Do not mount hostPath outside the mgmt zone or use node-local PersistentVolumes; use StorageClasses with reclaimPolicy Delete; set a ttl on every Velero Schedule and Backup.',
  subject: 'resource',
  kinds: [...WORKLOAD_KINDS, 'PersistentVolume', 'StorageClass', 'Schedule', 'Backup'],
  check: function residualDataCleared(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const spec = (obj.spec ?? {}) as Record<string, any>;
    switch (obj.kind) {
      case 'PersistentVolume': {
        // The typed resource nests the volume source in persistent_volume_source.
        const src = (spec.persistentVolumeSource ?? spec) as Record<string, any>;
        if (src.hostPath || src.local) return { message: `${describe(r)} keeps data on a node's disk, which is reused without being wiped`, fix: 'use a CSI volume with per-volume encryption' };
        return RuleStatus.COMPLIANT;
      }
      case 'StorageClass': {
        const policy = obj.reclaimPolicy ?? 'Delete';
        if (policy === 'Retain')
          return {
            message: `${describe(r)} retains released volumes (reclaimPolicy Retain), so a department's data outlives its claim`,
            fix: 'use reclaimPolicy Delete (with encrypted volumes, deleting the key erases the data)',
          };
        return RuleStatus.COMPLIANT;
      }
      case 'Schedule':
      case 'Backup': {
        if (!String(obj.apiVersion ?? '').startsWith('velero.io/')) return RuleStatus.NOT_APPLICABLE;
        const ttl = obj.kind === 'Schedule' ? spec.template?.ttl : spec.ttl;
        if (typeof ttl === 'string' && ttl !== '') return RuleStatus.COMPLIANT;
        return {
          message: `${describe(r)} sets no ttl, so its backups are kept for Velero's default (30 days), whatever the retention policy says`,
          fix: "set the ttl the retention policy asks for, e.g. '720h' (the recovery layer keeps 30 / 90 / 180 days for GENERAL / IMPORTANT / CORE data)",
        };
      }
    }
    const pod = podSpecOf(obj);
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    if (ctx.zoneOf(r.cluster, namespaceOf(r)) === 'mgmt') return RuleStatus.COMPLIANT;
    const out: Violation[] = asList(pod.volumes)
      .filter((v: any) => v?.hostPath)
      .map((v: any) => ({
        message: `${describe(r)} mounts the node path ${v.hostPath.path ?? '?'} (volume ${v.name ?? '?'})`,
        fix: 'use a PersistentVolumeClaim, or emptyDir (medium: Memory for credentials)',
      }));
    return out;
  },
};
