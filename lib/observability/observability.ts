/**
 * Observability of a hub (七分靠运营): kube-prometheus-stack on every private cluster, a PrometheusRule (alerts and
 * utilisation) and an AlertmanagerConfig in every department namespace, a Grafana dashboard per department, and
 * fault demarcation from the grant graph (an offering down silences exactly its grantees on that cluster).
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ICluster, ITenant } from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { cronScheduleProblem } from '../core/cron';
import { CloudKind } from '../core/enums';
import { HubCapabilities, IHubFeature, IHubHost } from '../core/extension';
import { Labels } from '../core/labels';
import { constructId, HubNamespaces, placementKey } from '../core/names';
import { chartRepositoryProblem, chartSource, isImageRegistry } from '../private/charts';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { digestNumber, stableJson } from '../private/stable-json';
import type { ContractObservability } from '../schema/contract';
import type { ObservabilitySection } from '../schema/inventory';
import { ClusterConnection } from '../topology/cluster-connection';
import { ApiServerWebhooks } from '../topology/management-ingress';
import { alertingMarkdown } from './alerting-doc';
import { alertmanagerConfig, effectiveAlertmanagerConfig, RoutedTenant, tenantAlertmanagerConfig } from './alertmanager';
import { GRAFANA_FOLDER_ANNOTATION, KUBE_PROMETHEUS_STACK, monitoringValues } from './chart';
import { departmentDashboard } from './dashboard';
import { GRAFANA_FOLDERS, GRAFANA_SIDECAR_IMAGE, GrafanaFolderSettings, grafanaFolders, grafanaFoldersConfigMap, grafanaFoldersCronJob } from './grafana-folders';
import { OfferingOnCluster, offeringPodMonitors, PLATFORM_RULE_NAME, platformRuleGroups, prometheusRule, TENANT_RULE_NAME, tenantRuleGroups } from './rules';
import { showbackOf } from './showback';
import type { AlertReceiver, ObservabilityProps } from './types';

/** The file, inside `<outdir>/gov-lz/`. */

/** Port the API server calls prometheus-operator's admission webhook on (kube-prometheus-stack `prometheusOperator.tls.internalPort`). */
export const PROMETHEUS_OPERATOR_WEBHOOK_PORT = 10250;
export const ALERTING_FILE = 'alerting.md';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The observability feature. Made by the composition root with the hub's `observability` props (or without them,
 * then it only refuses `alerting` on tenants, which would go nowhere).
 */
export class Observability extends Construct implements IHubFeature {
  /**
   * Observability of a hub another project deploys (a city project), from the contract section `observability`:
   * the city's tenants get their rules, routing and dashboard on the hub's monitored clusters. A contract without
   * the section is a hub without observability: a city tenant's `alerting` is then refused.
   */
  public static forPublishedHub(scope: Construct, id: string, section: unknown): Observability {
    const s = section as Partial<ContractObservability> | undefined;
    if (!s || typeof s !== 'object' || !Array.isArray(s.clusters)) return new Observability(scope, id, undefined);
    const receivers = Array.isArray(s.receivers) ? s.receivers.filter((r) => r && typeof r.name === 'string') : [];
    const props: ObservabilityProps = {
      retentionDays: typeof s.retentionDays === 'number' ? s.retentionDays : undefined,
      receivers:
        receivers.length === 0
          ? undefined
          : receivers.map((r) => ({ name: r.name, ...(typeof r.webhookUrl === 'string' ? { webhookUrl: r.webhookUrl } : {}), ...(typeof r.email === 'string' ? { email: r.email } : {}) })),
      ...(s.smtp && typeof s.smtp.smarthost === 'string' && typeof s.smtp.from === 'string' ? { smtp: { smarthost: s.smtp.smarthost, from: s.smtp.from } } : {}),
    };
    return new Observability(
      scope,
      id,
      props,
      s.clusters.filter((c): c is string => typeof c === 'string'),
    );
  }

  private host?: IHubHost;

  /**
   * @param props the hub's `observability`; undefined: no monitoring stack (a tenant's `alerting` is refused)
   * @param publishedClusters the monitored clusters a published hub names (city projects); undefined on a hub of one's own
   */
  constructor(
    scope: Construct,
    id: string,
    private readonly props: ObservabilityProps | undefined,
    private readonly publishedClusters?: readonly string[],
  ) {
    super(scope, constructId(scope, id, 'observability feature'));
  }

  /** Whether the hub runs the monitoring stack. */
  public get enabled(): boolean {
    return this.props !== undefined;
  }

