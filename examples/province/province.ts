/**
 * The demo province: 浙江省政务云 with two dual-active production data centres in Hangzhou, a disaster recovery centre
 * in Ningbo and a public-cloud region for peaks; three industry clouds, fourteen departments. The education exam
 * authority (省教育考试院, GENERAL data) bursts to the public cloud when exam results are published; the e-government
 * cloud runs on domestic Kunpeng hardware only (信创). A shared middleware shelf (PostgreSQL, Redis, Kafka) is granted
 * to some departments. `buildProvince` is shared by main.ts (cdktf synth), the tests and the benchmark. */
import { Construct } from 'constructs';
import { BurstAutoscaler, CloudKind, CpuArch, DataClass, KafkaOffering, PostgresOffering, ProvinceHub, RecoveryObjective, RedisOffering, SiteRole, StateBackend } from '../../lib';

/** What differs between deployments of the demo (the end-to-end suite deploys it onto local control planes). */
export interface DemoProvinceOptions {
  /** kubeconfig whose contexts are the cluster names. @default '~/.kube/config' */
  readonly kubeconfig?: string;
  /** @default StateBackend.local() */
  readonly stateBackend?: StateBackend;
  /** Where the hub's charts come from. @default - the hub registry, oci://harbor.zj.gov.internal/charts */
  readonly chartRepository?: string;
  /** Let `cdktf destroy` delete the shelf's data stores (they are protected by prevent_destroy). @default false */
  readonly allowDestroy?: boolean;
  /** Cluster of the shared PostgreSQL's primary (after a failover, the survivor). @default 'hz-a-core' */
  readonly postgresPrimaryCluster?: string;
  /** The hub's MLPS level 3 pack configuration. @default - every rule at its own severity */
  readonly compliance?: ConstructorParameters<typeof ProvinceHub>[2]['compliance'];
}

