#!/usr/bin/env bash
# Issue 13: the new engine against the engine it replaced, on the same file, in one run.
# The old engine is de.kherud:llama 4.2.0 (llama.cpp b4916) with the jar's own generic Linux x86-64
# native, as the app shipped it; it is built from miner/bench/old-engine (its own pom, NOT a module of
# the root reactor: the old binding never comes back into the product) and runs in its own JVM.
# Maven fetches the binding's jar from Maven Central into ~/.m2; nothing downloaded lands in the repo.
#
# Usage (from anywhere; needs `npm ci` done for the new engine's libraries):
#   nice -n 10 miner/bench/old-engine.sh [--reps 7] [--load-reps 3] [--threads 2] [--prompt 128] [--gen 64] [--model FILE]
# Model by default: the TinyLlama-1.1B-shaped Q4_0 under resources/models/generated (written on first use).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OLD="$ROOT/miner/bench/old-engine"
mvn -B -q -f "$OLD/pom.xml" compile dependency:build-classpath
JAR="$(tr ':' '\n' < "$OLD/target/classpath.txt" | grep '/llama-4\.2\.0\.jar$')"
# the jar's own native, unpacked once into a folder, as the old app did (LlamaNativeCache)
NATIVES="$OLD/target/natives"
rm -rf "$NATIVES" && mkdir -p "$NATIVES"
(cd "$NATIVES" && jar xf "$JAR" de/kherud/llama/Linux/x86_64/libjllama.so \
  && mv de/kherud/llama/Linux/x86_64/libjllama.so . && rm -rf de)
export DJL_OFFLINE=true
mvn -B -pl miner -am verify -Dpoq.excludedGroups=none -Dgroups=benchmark -Dtest=EngineBenchmarkTest#newEngineAgainstOldEngine \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpoq.bench.old.args="--old-classpath $OLD/target/classes:$(cat "$OLD/target/classpath.txt") --old-natives $NATIVES --threads 2 --reps 7 --load-reps 3 $*"
