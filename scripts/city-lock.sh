#!/usr/bin/env bash
# Regenerates examples/city/package-lock.json: packs the library next to the repository's root (where the example's
# `file:../../cdktf-gov-landing-zone-<version>.tgz` points), resolves the example's dependencies against it, and drops
# the tarball's integrity from the lock, so that `npm ci` installs whatever tarball was packed last instead of failing
# (or taking a stale copy from the npm cache) after every rebuild. Run it when the example's or the library's
# dependencies change; test/examples-city.test.ts fails until then.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
npm run build --silent
npm pack --silent >/dev/null
cd examples/city
rm -rf node_modules package-lock.json
npm install --no-audit --no-fund --prefer-offline --loglevel=error
node -e '
const fs = require("fs");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
delete lock.packages["node_modules/cdktf-gov-landing-zone"].integrity;
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
'
rm -rf node_modules cdktf.out
