/**
 * County edge zones (区县边缘节点) as a hub feature: `hub.addEdgeZone(name, props)` declares a zone (an OpenYurt
 * NodePool on a hub cluster), `TenantOptions.edge` places a department there. What it lays down:
 *
 * - platform stack of each cluster with a zone: the yurt-manager chart (`helm_release.yurt-manager--<cluster>`), which
 *   brings the NodePool CRD (phase 1, like the middleware operators);
 * - hub stack: the NodePool of each zone (`kubernetes_manifest.edge-<zone>--<cluster>--nodepool`) and, per cluster, the
 *   edge admission policy ({@link edgeZonePolicy}) that pins the zone's namespaces to its pool and keeps everybody else
 *   off its nodes;
 * - each department placed at the edge gets a namespace `<code>-<zone>` on the zone's cluster, with its own quota and
 *   everything a home namespace has (labels, LimitRange, default-deny policies, role bindings, deployer).
 *
 * Checked at synth: names, the zone's site and cluster, IMPORTANT/CORE data only where the zone declares the MLPS
 * controls, one department per zone whose network does not enforce NetworkPolicy (GENERAL departments may share one
 * when each accepts it: a suppression of MLPS3-28 with reason, owner and expiry), edge quotas within the zone's
 * capacity, latency and bandwidth objectives the link meets.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ITenant, TenantPlacement, TenantQuota } from '../core/contracts';
import { DataClass } from '../core/enums';
import type { IHubFeature, IHubHost } from '../core/extension';
import { Annotations, Labels } from '../core/labels';
import { HubNamespaces, isReservedNamespace } from '../core/names';
import { checkAmount, round3 } from '../core/quantities';
import { chartSource } from '../private/charts';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { stableJson } from '../private/stable-json';
import type { EdgeZonesSection, TenantEdgeRecord } from '../schema/inventory';
import { ClusterConnection } from '../topology/cluster-connection';
import { ApiServerWebhooks } from '../topology/management-ingress';
import { EDGE_POLICY_NAME, edgeZonePolicy } from './edge-policy';
import { EdgeZone, EdgeZoneProps, NODE_POOL_LABEL } from './edge-zone';

declare module '../core/contracts' {
  interface TenantFeatureOptions {
    /**
     * County edge zones the department runs in, with the quota it has in each: a namespace `<code>-<zone>` on the
     * zone's cluster whose pods the admission policy pins to the zone's node pool.
     * @default - the department runs at no edge zone
     */
    readonly edge?: TenantEdgeOptions;
  }
}

/** The `edge` option of a tenant. */
export interface TenantEdgeOptions {
  /** Names of the hub's edge zones, e.g. `['yuhang']`. */
  readonly zones: string[];
  /** Quota of the department's namespace in each zone (within the zone's capacity, shared with the zone's other departments). */
  readonly quota: TenantQuota;
  /** Round-trip latency to the site the department's edge workloads need at most, ms: refused where the link is slower. @default - no objective */
  readonly latencyObjectiveMs?: number;
  /** Bandwidth to the site the department's edge workloads need at least, Mbit/s: refused where the link is narrower. @default - no objective */
  readonly bandwidthObjectiveMbps?: number;
}

/** The yurt-manager chart (OpenYurt), pinned: it installs the NodePool CRD the zones need. */
export const YURT_MANAGER_CHART = { chart: 'yurt-manager', version: '1.7.0', appVersion: 'v1.7.0' } as const;

/**
 * yurt-manager's values: its image and node-servant's from the hub registry under their upstream path
 * (`openyurt/yurt-manager` → `<registry>/openyurt/yurt-manager`), node-servant pinned to the release instead of the
 * chart's `latest`: an air-gapped cluster cannot pull from Docker Hub, and only the hub registry scans what it serves
 * (MLPS3-46).
 */
export function yurtManagerValues(registry: string): Record<string, unknown> {
  return {
    image: { registry: `${registry}/openyurt`, repository: 'yurt-manager' },
    nodeServant: { image: { registry: `${registry}/openyurt`, repository: 'node-servant', tag: YURT_MANAGER_CHART.appVersion } },
  };
}
/** Port the API server calls yurt-manager's admission webhooks on (chart 1.7.0 `ports.webhook`). */
export const YURT_MANAGER_WEBHOOK_PORT = 10273;

/** The hub's edge zones: what `hub.addEdgeZone` adds to, and `hub.edgeZones` lists. */
export class EdgeZones implements IHubFeature {
  private host?: IHubHost;
  private scope?: Construct;
  private readonly zones: EdgeZone[] = [];
  private readonly releases = new Set<string>();
  private readonly edgeTenants: Array<{ tenant: ITenant; options: TenantEdgeOptions }> = [];
  /** tenant × zone pairs already placed. */
  private readonly placedPairs = new Set<string>();

