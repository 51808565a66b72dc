import { IConstruct } from 'constructs';
import { ProblemReporter } from '../core/context';
import type { IRecoveryMechanismSource, ITenant, MechanismEstimate } from '../core/contracts';
import type { OfferingMetricsEndpoint } from '../core/extension';
import { cpuQuantity, giQuantity } from '../core/quantities';
import { expression } from '../private/terraform-json';
import { KAFKA_JMX_RULES, KAFKA_METRICS_KEY } from './kafka-metrics';
import { MiddlewareOffering } from './offering';
import { IMiddlewareGrant, MiddlewareOfferingOptions, OfferingObject, OperatorRelease, PodLabels } from './offering-types';
import { MiddlewareImages, MiddlewareOperators, strimziValues } from './operators';
import { checkPrefixes } from './shelf-internals';

/** Properties of a {@link KafkaOffering}. */
export interface KafkaOfferingProps extends MiddlewareOfferingOptions {
  /** Broker pods per cluster. @default 3 */
  readonly brokers?: number;
  /** KRaft controller pods per cluster (odd number). @default 3 */
  readonly controllers?: number;
  /** CPU cores per broker (request = limit). @default 2 */
  readonly cpu?: number;
  /** Memory per broker, GiB (request = limit). @default 8 */
  readonly memoryGi?: number;
  /** Log volume per broker, GiB. @default 500 */
  readonly storageGi?: number;
  /** CPU cores per controller. @default 1 */
  readonly controllerCpu?: number;
  /** Memory per controller, GiB. @default 2 */
  readonly controllerMemoryGi?: number;
  /** Metadata volume per controller, GiB. @default 20 */
  readonly controllerStorageGi?: number;
  /** Kafka version. @default - MiddlewareImages.KAFKA_VERSION (Strimzi 1.2.0's default) */
  readonly kafkaVersion?: string;
}

/** The User Operator's pod (the entity operator), sized explicitly so that it counts against capacity. */
const ENTITY_OPERATOR_CPU = 0.5;
const ENTITY_OPERATOR_MEMORY_GI = 0.5;
/** Strimzi's Kafka Exporter (topic and consumer-group lag), one pod per cluster, sized explicitly too. */
const KAFKA_EXPORTER_CPU = 0.2;
const KAFKA_EXPORTER_MEMORY_GI = 0.25;
/** Strimzi's name of every metrics port (MetricsModel.METRICS_PORT_NAME, 9404). */
const STRIMZI_METRICS_PORT = 'tcp-prometheus';
const TOPIC_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Kafka in KRaft mode, run by Strimzi: a `Kafka` named after the offering and two node pools,
 * `<offering>-controllers` and `<offering>-brokers`.
 *
 * - One listener, `tls` on 9093: TLS, SCRAM-SHA-512 authentication, simple authorization. Topics are replicated
 *   min(3, brokers) times with min.insync one fewer; topics are not created automatically.
 * - A grant is a `KafkaUser` `<tenant>--<offering>` (the SCRAM user name) whose ACLs cover only topics, consumer
 *   groups and transactional ids that start with the tenant's prefix. Its password comes from the secret
 *   `<offering>-passwords` (write-only, from `gov_lz_<offering>_passwords`).
 * - Tenants connect to `<offering>-kafka-bootstrap` on 9093 and then to each broker on 9093. They trust the
 *   cluster CA, whose certificate is the public secret `<offering>-cluster-ca-cert` in `gov-lz-middleware`.
 * - Metrics: brokers and controllers run the Prometheus JMX Exporter with Strimzi's example rules (ConfigMap
 *   `<offering>-metrics`), and Strimzi's Kafka Exporter reports topic and consumer-group lag; the hub's monitoring
 *   scrapes both on port `tcp-prometheus` (see {@link KafkaOffering.metricsEndpoints}).
 */
export class KafkaOffering extends MiddlewareOffering implements IRecoveryMechanismSource {
  public readonly kind = 'kafka';
  public readonly brokers: number;
  public readonly controllers: number;
  public readonly cpu: number;
  public readonly memoryGi: number;
  public readonly storageGi: number;
  public readonly controllerCpu: number;
  public readonly controllerMemoryGi: number;
  public readonly controllerStorageGi: number;
  public readonly kafkaVersion: string;

