export * from './contract';
export * from './inventory';
export * from './compliance';
export * from './review';
export * from './labels';
export * from './drift';
export * from './application';
export * from './grant-requests';
