export * from './core';
export * from './topology';
export * from './hub';
export * from './industry-cloud';
export * from './tenancy';
export * from './recovery';
export * from './state';
export * from './review';
