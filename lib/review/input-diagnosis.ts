/**
 * What the review says when an input file crashed it: which file of the synthesized output does not have the shape
 * gov-lz writes it with, checked against the JSON Schema the package ships for it (schemas/, generated from
 * lib/schema). Run only after a crash, so the review of a sound output never pays for the schemas.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageFile } from '../private/package-root';

const FILES: ReadonlyArray<readonly [string, string]> = [
  ['gov-lz/inventory.json', 'inventory.schema.json'],
  ['gov-lz/compliance.json', 'compliance.schema.json'],
  ['gov-lz/review-index.json', 'review-index.schema.json'],
];

/** The first file of the output folder that is not valid against its schema, as one sentence; undefined when none. */
export function diagnoseSynthOutput(dir: string, shown: string): string | undefined {
  for (const [file, schema] of FILES) {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(p, 'utf8'));
    } catch (e) {
      return `${path.join(shown, file)} is not valid JSON: ${(e as Error).message}`;
    }
    // ajv is a dependency already (the Score reader); loaded here only, after a crash.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    const validate = new Ajv({ strict: false, allErrors: false }).compile(JSON.parse(fs.readFileSync(packageFile('schemas', schema), 'utf8')) as object);
    if (!validate(doc)) {
      const e = validate.errors?.[0];
      return `${path.join(shown, file)} does not have the shape gov-lz writes (schemas/${schema}): ${e?.instancePath || 'the document'} ${e?.message ?? 'is invalid'}; synthesize it again with cdktf synth`;
    }
  }
  return undefined;
}

/** The output folders a command line names (`--out`, `--base`; `cdktf.out` by default), as given. */
export function outputFoldersOf(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    for (const flag of ['--out', '--base']) {
      if (a === flag && typeof argv[i + 1] === 'string') out.push(argv[i + 1]);
      else if (a.startsWith(`${flag}=`)) out.push(a.slice(flag.length + 1));
    }
  });
  if (!argv.some((a) => a === '--out' || a.startsWith('--out='))) out.push('cdktf.out');
  return out;
}
