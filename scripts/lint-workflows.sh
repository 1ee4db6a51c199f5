#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint, which also runs shellcheck on every `run:` block.
# Both must be installed (scripts/install-test-tools.sh installs them); a missing one fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

# The one pin: scripts/install-test-tools.sh reads it from here.
ACTIONLINT_MODULE='github.com/rhysd/actionlint/cmd/actionlint@v1.7.12'

fail() {
  echo "lint-workflows: $*" >&2
  exit 1
}

actionlint_bin="${ACTIONLINT_BIN:-}"
if [ -z "$actionlint_bin" ]; then
  for candidate in "$(go env GOBIN 2>/dev/null || true)" "$(go env GOPATH 2>/dev/null || true)/bin" "$HOME/go/bin"; do
    if [ -n "$candidate" ] && [ -x "$candidate/actionlint" ]; then
      actionlint_bin="$candidate/actionlint"
      break
    fi
  done
fi
[ -n "$actionlint_bin" ] || actionlint_bin="$(command -v actionlint || true)"
if [ -z "$actionlint_bin" ] || [ ! -x "$actionlint_bin" ]; then
  fail "actionlint is not installed. Install it with: go install $ACTIONLINT_MODULE (or run scripts/install-test-tools.sh lint), or point ACTIONLINT_BIN at the binary"
fi

# Without shellcheck on PATH actionlint silently leaves the run: blocks unchecked.
command -v shellcheck >/dev/null 2>&1 ||
  fail "shellcheck is not installed, so actionlint would not check the run: blocks. Install it with: apt-get install -y shellcheck (or run scripts/install-test-tools.sh lint)"

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ "${#workflows[@]}" -gt 0 ] || fail "no workflow files under .github/workflows"

echo "lint-workflows: actionlint $("$actionlint_bin" -version | head -n1), shellcheck $(shellcheck --version | awk '/^version:/{print $2}'): ${workflows[*]}"
"$actionlint_bin" -no-color -shellcheck="$(command -v shellcheck)" "${workflows[@]}"
echo "lint-workflows: ${#workflows[@]} workflows pass"
