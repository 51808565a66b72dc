import { HubNamespaces } from '../core/names';
import { RESTRICTED_CONTAINER } from './shelf-internals';

/** An operator chart at the version this library targets, and the images it and its instances run. */
export interface OperatorVersion {
  /** Chart name in the repository. */
  readonly chart: string;
  /** Chart version (exact). */
  readonly version: string;
  /** The operator version the chart installs. */
  readonly appVersion: string;
}

/**
 * Operator charts the middleware offerings install, pinned to the versions in the repository's
 * test/fixtures/upstream/SOURCES.md (whose CRDs the tests validate against), and the images their
 * instances run. Images are pulled from the hub registry under their upstream path (`ghcr.io/cloudnative-pg/x`
 * → `<registry>/cloudnative-pg/x`): mirror them into Harbor with the same path.
 */
export const MiddlewareOperators = {
  /** CloudNativePG: chart 0.29.0, operator 1.30.0 (PostgreSQL). */
  CLOUDNATIVE_PG: { chart: 'cloudnative-pg', version: '0.29.0', appVersion: '1.30.0' },
  /** Strimzi: chart 1.2.0, operator 1.2.0 (Kafka 4.x in KRaft mode). */
  STRIMZI: { chart: 'strimzi-kafka-operator', version: '1.2.0', appVersion: '1.2.0' },
  /** OT-CONTAINER-KIT redis-operator: chart 0.26.1, operator 0.26.0 (Redis replication and sentinel). */
  REDIS: { chart: 'redis-operator', version: '0.26.1', appVersion: '0.26.0' },
} as const satisfies Record<string, OperatorVersion>;

/**
 * Ports the API server calls each operator chart's webhooks on, at the pinned versions: CloudNativePG's mutating and
 * validating webhooks (`webhook.port`, 9443). Strimzi serves no webhook; the redis-operator chart leaves its webhook
 * off (`redisOperator.webhook: false`).
 */
export const OPERATOR_API_SERVER_PORTS: Readonly<Record<string, readonly number[]>> = {
  [MiddlewareOperators.CLOUDNATIVE_PG.chart]: [9443],
};

/** Images of the instances, by upstream path (registry host dropped) and tag. */
export const MiddlewareImages = {
  /** CloudNativePG's default PostgreSQL image at operator 1.30.0. */
  POSTGRESQL: 'cloudnative-pg/postgresql:18.4-system-trixie',
  /** CloudNativePG's default PgBouncer image at operator 1.30.0. */
  PGBOUNCER: 'cloudnative-pg/pgbouncer:1.25.1',
  /** The Redis image of the redis-replication chart that goes with operator 0.26. */
  REDIS: 'opstree/redis:v7.0.15',
  /** The Redis Sentinel image of the redis-sentinel chart that goes with operator 0.26. */
  REDIS_SENTINEL: 'opstree/redis-sentinel:v7.0.15',
  /** The redis-exporter sidecar image of the redis-replication and redis-sentinel charts that go with operator 0.26. */
  REDIS_EXPORTER: 'opstree/redis-exporter:v1.44.0',
  /** Kafka version run by Strimzi 1.2.0 by default. */
  KAFKA_VERSION: '4.3.1',
} as const;

/** Values of the CloudNativePG chart: images from the hub registry, CRDs installed, tenants given no CNPG rights. */
export function cloudnativePgValues(imageRegistry: string): Record<string, unknown> {
  return {
    image: { repository: `${imageRegistry}/cloudnative-pg/cloudnative-pg`, pullPolicy: 'IfNotPresent' },
    crds: { create: true },
    config: {
      create: true,
      clusterWide: true,
      data: {
        // Defaults for clusters and poolers that name no image: the air-gapped registry, never ghcr.io.
        POSTGRES_IMAGE_NAME: `${imageRegistry}/${MiddlewareImages.POSTGRESQL}`,
        PGBOUNCER_IMAGE_NAME: `${imageRegistry}/${MiddlewareImages.PGBOUNCER}`,
      },
    },
    // The built-in admin/edit roles must not gain CNPG rights: tenants get databases through grants only.
    rbac: { create: true, aggregateClusterRoles: false },
    monitoring: { podMonitorEnabled: false, grafanaDashboard: { create: false } },
  };
}

/** Values of the Strimzi chart: images from the hub registry, watching the middleware namespace only. */
export function strimziValues(imageRegistry: string): Record<string, unknown> {
  return {
    defaultImageRegistry: imageRegistry,
    defaultImageRepository: 'strimzi',
    watchNamespaces: [HubNamespaces.MIDDLEWARE],
    watchAnyNamespace: false,
    // The shelf writes the middleware network policies itself (tenants in, nothing else); Strimzi's own would open listeners to every namespace.
    generateNetworkPolicy: false,
    // Pods that pass Pod Security `restricted`, which the middleware namespace enforces.
    extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
  };
}

/** Values of the redis-operator chart: image from the hub registry, watching the middleware namespace only. */
export function redisOperatorValues(imageRegistry: string): Record<string, unknown> {
  return {
    redisOperator: {
      imageName: `${imageRegistry}/opstree/redis-operator`,
      imagePullPolicy: 'IfNotPresent',
      watchNamespace: HubNamespaces.MIDDLEWARE,
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
  };
}
