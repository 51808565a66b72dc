export * from './site';
export * from './cluster';
export * from './cluster-connection';
