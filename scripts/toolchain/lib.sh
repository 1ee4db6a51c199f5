# shellcheck shell=bash
# Shared by the build-*.sh scripts.
_toolchain_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# stage_wrapper NAME DEST: copies toolchain/NAME's wrapper module (go.mod, go.sum, tools.go) to DEST.
stage_wrapper() {
  mkdir -p "$2"
  cp "$_toolchain_repo/toolchain/$1/go.mod" "$_toolchain_repo/toolchain/$1/go.sum" "$_toolchain_repo/toolchain/$1/tools.go" "$2/"
}

# module_dir DIR MODULE@VERSION: downloads the module (through DIR's go.mod) and prints its folder.
module_dir() {
  (cd "$1" && go mod download -json "$2" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
}
