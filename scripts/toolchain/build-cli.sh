#!/usr/bin/env bash
# Builds the Pulumi CLI from pkg/v3 + sdk/v3 at VERSION into OUT, with toolchain/cli/patches applied.
# pkg/v3's go.mod replaces sdk/v3 with ../sdk, so `go install pkg/v3/cmd/pulumi@VERSION` is refused:
# toolchain/cli is a wrapper module that requires both at VERSION and points pkg/v3 at a patched copy.
# Usage: build-cli.sh OUT VERSION
set -euo pipefail
out="$1" version="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=pulumi-module.sh
source "$repo/scripts/toolchain/pulumi-module.sh"
src="$(stage_pulumi_wrapper cli "$out")"
dir="$(module_dir "$src" "github.com/pulumi/pulumi/pkg/v3@$version")"
cp -r "$dir" "$src/pkg" && chmod -R u+w "$src/pkg"
for patch in "$repo"/toolchain/cli/patches/*.patch; do
  echo "applying $(basename "$patch")"
  patch -s -p1 -d "$src/pkg" <"$patch"
done
build_pulumi_command "$src" "$version" "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
rm -rf "$src"
"$out/pulumi" version
