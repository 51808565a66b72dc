/**
 * The JSON Schemas of the landing zone's output formats, generated from their TypeScript types in lib/schema (one
 * source for the writers, the review and third-party readers). `npm run schemas` writes them to schemas/, which the
 * package ships; test/schema/schemas.test.ts fails when a committed file differs from what the types generate, and
 * validates real synthesized output against them.
 *
 *   node -r ts-node/register/transpile-only scripts/schemas.ts          # write schemas/*.schema.json
 *   node -r ts-node/register/transpile-only scripts/schemas.ts --check  # exit 1 when one is out of date
 */
import * as fs from 'fs';
import * as path from 'path';
import { createGenerator } from 'ts-json-schema-generator';

/** One output format: its file in schemas/, the type it is generated from, and what it describes. */
export interface SchemaSpec {
  readonly file: string;
  readonly source: string;
  readonly type: string;
  readonly title: string;
}

export const SCHEMAS: readonly SchemaSpec[] = [
  { file: 'inventory.schema.json', source: 'lib/schema/inventory.ts', type: 'InventoryFile', title: 'cdktf.out/gov-lz/inventory.json' },
  { file: 'compliance.schema.json', source: 'lib/schema/compliance.ts', type: 'ComplianceFile', title: 'cdktf.out/gov-lz/compliance.json' },
  {
    file: 'hub-contract.schema.json',
    source: 'lib/schema/contract.ts',
    type: 'HubContract',
    title: 'the hub contract: cdktf.out/gov-lz/<province>-hub.json and the contract output of <province>-hub',
  },
  { file: 'review.schema.json', source: 'lib/schema/review.ts', type: 'Review', title: 'gov-lz review --format json' },
  { file: 'review-index.schema.json', source: 'lib/schema/review-index.ts', type: 'ReviewIndexFile', title: 'cdktf.out/gov-lz/review-index.json' },
  { file: 'drift.schema.json', source: 'lib/schema/drift.ts', type: 'DriftReport', title: 'gov-lz drift --format json' },
  { file: 'gov-application.schema.json', source: 'lib/schema/application.ts', type: 'GovApplicationSpec', title: "the province's application standard: what an ISV declares of a GovApplication" },
  { file: 'grant-requests.schema.json', source: 'lib/schema/grant-requests.ts', type: 'GrantRequestsFile', title: "cdktf.out/gov-lz/grant-requests.json (a city project's grant requests)" },
];

const ROOT = path.resolve(__dirname, '..');

/** The schema of one format, as the file holds it. */
export function generateSchema(spec: SchemaSpec, root = ROOT): string {
  const generator = createGenerator({
    path: path.join(root, spec.source),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: spec.type,
    // The types are checked by tsc already; the generator only reads them.
    skipTypeCheck: true,
    sortProps: true,
    additionalProperties: false,
  });
  const schema = generator.createSchema(spec.type);
  return JSON.stringify({ $comment: `${spec.title}; generated from ${spec.source} (${spec.type}) by scripts/schemas.ts`, ...schema }, null, 2) + '\n';
}

function main(): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const spec of SCHEMAS) {
    const file = path.join(ROOT, 'schemas', spec.file);
    const text = generateSchema(spec);
    if (check) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale.push(spec.file);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`schemas/ is out of date (${stale.join(', ')}): run npm run schemas\n`);
    process.exit(1);
  }
}

if (require.main === module) main();
