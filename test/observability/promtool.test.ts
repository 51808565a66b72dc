/** promtool check rules and promtool test rules: each alert fires on synthetic series, and stays quiet when it should. */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KafkaOffering, PostgresOffering, RedisOffering } from '../../lib';
import { platformRuleGroups, RuleGroup, tenantRuleGroups } from '../../lib/observability/rules';
import { tmpdir } from '../helpers';
import { testWithTools } from '../terraform';
import { run, toolMissing } from './tools';

const { run: t } = testWithTools('test/observability/promtool.test.ts', () => toolMissing('promtool'));

const tenant = tenantRuleGroups('wjw', 'wjw', { burst: true });
// The offerings' own metrics endpoints (what the shelf publishes): CloudNativePG's cnpg_collector_up, the Redis
// exporter's redis_up, the brokers' up.
const mw = 'gov-lz-middleware';
const platform = platformRuleGroups('hz-a-core', [
  { offering: 'postgres', kind: 'postgresql', tenants: ['wjw', 'ybj'], namespace: mw, metrics: new PostgresOffering().metricsEndpoints() },
  { offering: 'cache', kind: 'redis', tenants: ['wjw'], namespace: mw, metrics: new RedisOffering({ name: 'cache' }).metricsEndpoints() },
  { offering: 'kafka', kind: 'kafka', tenants: [], namespace: mw, metrics: new KafkaOffering().metricsEndpoints() },
]);

function write(dir: string, name: string, groups: RuleGroup[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, YAML.stringify({ groups }));
  return file;
}

const app = (extra: Record<string, string> = {}) => ({ severity: 'warning', layer: 'application', owner: 'wjw', namespace: 'wjw', ...extra });

interface Case {
  readonly name: string;
  readonly interval: string;
  readonly series: Array<[string, string]>;
  readonly at: string;
  readonly alert: string;
  /** Expected alerts (labels and annotations), empty when it must stay quiet. */
  readonly fires: Array<{ labels: Record<string, string>; annotations: Record<string, string> }>;
}

