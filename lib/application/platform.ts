/**
 * What the hub offers applications: the Gateway API CRDs and the hub gateway routes attach to, KEDA for the peak
 * calendar, the image of the scaler that runs the calendar where KEDA is not offered, and the published standard.
 * Bound to the hub by the composition root (`hub.addFeature(new ApplicationPlatform(…))`).
 */
import * as fs from 'fs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { ApplicationCapabilities, type IApplicationOperations } from '../core/applications';
import { LandingZoneContext } from '../core/context';
import type { IProvinceHub, ITenant } from '../core/contracts';
import type { IHubFeature, IHubHost } from '../core/extension';
import { HubNamespaces } from '../core/names';
import { chartSource } from '../private/charts';
import { packageFile } from '../private/package-root';
import { stableJson } from '../private/stable-json';
import { ClusterConnection } from '../topology/cluster-connection';
import { ApiServerWebhooks } from '../topology/management-ingress';

/** The Gateway API CRDs chart the hub installs (the upstream standard channel, packaged in the hub registry). */
export const GATEWAY_API_CHART = { chart: 'gateway-api-crds', version: '1.6.1' } as const;
/** The KEDA chart the hub installs when it offers KEDA (test/fixtures/upstream/keda/Chart.yaml). */
export const KEDA_CHART = { chart: 'keda', version: '2.20.2' } as const;

/**
 * KEDA's values: its three images from the hub registry under their upstream path (`ghcr.io/kedacore/keda` →
 * `<registry>/kedacore/keda`, the chart's default tag, its appVersion), as the middleware operators'; an air-gapped
 * cluster cannot pull from ghcr.io, and only the hub registry scans what it serves (MLPS3-46).
 */
export function kedaValues(registry: string): Record<string, unknown> {
  const image = (repository: string) => ({ registry, repository });
  return { image: { keda: image('kedacore/keda'), metricsApiServer: image('kedacore/keda-metrics-apiserver'), webhooks: image('kedacore/keda-admission-webhooks') } };
}
/**
 * Ports the API server calls KEDA on (chart 2.20.2 defaults): the admission webhooks (`webhooks.port`, 9443) and the
 * external-metrics APIService of the metrics API server (`service.portHttpsTarget`, 6443).
 */
export const KEDA_API_SERVER_PORTS: readonly number[] = [6443, 9443];

/** Hub options for applications (`ProvinceHubProps.applications`). */
export interface ApplicationPlatformOptions {
  /**
   * Install KEDA on every cluster: applications' peak calendars become KEDA cron triggers.
   * @default false - peaks are run by CronJobs that raise the autoscaler's floor
   */
  readonly keda?: boolean;
  /** Name of the hub's Gateway in the gateway namespace that routes attach to. @default 'gov-lz-gateway' */
  readonly gatewayName?: string;
  /**
   * Install the Gateway API CRDs on every cluster (platform stacks): the hub's gateway install, which HTTPRoutes need.
   * @default true when the hub sets `applications`; a hub without it installs its gateway elsewhere
   */
  readonly installGatewayApi?: boolean;
  /** Image (kubectl) the peak scaler runs where KEDA is not offered. @default '<registry>/library/kubectl:1.33.4' */
  readonly scalerImage?: string;
}

/** The hub contract section `applications`: what city projects' applications rely on. */
export interface PublishedApplications {
  readonly keda: boolean;
  readonly gateway: { readonly namespace: string; readonly name: string };
  readonly scalerImage: string;
  /** Version of the application standard. */
  readonly standard: string;
  /** The standard's JSON Schema (schemas/gov-application.schema.json in the package), for ISVs to code against. */
  readonly schema: unknown;
}

/** Version of the application standard. */
export const APPLICATION_STANDARD = 'gov-lz.io/v1';

/** One application as the platform keeps it (for the capacity checks across departments). */
export interface RegisteredApplication {
  readonly tenant: ITenant;
  readonly name: string;
  /** CPU cores and memory GiB it may take on each public cluster at its largest peak. */
  burstDemand(): Map<string, { cpu: number; memoryGi: number }>;
}

