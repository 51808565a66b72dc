/**
 * An ISV publishes its own offering as an npm package: here a DM8 (达梦) database, defined only in this test,
 * built on the public `MiddlewareOffering` base class. The shelf knows it only through IMiddlewareOffering, so it
 * gets the same network isolation, credentials, inventory and checks as the built-in offerings, even when the ISV
 * package was built against another copy of this library.
 */
import * as lib from '../../lib';
import { artifact, synthProblems } from '../helpers';
import { defineDameng } from './dameng';
import { fixture, synthResources } from './fixture';

const DamengOffering = defineDameng(lib.MiddlewareOffering);

describe('an offering defined outside the library gets everything the shelf gives', () => {
  const f = fixture();
  f.hub.middleware.add(new DamengOffering({ instances: 2 }));
  f.hub.middleware.get('dameng').grantConnect(f.wjw);
  const r = synthResources(f.app);

  test('its instance and grant objects, addressed by the shelf conventions', () => {
    const dm = r.hub.kubernetes_manifest['dameng--hz-a-core'];
    expect(dm).toMatchObject({ provider: 'kubernetes.hz-a-core', lifecycle: { prevent_destroy: true } });
    expect(dm.manifest).toMatchObject({ kind: 'DMCluster', metadata: { name: 'dameng', namespace: 'gov-lz-middleware', labels: { 'gov-lz.io/offering': 'dameng' } } });
    expect(r.hub.kubernetes_manifest['wjw--dameng--hz-b-core--user'].depends_on).toEqual(['kubernetes_secret_v1.wjw--dameng--hz-b-core--password']);
    expect(r.platform('hz-a-core').helm_release['dm-operator--hz-a-core']).toMatchObject({ chart: 'dm-operator', version: '8.1.3', repository: 'oci://harbor.zj.gov.internal/charts' });
  });

  test('its network isolation, credentials and tenant secret', () => {
    expect(r.hub.kubernetes_network_policy_v1['wjw--dameng--hz-a-core'].spec.ingress[0].ports).toEqual([{ port: '5236', protocol: 'TCP' }]);
    expect(r.hub.kubernetes_network_policy_v1['dameng--hz-a-core--operator'].spec.ingress[0].ports).toEqual([{ port: '9100', protocol: 'TCP' }]);
    expect(r.health.kubernetes_secret_v1['wjw--dameng--hz-a-core'].data_wo).toEqual({
      host: 'dameng-primary.gov-lz-middleware.svc',
      port: '5236',
      username: 'WJW',
      password: '${var.gov_lz_dameng_passwords["wjw"]}',
    });
    expect(Object.keys(r.variables('zj-hub'))).toEqual(['gov_lz_dameng_passwords']);
  });

  test('its inventory entries', () => {
    const zj = JSON.parse(artifact(f.app, 'inventory.json')).provinces[0];
    expect(zj.middleware.offerings).toEqual([
      {
        name: 'dameng',
        kind: 'dameng',
        namespace: 'gov-lz-middleware',
        clusters: ['hz-a-core', 'hz-b-core'],
        endpoint: { host: 'dameng-primary.gov-lz-middleware.svc', port: 5236 },
        sizing: { instances: 2, perCluster: { cpu: 8, memoryGi: 32, storageGi: 400, pods: 2 } },
        operator: { chart: 'dm-operator', version: '8.1.3', repository: 'oci://harbor.zj.gov.internal/charts' },
        grants: ['wjw'],
      },
    ]);
    expect(zj.tenants.find((t: any) => t.code === 'wjw').grants).toEqual([
      { offering: 'dameng', kind: 'dameng', host: 'dameng-primary.gov-lz-middleware.svc', port: 5236, secretName: 'middleware-dameng', clusters: ['hz-a-core', 'hz-b-core'], user: 'WJW' },
    ]);
  });
});

test("and its checks: bad props, options it does not take, the shelf's own rules", () => {
  const f = fixture();
  f.hub.middleware.add(new DamengOffering({ instances: 0 }));
  f.hub.middleware.get('dameng').grantConnect(f.wjw, { database: 'x' });
  f.hub.middleware.get('dameng').grantConnect(f.wjw);
  expect(synthProblems(f.app).map((p) => `[${p.code}] ${p.message}`)).toEqual([
    '[invalid-quantity] dameng offering "dameng": instances must be at least 1',
    '[invalid-value] option "database" does not apply to the dameng offering "dameng"',
    '[duplicate] tenant "wjw" is granted offering "dameng" twice; a tenant has one database/user per offering',
  ]);
});

test('an ISV package built against another copy of this library works the same (no instanceof across copies)', () => {
  let other: typeof lib | undefined;
  const cdktf = require('cdktf');
  const constructs = require('constructs');
  jest.isolateModules(() => {
    // cdktf and constructs are peer dependencies: one copy per app. Only this library is loaded a second time.
    jest.doMock('cdktf', () => cdktf);
    jest.doMock('constructs', () => constructs);
    other = require('../../lib');
  });
  expect(other!.MiddlewareOffering).not.toBe(lib.MiddlewareOffering);
  const Foreign = defineDameng(other!.MiddlewareOffering);
  const f = fixture();
  const offering = f.hub.middleware.add(new Foreign());
  expect(offering instanceof lib.MiddlewareOffering).toBe(false);
  f.hub.middleware.get('dameng').grantConnect(f.ybj, { user: 'ybj-app' });
  const r = synthResources(f.app);
  expect(r.hub.kubernetes_manifest['dameng--hz-b-core'].manifest.kind).toBe('DMCluster');
  expect(r.hub.kubernetes_manifest['ybj--dameng--hz-b-core--user'].manifest.spec.user).toBe('YBJ_APP');
  expect(r.hub.kubernetes_network_policy_v1['ybj--dameng--hz-b-core']).toBeDefined();
  expect(r.health.kubernetes_secret_v1['ybj--dameng--hz-b-core'].data_wo.username).toBe('YBJ_APP');
  expect(r.health.kubernetes_network_policy_v1['ybj--hz-b-core--egress-middleware-dameng']).toBeDefined();
  expect(r.platform('hz-b-core').helm_release['dm-operator--hz-b-core']).toBeDefined();
});

describe("what an offering subclass throws while it is added (an ISV's bug, or props it read unchecked)", () => {
  test('is an offering-failed problem naming the offering, after the props the boundary took out', () => {
    const failing = new DamengOffering({ name: 'dm', instances: 10n } as never);
    // The ISV's method, as a bug (or a sum over a BigInt it read itself) would make it.
    (failing as unknown as { clusterAmounts: () => never }).clusterAmounts = () => {
      throw new TypeError('Cannot mix BigInt and other types, use explicit conversions');
    };
    const f = fixture();
    let error: unknown;
    try {
      f.hub.middleware.add(failing);
    } catch (e) {
      error = e;
    }
    expect(lib.LandingZoneError.isLandingZoneError(error)).toBe(true);
    const problems = (error as lib.LandingZoneError).problems;
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['invalid-value', 'zj-hub/Middleware-dm'],
      ['offering-failed', 'zj-hub/Middleware-dm'],
    ]);
    expect(problems[0].message).toBe('dameng offering props instances is a bigint; no prop of the landing zone takes one');
    expect(problems[1].message).toBe('DamengOffering.clusterAmounts() failed while the offering was added to the hub: Cannot mix BigInt and other types, use explicit conversions');
    expect(problems[1].fix).toBe('fix the props above');
  });
});