const pod = 'namespace="wjw",pod="p",container="c"';
const CASES: Case[] = [
  {
    name: 'crash loop fires after 15 minutes',
    interval: '1m',
    series: [[`kube_pod_container_status_waiting_reason{${pod},reason="CrashLoopBackOff"}`, '1x30']],
    at: '20m',
    alert: 'GovLzPodCrashLooping',
    fires: [{ labels: app({ pod: 'p', container: 'c', reason: 'CrashLoopBackOff' }), annotations: { summary: 'Pod p (c) is crash-looping', department: 'wjw' } }],
  },
  {
    name: 'no crash loop, no alert',
    interval: '1m',
    series: [[`kube_pod_container_status_waiting_reason{${pod},reason="CrashLoopBackOff"}`, '0x30']],
    at: '20m',
    alert: 'GovLzPodCrashLooping',
    fires: [],
  },
  {
    name: "another department's crash loop is not this department's alert",
    interval: '1m',
    series: [['kube_pod_container_status_waiting_reason{namespace="ybj",pod="p",container="c",reason="CrashLoopBackOff"}', '1x30']],
    at: '20m',
    alert: 'GovLzPodCrashLooping',
    fires: [],
  },
  {
    name: 'OOM kill with a restart fires',
    interval: '1m',
    series: [
      [`kube_pod_container_status_last_terminated_reason{${pod},reason="OOMKilled"}`, '1x30'],
      [`kube_pod_container_status_restarts_total{${pod}}`, '0 0 0 1x27'],
    ],
    at: '5m',
    alert: 'GovLzPodOomKilled',
    fires: [{ labels: app({ pod: 'p', container: 'c', reason: 'OOMKilled' }), annotations: { summary: 'Container c of p was killed out of memory', department: 'wjw' } }],
  },
  {
    name: 'an old OOM kill with no restart for 10 minutes is quiet',
    interval: '1m',
    series: [
      [`kube_pod_container_status_last_terminated_reason{${pod},reason="OOMKilled"}`, '1x30'],
      [`kube_pod_container_status_restarts_total{${pod}}`, '0 0 0 1x27'],
    ],
    at: '25m',
    alert: 'GovLzPodOomKilled',
    fires: [],
  },
  {
    name: 'PVC over 90 % fires',
    interval: '1m',
    series: [
      ['kubelet_volume_stats_used_bytes{namespace="wjw",persistentvolumeclaim="data"}', '95x20'],
      ['kubelet_volume_stats_capacity_bytes{namespace="wjw",persistentvolumeclaim="data"}', '100x20'],
    ],
    at: '15m',
    alert: 'GovLzPvcAlmostFull',
    fires: [{ labels: app({ persistentvolumeclaim: 'data' }), annotations: { summary: 'Volume data is over 90 % full', department: 'wjw' } }],
  },
  {
    name: 'PVC half full is quiet',
    interval: '1m',
    series: [
      ['kubelet_volume_stats_used_bytes{namespace="wjw",persistentvolumeclaim="data"}', '50x20'],
      ['kubelet_volume_stats_capacity_bytes{namespace="wjw",persistentvolumeclaim="data"}', '100x20'],
    ],
    at: '15m',
    alert: 'GovLzPvcAlmostFull',
    fires: [],
  },
  {
    name: 'quota over 90 % fires (资源不足)',
    interval: '1m',
    series: [
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="used"}', '95x30'],
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="hard"}', '100x30'],
    ],
    at: '20m',
    alert: 'GovLzQuotaShort',
    fires: [{ labels: app({ resource: 'requests.cpu', resourcequota: 'wjw' }), annotations: { summary: '资源不足: requests.cpu uses over 90 % of the quota', department: 'wjw' } }],
  },
  {
    name: 'quota at 80 % is quiet',
    interval: '1m',
    series: [
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="used"}', '80x30'],
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="hard"}', '100x30'],
    ],
    at: '20m',
    alert: 'GovLzQuotaShort',
    fires: [],
  },
  {
    name: 'quota under 20 % for 7 days fires (资源空闲)',
    interval: '1h',
    series: [
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="used"}', '10x200'],
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="hard"}', '100x200'],
    ],
    at: '180h',
    alert: 'GovLzQuotaIdle',
    fires: [
      {
        labels: app({ severity: 'info', resource: 'requests.cpu', resourcequota: 'wjw' }),
        annotations: { summary: '资源空闲: requests.cpu has used under 20 % of the quota for 7 days', department: 'wjw' },
      },
    ],
  },
  {
    name: 'a busy day in the last 7 days keeps the quota from idling',
    interval: '1h',
    series: [
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="used"}', '10x150 60x10 10x40'],
      ['kube_resourcequota{namespace="wjw",resource="requests.cpu",resourcequota="wjw",type="hard"}', '100x200'],
    ],
    at: '180h',
    alert: 'GovLzQuotaIdle',
    fires: [],
  },
  {
    name: 'an autoscaler at its maximum fires burst active',
    interval: '1m',
    series: [
      ['kube_horizontalpodautoscaler_status_current_replicas{namespace="wjw",horizontalpodautoscaler="web"}', '20x20'],
      ['kube_horizontalpodautoscaler_spec_max_replicas{namespace="wjw",horizontalpodautoscaler="web"}', '20x20'],
    ],
    at: '10m',
    alert: 'GovLzBurstActive',
    fires: [
      {
        labels: app({ severity: 'info', horizontalpodautoscaler: 'web' }),
        annotations: { summary: 'Autoscaler web is at its maximum here: load overflows to the public burst cluster', department: 'wjw' },
      },
    ],
  },
  {
    name: 'an autoscaler below its maximum is quiet',
    interval: '1m',
    series: [
      ['kube_horizontalpodautoscaler_status_current_replicas{namespace="wjw",horizontalpodautoscaler="web"}', '10x20'],
      ['kube_horizontalpodautoscaler_spec_max_replicas{namespace="wjw",horizontalpodautoscaler="web"}', '20x20'],
    ],
    at: '10m',
    alert: 'GovLzBurstActive',
    fires: [],
  },
  {
    name: 'the API server unreachable fires cluster down',
    interval: '1m',
    series: [['up{job="apiserver",instance="10.0.0.1:6443"}', '0x20']],
    at: '10m',
    alert: 'GovLzClusterDown',
    fires: [
      {
        labels: { severity: 'critical', layer: 'platform', owner: 'hub' },
        annotations: { summary: 'Cluster hz-a-core: the API server is unreachable; department alerts on this cluster are inhibited' },
      },
    ],
  },
  { name: 'the API server up is quiet', interval: '1m', series: [['up{job="apiserver",instance="10.0.0.1:6443"}', '1x20']], at: '10m', alert: 'GovLzClusterDown', fires: [] },
  {
    name: 'every postgres instance down fires, naming the affected departments',
    interval: '1m',
    series: [
      ['cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance",pod="postgres-1"}', '0x20'],
      ['redis_up{namespace="gov-lz-middleware",offering="cache",part="instance",pod="cache-0"}', '1x20'],
      ['up{namespace="gov-lz-middleware",offering="kafka",part="brokers",pod="kafka-brokers-0"}', '1x20'],
    ],
    at: '10m',
    alert: 'GovLzOfferingDown',
    fires: [
      {
        labels: { severity: 'critical', layer: 'middleware', owner: 'hub', offering: 'postgres' },
        annotations: { summary: 'postgresql offering postgres on hz-a-core is down', affected: 'wjw, ybj' },
      },
    ],
  },
  {
    name: 'one postgres instance up is quiet',
    interval: '1m',
    series: [
      ['cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance",pod="postgres-1"}', '0x20'],
      ['cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance",pod="postgres-2"}', '1x20'],
      // Redis serves; Kafka brokers are scraped and up.
      ['redis_up{namespace="gov-lz-middleware",offering="cache",part="instance",pod="cache-0"}', '1x20'],
      ['up{namespace="gov-lz-middleware",offering="kafka",part="brokers",pod="kafka-brokers-0"}', '1x20'],
    ],
    at: '10m',
    alert: 'GovLzOfferingDown',
    fires: [],
  },
  {
    name: 'Redis down behind a live exporter fires (redis_up 0, the scrape itself up)',
    interval: '1m',
    series: [
      ['redis_up{namespace="gov-lz-middleware",offering="cache",part="instance",pod="cache-0"}', '0x20'],
      ['up{namespace="gov-lz-middleware",offering="cache",part="instance",pod="cache-0"}', '1x20'],
      ['cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance",pod="postgres-1"}', '1x20'],
      ['up{namespace="gov-lz-middleware",offering="kafka",part="brokers",pod="kafka-brokers-0"}', '1x20'],
    ],
    at: '10m',
    alert: 'GovLzOfferingDown',
    fires: [
      {
        labels: { severity: 'critical', layer: 'middleware', owner: 'hub', offering: 'cache' },
        annotations: { summary: 'redis offering cache on hz-a-core is down', affected: 'wjw' },
      },
    ],
  },
  {
    name: 'Kafka brokers gone while the exporter and controllers are up fires, affecting no department',
    interval: '1m',
    series: [
      ['up{namespace="gov-lz-middleware",offering="kafka",part="exporter",pod="kafka-kafka-exporter-0"}', '1x20'],
      ['up{namespace="gov-lz-middleware",offering="kafka",part="controllers",pod="kafka-controllers-0"}', '1x20'],
      ['cnpg_collector_up{namespace="gov-lz-middleware",offering="postgres",part="instance",pod="postgres-1"}', '1x20'],
      ['redis_up{namespace="gov-lz-middleware",offering="cache",part="instance",pod="cache-0"}', '1x20'],
    ],
    at: '10m',
    alert: 'GovLzOfferingDown',
    fires: [
      {
        labels: { severity: 'critical', layer: 'middleware', owner: 'hub', offering: 'kafka' },
        annotations: { summary: 'kafka offering kafka on hz-a-core is down', affected: 'no department' },
      },
    ],
  },
];

