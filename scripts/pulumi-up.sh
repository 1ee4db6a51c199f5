#!/usr/bin/env bash
# `npm run up -- <stack>`: deploys a stack with `pulumi up` on a local state backend.
# Installs the npm packages when missing, creates the stack on first use from Pulumi.<stack>.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
stack="${1:-dev}"
shift || true

if [ ! -f "Pulumi.$stack.yaml" ]; then
  echo "up: no stack file Pulumi.$stack.yaml; known stacks: $(ls Pulumi.*.yaml | sed 's/Pulumi\.\(.*\)\.yaml/\1/' | tr '\n' ' ')" >&2
  exit 2
fi
if ! command -v pulumi >/dev/null 2>&1; then
  echo "up: the Pulumi CLI is not installed. Install it with: curl -fsSL https://get.pulumi.com | sh  (then open a new shell)" >&2
  exit 127
fi
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$HOME/.pulumi-datahub}"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "up: set PULUMI_CONFIG_PASSPHRASE_FILE (a file holding a long random passphrase) or PULUMI_CONFIG_PASSPHRASE; it encrypts the stack's secrets" >&2
  exit 2
fi
for dir in . app; do
  [ -d "$dir/node_modules" ] || (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done
mkdir -p "${PULUMI_BACKEND_URL#file://}" 2>/dev/null || true
pulumi stack select --create "$stack"
exec pulumi up --stack "$stack" "$@"
