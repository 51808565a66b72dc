/**
 * Velero, the backup engine of the recovery layer: its namespace, chart and values on every cluster, the
 * BackupStorageLocation at the DR centre and a Schedule per tenant.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import type { ProblemReporter } from '../core/context';
import type { BackupLocationProps, ICluster, IProvinceHub, ITenant } from '../core/contracts';
import { Annotations, dataLocationLabel, Labels, MANAGED_BY, PART_OF, podSecurityLabels } from '../core/labels';
import { chartRepositoryProblem, chartSource, isExactVersion, isImageRegistry } from '../private/charts';
import { backupStoreCredentials } from '../private/ephemeral-input';
import * as k8s from '../private/k8s';
import { batchFor } from '../private/resource-batch';
import { digestNumber } from '../private/stable-json';
import { expression } from '../private/terraform-json';
import { ClusterConnection } from '../topology/cluster-connection';
import { ApiServerWebhooks, managementIngressPolicies } from '../topology/management-ingress';
import type { TenantBackup } from './planner';

/** Where Velero's chart and images come from. */
export interface VeleroOptions {
  /** @default - `oci://<hub registry>/charts` */
  readonly chartRepository?: string;
  /** @default '12.1.0' (Velero 1.18.1; its CRDs and values schema are vendored in the repository's test/fixtures/upstream/velero) */
  readonly chartVersion?: string;
  /** Registry that mirrors `velero/velero`, `velero/velero-plugin-for-aws` and `kubectl`. @default - the hub registry */
  readonly imageRegistry?: string;
  /** @default 'v1.13.1' */
  readonly awsPluginVersion?: string;
}

/**
 * Reports what in {@link VeleroOptions} helm or the nodes would refuse or not pin: a chart repository that is no
 * oci://, https:// or file:/// source, a chart or plugin version that is not exact (a range lets Velero change under a
 * plan), a registry with a scheme. A credential in the repository URL is reported with the backup location's URLs.
 */
export function checkVeleroOptions(r: ProblemReporter, at: string, v: VeleroOptions | undefined): void {
  if (v === undefined || v === null || typeof v !== 'object') return;
  const repository = v.chartRepository === undefined ? undefined : chartRepositoryProblem(v.chartRepository);
  if (repository)
    r.error(at, {
      code: 'invalid-value',
      value: v.chartRepository,
      message: `velero.chartRepository ${repository}`,
      fix: "e.g. 'oci://harbor.zj.gov.internal/charts', or leave it unset for the hub's",
    });
  for (const [field, value, pinned] of [
    ['chartVersion', v.chartVersion, VELERO_CHART_VERSION],
    ['awsPluginVersion', v.awsPluginVersion, AWS_PLUGIN_VERSION],
  ] as const) {
    if (value !== undefined && !isExactVersion(value)) {
      r.error(at, {
        code: 'invalid-value',
        value,
        message: `velero.${field} must be an exact version (x.y.z): a range or a moving tag would let Velero change under a plan`,
        fix: `leave it unset for ${pinned}, or give an exact version`,
      });
    }
  }
  if (v.imageRegistry !== undefined && !isImageRegistry(v.imageRegistry)) {
    r.error(at, {
      code: 'invalid-value',
      value: v.imageRegistry,
      message: 'velero.imageRegistry must be a registry host (and optional port and path) without a scheme',
      fix: "e.g. 'harbor.zj.gov.internal'",
    });
  }
}

/** Namespace Velero runs in on every cluster (PSA privileged: its node agent reads volumes from the host). */
export const BACKUP_NAMESPACE = 'gov-lz-backup';
/** Name of the BackupStorageLocation at the DR centre. */
export const BACKUP_LOCATION_NAME = 'dr-centre';
/** Why gov-lz-backup enforces Pod Security `privileged` (the compliance reports list it). */
const VELERO_PRIVILEGED_REASON =
  "Velero's node agent (DaemonSet) mounts the kubelet's pod volumes from the host (hostPath /var/lib/kubelet/pods) to back them up file by file with kopia; only Velero runs in this namespace";
const VELERO_CHART_VERSION = '12.1.0';
const VELERO_VERSION = 'v1.18.1';
const AWS_PLUGIN_VERSION = 'v1.13.1';

/**
 * Velero on one cluster (its platform stack): the privileged backup namespace (a management namespace: ingress denied
 * by default, open only inside it), the object store key as a write-only secret from the ephemeral variable,
 * and the chart from the hub's registry.
 */
