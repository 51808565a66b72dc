/**
 * The unit suite: transpile-only (swc); `npm test` runs `tsc --noEmit` first for the types. The suites that run
 * real tools are listed in test/integration-suites.js and run by `npm run test:integration` (jest.integration.config.js).
 * Both scripts start jest with `node --max-semi-space-size=64` (the workers inherit it): the synths the tests run keep
 * most of what they allocate until a stack is written, and a larger young generation saves the collector copying it
 * (`npm test` 63 s → 55 s on 2 idle cores; BENCHMARKS.md has the synth figures).
 */
const integration = require('./test/integration-suites');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...integration.map((f) => `<rootDir>/${escape(f)}$`)],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Both cores: jest's default (cores - 1) runs one worker on a 2-core machine.
  maxWorkers: 2,
  testTimeout: 120000,
  // A per-run temporary folder (TMPDIR), removed after the run, with the synth cache of test/review/fixtures.ts.
  globalSetup: '<rootDir>/test/global-setup.js',
  // Token creation stacks without source maps (see there): errors keep theirs.
  setupFilesAfterEnv: ['<rootDir>/test/creation-stacks.js'],
  globalTeardown: '<rootDir>/test/global-teardown.js',
};
