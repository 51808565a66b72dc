/**
 * Typed builders for the Kubernetes objects the landing zone emits in bulk.
 *
 * Each builder takes the provider package's own config type and converts it with the provider's exported
 * `xxxToTerraform` mapper, so attribute names are the provider's, checked by the compiler, without paying
 * for a construct and its tokens per object (see ResourceBatch).
 */
import {
  ClusterRoleBindingV1Config,
  clusterRoleBindingV1MetadataToTerraform,
  clusterRoleBindingV1RoleRefToTerraform,
  clusterRoleBindingV1SubjectToTerraform,
} from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1Config, clusterRoleV1MetadataToTerraform, clusterRoleV1RuleToTerraform } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { ConfigMapV1Config, configMapV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { HorizontalPodAutoscalerV2Config, horizontalPodAutoscalerV2MetadataToTerraform, horizontalPodAutoscalerV2SpecToTerraform } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { LimitRangeV1Config, limitRangeV1MetadataToTerraform, limitRangeV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { ManifestConfig } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1Config, namespaceV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1Config, networkPolicyV1MetadataToTerraform, networkPolicyV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PersistentVolumeClaimV1Config, persistentVolumeClaimV1MetadataToTerraform, persistentVolumeClaimV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { ResourceQuotaV1Config, resourceQuotaV1MetadataToTerraform, resourceQuotaV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1Config, roleBindingV1MetadataToTerraform, roleBindingV1RoleRefToTerraform, roleBindingV1SubjectToTerraform } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1Config, roleV1MetadataToTerraform, roleV1RuleToTerraform } from '@cdktf/provider-kubernetes/lib/role-v1';
import { SecretV1Config, secretV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1Config, serviceAccountV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { StorageClassV1Config, storageClassV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import type { TerraformMetaArguments } from 'cdktf';

/** A provider config without the Terraform meta-arguments (provider, depends_on, …), which the batch sets. */
export type Body<C> = Omit<C, keyof TerraformMetaArguments>;

/** A resource body ready for Terraform JSON, and its type. */
export interface TypedBody {
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/**
 * Drops undefined values the provider mappers leave behind, recursively, without changing the input.
 *
 * Returns the input itself where nothing is dropped (most label maps and leaves), so a body does not hold a
 * second copy of every object; objects that are not plain (tokens such as a `Lazy`) are kept as they are.
 */
export function compact<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const c = compact(v);
      if (c !== v && !out) out = value.slice(0, i);
      if (out) out.push(c);
    }
    return (out ?? value) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const src = value as Record<string, unknown>;
  const keys = Object.keys(src);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = src[keys[i]];
    const c = v === undefined ? undefined : compact(v);
    if (!out && (c === undefined || c !== v)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = src[keys[j]];
    }
    if (out && c !== undefined) out[keys[i]] = c;
  }
  return (out ?? value) as T;
}

function list<T, R>(items: T[] | unknown | undefined, map: (x: T) => R): R[] | undefined {
  return Array.isArray(items) ? items.map(map) : undefined;
}

export function namespace(c: Body<NamespaceV1Config>): TypedBody {
  return { type: 'kubernetes_namespace_v1', body: compact({ metadata: namespaceV1MetadataToTerraform(c.metadata) }) };
}

export function resourceQuota(c: Body<ResourceQuotaV1Config>): TypedBody {
  return {
    type: 'kubernetes_resource_quota_v1',
    body: compact({ metadata: resourceQuotaV1MetadataToTerraform(c.metadata), spec: resourceQuotaV1SpecToTerraform(c.spec) }),
  };
}

export function limitRange(c: Body<LimitRangeV1Config>): TypedBody {
  return {
    type: 'kubernetes_limit_range_v1',
    body: compact({ metadata: limitRangeV1MetadataToTerraform(c.metadata), spec: limitRangeV1SpecToTerraform(c.spec) }),
  };
}

export function networkPolicy(c: Body<NetworkPolicyV1Config>): TypedBody {
  return {
    type: 'kubernetes_network_policy_v1',
    body: compact({ metadata: networkPolicyV1MetadataToTerraform(c.metadata), spec: networkPolicyV1SpecToTerraform(c.spec) }),
  };
}

export function roleBinding(c: Body<RoleBindingV1Config>): TypedBody {
  return {
    type: 'kubernetes_role_binding_v1',
    body: compact({
      metadata: roleBindingV1MetadataToTerraform(c.metadata),
      role_ref: roleBindingV1RoleRefToTerraform(c.roleRef),
      subject: list(c.subject, roleBindingV1SubjectToTerraform),
    }),
  };
}

export function role(c: Body<RoleV1Config>): TypedBody {
  return {
    type: 'kubernetes_role_v1',
    body: compact({ metadata: roleV1MetadataToTerraform(c.metadata), rule: list(c.rule, roleV1RuleToTerraform) }),
  };
}

export function clusterRole(c: Body<ClusterRoleV1Config>): TypedBody {
  return {
    type: 'kubernetes_cluster_role_v1',
    body: compact({ metadata: clusterRoleV1MetadataToTerraform(c.metadata), rule: list(c.rule, clusterRoleV1RuleToTerraform) }),
  };
}

export function clusterRoleBinding(c: Body<ClusterRoleBindingV1Config>): TypedBody {
  return {
    type: 'kubernetes_cluster_role_binding_v1',
    body: compact({
      metadata: clusterRoleBindingV1MetadataToTerraform(c.metadata),
      role_ref: clusterRoleBindingV1RoleRefToTerraform(c.roleRef),
      subject: list(c.subject, clusterRoleBindingV1SubjectToTerraform),
    }),
  };
}

export function configMap(c: Body<ConfigMapV1Config>): TypedBody {
  return { type: 'kubernetes_config_map_v1', body: compact({ metadata: configMapV1MetadataToTerraform(c.metadata), data: c.data }) };
}

export function storageClass(c: Body<StorageClassV1Config>): TypedBody {
  return {
    type: 'kubernetes_storage_class_v1',
    body: compact({
      metadata: storageClassV1MetadataToTerraform(c.metadata),
      storage_provisioner: c.storageProvisioner,
      reclaim_policy: c.reclaimPolicy,
      volume_binding_mode: c.volumeBindingMode,
      allow_volume_expansion: c.allowVolumeExpansion,
      parameters: c.parameters,
    }),
  };
}

/** A claim; `waitUntilBound` false unless set (nothing may provision it before its first consumer is scheduled). */
export function persistentVolumeClaim(c: Body<PersistentVolumeClaimV1Config>): TypedBody {
  return {
    type: 'kubernetes_persistent_volume_claim_v1',
    body: compact({
      metadata: persistentVolumeClaimV1MetadataToTerraform(c.metadata),
      spec: persistentVolumeClaimV1SpecToTerraform(c.spec),
      wait_until_bound: c.waitUntilBound ?? false,
    }),
  };
}

export function serviceAccount(c: Body<ServiceAccountV1Config>): TypedBody {
  return {
    type: 'kubernetes_service_account_v1',
    body: compact({
      metadata: serviceAccountV1MetadataToTerraform(c.metadata),
      automount_service_account_token: c.automountServiceAccountToken,
    }),
  };
}

export function horizontalPodAutoscalerV2(c: Body<HorizontalPodAutoscalerV2Config>): TypedBody {
  return {
    type: 'kubernetes_horizontal_pod_autoscaler_v2',
    body: compact({ metadata: horizontalPodAutoscalerV2MetadataToTerraform(c.metadata), spec: horizontalPodAutoscalerV2SpecToTerraform(c.spec) }),
  };
}

/** A `kubernetes_manifest` (custom resources, admission policies): the object is passed through as is. */
export function manifest(c: Pick<Body<ManifestConfig>, 'manifest' | 'computedFields'> & { manifest: Record<string, unknown> }): TypedBody {
  return { type: 'kubernetes_manifest', body: compact({ manifest: c.manifest, computed_fields: c.computedFields }) };
}

/**
 * A `kubernetes_secret_v1` whose content is write-only (`data_wo`, Terraform 1.11+): the values, which may be
 * expressions over ephemeral variables, reach the cluster but never the plan or the state. Terraform rewrites
 * them when `dataWoRevision` changes.
 */
export function writeOnlySecret(c: Pick<Body<SecretV1Config>, 'metadata' | 'type' | 'immutable'> & { dataWo: Record<string, string>; dataWoRevision: number }): TypedBody {
  return {
    type: 'kubernetes_secret_v1',
    body: compact({
      metadata: secretV1MetadataToTerraform(c.metadata),
      type: c.type,
      immutable: c.immutable,
      data_wo: { ...c.dataWo },
      data_wo_revision: c.dataWoRevision,
    }),
  };
}
