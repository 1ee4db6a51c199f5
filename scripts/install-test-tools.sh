#!/usr/bin/env bash
# Installs what the checks and test tiers need, on Debian/Ubuntu, skipping whatever is already there:
# Node >= 22, the npm packages (root, app, policies), actionlint (go install, pinned) and shellcheck,
# MinIO (go install, pinned), promtool and amtool, Chromium, a running Docker engine.
#
# Usage: scripts/install-test-tools.sh [lint] [unit] [integration] [e2e] [images]   (default: all but images)
#   lint: actionlint + shellcheck; integration: MinIO, promtool/amtool, Docker; e2e: those, Chromium and
#   the Pulumi toolchain; images: what scripts/images/build-e2e-images.sh builds from (MinIO, Debian's
#   Prometheus and Alertmanager, Docker).
#   The npm packages are always installed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh

want=("$@")
[ "${#want[@]}" -gt 0 ] || want=(lint unit integration e2e)
for part in "${want[@]}"; do
  case "$part" in
    lint | unit | integration | e2e | images) ;;
    *)
      echo "install-test-tools: unknown part '$part' (expected lint, unit, integration, e2e or images)" >&2
      exit 64
      ;;
  esac
done
wants() {
  local part
  for part in "${want[@]}"; do
    for asked in "$@"; do [ "$part" = "$asked" ] && return 0; done
  done
  return 1
}

MINIO_MODULE="$(sed -n "s/^export const MINIO_MODULE = '\(.*\)';$/\1/p" tests/support/tools.ts)"
ACTIONLINT_MODULE="$(sed -n "s/^ACTIONLINT_MODULE='\(.*\)'$/\1/p" scripts/lint-workflows.sh)"
say() { printf '[install-test-tools] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  say "apt-get install $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# npm packages (root, app, policies): `npm ci` when node_modules is missing or older than the lockfile.
for dir in . app policies; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# Go builds the pinned tools (actionlint, MinIO) through the Go module proxy.
if wants lint integration e2e images && ! command -v go >/dev/null 2>&1; then
  say "Go is missing: install Go >= 1.24 (https://go.dev/doc/install, or your distribution's golang package if new enough), then rerun"
  exit 1
fi
# go_install MODULE@VERSION: installs into Go's bin folder unless that exact version is already there.
go_install() {
  local module="$1" name bin_dir version
  name="$(basename "${module%@*}")"
  version="${module#*@}"
  bin_dir="$(go env GOBIN)"
  [ -n "$bin_dir" ] || bin_dir="$(go env GOPATH)/bin"
  if [ ! -x "$bin_dir/$name" ] || ! go version -m "$bin_dir/$name" 2>/dev/null | grep -q "$version"; then
    say "go install $module"
    go install "$module"
  fi
  say "$name: $bin_dir/$name ($version)"
}

# actionlint and shellcheck: the workflow linter and the shell checker it runs on every run: block.
if wants lint; then
  go_install "$ACTIONLINT_MODULE"
  if ! command -v shellcheck >/dev/null 2>&1; then apt_install shellcheck; fi
  say "shellcheck $(shellcheck --version | awk '/^version:/{print $2}')"
fi

wants integration e2e images || exit 0

# MinIO, built from source at the pinned version (a few minutes the first time: it compiles MinIO).
go_install "$MINIO_MODULE"

# promtool and amtool, the real checkers of the rendered monitoring files (Debian packages).
if ! command -v promtool >/dev/null 2>&1 || ! command -v amtool >/dev/null 2>&1; then
  apt_install prometheus prometheus-alertmanager
fi
say "promtool $(promtool --version 2>&1 | awk 'NR==1{print $3}'), amtool $(amtool --version 2>&1 | awk 'NR==1{print $3}')"

# Headless Chromium for the e2e evidence screenshots (Debian package).
if wants e2e && ! command -v chromium >/dev/null 2>&1; then apt_install chromium; fi

# A Docker engine: the Debian package, and dockerd started in the background when none answers.
bash scripts/ensure-docker.sh

# The Pulumi toolchain (official where reachable, else built from Go modules and cached).
if wants e2e; then
  bash scripts/toolchain/pulumi-toolchain.sh >/dev/null
fi
