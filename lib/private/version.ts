import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/** The library's version from its package.json (lib/ and dist/ both sit one level below it). */
export function libraryVersion(): string {
  if (!cached) {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
