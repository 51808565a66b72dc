/**
 * Tenants cannot undo their own isolation. The built-in `admin` and `edit` roles a department and its deployer
 * hold may write NetworkPolicies, RoleBindings, quotas and secrets in their namespace, so without more a
 * department admin could delete `default-deny`. This admission policy (in the spirit of Capsule) protects every
 * object the landing zone manages in tenant namespaces: only platform identities may create, change or delete an
 * object labelled `app.kubernetes.io/managed-by: cdktf-gov-landing-zone` there; tenants keep adding, changing and
 * deleting their own objects (which carry no such label, and may not claim it).
 */
import { Construct } from 'constructs';
import type { ICluster } from '../core/contracts';
import { Annotations, LABEL_PREFIX, Labels, MANAGED_BY } from '../core/labels';
import { constructId, HubNamespaces } from '../core/names';
import { admissionPolicy, AdmissionPolicyManifests, celString } from '../private/admission-policy';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection, distinctClusters } from '../topology/cluster-connection';

/** Name of the policy (and of its binding) on every cluster. */
export const MANAGED_OBJECTS_POLICY_NAME = 'gov-lz-protect-managed-objects';

/** Who may change what the landing zone manages in tenant namespaces. */
export interface PlatformIdentities {
  /** Groups of the platform: Terraform's identity and the administrators who apply the landing zone. */
  readonly groups: readonly string[];
  /** Single users (rarely needed; prefer groups). @default - none */
  readonly users?: readonly string[];
}

/** Groups and users Kubernetes itself acts as, always exempt: the namespace controller and the garbage collector delete what a deleted namespace held. */
export const KUBERNETES_IDENTITIES = {
  groups: ['system:masters'],
  users: ['system:kube-controller-manager'],
  /** Service accounts of these namespaces are platform identities (controllers, the landing zone's own agents). */
  serviceAccountNamespaces: ['kube-system', HubNamespaces.SYSTEM],
} as const;

/** The CEL condition that selects the requests the policy judges: an object (before or after) that the landing zone manages. */
export function managedObjectCondition(): string {
  const key = celString(Labels.MANAGED_BY);
  const value = celString(MANAGED_BY);
  const managed = (o: string) => `(${o} != null && has(${o}.metadata.labels) && ${key} in ${o}.metadata.labels && ${o}.metadata.labels[${key}] == ${value})`;
  return `${managed('object')} || ${managed('oldObject')}`;
}

/** The CEL expression that is true for a platform identity. */
export function platformIdentityExpression(p: PlatformIdentities): string {
  const groups = [...new Set([...KUBERNETES_IDENTITIES.groups, ...p.groups])].sort();
  const users = [...new Set([...KUBERNETES_IDENTITIES.users, ...(p.users ?? [])])].sort();
  const list = (xs: readonly string[]) => `[${xs.map(celString).join(', ')}]`;
  const sa = KUBERNETES_IDENTITIES.serviceAccountNamespaces.map((ns) => `request.userInfo.username.startsWith(${celString(`system:serviceaccount:${ns}:`)})`);
  return [`(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${list(groups)}))`, `request.userInfo.username in ${list(users)}`, ...sa].join(' || ');
}

/** The ValidatingAdmissionPolicy and its binding (tenant namespaces: those labelled `gov-lz.io/tenant`). */
export function managedObjectsPolicy(p: PlatformIdentities): AdmissionPolicyManifests {
  return admissionPolicy(
    MANAGED_OBJECTS_POLICY_NAME,
    {
      // Fail closed: a CEL error rejects the change rather than letting it through.
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*'], scope: 'Namespaced' }],
      },
      matchConditions: [{ name: 'managed-by-the-landing-zone', expression: managedObjectCondition() }],
      validations: [
        {
          expression: platformIdentityExpression(p),
          messageExpression:
            `'the ' + request.resource.resource + ' "' + request.name + '" in namespace "' + request.namespace + '" is managed by the landing zone (` +
            `${Labels.MANAGED_BY}=${MANAGED_BY}); only platform identities may ' + request.operation + ' it: change it in the landing-zone repository, or create an object of your own without that label'`,
          message: 'the object is managed by the landing zone; only platform identities may change or delete it',
          reason: 'Forbidden',
        },
      ],
    },
    { namespaceSelector: { matchExpressions: [{ key: Labels.TENANT, operator: 'Exists' }] } },
  );
}

/** Name of the policy (and of its binding) that keeps namespaces' landing-zone labels to platform identities. */
export const NAMESPACE_LABELS_POLICY_NAME = 'gov-lz-protect-namespace-labels';

/** Label keys of a namespace only platform identities set, change or remove (on namespaces of the landing zone). */
export const PROTECTED_NAMESPACE_LABELS = {
  /** Every key under these prefixes: `gov-lz.io/tenant`, `gov-lz.io/zone`…, and Pod Security Admission's. */
  prefixes: [`${LABEL_PREFIX}/`, 'pod-security.kubernetes.io/'],
  keys: [Labels.MANAGED_BY, Labels.PART_OF],
} as const;

/** Annotation keys of a namespace only platform identities set, change or remove: the landing zone's and the default node selector. */
export const PROTECTED_NAMESPACE_ANNOTATIONS = {
  prefixes: [`${LABEL_PREFIX}/`],
  keys: [Annotations.NODE_SELECTOR],
} as const;