  /** Days Prometheus keeps metrics. */
  public get retentionDays(): number {
    return this.props?.retentionDays ?? 180;
  }

  public bind(host: IHubHost): void {
    if (this.host) throw new Error(`${this.node.path}: observability is bound to a hub twice`);
    this.host = host;
    LandingZoneContext.of(this).addCheck((r) => this.check(r));
    if (!this.props) return;
    if (!host.own) {
      // A published hub (city project): the hub's project runs the stack; the city's tenants get their own objects.
      host.onTenantRegistered((t) => batchFor(t, 'Monitoring').addProducer(() => this.tenantObjects(t)));
      return;
    }
    const own = host.own;
    // City projects read it: their tenants' rules, routing and dashboards follow the hub's.
    own.addContractSection('observability', () => this.contractSection());
    for (const cluster of this.clusters) {
      const platform = own.platformStacks.get(cluster.name);
      if (platform) this.installStack(platform, cluster);
      ClusterConnection.of(own.hubStack, cluster);
    }
    batchFor(own.hubStack, 'Monitoring').addProducer(() => this.platformObjects());
    host.onTenantRegistered((t) => batchFor(t, 'Monitoring').addProducer(() => this.tenantObjects(t)));
    host.addInventorySection('observability', () => this.inventory());
    LandingZoneContext.of(this).addArtifact(ALERTING_FILE, () =>
      alertingMarkdown(
        this.inventory(),
        this.hubHost.province,
        (this.props?.receivers ?? []).map((r) => r.name),
      ),
    );
  }

  /** Private clusters of the hub: they run kube-prometheus-stack (a public burst cluster is the cloud's to watch). */
  public get clusters(): readonly ICluster[] {
    const published = this.publishedClusters;
    return this.hubHost.clusters.filter((c) => (published ? published.includes(c.name) : c.cloud === CloudKind.PRIVATE));
  }

  private contractSection(): ContractObservability {
    const p = this.props!;
    return {
      chart: { name: KUBE_PROMETHEUS_STACK.chart, version: KUBE_PROMETHEUS_STACK.version },
      clusters: this.clusters.map((c) => c.name).sort(),
      retentionDays: this.retentionDays,
      receivers: (p.receivers ?? []).map((r) => ({ name: r.name, ...(r.webhookUrl !== undefined ? { webhookUrl: r.webhookUrl } : {}), ...(r.email !== undefined ? { email: r.email } : {}) })),
      ...(p.smtp ? { smtp: { smarthost: p.smtp.smarthost, from: p.smtp.from } } : {}),
    };
  }

  /** The offerings on a cluster and who is granted each there, from the grant graph. */
  public offeringsOn(cluster: string): OfferingOnCluster[] {
    const graph = this.hubHost.capability(HubCapabilities.GRANTS);
    if (!graph) return [];
    const edges = graph.grantEdges();
    return graph
      .offeringClusters()
      .filter((o) => o.clusters.includes(cluster))
      .map((o) => ({
        offering: o.offering,
        kind: o.kind,
        namespace: o.namespace,
        metrics: o.metrics,
        tenants: [...new Set(edges.filter((e) => e.offering === o.offering && e.clusters.includes(cluster)).map((e) => e.tenant.code))].sort(),
      }))
      .sort((a, b) => a.offering.localeCompare(b.offering));
  }

  /** The Alertmanager configuration of a cluster as the operator renders it with the departments' routes. */
  public effectiveAlertmanagerConfig(cluster: string): Record<string, unknown> {
    return effectiveAlertmanagerConfig(this.offeringsOn(cluster), this.props?.receivers ?? [], this.routedOn(cluster), this.props?.smtp);
  }

  private get hubHost(): IHubHost {
    if (!this.host) throw new Error(`${this.node.path}: observability is not bound to a hub`);
    return this.host;
  }

  /** Where a department's alerts go: its own receivers, else the platform team's (so that every namespace is routed). */
  private receiversOf(t: ITenant): readonly AlertReceiver[] {
    const own = t.featureOptions?.alerting?.receivers;
    return own?.length ? own : (this.props?.receivers ?? []);
  }

  private routedOn(cluster: string): RoutedTenant[] {
    return this.hubHost.tenants
      .filter((t) => homePlacements(t).some((p) => p.cluster.name === cluster))
      .map((t) => ({ tenant: t.code, namespace: t.namespace, receivers: this.receiversOf(t) }))
      .sort((a, b) => a.tenant.localeCompare(b.tenant));
  }

