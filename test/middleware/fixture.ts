/** A small province with two industry clouds for the middleware tests. */
import { App } from 'cdktf';
import { DataClass, ITenant, ProvinceHub, ProvinceHubProps } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { newHub, stackJson } from '../helpers';

export interface Fixture {
  readonly app: App;
  readonly hub: ProvinceHub;
  /** health (hz-a-core, hz-b-core): wjw, ybj. */
  readonly wjw: ITenant;
  readonly ybj: ITenant;
  /** burst (ali-burst, public, GENERAL): web. */
  readonly web: ITenant;
}

export function fixture(overrides: Partial<ProvinceHubProps> = {}): Fixture {
  const { app, hub } = newHub(overrides);
  // GENERAL data: these tests read the shelf without the recovery layer. An IMPORTANT cloud must be backed up (MLPS3-22),
  // and a backup location makes PostgreSQL one database over the sites (test/recovery/data-follows.test.ts).
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  const burst = hub.addIndustryCloud('citizen', { displayName: '便民服务', clusters: ['ali-burst'], dataClass: DataClass.GENERAL });
  const q = { cpu: 8, memoryGi: 32 };
  return {
    app,
    hub,
    wjw: health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: q }),
    ybj: health.addTenant('ybj', { displayName: '省医疗保障局', quota: q }),
    web: burst.addTenant('web', { displayName: '浙里办', quota: q }),
  };
}

/** Synthesizes and returns the resources of the hub stack, the health stack and a platform stack. */
export function synthResources(app: App): { hub: any; health: any; platform: (cluster: string) => any; variables: (stack: string) => any } {
  app.synth();
  return {
    hub: stackJson(app, 'zj-hub').resource ?? {},
    health: stackJson(app, 'zj-health').resource ?? {},
    platform: (cluster: string) => stackJson(app, `zj-platform-${cluster}`).resource ?? {},
    variables: (stack: string) => stackJson(app, stack).variable ?? {},
  };
}

/** `type.name` of every resource in a stack's resource block. */
export function addresses(resources: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(resources)
    .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
    .sort();
}

/** The warnings the checks report, as `path: message`; the compliance pack's own (`[MLPS3-<n>] …`) are tested in test/compliance. */
export function warnings(app: App): string[] {
  return LandingZoneContext.of(app)
    .run()
    .warnings.filter((w) => !w.message.startsWith('[MLPS3-'))
    .map((w) => `${typeof w.at === 'string' ? w.at : w.at.node.path}: ${w.message}`);
}
