#!/usr/bin/env bash
# Makes the Pulumi CLI and the plugins the program needs available, and prints (on stdout) the
# exports that put them to use; progress goes to stderr. Source scripts/toolchain/pulumi-env.sh
# rather than calling this directly.
#
#   official   where get.pulumi.com answers: the official installer and plugin downloads, at the
#              versions pinned here and in package-lock.json (what users get).
#   built      otherwise: everything built from Go modules (toolchain/), cached by version outside
#              the checkout, the plugins installed with `pulumi plugin install --file` into a
#              PULUMI_HOME of the toolchain's own, and automatic plugin downloads turned off:
#                pulumi (CLI)                 pkg/v3 at PULUMI_CLI_VERSION, one patch: Node.js policy
#                                             packs run through the analyzer shim (toolchain/cli/patches)
#                pulumi-language-nodejs       sdk/v3 at PULUMI_LANGHOST_SDK_VERSION (+ its two shims)
#                pulumi-resource-docker       the Terraform docker provider bridged (as pulumi-docker
#                                             is), plus the DataHub STAND-IN for the native Image
#                pulumi-resource-random       DataHub STAND-IN: RandomPassword only
#                pulumi-resource-kubernetes   the served pulumi-kubernetes commit
#
# Usage: scripts/toolchain/pulumi-toolchain.sh [--parts docker,kubernetes] [--mode auto|official|built|none]
#   --parts  which provider plugins (default: docker,kubernetes; random always comes with docker)
# Env: DATAHUB_TOOLCHAIN_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/datahub/pulumi-toolchain),
#      DATAHUB_TOOLCHAIN_MODE (auto | official | built | none; default auto).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/scripts/toolchain"
# shellcheck source=../../toolchain/versions.env
source "$repo/toolchain/versions.env"

parts="docker,kubernetes"
mode="${DATAHUB_TOOLCHAIN_MODE:-auto}"
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    *) echo "pulumi-toolchain: unknown argument '$1' (expected --parts LIST or --mode auto|official|built)" >&2; exit 64 ;;
  esac
done
case "$mode" in
  auto | official | built) ;;
  none) exit 0 ;; # only a pulumi already on PATH (the ops CLI says how to install one)
  *) echo "pulumi-toolchain: --mode (DATAHUB_TOOLCHAIN_MODE) must be auto, official, built or none, not '$mode'" >&2; exit 64 ;;
esac
IFS=, read -ra _parts <<<"$parts"
for part in "${_parts[@]}"; do
  case "$part" in docker | kubernetes) ;; *) echo "pulumi-toolchain: --parts takes docker and kubernetes (comma-separated), not '$part'" >&2; exit 64 ;; esac
done

say() { printf '[toolchain] %s\n' "$*" >&2; }
started=$SECONDS
step() { # step NAME COMMAND...: runs one step, says its name and its time
  local name="$1" t=$SECONDS
  shift
  say "$name ..."
  "$@" >&2
  say "$name: done in $((SECONDS - t)) s"
}

# The versions the npm SDKs ask for (package-lock.json: what npm ci installs).
sdk_version() {
  node -e 'const l = require(process.argv[1]); const p = l.packages["node_modules/@pulumi/" + process.argv[2]]; if (!p) process.exit(1); console.log(p.version)' \
    "$repo/package-lock.json" "$1"
}
command -v node >/dev/null || { say "node is missing: source scripts/ensure-node.sh first"; exit 1; }
DOCKER_VERSION="$(sdk_version docker)"
RANDOM_VERSION="$(sdk_version random)"
KUBERNETES_VERSION="$(sdk_version kubernetes)"
CLI="${PULUMI_CLI_VERSION#v}"

wants() { [[ ",$parts," == *",$1,"* ]]; }

