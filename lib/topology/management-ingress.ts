/**
 * The ingress of the hub's management namespaces (network zone `mgmt`: `gov-lz-system`, the recovery layer's
 * `gov-lz-backup`, …) on a cluster. Management starts connections; business never does (MLPS 8.2.5.1 b, MLPS3-30), and
 * a namespace of another level is admitted only by an explicit rule (MLPS 8.2.3.1 b, MLPS3-45). The layer that owns a
 * management namespace writes, in the stack that holds it:
 *
 * - `default-deny-ingress`: every pod of the namespace, no ingress rule;
 * - `allow-same-namespace`: the namespace's own components reach one another (the hub's Prometheus runs in
 *   `gov-lz-system` and scrapes the components there; nothing in `gov-lz-backup` is scraped);
 * - `allow-from-api-server`, where an operator serves webhooks the API server calls (admission, conversion, aggregated
 *   APIs): from the control plane's declared addresses (`controlPlane.apiServerCidrs`), on those webhooks' ports only.
 *
 * Every other crossing of the boundary needs an explicit rule with its ports (MLPS3-6). The kubelet's health probes
 * come from the node itself, which the CNIs the pack knows always admit.
 */
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { ICluster } from '../core/contracts';
import { Annotations, Labels, MANAGED_BY, PART_OF } from '../core/labels';
import * as k8s from '../private/k8s';
import type { BatchResource } from '../private/resource-batch';
import type { ClusterConnection } from './cluster-connection';

/** A component whose webhooks the API server calls, in a management namespace of a cluster. */
export interface ApiServerWebhook {
  /** The component, e.g. `keda` (for messages and the policy's annotation). */
  readonly component: string;
  /** The namespace its webhook pods run in. */
  readonly namespace: string;
  /** The container ports the API server connects to (after the Service's translation), e.g. `[9443]`. */
  readonly ports: readonly number[];
}

const WEBHOOKS = Symbol.for('cdktf-gov-landing-zone.ApiServerWebhooks');

/**
 * The webhooks the API server calls on one cluster, gathered from the layers that install them into a stack (the
 * cluster's platform stack); the layer that owns the namespace reads them at synth to write `allow-from-api-server`.
 */
export class ApiServerWebhooks {
  /** The registry of `cluster` in the stack that holds `scope`. */
  public static of(scope: IConstruct, cluster: Pick<ICluster, 'name'>): ApiServerWebhooks {
    const s = TerraformStack.of(scope) as unknown as Record<symbol, Map<string, ApiServerWebhooks> | undefined>;
    let map = s[WEBHOOKS];
    if (!map) {
      map = new Map();
      Object.defineProperty(s, WEBHOOKS, { value: map, enumerable: false });
    }
    let w = map.get(cluster.name);
    if (!w) {
      w = new ApiServerWebhooks();
      map.set(cluster.name, w);
    }
    return w;
  }

  private readonly list: ApiServerWebhook[] = [];

  private constructor() {}

  /** Declares a component's webhook ports (a second declaration of the same component and namespace adds its ports). */
  public add(webhook: ApiServerWebhook): void {
    this.list.push({ component: webhook.component, namespace: webhook.namespace, ports: [...webhook.ports] });
  }

  /** The webhooks in `namespace`, one entry per component (ports merged and sorted), by component name. */
  public in(namespace: string): ApiServerWebhook[] {
    const by = new Map<string, Set<number>>();
    for (const w of this.list) {
      if (w.namespace !== namespace) continue;
      const set = by.get(w.component) ?? new Set<number>();
      for (const p of w.ports) set.add(p);
      by.set(w.component, set);
    }
    return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([component, ports]) => ({ component, namespace, ports: [...ports].sort((a, b) => a - b) }));
  }
}

/** Name of the policy that admits the API server to the webhooks of a management namespace. */
export const ALLOW_FROM_API_SERVER = 'allow-from-api-server';

/**
 * The NetworkPolicies of a management namespace (see the module): `<namespace>--<cluster>--<policy>`, each depending on
 * the namespace resource. `allow-from-api-server` is written only when the namespace serves webhooks and the control
 * plane's addresses are declared ({@link missingApiServerCidrs} says when they are not).
 */
export function managementIngressPolicies(conn: ClusterConnection, namespace: string, webhooks: readonly ApiServerWebhook[]): BatchResource[] {
  const cluster = conn.cluster;
  const labels = { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF };
  const dependsOn = [`kubernetes_namespace_v1.${namespace}--${cluster.name}`];
  const out: BatchResource[] = [];
  const add = (name: string, spec: Parameters<typeof k8s.networkPolicy>[0]['spec'], annotations?: Record<string, string>) => {
    const t = k8s.networkPolicy({ metadata: { name, namespace, labels, ...(annotations ? { annotations } : {}) }, spec });
    out.push({ type: t.type, name: `${namespace}--${cluster.name}--${name}`, body: { ...t.body, provider: conn.kubernetesProviderRef, depends_on: dependsOn } });
  };
  add('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
  add('allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
  const cidrs = cluster.controlPlane?.apiServerCidrs ?? [];
  const ports = [...new Set(webhooks.flatMap((w) => w.ports))].sort((a, b) => a - b);
  if (ports.length > 0 && cidrs.length > 0) {
    add(
      ALLOW_FROM_API_SERVER,
      {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map((port) => ({ port: String(port), protocol: 'TCP' })) }],
      },
      { [Annotations.WEBHOOKS]: webhooks.map((w) => `${w.component}:${w.ports.join(',')}`).join(' ') },
    );
  }
  return out;
}

/**
 * Why the API server cannot reach the webhooks of a management namespace, when it cannot: they are served and the
 * cluster declares no `controlPlane.apiServerCidrs`. Undefined when nothing is missing.
 */
export function missingApiServerCidrs(cluster: ICluster, namespace: string, webhooks: readonly ApiServerWebhook[]): string | undefined {
  if (webhooks.length === 0 || (cluster.controlPlane?.apiServerCidrs ?? []).length > 0) return undefined;
  return (
    `namespace "${namespace}" on cluster "${cluster.name}" denies ingress by default and serves webhooks the API server calls ` +
    `(${webhooks.map((w) => `${w.component} on ${w.ports.join(', ')}`).join('; ')}), but the cluster declares no controlPlane.apiServerCidrs: ` +
    'the API server cannot reach them, and admissions that need them fail — declare the control-plane addresses, e.g. ' +
    "controlPlane: { apiServerCidrs: ['10.1.0.0/28'] } (the control-plane nodes, outside podCidrs)"
  );
}