/** Applications' side of a hub. */
export class ApplicationPlatform implements IHubFeature {
  /** The platform of `hub`, or one with the defaults when the hub has none bound (a hub built without the composition root). */
  public static of(hub: IProvinceHub): ApplicationPlatform {
    const map = LandingZoneContext.of(hub).appState('application.platforms', () => new Map<IProvinceHub, ApplicationPlatform>());
    let p = map.get(hub);
    if (!p) {
      p = new ApplicationPlatform({});
      p.hub = hub;
      map.set(hub, p);
    }
    return p;
  }

  /** Reads the contract section of a published hub. */
  public static fromPublished(section: unknown): ApplicationPlatform {
    const s = (section ?? {}) as Partial<PublishedApplications>;
    return new ApplicationPlatform({ keda: s.keda === true, gatewayName: s.gateway?.name, scalerImage: s.scalerImage, installGatewayApi: false });
  }

  /** Applications registered on the hub, in the order they were made. */
  public readonly applications: RegisteredApplication[] = [];
  private hub?: IProvinceHub;
  private host?: IHubHost;

  constructor(private readonly options: ApplicationPlatformOptions = {}) {}

  public bind(host: IHubHost): void {
    this.hub = host;
    this.host = host;
    LandingZoneContext.of(host)
      .appState('application.platforms', () => new Map<IProvinceHub, ApplicationPlatform>())
      .set(host, this);
    const own = host.own;
    if (!own) return;
    for (const cluster of host.clusters) {
      const platform = own.platformStacks.get(cluster.name);
      // A cluster declared twice is reported by the hub's checks; install once.
      if (!platform || platform.node.tryFindChild(`App-${GATEWAY_API_CHART.chart}`) || platform.node.tryFindChild(`App-${KEDA_CHART.chart}`)) continue;
      const conn = ClusterConnection.of(platform, cluster);
      const repository = host.chartRepository ?? `oci://${host.registry}/charts`;
      const charts = [...(this.options.installGatewayApi !== false ? [GATEWAY_API_CHART] : []), ...(this.options.keda ? [KEDA_CHART] : [])];
      for (const c of charts) {
        const release = new Release(platform, `App-${c.chart}`, {
          provider: conn.helmProvider,
          name: c.chart,
          namespace: HubNamespaces.SYSTEM,
          ...chartSource(repository, c.chart),
          version: c.version,
          values: [stableJson(c === KEDA_CHART ? kedaValues(host.registry) : {})],
          atomic: true,
          cleanupOnFail: true,
          wait: true,
          timeout: 600,
          maxHistory: 5,
        });
        release.overrideLogicalId(`${c.chart}--${cluster.name}`);
        release.addOverride('depends_on', [`kubernetes_namespace_v1.${HubNamespaces.SYSTEM}--${cluster.name}`]);
        if (c === KEDA_CHART) ApiServerWebhooks.of(platform, cluster).add({ component: 'keda', namespace: HubNamespaces.SYSTEM, ports: KEDA_API_SERVER_PORTS });
      }
    }
    own.addContractSection('applications', (): PublishedApplications => this.published());
  }

  /** Whether the hub installs the Gateway API CRDs. */
  public get installsGatewayApi(): boolean {
    return this.host?.own !== undefined && this.options.installGatewayApi !== false;
  }

  /** Whether the hub offers KEDA. */
  public get keda(): boolean {
    return this.options.keda === true;
  }

  /** The hub Gateway routes attach to. */
  public get gateway(): { namespace: string; name: string } {
    return { namespace: this.hub?.network.gatewayNamespace ?? HubNamespaces.GATEWAY, name: this.options.gatewayName ?? HubNamespaces.GATEWAY };
  }

  /** The image of the peak scaler. */
  public get scalerImage(): string {
    return this.options.scalerImage ?? `${this.hub?.registry ?? 'registry.invalid'}/library/kubectl:1.33.4`;
  }

  /** The operations layer, when the hub runs one. */
  public get operations(): IApplicationOperations | undefined {
    return this.host?.capability(ApplicationCapabilities.OPERATIONS);
  }

  /** The contract section. */
  public published(): PublishedApplications {
    return { keda: this.keda, gateway: this.gateway, scalerImage: this.scalerImage, standard: APPLICATION_STANDARD, schema: applicationSchema() };
  }
}

/** The JSON Schema of the application standard, as the package ships it (schemas/ beside lib/ and dist/). */
export function applicationSchema(): unknown {
  return JSON.parse(fs.readFileSync(packageFile('schemas', 'gov-application.schema.json'), 'utf8'));
}
