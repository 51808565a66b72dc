export * from './province-hub';
