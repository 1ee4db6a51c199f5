#!/usr/bin/env bash
# Installs what the test tiers need, on Debian/Ubuntu, skipping whatever is already there:
# Node >= 22, the npm packages (root, app, policies), MinIO (go install, pinned), promtool and amtool,
# Chromium, a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh

MINIO_MODULE="$(sed -n "s/^export const MINIO_MODULE = '\(.*\)';$/\1/p" tests/support/tools.ts)"
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

# MinIO, built from source through the Go module proxy at the pinned version.
if ! command -v go >/dev/null 2>&1; then
  say "Go is missing: install Go >= 1.24 (https://go.dev/doc/install, or your distribution's golang package if new enough), then rerun"
  exit 1
fi
minio_bin="$(go env GOPATH)/bin/minio"
want_version="${MINIO_MODULE#*@}"
if [ ! -x "$minio_bin" ] || ! go version -m "$minio_bin" 2>/dev/null | grep -q "$want_version"; then
  say "go install $MINIO_MODULE (a few minutes the first time: it compiles MinIO)"
  go install "$MINIO_MODULE"
fi
say "minio: $minio_bin ($want_version)"

# promtool and amtool, the real checkers of the rendered monitoring files (Debian packages).
if ! command -v promtool >/dev/null 2>&1 || ! command -v amtool >/dev/null 2>&1; then
  apt_install prometheus prometheus-alertmanager
fi
say "promtool $(promtool --version 2>&1 | awk 'NR==1{print $3}'), amtool $(amtool --version 2>&1 | awk 'NR==1{print $3}')"

# Headless Chromium for the e2e evidence screenshots (Debian package).
if ! command -v chromium >/dev/null 2>&1; then apt_install chromium; fi

# A Docker engine: the Debian package, and dockerd started in the background when none answers.
if ! command -v dockerd >/dev/null 2>&1; then apt_install docker.io; fi
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd in the background (log: /tmp/datahub-dockerd.log)"
  as_root sh -c 'nohup dockerd >/tmp/datahub-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { say "dockerd did not come up; see /tmp/datahub-dockerd.log"; exit 1; }
fi
say "docker engine $(docker version --format '{{.Server.Version}}') is up"