  constructor(props: KafkaOfferingProps = {}) {
    super(props ?? {}, 'kafka');
    // Through the props boundary: a JavaScript caller's null (the defaults then apply, as for no props), Symbol or
    // BigInt is taken out and reported at the gate.
    props = this.givenOptions as KafkaOfferingProps;
    this.brokers = props.brokers ?? 3;
    this.controllers = props.controllers ?? 3;
    this.cpu = props.cpu ?? 2;
    this.memoryGi = props.memoryGi ?? 8;
    this.storageGi = props.storageGi ?? 500;
    this.controllerCpu = props.controllerCpu ?? 1;
    this.controllerMemoryGi = props.controllerMemoryGi ?? 2;
    this.controllerStorageGi = props.controllerStorageGi ?? 20;
    this.kafkaVersion = props.kafkaVersion ?? MiddlewareImages.KAFKA_VERSION;
  }

  public recoveryEstimates(tenant: ITenant): MechanismEstimate[] {
    return this.siteLocalEstimates(
      tenant,
      `Kafka "${this.name}": a KRaft cluster per cluster, replicated within it (Strimzi does not stretch over Kubernetes clusters and no MirrorMaker 2 is set up); messages not yet consumed on a lost site are gone unless producers replay them`,
      this.baseOptions.dataOfRecord === true,
    );
  }

  protected get port(): number {
    return 9093;
  }

  protected get serviceName(): string {
    return `${this.name}-kafka-bootstrap`;
  }

  protected get clientPods(): PodLabels {
    return { 'strimzi.io/cluster': this.name, 'strimzi.io/broker-role': 'true' };
  }

  protected get operatorPorts(): number[] {
    // Control plane, replication (the operator's admin client) and the Kafka agent.
    return [9090, 9091, 8443];
  }

  protected get grantOptionNames(): string[] {
    return ['topicPrefix'];
  }

  protected operatorRelease(): OperatorRelease {
    return this.pinnedRelease(MiddlewareOperators.STRIMZI, strimziValues(this.imageRegistry));
  }

  protected clusterAmounts() {
    return {
      cpu: this.brokers * this.cpu + this.controllers * this.controllerCpu + ENTITY_OPERATOR_CPU + KAFKA_EXPORTER_CPU,
      memoryGi: this.brokers * this.memoryGi + this.controllers * this.controllerMemoryGi + ENTITY_OPERATOR_MEMORY_GI + KAFKA_EXPORTER_MEMORY_GI,
      storageGi: this.brokers * this.storageGi + this.controllers * this.controllerStorageGi,
      pods: this.brokers + this.controllers + 2,
    };
  }

  protected sizing(): Record<string, unknown> {
    return {
      brokers: this.brokers,
      controllers: this.controllers,
      cpu: this.cpu,
      memoryGi: this.memoryGi,
      storageGi: this.storageGi,
      controllerCpu: this.controllerCpu,
      controllerMemoryGi: this.controllerMemoryGi,
      controllerStorageGi: this.controllerStorageGi,
      kafkaVersion: this.kafkaVersion,
    };
  }

  /**
   * The pods as Strimzi labels them (its example PodMonitor selects `strimzi.io/kind: Kafka` on `tcp-prometheus`):
   * brokers (their `up` says whether the offering serves), controllers, and the Kafka Exporter.
   */
  public metricsEndpoints(): OfferingMetricsEndpoint[] {
    const kafka = { 'strimzi.io/cluster': this.name, 'strimzi.io/kind': 'Kafka' };
    return [
      { part: 'brokers', podLabels: { ...kafka, 'strimzi.io/broker-role': 'true' }, port: STRIMZI_METRICS_PORT, upSeries: 'up' },
      { part: 'controllers', podLabels: { ...kafka, 'strimzi.io/controller-role': 'true' }, port: STRIMZI_METRICS_PORT },
      { part: 'exporter', podLabels: { ...kafka, 'strimzi.io/name': `${this.name}-kafka-exporter` }, port: STRIMZI_METRICS_PORT },
    ];
  }

