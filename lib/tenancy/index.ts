export * from './tenant';
