#!/usr/bin/env bash
# `npm test`: the type check (tsc --noEmit with TypeScript 7, the native compiler: about 2 s, declarations included;
# TypeScript 5.9 took 10 s on one core) and the layer rules (dependency-cruiser, about 3 s) side by side, then the
# unit suite (jest) on both cores. Arguments go to jest (`npm test -- test/tenancy`).
set -uo pipefail
cd "$(dirname "$0")/.."
npm run -s typecheck &
types=$!
npm run -s lint:deps
deps=$?
wait "$types"
if [ $? -ne 0 ] || [ "$deps" -ne 0 ]; then
  echo "npm test: the type check or the layer rules failed (above); jest did not run" >&2
  exit 1
fi
# A larger young generation (the workers inherit it): see jest.config.js.
exec node --max-semi-space-size=64 node_modules/jest/bin/jest.js "$@"
