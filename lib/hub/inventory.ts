import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { LandingZoneContext } from '../core/context';
import type { ICluster, IIndustryCloud, IProvinceHub, ITenant } from '../core/contracts';
import { ResourceAmounts } from '../core/quantities';
import { countResources } from '../private/stack-resources';
import { libraryVersion } from '../private/version';
import { type IndustryCloudRecord, INVENTORY_SCHEMA_VERSION, type InventoryFile, type ProvinceRecord, type StackRecord, type TenantRecord } from '../schema/inventory';

export { INVENTORY_SCHEMA_VERSION };

/** A tenant's entry in inventory.json (lib/schema/inventory.ts). */
export type TenantInventory = TenantRecord;
/** A province's entry in inventory.json (lib/schema/inventory.ts). */
export type ProvinceInventory = ProvinceRecord;
/** A stack's entry in inventory.json (lib/schema/inventory.ts). */
export type StackInventory = StackRecord;
/** inventory.json (lib/schema/inventory.ts). */
export type InventoryDocument = InventoryFile;

/**
 * `<outdir>/gov-lz/inventory.json`: the domain model of everything in the app, for the review and for
 * auditors. Deterministic: lists are sorted by code, keys are written in a fixed order.
 */
export class Inventory {
  /** The inventory of the app `scope` belongs to; registers the artifact on first use. */
  public static of(scope: IConstruct): Inventory {
    const ctx = LandingZoneContext.of(scope);
    return ctx.appState('inventory', () => {
      const inv = new Inventory(scope.node.root);
      // Built once the gate has passed (the model is frozen then): the file and the after-synth review read the same
      // document. Before that (a test rendering the artifact while it builds the app), it is built afresh each time.
      let doc: InventoryDocument | undefined;
      const document = () => doc ?? (ctx.gatePassed ? (doc = inv.toJSON()) : inv.toJSON());
      ctx.addArtifact('inventory.json', () => JSON.stringify(document(), null, 2) + '\n', document);
      return inv;
    });
  }

  private readonly sources: Array<() => ProvinceInventory> = [];

  private constructor(private readonly root: IConstruct) {}

  /** Adds a province (a hub, or a published hub with a city's tenants). */
  public addSource(source: () => ProvinceInventory): void {
    this.sources.push(source);
  }

  public toJSON(): InventoryDocument {
    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generator: `cdktf-gov-landing-zone@${libraryVersion()}`,
      provinces: this.sources.map((s) => s()).sort((a, b) => a.province.localeCompare(b.province)),
      stacks: stackInventory(this.root),
    };
  }
}

/** Name, dependencies and resource count of every stack under `root`. */
export function stackInventory(root: IConstruct): StackInventory[] {
  const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  return stacks
    .map((stack) => {
      return { name: stack.node.id, path: stack.node.path, dependsOn: stack.dependencies.map((d) => d.node.id).sort(), resources: countResources(stack) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The numeric fields of an amount, for the inventory. */
export function amounts(a: Partial<ResourceAmounts> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['cpu', 'memoryGi', 'storageGi', 'pods'] as const) {
    const v = a?.[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/** The inventory entry of one tenant. */
export function tenantInventory(t: ITenant): TenantInventory {
  return {
    code: t.code,
    displayName: t.displayName,
    industryCloud: t.industryCloud.code,
    stack: TerraformStack.of(t).node.id,
    namespace: t.namespace,
    quota: amounts(t.quota),
    admins: [...t.admins],
    viewers: [...t.viewers],
    placements: t.placements.map((p) => ({
      cluster: p.cluster.name,
      namespace: p.namespace,
      cloud: String(p.cluster.cloud),
      quota: amounts(p.quota),
      ...(p.kind === 'edge' ? { kind: 'edge', edgeZone: String(p.edgeZone) } : {}),
    })),
    networkRules: t.networkRules.map((r) => ({ name: r.name, direction: r.direction, peers: [...r.peers], ports: [...r.ports], ...(r.clusters ? { clusters: [...r.clusters] } : {}) })),
    addresses: t.addresses().map((a) => a.address),
    ...renderExtras(t.inventoryFields),
  };
}

/** Renders extension fields in key order, so the output does not depend on the order layers added them. */
function renderExtras(extras: ReadonlyMap<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...extras.keys()].sort()) out[key] = extras.get(key)!();
  return out;
}

/** A cluster's codes, capacity and what is reserved on it, as the inventory and the hub contract give them. */
export function clusterFacts(c: ICluster, allocated: Partial<ResourceAmounts> | undefined) {
  return {
    name: c.name,
    site: c.site,
    cloud: String(c.cloud),
    arch: String(c.arch),
    displayName: c.displayName,
    capacity: amounts(c.capacity),
    allocated: amounts(allocated),
  };
}

/** What a province entry is made of: a hub of one's own, or a published hub with a city project's tenants. */
export interface ProvinceInventorySource {
  readonly hub: IProvinceHub;
  readonly stateBackend: string;
  readonly stacks: { hub: string; platform: Record<string, string> };
  readonly allocations: ReadonlyMap<string, { amounts: Partial<ResourceAmounts> }>;
  /** Industry clouds with what only their kind knows (stacks, shards…), beside the common fields. */
  readonly industryClouds: ReadonlyArray<{ ic: IIndustryCloud; extra: Pick<IndustryCloudRecord, 'stacks' | 'shards' | 'retiredStacks'> }>;
  readonly tenants: readonly ITenant[];
  /** Fields after the common ones, before the sections. @default - none */
  readonly extra?: Record<string, unknown>;
}

/** Renders a province entry; lists sorted by code. */
export function renderProvinceInventory(src: ProvinceInventorySource): ProvinceInventory {
  const { hub } = src;
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  return {
    province: hub.province,
    displayName: hub.displayName,
    registry: hub.registry,
    mlpsLevel: hub.mlpsLevel,
    overcommitRatio: hub.overcommitRatio,
    stateBackend: src.stateBackend,
    stacks: src.stacks,
    sites: hub.sites.map((s) => ({ name: s.name, city: s.city, role: String(s.role), region: s.region ?? null, displayName: s.displayName })),
    clusters: hub.clusters.map((c) => ({ ...clusterFacts(c, src.allocations.get(c.name)?.amounts), platformStack: src.stacks.platform[c.name] ?? null })),
    industryClouds: src.industryClouds
      .map(({ ic, extra }) => ({
        code: ic.code,
        displayName: ic.displayName,
        clusters: [...ic.clusterNames],
        dataClass: String(ic.dataClass),
        recovery: ic.recovery ? ic.recovery.toJSON() : null,
        ...extra,
        tenants: ic.tenants.map((t) => t.code).sort(),
      }))
      .sort(byCode),
    tenants: src.tenants.map(tenantInventory).sort(byCode),
    ...src.extra,
    ...renderExtras(hub.inventorySections),
  };
}
