/**
 * `Tenant.addresses()` lists exactly what the tenant writes: before synthesis it builds the objects, after the
 * gate froze them it reads the frozen ones (the inventory of a large province would otherwise build every
 * body a second time).
 */
import { TerraformStack } from 'cdktf';
import { DataClass } from '../../lib';
import { ResourceBatch } from '../../lib/private/resource-batch';
import { newHub, stackJson } from '../helpers';

function province() {
  const { app, hub } = newHub();
  // GENERAL data: the stack then holds the tenant's own objects only (IMPORTANT data would need backups, MLPS3-22,
  // and the recovery layer's Velero Schedules would be written beside them).
  const ic = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  const wjw = ic.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 }, admins: ['wjw-admins'] });
  wjw.addNetworkRule({ name: 'pg', direction: 'egress', peers: [{ namespace: 'gov-lz-middleware' }], ports: [{ port: 5432 }], clusters: ['hz-b-core'] });
  return { app, wjw };
}

const written = (app: ReturnType<typeof province>['app']) => Object.entries(stackJson(app, 'zj-health').resource).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`));

test('the same addresses before and after synthesis, and exactly the ones written', () => {
  const { app, wjw } = province();
  const before = wjw.addresses();
  app.synth();
  const after = wjw.addresses();
  expect(after).toEqual(before);
  expect(after.map((a) => a.address).sort()).toEqual(written(app).sort());
  expect(after.filter((a) => a.address.endsWith('--egress-pg'))).toEqual([{ cluster: 'hz-b-core', address: 'kubernetes_network_policy_v1.wjw--hz-b-core--egress-pg' }]);
});

test('a rule added before synthesis is listed even when the objects were built earlier', () => {
  const { app, wjw } = province();
  const first = wjw.addresses().length;
  // Build the batch content once before the rule exists (as a check or a tool reading it early would).
  for (const b of ResourceBatch.of(TerraformStack.of(wjw))) expect(b.resources.length).toBeGreaterThan(0);
  wjw.addNetworkRule({ name: 'office', direction: 'ingress', peers: [{ cidr: '10.0.0.0/8' }], ports: [{ port: 443 }] });
  expect(wjw.addresses()).toHaveLength(first + 2);
  app.synth();
  expect(wjw.addresses()).toHaveLength(first + 2);
  expect(written(app)).toHaveLength(first + 2);
});
