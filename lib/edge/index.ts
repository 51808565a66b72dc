export * from './edge-zone';
export * from './edge-zones';
export * from './edge-policy';
