import * as fs from 'fs';
import { packageFile } from './package-root';

let cached: string | undefined;

/** The library's version from its package.json . */
export function libraryVersion(): string {
  if (!cached) {
    const pkg = JSON.parse(fs.readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
