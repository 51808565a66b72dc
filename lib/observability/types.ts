/**
 * The public options of observability: the hub's (`ProvinceHubProps.observability`) and a department's
 * (`TenantOptions.alerting`, declared on core's TenantFeatureOptions by module augmentation).
 */

/** Where a department's (or the platform team's) alerts go. Exactly one of `webhookUrl` and `email`. */
export interface AlertReceiver {
  /** Receiver name, unique per department (a DNS-1123 label), e.g. `wjw-oncall`. */
  readonly name: string;
  /**
   * A webhook, e.g. the province's internal IM gateway (`https://im.zj.gov.internal/hook/wjw`). No credentials in
   * the URL: they would be written in plain text to cdktf.out (the gate refuses user:password@ and secret-looking queries).
   * @default - no webhook
   */
  readonly webhookUrl?: string;
  /** An e-mail address; needs the hub's `observability.smtp`. @default - no e-mail */
  readonly email?: string;
}

/** A department's alerting (`TenantOptions.alerting`). */
export interface TenantAlerting {
  /** Where the department's alerts go; every receiver gets every alert of the department. */
  readonly receivers: AlertReceiver[];
}

/** The province's mail relay, for e-mail receivers. */
export interface SmtpRelay {
  /** `host:port` of the relay. */
  readonly smarthost: string;
  /** Sender address. */
  readonly from: string;
}

/** Observability of a hub: `ProvinceHubProps.observability`. */
export interface ObservabilityProps {
  /**
   * Days Prometheus keeps metrics (MLPS 8.1.4.3 d wants ≥ 180 days of audit-relevant data; API-server audit logs are
   * kept by the audit settings, not here).
   * @default 180
   */
  readonly retentionDays?: number;
  /** Size of each Prometheus volume. @default 100 */
  readonly storageGi?: number;
  /**
   * Where the platform team's alerts go (clusters, middleware), and the alerts of departments that set no receivers.
   * @default - those alerts are only visible in Alertmanager (and MLPS3-27 warns that the departments' namespaces are not routed)
   */
  readonly receivers?: AlertReceiver[];
  /** Mail relay for e-mail receivers. @default - e-mail receivers are refused */
  readonly smtp?: SmtpRelay;
  /** Chart repository. @default - the hub's chartRepository, else `oci://<registry>/charts` */
  readonly chartRepository?: string;
  /** Registry the images are pulled from. @default - the hub registry */
  readonly imageRegistry?: string;
  /** Who sees which Grafana folder (each department's folder: its viewers and admins only). @default - Grafana OSS, no team sync */
  readonly grafana?: GrafanaAccess;
}

/**
 * Grafana access. Each department's dashboard folder is readable by teams named after the department's `viewers`
 * groups (View) and `admins` groups (Edit) only; a CronJob applies the permissions through Grafana's HTTP API.
 */
export interface GrafanaAccess {
  /**
   * Grafana Enterprise team sync: each team follows its identity-provider group. Grafana OSS has no team sync: the
   * platform team adds members to the teams (the job creates them and never removes members).
   * @default false
   */
  readonly teamSync?: boolean;
  /** When the permissions job runs (cron, Asia/Shanghai); it also puts back permissions changed by hand. @default '*\/10 * * * *' */
  readonly folderPermissionsSchedule?: string;
}

declare module '../core/contracts' {
  interface TenantFeatureOptions {
    /**
     * Where the department's alerts go (needs `observability` on the hub): crash loops, OOM kills, PVCs almost full,
     * quota use over 90 % or idle under 20 % for 7 days, burst active.
     * @default - the department's alerts go to the hub's `observability.receivers` (the operations centre)
     */
    readonly alerting?: TenantAlerting;
  }
}
