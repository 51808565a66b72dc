import { Construct, IConstruct } from 'constructs';
import { ProblemReporter } from '../core/context';
import type { IRecoveryMechanismSource, ITenant, MechanismEstimate } from '../core/contracts';
import type { OfferingMetricsEndpoint } from '../core/extension';
import { cpuQuantity, giQuantity } from '../core/quantities';
import { EphemeralAttribute, ephemeralObjectInput } from '../private/ephemeral-input';
import { digestNumber } from '../private/stable-json';
import { expression } from '../private/terraform-json';
import { MiddlewareOffering } from './offering';
import { IMiddlewareGrant, MiddlewareOfferingOptions, OfferingObject, OperatorRelease, PodLabels } from './offering-types';
import { MiddlewareImages, MiddlewareOperators, redisOperatorValues } from './operators';
import { checkPrefixes, RESTRICTED_CONTAINER } from './shelf-internals';

/** Properties of a {@link RedisOffering}. */
export interface RedisOfferingProps extends MiddlewareOfferingOptions {
  /** Redis pods per cluster: one master, the others replicas. @default 3 */
  readonly replicas?: number;
  /** Sentinel pods per cluster; they elect a new master when it fails (odd number). @default 3 */
  readonly sentinels?: number;
  /** CPU cores per Redis pod (request = limit). @default 1 */
  readonly cpu?: number;
  /** Memory per Redis pod, GiB (request = limit). @default 4 */
  readonly memoryGi?: number;
  /** Volume per Redis pod (append-only file and snapshots), GiB. @default 20 */
  readonly storageGi?: number;
  /** Redis image (path under the image registry, or a full reference). @default - MiddlewareImages.REDIS from the hub registry */
  readonly image?: string;
  /** Sentinel image. @default - MiddlewareImages.REDIS_SENTINEL from the hub registry */
  readonly sentinelImage?: string;
  /**
   * Bump to rewrite the TLS certificate into the clusters after a renewal. The certificate, its key and the CA (PEM)
   * come from the ephemeral variable `gov_lz_<offering>_tls` (`{ ca, crt, key }`), never from cdktf.out or the state.
   * @default 1
   */
  readonly tlsRevision?: number;
}

/** Sentinel pods are small and fixed. */
const SENTINEL_CPU = 0.1;
const SENTINEL_MEMORY_GI = 0.125;
/** The redis-exporter sidecar of every Redis and Sentinel pod. */
const EXPORTER_CPU = 0.1;
const EXPORTER_MEMORY_GI = 0.125;
/** The operator's name of the exporter's port (common.RedisExporterPortName, 9121). */
const EXPORTER_PORT = 'redis-exporter';

/** Characters a Redis key prefix may hold: no glob metacharacters, no spaces, nothing an ACL rule would parse. */
const KEY_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,62}$/;
const REDIS_USER = /^[a-z][a-z0-9_-]{0,62}$/;

/** The attributes of `gov_lz_<offering>_tls`: the server certificate, its key and the CA that signed it, in PEM. */
const TLS_ATTRIBUTES: readonly EphemeralAttribute[] = [
  { name: 'ca', pattern: '(?s)^\\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\\s*$', what: 'a PEM certificate (the CA)' },
  { name: 'crt', pattern: '(?s)^\\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\\s*$', what: 'a PEM certificate' },
  { name: 'key', pattern: '(?s)^\\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----.+-----END (RSA |EC )?PRIVATE KEY-----\\s*$', what: 'a PEM private key' },
];

/** The commands a tenant gets on its own keys: data commands, no administration, no listing other tenants' key names. */
export const REDIS_TENANT_COMMANDS = '-@all +@read +@write +@keyspace +@transaction +@connection +@pubsub +@scripting -@dangerous -@admin -scan -keys -randomkey';

