#!/usr/bin/env bash
# `npm run deploy|preview|verify|destroy -- --stack <name> [flags]`: the ops CLI (ops/cli.ts),
# after installing what it needs, saying each step: Node >= 22, the npm packages of the program, the
# app build and the policy pack, the Pulumi toolchain (scripts/toolchain/), and for a Docker-platform
# stack a Docker engine and, where no registry answers, the images the stack pins.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh >&2
for dir in . app policies; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "installing the npm packages of $dir (first run)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
done

# A usage error or --help is answered before anything is installed.
parsed="$(DATAHUB_OPS_PARSE_ONLY=1 node --require ts-node/register/transpile-only ops/cli.ts "$@")" || exit $?
if [[ "$parsed" != stack=* ]]; then
  printf '%s\n' "$parsed"
  exit 0
fi
command="$1"
stack="${parsed#stack=}"
platform="$(sed -n 's/^  datahub:platform: *\([a-z]*\).*/\1/p' "Pulumi.$stack.yaml" | head -1)"
parts=docker
[ "$platform" = kubernetes ] && parts=docker,kubernetes
# DATAHUB_TOOLCHAIN_MODE=none installs nothing: only a pulumi already on PATH (the CLI says how to install one).
source scripts/toolchain/pulumi-env.sh --parts "$parts"
if command -v pulumi >/dev/null 2>&1 && [ "$platform" != kubernetes ] && [ "$command" != verify ]; then
  bash scripts/ensure-docker.sh
  if [ "$command" != destroy ]; then
    overrides="$(bash scripts/images/ensure-stack-images.sh "$stack")"
    if [ -n "$overrides" ] && [ -z "${DATAHUB_STACK_OVERRIDES:-}" ]; then export DATAHUB_STACK_OVERRIDES="$overrides"; fi
  fi
fi
exec node --require ts-node/register/transpile-only ops/cli.ts "$@"
