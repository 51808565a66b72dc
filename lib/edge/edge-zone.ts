/**
 * A county edge zone (区县边缘节点): an OpenYurt NodePool of a hub cluster, in a county machine room linked to one of
 * the hub's sites. The edge runtimes give placement and node autonomy, not isolation between departments: whether the
 * zone's network enforces NetworkPolicy is declared here (`enforcesNetworkPolicy`, false unless said), and the checks
 * of {@link EdgeZones} keep departments and data classes apart where it does not.
 */
import type { ProblemReporter } from '../core/context';
import type { ICluster, IProvinceHub } from '../core/contracts';
import { CloudKind } from '../core/enums';
import { isLabelValue, Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { checkCode } from '../core/names';
import { positional, type RemovedValue, reportRemoved, stripNulls } from '../core/props';
import { checkAmount } from '../core/quantities';

/** The node label OpenYurt puts on (and selects) the nodes of a NodePool. */
export const NODE_POOL_LABEL = 'apps.openyurt.io/nodepool';
/** The node annotation of OpenYurt 1.5+ edge autonomy: how long a node keeps its pods while cut off from the site (`0`: always). */
export const AUTONOMY_DURATION_ANNOTATION = 'node.openyurt.io/autonomy-duration';
/** Longest zone name: `<tenant>-<zone>` namespaces stay within 63 characters with the longest tenant code. */
export const ZONE_NAME_MAX = 20;

/** A taint of the zone's nodes. */
export interface EdgeTaint {
  readonly key: string;
  /** @default '' */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * The MLPS level 3 controls a county machine room needs before IMPORTANT or CORE data may be processed there. Each is
 * a declaration the zone's owner answers for in the assessment; the landing zone checks that all are made.
 */
export interface EdgeZoneControls {
  /** Electronic access control and video surveillance of the machine room (8.1.1.2, 8.1.1.3). @default false */
  readonly physicalAccessControl?: boolean;
  /** The link to the site is encrypted (IPsec or a national-cryptography VPN; 8.1.2.2, 8.1.4.8 a). @default false */
  readonly encryptedLink?: boolean;
  /** The edge nodes' disks are encrypted at rest (8.1.4.8 b). @default false */
  readonly encryptedStorage?: boolean;
  /** The edge nodes' audit and system logs are forwarded to the site's central audit (8.1.3.5, 8.1.5.4). @default false */
  readonly centralAudit?: boolean;
}

/** The controls IMPORTANT and CORE data need at the edge, in the order they are reported. */
export const REQUIRED_EDGE_CONTROLS: ReadonlyArray<keyof EdgeZoneControls> = ['physicalAccessControl', 'encryptedLink', 'encryptedStorage', 'centralAudit'];

/** Resources a zone's nodes offer the departments (what edge quotas are checked against). */
export interface EdgeZoneCapacity {
  readonly cpu: number;
  readonly memoryGi: number;
  /** @default - not limited */
  readonly storageGi?: number;
  /** @default - not limited */
  readonly pods?: number;
}

/** Properties of an edge zone: `hub.addEdgeZone(name, props)` ({@link ProvinceHub.addEdgeZone}). */
export interface EdgeZoneProps {
  /** The hub site the county links to, e.g. `hz-a`. */
  readonly site: string;
  /** The hub cluster whose control plane the edge nodes join (a PRIVATE cluster of that site). */
  readonly cluster: string;
  /** Name of the OpenYurt NodePool, e.g. `yuhang-edge` (a DNS-1123 subdomain). */
  readonly nodePool: string;
  /** County name for reports, e.g. `余杭区`. @default - the zone name */
  readonly displayName?: string;
  /**
   * Whether the zone's network (its CNI on the edge nodes) enforces NetworkPolicy. OpenYurt and KubeEdge do not promise
   * it: a zone that does not may host only one department, or GENERAL departments that each accept the sharing.
   * @default false
   */
  readonly enforcesNetworkPolicy?: boolean;
  /** Edge autonomy: nodes keep running their pods while the link to the site is down. @default true */
  readonly autonomy?: boolean;
  /** How long, in minutes, a cut-off node stays autonomous before its pods are evicted. @default - always (0) */
  readonly autonomyMinutes?: number;
  /** Round-trip latency of the link to the site, milliseconds. @default - unknown: no department may set a latency objective */
  readonly linkLatencyMs?: number;
  /** Bandwidth of the link to the site, Mbit/s. @default - unknown: no department may set a bandwidth objective */
  readonly linkBandwidthMbps?: number;
  /** What the zone's nodes offer departments. @default - unknown: no department may reserve quota there */
  readonly capacity?: EdgeZoneCapacity;
  /** Labels the NodePool puts on its nodes, beyond `apps.openyurt.io/nodepool` and `gov-lz.io/edge-zone`. @default - none */
  readonly nodeLabels?: Record<string, string>;
  /**
   * Taints of the zone's nodes: pods that do not tolerate them stay off the zone, and the admission policy refuses a
   * toleration from any namespace but the zone's own departments'.
   * @default - `gov-lz.io/edge-zone=<name>:NoSchedule`
   */
  readonly taints?: EdgeTaint[];
  /** MLPS controls of the county machine room; all are needed for IMPORTANT or CORE data. @default - none declared */
  readonly controls?: EdgeZoneControls;
}

/** A county edge zone as declared on a hub. */
export class EdgeZone {
  public readonly name: string;
  public readonly site: string;
  public readonly clusterName: string;
  public readonly nodePool: string;
  public readonly displayName: string;
  public readonly enforcesNetworkPolicy: boolean;
  public readonly autonomy: boolean;
  public readonly autonomyMinutes: number;
  public readonly linkLatencyMs?: number;
  public readonly linkBandwidthMbps?: number;
  public readonly capacity?: EdgeZoneCapacity;
  public readonly nodeLabels: Record<string, string>;
  public readonly taints: readonly EdgeTaint[];
  public readonly controls: EdgeZoneControls;
  /** Where the zone is declared, for messages: `<hub path>/edgeZones/<name>`. */
  public readonly path: string;
  /** What the props boundary took out of the props. */
  private readonly removed: readonly RemovedValue[];

  constructor(
    private readonly hub: IProvinceHub,
    name: string,
    private readonly props: EdgeZoneProps,
  ) {
    // The props boundary (lib/core/props.ts): a JavaScript caller's null, Symbol or BigInt out (reported by check()),
    // an object without a prototype made plain; the name likewise, before any message writes it.
    const stripped = props !== null && typeof props === 'object' ? stripNulls(props) : undefined;
    this.removed = stripped?.nulls ?? [];
    const p: EdgeZoneProps = stripped ? stripped.value : ({} as EdgeZoneProps);
    name = positional(name);
    this.name = name;
    this.path = `${hub.node.path}/edgeZones/${String(name)}`;
    this.site = p.site;
    this.clusterName = p.cluster;
    this.nodePool = p.nodePool;
    this.displayName = typeof p.displayName === 'string' && p.displayName !== '' ? p.displayName : String(name);
    this.enforcesNetworkPolicy = p.enforcesNetworkPolicy === true;
    this.autonomy = p.autonomy !== false;
    this.autonomyMinutes = p.autonomyMinutes ?? 0;
    this.linkLatencyMs = p.linkLatencyMs;
    this.linkBandwidthMbps = p.linkBandwidthMbps;
    this.capacity = p.capacity;
    this.nodeLabels = p.nodeLabels !== null && typeof p.nodeLabels === 'object' ? { ...p.nodeLabels } : {};
    this.taints = Array.isArray(p.taints) ? [...p.taints] : [{ key: Labels.EDGE_ZONE, value: String(name), effect: 'NoSchedule' }];
    this.controls = p.controls !== null && typeof p.controls === 'object' ? { ...p.controls } : {};
  }

  /** The hub cluster the zone's nodes join, when it exists. */
  public get cluster(): ICluster | undefined {
    return typeof this.clusterName === 'string' ? this.hub.cluster(this.clusterName) : undefined;
  }

  /** The node labels that select the zone's nodes (what a pod of the zone must select), in key order. */
  public get nodeSelector(): Record<string, string> {
    return { [Labels.EDGE_ZONE]: this.name, [NODE_POOL_LABEL]: this.nodePool };
  }

  /** The MLPS controls IMPORTANT and CORE data need that the zone does not declare. */
  public get missingControls(): Array<keyof EdgeZoneControls> {
    return REQUIRED_EDGE_CONTROLS.filter((c) => this.controls[c] !== true);
  }

  /** The NodePool custom resource (apps.openyurt.io/v1beta2, cluster-scoped). */
  public nodePoolManifest(): Record<string, unknown> {
    const annotations: Record<string, string> = this.autonomy ? { [AUTONOMY_DURATION_ANNOTATION]: this.autonomyMinutes > 0 ? `${this.autonomyMinutes}m` : '0' } : {};
    return {
      apiVersion: 'apps.openyurt.io/v1beta2',
      kind: 'NodePool',
      metadata: { name: this.nodePool, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.EDGE_ZONE]: this.name } },
      spec: {
        type: 'Edge',
        labels: sorted({ ...this.nodeLabels, [Labels.EDGE_ZONE]: this.name }),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        taints: this.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
      },
    };
  }

  /** Checks of the zone's own props (the feature checks names across zones and the departments placed there). */
  public check(r: ProblemReporter): void {
    const at = this.path;
    reportRemoved(r, at, this.removed, 'edge zone props');
    const nameProblem = checkCode(this.name, { what: 'edge zone name', maxLength: ZONE_NAME_MAX });
    if (nameProblem) r.error(at, { code: 'invalid-name', value: this.name, message: nameProblem, fix: "use the county's short pinyin, e.g. 'yuhang'" });
    if (this.props === null || typeof this.props !== 'object') {
      r.error(at, { code: 'missing-value', value: this.props, message: 'the edge zone has no props', fix: "e.g. { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge' }" });
      return;
    }
    const site = typeof this.site === 'string' ? this.hub.site(this.site) : undefined;
    if (!site) {
      r.error(at, {
        code: 'unknown-site',
        value: this.site,
        message: `site ${JSON.stringify(this.site)} is not a site of the hub`,
        fix: `use one of: ${this.hub.sites.map((s) => s.name).join(', ')}`,
      });
    }
    const cluster = this.cluster;
    if (!cluster) {
      r.error(at, {
        code: 'unknown-cluster',
        value: this.clusterName,
        message: `cluster ${JSON.stringify(this.clusterName)} is not a cluster of the hub`,
        fix: `use a private cluster of site "${String(this.site)}": ${
          this.hub.clusters
            .filter((c) => c.site === this.site)
            .map((c) => c.name)
            .join(', ') || '(none)'
        }`,
      });
    } else {
      if (site && cluster.site !== site.name) {
        r.error(at, {
          code: 'cluster-not-on-site',
          value: this.clusterName,
          message: `cluster "${cluster.name}" is on site "${cluster.site}", not on "${site.name}" the county links to`,
          fix: `join the edge nodes to a cluster of "${site.name}", or set site: '${cluster.site}'`,
        });
      }
      if (CloudKind.parse(cluster.cloud)?.value === CloudKind.PUBLIC.value) {
        r.error(at, {
          code: 'edge-on-public-cluster',
          value: this.clusterName,
          message: `cluster "${cluster.name}" is a public-cloud cluster; county machine rooms join the government's own clusters`,
          fix: 'join the edge nodes to a PRIVATE cluster of the site the county links to',
        });
      }
    }
    if (typeof this.nodePool !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(this.nodePool) || this.nodePool.length > 63) {
      r.error(at, {
        code: 'invalid-name',
        value: this.nodePool,
        message: 'nodePool must be a NodePool name usable as a label value (lower case, digits, "-" and ".", 63 at most)',
        fix: "e.g. nodePool: 'yuhang-edge'",
      });
    }
    for (const [field, v] of [
      ['enforcesNetworkPolicy', this.props.enforcesNetworkPolicy],
      ['autonomy', this.props.autonomy],
    ] as const) {
      if (v !== undefined && typeof v !== 'boolean') r.error(at, { code: 'invalid-value', value: v, message: `${field} must be true or false`, fix: `set ${field}: true or false, or leave it unset` });
    }
    for (const [field, v, integer] of [
      ['autonomyMinutes', this.props.autonomyMinutes, true],
      ['linkLatencyMs', this.linkLatencyMs, false],
      ['linkBandwidthMbps', this.linkBandwidthMbps, false],
    ] as const) {
      if (v === undefined) continue;
      const problem = checkAmount(v, field, { integer, min: field === 'autonomyMinutes' ? 0 : 0.001 });
      if (problem) r.error(at, { code: 'invalid-quantity', value: v, message: problem, fix: `set ${field} to a positive number, or leave it unset` });
    }
    if (this.capacity !== undefined) {
      for (const [field, required, integer] of [
        ['cpu', true, false],
        ['memoryGi', true, false],
        ['storageGi', false, false],
        ['pods', false, true],
      ] as const) {
        const v = (this.capacity as unknown as Record<string, unknown>)?.[field];
        if (v === undefined && !required) continue;
        const problem = checkAmount(v, `capacity.${field}`, { integer, min: required ? 0.001 : 0 });
        if (problem) r.error(at, { code: 'invalid-quantity', value: v, message: problem, fix: `set capacity.${field} to what the zone's nodes offer` });
      }
    }
    for (const [key, value] of Object.entries(this.nodeLabels)) {
      if (key === NODE_POOL_LABEL || key === Labels.EDGE_ZONE) {
        r.error(at, { code: 'invalid-label', value: key, message: `nodeLabels sets "${key}", which the landing zone sets itself`, fix: `remove it from nodeLabels` });
      } else if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(key) || !isLabelValue(value)) {
        r.error(at, {
          code: 'invalid-label',
          value: `${key}=${String(value)}`,
          message: 'nodeLabels holds a label that is not a valid Kubernetes label',
          fix: "e.g. { 'topology.kubernetes.io/zone': 'yuhang' }",
        });
      }
    }
    if (this.props.taints !== undefined && !Array.isArray(this.props.taints)) {
      r.error(at, { code: 'invalid-value', value: this.props.taints, message: 'taints must be a list', fix: "e.g. taints: [{ key: 'gov-lz.io/edge-zone', value: 'yuhang', effect: 'NoSchedule' }]" });
    }
    for (const t of this.taints) {
      if (!t || typeof t.key !== 'string' || t.key === '' || !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect) || (t.value !== undefined && !isLabelValue(t.value))) {
        r.error(at, {
          code: 'invalid-taint',
          value: t,
          message: 'a taint needs a key, a label-value value and an effect NoSchedule, PreferNoSchedule or NoExecute',
          fix: "e.g. { key: 'gov-lz.io/edge-zone', value: 'yuhang', effect: 'NoSchedule' }",
        });
      }
    }
    if (!this.taints.some((t) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute')) {
      r.error(at, {
        code: 'edge-zone-untainted',
        value: this.props.taints,
        message:
          "the zone's nodes carry no NoSchedule or NoExecute taint, so any department's pod could be scheduled there; the admission policy keeps departments out of a zone by refusing their tolerations",
        fix: `leave taints unset (${Labels.EDGE_ZONE}=${String(this.name)}:NoSchedule), or add a NoSchedule taint`,
      });
    }
    for (const [key, v] of Object.entries(this.controls)) {
      if (!REQUIRED_EDGE_CONTROLS.includes(key as keyof EdgeZoneControls)) {
        r.error(at, { code: 'invalid-value', value: key, message: `controls.${key} is not a control the landing zone knows`, fix: `use ${REQUIRED_EDGE_CONTROLS.join(', ')}` });
      } else if (typeof v !== 'boolean') {
        r.error(at, { code: 'invalid-value', value: v, message: `controls.${key} must be true or false`, fix: `set controls.${key}: true once the county machine room has it` });
      }
    }
  }
}

function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
