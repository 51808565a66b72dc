export * from './tenant';
export * from './managed-objects-policy';
