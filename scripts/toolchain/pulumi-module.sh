# shellcheck shell=bash
# Shared by build-cli.sh and build-langhost.sh: both build a command of the pulumi/pulumi modules.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# stage_pulumi_wrapper NAME OUT: stages toolchain/NAME's wrapper module in OUT/src and prints that folder.
stage_pulumi_wrapper() {
  stage_wrapper "$1" "$2/src"
  printf '%s\n' "$2/src"
}

# build_pulumi_command SRC VERSION BINARY PACKAGE: builds PACKAGE in SRC's module with the version stamped in.
build_pulumi_command() {
  (cd "$1" && go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$2" -o "$3" "$4")
}
