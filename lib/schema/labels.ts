/**
 * The label and annotation keys of everything the landing zone writes: the one labelling convention.
 *
 * Every label key lives under one prefix so that policies, compliance rules and the review can select on them.
 * Display names (Chinese) are not valid label values; they go to annotations. The constructs write these keys and
 * the review reads them from here: both sides of the format share this file.
 */
/** The prefix of every label and annotation key the landing zone owns. */
export const LABEL_PREFIX = 'gov-lz.io';

/** Label keys on the objects the landing zone writes (and the well-known Kubernetes keys it selects on). */
export const Labels = {
  PROVINCE: `${LABEL_PREFIX}/province`,
  INDUSTRY: `${LABEL_PREFIX}/industry`,
  TENANT: `${LABEL_PREFIX}/tenant`,
  DATA_CLASS: `${LABEL_PREFIX}/data-class`,
  MLPS_LEVEL: `${LABEL_PREFIX}/mlps-level`,
  /** Network zone (MLPS 8.1.2.1 c): `app` for tenants, `dmz` for the gateway, `data` for middleware, `mgmt` for the platform. */
  ZONE: `${LABEL_PREFIX}/zone`,
  /** Where the namespace runs: `private` or `public` cloud. */
  CLOUD: `${LABEL_PREFIX}/cloud`,
  /** Physical data location (city of the site): MLPS 8.2.4.5 a asks where data is kept. */
  DATA_LOCATION: `${LABEL_PREFIX}/data-location`,
  /** On the hub's administrator ClusterRoles (三权分立): `system`, `security` or `audit`. */
  ADMIN_ROLE: `${LABEL_PREFIX}/admin-role`,
  /** Why a tenant namespace is on its cluster: `burst` on the public cluster it overflows to (absent on its own clusters). */
  PLACEMENT: `${LABEL_PREFIX}/placement`,
  /** `required` on namespaces whose pods must run on domestic (信创) ARM64 hardware; the admission policy selects on it. */
  DOMESTIC_HARDWARE: `${LABEL_PREFIX}/domestic-hardware`,
  /** On a tenant's namespace in a county edge zone: the zone's name; the edge admission policies select on it. */
  EDGE_ZONE: `${LABEL_PREFIX}/edge-zone`,
  /** On a tenant's edge namespace: `enforced` when the zone's network enforces NetworkPolicy, else `not-enforced`. */
  EDGE_NETWORK_POLICY: `${LABEL_PREFIX}/edge-network-policy`,
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  PART_OF: 'app.kubernetes.io/part-of',
  NAME: 'app.kubernetes.io/name',
  COMPONENT: 'app.kubernetes.io/component',
  /** On the middleware shelf's network policies and instances: the offering's name on the shelf. */
  OFFERING: `${LABEL_PREFIX}/offering`,
  /** Set by Kubernetes on every namespace (1.22+); the stable way to select a namespace by name. */
  NAMESPACE_NAME: 'kubernetes.io/metadata.name',
} as const;

/** Annotation keys on the objects the landing zone writes. */
export const Annotations = {
  DISPLAY_NAME: `${LABEL_PREFIX}/display-name`,
  INDUSTRY_DISPLAY_NAME: `${LABEL_PREFIX}/industry-display-name`,
  /** Default node selector of every pod in the namespace (PodNodeSelector admission plugin). */
  NODE_SELECTOR: 'scheduler.alpha.kubernetes.io/node-selector',
  /** Default tolerations of every pod in the namespace (PodTolerationRestriction admission plugin), a JSON list. */
  DEFAULT_TOLERATIONS: 'scheduler.alpha.kubernetes.io/defaultTolerations',
  /** On a mgmt-zone namespace that enforces Pod Security `privileged`: why a platform agent needs it (listed in the compliance reports). */
  PRIVILEGED_REASON: `${LABEL_PREFIX}/privileged-reason`,
  /** On a management namespace's `allow-from-api-server` NetworkPolicy: the webhooks it admits the API server to (`keda:6443,9443 …`). */
  WEBHOOKS: `${LABEL_PREFIX}/webhooks`,
} as const;

/** `app.kubernetes.io/managed-by` value on everything this library creates. */
export const MANAGED_BY = 'cdktf-gov-landing-zone';
/** `app.kubernetes.io/part-of` value on everything this library creates. */
export const PART_OF = 'gov-landing-zone';