export function installVelero(platform: Construct, cluster: ICluster, hub: IProvinceHub, loc: BackupLocationProps, v: VeleroOptions): void {
  const conn = ClusterConnection.of(platform, cluster);
  const scope = new Construct(platform, 'Backup');
  // The object store key comes from the platform team at apply time, never from cdktf.out or the state.
  const store = backupStoreCredentials(scope);
  const credentialsSecret = loc.credentialsSecret ?? 'velero-dr-credentials';
  batchFor(scope).addProducer(() => {
    const t = k8s.namespace({
      metadata: {
        name: BACKUP_NAMESPACE,
        labels: {
          [Labels.MANAGED_BY]: MANAGED_BY,
          [Labels.PART_OF]: PART_OF,
          [Labels.PROVINCE]: hub.province,
          [Labels.ZONE]: 'mgmt',
          [Labels.MLPS_LEVEL]: String(hub.mlpsLevel),
          ...podSecurityLabels('privileged'),
        },
        annotations: { [Annotations.PRIVILEGED_REASON]: VELERO_PRIVILEGED_REASON },
      },
    });
    // Velero's AWS plugin reads an AWS credentials file from the key `cloud`.
    const cloud = `[default]\naws_access_key_id=${expression(`${store}.access_key_id`)}\naws_secret_access_key=${expression(`${store}.secret_access_key`)}\n`;
    const secret = k8s.writeOnlySecret({
      metadata: { name: credentialsSecret, namespace: BACKUP_NAMESPACE, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF } },
      type: 'Opaque',
      dataWo: { cloud },
      dataWoRevision: digestNumber({ cloud, revision: loc.credentialsRevision ?? 1 }),
    });
    return [
      { type: t.type, name: `${BACKUP_NAMESPACE}--${cluster.name}`, body: { ...t.body, provider: conn.kubernetesProviderRef } },
      {
        type: secret.type,
        name: `${credentialsSecret}--${cluster.name}`,
        body: { ...secret.body, provider: conn.kubernetesProviderRef, depends_on: [`kubernetes_namespace_v1.${BACKUP_NAMESPACE}--${cluster.name}`] },
      },
      // A management namespace: closed to everything outside it (Velero serves no webhook and nothing scrapes it).
      ...managementIngressPolicies(conn, BACKUP_NAMESPACE, ApiServerWebhooks.of(scope, cluster).in(BACKUP_NAMESPACE)),
    ];
  });
  const release = new Release(scope, 'Velero', {
    provider: conn.helmProvider,
    name: 'velero',
    namespace: BACKUP_NAMESPACE,
    ...chartSource(v.chartRepository ?? hub.chartRepository ?? `oci://${hub.registry}/charts`, 'velero'),
    version: v.chartVersion ?? VELERO_CHART_VERSION,
    values: [JSON.stringify(veleroValues(v.imageRegistry ?? hub.registry, loc, v.awsPluginVersion ?? AWS_PLUGIN_VERSION))],
    atomic: true,
    cleanupOnFail: true,
    timeout: 600,
  });
  // Addressed by what it is, not by where it sits in the construct tree.
  release.overrideLogicalId('velero');
  release.addOverride('depends_on', [`kubernetes_namespace_v1.${BACKUP_NAMESPACE}--${cluster.name}`]);
}

const VELERO_POD_SECURITY = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };
const VELERO_CONTAINER_SECURITY = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

/** Helm values of the Velero chart: images from the hub registry, file-system backup, no snapshots, existing credentials. */
export function veleroValues(registry: string, loc: BackupLocationProps, pluginVersion: string): Record<string, unknown> {
  return {
    image: { repository: `${registry}/velero/velero`, tag: VELERO_VERSION },
    // The server, its plugin copier and the CRD upgrade job run hardened (MLPS3-33): not as root, RuntimeDefault
    // seccomp, a read-only root (the chart mounts /plugins, /scratch and, with a read-only root, /tmp as emptyDirs).
    // The node agent is left as the chart has it: it runs as root to read pods' volumes from the host.
    podSecurityContext: VELERO_POD_SECURITY,
    containerSecurityContext: VELERO_CONTAINER_SECURITY,
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: `${registry}/velero/velero-plugin-for-aws:${pluginVersion}`,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        securityContext: VELERO_CONTAINER_SECURITY,
      },
    ],
    kubectl: { image: { repository: `${registry}/kubectl` }, containerSecurityContext: VELERO_CONTAINER_SECURITY },
    // `velero install --crds-only --apply` keeps a client cache under $HOME: give it a writable /tmp.
    upgradeCRDsJob: { extraVolumes: [{ name: 'tmp', emptyDir: {} }], extraVolumeMounts: [{ name: 'tmp', mountPath: '/tmp' }], extraEnvVars: [{ name: 'HOME', value: '/tmp' }] },
    credentials: { useSecret: true, existingSecret: loc.credentialsSecret ?? 'velero-dr-credentials' },
    // Locations are declared as BackupStorageLocation objects in the hub stack (validated against the CRD).
    configuration: { backupStorageLocation: [], volumeSnapshotLocation: [], uploaderType: 'kopia', defaultVolumesToFsBackup: true },
    snapshotsEnabled: false,
    deployNodeAgent: true,
    upgradeCRDs: true,
  };
}

/**
 * The BackupStorageLocation at the DR centre (velero.io/v1) of one cluster. Each cluster writes under its own prefix:
 * two Velero installations syncing one prefix would import each other's backups.
 */
export function backupStorageLocationManifest(hub: { readonly province: string }, loc: BackupLocationProps, city: string, cluster: string): Record<string, unknown> {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: {
      name: BACKUP_LOCATION_NAME,
      namespace: BACKUP_NAMESPACE,
      labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, ...dataLocationLabel(city) },
    },
    spec: {
      provider: 'aws',
      default: true,
      accessMode: 'ReadWrite',
      objectStorage: { bucket: loc.bucket, prefix: `${loc.prefix ?? hub.province}/${cluster}` },
      config: { region: loc.region ?? city, s3Url: loc.endpoint, s3ForcePathStyle: String(loc.pathStyle ?? true) },
      credential: { name: loc.credentialsSecret ?? 'velero-dr-credentials', key: 'cloud' },
    },
  };
}

/** A tenant's Velero Schedule (velero.io/v1): its namespaces on one cluster, to the DR centre, kept by data class. */
export function scheduleManifest(t: ITenant, namespace: string | readonly string[], b: TenantBackup): Record<string, unknown> {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: {
      name: b.scheduleName,
      namespace: BACKUP_NAMESPACE,
      labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.TENANT]: t.code },
    },
    spec: {
      schedule: b.cron,
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: typeof namespace === 'string' ? [namespace] : [...namespace],
        storageLocation: BACKUP_LOCATION_NAME,
        ttl: `${b.retentionDays * 24}h0m0s`,
        defaultVolumesToFsBackup: true,
        snapshotVolumes: false,
        metadata: { labels: { [Labels.TENANT]: t.code } },
      },
    },
  };
}
