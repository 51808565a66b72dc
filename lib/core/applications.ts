/**
 * What applications (lib/application) and the features around them see of each other: the availability the recovery
 * planner says an application can achieve, and the operations layer an application's SLO is handed to. Declared in
 * core so that the application feature, the recovery planner and the operations layer never import each other.
 */
import { CapabilityKey } from './extension';

/** One application's service-level objective, as the operations layer receives it. */
export interface ApplicationSloRegistration {
  /** Tenant (department) code. */
  readonly tenant: string;
  /** Application name (the Deployment's). */
  readonly app: string;
  readonly namespace: string;
  /** Clusters the application runs on. */
  readonly clusters: readonly string[];
  /** Availability objective, as a fraction (0.9995). */
  readonly availability: number;
  /** Latency objective in milliseconds at the 99th percentile. @default - none */
  readonly latencyMs?: number;
  /** Names of the PrometheusRule groups that alert on the objective's burn rate. */
  readonly ruleGroups: readonly string[];
}

/** The operations layer (monitoring, alerting) as applications see it; provided under {@link ApplicationCapabilities.OPERATIONS}. */
export interface IApplicationOperations {
  /** Labels the monitoring stack selects ServiceMonitors and PrometheusRules by. @default - none needed */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** Registers an application's objective: the operations layer routes its alerts to the department's receivers. */
  addApplicationSlo(slo: ApplicationSloRegistration): void;
}

/** Capabilities around applications. */
export const ApplicationCapabilities = {
  /** The operations layer: provided by the observability feature when the hub runs it. */
  OPERATIONS: new CapabilityKey<IApplicationOperations>('operations'),
} as const;
