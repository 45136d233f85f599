#!/usr/bin/env bash
# The GPU check of issue 13, for a machine with an NVIDIA GPU (prepared; NOT RUN yet: no GPU machine
# was lent to the task that wrote it). It runs the engine benchmark with node-llama-cpp 3.21.1's
# CUDA build, all layers offloaded, then the same with the CUDA build present but 0 layers (the CPU
# path), then with a GPU folder that cannot load (the fallback), and prints tokens/s for each.
#
# Needs, in the repository: `npm ci` done, the miner built (mvn -B -pl miner -am -DskipTests
# test-compile), and the CUDA package unpacked; on a machine with network:
#   npm install --no-save @node-llama-cpp/linux-x64-cuda@3.21.1     (CUDA 13; needs libcudart.so.13)
#   npm install --no-save @node-llama-cpp/linux-x64-cuda-ext@3.21.1 (CUDA 12 build)
# Usage: miner/bench/gpu-check.sh [MODEL.gguf]   (default: the TinyLlama-1.1B-shaped Q4_0)
# Output: miner/bench/gpu-check.out (copy the numbers into docs/benchmarks/miner.md).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/miner/bench}/gpu-check.out"
MODEL_ARGS=()
[ $# -ge 1 ] && MODEL_ARGS=(--model "$1")
{
  echo "== machine"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "nvidia-smi failed"
  ls /usr/lib/x86_64-linux-gnu/libcudart.so* /usr/local/cuda*/lib64/libcudart.so* 2>/dev/null || echo "no libcudart found"
  for pkg in linux-x64-cuda linux-x64-cuda-ext; do
    dir="node_modules/@node-llama-cpp/$pkg/bins/$pkg"
    [ -d "$dir" ] || { echo "== $pkg: not installed (see the header of this script)"; continue; }
    echo "== $pkg, all layers on the GPU"
    POQ_LLAMA_GPU_PATH="$dir" mvn -B -q -o -pl miner -Pbench exec:exec \
      -Dbench.args="--threads 4 --gpu-layers -1 --reps 3 --swaps false ${MODEL_ARGS[*]}"
    echo "== $pkg present, 0 layers (CPU)"
    POQ_LLAMA_GPU_PATH="$dir" mvn -B -q -o -pl miner -Pbench exec:exec \
      -Dbench.args="--threads 4 --gpu-layers 0 --reps 3 --swaps false ${MODEL_ARGS[*]}"
  done
  echo "== fallback: a GPU folder whose backend cannot load (an empty stand-in library)"
  broken="$(mktemp -d)"; : > "$broken/libggml-cuda.so"
  POQ_LLAMA_GPU_PATH="$broken" mvn -B -q -o -pl miner -Pbench exec:exec \
    -Dbench.args="--threads 4 --gpu-layers -1 --reps 1 --swaps false ${MODEL_ARGS[*]}"
  rm -rf "$broken"
} 2>&1 | tee "$OUT"
