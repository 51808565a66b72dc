/**
 * The topology diagrams parse with mermaid's own parser (test/review/mermaid-check.mjs, in a child process), the parser
 * the GitHub and GitLab renderers use: the demo's, with its middleware shelf, and one of hostile display names. What
 * the diagrams show is test/review/mermaid.test.ts (unit).
 */
import { buildReview, readSynthOutput } from '../../lib/review';
import { parseMermaid, synthDemo, synthHostileProvince } from './fixtures';

test('the topology of the demo with its middleware shelf and of hostile display names parses with mermaid', () => {
  const diagrams = [synthDemo(), synthHostileProvince()].map((dir) => buildReview({ head: readSynthOutput(dir) }).provinces[0].topology);
  const results = parseMermaid([...diagrams, 'flowchart TB\n  a["broken"label"] --> b']);
  expect(results.slice(0, 2)).toEqual([
    { ok: true, type: 'flowchart-v2' },
    { ok: true, type: 'flowchart-v2' },
  ]);
  // The check itself can fail: a broken label is rejected.
  expect(results[2].ok).toBe(false);
});
