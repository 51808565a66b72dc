import * as YAML from 'yaml';
import { KafkaOffering } from '../../lib';
import { synthProblems } from '../helpers';
import { addresses, fixture, synthResources, warnings } from './fixture';

describe('Kafka offering: KRaft node pools, a KafkaUser per grant limited to the tenant topic prefix', () => {
  const f = fixture();
  f.hub.middleware.add(new KafkaOffering({ brokers: 3, storageGi: 1000 }));
  const kafka = f.hub.middleware.get('kafka');
  kafka.grantConnect(f.wjw);
  kafka.grantConnect(f.ybj, { topicPrefix: 'ybj-settlement.' });
  const r = synthResources(f.app);

  test('a Kafka with one TLS + SCRAM listener and simple authorization, controller and broker pools', () => {
    const k = r.hub.kubernetes_manifest['kafka--hz-a-core'];
    expect(k.lifecycle).toEqual({ prevent_destroy: true });
    expect(k.manifest).toMatchObject({ apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'kafka', namespace: 'gov-lz-middleware' } });
    expect(k.manifest.spec.kafka.listeners).toEqual([{ name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } }]);
    expect(k.manifest.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(k.manifest.spec.kafka.config).toMatchObject({ 'default.replication.factor': 3, 'min.insync.replicas': 2, 'auto.create.topics.enable': false });
    expect(k.manifest.spec.entityOperator.userOperator).toBeDefined();
    expect(k.manifest.spec.entityOperator.topicOperator).toBeUndefined();
    const brokers = r.hub.kubernetes_manifest['kafka--hz-a-core--brokers'].manifest;
    expect(brokers).toMatchObject({ kind: 'KafkaNodePool', metadata: { name: 'kafka-brokers', labels: { 'strimzi.io/cluster': 'kafka' } } });
    expect(brokers.spec).toMatchObject({
      replicas: 3,
      roles: ['broker'],
      storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '1000Gi', kraftMetadata: 'shared', deleteClaim: false }] },
    });
    expect(brokers.spec.template.pod.metadata.labels).toMatchObject({ 'gov-lz.io/offering': 'kafka' });
    expect(r.hub.kubernetes_manifest['kafka--hz-a-core--controllers'].manifest.spec).toMatchObject({ replicas: 3, roles: ['controller'] });
  });

  test("metrics: the JMX Prometheus exporter on brokers and controllers with Strimzi's example rules, and the Kafka Exporter", () => {
    const k = r.hub.kubernetes_manifest['kafka--hz-a-core'];
    expect(k.manifest.spec.kafka.metricsConfig).toEqual({ type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: 'kafka-metrics', key: 'kafka-metrics-config.yml' } } });
    expect(k.manifest.spec.kafkaExporter).toMatchObject({ topicRegex: '.*', groupRegex: '.*', resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } } });
    expect(k.manifest.spec.kafkaExporter.template.pod.metadata.labels).toMatchObject({ 'gov-lz.io/offering': 'kafka' });
    // The rules' ConfigMap exists before the Kafka that reads it.
    expect(k.depends_on).toContain('kubernetes_config_map_v1.kafka--hz-a-core--metrics');
    const cm = r.hub.kubernetes_config_map_v1['kafka--hz-a-core--metrics'];
    expect(cm.metadata).toMatchObject({ name: 'kafka-metrics', namespace: 'gov-lz-middleware' });
    const rules = YAML.parse(cm.data['kafka-metrics-config.yml']);
    expect(rules.lowercaseOutputName).toBe(true);
    // KRaft metrics (controllers) and the generic broker rules, as in Strimzi's example.
    expect(rules.rules.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['kafka_server_raftmetrics_$1', 'kafka_$1_$2_$3_total']));
    // Literal text in Terraform JSON: the rules' $1 are not template sequences, and nothing is written as ${.
    expect(cm.data['kafka-metrics-config.yml']).not.toContain('${');
  });

  test('each grant is a KafkaUser whose ACLs cover only the tenant prefix; passwords come from one write-only secret', () => {
    const u = r.hub.kubernetes_manifest['ybj--kafka--hz-b-core--user'].manifest;
    expect(u.metadata).toMatchObject({ name: 'ybj--kafka', labels: { 'strimzi.io/cluster': 'kafka', 'gov-lz.io/tenant': 'ybj' } });
    expect(u.spec.authentication).toEqual({ type: 'scram-sha-512', password: { valueFrom: { secretKeyRef: { name: 'kafka-passwords', key: 'ybj' } } } });
    expect(u.spec.authorization.acls.map((a: any) => `${a.resource.type}:${a.resource.patternType}:${a.resource.name}:${a.operations.join('+')}`)).toEqual([
      'topic:prefix:ybj-settlement.:Read+Write+Describe+DescribeConfigs+Create',
      'group:prefix:ybj-settlement.:Read+Describe',
      'transactionalId:prefix:ybj-settlement.:Write+Describe',
    ]);
    expect(r.hub.kubernetes_secret_v1['kafka--hz-b-core--passwords'].data_wo).toEqual({
      wjw: '${var.gov_lz_kafka_passwords["wjw"]}',
      ybj: '${var.gov_lz_kafka_passwords["ybj"]}',
    });
    expect(addresses(r.hub).filter((a) => a.startsWith('kubernetes_manifest.wjw--'))).toEqual(['kubernetes_manifest.wjw--kafka--hz-a-core--user', 'kubernetes_manifest.wjw--kafka--hz-b-core--user']);
  });

  test("the tenant's secret has what a Kafka client needs", () => {
    expect(r.health.kubernetes_secret_v1['wjw--kafka--hz-a-core'].data_wo).toEqual({
      'bootstrap-servers': 'kafka-kafka-bootstrap.gov-lz-middleware.svc:9093',
      username: 'wjw--kafka',
      password: '${var.gov_lz_kafka_passwords["wjw"]}',
      'security-protocol': 'SASL_SSL',
      'sasl-mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="wjw--kafka" password="${var.gov_lz_kafka_passwords["wjw"]}";',
      'topic-prefix': 'wjw.',
      'ca-secret': 'gov-lz-middleware/kafka-cluster-ca-cert',
    });
  });

  test("tenants reach the brokers' pods on 9093 only; the Strimzi operator gets the control-plane, replication and agent ports", () => {
    expect(r.health.kubernetes_network_policy_v1['wjw--hz-a-core--egress-middleware-kafka'].spec.egress).toEqual([
      {
        to: [
          {
            namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'gov-lz-middleware' } },
            pod_selector: { match_labels: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/broker-role': 'true' } },
          },
        ],
        ports: [{ port: '9093', protocol: 'TCP' }],
      },
    ]);
    expect(r.hub.kubernetes_network_policy_v1['kafka--hz-a-core--operator'].spec.ingress[0].ports.map((p: any) => p.port)).toEqual(['9090', '9091', '8443']);
    const values = JSON.parse(r.platform('hz-a-core').helm_release['strimzi-kafka-operator--hz-a-core'].values[0]);
    expect(values).toMatchObject({ defaultImageRegistry: 'harbor.zj.gov.internal', watchNamespaces: ['gov-lz-middleware'], generateNetworkPolicy: false });
  });
});

