export * from './province-hub';
export * from './platform-baseline';
export * from './inventory';