export function buildProvince(scope: Construct, id = 'zj', options: DemoProvinceOptions = {}): ProvinceHub {
  const kubeconfig = options.kubeconfig ?? '~/.kube/config';
  const hub = new ProvinceHub(scope, id, {
    province: 'zj',
    displayName: '浙江省政务云',
    sites: [
      // Tier III data centres, availability as their operators measured it (the planner's default is 99.9 %).
      { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州A生产中心', availability: 0.9998 },
      { name: 'hz-b', city: 'hangzhou', role: SiteRole.PRODUCTION, displayName: '杭州B生产中心', availability: 0.9998 },
      { name: 'nb', city: 'ningbo', role: SiteRole.DISASTER_RECOVERY, displayName: '宁波灾备中心' },
      { name: 'ali-hz', city: 'hangzhou', role: SiteRole.PUBLIC_CLOUD, region: 'cn-hangzhou', displayName: '阿里云华东1' },
    ],
    clusters: [
      {
        name: 'hz-a-core',
        site: 'hz-a',
        cloud: CloudKind.PRIVATE,
        arch: CpuArch.ARM64,
        capacity: { cpu: 2000, memoryGi: 8192, storageGi: 100000, pods: 20000 },
        connection: { configPath: kubeconfig, context: 'hz-a-core' },
        nodePools: [{ name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng' } }],
        // Pod and service networks: a department's address blocks must stay out of them (MLPS3-28).
        podCidrs: ['10.244.0.0/16'],
        serviceCidrs: ['10.96.0.0/16'],
        displayName: '杭州A核心集群（鲲鹏）',
      },
      {
        name: 'hz-b-core',
        site: 'hz-b',
        cloud: CloudKind.PRIVATE,
        arch: CpuArch.ARM64,
        capacity: { cpu: 2000, memoryGi: 8192, storageGi: 100000, pods: 20000 },
        connection: { configPath: kubeconfig, context: 'hz-b-core' },
        nodePools: [{ name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng' } }],
        // Pod and service networks: a department's address blocks must stay out of them (MLPS3-28).
        podCidrs: ['10.245.0.0/16'],
        serviceCidrs: ['10.97.0.0/16'],
        displayName: '杭州B核心集群（鲲鹏）',
      },
      {
        name: 'ali-burst',
        site: 'ali-hz',
        cloud: CloudKind.PUBLIC,
        arch: CpuArch.AMD64,
        capacity: { cpu: 1000, memoryGi: 4096, pods: 10000 },
        connection: { configPath: kubeconfig, context: 'ali-burst' },
        podCidrs: ['172.20.0.0/16'],
        serviceCidrs: ['172.21.0.0/16'],
        displayName: '公有云弹性集群',
      },
    ],
    registry: 'harbor.zj.gov.internal',
    charts: options.chartRepository ? { repository: options.chartRepository } : undefined,
    stateBackend: options.stateBackend ?? StateBackend.local(),
    ...(options.compliance ? { compliance: options.compliance } : {}),
    // The private API gateway, reached from the public cloud over the dedicated line (专线).
    dedicatedLineCidrs: ['10.200.0.0/24'],
    // API-server audit records leave the control planes for the security management centre's log store (MLPS3-9).
    audit: { logSink: 'syslog+tls://audit.zj.gov.internal:6514' },
    recovery: {
      // The Ningbo DR centre's object store receives Velero backups (and, with the shelf, PostgreSQL WAL).
      backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-landing-zone-backups' },
      // The Hangzhou pair runs dual-active storage arrays: volumes of the class `metro-replicated` are written to both
      // sites before they are acknowledged; the arrays' quorum (arbitration) service runs in the Ningbo centre.
      metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
      // Honest about what is not met yet: PostgreSQL promotion across the sites is manual in CloudNativePG 1.30 (page,
      // decide, fence, check, promote, switch the address): about 26 minutes, so the 15-minute RTO of the clouds whose
      // departments use the shared PostgreSQL is not met until a promotion automation is in place and drilled.
      // Every Sunday 02:00 one department's latest backup is restored into a scratch namespace and checked.
      restoreVerification: { schedule: '0 2 * * 0' },
      acceptedShortfalls: {
        health: 'PostgreSQL promotion across the sites is manual (CloudNativePG 1.30): about 26 min until an automated promotion is drilled',
        egov: 'PostgreSQL promotion across the sites is manual (CloudNativePG 1.30): about 26 min until an automated promotion is drilled',
      },
    },
  });

  const health = hub.addIndustryCloud('health', {
    displayName: '医疗健康行业云',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 }),
  });
  const education = hub.addIndustryCloud('education', {
    displayName: '教育行业云',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.GENERAL,
    recovery: RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 15, availability: 0.999 }),
  });
  const gov = hub.addIndustryCloud('egov', {
    displayName: '政务服务行业云',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: RecoveryObjective.SEED,
    requireDomesticHardware: true,
  });

  // The shelf: run once by the hub on each private production cluster, granted to departments below.
  hub.middleware.add(
    new PostgresOffering({
      instances: 3,
      storageGi: 500,
      pooler: { instances: 2 },
      // One database over the Hangzhou pair: the primary on hz-a-core, a replica cluster on hz-b-core streaming
      // from it through the addresses the data-centre network routes between the sites.
      siteEndpoints: {
        'hz-a-core': { host: 'pg-hz-a.zj.gov.internal', cidr: '10.31.1.10/32', sourceCidr: '10.21.0.0/16' },
        'hz-b-core': { host: 'pg-hz-b.zj.gov.internal', cidr: '10.32.1.10/32', sourceCidr: '10.22.0.0/16' },
      },
      // Asynchronous between the sites (no department needs RPO 0); the WAL archive at the Ningbo DR centre bounds
      // the loss: 60 s + upload, inside the 5-minute objective.
      archiveTimeoutSeconds: 60,
      ...(options.postgresPrimaryCluster ? { primaryCluster: options.postgresPrimaryCluster } : {}),
      allowDestroy: options.allowDestroy,
    }),
  );
  hub.middleware.add(new RedisOffering({ replicas: 3, sentinels: 3, memoryGi: 8, allowDestroy: options.allowDestroy }));
  hub.middleware.add(new KafkaOffering({ brokers: 3, storageGi: 1000, allowDestroy: options.allowDestroy }));

  const q = (cpu: number, memoryGi: number, storageGi: number, pods: number) => ({ cpu, memoryGi, storageGi, pods });
  const wjw = health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: q(64, 256, 2048, 400), admins: ['wjw-admins'], viewers: ['wjw-auditors'] });
  const ybj = health.addTenant('ybj', { displayName: '省医疗保障局', quota: q(48, 192, 1024, 300), admins: ['ybj-admins'] });
  const jkm = health.addTenant('jkm', { displayName: '健康码运营中心', quota: q(96, 384, 512, 600), admins: ['jkm-admins'] });
  health.addTenant('cdc', { displayName: '省疾病预防控制中心', quota: q(32, 128, 1024, 200), admins: ['cdc-admins'] });
  health.addTenant('yjj', { displayName: '省药品监督管理局', quota: q(16, 64, 256, 100), admins: ['yjj-admins'] });

  education.addTenant('jyt', { displayName: '省教育厅', quota: q(64, 256, 1024, 400), admins: ['jyt-admins'] });
  // Exam results (高考查分) bring 10–100× the usual load for a few days a year.
  const ksy = education.addTenant('ksy', {
    displayName: '省教育考试院',
    quota: q(48, 192, 512, 300),
    admins: ['ksy-admins'],
    burst: { cluster: 'ali-burst', maxCpu: 128, maxPods: 600 },
  });
  new BurstAutoscaler(education.stack, 'ksy-score-query', { tenant: ksy, deployment: 'score-query', cpuPerPod: 0.5 });
  education.addTenant('kjt', { displayName: '省科学技术厅', quota: q(16, 64, 256, 100), admins: ['kjt-admins'] });
  education.addTenant('tyj', { displayName: '省体育局', quota: q(8, 32, 128, 50), admins: ['tyj-admins'] });

  const dsj = gov.addTenant('dsj', { displayName: '省大数据发展管理局', quota: q(128, 512, 4096, 800), admins: ['dsj-admins'], viewers: ['dsj-auditors'] });
  const zwfw = gov.addTenant('zwfw', { displayName: '省政务服务中心', quota: q(64, 256, 1024, 400), admins: ['zwfw-admins'] });
  gov.addTenant('rst', { displayName: '省人力资源和社会保障厅', quota: q(48, 192, 2048, 300), admins: ['rst-admins'] });
  gov.addTenant('gat', { displayName: '省公安厅', quota: q(96, 384, 4096, 600), admins: ['gat-admins'] });
  gov.addTenant('mzt', { displayName: '省民政厅', quota: q(24, 96, 512, 150), admins: ['mzt-admins'] });

  const postgres = hub.middleware.get('postgres');
  postgres.grantConnect(wjw, { database: 'wjw' });
  postgres.grantConnect(ybj);
  postgres.grantConnect(dsj);
  postgres.grantConnect(zwfw);
  const redis = hub.middleware.get('redis');
  redis.grantConnect(jkm);
  redis.grantConnect(zwfw);
  redis.grantConnect(ksy);
  const kafka = hub.middleware.get('kafka');
  kafka.grantConnect(dsj);
  kafka.grantConnect(jkm);
  return hub;
}
