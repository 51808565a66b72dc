/** A province that offers two blueprints (two versions of one), and city projects built on its contract. */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { DataClass, DepartmentBlueprint, HubContract, LandingZoneStack, PostgresOffering, ProvinceHub, PublishedHub, RecoveryObjective, RedisOffering } from '../../lib';
import { hubProps, newApp, RECOVERY, tmpdir } from '../helpers';

const rule = { name: 'to-exam-centre', direction: 'egress' as const, peers: [{ cidr: '10.80.0.0/24' }], ports: [{ port: 443 }] };

/** education-bureau@1 and @2, health-commission@1. */
export function blueprints(): DepartmentBlueprint[] {
  return [
    new DepartmentBlueprint('education-bureau', { version: 1, displayName: '教育局标准方案', quota: { cpu: 16, memoryGi: 64 }, grants: ['postgres'] }),
    new DepartmentBlueprint('education-bureau', {
      version: 2,
      displayName: '教育局标准方案',
      description: '招生、学籍、考试',
      quota: { cpu: 32, memoryGi: 128, storageGi: 1024, pods: 300 },
      dataClass: DataClass.IMPORTANT,
      networkRules: [rule],
      grants: [{ offering: 'postgres', options: {} }],
      optionalGrants: ['redis'],
      alerting: { receivers: [{ name: 'province-edu-noc', webhookUrl: 'https://im.zj.gov.internal/hook/edu-noc' }] },
    }),
    new DepartmentBlueprint('health-commission', { version: 1, quota: { cpu: 32, memoryGi: 128 }, dataClass: DataClass.IMPORTANT, recovery: RecoveryObjective.SEED, grants: ['postgres'] }),
  ];
}

/** The hub project: education and health industry clouds, postgres and redis on the shelf, the blueprints offered. */
export function hubApp(options: { app?: App; accept?: string[] } = {}): { app: App; hub: ProvinceHub } {
  const app = options.app ?? newApp();
  // Database promotion by a drilled orchestrator: the seed RTO holds for the PostgreSQL departments (manual promotion
  // would not: docs/recovery.md); observability, because blueprints carry alerting defaults.
  const hub = new ProvinceHub(
    app,
    'zj',
    hubProps({ recovery: { ...RECOVERY, automation: { databasePromotion: { tool: 'zj-dr-orchestrator 2.3', drilled: new Date().toISOString().slice(0, 10) } } }, observability: {} }),
  );
  hub.middleware.add(new PostgresOffering({ instances: 2, storageGi: 100 }));
  hub.middleware.add(new RedisOffering({ replicas: 2, memoryGi: 4 }));
  hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: RecoveryObjective.SEED });
  hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT, recovery: RecoveryObjective.SEED });
  for (const b of blueprints()) hub.addBlueprint(b);
  for (const f of options.accept ?? []) hub.middleware.acceptGrantRequests(f);
  return { app, hub };
}

/** The contract the hub project publishes (synthesized). */
export function publish(options: { accept?: string[] } = {}): HubContract {
  const { app } = hubApp(options);
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'zj-hub.json'), 'utf8'));
}

/** A city project on the contract: `build` adds its tenants. */
export function cityApp(contract: HubContract, stackName: string, build: (hub: ReturnType<typeof ProvinceHub.fromPublished>) => void): App {
  const app = newApp();
  const stack = new LandingZoneStack(app, stackName);
  const file = path.join(tmpdir('govlz-contract-'), 'zj-hub.json');
  fs.writeFileSync(file, JSON.stringify(contract));
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromFile(file));
  build(hub);
  return app;
}
