/**
 * schemas/ holds exactly what the types of lib/schema generate (`npm run schemas`). Generating runs the TypeScript
 * compiler over lib/schema (about twenty seconds), so it runs in the integration suite (test/integration-suites.js).
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateSchema, SCHEMAS } from '../../scripts/schemas';
import { ROOT } from '../review/fixtures';

test('schemas/ holds what the types of lib/schema generate (npm run schemas)', () => {
  expect(fs.readdirSync(path.join(ROOT, 'schemas')).sort()).toEqual(SCHEMAS.map((s) => s.file).sort());
  for (const spec of SCHEMAS) {
    expect({ file: spec.file, text: fs.readFileSync(path.join(ROOT, 'schemas', spec.file), 'utf8') }).toEqual({ file: spec.file, text: generateSchema(spec) });
  }
});
