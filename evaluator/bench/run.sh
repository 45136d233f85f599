#!/usr/bin/env bash
# Runs EvaluatorBenchmark (not part of the test suite). Needs a Python with onnxruntime, tokenizers and
# numpy for the comparison: POQ_BENCH_PYTHON (default /tmp/evvenv/bin/python), e.g.
#   python3 -m venv /tmp/evvenv && /tmp/evvenv/bin/pip install --no-index \
#     --find-links /opt/pypi/files --find-links /opt/pypi-more/files onnxruntime tokenizers numpy
# Extra arguments go to the benchmark: [threads] (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=target/bench-lib
# A class path wildcard, not a long -cp list: ONNX Runtime 1.29 crashes at start-up when the JVM command
# line is longer than about 4 KB (see docs/evaluator.md).
export DJL_OFFLINE=true
exec java --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:target/bench-lib/*" \
  org.poq.evaluator.EvaluatorBenchmark "$@"
