#!/usr/bin/env bash
# Builds pulumi-resource-kubernetes into OUT from the one served commit of
# pulumi-kubernetes/provider/v4 (PULUMI_KUBERNETES_MODULE_VERSION), labelled LABEL (the version
# @pulumi/kubernetes asks for). The module zip lacks the *-embed.json files main.go embeds, so a
# copy of it runs its own go:generate step (generate.go) first.
# Usage: build-kubernetes.sh OUT LABEL
set -euo pipefail
out="$1" label="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$repo/scripts/toolchain/lib.sh"
# shellcheck source=../../toolchain/versions.env
source "$repo/toolchain/versions.env"
module=github.com/pulumi/pulumi-kubernetes/provider/v4
src="$out/src"
stage_wrapper kubernetes "$src"
dir="$(module_dir "$src" "$module@$PULUMI_KUBERNETES_MODULE_VERSION")"
cp -r "$dir" "$src/provider" && chmod -R u+w "$src/provider"
# The copy's own go.mod replaces sdk/v4 with ../sdk (absent here): generate with the wrapper's.
(cd "$src/provider/cmd/pulumi-resource-kubernetes" && VERSION="$label" go run -modfile="$src/go.mod" generate.go)
(cd "$src" && go build -ldflags "-X $module/pkg/version.Version=$label" -o "$out/pulumi-resource-kubernetes" "$module/cmd/pulumi-resource-kubernetes")
rm -rf "$src"
ls -l "$out/pulumi-resource-kubernetes"
