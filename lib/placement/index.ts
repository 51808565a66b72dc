export * from './data-class';
export * from './burst';
export * from './domestic-hardware';
export * from './network-reach';
export * from './registry-policy';
export * from './placement-policy';
export * from './tenant-placement';
export * from './burst-autoscaler';
