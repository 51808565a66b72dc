/**
 * `<outdir>/gov-lz/review.md`, written at the end of every synth that passed the gate: the review of the
 * output on its own (no base, no plan), as `gov-lz review` prints it. It reads the finished cdktf.out like the
 * command does (the stacks' JSON as cdktf just wrote it, without parsing it back), so what a reviewer opens beside
 * the stacks is exactly what the pull-request comment would show.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readSynthOutput, type InMemoryOutput } from './inputs';
import { renderMarkdown } from './markdown';
import { buildReview } from './review';

/** The file name, inside `<outdir>/gov-lz/`. */
export const SYNTH_REVIEW_FILE = 'review.md';

/**
 * Writes the review of the synthesized output in `outdir` to `<outdir>/gov-lz/review.md`. `written`: what the synth
 * wrote, in memory (the stacks' JSON, the inventory and compliance documents), so nothing is parsed back.
 */
export function writeSynthReview(outdir: string, written?: InMemoryOutput): void {
  // Shown as `cdktf.out` wherever it is, so the file is the same on every machine and for every --output.
  const head = readSynthOutput(outdir, 'cdktf.out', written);
  const dir = path.join(outdir, 'gov-lz');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, SYNTH_REVIEW_FILE), renderMarkdown(buildReview({ head })));
}