  private installStack(scope: Construct, cluster: ICluster): void {
    const p = this.props!;
    const hub = this.hubHost;
    const conn = ClusterConnection.of(scope, cluster);
    const release = new Release(scope, 'Monitoring', {
      provider: conn.helmProvider,
      name: 'kube-prometheus-stack',
      namespace: HubNamespaces.SYSTEM,
      ...chartSource(p.chartRepository ?? hub.chartRepository ?? `oci://${hub.registry}/charts`, KUBE_PROMETHEUS_STACK.chart),
      version: KUBE_PROMETHEUS_STACK.version,
      // Lazy: the inhibitions follow the grants, which are added until synth.
      values: [
        Lazy.stringValue({
          produce: () =>
            stableJson(
              monitoringValues({
                province: hub.province,
                cluster: cluster.name,
                imageRegistry: p.imageRegistry ?? hub.registry,
                retentionDays: this.retentionDays,
                storageGi: p.storageGi ?? 100,
                alertmanagerConfig: alertmanagerConfig(this.offeringsOn(cluster.name), p.receivers ?? [], p.smtp),
              }),
            ),
        }),
      ],
      atomic: true,
      cleanupOnFail: true,
      timeout: 900,
      maxHistory: 5,
    });
    release.overrideLogicalId(`kube-prometheus-stack--${cluster.name}`);
    release.addOverride('depends_on', [`kubernetes_namespace_v1.${HubNamespaces.SYSTEM}--${cluster.name}`]);
    // prometheus-operator's admission webhook for PrometheusRules and AlertmanagerConfigs (chart default `prometheusOperator.tls.internalPort`).
    ApiServerWebhooks.of(scope, cluster).add({ component: 'prometheus-operator', namespace: HubNamespaces.SYSTEM, ports: [PROMETHEUS_OPERATOR_WEBHOOK_PORT] });
  }

  /** How the Grafana folder permissions are applied. */
  private get grafanaSettings(): GrafanaFolderSettings {
    const g = this.props?.grafana;
    return {
      teamSync: g?.teamSync ?? false,
      schedule: g?.folderPermissionsSchedule ?? '*/10 * * * *',
      image: `${this.props?.imageRegistry ?? this.hubHost.registry}/${GRAFANA_SIDECAR_IMAGE}`,
    };
  }

  /** The Grafana folders of the departments homed on a cluster, as the permissions job applies them. */
  private grafanaFoldersOn(cluster: string) {
    return grafanaFolders(this.hubHost.tenants.filter((t) => homePlacements(t).some((p) => p.cluster.name === cluster)));
  }

  private grafanaObjects(cluster: string): BatchResource[] {
    const provider = `kubernetes.${cluster}`;
    const settings = this.grafanaSettings;
    const cm = grafanaFoldersConfigMap(this.grafanaFoldersOn(cluster), settings);
    const job = k8s.manifest({ manifest: grafanaFoldersCronJob(settings, digestNumber(cm.data)) });
    const name = `${HubNamespaces.SYSTEM}--${cluster}--${GRAFANA_FOLDERS}`;
    // Its own identity, with no role and no token: it talks to Grafana only.
    const sa = k8s.serviceAccount({
      metadata: { name: GRAFANA_FOLDERS, namespace: HubNamespaces.SYSTEM, labels: (cm.metadata as { labels: Record<string, string> }).labels },
      automountServiceAccountToken: false,
    });
    return [
      { type: sa.type, name, body: { ...sa.body, provider } },
      { type: 'kubernetes_config_map_v1', name, body: { ...cm, provider } },
      { type: job.type, name, body: { ...job.body, provider, depends_on: [`kubernetes_config_map_v1.${name}`, `kubernetes_service_account_v1.${name}`] } },
    ];
  }

  private platformObjects(): BatchResource[] {
    const out: BatchResource[] = [];
    for (const cluster of this.clusters) {
      const provider = `kubernetes.${cluster.name}`;
      out.push(...this.grafanaObjects(cluster.name));
      const offerings = this.offeringsOn(cluster.name);
      const objects = [prometheusRule(PLATFORM_RULE_NAME, HubNamespaces.SYSTEM, platformRuleGroups(cluster.name, offerings)), ...offerings.flatMap((o) => offeringPodMonitors(o))];
      for (const o of objects) {
        const meta = o.metadata as { name: string; namespace: string };
        const t = k8s.manifest({ manifest: o });
        out.push({ type: t.type, name: `${meta.namespace}--${cluster.name}--${String(o.kind).toLowerCase()}-${meta.name}`, body: { ...t.body, provider } });
      }
    }
    return out;
  }

