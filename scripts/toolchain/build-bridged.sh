#!/usr/bin/env bash
# Builds the two bridged plugins of toolchain/bridged into OUT:
#   pulumi-resource-docker  the Terraform docker provider (kreuzwerker, TF_DOCKER_MODULE_VERSION)
#                           bridged with pulumi-terraform-bridge (TF_BRIDGE_VERSION) under the
#                           @pulumi/docker tokens, plus the DataHub STAND-IN for the native Image
#   pulumi-resource-random  the DataHub STAND-IN for @pulumi/random (RandomPassword)
# The docker provider's go.mod names it github.com/terraform-providers/terraform-provider-docker, and
# its internal/ package is reachable only from inside it: a copy gets toolchain/bridged/overlay/tfdocker
# (the shim and the stand-in Image). Pulumi's fork of terraform-plugin-sdk predates a method the
# provider's terraform-plugin-go needs: a copy gets overlay/sdkv2-fork (a stub the bridge never calls).
# Only the SDKv2 half of the provider is bridged (-tags no_compose).
# Usage: build-bridged.sh OUT DOCKER_LABEL RANDOM_LABEL
set -euo pipefail
out="$1" docker_label="$2" random_label="$3"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$repo/scripts/toolchain/lib.sh"
# shellcheck source=../../toolchain/versions.env
source "$repo/toolchain/versions.env"
src="$out/src"
mkdir -p "$src"
(cd "$repo/toolchain/bridged" && tar --exclude=./overlay -cf - .) | tar -C "$src" -xf -
cp -r "$(module_dir "$src" "github.com/kreuzwerker/terraform-provider-docker@$TF_DOCKER_MODULE_VERSION")" "$src/tfdocker"
cp -r "$(module_dir "$src" "github.com/pulumi/terraform-plugin-sdk/v2@$TF_SDK_FORK_VERSION")" "$src/sdkv2-fork"
chmod -R u+w "$src/tfdocker" "$src/sdkv2-fork"
cp -r "$repo/toolchain/bridged/overlay/tfdocker/." "$src/tfdocker/"
cp -r "$repo/toolchain/bridged/overlay/sdkv2-fork/." "$src/sdkv2-fork/"
cd "$src"
echo "unit tests of the random stand-in"
go test ./randomstandin/
for p in docker random; do
  label="$docker_label"
  [ "$p" = random ] && label="$random_label"
  ldflags="-X main.version=$label"
  go build -tags no_compose -ldflags "$ldflags" -o "pulumi-tfgen-$p" "./cmd/pulumi-tfgen-$p"
  echo '{}' >"cmd/pulumi-resource-$p/schema.json"
  echo '{}' >"cmd/pulumi-resource-$p/bridge-metadata.json"
  # The warning about missing upstream docs is expected: there are none offline.
  "./pulumi-tfgen-$p" schema --out "cmd/pulumi-resource-$p" >"tfgen-$p.log" 2>&1 || { tail -30 "tfgen-$p.log"; exit 1; }
  go build -tags no_compose -ldflags "$ldflags" -o "$out/pulumi-resource-$p" "./cmd/pulumi-resource-$p"
  cp "cmd/pulumi-resource-$p/schema.json" "$out/schema-$p.json"
done
cd "$out"
rm -rf "$src"
ls -l "$out"
