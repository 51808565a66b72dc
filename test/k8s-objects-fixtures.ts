/**
 * Provinces whose every emitted Kubernetes object test/k8s-objects.test.ts validates against the API's schemas: the
 * demo's neighbours that the end-to-end suite never applies (every layer on, unusual but valid input).
 */
import { App } from 'cdktf';
import { buildOursFull } from '../bench/ours';
import { benchSpec } from '../bench/spec';
import { CONTROL_PLANE } from '../examples/province/province';
import {
  CloudKind,
  CpuArch,
  DataClass,
  DepartmentBlueprint,
  GovApplication,
  KafkaOffering,
  PostgresOffering,
  ProvinceHub,
  RecoveryObjective,
  RedisOffering,
  SiteRole,
  StateBackend,
  type ITenant,
} from '../lib';
import { CodeLimits } from '../lib/core/names';
import { ZONE_NAME_MAX } from '../lib/edge/edge-zone';
import { OFFERING_NAME_MAX_LENGTH } from '../lib/middleware/offering-types';

/** The benchmark's province with every layer of the library on (bench/ours.ts `ours-full`), 20 departments. */
export function synthFull(outdir: string): void {
  const app = new App({ outdir });
  buildOursFull(app, benchSpec(20));
  app.synth();
}

/** A code of exactly `length` characters: `prefix`, then a counter, then `x`s. */
function atLimit(prefix: string, length: number, n = 0): string {
  const head = `${prefix}${n}`;
  return `${head}-${'x'.repeat(length - head.length - 2)}z`;
}

/**
 * A province with unusual but valid input: every code at its length limit (province, sites, clusters, industry
 * clouds, departments), Chinese display names everywhere, six clusters over three production sites and a DR site,
 * two edge zones on one cluster, blueprints, the middleware shelf with every option, applications with peaks and routes,
 * fractional quotas and container defaults, own gateway ports, network rules with selectors at their limits.
 */
