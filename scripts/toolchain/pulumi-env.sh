# shellcheck shell=bash
# Source me (bash): makes the Pulumi toolchain available (scripts/toolchain/pulumi-toolchain.sh:
# official downloads where reachable, else built from Go modules and cached) and exports it.
# Arguments are passed on, e.g. `source scripts/toolchain/pulumi-env.sh --parts docker`.
# With a `pulumi` already on PATH and DATAHUB_TOOLCHAIN_MODE unset, that one is used as it is
# (also when an earlier source of this file put it there: DATAHUB_TOOLCHAIN says which it is).
if [ -z "${DATAHUB_TOOLCHAIN_MODE:-}" ] && command -v pulumi >/dev/null 2>&1; then
  echo "[toolchain] using $(command -v pulumi) ($(pulumi version 2>/dev/null || echo 'version unknown'))${DATAHUB_TOOLCHAIN:+, the $DATAHUB_TOOLCHAIN toolchain}" >&2
else
  _datahub_toolchain_env="$(bash "$(dirname "${BASH_SOURCE[0]}")/pulumi-toolchain.sh" "$@")" || return 1 2>/dev/null || exit 1
  eval "$_datahub_toolchain_env"
  unset _datahub_toolchain_env
fi
