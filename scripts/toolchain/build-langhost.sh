#!/usr/bin/env bash
# Builds the Node.js language host (pulumi-language-nodejs) from sdk/v3 at VERSION into OUT, with the
# two shell shims that version ships: pulumi-resource-pulumi-nodejs (dynamic providers) and
# pulumi-analyzer-policy (policy packs; the patched CLI runs Node.js packs through it).
# Usage: build-langhost.sh OUT VERSION
set -euo pipefail
out="$1" version="$2"
# shellcheck source=pulumi-module.sh
source "$(dirname "${BASH_SOURCE[0]}")/pulumi-module.sh"
src="$(stage_pulumi_wrapper langhost "$out")"
build_pulumi_command "$src" "$version" "$out/pulumi-language-nodejs" \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
dir="$(module_dir "$src" "github.com/pulumi/pulumi/sdk/v3@$version")"
install -m 0755 "$dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$dir/nodejs/dist/pulumi-analyzer-policy" "$out/"
rm -rf "$src"
ls "$out"
