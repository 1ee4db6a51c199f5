#!/usr/bin/env bash
# Before a Docker-platform deploy: the images the stack pins must exist where no registry can be
# reached. Where Docker Hub answers, nothing is done (the engine pulls them). Where it does not,
# the offline stand-ins are built under the pinned names (scripts/images/build-e2e-images.sh,
# after installing what it builds from). Grafana has no offline source: when the stack enables it
# and its image cannot be had, an overrides file turning it off for this machine is written and
# its path printed on stdout (the stack file itself is not changed). Progress goes to stderr.
# Usage: scripts/images/ensure-stack-images.sh STACK
set -euo pipefail
# shellcheck source=scripts/images/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stack="$1"
file="$repo_root/Pulumi.$stack.yaml"
say() { printf '[images] %s\n' "$*" >&2; }
# The image the stack runs for a datahub:images key: its pin under datahub:images (one
# "key: ref" per line), else the default pin (contracts/images.json).
image_ref() {
  local ref
  ref="$(sed -n "/^  datahub:images:/,/^  [^ ]/s/^    $1: *\([^ #]*\).*/\1/p" "$file" | head -1)"
  echo "${ref:-$(pinned_image "$1")}"
}
present() { docker image inspect "$1" >/dev/null 2>&1; }
hub_reachable() { [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 https://registry-1.docker.io/v2/ 2>/dev/null)" = 401 ]; }

missing=()
keys="$(pinned_image_keys)"
for key in $keys; do
  [ "$key" = grafana ] && continue
  ref="$(image_ref "$key")"
  present "$ref" || missing+=("$ref")
done
grafana_ref="$(image_ref grafana)"
grafana_on="$(sed -n '/^  datahub:grafana:/,/^  [^ ]/s/^    enabled: *\([a-z]*\).*/\1/p' "$file" | head -1)"

if [ "${#missing[@]}" -gt 0 ]; then
  if hub_reachable; then
    say "Docker Hub answers: the engine pulls ${missing[*]}"
  else
    say "no registry answers; building offline stand-ins for ${missing[*]} (scripts/images/build-e2e-images.sh)"
    bash "$repo_root/scripts/install-test-tools.sh" images >&2
    bash "$repo_root/scripts/images/build-e2e-images.sh" >&2
  fi
fi
if [ "$grafana_on" = true ] && [ -n "$grafana_ref" ] && ! present "$grafana_ref" && ! hub_reachable; then
  overrides="${HOME}/.pulumi-datahub/overrides/$stack.offline.yaml"
  mkdir -p "$(dirname "$overrides")"
  printf '# Written by scripts/images/ensure-stack-images.sh: %s cannot be had on this machine\n# (no registry answers, and Grafana has no offline source).\nconfig:\n  datahub:grafana:\n    enabled: false\n' \
    "$grafana_ref" >"$overrides"
  say "Grafana: $grafana_ref cannot be pulled or built here; deploying $stack without Grafana on this machine ($overrides; Pulumi.$stack.yaml is unchanged)"
  echo "$overrides"
fi
