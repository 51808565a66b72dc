export * from './types';
export { Observability, ALERTING_FILE } from './observability';
export { KUBE_PROMETHEUS_STACK } from './chart';
export { Alerts, Recorded } from './rules';
export type { OfferingOnCluster } from './rules';