  /** The SCRAM user of a tenant: the KafkaUser's name, unique in the namespace across Kafka offerings. */
  public userOf(tenantCode: string): string {
    return `${tenantCode}--${this.name}`;
  }

  protected grantDetails(grant: IMiddlewareGrant): Record<string, string | number> {
    return { user: this.userOf(grant.tenant.code), topicPrefix: grant.options.topicPrefix ?? `${grant.tenant.code}.` };
  }

  protected connectionSecret(_grant: IMiddlewareGrant, d: Record<string, string | number>, passwordRef: string): Record<string, string> {
    const bootstrap = `${this.connection().host}:${this.port}`;
    return {
      'bootstrap-servers': bootstrap,
      username: String(d.user),
      password: expression(passwordRef),
      'security-protocol': 'SASL_SSL',
      'sasl-mechanism': 'SCRAM-SHA-512',
      // Passwords hold no quote or backslash (PASSWORD_PATTERN), so they need no escaping here.
      'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${d.user}" password="${expression(passwordRef)}";`,
      'topic-prefix': String(d.topicPrefix),
      // Where the cluster CA's public certificate is (another namespace: copy it, it is not secret).
      'ca-secret': `${this.namespace}/${this.name}-cluster-ca-cert`,
    };
  }

  protected instanceObjects(): OfferingObject[] {
    const rf = Math.min(3, this.brokers);
    const pool = (part: string, roles: string[], replicas: number, cpu: number, memoryGi: number, storageGi: number): OfferingObject => {
      const q = { cpu: cpuQuantity(cpu), memory: giQuantity(memoryGi) };
      return {
        part,
        ...this.customResource(
          'kafka.strimzi.io/v1',
          'KafkaNodePool',
          `${this.name}-${part}`,
          {
            replicas,
            roles,
            resources: { requests: q, limits: q },
            storage: {
              type: 'jbod',
              volumes: [
                {
                  id: 0,
                  type: 'persistent-claim',
                  size: giQuantity(storageGi),
                  kraftMetadata: 'shared',
                  deleteClaim: false,
                  ...(this.baseOptions.storageClass ? { class: this.baseOptions.storageClass } : {}),
                },
              ],
            },
            template: { pod: { metadata: { labels: this.labels() } } },
          },
          { 'strimzi.io/cluster': this.name },
        ),
        holdsData: true,
      };
    };
    const passwords: Record<string, string> = {};
    for (const { grant } of this.grantsWithDetails()) passwords[grant.tenant.code] = expression(this.hubPasswordRef(grant.tenant.code));
    const eo = { cpu: cpuQuantity(ENTITY_OPERATOR_CPU), memory: giQuantity(ENTITY_OPERATOR_MEMORY_GI) };
    const exporter = { cpu: cpuQuantity(KAFKA_EXPORTER_CPU), memory: giQuantity(KAFKA_EXPORTER_MEMORY_GI) };
    const metrics = `${this.name}-metrics`;
    const out: OfferingObject[] = [
      {
        ...this.customResource('kafka.strimzi.io/v1', 'Kafka', this.name, {
          kafka: {
            version: this.kafkaVersion,
            listeners: [{ name: 'tls', port: this.port, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } }],
            authorization: { type: 'simple' },
            config: {
              'offsets.topic.replication.factor': rf,
              'transaction.state.log.replication.factor': rf,
              'transaction.state.log.min.isr': Math.max(1, rf - 1),
              'default.replication.factor': rf,
              'min.insync.replicas': Math.max(1, rf - 1),
              'auto.create.topics.enable': false,
            },
            metricsConfig: { type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: metrics, key: KAFKA_METRICS_KEY } } },
          },
          entityOperator: {
            userOperator: { resources: { requests: eo, limits: eo } },
            template: { pod: { metadata: { labels: this.labels() } } },
          },
          // Lag of every topic and consumer group (a tenant's lag is under its prefix).
          kafkaExporter: { topicRegex: '.*', groupRegex: '.*', resources: { requests: exporter, limits: exporter }, template: { pod: { metadata: { labels: this.labels() } } } },
        }),
        holdsData: true,
        dependsOnParts: ['controllers', 'brokers', 'metrics'],
      },
      {
        part: 'metrics',
        type: 'kubernetes_config_map_v1',
        body: { metadata: { name: metrics, namespace: this.namespace, labels: this.labels() }, data: { [KAFKA_METRICS_KEY]: KAFKA_JMX_RULES } },
      },
      pool('controllers', ['controller'], this.controllers, this.controllerCpu, this.controllerMemoryGi, this.controllerStorageGi),
      pool('brokers', ['broker'], this.brokers, this.cpu, this.memoryGi, this.storageGi),
    ];
    if (Object.keys(passwords).length > 0) {
      out.push({
        part: 'passwords',
        ...this.writeOnlySecret(`${this.name}-passwords`, passwords, { revision: this.grantsWithDetails().map(({ grant }) => [grant.tenant.code, this.credentialsRevision(grant)]) }),
      });
    }
    return out;
  }

  protected grantObjects(grant: IMiddlewareGrant, d: Record<string, string | number>): OfferingObject[] {
    const prefix = String(d.topicPrefix);
    const acl = (type: string, operations: string[]) => ({ resource: { type, name: prefix, patternType: 'prefix' }, operations });
    return [
      {
        part: 'user',
        ...this.customResource(
          'kafka.strimzi.io/v1',
          'KafkaUser',
          String(d.user),
          {
            authentication: {
              type: 'scram-sha-512',
              password: { valueFrom: { secretKeyRef: { name: `${this.name}-passwords`, key: grant.tenant.code } } },
            },
            authorization: {
              type: 'simple',
              acls: [acl('topic', ['Read', 'Write', 'Describe', 'DescribeConfigs', 'Create']), acl('group', ['Read', 'Describe']), acl('transactionalId', ['Write', 'Describe'])],
            },
          },
          { 'strimzi.io/cluster': this.name, 'gov-lz.io/tenant': grant.tenant.code },
        ),
      },
    ];
  }

  protected checkProps(r: ProblemReporter, at: IConstruct): void {
    this.checkAmounts(r, at, [
      { field: 'brokers', value: this.brokers, integer: true, min: 1 },
      { field: 'controllers', value: this.controllers, integer: true, min: 1, odd: true },
      { field: 'cpu', value: this.cpu, min: 0.5 },
      { field: 'memoryGi', value: this.memoryGi, min: 1 },
      { field: 'storageGi', value: this.storageGi, min: 1 },
      { field: 'controllerCpu', value: this.controllerCpu, min: 0.25 },
      { field: 'controllerMemoryGi', value: this.controllerMemoryGi, min: 0.5 },
      { field: 'controllerStorageGi', value: this.controllerStorageGi, min: 1 },
    ]);
    if (typeof this.kafkaVersion !== 'string' || !/^[0-9]+\.[0-9]+\.[0-9]+$/.test(this.kafkaVersion)) {
      r.error(at, {
        code: 'invalid-value',
        value: this.kafkaVersion,
        message: 'kafkaVersion must be a Kafka version x.y.z that the Strimzi operator supports',
        fix: `leave it unset for ${MiddlewareImages.KAFKA_VERSION}`,
      });
    }
    if (typeof this.brokers === 'number' && this.brokers < 3) {
      r.warn(
        at,
        `Kafka offering "${this.name}" has ${this.brokers} broker(s): topics are replicated ${Math.min(3, this.brokers)} time(s) and a broker failure ${this.brokers === 1 ? 'stops' : 'can stop'} writes`,
      );
    }
  }

  protected checkGrant(grant: IMiddlewareGrant, d: Record<string, string | number>, r: ProblemReporter): void {
    const prefix = String(d.topicPrefix);
    if (!TOPIC_PREFIX.test(prefix)) {
      r.error(grant, {
        code: 'invalid-value',
        value: d.topicPrefix,
        message: 'topicPrefix must be 1 to 100 letters, digits, ".", "_" or "-" (the characters of Kafka topic names), starting with a letter or digit',
        fix: `e.g. topicPrefix: '${grant.tenant.code}.'`,
      });
    }
  }

  protected checkGrantSet(r: ProblemReporter): void {
    checkPrefixes(this.grantsWithDetails(), 'topicPrefix', `Kafka offering "${this.name}"`, 'topic', r);
  }
}