  public bind(host: IHubHost): void {
    this.host = host;
    if (host.own) {
      this.scope = new Construct(host.own.hubStack, 'EdgeZones');
      batchFor(this.scope).addProducer(() => this.hubObjects());
    }
    host.onTenantRegistered((t) => {
      const options = t.featureOptions?.edge;
      if (options === undefined) return;
      this.edgeTenants.push({ tenant: t, options });
      this.placeAll();
    });
    LandingZoneContext.of(host).addCheck((r) => this.check(r));
    host.addInventorySection('edgeZones', () => this.inventory());
  }

  /** The zones declared so far. */
  public get all(): readonly EdgeZone[] {
    return [...this.zones];
  }

  /** Declares a county edge zone on a cluster of one of the hub's sites. */
  public add(name: string, props: EdgeZoneProps): EdgeZone {
    const host = this.requireHost();
    const zone = new EdgeZone(host, name, props);
    this.zones.push(zone);
    const cluster = zone.cluster;
    const platform = cluster ? host.own?.platformStacks.get(cluster.name) : undefined;
    if (cluster && platform && !this.releases.has(cluster.name)) {
      this.releases.add(cluster.name);
      const conn = ClusterConnection.of(platform, cluster);
      const release = new Release(platform, 'EdgeYurtManager', {
        provider: conn.helmProvider,
        name: YURT_MANAGER_CHART.chart,
        namespace: HubNamespaces.SYSTEM,
        ...chartSource(host.chartRepository ?? `oci://${host.registry}/charts`, YURT_MANAGER_CHART.chart),
        version: YURT_MANAGER_CHART.version,
        values: [stableJson(yurtManagerValues(host.registry))],
        atomic: true,
        cleanupOnFail: true,
        wait: true,
        timeout: 600,
        maxHistory: 5,
      });
      release.overrideLogicalId(`${YURT_MANAGER_CHART.chart}--${cluster.name}`);
      release.addOverride('depends_on', [`kubernetes_namespace_v1.${HubNamespaces.SYSTEM}--${cluster.name}`]);
      ApiServerWebhooks.of(platform, cluster).add({ component: 'yurt-manager', namespace: HubNamespaces.SYSTEM, ports: [YURT_MANAGER_WEBHOOK_PORT] });
    }
    // Providers exist before synthesis starts: creating constructs while cdktf renders is not allowed.
    if (cluster && this.scope) ClusterConnection.of(this.scope, cluster);
    this.placeAll();
    return zone;
  }

  /** The zone of a name, if declared. */
  public get(name: string): EdgeZone | undefined {
    return this.zones.find((z) => z.name === name);
  }

