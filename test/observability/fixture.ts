/** A small province with observability on, for the observability tests. */
import { App } from 'cdktf';
import { DataClass, ITenant, PostgresOffering, ProvinceHub, ProvinceHubProps, RedisOffering } from '../../lib';
import { newHub } from '../helpers';

export const OBSERVABILITY: ProvinceHubProps['observability'] = {
  retentionDays: 180,
  receivers: [{ name: 'zj-ops', webhookUrl: 'https://im.zj.gov.internal/hook/zj-ops' }],
};

export interface Observed {
  readonly app: App;
  readonly hub: ProvinceHub;
  /** health (hz-a-core, hz-b-core): wjw (routes to the IM gateway), ybj (no receivers); citizen (ali-burst): web. */
  readonly wjw: ITenant;
  readonly ybj: ITenant;
  readonly web: ITenant;
}

/** wjw and ybj granted postgres, wjw also redis (unless `grants: false`). */
export function observed(options: { grants?: boolean; overrides?: Partial<ProvinceHubProps> } = {}): Observed {
  const { app, hub } = newHub({ observability: OBSERVABILITY, ...options.overrides });
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  const citizen = hub.addIndustryCloud('citizen', { displayName: '便民服务', clusters: ['ali-burst'], dataClass: DataClass.GENERAL });
  const q = { cpu: 8, memoryGi: 32, storageGi: 100 };
  const wjw = health.addTenant('wjw', {
    displayName: '省卫生健康委员会',
    quota: q,
    alerting: { receivers: [{ name: 'wjw-oncall', webhookUrl: 'https://im.zj.gov.internal/hook/wjw' }] },
  });
  const ybj = health.addTenant('ybj', { displayName: '省医疗保障局', quota: q });
  const web = citizen.addTenant('web', { displayName: '浙里办', quota: q });
  hub.middleware.add(new PostgresOffering());
  hub.middleware.add(new RedisOffering());
  if (options.grants !== false) {
    hub.middleware.get('postgres').grantConnect(wjw);
    hub.middleware.get('postgres').grantConnect(ybj);
    hub.middleware.get('redis').grantConnect(wjw);
  }
  return { app, hub, wjw, ybj, web };
}
