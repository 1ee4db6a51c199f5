#!/usr/bin/env bash
# npm run bench: the app vs the official minio client against the same MinIO, in one run.
# Builds the app, compiles tests/bench (to tests/bench/dist, gitignored) and runs it.
# Not part of any test pass. Needs the minio binary (go install, see tests/support/tools.ts).
# Environment knobs are listed at the top of tests/bench/main.ts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh

echo "bench: building the app (npm --prefix app run build)"
npm --prefix app run build --silent
echo "bench: compiling tests/bench"
rm -rf tests/bench/dist
npx --no-install tsc -p tests/bench/tsconfig.json
node tests/bench/dist/bench/main.js "$@"
echo
echo "bench: evaluating the Pulumi program under mocks"
node tests/bench/dist/bench/program-eval.js
