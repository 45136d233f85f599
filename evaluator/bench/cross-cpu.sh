#!/usr/bin/env bash
# Cross-CPU differences of the evaluator's scores (CrossCpuBench; not part of the test suite).
#
# ONNX Runtime's MLAS and the JVM pick their kernels from CPUID at run time. qemu-user runs the same
# x86-64 java process with a chosen CPU model, so one machine yields several kernel paths:
#   native       the host's own CPU (here: AVX-512 + VNNI kernels)
#   Nehalem      SSE4.2, no AVX        -> MLAS SSE kernels
#   SandyBridge  AVX, no FMA/AVX2      -> MLAS AVX kernels
#   Haswell      AVX2 + FMA            -> MLAS FMA3/AVX2 kernels
# (QEMU 7.2's TCG does not emulate AVX-512, so the emulated runs never take the AVX-512 path.)
# Each run dumps the raw model outputs (exact bits) and the integers of pairs mode (the 200 pairs of
# DeterminismTest, each alone: `poq score --pairs`) and tasks mode (the quality set's tasks of six answers,
# with two honest answers and with one: `poq score --tasks`); every two runs are compared at the end, on
# the rows both have. The CPUID flags each emulated process sees are printed first (a small C probe of
# the bits MLAS reads: CPUID leaves 1 and 7 and XCR0).
#
# Needs: qemu-user (apt-get install qemu-user), gcc. Emulation takes about 35 times the CPU time of the
# native run (2.7 s of CPU per fp32 pair on the build machine), so the emulated runs score the first POQ_XCPU_PAIRS pairs
# (default 100 of 200) and POQ_XCPU_TASKS tasks per scenario (default 6 of 44); the native run scores all.
# The CPU models run one after another; the rows are written as they are made, so a run stopped early
# (Ctrl-C) still counts the rows it has when the dumps are compared by hand:
#   java -cp ... org.poq.evaluator.CrossCpuBench compare native.tsv Haswell.tsv ...
#   nice -n 10 evaluator/bench/cross-cpu.sh [models: fp32 | fp32,int8 (fp32)] [CPU models (Nehalem SandyBridge Haswell)]
# Output files stay in $POQ_XCPU_OUT (default: a new folder under /tmp).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
models="${1:-fp32}"
shift || true
cpus=("$@")
[ ${#cpus[@]} -gt 0 ] || cpus=(Nehalem SandyBridge Haswell)
out="${POQ_XCPU_OUT:-$(mktemp -d /tmp/poq-xcpu.XXXXXX)}"
mkdir -p "$out"
command -v qemu-x86_64 >/dev/null || { echo "qemu-x86_64 not found: apt-get install qemu-user" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "this script compares x86-64 kernel paths; it needs an x86-64 host" >&2; exit 2; }

# shellcheck source=classpath.sh
. "$root/evaluator/bench/classpath.sh"
cd "$root"
# qemu-user needs the real binary, not the alternatives symlink.
java="$(readlink -f "$(command -v java)")"
cat > "$out/cpuid.c" <<'EOF'
#include <cpuid.h>
#include <stdio.h>
static unsigned long long xcr0(void) { unsigned a, d; __asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0)); return ((unsigned long long)d << 32) | a; }
int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  int sse42 = !!(c & (1u << 20)), fma = !!(c & (1u << 12)), osxsave = !!(c & (1u << 27)), avx = !!(c & (1u << 28));
  unsigned long long x = osxsave ? xcr0() : 0;
  __cpuid_count(7, 0, a, b, c, d);
  int avx2 = !!(b & (1u << 5)), avx512f = !!(b & (1u << 16)), avx512vnni = !!(c & (1u << 11));
  __cpuid_count(7, 1, a, b, c, d);
  printf("sse4.2=%d avx=%d fma=%d avx2=%d avx512f=%d avx512vnni=%d avxvnni=%d xcr0=%#llx (ymm state %s, zmm state %s)\n",
         sse42, avx, fma, avx2, avx512f, avx512vnni, !!(a & (1u << 4)), x, (x & 6) == 6 ? "on" : "off", (x & 0xe0) == 0xe0 ? "on" : "off");
  return 0;
}
EOF
gcc -O1 -o "$out/cpuid" "$out/cpuid.c"

run() { # name, pairs, tasks, then the command prefix (empty for native)
  local name="$1" pairs="$2" tasks="$3"
  shift 3
  local start=$SECONDS
  (cd evaluator && "$@" "$java" --enable-native-access=ALL-UNNAMED -cp "$cp:target/bench-lib/*" \
    org.poq.evaluator.CrossCpuBench dump "$out/$name.tsv" "$models" tasks,pairs "$pairs" "$tasks") 2>&1 | grep -v -e '^SLF4J' -e 'TCG doesn.t support'
  echo "$name: $((SECONDS - start)) s wall"
}

printf '%-12s CPUID: %s\n' native "$("$out/cpuid")"
for c in "${cpus[@]}"; do
  printf '%-12s CPUID: %s\n' "$c" "$(qemu-x86_64 -cpu "$c" "$out/cpuid" 2>/dev/null)"
done
run native 200 44
files=()
for c in "${cpus[@]}"; do
  run "$c" "${POQ_XCPU_PAIRS:-100}" "${POQ_XCPU_TASKS:-6}" qemu-x86_64 -cpu "$c"
  files+=("$out/$c.tsv")
done
cd evaluator
java --enable-native-access=ALL-UNNAMED -cp "$cp:target/bench-lib/*" org.poq.evaluator.CrossCpuBench compare \
  "$out/native.tsv" "${files[@]}"
echo "dumps in $out"
