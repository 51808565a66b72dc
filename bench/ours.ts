/** Our side of the benchmark: the benchmark province built with the library. */
import { App } from 'cdktf';
import { CloudKind, CpuArch, DataClass, DepartmentBlueprint, GovApplication, KafkaOffering, PostgresOffering, ProvinceHub, RedisOffering, SiteRole, StateBackend, type ITenant } from '../lib';
import { BenchSpec } from './spec';

/**
 * Builds the province of `spec` in `app` (one ProvinceHub, its industry clouds and tenants): the objects the peers
 * build too (raw-cdktf.ts, cdk8s.ts), nothing else.
 */
export function buildOurs(app: App, spec: BenchSpec): ProvinceHub {
  return build(app, spec, NONE);
}

/**
 * The same province with every layer of the library on, as a province runs it (`ours-full` in the benchmark; the peers
 * have no counterpart): observability (kube-prometheus-stack on both clusters, every department alerted, inhibitions
 * from the grants, showback), the middleware shelf (PostgreSQL, Redis, Kafka) granted to every 4th, 8th and 16th
 * department, an application on the province's standard for every 5th department, every 10th department built from
 * a blueprint, an edge zone serving every 50th department, and the recovery layer (runbooks, drills) for all.
 */
export function buildOursFull(app: App, spec: BenchSpec): ProvinceHub {
  return build(app, spec, ALL);
}

/**
 * The province of buildOurs with the operations layer only (`ours-obs`): kube-prometheus-stack on both clusters and
 * every department alerted, to measure what observability adds (issue 16).
 */
export function buildOursObservability(app: App, spec: BenchSpec): ProvinceHub {
  return build(app, spec, new Set(['observability']));
}

type Layer = 'observability' | 'middleware' | 'applications' | 'blueprints' | 'edge';
const NONE: ReadonlySet<Layer> = new Set();
const ALL: ReadonlySet<Layer> = new Set(['observability', 'middleware', 'applications', 'blueprints', 'edge']);

const SITE_ENDPOINTS = (spec: BenchSpec) =>
  Object.fromEntries(spec.clusters.map((c, i) => [c.name, { host: `pg-${c.name}.${spec.province}.gov.internal`, cidr: `10.3${i}.1.10/32`, sourceCidr: `10.2${i}.0.0/16` }]));

function build(app: App, spec: BenchSpec, layers: ReadonlySet<Layer>): ProvinceHub {
  const full = layers.size > 0;
  const on = (l: Layer) => layers.has(l);
  const hub = new ProvinceHub(app, spec.province, {
    province: spec.province,
    displayName: spec.displayName,
    registry: spec.registry,
    sites: spec.sites.map((s) => ({ name: s.name, city: s.city, role: s.role === 'PRODUCTION' ? SiteRole.PRODUCTION : SiteRole.DISASTER_RECOVERY })),
    clusters: spec.clusters.map((c) => ({
      name: c.name,
      site: c.site,
      cloud: CloudKind.PRIVATE,
      arch: CpuArch.ARM64,
      // With every layer: room for the applications, the edge quotas and the middleware shelf besides the departments.
      capacity: full
        ? { cpu: spec.capacity.cpu * 2 + 100, memoryGi: spec.capacity.memoryGi * 2 + 400, storageGi: spec.capacity.storageGi * 2 + 10_000, pods: spec.capacity.pods * 2 + 500 }
        : spec.capacity,
      connection: { configPath: '~/.kube/config', context: c.context },
    })),
    stateBackend: StateBackend.local(),
    ...(on('applications') ? { applications: { keda: true } } : {}),
    ...(on('observability') ? { observability: { retentionDays: 180, receivers: [{ name: 'ops', webhookUrl: `https://im.${spec.province}.gov.internal/hook/ops` }] } } : {}),
  });
  const grant: Array<(t: ITenant, j: number) => void> = [];
  if (on('middleware')) {
    const pg = hub.middleware.add(new PostgresOffering({ siteEndpoints: SITE_ENDPOINTS(spec) }));
    const redis = hub.middleware.add(new RedisOffering({ replicas: 3, sentinels: 3, memoryGi: 8 }));
    const kafka = hub.middleware.add(new KafkaOffering({ brokers: 3, storageGi: 1000 }));
    grant.push((t, j) => j % 4 === 0 && pg.grantConnect(t));
    grant.push((t, j) => j % 8 === 1 && redis.grantConnect(t));
    grant.push((t, j) => j % 16 === 2 && kafka.grantConnect(t));
  }
  if (on('blueprints')) {
    hub.addBlueprint(new DepartmentBlueprint('bureau', { version: 1, displayName: '标准部门方案', quota: { cpu: 8, memoryGi: 32, storageGi: 256, pods: 50 }, grants: ['postgres'] }));
  }
  if (on('edge')) {
    hub.addEdgeZone('county', {
      site: spec.clusters[0].site,
      cluster: spec.clusters[0].name,
      nodePool: 'county-edge',
      displayName: '区县边缘',
      enforcesNetworkPolicy: true,
      linkLatencyMs: 6,
      linkBandwidthMbps: 1000,
      capacity: { cpu: 100_000, memoryGi: 400_000, pods: 1_000_000 },
    });
  }
  let j = 0;
  for (const ind of spec.industries) {
    const ic = hub.addIndustryCloud(ind.code, {
      displayName: ind.displayName,
      clusters: spec.clusters.map((c) => c.name),
      dataClass: ind.dataClass === 'important' ? DataClass.IMPORTANT : DataClass.GENERAL,
      // About 32 resources a department with every layer: two stacks of 50 keep each under the 3,000 bound.
      ...(full ? { shards: 2 } : {}),
    });
    for (const t of ind.tenants) {
      const base = { displayName: t.displayName, quota: t.quota, admins: t.admins, viewers: t.viewers };
      if (!full) {
        ic.addTenant(t.code, base);
        continue;
      }
      const n = j++;
      const alerting = on('observability') ? { receivers: [{ name: `${t.code}-oncall`, webhookUrl: `https://im.${spec.province}.gov.internal/hook/${t.code}` }] } : undefined;
      const edge = on('edge') && n % 50 === 3 ? { zones: ['county'], quota: { cpu: 2, memoryGi: 8, storageGi: 20, pods: 10 } } : undefined;
      const tenant =
        on('blueprints') && n % 10 === 5
          ? ic.addTenant(t.code, { blueprint: 'bureau@1', displayName: t.displayName, admins: t.admins, ...(alerting ? { alerting } : {}) })
          : ic.addTenant(t.code, { ...base, ...(alerting ? { alerting } : {}), ...(edge ? { edge } : {}) });
      if (!(on('blueprints') && n % 10 === 5)) for (const g of grant) g(tenant, n);
      if (on('applications') && n % 5 === 0) {
        new GovApplication(tenant, 'portal', {
          image: `${spec.registry}/${t.code}/portal@sha256:${'0123456789abcdef'.repeat(4)}`,
          ports: { http: 8080 },
          probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
          resources: { cpu: 0.25, memoryMi: 256 },
          replicas: { min: 2, max: 6 },
          slo: { availability: 99.9, latencyMs: 500 },
          ...(on('middleware') && n % 4 === 0 ? { uses: ['postgres'] } : {}),
          route: { host: `${t.code}.${spec.province}.gov.cn` },
        });
      }
    }
  }
  return hub;
}