  /** The departments placed in a zone, by code order. */
  public tenantsOf(zone: EdgeZone): ITenant[] {
    return this.edgeTenants
      .filter(({ options }) => Array.isArray(options?.zones) && options.zones.includes(zone.name))
      .map(({ tenant }) => tenant)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The namespace of a department in a zone. */
  public static namespaceOf(tenantCode: string, zone: string): string {
    return `${tenantCode}-${zone}`;
  }

  private requireHost(): IHubHost {
    if (!this.host) throw new Error('EdgeZones is used before it is bound to a hub (hub.addFeature)');
    return this.host;
  }

  /** Gives every department the placements of the zones it names that are declared and usable (checks report the rest). */
  private placeAll(): void {
    for (const { tenant, options } of this.edgeTenants) {
      if (typeof tenant.addPlacement !== 'function' || !options || !Array.isArray(options.zones)) continue;
      for (const name of new Set(options.zones)) {
        const zone = this.zones.find((z) => z.name === name);
        const cluster = zone?.cluster;
        const key = `${tenant.code}\u0000${name}`;
        if (!zone || !cluster || this.placedPairs.has(key) || this.zones.filter((z) => z.name === name).length > 1) continue;
        this.placedPairs.add(key);
        tenant.addPlacement(this.placementFor(tenant, zone, options.quota));
      }
    }
  }

  private placementFor(tenant: ITenant, zone: EdgeZone, quota: TenantQuota): TenantPlacement {
    const selector = zone.nodeSelector;
    const tolerations = zone.taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value ?? '', effect: t.effect }));
    return {
      cluster: zone.cluster!,
      namespace: EdgeZones.namespaceOf(tenant.code, zone.name),
      quota,
      kind: 'edge',
      edgeZone: zone.name,
      namespaceLabels: { [Labels.EDGE_ZONE]: zone.name, [Labels.EDGE_NETWORK_POLICY]: zone.enforcesNetworkPolicy ? 'enforced' : 'not-enforced' },
      namespaceAnnotations: {
        // PodNodeSelector and PodTolerationRestriction (when the API server runs them) give every pod the zone's
        // selector and tolerations; without them the admission policy refuses pods that do not ask for the pool.
        [Annotations.NODE_SELECTOR]: Object.keys(selector)
          .sort()
          .map((k) => `${k}=${selector[k]}`)
          .join(','),
        [Annotations.DEFAULT_TOLERATIONS]: JSON.stringify(tolerations),
      },
    };
  }

  private hubObjects(): BatchResource[] {
    const out: BatchResource[] = [];
    const byCluster = new Map<string, EdgeZone[]>();
    for (const z of this.usableZones()) byCluster.set(z.clusterName, [...(byCluster.get(z.clusterName) ?? []), z]);
    for (const [clusterName, zones] of [...byCluster].sort(([a], [b]) => a.localeCompare(b))) {
      const cluster = zones[0].cluster!;
      const conn = ClusterConnection.of(this.scope!, cluster);
      for (const z of [...zones].sort((a, b) => a.name.localeCompare(b.name))) {
        const pool = k8s.manifest({ manifest: z.nodePoolManifest() });
        out.push({ type: pool.type, name: `edge-${z.name}--${clusterName}--nodepool`, body: { ...pool.body, provider: conn.kubernetesProviderRef } });
      }
      const pair = edgeZonePolicy(zones.map((z) => ({ name: z.name, nodePool: z.nodePool, taints: z.taints, namespaces: this.tenantsOf(z).map((t) => EdgeZones.namespaceOf(t.code, z.name)) })));
      const policy = k8s.manifest({ manifest: pair.policy });
      const binding = k8s.manifest({ manifest: pair.binding });
      const policyName = `${EDGE_POLICY_NAME}--${clusterName}`;
      out.push({ type: policy.type, name: policyName, body: { ...policy.body, provider: conn.kubernetesProviderRef } });
      out.push({ type: binding.type, name: `${policyName}--binding`, body: { ...binding.body, provider: conn.kubernetesProviderRef, depends_on: [`${policy.type}.${policyName}`] } });
    }
    return out;
  }

  /** Zones whose name and cluster are sound enough to write (the others are reported). */
  private usableZones(): EdgeZone[] {
    return this.zones.filter((z) => z.cluster !== undefined && typeof z.name === 'string' && this.zones.filter((o) => o.name === z.name).length === 1);
  }

  private check(r: ProblemReporter): void {
    const host = this.requireHost();
    const seen = new Set<string>();
    const pools = new Map<string, EdgeZone>();
    for (const z of this.zones) {
      z.check(r);
      if (seen.has(z.name)) r.error(z.path, { code: 'duplicate', value: z.name, message: `edge zone "${z.name}" is declared twice`, fix: 'give every county zone its own name' });
      seen.add(z.name);
      const poolKey = `${String(z.clusterName)}/${String(z.nodePool)}`;
      const other = pools.get(poolKey);
      if (other && other !== z) {
        r.error(z.path, {
          code: 'duplicate',
          value: z.nodePool,
          message: `node pool "${z.nodePool}" of cluster "${z.clusterName}" is already edge zone "${other.name}"`,
          fix: 'give each zone its own node pool',
        });
      }
      pools.set(poolKey, z);
      if (!host.own) {
        r.error(z.path, { code: 'published-hub', value: z.name, message: 'edge zones are declared by the hub project', fix: "declare the zone in the hub's own project (hub.addEdgeZone)" });
      }
    }
    for (const { tenant, options } of this.edgeTenants) this.checkTenant(r, tenant, options);
    for (const z of this.usableZones()) this.checkZoneTenants(r, z);
  }

  private checkTenant(r: ProblemReporter, t: ITenant, o: TenantEdgeOptions): void {
    const host = this.requireHost();
    if (o === null || typeof o !== 'object' || !Array.isArray(o.zones) || o.zones.length === 0) {
      r.error(t, { code: 'missing-value', value: o, message: 'edge must name the zones the department runs in', fix: "e.g. edge: { zones: ['yuhang'], quota: { cpu: 8, memoryGi: 32 } }" });
      return;
    }
    if (!host.own) {
      r.error(t, {
        code: 'published-hub',
        value: o.zones,
        message: `tenant "${t.code}" asks for edge zones, but the hub is a published one, whose contract carries no edge zones`,
        fix: 'place the department at the edge in the hub project, or remove edge',
      });
      return;
    }
    if (typeof t.addPlacement !== 'function') {
      r.error(t, { code: 'invalid-value', value: o.zones, message: 'the tenant cannot take an edge placement (it implements no addPlacement)', fix: 'use the Tenant construct of the landing zone' });
    }
    const q = o.quota ?? ({} as TenantQuota);
    for (const [field, required, integer] of [
      ['cpu', true, false],
      ['memoryGi', true, false],
      ['storageGi', false, false],
      ['pods', false, true],
    ] as const) {
      const v = q[field];
      if (v === undefined && !required) continue;
      const problem = checkAmount(v, `edge.quota.${field}`, { integer, min: required ? 0.001 : 0 });
      if (problem) r.error(t, { code: 'invalid-quantity', value: v, message: problem, fix: `set edge.quota.${field} to what the department needs in each zone` });
    }
    const dupes = o.zones.filter((z, i) => o.zones.indexOf(z) !== i);
    for (const d of new Set(dupes)) r.error(t, { code: 'duplicate', value: d, message: `edge.zones lists "${d}" twice`, fix: 'list each zone once' });
    for (const name of new Set(o.zones)) {
      const zone = this.get(name);
      if (!zone) {
        r.error(t, {
          code: 'unknown-edge-zone',
          value: name,
          message: `edge zone ${JSON.stringify(name)} is not declared on the hub`,
          fix: this.zones.length > 0 ? `use one of: ${this.zones.map((z) => z.name).join(', ')}` : `declare it with hub.addEdgeZone('${String(name)}', { site, cluster, nodePool })`,
        });
        continue;
      }
      const ns = EdgeZones.namespaceOf(t.code, zone.name);
      const clash = host.tenants.find((other) => other !== t && other.code === ns);
      if (ns.length > 63 || isReservedNamespace(ns) || clash) {
        r.error(t, {
          code: 'edge-namespace-clash',
          value: ns,
          message: clash
            ? `the edge namespace "${ns}" is the namespace of tenant "${clash.code}"`
            : `the edge namespace "${ns}" is ${ns.length > 63 ? 'longer than 63 characters' : 'reserved for Kubernetes or the hub'}`,
          fix: 'rename the zone or the tenant',
        });
      }
      this.checkDataClass(r, t, zone);
      this.checkLink(r, t, zone, o);
    }
  }

  /** IMPORTANT and CORE data only in a zone that declares every MLPS control the county machine room needs. */
  private checkDataClass(r: ProblemReporter, t: ITenant, zone: EdgeZone): void {
    const cls = DataClass.parse(t.dataClass);
    if (!cls || cls.value === DataClass.GENERAL.value) return;
    const missing = zone.missingControls;
    if (missing.length === 0) return;
    r.error(t, {
      code: 'edge-zone-lacks-controls',
      value: zone.name,
      message: `tenant "${t.code}" keeps ${cls.value} data (${cls.chineseName}), but edge zone "${zone.name}" does not declare the MLPS level 3 controls a county machine room needs for it: ${missing.join(', ')}`,
      fix: `declare them on the zone (controls: { ${missing.map((m) => `${m}: true`).join(', ')} }) once the machine room has them, or keep the department's ${cls.value} data at the site and place only GENERAL workloads at the edge`,
    });
  }

  private checkLink(r: ProblemReporter, t: ITenant, zone: EdgeZone, o: TenantEdgeOptions): void {
    for (const [field, value, link, linkField, worse] of [
      ['latencyObjectiveMs', o.latencyObjectiveMs, zone.linkLatencyMs, 'linkLatencyMs', (need: number, have: number) => have > need],
      ['bandwidthObjectiveMbps', o.bandwidthObjectiveMbps, zone.linkBandwidthMbps, 'linkBandwidthMbps', (need: number, have: number) => have < need],
    ] as const) {
      if (value === undefined) continue;
      const problem = checkAmount(value, `edge.${field}`, { min: 0.001 });
      if (problem) {
        r.error(t, { code: 'invalid-quantity', value, message: problem, fix: `set edge.${field} to a positive number, or leave it unset` });
        continue;
      }
      if (typeof link !== 'number') {
        r.error(t, {
          code: 'edge-link-unknown',
          value: zone.name,
          message: `tenant "${t.code}" sets edge.${field} ${value}, but edge zone "${zone.name}" declares no ${linkField}, so the objective cannot be shown to be met`,
          fix: `declare ${linkField} on the zone (measured on the link to site "${zone.site}")`,
        });
      } else if (worse(value, link)) {
        r.error(t, {
          code: 'edge-link-objective',
          value: { [field]: value, [linkField]: link },
          message: `tenant "${t.code}" needs ${field === 'latencyObjectiveMs' ? `a round trip of ${value} ms at most` : `${value} Mbit/s at least`} to site "${zone.site}", but the link of edge zone "${zone.name}" has ${link} ${field === 'latencyObjectiveMs' ? 'ms' : 'Mbit/s'}`,
          fix: `upgrade the county link, place the department in a zone whose link meets it, or relax edge.${field}`,
        });
      }
    }
  }

  /** One department per zone whose network does not enforce NetworkPolicy (GENERAL ones may share, each accepting it); quota within capacity. */
  private checkZoneTenants(r: ProblemReporter, zone: EdgeZone): void {
    const tenants = this.tenantsOf(zone);
    if (tenants.length === 0) return;
    if (!zone.enforcesNetworkPolicy && tenants.length > 1) {
      for (const t of tenants) {
        const cls = DataClass.parse(t.dataClass);
        if (cls && cls.value === DataClass.GENERAL.value) continue;
        r.error(t, {
          code: 'edge-zone-shared',
          value: zone.name,
          message: `edge zone "${zone.name}" does not enforce NetworkPolicy and hosts ${tenants.length} departments (${tenants.map((x) => x.code).join(', ')}), so their pods can reach each other; tenant "${t.code}" keeps ${cls?.value ?? String(t.dataClass)} data, which may not share such a zone`,
          fix: `give "${t.code}" a zone of its own, or run a CNI that enforces NetworkPolicy on the zone's nodes and declare enforcesNetworkPolicy: true`,
        });
      }
    }
    if (!zone.capacity) {
      r.error(zone.path, {
        code: 'edge-capacity-unknown',
        value: zone.name,
        message: `edge zone "${zone.name}" hosts ${tenants.map((t) => t.code).join(', ')} but declares no capacity, so their quotas cannot be checked against its nodes`,
        fix: "declare what the zone's nodes offer, e.g. capacity: { cpu: 32, memoryGi: 128 }",
      });
      return;
    }
    for (const field of ['cpu', 'memoryGi', 'storageGi', 'pods'] as const) {
      const cap = zone.capacity[field];
      if (typeof cap !== 'number') continue;
      const claims = tenants.map((t) => ({ t, v: this.quotaOf(t)?.[field] })).filter((c): c is { t: ITenant; v: number } => typeof c.v === 'number');
      const sum = round3(claims.reduce((a, c) => a + c.v, 0));
      if (sum <= cap) continue;
      r.error(zone.path, {
        code: 'edge-capacity-exceeded',
        value: { [field]: sum, capacity: cap },
        message: `edge quotas in zone "${zone.name}" reserve ${sum} ${field} (${claims.map((c) => `${c.t.code} ${c.v}`).join(', ')}), more than the zone's capacity of ${cap}`,
        fix: `lower the departments' edge.quota.${field}, or add nodes to the zone and raise capacity.${field}`,
      });
    }
  }

  private quotaOf(t: ITenant): TenantQuota | undefined {
    return this.edgeTenants.find((e) => e.tenant === t)?.options?.quota;
  }

  private inventory(): EdgeZonesSection {
    return this.zones
      .filter((z) => typeof z.name === 'string')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((z) => ({
        name: z.name,
        displayName: z.displayName,
        site: String(z.site),
        cluster: String(z.clusterName),
        nodePool: String(z.nodePool),
        nodeSelector: { [NODE_POOL_LABEL]: String(z.nodePool), [Labels.EDGE_ZONE]: z.name },
        enforcesNetworkPolicy: z.enforcesNetworkPolicy,
        autonomy: z.autonomy ? { minutes: z.autonomyMinutes } : null,
        ...(typeof z.linkLatencyMs === 'number' ? { linkLatencyMs: z.linkLatencyMs } : {}),
        ...(typeof z.linkBandwidthMbps === 'number' ? { linkBandwidthMbps: z.linkBandwidthMbps } : {}),
        ...(z.capacity ? { capacity: { ...z.capacity } } : {}),
        controls: Object.fromEntries(Object.entries(z.controls).filter(([, v]) => typeof v === 'boolean')),
        missingControls: z.missingControls,
        tenants: this.tenantsOf(z).map((t): TenantEdgeRecord => ({
          tenant: t.code,
          namespace: EdgeZones.namespaceOf(t.code, z.name),
          dataClass: String(DataClass.parse(t.dataClass)?.value ?? t.dataClass),
          quota: { ...(this.quotaOf(t) ?? { cpu: 0, memoryGi: 0 }) },
        })),
      }));
  }
}
