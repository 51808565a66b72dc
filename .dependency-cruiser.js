/**
 * The layers of lib/ (CONTRIBUTING.md#layers), enforced by `npm run lint:deps` (part of `npm test` and CI).
 * Each layer imports only the layers before it; the folders of one layer never import each other; the review reads
 * the landing zone's files through lib/schema only. There is no baseline: every rule holds with 0 violations.
 */
const LAYERS = [
  ['schema'],
  ['private'],
  ['core'],
  ['topology'],
  ['state'],
  ['placement'],
  ['tenancy'],
  ['industry-cloud'],
  // The hub model and the features: siblings that attach to each other through core's contracts (bind), never by import.
  ['hub', 'middleware', 'recovery', 'compliance', 'observability', 'application', 'blueprint', 'edge'],
  ['landing-zone'],
];
const ALL = LAYERS.flat();
const group = (names) => `^lib/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((folders, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return folders.map((folder) => {
    const siblings = folders.filter((f) => f !== folder);
    // The composition root writes review.md after synth: the one layer that may run the review.
    const forbidden = [...above, ...siblings, ...(folder === 'landing-zone' ? [] : ['review'])];
    return {
      name: `layer-${folder}`,
      comment: `lib/${folder}/ imports only the layers below it${siblings.length ? ' (not its siblings ' + siblings.join(', ') + ')' : ''}`,
      severity: 'error',
      from: { path: `^lib/${folder}/` },
      to: { path: [group(forbidden), '^lib/index\\.ts$'] },
    };
  });
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycle, type-only imports included',
      severity: 'error',
      from: { path: '^(lib|bin)/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'review-isolation',
      comment: 'the review reads cdktf.out through lib/schema only: it imports lib/schema, lib/private and itself',
      severity: 'error',
      from: { path: '^lib/review/' },
      to: { path: '^lib/', pathNot: '^lib/(review|schema|private)/' },
    },
    {
      name: 'review-users',
      comment: 'constructs never run the review: only the composition root (review.md after synth) and the entry points import it',
      severity: 'error',
      from: { path: '^lib/', pathNot: ['^lib/(review|landing-zone)/', '^lib/index\\.ts$'] },
      to: { path: '^lib/review/' },
    },
    {
      name: 'unknown-lib-folder',
      comment: `every folder of lib/ has its place in the layers: ${ALL.join(', ')}, review`,
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lib/[^/]+/', pathNot: `^lib/(${[...ALL, 'review'].join('|')})/` },
    },
    {
      name: 'lib-stays-in-lib',
      comment: 'the library imports neither tests, examples, benchmarks nor scripts',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(test|examples|bench|scripts|bin)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(lib|bin)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
