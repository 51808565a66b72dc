/**
 * The audit log store on every cluster of a hub (审计日志存储): the namespace `gov-lz-audit` (management zone, closed to
 * every other namespace but the platform's), the volume the API-server audit records are shipped to, sized for the
 * declared retention, and the declaration of the API servers' log backend — what the audit administrators read and
 * MLPS3-9 checks. Only the audit administrators hold rights in it (a Role bound by {@link AdminRoles}); only the Terraform
 * identity changes it.
 */
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { IProvinceHub } from '../core/contracts';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { constructId } from '../core/names';
import { giQuantity } from '../core/quantities';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection, distinctClusters } from '../topology/cluster-connection';
import { hubNamespaceResource } from '../topology/hub-namespace';
import { AUDIT_NAMESPACE } from './admin-roles';
import type { AuditSettings } from './audit-policy';

/** Name of the audit records' PersistentVolumeClaim in {@link AUDIT_NAMESPACE}. */
export const AUDIT_STORE_CLAIM = 'audit-records';
/** Name of the ConfigMap in {@link AUDIT_NAMESPACE} that declares the API servers' audit backend and retention. */
export const AUDIT_BACKEND_CONFIGMAP = 'audit-backend';
/** Keys of the {@link AUDIT_BACKEND_CONFIGMAP} (figures as decimal strings). */
export const AuditBackendKeys = {
  RETENTION_DAYS: 'retention-days',
  DAILY_VOLUME_MI: 'daily-volume-mi',
  MAX_AGE_DAYS: 'audit-log-maxage',
  MAX_SIZE_MI: 'audit-log-maxsize',
  MAX_BACKUPS: 'audit-log-maxbackup',
  STORE_CLAIM: 'store-claim',
  SINK: 'sink',
  POLICY_FILE: 'policy-file',
} as const;

/** Properties of {@link AuditLogStore}. */
export interface AuditLogStoreProps {
  readonly hub: IProvinceHub;
  readonly audit: AuditSettings;
  /** File name of the hub's audit policy in `<outdir>/gov-lz/`. */
  readonly policyFile: () => string;
}

/**
 * The audit log store of every cluster of the hub, in the hub stack: `kubernetes_namespace_v1.gov-lz-audit--<cluster>`,
 * `kubernetes_persistent_volume_claim_v1.gov-lz-audit--<cluster>--audit-records` (dailyVolumeMi × logRetentionDays ×
 * 1.2), `kubernetes_config_map_v1.gov-lz-audit--<cluster>--audit-backend`, a NetworkPolicy that denies all traffic (the
 * collector the cluster operators install adds its own, port by port), and the StorageClass `gov-lz-audit` when a
 * provisioner is declared.
 */
export class AuditLogStore extends Construct {
  constructor(scope: Construct, id: string, props: AuditLogStoreProps) {
    super(scope, constructId(scope, id, 'audit log store'));
    const connections = distinctClusters(props.hub.clusters).map((c) => ClusterConnection.of(this, c));
    batchFor(this).addProducer(() => connections.flatMap((conn) => this.objects(props, conn)));
    LandingZoneContext.of(this).addCheck((r) => this.check(r, props.audit));
  }

  private objects(props: AuditLogStoreProps, conn: ClusterConnection): BatchResource[] {
    const { audit } = props;
    const cluster = conn.cluster.name;
    const ns = AUDIT_NAMESPACE;
    const labels = { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF };
    const out: BatchResource[] = [hubNamespaceResource(props.hub, { name: ns, zone: 'mgmt', podSecurity: 'restricted' }, conn)];
    const dependsOn = [`kubernetes_namespace_v1.${ns}--${cluster}`];
    const add = (t: k8s.TypedBody, name: string, namespaced = true) =>
      out.push({ type: t.type, name: `${ns}--${cluster}--${name}`, body: { ...t.body, provider: conn.kubernetesProviderRef, ...(namespaced ? { depends_on: dependsOn } : {}) } });
    if (audit.storeProvisioner !== undefined) {
      add(
        k8s.storageClass({
          metadata: { name: audit.storeStorageClass ?? 'gov-lz-audit', labels },
          storageProvisioner: audit.storeProvisioner,
          // Released volumes are cleared (MLPS3-24); the claim is what keeps the records, and only Terraform may delete it.
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: true,
        }),
        'storage-class',
        false,
      );
    }
    if (audit.storeSizeGi > 0)
      add(
        k8s.persistentVolumeClaim({
          metadata: {
            name: AUDIT_STORE_CLAIM,
            namespace: ns,
            labels,
            annotations: { 'gov-lz.io/sized-for': `${audit.dailyVolumeMi} MiB/day x ${audit.logRetentionDays} days x 1.2` },
          },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: giQuantity(audit.storeSizeGi) } },
            ...(audit.storeStorageClass !== undefined ? { storageClassName: audit.storeStorageClass } : {}),
          },
        }),
        AUDIT_STORE_CLAIM,
      );
    add(
      k8s.configMap({
        metadata: { name: AUDIT_BACKEND_CONFIGMAP, namespace: ns, labels },
        data: {
          [AuditBackendKeys.RETENTION_DAYS]: String(audit.logRetentionDays),
          [AuditBackendKeys.DAILY_VOLUME_MI]: String(audit.dailyVolumeMi),
          [AuditBackendKeys.MAX_AGE_DAYS]: String(audit.apiServerLog.maxAgeDays),
          [AuditBackendKeys.MAX_SIZE_MI]: String(audit.apiServerLog.maxSizeMi),
          [AuditBackendKeys.MAX_BACKUPS]: String(audit.apiServerLog.maxBackups),
          [AuditBackendKeys.STORE_CLAIM]: AUDIT_STORE_CLAIM,
          [AuditBackendKeys.SINK]: audit.logSink ?? '',
          [AuditBackendKeys.POLICY_FILE]: props.policyFile(),
        },
      }),
      AUDIT_BACKEND_CONFIGMAP,
    );
    add(
      k8s.networkPolicy({
        metadata: { name: 'default-deny', namespace: ns, labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      }),
      'default-deny',
    );
    return out;
  }

  private check(r: ProblemReporter, audit: AuditSettings): void {
    const figures: Array<[string, unknown]> = [
      ['audit.dailyVolumeMi', audit.dailyVolumeMi],
      ['audit.apiServerLog.maxAgeDays', audit.apiServerLog.maxAgeDays],
      ['audit.apiServerLog.maxSizeMi', audit.apiServerLog.maxSizeMi],
      ['audit.apiServerLog.maxBackups', audit.apiServerLog.maxBackups],
    ];
    for (const [field, v] of figures) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
        r.error(this, { code: 'invalid-value', value: v, message: `${field} must be a whole number above 0`, fix: `e.g. ${field.split('.').pop()}: ${field.endsWith('Days') ? 185 : 100}` });
      }
    }
    for (const [field, v] of [
      ['audit.storeStorageClass', audit.storeStorageClass],
      ['audit.storeProvisioner', audit.storeProvisioner],
    ] as const) {
      if (v !== undefined && (typeof v !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v))) {
        r.error(this, {
          code: 'invalid-value',
          value: v,
          message: `${field} is not a Kubernetes name`,
          fix: `e.g. ${field.endsWith('Provisioner') ? "'diskplugin.csi.alibabacloud.com'" : "'gov-lz-audit'"}`,
        });
      }
    }
  }
}