/**
 * Redis in replication with Sentinel, run by the OT-CONTAINER-KIT redis-operator (`RedisReplication` and
 * `RedisSentinel`, both named after the offering).
 *
 * - Access control by ACL file: user `default` is the administrator (password `default` in
 *   `gov_lz_<offering>_passwords`, used by the operator and the sentinels); each grant adds a user that may touch
 *   only keys and channels under its prefix, with data commands only ({@link REDIS_TENANT_COMMANDS}). The ACL file
 *   holds SHA-256 hashes, never passwords. A change of grants restarts the Redis pods one by one
 *   (the ACL file is mounted at start-up).
 * - TLS only (MLPS 8.1.2.2): Redis, its replication and the sentinels speak TLS with the certificate of the secret
 *   `<offering>-tls` (`ca.crt`, `tls.crt`, `tls.key`), written from the ephemeral variable `gov_lz_<offering>_tls`; the
 *   certificate names `<offering>-master.<namespace>.svc` and `*.<offering>-headless.<namespace>.svc`, and is signed by
 *   the province CA tenants trust.
 * - Tenants connect to `<offering>-master` on 6379 with TLS (`rediss://`; the service follows the master after a failover).
 * - Pods pass Pod Security `restricted`.
 * - Metrics: every Redis and Sentinel pod runs the operator's redis-exporter sidecar (image
 *   `MiddlewareImages.REDIS_EXPORTER` from the hub registry), scraped by the hub's monitoring on `redis-exporter`.
 */
export class RedisOffering extends MiddlewareOffering implements IRecoveryMechanismSource {
  public readonly kind = 'redis';
  public readonly replicas: number;
  public readonly sentinels: number;
  public readonly cpu: number;
  public readonly memoryGi: number;
  public readonly storageGi: number;
  private readonly image?: string;
  private readonly sentinelImage?: string;
  private readonly tlsRevision: number;

  constructor(props: RedisOfferingProps = {}) {
    super(props ?? {}, 'redis');
    // Through the props boundary: a JavaScript caller's null (the defaults then apply, as for no props), Symbol or
    // BigInt is taken out and reported at the gate.
    props = this.givenOptions as RedisOfferingProps;
    this.replicas = props.replicas ?? 3;
    this.sentinels = props.sentinels ?? 3;
    this.cpu = props.cpu ?? 1;
    this.memoryGi = props.memoryGi ?? 4;
    this.storageGi = props.storageGi ?? 20;
    this.image = props.image;
    this.sentinelImage = props.sentinelImage;
    this.tlsRevision = props.tlsRevision ?? 1;
  }

  /** The ephemeral variable the TLS certificate comes from: `gov_lz_<offering>_tls`, `{ ca, crt, key }` in PEM. */
  public get tlsVariable(): string {
    return `gov_lz_${this.name.replace(/[^A-Za-z0-9]+/g, '_')}_tls`;
  }

  /** The secret with the certificate (`ca.crt`, `tls.crt`, `tls.key`) on every cluster. */
  public get tlsSecretName(): string {
    return `${this.name}-tls`;
  }

  public recoveryEstimates(tenant: ITenant): MechanismEstimate[] {
    return this.siteLocalEstimates(
      tenant,
      `Redis "${this.name}": a replication group with sentinels per cluster; the operator does not replicate between clusters, so a lost site's cache is gone and the other site's is cold`,
      this.baseOptions.dataOfRecord === true,
    );
  }

  protected get port(): number {
    return 6379;
  }

  protected get serviceName(): string {
    return `${this.name}-master`;
  }

  protected get clientPods(): PodLabels {
    return { app: this.name, redis_setup_type: 'replication' };
  }

  protected get operatorPorts(): number[] {
    return [6379, 26379];
  }

  protected get grantOptionNames(): string[] {
    return ['user', 'keyPrefix'];
  }

  protected operatorRelease(): OperatorRelease {
    return this.pinnedRelease(MiddlewareOperators.REDIS, redisOperatorValues(this.imageRegistry));
  }

  protected onBind(_scope: Construct): void {
    // The administrator's password is needed from the start, grants or not.
    this.hubPasswordRef('default');
  }

  protected clusterAmounts() {
    return {
      cpu: this.replicas * this.cpu + this.sentinels * SENTINEL_CPU + (this.replicas + this.sentinels) * EXPORTER_CPU,
      memoryGi: this.replicas * this.memoryGi + this.sentinels * SENTINEL_MEMORY_GI + (this.replicas + this.sentinels) * EXPORTER_MEMORY_GI,
      storageGi: this.replicas * this.storageGi,
      pods: this.replicas + this.sentinels,
    };
  }

  protected sizing(): Record<string, unknown> {
    return { replicas: this.replicas, sentinels: this.sentinels, cpu: this.cpu, memoryGi: this.memoryGi, storageGi: this.storageGi };
  }

