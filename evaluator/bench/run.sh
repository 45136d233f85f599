#!/usr/bin/env bash
# Runs EvaluatorBenchmark (not part of the test suite). Needs a Python with onnxruntime, tokenizers and
# numpy for the comparison: POQ_BENCH_PYTHON (default /tmp/evvenv/bin/python), e.g.
#   python3 -m venv /tmp/evvenv && /tmp/evvenv/bin/pip install --no-index \
#     --find-links /opt/pypi/files --find-links /opt/pypi-more/files onnxruntime tokenizers numpy
# Extra arguments go to the benchmark: [threads (2)] [turns per configuration (11)] [models: fp32 | fp32,int8]
# [lengths: 64,256,512].
# On a shared machine: nice -n 10 evaluator/bench/run.sh
#
# The sibling modules (core, network) come from this checkout's reactor build (their target/classes and
# target/test-classes), never from ~/.m2: nothing is installed, and a stale SNAPSHOT there cannot be
# what gets measured.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export DJL_OFFLINE=true
# Compile evaluator and the modules it needs, and copy its external (non-org.poq) jars next to it.
mvn -q -B -o -pl evaluator -am test-compile dependency:copy-dependencies \
  -DincludeScope=test -DexcludeGroupIds=org.poq -DoutputDirectory=target/bench-lib
cp=""
for m in evaluator network core; do
  cp="$cp:$root/$m/target/test-classes:$root/$m/target/classes"
done
cd evaluator
# A class path of folders and one wildcard, not a long -cp list: ONNX Runtime 1.29 crashes at start-up
# when the JVM command line is longer than about 4 KB (see docs/evaluator.md).
# POQ_BENCH_JAVA_OPTS: extra JVM options, e.g. -Donnxruntime.native.path=DIR to run the Java side on another
# build of libonnxruntime.so (run H in BENCHMARKS.md: Python's own 1.30 library).
# shellcheck disable=SC2086
exec java ${POQ_BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "${cp#:}:target/bench-lib/*" \
  org.poq.evaluator.EvaluatorBenchmark "$@"
