export * from './errors';
export * from './names';
export * from './labels';
export * from './quantities';
export * from './enums';
export * from './context';
export * from './stack';
export * from './declaration';
