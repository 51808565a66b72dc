export * from './industry-cloud';
