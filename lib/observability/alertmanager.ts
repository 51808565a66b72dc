/**
 * Alert routing and fault demarcation (故障定界). Each private cluster runs one Alertmanager; its configuration
 * (the kube-prometheus-stack value `alertmanager.config`) holds the platform route and the inhibitions derived from
 * the grant graph; each department's routes come from an AlertmanagerConfig in its namespace, which the operator
 * (matcher strategy OnNamespace) restricts to alerts of that namespace.
 */
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { Alerts, OfferingOnCluster } from './rules';
import type { AlertReceiver, SmtpRelay } from './types';

/** Name of the AlertmanagerConfig in a department's namespace. */
export const ALERTMANAGER_CONFIG_NAME = 'gov-lz-alerting';

/** The inhibitions of one cluster: the cluster down silences every department there; an offering down, exactly its grantees. */
export function inhibitRules(offerings: readonly OfferingOnCluster[]): Array<Record<string, unknown>> {
  const rules: Array<Record<string, unknown>> = [{ source_matchers: [`alertname="${Alerts.CLUSTER_DOWN}"`], target_matchers: ['layer="application"'], equal: ['cluster'] }];
  for (const o of offerings) {
    if (o.tenants.length === 0) continue;
    rules.push({
      source_matchers: [`alertname="${Alerts.OFFERING_DOWN}"`, `offering="${o.offering}"`],
      target_matchers: ['layer="application"', `owner=~"${o.tenants.join('|')}"`],
      equal: ['cluster'],
    });
  }
  return rules;
}

function receiverConfig(r: AlertReceiver, smtp: SmtpRelay | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { name: r.name };
  if (r.webhookUrl !== undefined) out.webhook_configs = [{ url: r.webhookUrl, send_resolved: true }];
  if (r.email !== undefined) out.email_configs = [{ to: r.email, send_resolved: true, ...(smtp ? { smarthost: smtp.smarthost, from: smtp.from } : {}) }];
  return out;
}

/** The cluster's Alertmanager configuration (chart value `alertmanager.config`): platform route and inhibitions. */
export function alertmanagerConfig(offerings: readonly OfferingOnCluster[], platform: readonly AlertReceiver[], smtp?: SmtpRelay): Record<string, unknown> {
  const platformRoutes = platform.map((r, i) => ({ receiver: r.name, matchers: ['owner="hub"'], continue: i < platform.length - 1 }));
  return {
    global: { resolve_timeout: '5m' },
    route: { receiver: 'null', group_by: ['namespace', 'alertname'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h', routes: platformRoutes },
    receivers: [{ name: 'null' }, ...platform.map((r) => receiverConfig(r, smtp))],
    inhibit_rules: inhibitRules(offerings),
  };
}

/** A department's AlertmanagerConfig (monitoring.coreos.com/v1alpha1) in one of its namespaces. */
export function tenantAlertmanagerConfig(tenant: string, namespace: string, receivers: readonly AlertReceiver[], smtp?: SmtpRelay): Record<string, unknown> {
  const owner = [{ name: 'owner', value: tenant, matchType: '=' }];
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: ALERTMANAGER_CONFIG_NAME, namespace, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.TENANT]: tenant } },
    spec: {
      route: {
        // Every receiver is a child that continues: a matching child replaces its parent's receiver, so each gets every alert.
        receiver: receivers[0].name,
        groupBy: ['alertname'],
        matchers: owner,
        routes: receivers.map((r) => ({ receiver: r.name, matchers: owner, continue: true })),
      },
      receivers: receivers.map((r) => ({
        name: r.name,
        ...(r.webhookUrl !== undefined ? { webhookConfigs: [{ url: r.webhookUrl, sendResolved: true }] } : {}),
        ...(r.email !== undefined ? { emailConfigs: [{ to: r.email, sendResolved: true, ...(smtp ? { smarthost: smtp.smarthost, from: smtp.from } : {}) }] } : {}),
      })),
    },
  };
}

/** A department routed on a cluster. */
export interface RoutedTenant {
  readonly tenant: string;
  readonly namespace: string;
  readonly receivers: readonly AlertReceiver[];
}

/**
 * The configuration the operator makes of the cluster's one plus the departments' AlertmanagerConfigs, as
 * prometheus-operator v0.93 renders it (strategy OnNamespace: a `namespace` matcher added to each department's
 * route, placed first with `continue: true`; receivers named `<namespace>/<config>/<receiver>`). What amtool tests
 * and alerting.md describes.
 */
export function effectiveAlertmanagerConfig(offerings: readonly OfferingOnCluster[], platform: readonly AlertReceiver[], tenants: readonly RoutedTenant[], smtp?: SmtpRelay): Record<string, unknown> {
  const base = alertmanagerConfig(offerings, platform, smtp) as { route: { routes: unknown[] }; receivers: unknown[] };
  const prefixed = (t: RoutedTenant, r: AlertReceiver) => `${t.namespace}/${ALERTMANAGER_CONFIG_NAME}/${r.name}`;
  const tenantRoutes = tenants
    .filter((t) => t.receivers.length > 0)
    .map((t) => ({
      receiver: prefixed(t, t.receivers[0]),
      group_by: ['alertname'],
      matchers: [`namespace="${t.namespace}"`, `owner="${t.tenant}"`],
      continue: true,
      routes: t.receivers.map((r) => ({ receiver: prefixed(t, r), matchers: [`owner="${t.tenant}"`], continue: true })),
    }));
  return {
    ...base,
    route: { ...base.route, routes: [...tenantRoutes, ...base.route.routes] },
    receivers: [...base.receivers, ...tenants.flatMap((t) => t.receivers.map((r) => ({ ...receiverConfig(r, smtp), name: prefixed(t, r) })))],
  };
}