  /** The pods as the operator labels them (`app`, `redis_setup_type`), scraped on the exporter sidecar; `redis_up` says whether Redis serves. */
  public metricsEndpoints(): OfferingMetricsEndpoint[] {
    return [
      { part: 'instance', podLabels: { app: this.name, redis_setup_type: 'replication' }, port: EXPORTER_PORT, upSeries: 'redis_up' },
      { part: 'sentinel', podLabels: { app: `${this.name}-sentinel`, redis_setup_type: 'sentinel' }, port: EXPORTER_PORT },
    ];
  }

  protected grantDetails(grant: IMiddlewareGrant): Record<string, string | number> {
    return { user: grant.options.user ?? grant.tenant.code, keyPrefix: grant.options.keyPrefix ?? `${grant.tenant.code}:` };
  }

  protected connectionSecret(_grant: IMiddlewareGrant, d: Record<string, string | number>, passwordRef: string): Record<string, string> {
    const host = this.connection().host;
    return {
      host,
      port: String(this.port),
      username: String(d.user),
      password: expression(passwordRef),
      'key-prefix': String(d.keyPrefix),
      tls: 'true',
      uri: `rediss://${d.user}:${expression(`urlencode(${passwordRef})`)}@${host}:${this.port}`,
    };
  }

  protected instanceObjects(): OfferingObject[] {
    const admin = `${this.name}-admin`;
    const acl = `${this.name}-acl`;
    const grants = this.grantsWithDetails();
    const rules = [
      `user default on #${expression(`sha256(${this.hubPasswordRef('default')})`)} ~* &* +@all`,
      ...grants.map(
        ({ grant, details }) =>
          `user ${details.user} on #${expression(`sha256(${this.hubPasswordRef(grant.tenant.code)})`)} resetkeys ~${details.keyPrefix}* resetchannels &${details.keyPrefix}* ${REDIS_TENANT_COMMANDS}`,
      ),
    ];
    // Users and prefixes, not passwords: a change restarts the pods, which read the ACL file at start-up.
    const aclRevision = digestNumber({ users: grants.map(({ grant, details }) => [details, this.credentialsRevision(grant)]) });
    const resources = { cpu: cpuQuantity(this.cpu), memory: giQuantity(this.memoryGi) };
    const sentinelResources = { cpu: cpuQuantity(SENTINEL_CPU), memory: giQuantity(SENTINEL_MEMORY_GI) };
    const podSecurityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };
    const secretRef = { name: admin, key: 'password' };
    const tlsInput = ephemeralObjectInput(this.scope, this.tlsVariable, TLS_ATTRIBUTES, `TLS certificate, key and CA of the shared Redis "${this.name}" (never stored: ephemeral, write-only)`);
    // Redis, its replication and the sentinels serve TLS only (the operator mounts the secret and sets tls-port).
    const TLS = { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key', secret: { secretName: this.tlsSecretName } };
    // Pods authenticate to Redis (and clients to Sentinel) with the administrator's password.
    const kubernetesConfig = (image: string, q: Record<string, string>) => ({ image, imagePullPolicy: 'IfNotPresent', resources: { requests: q, limits: q }, redisSecret: secretRef });
    const eq = { cpu: cpuQuantity(EXPORTER_CPU), memory: giQuantity(EXPORTER_MEMORY_GI) };
    // The exporter sidecar authenticates as the administrator (the operator passes it redisSecret).
    const redisExporter = {
      enabled: true,
      image: this.imageReference(MiddlewareImages.REDIS_EXPORTER),
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: eq, limits: eq },
      securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
    };
    return [
      { part: 'admin', ...this.writeOnlySecret(admin, { password: expression(this.hubPasswordRef('default')) }) },
      { part: 'acl', ...this.writeOnlySecret(acl, { 'user.acl': rules.join('\n') + '\n' }, { revision: aclRevision }) },
      {
        part: 'tls',
        ...this.writeOnlySecret(
          this.tlsSecretName,
          { 'ca.crt': this.expression(`${tlsInput}.ca`), 'tls.crt': this.expression(`${tlsInput}.crt`), 'tls.key': this.expression(`${tlsInput}.key`) },
          { revision: this.tlsRevision },
        ),
      },
      {
        ...this.customResource('redis.redis.opstreelabs.in/v1beta2', 'RedisReplication', this.name, {
          clusterSize: this.replicas,
          kubernetesConfig: kubernetesConfig(this.imageReference(this.image ?? MiddlewareImages.REDIS), resources),
          acl: { secret: { secretName: acl } },
          TLS,
          env: [{ name: 'GOV_LZ_ACL_REVISION', value: String(aclRevision) }],
          storage: {
            volumeClaimTemplate: {
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: giQuantity(this.storageGi) } },
                ...(this.baseOptions.storageClass ? { storageClassName: this.baseOptions.storageClass } : {}),
              },
            },
          },
          podSecurityContext,
          securityContext: RESTRICTED_CONTAINER,
          redisExporter,
          affinity: this.spreadOverNodes({ app: this.name }),
        }),
        holdsData: true,
        dependsOnParts: ['admin', 'acl', 'tls'],
      },
      {
        part: 'sentinel',
        ...this.customResource('redis.redis.opstreelabs.in/v1beta2', 'RedisSentinel', this.name, {
          clusterSize: this.sentinels,
          kubernetesConfig: kubernetesConfig(this.imageReference(this.sentinelImage ?? MiddlewareImages.REDIS_SENTINEL), sentinelResources),
          redisSentinelConfig: {
            redisReplicationName: this.name,
            redisReplicationPassword: { secretKeyRef: secretRef },
            quorum: String(Math.floor(this.sentinels / 2) + 1),
          },
          TLS,
          podSecurityContext,
          securityContext: RESTRICTED_CONTAINER,
          redisExporter,
          affinity: this.spreadOverNodes({ app: `${this.name}-sentinel` }),
        }),
        dependsOnParts: ['admin', 'tls', ''],
      },
    ];
  }

  protected checkProps(r: ProblemReporter, at: IConstruct): void {
    this.checkAmounts(r, at, [
      { field: 'replicas', value: this.replicas, integer: true, min: 1 },
      { field: 'sentinels', value: this.sentinels, integer: true, min: 1, odd: true },
      { field: 'cpu', value: this.cpu, min: 0.1 },
      { field: 'memoryGi', value: this.memoryGi, min: 0.25 },
      { field: 'storageGi', value: this.storageGi, min: 1 },
      { field: 'tlsRevision', value: this.tlsRevision, integer: true, min: 1 },
    ]);
  }

  protected checkGrant(grant: IMiddlewareGrant, d: Record<string, string | number>, r: ProblemReporter): void {
    const user = String(d.user);
    if (!REDIS_USER.test(user) || user === 'default') {
      const fromCode = grant.options.user === undefined;
      r.error(grant, {
        code: 'invalid-name',
        value: d.user,
        message: `${fromCode ? `tenant code "${grant.tenant.code}" cannot be a Redis user name: ` : ''}a Redis user name here is a lower-case letter followed by letters, digits, '-' or '_' (at most 63), and not "default" (the administrator)`,
        fix: `pass grantConnect(${grant.tenant.code}, { user: '${grant.tenant.code.replace(/[^a-z0-9_-]/g, '') || 'dept'}-app' })`,
      });
    }
    const prefix = String(d.keyPrefix);
    if (!KEY_PREFIX.test(prefix)) {
      r.error(grant, {
        code: 'invalid-value',
        value: d.keyPrefix,
        message: 'keyPrefix must be 1 to 63 letters, digits or . _ : / - (no spaces and no glob characters * ? [ ] that would widen the ACL pattern)',
        fix: `e.g. keyPrefix: '${grant.tenant.code}:'`,
      });
    }
  }

  protected checkGrantSet(r: ProblemReporter): void {
    checkPrefixes(this.grantsWithDetails(), 'keyPrefix', `Redis offering "${this.name}"`, 'key', r);
    const users = new Map<string, string>();
    for (const { grant, details } of this.grantsWithDetails()) {
      const first = users.get(String(details.user));
      if (first) {
        r.error(grant, {
          code: 'duplicate',
          value: details.user,
          message: `tenants "${first}" and "${grant.tenant.code}" would share the Redis user "${details.user}" on offering "${this.name}"`,
          fix: `give one of them its own user: { user: '${grant.tenant.code}' }`,
        });
      } else {
        users.set(String(details.user), grant.tenant.code);
      }
    }
  }

  private spreadOverNodes(labels: Record<string, string>): Record<string, unknown> {
    return {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    };
  }
}
