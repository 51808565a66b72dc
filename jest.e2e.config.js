/** The end-to-end suite (npm run e2e, through test/e2e/run.ts): real control planes, real Terraform, in order. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30 * 60 * 1000,
  maxWorkers: 1,
  testSequencer: '<rootDir>/test/e2e/sequencer.js',
  verbose: true,
};
