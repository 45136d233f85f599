#!/usr/bin/env bash
# Writes the test models with the Java generator in miner
# (org.poq.miner.testmodels.TestModels), so neither the tests nor CI need Python.
#   resources/models/make-test-models.sh            tiny-llama3.gguf and tiny-mixtral.gguf (~1 MB)
#   resources/models/make-test-models.sh --bench    also tinyllama-1.1b-q4_0.gguf (~600 MB, benchmarks only)
# Output: resources/models/generated/ (git-ignored). The test suite makes its own copies under
# miner/target/test-models, so running this is only needed for manual runs and the benchmark.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/resources/models/generated"
cd "$root"
mvn -q -B -pl miner -Ptest-models -DskipTests test-compile exec:java -Dexec.args="$out ${1:-}"
ls -l "$out"