t('promtool check rules accepts the department and platform rules', () => {
  const dir = tmpdir('govlz-promtool-');
  const r = run('promtool', ['check', 'rules', write(dir, 'tenant.yaml', tenant), write(dir, 'platform.yaml', platform)]);
  expect(r.out).toContain('SUCCESS');
  expect(r.code).toBe(0);
});

t('promtool test rules: every alert fires on its series and stays quiet otherwise', () => {
  const dir = tmpdir('govlz-promtool-');
  write(dir, 'tenant.yaml', tenant);
  write(dir, 'platform.yaml', platform);
  // Every alert of the landing zone has a firing case and a quiet case.
  const alerts = [...tenant, ...platform].flatMap((g) => g.rules).flatMap((r) => (r.alert ? [String(r.alert)] : []));
  for (const a of new Set(alerts)) {
    expect({ a, firing: CASES.some((c) => c.alert === a && c.fires.length > 0), quiet: CASES.some((c) => c.alert === a && c.fires.length === 0) }).toEqual({ a, firing: true, quiet: true });
  }
  const files: string[] = [];
  CASES.forEach((c, i) => {
    const file = path.join(dir, `case-${i}.test.yaml`);
    fs.writeFileSync(
      file,
      YAML.stringify({
        rule_files: ['tenant.yaml', 'platform.yaml'],
        evaluation_interval: c.interval,
        tests: [
          {
            name: c.name,
            interval: c.interval,
            input_series: c.series.map(([series, values]) => ({ series, values })),
            alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: c.fires.map((f) => ({ exp_labels: f.labels, exp_annotations: f.annotations })) }],
          },
        ],
      }),
    );
    files.push(path.basename(file));
  });
  const r = run('promtool', ['test', 'rules', ...files], dir);
  expect(r.out).not.toContain('FAILED');
  expect(r.code).toBe(0);
});

t('promtool test rules fails when an expectation is wrong (the test can fail)', () => {
  const dir = tmpdir('govlz-promtool-');
  write(dir, 'tenant.yaml', tenant);
  fs.writeFileSync(
    path.join(dir, 'wrong.test.yaml'),
    YAML.stringify({
      rule_files: ['tenant.yaml'],
      tests: [
        {
          interval: '1m',
          input_series: [{ series: `kube_pod_container_status_waiting_reason{${pod},reason="CrashLoopBackOff"}`, values: '0x30' }],
          alert_rule_test: [{ eval_time: '20m', alertname: 'GovLzPodCrashLooping', exp_alerts: [{ exp_labels: app() }] }],
        },
      ],
    }),
  );
  expect(run('promtool', ['test', 'rules', 'wrong.test.yaml'], dir).code).not.toBe(0);
});
