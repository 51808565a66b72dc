/**
 * The extension interface features bind through (lib/core/extension.ts), with the example of CONTRIBUTING.md
 * ("Adding a feature"): a feature that writes a notice into every tenant namespace, with its own tenant option
 * (declared by module augmentation of TenantFeatureOptions), an inventory section and a capability it offers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ProvinceHub, ProvinceHubBase } from '../../lib';
import type { ITenant } from '../../lib/core/contracts';
import { CapabilityKey, HubCapabilities, IHubFeature, IHubHost } from '../../lib/core/extension';
import * as k8s from '../../lib/private/k8s';
import { batchFor } from '../../lib/private/resource-batch';
import { hubProps, newApp, newHub, stackJson } from '../helpers';

declare module '../../lib/core/contracts' {
  interface TenantFeatureOptions {
    /** Text of the department's notice, written to a ConfigMap in each of its namespaces. @default - none */
    readonly notice?: string;
  }
}

/** What the notice feature offers other features. */
interface INotices {
  noticeOf(tenant: ITenant): string | undefined;
}
const NOTICES = new CapabilityKey<INotices>('notices');

/** The example feature: everything it does goes through the host it binds to. */
class Notices implements IHubFeature, INotices {
  private readonly texts = new Map<ITenant, string>();

  public bind(host: IHubHost): void {
    host.onTenantRegistered((tenant) => {
      // Listeners run inside the Tenant's constructor: read it lazily, in a batch producer run at synth.
      const text = tenant.featureOptions?.notice;
      if (text === undefined) return;
      this.texts.set(tenant, text);
      batchFor(tenant, 'Notice').addProducer(() =>
        tenant.placements.map((p) => {
          const t = k8s.manifest({ manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notice', namespace: p.namespace }, data: { text } } });
          // The tenant made the providers of its clusters in its stack.
          return { type: t.type, name: `${tenant.code}--${p.cluster.name}--notice`, body: { ...t.body, provider: `kubernetes.${p.cluster.name}` } };
        }),
      );
    });
    host.addInventorySection('notices', () => [...this.texts].map(([t, text]) => ({ tenant: t.code, text })));
    host.provide(NOTICES, this);
  }

  public noticeOf(tenant: ITenant): string | undefined {
    return this.texts.get(tenant);
  }
}

test('a feature binds to the hub, reads its own tenant option and writes into the tenant stack', () => {
  const { app, hub } = newHub();
  const notices = hub.addFeature(new Notices());
  const health = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'] });
  const wjw = health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 }, notice: '${not a template}' });
  health.addTenant('jkm', { displayName: '健康码专班', quota: { cpu: 4, memoryGi: 16 } });
  app.synth();

  const resources = stackJson(app, 'zj-health').resource.kubernetes_manifest;
  expect(
    Object.keys(resources)
      .filter((k) => k.endsWith('--notice'))
      .sort(),
  ).toEqual(['wjw--hz-a-core--notice', 'wjw--hz-b-core--notice']);
  // Literal text stays literal: the writer escapes it like everything else.
  expect(resources['wjw--hz-a-core--notice'].manifest.data.text).toBe('$${not a template}');
  expect(hub.capability(NOTICES)).toBe(notices);
  expect(hub.capability(NOTICES)!.noticeOf(wjw)).toBe('${not a template}');
  const inventory = JSON.parse(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'inventory.json'), 'utf8'));
  expect(inventory.provinces[0].notices).toEqual([{ tenant: 'wjw', text: '${not a template}' }]);
});

test('the hub model alone has no feature; the composition root attaches recovery, the shelf and compliance', () => {
  const app = newApp();
  const model = new ProvinceHubBase(app, 'zj', hubProps());
  expect(model.recovery).toBeUndefined();
  expect(model.capability(HubCapabilities.RECOVERY)).toBeUndefined();
  expect(model.own.hubStack.node.id).toBe('zj-hub');

  const { hub } = newHub();
  expect(hub).toBeInstanceOf(ProvinceHub);
  expect(hub.capability(HubCapabilities.RECOVERY)).toBe(hub.recovery);
  expect(hub.middleware.hub).toBe(hub);
  expect(hub.complianceChecks).toBeDefined();
});

test('a capability is offered once per hub; a feature is bound once', () => {
  const { hub } = newHub();
  const notices = hub.addFeature(new Notices());
  expect(() => hub.provide(NOTICES, notices)).toThrow('zj: capability notices is provided twice');
  expect(() => hub.addFeature(hub.recovery)).toThrow('bound to a hub twice');
  expect(() => hub.addFeature(hub.middleware)).toThrow('bound to a hub twice');
});

test('a stack the hub lays out later reaches the features that listen for stacks', () => {
  const { hub } = newHub();
  const seen: string[] = [];
  hub.own.onStackAdded((s) => seen.push(s.node.id));
  hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'], shards: 2 });
  expect(seen).toEqual(['zj-health-1', 'zj-health-2']);
});
