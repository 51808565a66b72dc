#!/usr/bin/env node
/**
 * `gov-lz` from a checkout of this repository, without a build:
 * `node -r ts-node/register/transpile-only bin/gov-lz.ts review --out cdktf.out`.
 * Installed packages run bin/gov-lz.js, which loads the compiled dist/review/cli.js.
 */
import { main } from '../lib/review/cli';

process.exitCode = main(process.argv.slice(2));
