/**
 * The shared middleware shelf as a reviewer sees it: each offering with its operator, what it reserves and, for
 * PostgreSQL, how its clusters relate (primary and replica clusters, WAL archive, base backups); each grant as
 * found in the stacks, on the clusters where the landing zone opens it and nowhere else.
 *
 * Where a grant is open (lib/middleware/grant.ts, lib/placement/network-reach.ts): on the tenant's placements on
 * private clusters, never its burst placement, where the offering runs. There the tenant's namespace has an egress
 * NetworkPolicy to the offering's pods on its port and the connection secret; the offering's namespace has an
 * ingress NetworkPolicy from the tenant's namespace. PostgreSQL over two sites is one database: on a replica
 * site the tenant writes to the primary's site endpoint, so it also has an egress policy to that address block.
 */
import { Labels } from '../schema/labels';
import type { OfferingRecord, ProvinceRecord, RecoverySection, TenantRecord } from './inputs';
import { type GrantReview, type MiddlewareRecovery, minutesValue, type OfferingSummary, type PostgresTopology } from './model';
import type { NamespaceIndex } from './namespace-index';

/** A resource's Terraform JSON body, as read from a stack's cdk.tf.json. */
export type Body = Record<string, unknown>;

function isObject(x: unknown): x is Body {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function first(x: unknown): Body | undefined {
  if (Array.isArray(x)) return isObject(x[0]) ? x[0] : undefined;
  return isObject(x) ? x : undefined;
}

function list(x: unknown): Body[] {
  return Array.isArray(x) ? x.filter(isObject) : isObject(x) ? [x] : [];
}

const OFFERING_LABEL = Labels.OFFERING;

const isNetworkPolicy = (type: string) => type === 'kubernetes_network_policy_v1' || type === 'kubernetes_network_policy';
const isSecret = (type: string) => type === 'kubernetes_secret_v1' || type === 'kubernetes_secret';

/** The namespace a NetworkPolicy peer selects by name (`kubernetes.io/metadata.name`), if any. */
function peerNamespace(peer: Body): string | undefined {
  const labels = first(first(peer.namespace_selector)?.match_labels);
  const name = labels?.[Labels.NAMESPACE_NAME];
  return typeof name === 'string' ? name : undefined;
}

function portMatches(rule: Body, port: number | undefined): boolean {
  const ports = list(rule.ports);
  return port === undefined || ports.length === 0 || ports.some((p) => String(p.port) === String(port));
}

/** Whether an egress policy allows `port` to the namespace `namespace` (any namespace when undefined). */
export function allowsEgressTo(body: Body, namespace: string | undefined, port: number | undefined): boolean {
  return list(first(body.spec)?.egress).some((rule) => portMatches(rule, port) && (namespace === undefined || list(rule.to).some((peer) => peerNamespace(peer) === namespace)));
}

/** Whether an egress policy allows `port` to an address block (`ip_block`). */
function allowsEgressToBlock(body: Body, port: number | undefined): boolean {
  return list(first(body.spec)?.egress).some((rule) => portMatches(rule, port) && list(rule.to).some((peer) => first(peer.ip_block)?.cidr !== undefined));
}

/**
 * The clusters on which a grant must open the offering to the tenant: the tenant's placements on private clusters,
 * never its burst placement or an edge zone's namespace, where the offering runs. A public cluster never reaches private middleware directly
 * (it calls the private API gateway over the dedicated line), and a network policy cannot reach another cluster.
 */
export function grantClusters(t: TenantRecord, offeringClusters: readonly string[] | undefined, clouds: ReadonlyMap<string, string | undefined>): string[] {
  return (t.placements ?? [])
    .filter((pl) => (pl.cloud ?? clouds.get(pl.cluster)) !== 'PUBLIC' && pl.cluster !== t.burst?.cluster && pl.kind !== 'edge')
    .map((pl) => pl.cluster)
    .filter((c) => offeringClusters === undefined || offeringClusters.includes(c));
}

/** The shelf of one province: offerings as found in the stacks, and what grant checks need to know about them. */
export class ShelfReview {
  public readonly offerings = new Map<string, OfferingRecord>();
  public readonly topologies = new Map<string, PostgresTopology>();
  private readonly problems = new Map<string, string[]>();
  /** `<cluster>\0<namespace>` → source namespace → ports allowed in (`*` = any), from ingress policies. */
  private readonly ingress = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly p: ProvinceRecord,
    private readonly idx: NamespaceIndex,
  ) {
    for (const o of p.middleware?.offerings ?? []) {
      this.offerings.set(o.name, o);
      const problems: string[] = [];
      for (const c of o.clusters ?? []) {
        if (!idx.manifestNames.has(`${o.name}--${c}`)) problems.push(`no instance of ${o.name} on ${c} in the stacks (kubernetes_manifest.${o.name}--${c})`);
      }
      if (o.kind === 'postgresql' || o.kind === 'postgres') {
        const t = this.postgresTopology(o, problems);
        if (t) this.topologies.set(o.name, t);
      }
      this.problems.set(o.name, problems);
    }
  }

  /** How the CloudNativePG clusters of a PostgreSQL offering relate. */
  private postgresTopology(o: OfferingRecord, problems: string[]): PostgresTopology | undefined {
    const found = this.idx.pgClusters.filter((c) => c.name === o.name && (o.namespace === undefined || c.namespace === o.namespace)).sort((a, b) => a.cluster.localeCompare(b.cluster));
    if (found.length === 0) return undefined;
    const baseBackups = this.idx.pgBackups
      .filter((b) => b.of === o.name && (o.namespace === undefined || b.namespace === o.namespace))
      .map((b) => ({ cluster: b.cluster, schedule: b.schedule }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster));
    const walArchive = found.find((c) => c.walArchive)?.walArchive;
    if (walArchive && baseBackups.length === 0)
      problems.push(`WAL is archived to ${walArchive} but no ScheduledBackup takes base backups: the archive cannot be restored once retention removes the first base backup`);
    if (!found.some((c) => c.replica)) return { mode: 'independent', replicas: [], walArchive, baseBackups };

    const primaries = [...new Set(found.map((c) => c.replica?.primary).filter((x): x is string => x !== undefined))];
    if (primaries.length > 1) problems.push(`its Clusters disagree on the primary (${primaries.join(', ')}): a switchover is half applied`);
    const primary = found.find((c) => c.replica?.self !== undefined && c.replica.self === c.replica.primary);
    if (!primary) problems.push(`no Cluster of ${o.name} is the primary (replica.self = replica.primary)`);
    const replicas = found.filter((c) => c !== primary);
    // Where the replicas stream from and their tenants write: the primary's entry in a replica's externalClusters.
    const ep = replicas.map((c) => c.external.get(c.replica?.primary ?? '')).find((e) => e?.host);
    const primaryEndpoint = ep ? `${ep.host}:${ep.port ?? 5432}` : undefined;
    if (primary && primaryEndpoint) {
      const port = ep!.port ?? '5432';
      const crossSite = (this.idx.objects.get(`${primary.cluster}\u0000${primary.namespace}`) ?? []).some(
        (x) => isNetworkPolicy(x.type) && list(first(x.body.spec)?.ingress).some((rule) => portMatches(rule, Number(port)) && list(rule.from).some((peer) => first(peer.ip_block)?.cidr !== undefined)),
      );
      if (!crossSite)
        problems.push(
          `replicas and tenants on ${replicas.map((c) => c.cluster).join(', ')} cannot reach the primary on ${primary.cluster}: no ingress NetworkPolicy from another site's address block on port ${port} in ${primary.namespace}`,
        );
    }
    return { mode: 'distributed', primary: primary?.cluster, replicas: replicas.map((c) => c.cluster), primaryEndpoint, walArchive, baseBackups };
  }

  /** Source namespaces and ports allowed into a namespace on a cluster. */
  private ingressInto(cluster: string, namespace: string): Map<string, Set<string>> {
    const key = `${cluster}\u0000${namespace}`;
    let m = this.ingress.get(key);
    if (m) return m;
    m = new Map();
    for (const x of this.idx.objects.get(key) ?? []) {
      if (!isNetworkPolicy(x.type)) continue;
      for (const rule of list(first(x.body.spec)?.ingress)) {
        const ports = list(rule.ports).map((pp) => String(pp.port));
        for (const peer of list(rule.from)) {
          const ns = peerNamespace(peer);
          if (ns === undefined) continue;
          const set = m.get(ns) ?? new Set<string>();
          for (const pp of ports.length ? ports : ['*']) set.add(pp);
          m.set(ns, set);
        }
      }
    }
    this.ingress.set(key, m);
    return m;
  }

  /**
   * A tenant's grants as found in the stacks, and its problems: a policy or the credentials missing where the grant
   * is open, a grant open on a public or burst placement, the inventory's clusters unlike the placement rule.
   * `egressOn` holds the tenant's egress policies per cluster.
   */
  public reviewGrants(t: TenantRecord, egressOn: ReadonlyMap<string, Body[]>, clouds: ReadonlyMap<string, string | undefined>): { grants: GrantReview[]; problems: string[] } {
    const problems: string[] = [];
    const nsOn = (cluster: string) => (t.placements ?? []).find((pl) => pl.cluster === cluster && pl.kind !== 'edge')?.namespace ?? t.namespace ?? t.code;
    const grants = (t.grants ?? []).map((g): GrantReview => {
      const o = this.offerings.get(g.offering);
      const name = `grant ${g.offering}${g.port ? `:${g.port}` : ''}`;
      if (!o && this.p.middleware) problems.push(`${name}: no offering ${g.offering} on the shelf`);
      const on = grantClusters(t, o?.clusters, clouds);
      if (g.clusters && [...g.clusters].sort().join(',') !== [...on].sort().join(',')) {
        problems.push(`${name}: the inventory opens it on ${g.clusters.join(', ') || 'no cluster'}, but the tenant's private placements running the offering are ${on.join(', ') || 'none'}`);
      }
      if (on.length === 0) problems.push(`${name} reaches the tenant on no cluster: none of its private placements runs the offering`);
      const secretHere = (cluster: string) =>
        (this.idx.objects.get(`${cluster}\u0000${nsOn(cluster)}`) ?? []).some((x) => {
          if (!isSecret(x.type)) return false;
          const meta = first(x.body.metadata);
          return g.secretName !== undefined ? meta?.name === g.secretName : first(meta?.labels)?.[OFFERING_LABEL] === g.offering;
        });
      const noEgress = on.filter((c) => !(egressOn.get(c) ?? []).some((b) => allowsEgressTo(b, o?.namespace, g.port)));
      const noIngress = o?.namespace ? on.filter((c) => !this.allowsIn(c, o.namespace!, nsOn(c), g.port)) : [];
      const noSecret = on.filter((c) => !secretHere(c));
      if (noEgress.length) problems.push(`${name} has no matching egress NetworkPolicy on ${noEgress.join(', ')}`);
      if (noIngress.length) problems.push(`${name}: the offering's namespace ${o!.namespace} has no ingress NetworkPolicy from ${t.namespace ?? t.code} on ${noIngress.join(', ')}`);
      if (noSecret.length) problems.push(`${name}: no connection secret${g.secretName ? ` ${g.secretName}` : ''} in ${t.namespace ?? t.code} on ${noSecret.join(', ')}`);

      // PostgreSQL over two sites: on a replica site, writes go to the primary's site endpoint (an address block).
      const topo = this.topologies.get(g.offering);
      let writesToPrimary: boolean | undefined;
      const replicaSites = topo?.primaryEndpoint ? on.filter((c) => topo.replicas.includes(c)) : [];
      if (replicaSites.length > 0) {
        const port = Number(topo!.primaryEndpoint!.split(':').pop());
        const missing = replicaSites.filter((c) => !(egressOn.get(c) ?? []).some((b) => allowsEgressToBlock(b, port)));
        writesToPrimary = missing.length === 0;
        if (missing.length)
          problems.push(
            `${name}: on ${missing.join(', ')} (replica site) writes go to the primary's site endpoint ${topo!.primaryEndpoint}, but no egress NetworkPolicy allows an address block on port ${port}`,
          );
      }

      // Never on a public cluster or the burst placement: private middleware is reached through the API gateway there.
      for (const pl of t.placements ?? []) {
        if ((pl.cloud ?? clouds.get(pl.cluster)) !== 'PUBLIC' && pl.cluster !== t.burst?.cluster) continue;
        const opened = (egressOn.get(pl.cluster) ?? []).some((b) => o?.namespace !== undefined && allowsEgressTo(b, o.namespace, g.port));
        if (opened || secretHere(pl.cluster)) {
          problems.push(
            `${name} is ${opened ? 'opened' : 'given credentials'} on ${pl.cluster}, a public or burst placement: it may reach private middleware only through the API gateway over the dedicated line`,
          );
        }
      }
      return {
        offering: g.offering,
        kind: g.kind,
        port: g.port,
        clusters: on,
        egressPolicy: on.length > 0 && noEgress.length === 0,
        ingressPolicy: on.length > 0 && noIngress.length === 0,
        credentials: on.length > 0 && noSecret.length === 0,
        ...(writesToPrimary === undefined ? {} : { writesToPrimary }),
      };
    });
    return { grants: grants.sort((a, b) => a.offering.localeCompare(b.offering)), problems };
  }

  private allowsIn(cluster: string, namespace: string, from: string, port: number | undefined): boolean {
    const ports = this.ingressInto(cluster, namespace).get(from);
    return ports !== undefined && (port === undefined || ports.has('*') || ports.has(String(port)));
  }

  /** The offerings of the province, with who is granted them, their topology and problems; undefined without a shelf. */
  public summaries(): OfferingSummary[] | undefined {
    if (!this.p.middleware) return undefined;
    const granted = new Map<string, string[]>();
    for (const t of this.p.tenants ?? []) for (const g of t.grants ?? []) granted.set(g.offering, [...(granted.get(g.offering) ?? []), t.code]);
    return [...this.offerings.values()]
      .map((o) => ({
        name: o.name,
        kind: o.kind,
        namespace: o.namespace,
        clusters: [...(o.clusters ?? [])],
        endpoint: o.endpoint?.host ? `${o.endpoint.host}${o.endpoint.port ? `:${o.endpoint.port}` : ''}` : undefined,
        operator: typeof o.operator === 'string' ? o.operator : o.operator?.chart ? `${o.operator.chart}${o.operator.version ? ` ${o.operator.version}` : ''}` : undefined,
        perCluster: o.sizing?.perCluster,
        grantedTo: [...new Set([...(o.grants ?? []), ...(granted.get(o.name) ?? [])])].sort(),
        topology: this.topologies.get(o.name),
        problems: this.problems.get(o.name) ?? [],
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** Shared-middleware mechanisms (`<kind>:<offering>`) of the planner's tenants: one row each, with its figures and users. */
export function middlewareRecovery(section: RecoverySection): MiddlewareRecovery[] {
  const rows = new Map<string, { mechanism: string; description?: string; rpoMinutes?: MiddlewareRecovery['rpoMinutes']; rtoMinutes?: MiddlewareRecovery['rtoMinutes']; tenants: string[] }>();
  const worse = <T extends MiddlewareRecovery['rpoMinutes']>(a: T, b: T): T => ((minutesValue(b) ?? -1) > (minutesValue(a) ?? -1) ? b : a);
  for (const r of section.tenants ?? []) {
    for (const m of r.mechanisms ?? []) {
      if (typeof m === 'string' || !m.id.includes(':')) continue;
      const row = rows.get(m.id);
      if (!row) rows.set(m.id, { mechanism: m.id, description: m.description, rpoMinutes: m.rpoMinutes, rtoMinutes: m.rtoMinutes, tenants: [r.tenant] });
      else {
        row.rpoMinutes = worse(row.rpoMinutes, m.rpoMinutes);
        row.rtoMinutes = worse(row.rtoMinutes, m.rtoMinutes);
        row.tenants.push(r.tenant);
      }
    }
  }
  return [...rows.values()].map((r) => ({ ...r, tenants: r.tenants.sort() })).sort((a, b) => a.mechanism.localeCompare(b.mechanism));
}
