#!/usr/bin/env bash
# Builds the pinned actionlint (the linter for GitHub Actions workflows) from source with the
# Go toolchain into tmp/tools/ (gitignored) and prints its path. When that version is already
# there it only prints the path, so .ci/run and the tests can both call it.
set -euo pipefail

version=v1.7.12
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/tmp/tools/actionlint-$version"
bin="$dir/actionlint"

if [ ! -x "$bin" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "install-actionlint: the Go toolchain (go) is needed to build actionlint $version" >&2
    exit 1
  fi
  start=$SECONDS
  GOBIN="$dir" go install "github.com/rhysd/actionlint/cmd/actionlint@$version" >&2
  echo "install-actionlint: built actionlint $version in $((SECONDS - start)) s" >&2
fi
echo "$bin"
