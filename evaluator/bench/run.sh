#!/usr/bin/env bash
# Runs EvaluatorBenchmark (not part of the test suite). Needs a Python with onnxruntime, tokenizers and
# numpy for the comparison: POQ_BENCH_PYTHON (default /tmp/evvenv/bin/python), e.g.
#   python3 -m venv /tmp/evvenv && /tmp/evvenv/bin/pip install --no-index \
#     --find-links /opt/pypi/files --find-links /opt/pypi-more/files onnxruntime tokenizers numpy
# Extra arguments go to the benchmark: [threads (2)] [turns per configuration (11)] [models: fp32 | fp32,int8]
# [lengths: 64,256,512].
# On a shared machine: nice -n 10 evaluator/bench/run.sh
#
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# Builds from this checkout's reactor, never from ~/.m2 (see classpath.sh), and sets $cp.
# shellcheck source=classpath.sh
. "$root/evaluator/bench/classpath.sh"
cd evaluator
# POQ_BENCH_JAVA_OPTS: extra JVM options, e.g. -Donnxruntime.native.path=DIR to run the Java side on another
# build of libonnxruntime.so (run H in BENCHMARKS.md: Python's own 1.30 library).
# shellcheck disable=SC2086
exec java ${POQ_BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "$cp:target/bench-lib/*" \
  org.poq.evaluator.EvaluatorBenchmark "$@"