  private tenantObjects(tenant: ITenant): BatchResource[] {
    const monitored = new Set(this.clusters.map((c) => c.name));
    const receivers = this.receiversOf(tenant);
    const burst = tenant.placements.some((p) => p.kind === 'burst');
    const out: BatchResource[] = [];
    for (const p of homePlacements(tenant).filter((x) => monitored.has(x.cluster.name))) {
      const objects = [
        prometheusRule(TENANT_RULE_NAME, p.namespace, tenantRuleGroups(tenant.code, p.namespace, { burst }), { [Labels.TENANT]: tenant.code }),
        departmentDashboard(tenant.code, tenant.displayName, p.namespace, GRAFANA_FOLDER_ANNOTATION),
      ];
      if (receivers.length) objects.push(tenantAlertmanagerConfig(tenant.code, p.namespace, receivers, this.props?.smtp));
      for (const o of objects) {
        const name = (o.metadata as { name: string }).name;
        const t = o.kind === 'ConfigMap' ? configMap(o) : k8s.manifest({ manifest: o });
        out.push({
          type: t.type,
          name: `${tenant.code}--${placementKey(p)}--${String(o.kind).toLowerCase()}-${name}`,
          body: { ...t.body, provider: `kubernetes.${p.cluster.name}`, depends_on: [`kubernetes_namespace_v1.${tenant.code}--${placementKey(p)}`] },
        });
      }
    }
    return out;
  }

  private inventory(): ObservabilitySection {
    const tenants = this.hubHost.tenants;
    const alerting: Record<string, string[]> = {};
    for (const t of [...tenants].sort((a, b) => a.code.localeCompare(b.code))) {
      const receivers = t.featureOptions?.alerting?.receivers;
      if (receivers?.length) alerting[t.code] = receivers.map((r) => r.name);
    }
    return {
      chart: { name: KUBE_PROMETHEUS_STACK.chart, version: KUBE_PROMETHEUS_STACK.version },
      clusters: this.clusters.map((c) => c.name).sort(),
      retentionDays: this.retentionDays,
      alerting,
      inhibitions: this.clusters
        .map((c) => c.name)
        .sort()
        .flatMap((cluster) => this.offeringsOn(cluster).map((o) => ({ cluster, offering: o.offering, tenants: [...o.tenants] }))),
      showback: showbackOf(tenants, this.hubHost.capability(HubCapabilities.GRANTS)),
    };
  }