function protectedKey(k: string, set: { prefixes: readonly string[]; keys: readonly string[] }): string {
  return `(${[...set.prefixes.map((p) => `${k}.startsWith(${celString(p)})`), ...set.keys.map((key) => `${k} == ${celString(key)}`)].join(' || ')})`;
}

/** True when every protected key of `field` on `a` is on `b` with the same value. */
function keptIn(a: string, b: string, field: 'labels' | 'annotations', set: { prefixes: readonly string[]; keys: readonly string[] }): string {
  return (
    `(${a} == null || !has(${a}.metadata.${field}) || ${a}.metadata.${field}.all(k, !${protectedKey('k', set)} || ` +
    `(${b} != null && has(${b}.metadata.${field}) && k in ${b}.metadata.${field} && ${b}.metadata.${field}[k] == ${a}.metadata.${field}[k])))`
  );
}

/** The CEL condition that selects namespaces of the landing zone: those that carry (before or after) a `gov-lz.io/` label. */
export function landingZoneNamespaceCondition(): string {
  const lz = (o: string) => `(${o} != null && has(${o}.metadata.labels) && ${o}.metadata.labels.exists(k, k.startsWith(${celString(`${LABEL_PREFIX}/`)})))`;
  return `${lz('object')} || ${lz('oldObject')}`;
}

/** The CEL expression that is true when a request leaves every protected label and annotation of a namespace as it was. */
export function namespaceLabelsKeptExpression(): string {
  return [
    keptIn('object', 'oldObject', 'labels', PROTECTED_NAMESPACE_LABELS),
    keptIn('oldObject', 'object', 'labels', PROTECTED_NAMESPACE_LABELS),
    keptIn('object', 'oldObject', 'annotations', PROTECTED_NAMESPACE_ANNOTATIONS),
    keptIn('oldObject', 'object', 'annotations', PROTECTED_NAMESPACE_ANNOTATIONS),
  ].join(' && ');
}

/**
 * Label spoofing at runtime: the ValidatingAdmissionPolicy (and binding) that lets only platform identities create a
 * namespace with a `gov-lz.io/` label, or set, change or remove the landing-zone labels (`gov-lz.io/*`, Pod Security
 * Admission's, `app.kubernetes.io/managed-by`) and annotations (`gov-lz.io/*`, the default node selector) of a
 * namespace of the landing zone, or delete one. Anyone allowed to change a namespace may still change its other labels.
 */
export function namespaceLabelsPolicy(p: PlatformIdentities): AdmissionPolicyManifests {
  return admissionPolicy(NAMESPACE_LABELS_POLICY_NAME, {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['namespaces'], scope: 'Cluster' }],
    },
    matchConditions: [{ name: 'a-landing-zone-namespace', expression: landingZoneNamespaceCondition() }],
    validations: [
      {
        expression: `${platformIdentityExpression(p)} || (request.operation != 'DELETE' && ${namespaceLabelsKeptExpression()})`,
        messageExpression:
          `'namespace "' + request.name + '" is a namespace of the landing zone (' + request.operation + ' refused): only platform identities may create one, set, change or remove its ` +
          `${LABEL_PREFIX}/*, pod-security.kubernetes.io/* and ${Labels.MANAGED_BY} labels or its ${LABEL_PREFIX}/* and node-selector annotations, or delete it (a namespace claiming the ${Labels.TENANT} of a department would pass as the department); change them in the landing-zone repository'`,
        message: 'the landing-zone labels and annotations of a namespace may be set, changed or removed only by platform identities',
        reason: 'Forbidden',
      },
    ],
  });
}

/** Properties of {@link ManagedObjectsProtection}. */
export interface ManagedObjectsProtectionProps {
  /** The clusters to protect (the hub's). */
  readonly clusters: readonly ICluster[];
  /** The platform identities, read at synth (the hub's administrator groups are known after construction). */
  readonly platform: () => PlatformIdentities;
}

/**
 * The policies and their bindings on every cluster, as `kubernetes_manifest` resources in the scope's stack (the hub
 * stack): managed objects in tenant namespaces, and the landing-zone labels of namespaces.
 */
export class ManagedObjectsProtection extends Construct {
  constructor(scope: Construct, id: string, props: ManagedObjectsProtectionProps) {
    super(scope, constructId(scope, id, 'managed-objects protection'));
    const placed = distinctClusters(props.clusters).map((c) => ({ c, conn: ClusterConnection.of(this, c) }));
    batchFor(this).addProducer(() => {
      const platform = props.platform();
      const pairs = [
        [MANAGED_OBJECTS_POLICY_NAME, managedObjectsPolicy(platform)],
        [NAMESPACE_LABELS_POLICY_NAME, namespaceLabelsPolicy(platform)],
      ] as const;
      return placed.flatMap(({ c, conn }): BatchResource[] =>
        pairs.flatMap(([base, pair]) => {
          const name = `${base}--${c.name}`;
          const policy = k8s.manifest({ manifest: pair.policy });
          const binding = k8s.manifest({ manifest: pair.binding });
          return [
            { type: policy.type, name, body: { ...policy.body, provider: conn.kubernetesProviderRef } },
            { type: binding.type, name: `${name}--binding`, body: { ...binding.body, provider: conn.kubernetesProviderRef, depends_on: [`${policy.type}.${name}`] } },
          ];
        }),
      );
    });
  }
}
