#!/usr/bin/env bash
# Runs the test suite with cdktf replaced by CDK Terrain (cdktn 0.24): a copy of the tree (as a commit of it would
# hold it) gets the manifest change scripts/cdktn.ts makes (cdktf → npm:cdktn alias plus `overrides`, cdktf-cli →
# cdktn-cli; the two @cdktf provider packages stay), a fresh install, `tsc --noEmit` and jest.
#
#   scripts/cdktn-check.sh             # the whole suite
#   scripts/cdktn-check.sh test/core   # jest arguments narrow it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/govlz-cdktn-XXXXXX")"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && mkdir -p "$repo/$(dirname "$f")" && cp -p "$f" "$repo/$f"
done)
cd "$repo"
# A repository of its own, as a clone is: the tests list the tree with git.
git init -q && git add -A
node -r "$root/node_modules/ts-node/register/transpile-only" scripts/cdktn.ts package.json
rm -f package-lock.json
npm install --no-audit --no-fund --prefer-offline --loglevel=error
node -e "const p = require('cdktf/package.json'); if (p.name !== 'cdktn') { console.error('cdktf resolves to ' + p.name); process.exit(1); } console.log('cdktf resolves to ' + p.name + ' ' + p.version)"
npm ls cdktf
node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json
npx jest --ci "$@"
