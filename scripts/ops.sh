#!/usr/bin/env bash
# `npm run deploy|preview|verify|destroy -- --stack <name> [flags]`: the ops CLI (infra/ops/cli.ts).
# Puts Node >= 22 on PATH and installs the npm packages the program, the app build and the policy
# pack need when they are missing; the CLI itself checks for `pulumi` and says how to install it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh >&2
for dir in . app policies; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "installing the npm packages of $dir (first run)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
done
exec node --require ts-node/register/transpile-only infra/ops/cli.ts "$@"