export function synthUnusual(outdir: string): void {
  const app = new App({ outdir });
  const province = 'p'.repeat(CodeLimits.PROVINCE - 2) + 'gx';
  const site = (n: number) => atLimit(`site${n}`, CodeLimits.SITE);
  const cluster = (n: number) => atLimit(`cluster${n}`, CodeLimits.CLUSTER);
  const sites = [0, 1, 2, 3].map(site);
  const clusters = [0, 1, 2, 3, 4, 5].map(cluster);
  const hub = new ProvinceHub(app, province, {
    province,
    displayName: '广西壮族自治区政务云（“数字广西”）',
    registry: `harbor.${province}.gov.internal`,
    sites: [
      { name: sites[0], city: 'nanning', role: SiteRole.PRODUCTION, displayName: '南宁五象新区数据中心（一期）', availability: 0.9998 },
      { name: sites[1], city: 'nanning', role: SiteRole.PRODUCTION, displayName: '南宁五象新区数据中心（二期）', availability: 0.9998 },
      { name: sites[2], city: 'liuzhou', role: SiteRole.DISASTER_RECOVERY, displayName: '柳州灾备中心' },
      { name: sites[3], city: 'nanning', role: SiteRole.PUBLIC_CLOUD, region: 'cn-nanning', displayName: '公有云华南区' },
    ],
    clusters: clusters.map((name, i) => {
      const cloud = i === 5 ? CloudKind.PUBLIC : CloudKind.PRIVATE;
      return {
        name,
        site: i === 5 ? sites[3] : sites[i % 2],
        cloud,
        arch: i % 2 === 0 ? CpuArch.ARM64 : CpuArch.AMD64,
        capacity: { cpu: 4000, memoryGi: 16384, storageGi: 200000, pods: 40000 },
        connection: { configPath: '~/.kube/config', context: name },
        nodePools: cloud === CloudKind.PRIVATE ? [{ name: 'kunpeng-pool-with-a-long-name', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng-pool-with-a-long-name' } }] : undefined,
        controlPlane: { ...CONTROL_PLANE, apiServerCidrs: [`10.${i + 1}.0.0/28`] },
        networkPlugin: cloud === CloudKind.PUBLIC ? 'terway' : 'calico',
        displayName: `第${i + 1}号集群（鲲鹏·信创）`,
      };
    }),
    stateBackend: StateBackend.local(),
    dedicatedLineCidrs: ['10.200.0.0/24'],
    applications: { keda: true },
    recovery: {
      backupLocation: { site: sites[2], endpoint: `https://oss.liuzhou.${province}.gov.internal`, endpointCidrs: ['10.30.0.0/27'], bucket: `${province}-landing-zone-backups` },
      restoreVerification: { schedule: '30 3 * * 6' },
    },
    observability: { retentionDays: 365, receivers: [{ name: 'ops-centre-with-a-long-receiver-name', webhookUrl: `https://im.${province}.gov.internal/hook/ops` }] },
  });

  const industry = (n: number) => atLimit(`ind${n}`, CodeLimits.INDUSTRY);
  const tenant = (n: number) => atLimit(`dept${n}`, CodeLimits.TENANT);
  const health = hub.addIndustryCloud(industry(0), {
    displayName: '医疗健康行业云（含“互联网+医疗”）',
    clusters: [clusters[0], clusters[1], clusters[2], clusters[3]],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.of({ rtoMinutes: 240, rpoMinutes: 120 }),
  });
  const education = hub.addIndustryCloud(industry(1), {
    displayName: '教育行业云',
    clusters: [clusters[2], clusters[3], clusters[4]],
    dataClass: DataClass.GENERAL,
  });

  // Offering, edge zone and blueprint names at their limits too (20, 20 and 63 characters).
  const pg = atLimit('pg', OFFERING_NAME_MAX_LENGTH);
  const redis = atLimit('redis', OFFERING_NAME_MAX_LENGTH);
  const kafka = atLimit('kafka', OFFERING_NAME_MAX_LENGTH);
  const zoneA = atLimit('county', ZONE_NAME_MAX, 1);
  const zoneB = atLimit('county', ZONE_NAME_MAX, 2);
  const blueprint = atLimit('education-bureau', 63);
  hub.middleware.add(
    new PostgresOffering({
      name: pg,
      instances: 3,
      storageGi: 200,
      walStorageGi: 50,
      storageClass: 'csi-ssd-replicated',
      pooler: { instances: 2 },
      archiveTimeoutSeconds: 120,
      siteEndpoints: {
        [clusters[0]]: { host: `pg-a.${province}.gov.internal`, cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
        [clusters[1]]: { host: `pg-b.${province}.gov.internal`, cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
      },
    }),
  );
  hub.middleware.add(new RedisOffering({ name: redis, replicas: 3, sentinels: 3, memoryGi: 4, storageClass: 'csi-ssd-replicated' }));
  hub.middleware.add(new KafkaOffering({ name: kafka, brokers: 3, controllers: 3, storageGi: 500, storageClass: 'csi-ssd-replicated' }));

  hub.addEdgeZone(zoneA, {
    site: sites[0],
    cluster: clusters[2],
    nodePool: 'county-a-edge-pool',
    displayName: '武鸣区',
    enforcesNetworkPolicy: true,
    linkLatencyMs: 8,
    linkBandwidthMbps: 500,
    capacity: { cpu: 64, memoryGi: 256, pods: 400 },
  });
  hub.addEdgeZone(zoneB, {
    site: sites[0],
    cluster: clusters[2],
    nodePool: 'county-b-edge-pool',
    displayName: '宾阳县',
    enforcesNetworkPolicy: false,
    linkLatencyMs: 12,
    linkBandwidthMbps: 200,
    capacity: { cpu: 16, memoryGi: 64, pods: 100 },
  });

  hub.addBlueprint(
    new DepartmentBlueprint(blueprint, {
      version: 2,
      displayName: '教育局标准方案（第二版）',
      description: '招生、学籍与考试：一个数据库，可选缓存',
      quota: { cpu: 16, memoryGi: 64, storageGi: 512, pods: 100 },
      grants: [pg],
      optionalGrants: [redis],
    }),
  );

  const q = (cpu: number) => ({ cpu, memoryGi: cpu * 4, storageGi: cpu * 32, pods: cpu * 6 });
  const dataKey = (code: string) => ({ keyId: `kms://kms.${province}.gov.internal/keys/${code}`, custodians: [`${code}-admins`] });
  const made: ITenant[] = [];
  for (let n = 0; n < 6; n++) {
    const code = tenant(n);
    made.push(
      health.addTenant(code, {
        displayName: `自治区卫生健康委员会第${n + 1}直属单位（“健康广西”）`,
        quota: q(16 + n),
        admins: [`${code}-admins`],
        viewers: [`${code}-auditors`],
        dataKey: dataKey(code),
        alerting: { receivers: [{ name: `${code}-oncall`, webhookUrl: `https://im.${province}.gov.internal/hook/${code}` }] },
      }),
    );
  }
  for (let n = 6; n < 10; n++) {
    const code = tenant(n);
    const options = {
      displayName: `自治区教育厅直属单位${n}`,
      admins: [`${code}-admins`],
      ...(n === 6 ? { edge: { zones: [zoneA, zoneB], quota: { cpu: 4, memoryGi: 16, storageGi: 40, pods: 20 }, latencyObjectiveMs: 30 } } : {}),
      ...(n === 7 ? { burst: { cluster: clusters[5], maxCpu: 64, maxPods: 300 } } : {}),
    };
    // Department 8: fractional quotas and container defaults, its own gateway ports, no deployer, two groups per role.
    const odd =
      n === 8
        ? {
            quota: { cpu: 2.5, memoryGi: 0.5, storageGi: 1.5, pods: 7 },
            containerDefaults: { cpu: 0.25, memoryMi: 192, requestCpu: 0.05, requestMemoryMi: 64 },
            gatewayPorts: [8080, 9443, 30000],
            deployer: false,
            admins: [`${code}-admins`, 'CN=自治区教育厅,OU=运维组'],
            viewers: [`${code}-auditors`, `${code}:审计组`],
          }
        : { quota: q(16) };
    made.push(n === 9 ? education.addTenant(code, { ...options, blueprint: `${blueprint}@2` }) : education.addTenant(code, { ...options, ...odd }));
  }
  // Network rules with a name at its limit (50), pod labels with qualified keys at theirs (63-character names), UDP, address blocks.
  made[8].addNetworkRule({
    name: atLimit('from-exam-registration', 50),
    direction: 'ingress',
    peers: [{ podLabels: { [`app.kubernetes.io/${'n'.repeat(63)}`]: 'v'.repeat(63), 'gov-lz.io/tier': 'a.b_c-d' } }, { cidr: '10.210.0.0/16' }],
    ports: [{ port: 8443 }, { port: 5353, protocol: 'UDP' }],
  });
  made[8].addNetworkRule({ name: 'to-ldap', direction: 'egress', peers: [{ cidr: '10.220.1.0/24' }, { cidr: '10.220.2.10/32' }], ports: [{ port: 636 }] });

  hub.middleware.get(pg).grantConnect(made[0], { role: `${made[0].code.slice(0, 30)}_app`.replace(/-/g, '_'), database: 'appointments_db', connectionLimit: 40 });
  hub.middleware.get(pg).grantConnect(made[1]);
  hub.middleware.get(redis).grantConnect(made[2]);
  hub.middleware.get(kafka).grantConnect(made[3]);
  hub.middleware.get(redis).grantConnect(made[7]);

  new GovApplication(made[0], 'appointment-service-long-named', {
    image: `harbor.${province}.gov.internal/${made[0].code}/appointments@sha256:${'0123456789abcdef'.repeat(4)}`,
    ports: { http: 8080 },
    probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
    resources: { cpu: 0.5, memoryMi: 512 },
    replicas: { min: 2, max: 20 },
    slo: { availability: 99.95, latencyMs: 300 },
    uses: [pg],
    route: { host: `yy.${province}.gov.cn`, path: '/appointments' },
  });
  new GovApplication(made[7], 'score-query', {
    image: `harbor.${province}.gov.internal/${made[7].code}/score-query@sha256:${'fedcba9876543210'.repeat(4)}`,
    ports: { http: 8080 },
    probes: { readiness: { httpGet: '/ready' }, liveness: { httpGet: '/live' } },
    resources: { cpu: 0.25, memoryMi: 256 },
    replicas: { min: 2, max: 40 },
    slo: { availability: 99.9, latencyMs: 500 },
    uses: [redis],
    route: { host: `cf.${province}.gov.cn` },
    peaks: [{ name: 'results-day1', cron: '0 8 25 6 *', hours: 72, replicas: 200, timezone: 'Asia/Shanghai' }],
  });
  app.synth();
}
