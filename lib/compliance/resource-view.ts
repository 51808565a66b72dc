/**
 * One view of everything the app synthesizes, built once per check run: the batched objects of every stack, the
 * ordinary cdktf resources and providers (rendered with `toTerraform()` and resolved through the public
 * `Tokenization.resolve`), and the domain model (hubs, clusters, industry clouds, tenants). Rules read only this.
 */
import { DefaultTokenResolver, StringConcat, TerraformProvider, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import type { ICluster, IIndustryCloud, IProvinceHub, ITenant } from '../core/contracts';
import { Labels } from '../core/labels';
import { parseCidr } from '../private/cidr';
import { renderedElement } from '../private/rendered-elements';
import { BatchResource, ResourceBatch } from '../private/resource-batch';
import { NOT_OWN, resolveOwnTokens } from '../private/terraform-json';
import type { AdminGroups } from './admin-roles';
import type { AuditSettings } from './audit-policy';
import { K8sObject, toK8sObject, typedKind } from './k8s-object';
import { releaseDigest, releaseKey, RenderCoverage, RenderedCharts } from './rendered-charts';

/** One synthesized resource (or provider block) of one stack. */
export interface ViewResource {
  /** Stack id, e.g. `zj-health`. */
  readonly stack: string;
  /** Terraform type (`kubernetes_network_policy_v1`, `helm_release`), or `provider` for provider blocks. */
  readonly type: string;
  /** Terraform name (`wjw--hz-a-core--default-deny`), or `<provider type>.<alias>` for provider blocks. */
  readonly name: string;
  /** `<type>.<name>`. */
  readonly address: string;
  /** The construct that emitted it: the owner of a batch, or the resource construct. */
  readonly owner: IConstruct;
  /** Construct path of the owner. */
  readonly path: string;
  /** Cluster code, from the provider alias (`kubernetes.<cluster>`, `helm.<cluster>`); '' for an unaliased provider. */
  readonly cluster: string;
  /** Kubernetes kind, or the Terraform type when the resource is not a Kubernetes object. */
  readonly kind: string;
  /** The Terraform JSON body, tokens resolved. */
  readonly body: Readonly<Record<string, any>>;
  /** The Kubernetes object it carries (API form), when it carries one. */
  readonly object?: K8sObject;
  /**
   * For an object rendered from a Helm chart (see rendered-charts.ts): the helm_release it belongs to and the template
   * it came from. Such objects are seen by the rules that read charts ({@link ComplianceRule.seesRenderedCharts}) and by
   * every lookup (ofKind, inNamespace), never by `resources` or the input digest of the synthesized configuration.
   */
  readonly chart?: ChartOrigin;
}

/** Where an object rendered from a Helm chart comes from. */
export interface ChartOrigin {
  /** The helm_release resource. */
  readonly release: ViewResource;
  /** The template or manifest path, e.g. `yurt-manager/templates/yurt-manager.yaml`. */
  readonly source: string;
  readonly coverage: RenderCoverage;
  /** The rendered manifest file, as the folder was given (e.g. `rendered-charts/<stack>/<release>.yaml`). */
  readonly file: string;
}

/** Whether the objects of a helm_release are seen, and if not, why. */
export type ReleaseRender = { readonly rendered: true; readonly coverage: RenderCoverage; readonly objects: number; readonly note?: string } | { readonly rendered: false; readonly reason: string };

/** A province hub, with what it declares for compliance. */
export interface HubSubject {
  readonly hub: IProvinceHub;
  readonly path: string;
  /** The hub's construct path and the paths of the stacks it laid out (they are children of the app). */
  readonly scopes: readonly string[];
  /** The administrator groups (三权分立); absent for hubs that do not generate administrator roles. */
  readonly adminGroups?: AdminGroups;
  /** The API-server audit declaration; absent for hubs that do not declare one. */
  readonly audit?: AuditSettings;
  /**
   * Read from a published contract (a city project): its clusters, platform and hub services are deployed, and
   * checked, by the hub's own project, so rules about them do not apply here; the city's tenants are checked.
   */
  readonly published: boolean;
}

/** One cluster of a hub. */
export interface ClusterSubject {
  readonly hub: HubSubject;
  readonly cluster: ICluster;
  /** `<hub path>/clusters/<code>`. */
  readonly path: string;
}

/** Who owns a namespace: a department (tenant) of the app, or one a published hub's contract names. */
export interface NamespaceOwner {
  /** The tenant code (= the namespace name). */
  readonly code: string;
  /** Read from a published hub's contract: the hub's own department, not one of this app's. */
  readonly published: boolean;
}

/** The pod and service address blocks a cluster declares (those that parse, as written). */
export interface ClusterNetworks {
  readonly pods: readonly string[];
  readonly services: readonly string[];
}

/** An address where a private service (a shared middleware offering) is reachable from outside its cluster. */
export interface PrivateEndpoint {
  /** Province of the hub that runs it. */
  readonly province: string;
  readonly offering: string;
  /** The cluster whose instance is reached there. */
  readonly cluster: string;
  readonly host: string;
  /** The address block behind the host, e.g. `10.31.1.10/32`. */
  readonly cidr: string;
  readonly port: number;
  /** Codes of the tenants granted the offering. */
  readonly grants: ReadonlySet<string>;
}

/** MLPS network zones (gov-lz.io/zone). */
export type Zone = 'dmz' | 'app' | 'data' | 'mgmt';
/** The zone values the landing zone knows. */
export const ZONES: readonly Zone[] = ['dmz', 'app', 'data', 'mgmt'];

/** What a rule may look at besides its subject. */
export interface RuleContext {
  /** Every resource of the app. */
  readonly resources: readonly ViewResource[];
  readonly hubs: readonly HubSubject[];
  readonly industryClouds: readonly IIndustryCloud[];
  readonly tenants: readonly ITenant[];
  /** Resources of a kind (Kubernetes kind or Terraform type). */
  ofKind(kind: string): readonly ViewResource[];
  /** The Namespace resource of that name on that cluster. */
  namespace(cluster: string, name: string): ViewResource | undefined;
  /** Resources inside a namespace of a cluster. */
  inNamespace(cluster: string, namespace: string): readonly ViewResource[];
  /** Labels of the namespace a resource lives in (of the resource itself for a Namespace); empty when unknown. */
  namespaceLabels(r: ViewResource): Readonly<Record<string, string>>;
  /** The network zone of a namespace; undefined when the namespace is not declared or not labelled. */
  zoneOf(cluster: string, namespace: string | undefined): Zone | undefined;
  /** The hub that declares a cluster. */
  hubOfCluster(cluster: string): HubSubject | undefined;
  /** Every group a tenant binds (admins and viewers of every tenant). */
  readonly tenantGroups: ReadonlySet<string>;
  /** The codes of the tenants that bind a group (as admins or viewers). */
  tenantsOfGroup(group: string): readonly string[];
  /** The tenant whose namespace has that name (namespaces are named after unique tenant codes). */
  tenantOfNamespace(namespace: string): ITenant | undefined;
  /**
   * The department that owns a namespace: a tenant of the app, or a tenant of a published hub (a city project's
   * pack knows the hub's departments from its contract). Labels are not trusted: only the code names a namespace.
   */
  namespaceOwner(namespace: string): NamespaceOwner | undefined;
  /** The pod and service address blocks a cluster declares (a hub of one's own, or a published one); undefined when it declares none. */
  clusterNetworks(cluster: string): ClusterNetworks | undefined;
  /** The address blocks of a cluster's API server (`controlPlane.apiServerCidrs`, validated outside its pod network); empty when not declared. */
  apiServerCidrs(cluster: string): readonly string[];
  /** Where private services are reachable from outside their cluster (site endpoints of offerings), with who is granted each. */
  readonly privateEndpoints: readonly PrivateEndpoint[];
  /** Helm values of a `helm_release`: every `values` document parsed, plus `set` entries as `{ name: value }`. */
  helmValues(r: ViewResource): { documents: unknown[]; set: Array<{ name: string; value: unknown; sensitive: boolean }> };
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The view a check run reads, built once. */
export class ComplianceView implements RuleContext {
  /** Builds the view of the app `root` belongs to. */
  public static build(root: IConstruct, charts?: RenderedCharts): ComplianceView {
    return new ComplianceView(root.node.root, charts);
  }

  public readonly resources: ViewResource[] = [];
  public readonly hubs: HubSubject[] = [];
  public readonly industryClouds: IIndustryCloud[] = [];
  public readonly tenants: ITenant[] = [];
  public readonly tenantGroups: Set<string> = new Set();
  public readonly privateEndpoints: PrivateEndpoint[] = [];
  /** Objects rendered from Helm charts (not in `resources`). */
  public readonly chartObjects: ViewResource[] = [];
  /** The rendered-charts folders read, and their digest; undefined when none was given. */
  public readonly renderedCharts?: { readonly folders: readonly string[]; readonly digest: string };

  private readonly releaseRenders = new Map<ViewResource, ReleaseRender>();
  private readonly kinds = new Map<string, ViewResource[]>();
  private readonly namespaces = new Map<string, ViewResource>();
  private readonly namespaced = new Map<string, ViewResource[]>();
  /** `<stack>\0<address>` of the objects in {@link namespaced}. */
  private readonly namespacedAddresses = new Set<string>();
  private readonly clusterHubs = new Map<string, HubSubject>();
  private readonly tenantNamespaces = new Map<string, ITenant>();
  private readonly publishedTenants = new Set<string>();
  private readonly groupOwners = new Map<string, Set<string>>();
  private readonly networks = new Map<string, ClusterNetworks | null>();
  private readonly helmCache = new WeakMap<ViewResource, ReturnType<RuleContext['helmValues']>>();

  private constructor(root: IConstruct, charts?: RenderedCharts) {
    const industries = new Set<IIndustryCloud>();
    // Producing batch content may create constructs (a cluster's provider is created on first use), so batches
    // are produced first and the tree is walked again.
    const produced = new Map<ResourceBatch, readonly BatchResource[]>();
    for (const c of root.node.findAll()) if (ResourceBatch.isResourceBatch(c)) produced.set(c, c.resources);
    for (const c of root.node.findAll()) {
      if (ResourceBatch.isResourceBatch(c)) this.addBatch(c, produced.get(c) ?? c.resources);
      else if (TerraformResource.isTerraformResource(c)) this.addRendered(c, 'resource');
      else if (TerraformProvider.isTerraformProvider(c)) this.addRendered(c, 'provider');
      else if (isHub(c)) this.addHub(c);
      else if (isTenant(c)) {
        this.tenants.push(c);
        if (typeof c.namespace === 'string' && !this.tenantNamespaces.has(c.namespace)) this.tenantNamespaces.set(c.namespace, c);
        // Its namespaces in county edge zones (`<code>-<zone>`) are the department's too.
        for (const p of listOf(c.placements)) {
          const ns = (p as { namespace?: unknown; kind?: unknown })?.namespace;
          if ((p as { kind?: unknown })?.kind === 'edge' && typeof ns === 'string' && !this.tenantNamespaces.has(ns)) this.tenantNamespaces.set(ns, c);
        }
        for (const g of [...listOf(c.admins), ...listOf(c.viewers)]) {
          if (typeof g !== 'string') continue;
          this.tenantGroups.add(g);
          const owners = this.groupOwners.get(g) ?? new Set<string>();
          if (typeof c.code === 'string') owners.add(c.code);
          this.groupOwners.set(g, owners);
        }
        if (c.industryCloud) industries.add(c.industryCloud);
      } else if (isIndustryCloud(c)) industries.add(c);
    }
    for (const h of this.hubs) for (const ic of ((h.hub as any).industryClouds ?? []) as IIndustryCloud[]) industries.add(ic);
    this.industryClouds.push(...industries);
    if (charts) this.renderedCharts = { folders: charts.folders, digest: charts.digest };
    this.addCharts(charts);
  }

  /** Whether the objects of a helm_release are seen, and why not when they are not. */
  public releaseRender(release: ViewResource): ReleaseRender {
    return this.releaseRenders.get(release) ?? { rendered: false, reason: 'not a helm_release' };
  }

  /** Adds the objects of every rendered release whose helm_release is unchanged since it was rendered. */
  private addCharts(charts: RenderedCharts | undefined): void {
    for (const release of [...this.ofKind('helm_release')]) {
      const e = charts?.releases.get(releaseKey(release.stack, release.address));
      let render: ReleaseRender;
      if (!charts) render = { rendered: false, reason: 'Helm charts were not rendered: give the pack renderedCharts, the folder npm run charts:render writes' };
      else if (!e) render = { rendered: false, reason: `not in the rendered-charts folder ${charts.folders.join(', ')}: render the charts again after synth` };
      else if (e.digest !== releaseDigest(release.body)) render = { rendered: false, reason: 'its chart, version or values changed since the charts were rendered: render them again after synth' };
      else if (e.status !== 'rendered') render = { rendered: false, reason: e.reason ?? 'not rendered' };
      else render = { rendered: true, coverage: e.coverage ?? 'partial', objects: e.objects.length, ...(e.reason ? { note: e.reason } : {}) };
      this.releaseRenders.set(release, render);
      if (!render.rendered || !e) continue;
      for (const [i, o] of e.objects.entries()) {
        const md = (o.object.metadata ?? {}) as Record<string, unknown>;
        const ns = typeof md.namespace === 'string' ? md.namespace : undefined;
        const id = `${o.object.kind}:${ns ? `${ns}/` : ''}${typeof md.name === 'string' ? md.name : String(i)}`;
        this.addChartObject(release, { release, source: o.source, coverage: render.coverage, file: e.manifest ?? '' }, o.object, `${release.name}[${o.source}#${id}]`);
      }
    }
  }

  private addChartObject(release: ViewResource, chart: ChartOrigin, manifest: Record<string, any>, name: string): void {
    const body = { manifest, provider: release.body.provider };
    let object: K8sObject | undefined;
    let computed = false;
    const r: ViewResource = {
      stack: release.stack,
      type: release.type,
      name,
      address: `${release.type}.${name}`,
      owner: release.owner,
      path: release.path,
      cluster: release.cluster,
      kind: String(manifest.kind),
      body,
      chart,
      get object() {
        if (!computed) {
          computed = true;
          object = toK8sObject('kubernetes_manifest', body);
        }
        return object;
      },
    };
    this.chartObjects.push(r);
    const list = this.kinds.get(r.kind);
    if (list) list.push(r);
    else this.kinds.set(r.kind, [r]);
    // A chart's objects live in the release's namespaces; a Namespace a chart creates is not one the landing zone declares.
    const ns = manifest.metadata?.namespace;
    if (typeof ns === 'string') {
      const key = `${r.cluster}/${ns}`;
      const l = this.namespaced.get(key);
      if (l) l.push(r);
      else this.namespaced.set(key, [r]);
    }
  }

  public ofKind(kind: string): readonly ViewResource[] {
    return this.kinds.get(kind) ?? [];
  }

  public namespace(cluster: string, name: string): ViewResource | undefined {
    return this.namespaces.get(`${cluster}/${name}`);
  }

  public inNamespace(cluster: string, namespace: string): readonly ViewResource[] {
    return this.namespaced.get(`${cluster}/${namespace}`) ?? [];
  }

  public namespaceLabels(r: ViewResource): Readonly<Record<string, string>> {
    if (!r.object) return {};
    if (r.object.kind === 'Namespace') return r.object.metadata.labels;
    const ns = r.object.metadata.namespace;
    return (ns !== undefined && this.namespace(r.cluster, ns)?.object?.metadata.labels) || {};
  }

  public zoneOf(cluster: string, namespace: string | undefined): Zone | undefined {
    if (namespace === undefined) return undefined;
    const z = this.namespace(cluster, namespace)?.object?.metadata.labels[Labels.ZONE];
    return ZONES.includes(z as Zone) ? (z as Zone) : undefined;
  }

  public tenantOfNamespace(namespace: string): ITenant | undefined {
    return this.tenantNamespaces.get(namespace);
  }

  public hubOfCluster(cluster: string): HubSubject | undefined {
    return this.clusterHubs.get(cluster);
  }

  public tenantsOfGroup(group: string): readonly string[] {
    return [...(this.groupOwners.get(group) ?? [])].sort();
  }

  public namespaceOwner(namespace: string): NamespaceOwner | undefined {
    const t = this.tenantNamespaces.get(namespace);
    if (t) return { code: t.code, published: false };
    return this.publishedTenants.has(namespace) ? { code: namespace, published: true } : undefined;
  }

  public apiServerCidrs(cluster: string): readonly string[] {
    const c = this.clusterHubs.get(cluster)?.hub.cluster(cluster);
    return listOf(c?.controlPlane?.apiServerCidrs).filter((x): x is string => typeof parseCidr(x) !== 'string');
  }

  public clusterNetworks(cluster: string): ClusterNetworks | undefined {
    let n = this.networks.get(cluster);
    if (n === undefined) {
      const c = this.clusterHubs.get(cluster)?.hub.cluster(cluster);
      const parse = (list: unknown) => listOf(list).filter((x): x is string => typeof parseCidr(x) !== 'string');
      const pods = parse(c?.podCidrs);
      const services = parse(c?.serviceCidrs);
      n = pods.length + services.length > 0 ? { pods, services } : null;
      this.networks.set(cluster, n);
    }
    return n ?? undefined;
  }

  public helmValues(r: ViewResource): ReturnType<RuleContext['helmValues']> {
    let v = this.helmCache.get(r);
    if (!v) {
      const documents: unknown[] = [];
      for (const text of asArray(r.body.values)) {
        if (typeof text !== 'string') continue;
        // The library writes its values as JSON (which is YAML): JSON.parse first, the YAML parser for anything else.
        const json = jsonObject(text);
        if (json !== undefined) {
          documents.push(json);
          continue;
        }
        try {
          for (const doc of parseAllDocuments(text)) if (doc.errors.length === 0) documents.push(doc.toJS());
        } catch {
          // Values that do not parse are helm's problem at plan time; the rules see nothing in them.
        }
      }
      const set = [
        ...asArray(r.body.set).map((s: any) => ({ name: String(s?.name ?? ''), value: s?.value, sensitive: false })),
        ...asArray(r.body.set_sensitive).map((s: any) => ({ name: String(s?.name ?? ''), value: s?.value, sensitive: true })),
      ];
      v = { documents, set };
      this.helmCache.set(r, v);
    }
    return v;
  }

  private add(stack: TerraformStack, type: string, name: string, body: Record<string, any>, owner: IConstruct, kindOverride?: string): void {
    const provider = typeof body.provider === 'string' ? body.provider : '';
    const cluster = kindOverride === 'provider' ? String(body.alias ?? '') : provider.includes('.') ? provider.slice(provider.indexOf('.') + 1) : '';
    const k8sCarrier = type === 'kubernetes_manifest' || typedKind(type) !== undefined;
    let object: K8sObject | undefined;
    let computed = false;
    const kind = kindOverride ?? (type === 'kubernetes_manifest' ? String((body.manifest as any)?.kind ?? type) : (typedKind(type)?.kind ?? type));
    const r: ViewResource = {
      stack: stack.node.id,
      type: kindOverride ?? type,
      name,
      address: `${kindOverride ?? type}.${name}`,
      owner,
      path: owner.node.path,
      cluster,
      kind,
      body,
      // Converted on first use: most rules only look at a few kinds.
      get object() {
        if (!computed) {
          computed = true;
          object = k8sCarrier ? toK8sObject(type, body) : undefined;
        }
        return object;
      },
    };
    this.resources.push(r);
    const list = this.kinds.get(kind);
    if (list) list.push(r);
    else this.kinds.set(kind, [r]);
    if (!k8sCarrier) return;
    const md = (type === 'kubernetes_manifest' ? (body.manifest as any)?.metadata : firstBlock(body.metadata)) ?? {};
    if (kind === 'Namespace' && typeof md.name === 'string') this.namespaces.set(`${cluster}/${md.name}`, r);
    if (typeof md.namespace === 'string') {
      // A namespace's objects by address, each once: an address a stack would hold twice (a duplicate-address error,
      // lib/core/output-checks.ts) would otherwise be read by every rule that looks into the namespace once per copy,
      // for every copy — minutes for two thousand departments of one code.
      const address = `${r.stack}\u0000${r.address}`;
      if (this.namespacedAddresses.has(address)) return;
      this.namespacedAddresses.add(address);
      const key = `${cluster}/${md.namespace}`;
      const l = this.namespaced.get(key);
      if (l) l.push(r);
      else this.namespaced.set(key, [r]);
    }
  }

  private addBatch(batch: ResourceBatch, resources: readonly BatchResource[]): void {
    const stack = TerraformStack.of(batch);
    const owner = batch.node.scope ?? batch;
    for (const res of resources) {
      const body = batch.holdsTokens(res) ? resolveBatchBody(stack, res.body) : res.body;
      this.add(stack, res.type, res.name, body as Record<string, any>, owner);
    }
  }

  private addRendered(element: TerraformResource | TerraformProvider, section: 'resource' | 'provider'): void {
    const stack = TerraformStack.of(element);
    const tf = renderedElement(element, stack) as Record<string, Record<string, any>>;
    const block = tf?.[section] ?? {};
    for (const [type, entries] of Object.entries(block)) {
      if (section === 'provider') {
        for (const cfg of asArray(entries)) this.add(stack, type, `${type}.${cfg?.alias ?? 'default'}`, { ...cfg, type }, element, 'provider');
      } else {
        for (const [name, body] of Object.entries(entries ?? {})) this.add(stack, type, name, body as Record<string, any>, element);
      }
    }
  }

  private addHub(hub: IProvinceHub & Partial<{ adminGroups: AdminGroups; audit: AuditSettings }>): void {
    // A hub of one's own lays out its stacks; a published one has none in this app.
    const scopes = [hub.node.path, ...(hub.stacks ?? []).map((st) => st.node.path)];
    const subject: HubSubject = { hub, path: hub.node.path, scopes, adminGroups: hub.adminGroups, audit: hub.audit, published: (hub as { hubStack?: unknown }).hubStack === undefined };
    this.hubs.push(subject);
    for (const c of hub.clusters ?? []) if (typeof c?.name === 'string' && !this.clusterHubs.has(c.name)) this.clusterHubs.set(c.name, subject);
    // A published hub's departments, from its contract: a city project's objects must not reach into them.
    const contract = (hub as { published?: { contract?: { tenants?: unknown } } }).published?.contract;
    for (const t of listOf(contract?.tenants)) if (typeof t?.code === 'string') this.publishedTenants.add(t.code);
    this.addEndpoints(hub);
  }

  /** The site endpoints of the hub's shelf, as it publishes them (its own shelf, or a published hub's contract). */
  private addEndpoints(hub: IProvinceHub): void {
    const x = hub as unknown as { middleware?: { published?: () => unknown }; published?: { middleware?: () => unknown } };
    let shelf: { offerings?: unknown } | undefined;
    try {
      shelf = (x.published?.middleware?.() ?? x.middleware?.published?.()) as { offerings?: unknown } | undefined;
    } catch {
      // A shelf that cannot describe itself has its own checks failing; the rules see no endpoint.
      shelf = undefined;
    }
    for (const o of listOf(shelf?.offerings)) {
      if (!o || typeof o.name !== 'string' || !o.siteEndpoints || typeof o.siteEndpoints !== 'object') continue;
      const grants = new Set(listOf(o.grants).filter((g): g is string => typeof g === 'string'));
      for (const [cluster, ep] of Object.entries(o.siteEndpoints as Record<string, any>)) {
        if (typeof parseCidr(ep?.cidr) === 'string') continue;
        this.privateEndpoints.push({ province: hub.province, offering: o.name, cluster, host: String(ep.host ?? ''), cidr: ep.cidr, port: Number(ep.port), grants });
      }
    }
  }

  /** Every cluster of every hub of one's own (a published hub's clusters are its own project's to check). */
  public clusters(): ClusterSubject[] {
    const out: ClusterSubject[] = [];
    for (const h of this.hubs) {
      if (h.published) continue;
      const seen = new Set<string>();
      for (const cluster of h.hub.clusters ?? []) {
        if (typeof cluster?.name !== 'string' || seen.has(cluster.name)) continue;
        seen.add(cluster.name);
        out.push({ hub: h, cluster, path: `${h.path}/clusters/${cluster.name}` });
      }
    }
    return out;
  }
}

/** A batch body's tokens resolved: the library's own tokens directly (lib/private/terraform-json.ts), others by cdktf. */
function resolveBatchBody(stack: TerraformStack, body: unknown): unknown {
  const own = resolveOwnTokens(body);
  return own === NOT_OWN ? resolve(stack, body) : own;
}

function resolve(stack: TerraformStack, value: unknown): unknown {
  // Not preparing: a preparing resolve would register cross-stack references, which is the stacks' own job.
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
}

function asArray(x: unknown): any[] {
  return Array.isArray(x) ? x : x === undefined || x === null ? [] : [x];
}

function listOf(x: unknown): any[] {
  return Array.isArray(x) ? x : [];
}

function firstBlock(x: unknown): any {
  return Array.isArray(x) ? x[0] : x;
}

/** Structural tests: the compliance layer reads the model through its interfaces, so it imports no construct class. */
function isHub(c: IConstruct): c is IProvinceHub & Partial<{ adminGroups: AdminGroups; audit: AuditSettings }> {
  const x = c as any;
  return typeof x.registry === 'string' && Array.isArray(x.clusters) && typeof x.industryCloud === 'function' && typeof x.registerTenant === 'function';
}

function isTenant(c: IConstruct): c is ITenant {
  const x = c as any;
  return typeof x.code === 'string' && typeof x.addNetworkRule === 'function' && typeof x.industryCloud === 'object' && x.industryCloud !== null;
}

function isIndustryCloud(c: IConstruct): c is IIndustryCloud {
  const x = c as any;
  return typeof x.code === 'string' && typeof x.addTenant === 'function' && Array.isArray(x.clusterNames);
}

/** A text that is one JSON object, parsed; undefined for anything else (YAML, a JSON array or scalar, invalid JSON). */
function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
