export * from './schema';
export * from './core';
export * from './topology';
export * from './hub';
export * from './landing-zone';
export * from './industry-cloud';
export * from './tenancy';
export * from './middleware';
export * from './recovery';
export * from './state';
export * from './placement';
export * from './compliance';
// The review is a namespace: its reader types (ComplianceFinding, Amounts…) must not clash with the constructs' names.
export * as review from './review';