official_reachable() { curl -fsS -m 5 -o /dev/null https://get.pulumi.com/ 2>/dev/null; }

if [ "$mode" = official ] || { [ "$mode" = auto ] && official_reachable; }; then
  root="${DATAHUB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/datahub/pulumi-toolchain}/official-$CLI"
  if [ ! -x "$root/bin/pulumi" ]; then
    step "official Pulumi CLI $CLI (get.pulumi.com)" sh -c "curl -fsSL https://get.pulumi.com | sh -s -- --version $CLI --install-root '$root' --no-edit-path"
  fi
  export PATH="$root/bin:$PATH"
  step "plugin docker $DOCKER_VERSION" pulumi plugin install resource docker "$DOCKER_VERSION"
  step "plugin random $RANDOM_VERSION" pulumi plugin install resource random "$RANDOM_VERSION"
  wants kubernetes && step "plugin kubernetes $KUBERNETES_VERSION" pulumi plugin install resource kubernetes "$KUBERNETES_VERSION"
  say "official toolchain ready in $((SECONDS - started)) s"
  printf 'export PATH="%s:$PATH"\n' "$root/bin"
  printf 'export DATAHUB_TOOLCHAIN=official\n'
  exit 0
fi

# --- built from Go modules ------------------------------------------------------------------
command -v go >/dev/null || { say "Go is missing: install Go >= 1.24 (https://go.dev/doc/install), then rerun"; exit 1; }
cache="${DATAHUB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/datahub/pulumi-toolchain}"
mkdir -p "$cache"
gover="$(go env GOVERSION)"
# A part's key: what it is built from. A changed stand-in rebuilds only the bridged plugins.
key() { { printf '%s\n' "$gover" "$@"; } | sha256sum | cut -c1-12; }
tree_hash() { (cd "$repo" && find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

cli_dir="$cache/cli-$CLI-$(key "$PULUMI_CLI_VERSION" "$(tree_hash toolchain/cli scripts/toolchain/build-cli.sh scripts/toolchain/pulumi-module.sh scripts/toolchain/lib.sh)")"
langhost_dir="$cache/langhost-$(key "$PULUMI_LANGHOST_SDK_VERSION" "$(tree_hash toolchain/langhost scripts/toolchain/build-langhost.sh scripts/toolchain/pulumi-module.sh scripts/toolchain/lib.sh)")"
bridged_dir="$cache/bridged-docker-$DOCKER_VERSION-random-$RANDOM_VERSION-$(key "$TF_DOCKER_MODULE_VERSION" "$TF_BRIDGE_VERSION" "$TF_SDK_FORK_VERSION" "$(tree_hash toolchain/bridged scripts/toolchain/build-bridged.sh scripts/toolchain/lib.sh)")"
kubernetes_dir="$cache/kubernetes-$KUBERNETES_VERSION-$(key "$PULUMI_KUBERNETES_MODULE_VERSION" "$(tree_hash toolchain/kubernetes scripts/toolchain/build-kubernetes.sh scripts/toolchain/lib.sh)")"

export GOFLAGS="${GOFLAGS:-} -mod=readonly"
build_part() { # build_part NAME DIR SCRIPT ARGS...: builds into DIR.tmp, then moves it into place
  local name="$1" dir="$2" script="$3"
  shift 3
  if [ -f "$dir/.complete" ]; then
    say "$name: cached ($dir)"
    return 0
  fi
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  step "$name: building from Go modules" bash "$here/$script" "$dir.tmp" "$@"
  touch "$dir.tmp/.complete"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  prune "$(basename "$dir" | sed 's/-[0-9a-f]\{12\}$//')-" "$dir"
}

# Builds of earlier inputs are removed once their replacement is complete (they are hundreds of MB).
prune() { # prune PREFIX CURRENT_DIR
  local d
  for d in "$cache/$1"*; do
    [ -d "$d" ] && [ "$d" != "$2" ] && [ "$d" != "$2.tmp" ] && rm -rf "$d"
  done
  return 0
}

build_part "pulumi CLI $CLI" "$cli_dir" build-cli.sh "$PULUMI_CLI_VERSION"
build_part "Node.js language host (sdk $PULUMI_LANGHOST_SDK_VERSION)" "$langhost_dir" build-langhost.sh "$PULUMI_LANGHOST_SDK_VERSION"
if wants docker; then
  build_part "docker $DOCKER_VERSION (bridged, stand-in Image) and random $RANDOM_VERSION (stand-in)" "$bridged_dir" \
    build-bridged.sh "$DOCKER_VERSION" "$RANDOM_VERSION"
fi
if wants kubernetes; then
  build_part "kubernetes $KUBERNETES_VERSION" "$kubernetes_dir" build-kubernetes.sh "$KUBERNETES_VERSION"
fi

# The CLI and the language host with its shims side by side: the CLI finds the policy shim next to itself.
bin="$cache/bin-$(basename "$cli_dir")-$(basename "$langhost_dir")"
if [ ! -x "$bin/pulumi" ]; then
  rm -rf "$bin.tmp" && mkdir -p "$bin.tmp"
  # Hard links (copies across file systems), not symlinks: the CLI looks next to its resolved self.
  for f in "$cli_dir/pulumi" "$langhost_dir"/*; do cp -l "$f" "$bin.tmp/" 2>/dev/null || cp "$f" "$bin.tmp/"; done
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
  prune bin- "$bin"
fi

# Plugins: installed into the toolchain's own PULUMI_HOME, so a user's ~/.pulumi never gets a stand-in.
home="$cache/pulumi-home"
mkdir -p "$home"
install_plugin() { # install_plugin NAME VERSION FILE: unless that exact file is installed already
  local name="$1" version="$2" file="$3" installed="$home/plugins/resource-$1-v$2/pulumi-resource-$1"
  if [ -x "$installed" ] && cmp -s "$file" "$installed"; then
    say "plugin $name $version: installed"
    return 0
  fi
  # `plugin install` keeps an installed version as it is: a rebuilt stand-in replaces it.
  [ -e "$installed" ] && env PULUMI_HOME="$home" "$bin/pulumi" plugin rm resource "$name" "$version" --yes >&2
  step "plugin $name $version: pulumi plugin install --file" \
    env PULUMI_HOME="$home" "$bin/pulumi" plugin install resource "$name" "$version" --file "$file"
}
wants docker && install_plugin docker "$DOCKER_VERSION" "$bridged_dir/pulumi-resource-docker"
wants docker && install_plugin random "$RANDOM_VERSION" "$bridged_dir/pulumi-resource-random"
wants kubernetes && install_plugin kubernetes "$KUBERNETES_VERSION" "$kubernetes_dir/pulumi-resource-kubernetes"

say "toolchain built from Go modules, ready in $((SECONDS - started)) s: pulumi $CLI, language host ${PULUMI_LANGHOST_SDK_VERSION#v}; plugins docker $DOCKER_VERSION (bridged; Image is a DataHub STAND-IN), random $RANDOM_VERSION (DataHub STAND-IN)$(wants kubernetes && echo ", kubernetes $KUBERNETES_VERSION")"
cat <<EOF
export PATH="$bin:\$PATH"
export PULUMI_HOME="$home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export DATAHUB_TOOLCHAIN=built
EOF
