#!/usr/bin/env bash
# A Docker engine that answers: Debian's docker.io installed when dockerd is missing, and dockerd
# started in the background (as root, or through sudo) when no engine answers. Says each step.
set -euo pipefail
say() { printf '[docker] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if docker info >/dev/null 2>&1; then
  say "engine $(docker version --format '{{.Server.Version}}') answers"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  say "apt-get install docker.io (no Docker engine on this machine)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker.io >/dev/null
fi
say "starting dockerd in the background (log: /tmp/datahub-dockerd.log)"
as_root sh -c 'nohup dockerd >/tmp/datahub-dockerd.log 2>&1 &'
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
docker info >/dev/null 2>&1 || { say "dockerd did not come up; see /tmp/datahub-dockerd.log"; exit 1; }
say "engine $(docker version --format '{{.Server.Version}}') is up"
