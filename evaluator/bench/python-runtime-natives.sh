#!/usr/bin/env bash
# Builds a folder that lets the Java benchmark run on the very libonnxruntime.so that Python's onnxruntime
# wheel uses (run H in BENCHMARKS.md), to tell the runtime's share of a Java/Python gap from the wrapper's.
# Benchmark use only; the product always loads the library inside the onnxruntime Maven jar.
#
#   evaluator/bench/python-runtime-natives.sh /tmp/evvenv12/bin/python /tmp/ort-py-natives
#   POQ_BENCH_JAVA_OPTS=-Donnxruntime.native.path=/tmp/ort-py-natives \
#     POQ_BENCH_PYTHON=/tmp/evvenv12/bin/python evaluator/bench/run.sh 2 11 fp32
#
# The folder holds the wheel's libonnxruntime.so.<version> as libonnxruntime.so, and the Maven jar's JNI
# library (libonnxruntime4j_jni.so) with its one symbol-version requirement (VERS_<jar version>) renamed to
# the wheel's version: the JNI code calls only OrtGetApiBase, whose API table is backward compatible, but
# the dynamic linker refuses a library whose symbols carry another version tag. Both the name and its ELF
# hash in .gnu.version_r are rewritten (same length, so no offsets move).
set -euo pipefail
python="${1:?path to a Python with onnxruntime}"
out="${2:?output folder}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
wheel_lib="$("$python" -c 'import glob, os, onnxruntime; print(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so.*"))[0])')"
wheel_version="${wheel_lib##*libonnxruntime.so.}"
jar_version="$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' "$root/pom.xml" | head -1)"
jar="$root/evaluator/target/bench-lib/onnxruntime-$jar_version.jar"
[ -f "$jar" ] || { echo "not found: $jar (run evaluator/bench/run.sh once first)" >&2; exit 1; }
mkdir -p "$out"
cp "$wheel_lib" "$out/libonnxruntime.so"
unzip -p "$jar" ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so > "$out/libonnxruntime4j_jni.so"
python3 - "$out/libonnxruntime4j_jni.so" "VERS_$jar_version" "VERS_$wheel_version" <<'EOF'
import struct, sys

def elf_hash(name):
    h = 0
    for c in name.encode():
        h = (h << 4) + c
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g
    return h & 0xFFFFFFFF

path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
if len(old) != len(new):
    sys.exit(f"cannot rename {old} to {new}: the lengths differ")
data = bytearray(open(path, "rb").read())
old_hash, new_hash = struct.pack("<I", elf_hash(old)), struct.pack("<I", elf_hash(new))
if data.count(old.encode()) != 1 or data.count(old_hash) != 1:
    sys.exit(f"{old} or its hash is not found exactly once in {path}")
data = data.replace(old.encode(), new.encode()).replace(old_hash, new_hash)
open(path, "wb").write(bytes(data))
print(f"{path}: requires {new} (was {old})")
EOF
echo "folder ready: $out (onnxruntime $wheel_version from $wheel_lib)"
