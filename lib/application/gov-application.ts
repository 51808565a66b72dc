import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { AchievableAvailability, ITenant, TenantPlacement } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { DataClass } from '../core/enums';
import { LandingZoneError, showValue } from '../core/errors';
import { constructIdFor } from '../core/names';
import { positional, reportNulls, stripNulls } from '../core/props';
import { round3 } from '../core/quantities';
import { SCORE_FILE_UNREADABLE } from '../core/root-cause';
import { LandingZoneStack } from '../core/stack';
import { BurstAutoscaler } from '../placement/burst-autoscaler';
import { isBurstPlacement } from '../placement/network-reach';
import { BatchResource, batchFor } from '../private/resource-batch';
import type { ApplicationRecord, GovApplicationSpec } from '../schema/application';
import { ClusterConnection } from '../topology/cluster-connection';
import { checkSpec } from './checks';
import * as objects from './manifests';
import type { AppModel, Manifest, ResolvedPeak } from './manifests';
import { peakWindow } from './peaks';
import { ApplicationPlatform, RegisteredApplication } from './platform';
import { scoreToSpec } from './score';

/** Properties of a {@link GovApplication}: the application standard plus how it is delivered. */
export interface GovApplicationProps extends GovApplicationSpec {
  /**
   * `terraform`: the objects are resources in the tenant's stack (platform-run applications). `manifests`: a bundle
   * `gov-lz/apps/<tenant>/<app>.yaml` (and `<app>--<burst cluster>.yaml`) that the department's deployer or GitOps
   * applies, so frequent ISV rollouts stay out of Terraform state.
   * @default 'terraform'
   */
  readonly delivery?: 'terraform' | 'manifests';
}

/**
 * A department's application on the province's standard (统一的PaaS层技术标准): a Deployment meeting Pod Security
 * `restricted` and the MLPS workload rules, a Service, a PodDisruptionBudget, spread over zones on both sites of the
 * dual-active pair, autoscalers on its own and its burst clusters, the peak calendar (KEDA cron triggers, or CronJobs),
 * an HTTPRoute on the hub gateway, and with the operations layer on, a ServiceMonitor and SLO burn-rate rules.
 *
 * Checked at synth: quota and burst capacity at max and at the peaks, data class for bursting, grants of the
 * offerings it uses, and an availability objective no higher than what the recovery planner says is achievable.
 *
 * Addresses: `kubernetes_manifest.<tenant>--<cluster>--app-<name>-<kind>`.
 */
export class GovApplication extends Construct {
  /**
   * An application from a Score file (score.dev/v1b1, YAML or JSON): validated against the Score spec, its container,
   * ports, probes and requests mapped onto the standard, its resources onto the department's grants (`postgres`,
   * `redis`, `kafka`: by kind, or by `class` = offering name; `route`: the hub gateway). What Score does not say
   * (replicas, slo, peaks, burst, delivery) comes from `overrides`, which also win over the file.
   * Problems of the file are reported at synth with the others.
   */
  public static fromScore(tenant: ITenant, file: string, overrides: Partial<GovApplicationProps> = {}): GovApplication {
    const { name, spec, problems } = scoreToSpec(tenant, file);
    const props = { replicas: { min: 2, max: 4 }, ...spec, ...overrides } as GovApplicationProps;
    const app = new GovApplication(tenant, name, props);
    // A file that cannot be read or is not Score is the root cause of what the application then lacks (image, ports, probes).
    LandingZoneContext.of(app).addCheck((r) => problems.forEach(({ unreadable, ...p }) => r.error(app, { code: unreadable ? SCORE_FILE_UNREADABLE : 'score', ...p })));
    return app;
  }

  /** The department. */
  public readonly tenant: ITenant;
  /** Name of the Deployment, Service and the other objects (the construct id). */
  public readonly name: string;
  public readonly props: GovApplicationProps;
  private readonly platform: ApplicationPlatform;
  private wellFormedCache?: boolean;

