export * from './province-hub';
export * from './platform-baseline';
export * from './inventory';
export * from './contract';
export * from './published-hub';
export type { ClusterAllocation } from './capacity';
