export * from './state-backend';
export * from './sharding';
export * from './moves';
