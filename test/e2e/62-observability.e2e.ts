/**
 * The middleware shelf's own metrics and the Grafana folder permissions on the real control planes: the exporter
 * settings of the Kafka and Redis custom resources survive the API server's structural schemas (nothing pruned), the
 * offerings' PodMonitors select the operators' pod labels, and the Grafana folder job is in place with its list.
 */
import { A, B, kube } from './demo';

const MW = '/apis/%s/namespaces/gov-lz-middleware';
const at = (group: string, path: string) => `${MW.replace('%s', group)}/${path}`;

describe('the demo province on real control planes: observability of the middleware shelf', () => {
  test('Kafka keeps its JMX exporter (rules ConfigMap) and Kafka Exporter; Redis and Sentinel keep their exporter sidecar', async () => {
    for (const c of [A, B]) {
      const kafka = await kube(c).get(at('kafka.strimzi.io/v1', 'kafkas/kafka'));
      expect(kafka.status).toBe(200);
      expect(kafka.body.spec.kafka.metricsConfig).toEqual({ type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: 'kafka-metrics', key: 'kafka-metrics-config.yml' } } });
      expect(kafka.body.spec.kafkaExporter).toMatchObject({ topicRegex: '.*', groupRegex: '.*' });
      const rules = await kube(c).get('/api/v1/namespaces/gov-lz-middleware/configmaps/kafka-metrics');
      expect(rules.status).toBe(200);
      expect(rules.body.data['kafka-metrics-config.yml']).toContain('lowercaseOutputName: true');
      for (const kind of ['redisreplications', 'redissentinels']) {
        const r = await kube(c).get(at('redis.redis.opstreelabs.in/v1beta2', `${kind}/redis`));
        expect(r.status).toBe(200);
        expect(r.body.spec.redisExporter).toMatchObject({ enabled: true, image: expect.stringMatching(/\/opstree\/redis-exporter:v1\.44\.0$/) });
      }
      const pg = await kube(c).get(at('postgresql.cnpg.io/v1', 'clusters/postgres'));
      expect(pg.status).toBe(200);
      expect(pg.body.spec.monitoring?.enablePodMonitor ?? false).toBe(false);
    }
  });

  test("the offerings' PodMonitors select the pods by the operators' own labels", async () => {
    for (const c of [A, B]) {
      const list = await kube(c).get(at('monitoring.coreos.com/v1', 'podmonitors'));
      expect(list.status).toBe(200);
      const selectors = Object.fromEntries(list.body.items.map((m: any) => [m.metadata.name, m.spec.selector.matchLabels]));
      expect(selectors).toMatchObject({
        'gov-lz-postgres-instance': { 'cnpg.io/cluster': 'postgres', 'cnpg.io/podRole': 'instance' },
        'gov-lz-redis-instance': { app: 'redis', redis_setup_type: 'replication' },
        'gov-lz-redis-sentinel': { app: 'redis-sentinel', redis_setup_type: 'sentinel' },
        'gov-lz-kafka-brokers': { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/broker-role': 'true' },
        'gov-lz-kafka-exporter': { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'kafka-kafka-exporter' },
      });
    }
  });

  test('the Grafana folder job and its list of departments are on each monitored cluster', async () => {
    for (const c of [A, B]) {
      const job = await kube(c).get('/apis/batch/v1/namespaces/gov-lz-system/cronjobs/gov-lz-grafana-folders');
      expect(job.status).toBe(200);
      expect(job.body.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(false);
      const cm = await kube(c).get('/api/v1/namespaces/gov-lz-system/configmaps/gov-lz-grafana-folders');
      expect(cm.status).toBe(200);
      const folders = JSON.parse(cm.body.data['folders.json']).folders;
      expect(folders.find((f: any) => f.title === 'wjw').teams).toEqual([
        { team: 'wjw-admins', permission: 2 },
        { team: 'wjw-auditors', permission: 1 },
      ]);
    }
  });
});