  private check(r: ProblemReporter): void {
    const p = this.props;
    const receiverSets: Array<{ at: Construct; receivers: unknown; where: string }> = [];
    // A published hub's settings are its own project's to check: here only the city's tenants are.
    if (p && this.hubHost.own) {
      const days = p.retentionDays;
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        r.error(this, { code: 'invalid-value', value: days, message: 'observability.retentionDays must be a whole number of days', fix: 'e.g. retentionDays: 180' });
      } else if (days !== undefined && days < 180) {
        r.warn(this, `observability.retentionDays is ${days}: MLPS level 3 (8.1.4.3 d) wants at least 180 days of audit-relevant data`);
      }
      const gi = p.storageGi;
      if (gi !== undefined && (!Number.isInteger(gi) || gi < 1)) {
        r.error(this, { code: 'invalid-quantity', value: gi, message: 'observability.storageGi must be a whole number of GiB', fix: 'e.g. storageGi: 200' });
      }
      if (p.receivers !== undefined) receiverSets.push({ at: this, receivers: p.receivers, where: 'observability.receivers' });
      const repository = p.chartRepository === undefined ? undefined : chartRepositoryProblem(p.chartRepository);
      if (repository) {
        r.error(this, {
          code: 'invalid-value',
          value: p.chartRepository,
          message: `observability.chartRepository ${repository}`,
          fix: "e.g. 'oci://harbor.zj.gov.internal/charts', or leave it unset for the hub's",
        });
      } else if (urlCredential(p.chartRepository)) {
        r.error(this, {
          code: 'credential-in-url',
          value: p.chartRepository,
          message: `observability.chartRepository: ${urlCredential(p.chartRepository)}`,
          fix: 'give the URL without credentials; helm reads registry credentials from its own configuration',
        });
      }
      if (p.imageRegistry !== undefined && !isImageRegistry(p.imageRegistry)) {
        r.error(this, {
          code: 'invalid-value',
          value: p.imageRegistry,
          message: 'observability.imageRegistry must be a registry host (and optional port and path) without a scheme',
          fix: "e.g. 'harbor.zj.gov.internal'",
        });
      }
      const schedule = p.grafana?.folderPermissionsSchedule;
      const bad = schedule === undefined ? undefined : cronScheduleProblem(schedule);
      if (bad)
        r.error(this, {
          code: 'invalid-value',
          value: schedule,
          message: `observability.grafana.folderPermissionsSchedule: ${bad}`,
          fix: "a five-field cron line in Asia/Shanghai time, e.g. '*/10 * * * *'",
        });
    }
    for (const t of this.hubHost.tenants) {
      const alerting = t.featureOptions?.alerting;
      if (alerting === undefined) continue;
      if (!p) {
        const published = !this.hubHost.own;
        r.error(t, {
          code: 'missing-value',
          value: alerting,
          message: published
            ? `tenant "${t.code}" sets alerting, but the published hub "${this.hubHost.province}" runs no observability (its contract has no observability section): its alerts would go nowhere`
            : `tenant "${t.code}" sets alerting, but the hub has no observability: its alerts would go nowhere`,
          fix: published
            ? "remove alerting from the tenant, or ask the province's platform team to set observability on the hub and publish its contract again"
            : 'set observability on the hub, e.g. observability: { retentionDays: 180 }',
        });
        continue;
      }
      receiverSets.push({ at: t as unknown as Construct, receivers: alerting.receivers, where: `alerting.receivers of tenant "${t.code}"` });
    }
    for (const s of receiverSets) this.checkReceivers(r, s.at, s.receivers, s.where);
  }

  private checkReceivers(r: ProblemReporter, at: Construct, receivers: unknown, where: string): void {
    if (!Array.isArray(receivers) || receivers.length === 0) {
      r.error(at, {
        code: 'missing-value',
        value: receivers,
        message: `${where} must list at least one receiver`,
        fix: "e.g. receivers: [{ name: 'oncall', webhookUrl: 'https://im.zj.gov.internal/hook/x' }]",
      });
      return;
    }
    const seen = new Set<string>();
    for (const x of receivers as AlertReceiver[]) {
      const name = x?.name;
      if (typeof name !== 'string' || !DNS_LABEL.test(name)) {
        r.error(at, { code: 'invalid-name', value: name, message: `${where}: receiver name must be a DNS-1123 label`, fix: "e.g. 'wjw-oncall'" });
      } else if (seen.has(name)) {
        r.error(at, { code: 'duplicate', value: name, message: `${where}: two receivers are named "${name}"`, fix: 'give each receiver its own name' });
      }
      if (typeof name === 'string') seen.add(name);
      const kinds = [x?.webhookUrl, x?.email].filter((v) => v !== undefined).length;
      if (kinds !== 1) {
        r.error(at, { code: 'invalid-value', value: x, message: `${where}: receiver "${String(name)}" needs exactly one of webhookUrl and email`, fix: 'split it into two receivers' });
      }
      if (x?.webhookUrl !== undefined) {
        const cred = urlCredential(x.webhookUrl);
        if (cred) {
          r.error(at, {
            code: 'credential-in-url',
            value: '(not shown)',
            message: `${where}: the webhookUrl of "${String(name)}": ${cred}; it would be written in plain text to cdktf.out`,
            fix: "point it at the IM gateway's internal hook without credentials (the gateway authenticates the cluster by network, or mTLS)",
          });
        } else if (typeof x.webhookUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(x.webhookUrl)) {
          r.error(at, { code: 'invalid-value', value: x.webhookUrl, message: `${where}: webhookUrl must be an http(s) URL`, fix: "e.g. 'https://im.zj.gov.internal/hook/wjw'" });
        }
      }
      if (x?.email !== undefined) {
        if (typeof x.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(x.email)) {
          r.error(at, { code: 'invalid-value', value: x.email, message: `${where}: email must be an address`, fix: "e.g. 'oncall@wjw.zj.gov.cn'" });
        } else if (!this.props?.smtp) {
          r.error(at, {
            code: 'missing-value',
            value: x.email,
            message: `${where}: an e-mail receiver needs the hub's mail relay`,
            fix: "set observability.smtp: { smarthost: 'smtp.zj.gov.internal:25', from: 'alerts@zj.gov.cn' }",
          });
        }
      }
    }
  }
}

function homePlacements(t: ITenant) {
  return t.placements.filter((p) => p.kind !== 'burst');
}

function configMap(o: Record<string, unknown>) {
  const meta = o.metadata as { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  return { type: 'kubernetes_config_map_v1', body: { metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels, annotations: meta.annotations }, data: o.data } };
}
