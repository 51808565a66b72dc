/** The integration suite: the suites of test/integration-suites.js, which run real tools (see there). */
const unit = require('./jest.config');
const integration = require('./test/integration-suites');

module.exports = {
  ...unit,
  testMatch: undefined,
  testPathIgnorePatterns: ['/node_modules/'],
  testRegex: integration.map((f) => `${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
};