describe('bad input', () => {
  test('overlapping topic prefixes, bad characters, an even number of controllers, a bad version', () => {
    const f = fixture();
    const kafka = f.hub.middleware.add(new KafkaOffering({ controllers: 4, kafkaVersion: 'latest' }));
    kafka.grantConnect(f.wjw, { topicPrefix: 'health.' });
    kafka.grantConnect(f.ybj, { topicPrefix: 'health.' });
    f.hub.middleware.get('kafka').grantConnect(f.hub.industryCloud('health').addTenant('cdc', { displayName: '疾控中心', quota: { cpu: 1, memoryGi: 1 } }), { topicPrefix: 'cdc events' });
    const problems = synthProblems(f.app);
    expect(problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`)).toEqual([
      '[invalid-quantity] zj-hub/Middleware-kafka: kafka offering "kafka": controllers is even; a quorum of an even number of members survives no more failures than one member fewer',
      '[invalid-value] zj-hub/Middleware-kafka: kafkaVersion must be a Kafka version x.y.z that the Strimzi operator supports',
      '[overlapping-prefix] zj-health/ybj/Grant-kafka: tenants "wjw" and "ybj" have the same topicPrefix "health." on Kafka offering "kafka": each would reach the other\'s topics',
      '[invalid-value] zj-health/cdc/Grant-kafka: topicPrefix must be 1 to 100 letters, digits, ".", "_" or "-" (the characters of Kafka topic names), starting with a letter or digit',
    ]);
  });

  test('fewer than three brokers is allowed with a warning', () => {
    const f = fixture();
    f.hub.middleware.add(new KafkaOffering({ brokers: 1, controllers: 1 }));
    expect(warnings(f.app)).toEqual(['zj-hub/Middleware-kafka: Kafka offering "kafka" has 1 broker(s): topics are replicated 1 time(s) and a broker failure stops writes']);
  });
});
