#!/usr/bin/env node
'use strict';
/**
 * The `gov-lz` command (package.json `bin`). In an installed package it loads the compiled
 * dist/review/cli.js; in a checkout of the repository that has not been built, it falls back to the
 * TypeScript source through ts-node (a dev dependency), so `npx gov-lz` works in both.
 */
const fs = require('fs');
const path = require('path');

/** The module that implements the command, found from the folder this file is in. */
function entryFor(binDir) {
  const root = path.resolve(binDir, '..');
  const compiled = path.join(root, 'dist', 'review', 'cli.js');
  if (fs.existsSync(compiled)) return { kind: 'compiled', file: compiled };
  const source = path.join(root, 'lib', 'review', 'cli.ts');
  if (fs.existsSync(source)) return { kind: 'source', file: source };
  return undefined;
}

function run() {
  const entry = entryFor(__dirname);
  if (!entry) {
    process.stderr.write('gov-lz: dist/review/cli.js is missing: the package was not built (npm run build)\n');
    process.exitCode = 2;
    return;
  }
  // The repository's own compiler options, whatever the working directory.
  if (entry.kind === 'source') require('ts-node').register({ transpileOnly: true, project: path.resolve(__dirname, '..', 'tsconfig.json') });
  process.exitCode = require(entry.file).main(process.argv.slice(2));
}

module.exports = { entryFor };
if (require.main === module) run();
