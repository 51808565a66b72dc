/**
 * `<outdir>/gov-lz/review.md`, written at the end of every synth that passed the gate: the review of the
 * output on its own (no base, no plan), as `gov-lz review` prints it. It reads the finished cdktf.out like the
 * command does (the stacks' JSON as cdktf just wrote it, without parsing it back), so what a reviewer opens beside
 * the stacks is exactly what the pull-request comment would show.
 *
 * Beside it, `<outdir>/gov-lz/review-index.json` (lib/schema/review-index.ts): what `gov-lz review` needs of this
 * output without parsing its stacks — each stack file's sha256, each resource's digest as the stack writer wrote it,
 * the compliance report without its evidence, and the sections of this review that depend on this output alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ComplianceFile } from '../schema/compliance';
import { REVIEW_INDEX_SCHEMA_VERSION, type IndexedCompliance, type IndexedFile, type IndexedStack, type ReviewIndexFile } from '../schema/review-index';
import { fileSha256, INDEXED_DOCUMENTS, readManifest, readSynthOutput, REVIEW_INDEX_FILE, reviewIndexGenerator, type InMemoryOutput } from './inputs';
import { renderMarkdown } from './markdown';
import type { ProvinceReview } from './model';
import { buildReview } from './review';

/** The file name, inside `<outdir>/gov-lz/`. */
export const SYNTH_REVIEW_FILE = 'review.md';

/**
 * Writes the review of the synthesized output in `outdir` to `<outdir>/gov-lz/review.md`, and its review index when
 * the library's stack writer wrote every stack. `written`: what the synth wrote, in memory (the stacks' JSON, the
 * inventory and compliance documents, the stack writer's digests), so nothing is parsed back.
 */
export function writeSynthReview(outdir: string, written?: InMemoryOutput): void {
  // Shown as `cdktf.out` wherever it is, so the file is the same on every machine and for every --output.
  const head = readSynthOutput(outdir, 'cdktf.out', written);
  const review = buildReview({ head });
  const dir = path.join(outdir, 'gov-lz');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, SYNTH_REVIEW_FILE), renderMarkdown(review));
  const index = written?.digests ? reviewIndex(outdir, written, review.provinces, head.compliance) : undefined;
  if (index) fs.writeFileSync(path.join(outdir, ...REVIEW_INDEX_FILE.split('/')), JSON.stringify(index) + '\n');
}

/** The review index of a finished output, or undefined when a stack was not written by the library's writer. */
export function reviewIndex(outdir: string, written: InMemoryOutput, provinces: ProvinceReview[], compliance: ComplianceFile | undefined): ReviewIndexFile | undefined {
  const stacks: IndexedStack[] = [];
  for (const l of readManifest(outdir)) {
    const d = written.digests?.get(l.constructPath);
    if (!d) return undefined;
    const providers: string[] = [];
    const providerIndex = new Map<string, number>();
    const classes: Array<Record<string, unknown>> = [];
    const classIndex = new Map<string, number>();
    const resources: Record<string, string> = {};
    const counts: Record<string, number> = {};
    for (const [type, entries] of d.resources) {
      // Tab- and line-separated: a name holding either (never a valid Terraform name) leaves the output without an index.
      if (/[\t\n]/.test(type) || entries.some(([name]) => /[\t\n]/.test(name))) return undefined;
      if (entries.length === 0) continue;
      counts[type] = entries.length;
      const lines = entries.map(([name, digest, provider, cls, offset, length]) => {
        let p = -1;
        if (provider !== undefined) {
          p = providerIndex.get(provider) ?? providers.push(provider) - 1;
          providerIndex.set(provider, p);
        }
        let c = -1;
        if (cls !== undefined) {
          const key = JSON.stringify(cls);
          c = classIndex.get(key) ?? classes.push(cls) - 1;
          classIndex.set(key, c);
        }
        return `${name}\t${digest}\t${p}\t${c}\t${offset}\t${length}`;
      });
      resources[type] = lines.join('\n');
    }
    stacks.push({
      name: l.name,
      file: l.relative,
      sha256: d.sha256,
      size: d.size,
      providers,
      classes,
      resources,
      counts,
      outputs: d.outputs,
      imports: Object.fromEntries([...d.imports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      removed: Object.fromEntries([...d.removed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    });
  }
  const documents: IndexedFile[] = [];
  for (const doc of INDEXED_DOCUMENTS) {
    const file = path.join(outdir, ...doc.split('/'));
    if (fs.existsSync(file)) documents.push({ file: doc, ...fileSha256(file) });
  }
  return {
    schemaVersion: REVIEW_INDEX_SCHEMA_VERSION,
    generator: reviewIndexGenerator(),
    stacks,
    documents,
    compliance: compliance ? withoutEvidence(compliance) : null,
    provinces,
  };
}

/** The compliance report as the review reads it: each rule without its evidence, as JSON holds it. */
function withoutEvidence(c: ComplianceFile): IndexedCompliance {
  // The evidence is left out before the copy: it is most of the report.
  const rules = (c.rules ?? []).map(({ evidence: _evidence, ...rule }) => rule);
  return JSON.parse(JSON.stringify({ ...c, rules })) as IndexedCompliance;
}
