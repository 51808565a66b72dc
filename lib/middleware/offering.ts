import { Construct, IConstruct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { IRecoveryMechanismSource, ITenant, MechanismEstimate, NetworkRule } from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { LandingZoneError, stringOf, textOf } from '../core/errors';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { checkCode, HubNamespaces } from '../core/names';
import { type RemovedValue, reportNulls, reportRemoved, stripNulls } from '../core/props';
import { checkAmount, ResourceAmounts } from '../core/quantities';
import { isPublicCluster, privateServiceClusters } from '../placement/network-reach';
import { chartRepositoryProblem, isExactVersion, isImageRegistry } from '../private/charts';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { digestNumber } from '../private/stable-json';
import { expression } from '../private/terraform-json';
import { ClusterConnection } from '../topology/cluster-connection';
import { MiddlewareCredentials } from './credentials';
import {
  type AmountRule,
  type GrantBinding,
  type GrantConnectOptions,
  type IMiddlewareGrant,
  type IMiddlewareOffering,
  type IMiddlewareShelf,
  type MiddlewareOfferingOptions,
  OFFERING_LABEL,
  OFFERING_NAME_MAX_LENGTH,
  type OfferingConnection,
  type OfferingInventory,
  type OfferingObject,
  type OperatorRelease,
  type PodLabels,
} from './offering-types';
import type { OperatorVersion } from './operators';
import { detachedGrant, requireGrantee, uniqueChildId } from './shelf-internals';

const OPTIONS_ACCEPTED_BY_ALL = ['credentialsRevision'];

/**
 * The machinery every offering shares: cluster placement, operator install, capacity claims, per-cluster
 * rendering with deterministic addresses, data protection, grant bookkeeping, checks and the inventory.
 *
 * A subclass says what its instance and grants are made of. Addresses: `<offering>--<cluster>[--<part>]` for
 * the instance, `<tenant>--<offering>--<cluster>[--<part>]` for a grant, all in `<province>-hub`.
 */
export abstract class MiddlewareOffering implements IMiddlewareOffering {
  public readonly name: string;
  public abstract readonly kind: string;
  protected readonly baseOptions: MiddlewareOfferingOptions;
  private boundShelf?: IMiddlewareShelf;
  private boundScope?: Construct;
  private readonly bindings = new Map<IMiddlewareGrant, GrantBinding>();
  private grantedCache?: { grants: readonly IMiddlewareGrant[]; tenants: Set<ITenant> };

  /** What the props boundary removed from the options (null, Symbol, BigInt), reported when the offering is checked. */
  private readonly removed: readonly RemovedValue[];

  protected constructor(options: MiddlewareOfferingOptions | undefined, defaultName: string) {
    // The props boundary of constructs (lib/core/props.ts), for an offering that is not one yet: a JavaScript caller's
    // null, Symbol or BigInt is taken out (and reported at the gate), an object without a prototype made plain.
    const { value, nulls } = stripNulls(options ?? {});
    this.removed = nulls;
    // Options that are no object at all (a Symbol, a string): none given, and reported.
    this.baseOptions = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
    this.name = this.baseOptions.name ?? defaultName;
  }

  /** The options as given to the constructor, through the props boundary: what a subclass reads its own props from. */
  protected get givenOptions(): MiddlewareOfferingOptions {
    return this.baseOptions;
  }

  // ---- what a subclass provides ----

  /** Port tenants connect to. */
  protected abstract get port(): number;
  /** Service (in the middleware namespace) tenants connect to. */
  protected abstract get serviceName(): string;
  /** Pods behind the service. */
  protected abstract get clientPods(): PodLabels;
  /** Ports the operator reaches the pods on. */
  protected abstract get operatorPorts(): number[];
  /** The operator's release (chart, version, repository, values) for this hub. */
  protected abstract operatorRelease(): OperatorRelease;
  /** What one instance reserves on a cluster (summed over its pods). */
  protected abstract clusterAmounts(): Required<ResourceAmounts>;
  /** Sizing as the inventory shows it. */
  protected abstract sizing(): Record<string, unknown>;
  /** The instance's objects on a cluster. */
  protected abstract instanceObjects(cluster: string): OfferingObject[];
  /** Option names (of GrantConnectOptions) this offering accepts, besides `credentialsRevision`. */
  protected abstract get grantOptionNames(): string[];
  /** Kind-specific facts of a grant (names resolved from options and the tenant code). */
  protected abstract grantDetails(grant: IMiddlewareGrant): Record<string, string | number>;
  /**
   * The tenant's connection secret on a cluster. `passwordRef` is the Terraform reference of the tenant's
   * password (`var.…["<tenant>"]`): write `this.expression(passwordRef)`, or wrap it
   * (`this.expression(\`urlencode(${passwordRef})\`)`). Text written as `${…}` is literal text, never a template.
   */
  protected abstract connectionSecret(grant: IMiddlewareGrant, details: Record<string, string | number>, passwordRef: string, cluster: string): Record<string, string>;

  /** Network rules a grant needs beyond the egress to the local instance. @default - none */
  protected grantNetworkRules(_grant: IMiddlewareGrant): NetworkRule[] {
    return [];
  }

  /** A grant's objects on the middleware side (credentials, database, user…). @default - none */
  protected grantObjects(_grant: IMiddlewareGrant, _details: Record<string, string | number>, _cluster: string): OfferingObject[] {
    return [];
  }
  /** Checks of the offering's own props. */
  protected checkProps(_r: ProblemReporter, _at: IConstruct): void {}
  /** Checks of one grant's facts. */
  protected checkGrant(_grant: IMiddlewareGrant, _details: Record<string, string | number>, _r: ProblemReporter): void {}
  /** Called once bound, before anything is rendered (e.g. to declare instance passwords). */
  protected onBind(_scope: Construct): void {}
  /**
   * Recovery estimates of an offering whose instances stay on their own cluster (the operator does not replicate
   * between Kubernetes clusters): a lost site loses what only it held. Unless the offering holds data of record,
   * that is a cache or a transport that producers replay, and it does not bound the RPO.
   */
  protected siteLocalEstimates(tenant: ITenant, description: string, dataOfRecord: boolean): MechanismEstimate[] {
    if (!this.isGranted(tenant)) return [];
    return [
      {
        id: `${this.kind}:${this.name}`,
        description: `${description}${dataOfRecord ? '' : '; not a system of record (dataOfRecord: false)'}`,
        ...(dataOfRecord
          ? { rpo: [{ name: `${this.kind} "${this.name}" is not replicated between sites`, seconds: Number.POSITIVE_INFINITY, setting: `dataOfRecord on offering "${this.name}"` }] }
          : {}),
        rto: [],
        rpoFix: `keep the data of record in a distributed PostgreSQL offering, or set dataOfRecord: false on "${this.name}" if producers can replay it`,
      },
    ];
  }

  /** Whether grants need a password (declared in `gov_lz_<offering>_passwords`). @default true */
  protected get grantsUsePasswords(): boolean {
    return true;
  }

  // ---- what subclasses use ----

  /** The shelf; throws when used before bind (a bug in the offering, not bad input). */
  protected get shelf(): IMiddlewareShelf {
    if (!this.boundShelf) throw new Error(`offering ${this.name} is used before hub.middleware.add()`);
    return this.boundShelf;
  }

  /** The construct that holds the offering in `<province>-hub`. */
  protected get scope(): Construct {
    if (!this.boundScope) throw new Error(`offering ${this.name} is used before hub.middleware.add()`);
    return this.boundScope;
  }

  /** Namespace of the instances. */
  protected get namespace(): string {
    return this.boundShelf?.namespace ?? HubNamespaces.MIDDLEWARE;
  }

  /** Registry the images come from. */
  protected get imageRegistry(): string {
    return this.baseOptions.operator?.imageRegistry ?? this.shelf.hub.registry;
  }

  /** Chart repository. */
  protected get chartRepository(): string {
    return this.baseOptions.operator?.chartRepository ?? this.shelf.hub.chartRepository ?? `oci://${this.shelf.hub.registry}/charts`;
  }

  /** The clusters named in the props, or the shelf's default. */
  protected get clusterNames(): string[] {
    const named = this.baseOptions.clusters;
    return Array.isArray(named) ? [...named] : [...(this.boundShelf?.defaultClusters ?? [])];
  }

  /** The release of a pinned operator chart, with this offering's chart source and version override. */
  protected pinnedRelease(pinned: OperatorVersion, values: Record<string, unknown>): OperatorRelease {
    return {
      name: pinned.chart,
      chart: pinned.chart,
      version: this.baseOptions.operator?.chartVersion ?? pinned.version,
      repository: this.chartRepository,
      values,
    };
  }

  /** An image reference: a path is taken from the image registry; a reference whose first segment is a host is kept. */
  protected imageReference(image: string): string {
    return /^[^/]+[.:][^/]*\//.test(image) ? image : `${this.imageRegistry}/${image}`;
  }

  /** Labels of every object the offering creates. */
  protected labels(extra: Record<string, string> = {}): Record<string, string> {
    return { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [OFFERING_LABEL]: this.name, ...extra };
  }

  /** A custom resource in the middleware namespace. */
  protected customResource(apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): Pick<OfferingObject, 'type' | 'body'> {
    return k8s.manifest({ manifest: { apiVersion, kind, metadata: { name, namespace: this.namespace, labels: this.labels(labels) }, spec } });
  }

  /** A secret in the middleware namespace whose content is written only (see MiddlewareCredentials). */
  protected writeOnlySecret(name: string, data: Record<string, string>, options: { type?: string; labels?: Record<string, string>; revision?: unknown } = {}): Pick<OfferingObject, 'type' | 'body'> {
    return k8s.writeOnlySecret({
      metadata: { name, namespace: this.namespace, labels: this.labels(options.labels) },
      type: options.type ?? 'Opaque',
      dataWo: data,
      dataWoRevision: digestNumber({ data, revision: options.revision ?? 1 }),
    });
  }

  /**
   * A Terraform expression in a value (a password reference, `urlencode(…)`): every other string the landing zone
   * writes is literal text, escaped where the JSON is written, so `${…}` typed into a value is never evaluated.
   */
  protected expression(hcl: string): string {
    return expression(hcl);
  }

  /** The Terraform reference of a password in the hub stack (declares the variable and the key); see MiddlewareCredentials. */
  protected hubPasswordRef(key: string): string {
    return MiddlewareCredentials.passwordRef(this.scope, this.name, key);
  }

  /** Whether the tenant holds a grant of this offering (a set, built once per set of grants). */
  protected isGranted(tenant: ITenant): boolean {
    const grants = this.shelf.grantsOf(this.name);
    if (this.grantedCache?.grants !== grants) this.grantedCache = { grants, tenants: new Set(grants.map((g) => g.tenant)) };
    return this.grantedCache.tenants.has(tenant);
  }

  /** The grants of this offering, sorted by tenant code, with what the offering made of them. */
  protected grantsWithDetails(): Array<{ grant: IMiddlewareGrant; details: Record<string, string | number> }> {
    return this.shelf.grantsOf(this.name).flatMap((grant) => {
      const binding = this.bindings.get(grant);
      return binding ? [{ grant, details: { ...binding.details } }] : [];
    });
  }

  /** The credentials revision of a grant (1 unless bumped). */
  protected credentialsRevision(grant: IMiddlewareGrant): number {
    const v = grant.options.credentialsRevision;
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
  }

  // ---- IMiddlewareOffering ----

  public bind(shelf: IMiddlewareShelf): void {
    if (this.boundShelf) {
      const first = this.boundShelf;
      LandingZoneContext.of(shelf).addCheck((r) =>
        r.error(shelf, {
          code: 'duplicate',
          value: this.name,
          message: `offering "${this.name}" is added more than once${first === shelf ? '' : ` (already on ${first.node.path})`}; one offering object is one instance`,
          fix: `add it once, or create another offering with its own name, e.g. new ${this.constructor.name}({ name: '${this.name}2' })`,
        }),
      );
      return;
    }
    this.boundShelf = shelf;
    const stack = shelf.instanceStack;
    const id = uniqueChildId(stack, `Middleware-${this.name}`);
    const scope = new Construct(stack, id);
    this.boundScope = scope;
    LandingZoneContext.of(scope).addCheck((r) => this.checkOffering(r));

    const clusters = this.knownClusters();
    const connections = clusters.map((c) => ClusterConnection.of(scope, shelf.hub.cluster(c)!));
    const release = this.fromSubclass('operatorRelease()', () => this.operatorRelease());
    for (const c of clusters) {
      shelf.installOperator(c, release, this);
      shelf.hub.addCapacityClaim({ cluster: c, owner: scope.node.path, amounts: this.fromSubclass('clusterAmounts()', () => this.clusterAmounts()) });
    }
    this.fromSubclass('onBind()', () => this.onBind(scope));
    // An offering that says how it recovers feeds the recovery planner (duck-typed: ISV offerings may too).
    const source = this as unknown as Partial<IRecoveryMechanismSource>;
    if (typeof source.recoveryEstimates === 'function') shelf.hub.recovery?.addMechanismSource(source as IRecoveryMechanismSource);
    batchFor(scope).addProducer(() => connections.flatMap((conn) => this.render(conn)));
  }

  /**
   * Runs a method a subclass provides (an ISV's code) while the offering is added: what it throws becomes a
   * LandingZoneError naming the offering — after the props the boundary took out, the likely cause (a BigInt count the
   * subclass read from its own props) — not a TypeError from inside hub.middleware.add().
   */
  private fromSubclass<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (LandingZoneError.isLandingZoneError(e)) throw e;
      const at = this.boundScope?.node.path ?? `offering ${textOf(this.name)}`;
      const r = new ProblemReporter();
      reportRemoved(r, at, this.removed, `${textOf(this.kind)} offering props`);
      r.error(at, {
        code: 'offering-failed',
        value: this.name,
        message: `${stringOf(this.constructor.name)}.${what} failed while the offering was added to the hub: ${e instanceof Error ? e.message : stringOf(e)}`,
        fix: r.problems.length > 0 ? 'fix the props above' : "check the offering's props against its documentation; if they are right, report the failure to the offering's vendor",
      });
      throw new LandingZoneError(r.problems, 'the offering could not be added');
    }
  }

  public grantConnect(tenant: ITenant, grantOptions: GrantConnectOptions = {}): IMiddlewareGrant {
    requireGrantee(tenant, this.boundShelf?.node.path ?? `offering ${this.name}`, this.name);
    // The props boundary: a JavaScript caller's null, Symbol or BigInt in the options out (reported at the gate), an
    // object without a prototype made plain. Options that are no object are the grant's own check's to report.
    const stripped = stripNulls(grantOptions ?? {});
    const options: GrantConnectOptions = stripped.value;
    reportNulls(
      tenant,
      stripped.nulls.filter((n) => n.path !== ''),
      `the options of the grant of ${this.name}`,
    );
    if (!this.boundShelf) {
      LandingZoneContext.of(tenant).addCheck((r) =>
        r.error(tenant, {
          code: 'unknown-offering',
          value: this.name,
          message: `tenant "${tenant.code}" is granted offering "${this.name}", which was never added to a hub's middleware shelf`,
          fix: `call hub.middleware.add(offering) before granting it`,
        }),
      );
      return detachedGrant(tenant, this, options);
    }
    return this.boundShelf.addGrant(this, tenant, options);
  }

  public connection(): OfferingConnection {
    return {
      clusters: this.knownClusters(),
      host: `${this.serviceName}.${this.namespace}.svc`,
      port: this.port,
      clientPods: this.clientPods,
      memberPods: { [OFFERING_LABEL]: this.name },
      operatorPorts: this.operatorPorts,
    };
  }

  public acceptGrant(grant: IMiddlewareGrant): GrantBinding {
    const details = this.grantDetails(grant);
    let tenantPassword = '';
    if (this.grantsUsePasswords) {
      tenantPassword = MiddlewareCredentials.passwordRef(grant, this.name, grant.tenant.code);
      this.hubPasswordRef(grant.tenant.code);
    }
    const binding: GrantBinding = {
      details,
      secretData: (cluster: string) => this.connectionSecret(grant, details, tenantPassword, cluster),
      networkRules: this.grantNetworkRules(grant),
    };
    this.bindings.set(grant, binding);
    LandingZoneContext.of(grant).addCheck((r) => this.checkOneGrant(grant, details, r));
    return binding;
  }

  public inventory(): OfferingInventory {
    const release = this.operatorRelease();
    const conn = this.connection();
    return {
      name: this.name,
      kind: this.kind,
      namespace: this.namespace,
      clusters: [...conn.clusters],
      endpoint: { host: conn.host, port: conn.port },
      sizing: { ...this.sizing(), perCluster: { ...this.clusterAmounts() } },
      operator: { chart: release.chart, version: release.version, repository: release.repository },
    };
  }

  // ---- internals ----

  /** The named clusters that exist in the hub, each once, in the order given. */
  private knownClusters(): string[] {
    const out = new Set<string>();
    for (const c of this.clusterNames) if (this.boundShelf?.hub.cluster(c)) out.add(c);
    return [...out];
  }

  private render(conn: ClusterConnection): BatchResource[] {
    const cluster = conn.cluster.name;
    const provider = conn.kubernetesProviderRef;
    const out: BatchResource[] = [];
    const place = (objects: OfferingObject[], prefix: string) => {
      const name = (part?: string) => (part ? `${prefix}--${part}` : prefix);
      // `dependsOnParts` names parts of the same list; '' is the main object.
      const addressOf = new Map(objects.map((o) => [o.part ?? '', `${o.type}.${name(o.part)}`]));
      for (const o of objects) {
        const body: Record<string, unknown> = { ...o.body, provider };
        const deps = (o.dependsOnParts ?? []).map((p) => addressOf.get(p)).filter((a): a is string => a !== undefined);
        if (deps.length > 0) body.depends_on = deps;
        if (o.holdsData && this.baseOptions.allowDestroy !== true) body.lifecycle = { prevent_destroy: true };
        out.push({ type: o.type, name: name(o.part), body });
      }
    };
    place(this.instanceObjects(cluster), `${this.name}--${cluster}`);
    for (const { grant, details } of this.grantsWithDetails()) {
      if (!grant.clusters.includes(cluster)) continue;
      place(this.grantObjects(grant, details, cluster), `${grant.tenant.code}--${this.name}--${cluster}`);
    }
    return out;
  }

  private checkOffering(r: ProblemReporter): void {
    const at = this.scope;
    const hub = this.shelf.hub;
    reportRemoved(r, at, this.removed, `${this.kind} offering props`);
    const repo = this.baseOptions.operator?.chartRepository;
    if (urlCredential(repo)) {
      r.error(at, {
        code: 'credential-in-url',
        value: repo,
        message: `operator.chartRepository: ${urlCredential(repo)}; it would be written in plain text to cdktf.out`,
        fix: "give the repository without credentials (the hub's registry needs none inside the air gap)",
      });
    }
    const nameProblem = checkCode(this.name, { what: 'offering name', maxLength: OFFERING_NAME_MAX_LENGTH });
    if (nameProblem) {
      r.error(at, { code: 'invalid-name', value: this.name, message: nameProblem, fix: `name the offering after what it is, e.g. "${this.kind.slice(0, 8)}"` });
    } else if (hub.cluster(this.name)) {
      r.error(at, {
        code: 'invalid-name',
        value: this.name,
        message: `offering name "${this.name}" is also a cluster code; Terraform addresses <tenant>--<offering>--<cluster> would become ambiguous`,
        fix: `give the offering another name, e.g. "${this.kind.slice(0, 8)}"`,
      });
    }
    const named = this.baseOptions.clusters;
    if (named !== undefined && !Array.isArray(named)) {
      r.error(at, { code: 'invalid-value', value: named, message: 'clusters must be a list of cluster codes', fix: "e.g. clusters: ['hz-a-core']" });
    }
    const clusters = this.clusterNames;
    if (clusters.length === 0) {
      r.error(at, {
        code: 'no-cluster',
        value: named ?? [],
        message: named ? 'the offering names no cluster to run on' : 'the offering names no cluster and the hub has no private cluster on a PRODUCTION site to run it on by default',
        fix: `set clusters, e.g. clusters: ['${hub.clusters[0]?.name ?? 'hz-a-core'}']`,
      });
    }
    const seen = new Set<string>();
    for (const c of clusters) {
      if (seen.has(c)) r.error(at, { code: 'duplicate', value: c, message: `cluster "${c}" is listed twice`, fix: 'list each cluster once' });
      seen.add(c);
      const known = hub.cluster(c);
      if (known && isPublicCluster(known)) {
        r.error(at, {
          code: 'middleware-on-public-cloud',
          value: c,
          message: `offering "${this.name}" is placed on public cluster "${c}"; shared middleware keeps departments' data and runs on private clusters only (tenants never reach private services from a public cluster)`,
          fix: `place it on private clusters, e.g. clusters: ${JSON.stringify(this.boundShelf?.defaultClusters ?? [])}`,
        });
      }
      if (!known) {
        r.error(at, {
          code: 'unknown-cluster',
          value: c,
          message: `offering "${this.name}" is placed on cluster "${c}", which the hub does not have`,
          fix: `use one of: ${hub.clusters.map((x) => x.name).join(', ') || '(no cluster declared)'}`,
        });
      }
    }
    const op = this.baseOptions.operator ?? {};
    const chartProblem = op.chartRepository === undefined ? undefined : chartRepositoryProblem(op.chartRepository);
    if (chartProblem) {
      r.error(at, {
        code: 'invalid-value',
        value: op.chartRepository,
        message: `operator.chartRepository ${chartProblem}`,
        fix: `e.g. 'oci://${hub.registry}/charts', or leave it unset for the hub's charts.repository`,
      });
    }
    if (op.chartVersion !== undefined && !isExactVersion(op.chartVersion)) {
      r.error(at, {
        code: 'invalid-value',
        value: op.chartVersion,
        message: 'operator.chartVersion must be an exact chart version (x.y.z): a range would let the operator change under a plan',
        fix: `leave it unset for ${this.operatorRelease().version}, or give an exact version`,
      });
    }
    if (op.imageRegistry !== undefined && !isImageRegistry(op.imageRegistry)) {
      r.error(at, {
        code: 'invalid-value',
        value: op.imageRegistry,
        message: 'operator.imageRegistry must be a registry host (and optional port and path) without a scheme',
        fix: `e.g. '${hub.registry}'`,
      });
    }
    const sc = this.baseOptions.storageClass;
    if (sc !== undefined && (typeof sc !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sc))) {
      r.error(at, {
        code: 'invalid-value',
        value: sc,
        message: 'storageClass must be the name of a StorageClass',
        fix: "e.g. storageClass: 'csi-local-ssd', or leave it unset for the cluster's default",
      });
    }
    this.checkProps(r, at);
    this.checkGrantSet(r);
  }

  /** Checks amounts with one message style: `<field> must be …`. */
  protected checkAmounts(r: ProblemReporter, at: IConstruct, rules: AmountRule[]): void {
    for (const rule of rules) {
      const problem = checkAmount(rule.value, rule.field, { integer: rule.integer, min: rule.min ?? 0.001 });
      if (problem) {
        r.error(at, {
          code: 'invalid-quantity',
          value: rule.value,
          message: `${this.kind} offering "${this.name}": ${problem}`,
          fix: `set ${rule.field} to ${rule.integer ? 'a whole number' : 'a number'} of at least ${rule.min ?? 0.001}`,
        });
      } else if (rule.odd && (rule.value as number) % 2 === 0) {
        r.error(at, {
          code: 'invalid-quantity',
          value: rule.value,
          message: `${this.kind} offering "${this.name}": ${rule.field} is even; a quorum of an even number of members survives no more failures than one member fewer`,
          fix: `use ${(rule.value as number) + 1} or ${(rule.value as number) - 1}`,
        });
      }
    }
  }

  /** Grants of the same offering that would clash with each other (same database, overlapping prefixes…). */
  protected checkGrantSet(_r: ProblemReporter): void {}

  private checkOneGrant(grant: IMiddlewareGrant, details: Record<string, string | number>, r: ProblemReporter): void {
    const accepted = [...OPTIONS_ACCEPTED_BY_ALL, ...this.grantOptionNames];
    const opts = (grant.options ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(opts).sort()) {
      if (opts[key] === undefined || accepted.includes(key)) continue;
      r.error(grant, {
        code: 'invalid-value',
        value: { [key]: opts[key] },
        message: `option "${key}" does not apply to the ${this.kind} offering "${this.name}"`,
        fix: `remove it; a ${this.kind} grant takes: ${accepted.join(', ')}`,
      });
    }
    const rev = opts.credentialsRevision;
    if (rev !== undefined && !(typeof rev === 'number' && Number.isInteger(rev) && rev >= 1)) {
      r.error(grant, { code: 'invalid-value', value: rev, message: 'credentialsRevision must be a whole number of 1 or more', fix: 'start at 1 and add 1 each time the password changes' });
    }
    const allClusters = grant.tenant.placements.filter((p) => p.kind !== 'burst' && p.kind !== 'edge').map((p) => p.cluster.name);
    const tenantClusters = privateServiceClusters(grant.tenant);
    const offeringClusters = this.knownClusters();
    if (grant.clusters.length === 0 && allClusters.length > 0 && tenantClusters.length === 0) {
      r.error(grant, {
        code: 'unreachable-offering',
        value: this.name,
        message: `tenant "${grant.tenant.code}" runs only on public clusters (${allClusters.join(', ')}), which never reach private middleware directly`,
        fix: `call the service through the private API gateway over the dedicated line, or grant "${this.name}" to a tenant on a private cluster`,
      });
    } else if (grant.clusters.length === 0 && tenantClusters.length > 0 && offeringClusters.length > 0) {
      r.error(grant, {
        code: 'unreachable-offering',
        value: this.name,
        message: `tenant "${grant.tenant.code}" runs on ${tenantClusters.join(', ')} and offering "${this.name}" on ${offeringClusters.join(', ')}: no cluster runs both, and a network policy cannot reach another cluster`,
        fix: `add one of ${tenantClusters.join(', ')} to the offering's clusters, or grant an offering that runs there`,
      });
    } else {
      const missing = tenantClusters.filter((c) => !grant.clusters.includes(c));
      if (grant.clusters.length > 0 && missing.length > 0) {
        r.warn(
          grant,
          `offering "${this.name}" runs on ${grant.clusters.join(', ')} but not on ${missing.join(', ')}: tenant "${grant.tenant.code}" gets no credentials and no network path to it there`,
        );
      }
    }
    this.checkGrant(grant, details, r);
  }
}
