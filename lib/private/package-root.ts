import * as fs from 'fs';
import * as path from 'path';

const NAME = 'cdktf-gov-landing-zone';
let cached: string | undefined;

/**
 * The folder of the library's package.json: the first folder above this module whose package.json names the library.
 * lib/ (ts-node, jest), dist/ (the published package) and any other build folder (bench/.out/lib) all find it, so the
 * files the package ships beside its code (schemas/, vendor/) are read from one place.
 */
export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === NAME) return (cached = dir);
      } catch {
        // not ours (or unreadable): keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`${NAME}: no package.json of ${NAME} above ${__dirname}; the package is incomplete (reinstall it)`);
  }
}

/** A file the package ships, by its path from the package root (`schemas/x.json`, `vendor/y.json`). */
export function packageFile(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}
