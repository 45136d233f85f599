#!/usr/bin/env bash
# Prints the folder of the llama.cpp source that node-llama-cpp 3.21.1's prebuilt libraries were built
# from, unpacking it on first use into a cache outside the repository (never commit it). It comes from
# the npm package itself (llama/gitRelease.bundle, a git bundle), fetched with `npm pack` and checked
# against the registry's integrity hash pinned here. Used by LlamaLayoutTest (llama.h) and by the
# engine benchmark (llama-bench is built from it).
set -euo pipefail
VERSION=3.21.1
INTEGRITY="sha512-E3N0Ev2Va0wzydvXYFwM9Hvyo07PoWjt8T/9GMc43Cvt8YkV/NU/tYUgEMC1grTPv2o9PRjQi0G3Wb5P/awiMg=="
CACHE="${POQ_LLAMA_SOURCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/poq-llama-source}/$VERSION"
SRC="$CACHE/src"
if [ ! -f "$SRC/include/llama.h" ]; then
  mkdir -p "$CACHE"
  work="$(mktemp -d "$CACHE/.fetch-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  ( cd "$work" && npm pack --silent "node-llama-cpp@$VERSION" >/dev/null )
  tgz="$work/node-llama-cpp-$VERSION.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$INTEGRITY" ]; then
    echo "llama-source: node-llama-cpp-$VERSION.tgz has integrity $got, expected $INTEGRITY" >&2
    exit 1
  fi
  tar -xzf "$tgz" -C "$work" package/llama/gitRelease.bundle
  git clone --quiet "$work/package/llama/gitRelease.bundle" "$work/src" 2>/dev/null
  rm -rf "$SRC" && mv "$work/src" "$SRC"
fi
echo "$SRC"