  constructor(tenant: ITenant, id: string, appProps: GovApplicationProps) {
    // The construct id is the name when it can be one; otherwise (or for a second application of that name) a stand-in,
    // and the name's check (or the duplicate check) reports the name at the gate with every other problem.
    // A symbol or an object without a prototype as the name is taken as text (positional), which the name's check reports.
    super(applicationScope(tenant, (id = positional(id))), applicationId(tenant, id));
    recordDeclaration(this);
    this.tenant = tenant;
    this.name = id;
    // A JavaScript caller may pass null anywhere (or no props): reported at the gate, as if left out.
    const { value, nulls } = stripNulls(appProps);
    const props: GovApplicationProps = value !== null && typeof value === 'object' ? value : ({} as GovApplicationProps);
    reportNulls(this, nulls, 'application props');
    this.props = props;
    this.platform = ApplicationPlatform.of(tenant.industryCloud.hub);
    const registered: RegisteredApplication = { tenant, name: id, burstDemand: () => this.burstDemand() };
    this.platform.applications.push(registered);

    const ctx = LandingZoneContext.of(this);
    const stack = TerraformStack.of(this);
    if (!LandingZoneStack.isLandingZoneStack(stack)) ctx.attach(stack);
    ctx.addCheck((r) => this.check(r));
    const apps = ctx.appState('application.byTenant', () => new Map<ITenant, GovApplication[]>());
    if (!apps.has(tenant)) {
      apps.set(tenant, []);
      tenant.addInventoryField('applications', (): ApplicationRecord[] =>
        apps
          .get(tenant)!
          .filter((a) => a.valid)
          .map((a) => a.inventory())
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    }
    if (apps.get(tenant)!.some((a) => a.name === id)) {
      ctx.addCheck((r) =>
        r.error(this, {
          code: 'duplicate',
          value: id,
          message: `department "${tenant.code}" has two applications named "${String(id)}"; their objects would overwrite each other`,
          fix: 'give each application of a department its own name',
        }),
      );
    }
    apps.get(tenant)!.push(this);

    // The operations layer routes the objective's alerts to the department's receivers (through core's interface only).
    const ops = this.platform.operations;
    if (ops && props.slo && typeof props.slo.availability === 'number') {
      ops.addApplicationSlo({
        tenant: tenant.code,
        app: id,
        namespace: tenant.namespace,
        clusters: this.placements.map((p) => p.cluster.name),
        availability: Number((props.slo.availability / 100).toPrecision(10)),
        ...(props.slo.latencyMs !== undefined ? { latencyMs: props.slo.latencyMs } : {}),
        ruleGroups: objects.ruleGroups({ name: id, spec: props } as AppModel),
      });
    }

    if (this.delivery === 'terraform') {
      const conns = new Map(this.placements.map((p) => [p.cluster.name, ClusterConnection.of(this, p.cluster)]));
      batchFor(this).addProducer(() => (this.valid ? this.placements.flatMap((p) => this.resources(p, conns.get(p.cluster.name)!.kubernetesProviderRef)) : []));
      if (this.scheduler !== 'keda' && this.placementsValid()) {
        new BurstAutoscaler(this, 'Autoscaler', {
          tenant,
          deployment: id,
          cpuPerPod: props.resources.cpu,
          minReplicas: props.replicas.min,
          maxReplicas: props.replicas.max,
          burstMaxReplicas: this.burstMax(),
          placements: this.bursts ? 'all' : 'home',
          deploymentAddress: (cluster) => `kubernetes_manifest.${this.address(cluster, 'deployment')}`,
        });
      }
    } else {
      ctx.addArtifact(`apps/${tenant.code}/${id}.yaml`, () => this.bundle(this.home));
      if (this.bursts && this.burstPlacement) ctx.addArtifact(`apps/${tenant.code}/${id}--${this.burstPlacement.cluster.name}.yaml`, () => this.bundle([this.burstPlacement!]));
    }
  }

  /** How the objects are delivered. */
  public get delivery(): 'terraform' | 'manifests' {
    return this.props.delivery ?? 'terraform';
  }

  /** The department's own clusters (both sites of the pair); not its burst cluster nor its county edge zones. */
  public get home(): TenantPlacement[] {
    return this.tenant.placements.filter((p) => !isBurstPlacement(p) && p.kind !== 'edge');
  }

  /** The department's burst placement, if it has one. */
  public get burstPlacement(): TenantPlacement | undefined {
    return this.tenant.placements.find((p) => isBurstPlacement(p));
  }

  /** Whether the application overflows to the burst cluster. */
  public get bursts(): boolean {
    return this.props.burst ?? this.burstPlacement !== undefined;
  }

  /** Where the application runs. */
  public get placements(): TenantPlacement[] {
    return this.bursts && this.burstPlacement ? [...this.home, this.burstPlacement] : this.home;
  }

  /** How the peak calendar is run. */
  public get scheduler(): 'keda' | 'cronjob' | 'none' {
    if (!Array.isArray(this.props.peaks) || this.props.peaks.length === 0) return 'none';
    return this.platform.keda ? 'keda' : 'cronjob';
  }

  /** The peaks with their windows and the replicas each placement takes. */
  public get peaks(): ResolvedPeak[] {
    const homes = Math.max(1, this.home.length);
    return (this.props.peaks ?? []).map((k, i) => {
      const w = peakWindow(k.cron, k.hours);
      const perHome = Math.min(this.props.replicas.max, Math.ceil(k.replicas / homes));
      return {
        name: k.name ?? `peak-${i + 1}`,
        window: typeof w === 'string' ? { start: k.cron, end: k.cron } : w,
        timezone: k.timezone ?? 'Asia/Shanghai',
        perHomeCluster: perHome,
        burst: Math.max(0, k.replicas - perHome * homes),
      };
    });
  }

  /** What the recovery planner says this application can achieve, when the hub plans recovery. */
  public get achievable(): AchievableAvailability | undefined {
    return this.tenant.industryCloud.hub.recovery?.achievableAvailability?.(this.tenant, this.props.uses ?? []);
  }

  /** Pods the burst quota holds. */
  private burstMax(): number {
    const p = this.burstPlacement;
    if (!p) return 1;
    const r = this.props.resources;
    const fits = [p.quota.cpu / r.cpu, (p.quota.memoryGi * 1024) / r.memoryMi, p.quota.pods ?? Infinity].map((n) => Math.floor(round3(n)));
    return Math.max(1, Math.min(...fits));
  }

  private placementsValid(): boolean {
    const r = this.props.resources as unknown;
    return typeof r === 'object' && r !== null && typeof this.props.replicas?.min === 'number';
  }

  private model(): AppModel {
    const ops = this.platform.operations;
    return {
      name: this.name,
      tenant: this.tenant.code,
      spec: this.props,
      delivery: this.delivery,
      peaks: this.peaks,
      scheduler: this.scheduler,
      gateway: this.platform.gateway,
      scalerImage: this.platform.scalerImage,
      monitoring: ops ? { ...(ops.selectorLabels ?? {}) } : undefined,
      replicas: (p) => (isBurstPlacement(p) ? { min: 1, max: this.burstMax() } : { min: this.props.replicas.min, max: this.props.replicas.max }),
    };
  }

  /** The objects on one placement, in apply order. */
  public manifests(p: TenantPlacement): Manifest[] {
    const m = this.model();
    const burst = isBurstPlacement(p);
    const out: Array<Manifest | undefined> = [objects.serviceAccount(m, p), objects.deployment(m, p), objects.service(m, p), objects.disruptionBudget(m, p)];
    if (m.scheduler === 'keda') out.push(objects.scaledObject(m, p, burst));
    else {
      if (this.delivery === 'manifests') out.push(objects.autoscaler(m, p));
      out.push(...objects.peakScaler(m, p, burst));
    }
    out.push(objects.httpRoute(m, p), objects.serviceMonitor(m, p), objects.sloRules(m, p));
    return out.filter((x): x is Manifest => x !== undefined);
  }

  private address(cluster: string, kind: string): string {
    return `${this.tenant.code}--${cluster}--app-${this.name}-${kind}`;
  }

  private resources(p: TenantPlacement, provider: string): BatchResource[] {
    const ns = `kubernetes_namespace_v1.${this.tenant.code}--${p.cluster.name}`;
    const deployment = `kubernetes_manifest.${this.address(p.cluster.name, 'deployment')}`;
    return this.manifests(p).map((manifest) => {
      const kind = manifest.kind.toLowerCase();
      const peakPart = manifest.kind === 'CronJob' || manifest.metadata.namespace !== p.namespace || manifest.kind === 'Role' || manifest.kind === 'RoleBinding';
      const name = manifest.kind === 'CronJob' ? `cronjob-${manifest.metadata.name.slice(this.tenant.code.length + this.name.length + 2)}` : peakPart ? `peaks-${kind}` : kind;
      const isDeployment = manifest.kind === 'Deployment';
      return {
        type: 'kubernetes_manifest',
        name: this.address(p.cluster.name, name),
        body: {
          manifest,
          provider,
          depends_on: isDeployment
            ? [ns, `kubernetes_manifest.${this.address(p.cluster.name, 'serviceaccount')}`]
            : manifest.kind === 'ServiceAccount' || manifest.metadata.namespace !== p.namespace
              ? [ns]
              : [ns, deployment],
        },
      };
    });
  }

  /** The manifest bundle for `placements` (identical objects on each of them). */
  private bundle(placements: TenantPlacement[]): string {
    const header = `# ${this.tenant.code}/${this.name}: the application's objects for ${placements.map((p) => p.cluster.name).join(', ')}; apply with the department's deployer (generated by cdktf-gov-landing-zone)\n`;
    return (
      header +
      this.manifests(placements[0])
        .map((o) => YAML.stringify(o, { lineWidth: 0, sortMapEntries: false }))
        .join('---\n')
    );
  }

  /** CPU and memory the application takes on its burst cluster at its largest peak. */
  private burstDemand(): Map<string, { cpu: number; memoryGi: number }> {
    const out = new Map<string, { cpu: number; memoryGi: number }>();
    const p = this.burstPlacement;
    if (!this.valid || !this.bursts || !p) return out;
    const most = Math.max(1, ...this.peaks.map((k) => k.burst));
    out.set(p.cluster.name, { cpu: round3(most * this.props.resources.cpu), memoryGi: round3((most * this.props.resources.memoryMi) / 1024) });
    return out;
  }

  /** The application's inventory entry. */
  public inventory(): ApplicationRecord {
    const s = this.props;
    const peaks = this.peaks.map((k, i) => ({
      name: k.name,
      cron: s.peaks![i].cron,
      hours: s.peaks![i].hours,
      replicas: s.peaks![i].replicas,
      timezone: k.timezone,
      perHomeCluster: k.perHomeCluster,
      burst: k.burst,
    }));
    const most = Math.max(s.replicas.max * this.home.length, ...peaks.map((k) => k.replicas));
    const achievable = this.achievable;
    return {
      name: this.name,
      delivery: this.delivery,
      image: s.image,
      clusters: this.placements.map((p) => p.cluster.name),
      replicas: { min: s.replicas.min, max: s.replicas.max },
      resources: { cpu: s.resources.cpu, memoryMi: s.resources.memoryMi },
      slo: s.slo ? { availability: s.slo.availability, ...(s.slo.latencyMs !== undefined ? { latencyMs: s.slo.latencyMs } : {}) } : null,
      achievableAvailability: achievable ? Number((achievable.availability * 100).toFixed(4)) : null,
      uses: [...(s.uses ?? [])].sort(),
      route: s.route ? { host: s.route.host, path: s.route.path ?? '/' } : null,
      peaks,
      peakCapacity: { replicas: most, cpu: round3(most * s.resources.cpu), memoryGi: round3((most * s.resources.memoryMi) / 1024) },
      burst: this.bursts,
      scheduledScaling: this.scheduler,
    };
  }

  private check(r: ProblemReporter): void {
    const before = r.problems.length;
    checkSpec(this, this.props, r, { gatewayPorts: gatewayPortsOf(this.tenant) });
    if (r.problems.length > before) return;
    this.wellFormedCache = true;
    const s = this.props;
    // Data class: IMPORTANT and CORE data never leaves the private clusters.
    if (s.burst === true && this.tenant.dataClass.rank >= DataClass.IMPORTANT.rank) {
      r.error(this, {
        code: 'data-class',
        value: this.tenant.dataClass.value,
        message: `application "${this.name}" of department "${this.tenant.code}" (${this.tenant.dataClass.value} data) may not burst to a public cluster`,
        fix: 'remove burst: true; size replicas.max for the peaks on the private clusters',
      });
    } else if (s.burst === true && !this.burstPlacement) {
      r.error(this, {
        code: 'no-burst',
        value: true,
        message: `department "${this.tenant.code}" has no burst placement`,
        fix: "give the department burst: { cluster: '<public cluster>', maxCpu: … }, or remove burst: true",
      });
    }
    for (const k of this.props.peaks ?? []) {
      const w = peakWindow(k.cron, k.hours);
      if (typeof w === 'string') r.error(this, { code: 'invalid-peak', value: k.cron, message: w, fix: 'give the start of the peak as "minute hour day month *" and its length in hours' });
    }
    if (s.route && !this.platform.installsGatewayApi && this.tenant.industryCloud.hub.stacks !== undefined) {
      r.warn(
        this,
        `application "${this.name}" has a route, and hub "${this.tenant.industryCloud.hub.province}" does not install the Gateway API CRDs: set applications: {} on the hub, or install the gateway (HTTPRoute ${'gateway.networking.k8s.io/v1'}) before the tenant stacks`,
      );
    }
    this.checkCapacity(r);
    this.checkUses(r);
    this.checkSlo(r);
  }

  /** Whether the spec is well formed (its objects can be built): output is produced only then; the gate reports the rest. */
  private get valid(): boolean {
    if (this.wellFormedCache === undefined) {
      const r = new ProblemReporter();
      checkSpec(this, this.props, r, { gatewayPorts: gatewayPortsOf(this.tenant) });
      this.wellFormedCache = r.problems.length === 0;
    }
    return this.wellFormedCache;
  }

  private checkCapacity(r: ProblemReporter): void {
    const s = this.props;
    const per = { cpu: s.resources.cpu, memoryGi: s.resources.memoryMi / 1024, pods: 1 };
    for (const p of this.home) {
      const need = { cpu: round3(s.replicas.max * per.cpu), memoryGi: round3(s.replicas.max * per.memoryGi), pods: s.replicas.max };
      const over = (['cpu', 'memoryGi', 'pods'] as const).filter((k) => p.quota[k] !== undefined && need[k] > (p.quota[k] as number));
      if (over.length > 0) {
        r.error(this, {
          code: 'quota',
          value: s.replicas.max,
          message: `replicas.max ${s.replicas.max} × (${per.cpu} CPU, ${s.resources.memoryMi} MiB) needs ${over.map((k) => `${need[k]} ${k}`).join(', ')} on cluster "${p.cluster.name}", above the quota of department "${this.tenant.code}" (${over.map((k) => `${p.quota[k]} ${k}`).join(', ')})`,
          fix: 'lower replicas.max or the resources per pod, or raise the department quota',
        });
      }
    }
    // All of the department's applications together, at max, on each of its clusters.
    const apps =
      LandingZoneContext.of(this)
        .appState('application.byTenant', () => new Map<ITenant, GovApplication[]>())
        .get(this.tenant) ?? [];
    if (apps[apps.length - 1] === this && apps.length > 1) {
      const cpu = round3(apps.reduce((a, x) => a + (x.props.replicas?.max ?? 0) * (x.props.resources?.cpu ?? 0), 0));
      const quota = this.home[0]?.quota.cpu;
      if (quota !== undefined && cpu > quota) {
        r.error(this, {
          code: 'quota',
          value: cpu,
          message: `the ${apps.length} applications of department "${this.tenant.code}" need ${cpu} CPU at replicas.max, above its CPU quota of ${quota}`,
          fix: `lower replicas.max of ${apps.map((a) => a.name).join(', ')}, or raise the department quota`,
        });
      }
    }
    const peaks = this.peaks;
    const most = Math.max(0, ...peaks.map((k) => k.burst));
    const canBurst = this.bursts && this.burstPlacement !== undefined && this.tenant.dataClass.rank < DataClass.IMPORTANT.rank;
    if (most > 0 && !canBurst) {
      r.error(this, {
        code: 'peak-capacity',
        value: Math.max(...(s.peaks ?? []).map((k) => k.replicas)),
        message: `a peak needs ${most} replicas beyond replicas.max ${s.replicas.max} on each of ${this.home.length} clusters, and application "${this.name}" cannot burst${this.tenant.dataClass.rank >= DataClass.IMPORTANT.rank ? ` (department "${this.tenant.code}" holds ${this.tenant.dataClass.value} data)` : ''}`,
        fix: 'raise replicas.max (and the quota) to hold the peak on the private clusters, or lower the peak replicas',
      });
    } else if (most > 0 && this.burstPlacement) {
      const fits = this.burstMax();
      if (most > fits) {
        r.error(this, {
          code: 'peak-capacity',
          value: most,
          message: `the largest peak puts ${most} replicas on burst cluster "${this.burstPlacement.cluster.name}"; the burst quota of department "${this.tenant.code}" holds ${fits}`,
          fix: 'raise burst.maxCpu (and maxPods) of the department, or lower the peak replicas',
        });
      }
      // The public cluster's capacity, shared by every application that bursts there (peaks taken as concurrent).
      const cluster = this.burstPlacement.cluster;
      const all = this.platform.applications.map((a) => a.burstDemand().get(cluster.name)).filter((d): d is { cpu: number; memoryGi: number } => d !== undefined);
      const mine = this.platform.applications.findIndex((a) => a.tenant === this.tenant && a.name === this.name);
      const last = this.platform.applications.map((a, i) => (a.burstDemand().has(cluster.name) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
      const cpu = round3(all.reduce((a, d) => a + d.cpu, 0));
      const mem = round3(all.reduce((a, d) => a + d.memoryGi, 0));
      if (mine === last && (cpu > cluster.capacity.cpu || mem > cluster.capacity.memoryGi)) {
        r.error(this, {
          code: 'peak-capacity',
          value: { cpu, memoryGi: mem },
          message: `the applications that burst to "${cluster.name}" need ${cpu} CPU and ${mem} GiB at their peaks together; the cluster has ${cluster.capacity.cpu} CPU and ${cluster.capacity.memoryGi} GiB`,
          fix: 'lower the peak replicas, spread the peaks, or declare more capacity on the public cluster',
        });
      }
    }
  }

  private checkUses(r: ProblemReporter): void {
    const grants = (this.tenant.inventoryFields.get('grants')?.() ?? []) as Array<{ offering?: string }>;
    const granted = new Set(grants.map((g) => g.offering));
    for (const u of this.props.uses ?? []) {
      if (!granted.has(u)) {
        r.error(this, {
          code: 'not-granted',
          value: u,
          message: `application "${this.name}" uses "${u}", which department "${this.tenant.code}" holds no grant of${granted.size > 0 ? ` (it holds: ${[...granted].sort().join(', ')})` : ''}`,
          fix: `grant it first (hub.middleware.get('${u}').grantConnect(${this.tenant.code})), or remove it from uses`,
        });
      }
    }
  }

  private checkSlo(r: ProblemReporter): void {
    const slo = this.props.slo;
    if (!slo) return;
    const a = this.achievable;
    if (!a) {
      r.warn(
        this,
        `application "${this.name}": the hub plans no recovery for industry cloud "${this.tenant.industryCloud.code}", so its SLO of ${slo.availability}% is not checked against what the platform can give`,
      );
      return;
    }
    const achievable = Number((a.availability * 100).toFixed(4));
    if (a.impossible || slo.availability > achievable) {
      const longest = [...a.terms].sort((x, y) => y.seconds - x.seconds)[0];
      const inherited = a.inherited.length > 0 ? `; it inherits the terms of ${a.inherited.join(', ')} (no data of record, but in the path)` : '';
      r.error(this, {
        code: 'slo-unachievable',
        value: slo.availability,
        message:
          `SLO availability ${slo.availability}% of "${this.name}" is above what industry cloud "${this.tenant.industryCloud.code}" can achieve for it: ${achievable}% ` +
          `(a site failover takes ${a.failoverSeconds} s: ${a.terms.map((t) => `${t.name} ${t.seconds} s`).join(' + ')}${inherited})${a.impossible ? `; ${a.impossible}` : ''}`,
        fix: `lower slo.availability to at most ${achievable}, or shorten the failover${longest ? ` (largest term: ${longest.name}, set by ${longest.setting})` : ''}`,
      });
    }
  }
}

/** Ports the hub gateway may reach the tenant's pods on (TenantOptions.gatewayPorts). */
function gatewayPortsOf(tenant: ITenant): number[] {
  const ports = (tenant as unknown as { gatewayPorts?: unknown }).gatewayPorts;
  return Array.isArray(ports) ? (ports as number[]) : [8080, 8443];
}

/** The department an application is made in; a JavaScript caller's other value fails at once with what to pass. */
function applicationScope(tenant: unknown, id: unknown): ITenant {
  const t = tenant as Partial<ITenant> | null | undefined;
  if (t && typeof t === 'object' && t.node !== undefined && typeof t.code === 'string' && t.industryCloud !== undefined) return t as ITenant;
  const at = t && typeof t === 'object' && t.node !== undefined ? t.node.path : `GovApplication ${showValue(id)}`;
  throw new LandingZoneError(
    [
      {
        path: at,
        code: 'invalid-value',
        value: tenant === null || typeof tenant !== 'object' ? tenant : Object.prototype.toString.call(tenant),
        message: 'an application is made in a department (a tenant), and this is not one',
        fix: "pass the tenant addTenant returned: new GovApplication(tenant, 'score-query', { … })",
      },
    ],
    'the application was made before synth',
  );
}

/** The construct id of an application: its name, unless that cannot be an id or the department has one of that name. */
function applicationId(tenant: ITenant, id: unknown): string {
  const key = constructIdFor(id, 'invalid-application-name');
  if (!tenant.node.tryFindChild(key)) return key;
  let n = 2;
  while (tenant.node.tryFindChild(`${key}#${n}`)) n++;
  return `${key}#${n}`;
}
