#!/usr/bin/env bash
# Puts the Temporal CLI (it contains the dev server) at .tools/temporal.
# The SDK's own download needs the internet; this builds the CLI from the Go module proxy
# instead. v1.5.1 is the newest release `go install` accepts (later ones have `replace`
# directives). The build is cached outside the work tree, so a second run, or a fresh
# clone on the same machine, skips it.
set -euo pipefail
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${KOTO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koto-tools}/temporal-$VERSION"
target="$root/.tools/temporal"

if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then
  exit 0
fi
if [ ! -x "$cache/temporal" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "install-temporal-cli: Go is not installed; install Go, or set TEMPORAL_CLI_PATH, or let the SDK download the CLI (needs internet)" >&2
    exit 1
  fi
  echo "install-temporal-cli: building temporal $VERSION with go install (takes a few minutes once)..." >&2
  mkdir -p "$cache"
  GOBIN="$cache" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$VERSION"
fi
mkdir -p "$root/.tools"
ln -sf "$cache/temporal" "$target"
"$target" --version >&2
