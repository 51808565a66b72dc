export * from './site';
export * from './cluster';
export * from './cluster-connection';
export type { HubNamespace } from './hub-namespace';
