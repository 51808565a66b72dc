export * from './contract';
export * from './labels';
