/**
 * CDK Terrain (`cdktn`), the community continuation of cdktf, in place of cdktf: the package manifest change a
 * project makes to move, and that `scripts/cdktn-check.sh` makes to run this repository's suite on it.
 *
 * The code keeps importing `cdktf`: the name is an npm alias of `cdktn`, and `overrides` hands the same package to
 * the two `@cdktf/provider-*` packages, which declare `cdktf` as their peer. The CLI becomes `cdktn-cli`.
 *
 *   node -r ts-node/register/transpile-only scripts/cdktn.ts package.json   # rewrites it in place
 */
import * as fs from 'fs';

/** The CDK Terrain release the library is checked against (`npm view cdktn versions`). */
export const CDKTN_VERSION = '0.24.0';

/** cdktn-cli needs this Node.js (its `engines`); synthesizing through `node` works on Node 20. */
export const CDKTN_CLI_NODE = '22.19.0';

type Deps = Record<string, string>;
/** The fields of a package.json this touches. */
export interface PackageManifest {
  dependencies?: Deps;
  devDependencies?: Deps;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The manifest with cdktf aliased to cdktn and cdktf-cli replaced by cdktn-cli; the input is not changed. */
export function toCdktn(pkg: PackageManifest): PackageManifest {
  const out: PackageManifest = JSON.parse(JSON.stringify(pkg));
  let aliased = false;
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const deps = out[field];
    if (!deps) continue;
    if (deps.cdktf !== undefined) {
      deps.cdktf = `npm:cdktn@${CDKTN_VERSION}`;
      aliased = true;
    }
    if (deps['cdktf-cli'] !== undefined) {
      delete deps['cdktf-cli'];
      deps['cdktn-cli'] = CDKTN_VERSION;
    }
  }
  if (!aliased) throw new Error('the package has no cdktf dependency to replace');
  // `$cdktf`: the version the project itself depends on, i.e. the alias, for every package in the tree.
  out.overrides = { ...(out.overrides ?? {}), cdktf: '$cdktf' };
  return out;
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: cdktn.ts <package.json>\n');
    process.exit(2);
  }
  fs.writeFileSync(file, `${JSON.stringify(toCdktn(JSON.parse(fs.readFileSync(file, 'utf8'))), null, 2)}\n`);
}
