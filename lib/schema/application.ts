/**
 * The province's application standard (统一的PaaS层技术标准): what an ISV describes of a service so that it runs on any
 * department's namespaces (`GovApplicationSpec`, published as schemas/gov-application.schema.json and in the hub
 * contract), and what the inventory says of each application (`ApplicationRecord`).
 */

/** A probe: an HTTP path on a named port, a TCP check, or a command. */
export interface ApplicationProbe {
  /** HTTP GET path, e.g. `/ready`. @default - not an HTTP probe */
  readonly httpGet?: string;
  /** Open the port (TCP) instead of an HTTP request. @default false */
  readonly tcp?: boolean;
  /** Command run in the container. @default - none */
  readonly exec?: string[];
  /** Name of the port probed (a key of `ports`). @default - the first port */
  readonly port?: string;
  /** Seconds between probes. @default 10 */
  readonly periodSeconds?: number;
  /** Failures before the probe counts as failed. @default 3 (startup: 30) */
  readonly failureThreshold?: number;
}

/** Readiness, liveness and startup probes: every pod has all three. */
export interface ApplicationProbes {
  readonly readiness: ApplicationProbe;
  readonly liveness: ApplicationProbe;
  /** @default - the readiness probe, with 30 failures allowed (5 minutes to start) */
  readonly startup?: ApplicationProbe;
}

/** What one pod requests (and is limited to: the pods are Guaranteed). */
export interface ApplicationResources {
  /** CPU cores, e.g. 0.5. */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memoryMi: number;
}

/** Replicas on each cluster of the department's industry cloud: each site carries the whole load when the other fails. */
export interface ApplicationReplicas {
  /** At least 2: a PodDisruptionBudget keeps one up during a node drain. */
  readonly min: number;
  readonly max: number;
}

/** The service-level objective. */
export interface ApplicationSlo {
  /** Availability in percent, e.g. 99.95; may not exceed what the recovery planner says the industry cloud can achieve. */
  readonly availability: number;
  /** Latency objective at the 99th percentile, milliseconds. @default - none */
  readonly latencyMs?: number;
  /** Counter of HTTP requests the service exposes. @default 'http_requests_total' */
  readonly requestMetric?: string;
  /** Label matcher that selects failed requests. @default 'code=~"5.."' */
  readonly errorMatcher?: string;
  /** Histogram of request durations in seconds, for the latency objective. @default 'http_request_duration_seconds' */
  readonly latencyMetric?: string;
}

/** A route on the hub gateway. */
export interface ApplicationRoute {
  /** Host name citizens use, e.g. `yy.zjzwfw.gov.cn`. */
  readonly host: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
  /** Name of the port served (a key of `ports`). @default - the first port */
  readonly port?: string;
}

/** A known peak (exam results, a tax deadline): replicas the application needs for some hours from a cron time. */
export interface ApplicationPeak {
  /** Name, part of object names. @default - `peak-<n>` */
  readonly name?: string;
  /** When the peak starts: `minute hour day-of-month month day-of-week` with fixed minute and hour. */
  readonly cron: string;
  /** How long it lasts, hours (1–168). */
  readonly hours: number;
  /** Replicas in the whole province during the peak: the home clusters take up to `replicas.max` each, the burst cluster the rest. */
  readonly replicas: number;
  /** IANA time zone of the cron time. @default 'Asia/Shanghai' */
  readonly timezone?: string;
}

/** Where the Prometheus of the operations layer scrapes the application. */
export interface ApplicationMetrics {
  /** Name of the port (a key of `ports`). @default - the first port */
  readonly port?: string;
  /** @default '/metrics' */
  readonly path?: string;
}

/** The application standard: everything an ISV declares about a service. */
export interface GovApplicationSpec {
  /** Image from the hub registry, pinned by digest: `harbor.zj.gov.internal/wjw/appointments@sha256:…`. */
  readonly image: string;
  /** Container ports by name (DNS-1123 labels of at most 15 characters), e.g. `{ http: 8080 }`. */
  readonly ports: Record<string, number>;
  readonly probes: ApplicationProbes;
  readonly resources: ApplicationResources;
  readonly replicas: ApplicationReplicas;
  /** @default - no objective: no burn-rate alerts */
  readonly slo?: ApplicationSlo;
  /** Shelf offerings the application connects to; the department must hold a grant of each. @default - none */
  readonly uses?: string[];
  /** @default - no route: reachable inside the namespace only */
  readonly route?: ApplicationRoute;
  /** @default - none */
  readonly peaks?: ApplicationPeak[];
  /**
   * Overflow to the department's burst cluster at peaks (GENERAL data only).
   * @default - true when the department has a burst placement
   */
  readonly burst?: boolean;
  /** Plain (non-secret) environment variables. @default - none */
  readonly env?: Record<string, string>;
  /** @default - the first port, `/metrics` */
  readonly metrics?: ApplicationMetrics;
}

/** One application in the inventory (tenant field `applications`). */
export interface ApplicationRecord {
  readonly name: string;
  /** `terraform` (resources in the tenant's stack) or `manifests` (gov-lz/apps/<tenant>/<app>.yaml). */
  readonly delivery: string;
  readonly image: string;
  readonly clusters: string[];
  readonly replicas: { min: number; max: number };
  readonly resources: { cpu: number; memoryMi: number };
  /** SLO availability in percent. */
  readonly slo: { availability: number; latencyMs?: number } | null;
  /** What the recovery planner says the application can achieve, percent. */
  readonly achievableAvailability: number | null;
  readonly uses: string[];
  readonly route: { host: string; path: string } | null;
  /** Peak events, with the replicas on each home cluster and on the burst cluster. */
  readonly peaks: Array<{ name: string; cron: string; hours: number; replicas: number; timezone: string; perHomeCluster: number; burst: number }>;
  /** Most CPU cores and memory GiB at the largest peak, in the whole province. */
  readonly peakCapacity: { replicas: number; cpu: number; memoryGi: number };
  readonly burst: boolean;
  /** `keda` (ScaledObject cron triggers), `cronjob` (scheduled HPA floors) or `none`. */
  readonly scheduledScaling: string;
}
