export * from './recovery-objective';
