/**
 * The suites that run real tools — terraform, PostgreSQL, promtool and amtool, `npm pack`/`npm install`, the CLI under ts-node — and so
 * take seconds each. `npm test` (the unit suite, jest.config.js) leaves them out; `npm run test:integration`
 * (jest.integration.config.js) runs exactly these, and CI runs both. A new suite that starts a real tool belongs here.
 */
module.exports = [
  'test/compliance/charts-render.test.ts',
  'test/examples-city.test.ts',
  'test/examples-cli.test.ts',
  'test/self-contained.test.ts',
  'test/core/template-injection.test.ts',
  // Hostile configurations through the public API, many runs and every value of the scenario (the unit suite runs a few).
  'test/core/adversarial-wide.test.ts',
  // Every value of the scenarios and entry points through a Symbol, an object without a prototype, a BigInt, a function.
  'test/core/adversarial-exotic.test.ts',
  // The TypeScript compiler over lib/ (snippets, schema generation) and whole-province synths (reviews of large or
  // changed provinces): seconds to a minute each.
  'test/docs/snippets-typecheck.test.ts',
  'test/docs/snippets-synth.test.ts',
  'test/schema/schemas-generated.test.ts',
  'test/review/markdown-large.test.ts',
  // mermaid's parser in a child process (test/review/fixtures.ts parseMermaid).
  'test/review/mermaid-parse.test.ts',
  'test/review/diff.test.ts',
  'test/review/review-index.test.ts',
  // The demo province synthesized whole, several times per suite, to compare outputs or review them (seconds each):
  // byte-identical synths of the example, the review's verdicts, middleware and observability sections. The unit
  // suite keeps the same features on small provinces.
  'test/examples.test.ts',
  'test/review/review.test.ts',
  'test/review/middleware.test.ts',
  'test/review/observability.test.ts',
  // Property-based runs through the whole public API, a province synthesized per run (the wide version with many
  // more runs is test/core/adversarial-wide.test.ts).
  'test/core/adversarial.test.ts',
  // Validators of the emitted objects against upstream schemas (the CRDs' openAPIV3Schema with CEL, SARIF 2.1.0): they
  // compile large schemas and synthesize the demo several times.
  'test/middleware/upstream-schemas.test.ts',
  'test/compliance/report/compliance-sarif.test.ts',
  'test/middleware/credentials.test.ts',
  'test/observability/alertmanager.test.ts',
  // Every Kubernetes object of four provinces against the Kubernetes API's OpenAPI v3 documents and the CRDs.
  'test/k8s-objects.test.ts',
  // The benchmark's peers (bench/): raw cdktf and cdk8s build the same province as the library (cdk8s loaded and run).
  'test/bench/peers.test.ts',
  'test/observability/grafana-script.test.ts',
  'test/observability/promtool.test.ts',
  'test/review/cli.test.ts',
  'test/review/plan.test.ts',
  'test/state/backend-init.test.ts',
  'test/state/moves-apply.test.ts',
  'test/state/pg-end-to-end.test.ts',
];
