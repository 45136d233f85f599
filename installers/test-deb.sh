#!/usr/bin/env bash
# Unpacks the .deb (dpkg-deb -x, no root, nothing installed) and runs the packaged app from it:
# `poq doctor` must pass, a failing setting must print its fix, and `poq demo` must finish a whole
# round offline. It also checks the package's dependencies, that the bundled natives link, that the
# data lands in the XDG data folder and never beside the program, and that no native library was
# unpacked into the temp folder at run time.
#
#   installers/test-deb.sh [path/to/poq_*.deb]     (default: app/target/jpackage/poq_*.deb)
#
# Where Xvfb and xdotool are installed it also opens the packaged app's window (gui-smoke.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB="${1:-$(ls "$ROOT"/app/target/jpackage/poq_*.deb 2>/dev/null | head -1 || true)}"
[ -n "$DEB" ] && [ -f "$DEB" ] || { echo "test-deb: no .deb found; build it with: mvn -pl app -P installers package -DskipTests" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/poq-deb-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

echo "test-deb: $DEB ($(du -h "$DEB" | cut -f1))"

# --- the package's metadata
depends="$(dpkg-deb -f "$DEB" Depends)"
# llama.cpp from node-llama-cpp is built without OpenMP: no libgomp1
for dep in libgtk-3-0 libgl1; do
  [[ "$depends" == *"$dep"* ]] && pass "Depends has $dep" || fail "Depends lacks $dep: $depends"
done

# --- its files
dpkg-deb -x "$DEB" "$WORK/root"
APP="$WORK/root/opt/poq"
POQ="$APP/bin/poq"
for f in bin/poq lib/runtime/bin/java lib/app/anvil/anvil; do
  [ -x "$APP/$f" ] && pass "$f is executable" || fail "$f is missing or not executable"
done
for f in lib/app/native/llama/libllama.v0.4.0.so lib/app/native/llama/libggml-base.so \
         lib/app/native/llama/libggml-cpu-x64.so lib/app/native/onnxruntime/libonnxruntime.so \
         lib/app/native/onnxruntime/libonnxruntime4j_jni.so lib/app/native/sqlite/libsqlitejdbc.so \
         lib/app/native/tokenizers/libtokenizers.so lib/app/native/jna/libjnidispatch.so lib/app/libglass.so; do
  [ -f "$APP/$f" ] && pass "$f" || fail "$f is missing"
done
desktop="$(ls "$APP"/lib/*.desktop 2>/dev/null | head -1 || true)"
if [ -n "$desktop" ] && grep -q '^Exec=/opt/poq/bin/poq' "$desktop" && grep -q '^Icon=/opt/poq/lib/poq.png' "$desktop"; then
  pass "desktop entry $(basename "$desktop")"
else
  fail "no desktop entry with Exec=/opt/poq/bin/poq and its icon in lib/ (found: ${desktop:-none})"
fi
[ -f "$APP/lib/poq.png" ] && pass "icon" || fail "lib/poq.png (icon) is missing"
# every library but JavaFX's (GTK is for the GUI only) must link on this machine; ONNX Runtime's JNI
# part asks for libonnxruntime.so.1, which the runtime has loaded already (as libonnxruntime.so)
for so in "$APP"/lib/app/native/*/*.so; do
  missing="$(ldd "$so" 2>&1 | grep 'not found' | grep -v '^\s*libonnxruntime\.so\.1 ' || true)"
  [ -z "$missing" ] && pass "links: $(basename "$so")" || fail "$(basename "$so") lacks: $missing"
done

# --- run it as a user would, in a clean environment
mkdir -p "$WORK/home" "$WORK/xdg" "$WORK/tmp"
touch "$WORK/stamp"
run_poq() {
  # run_poq [VAR=value ...] -- ARGS...
  # JAVA_TOOL_OPTIONS reaches every JVM, the inference worker too: anything unpacked at run time
  # lands in this test's own temp and home folders, where it is looked for below, not in a shared /tmp
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env -i PATH=/usr/bin:/bin HOME="$WORK/home" XDG_DATA_HOME="$WORK/xdg" LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$WORK/tmp -Duser.home=$WORK/home" "${envs[@]}" "$POQ" "$@"
}

if run_poq -- doctor > "$WORK/doctor.out" 2> "$WORK/doctor.err"; then pass "poq doctor exits 0"; else fail "poq doctor exited $?"; fi
cat "$WORK/doctor.out"
grep -q ' 0 failed' "$WORK/doctor.out" || fail "doctor reported a failure"
for lib in sqlite onnxruntime tokenizers; do
  grep -q "native from $APP/lib/app/native/$lib/" "$WORK/doctor.out" && pass "doctor: $lib from the package" \
    || fail "doctor: $lib did not load from $APP/lib/app/native/$lib"
done
# llama.cpp is a folder of libraries (libllama, libggml*, one libggml-cpu per CPU family), named as a folder
grep -q "^OK    llama.cpp .*libraries from $APP/lib/app/native/llama\$" "$WORK/doctor.out" && pass "doctor: llama.cpp from the package" \
  || fail "doctor: llama.cpp did not load from $APP/lib/app/native/llama"
grep -q "anvil node .* at $APP/lib/app/anvil/anvil" "$WORK/doctor.out" && pass "doctor: the bundled anvil" \
  || fail "doctor did not find the bundled anvil"
grep -q "data folder   $WORK/xdg/poq " "$WORK/doctor.out" && pass "doctor: data folder under XDG_DATA_HOME" \
  || fail "doctor's data folder is not $WORK/xdg/poq"

code=0
run_poq POQ_ANVIL="$WORK/no-such-anvil" -- doctor > "$WORK/bad.out" 2>&1 || code=$?
if [ "$code" = 1 ] && grep -q "^FAIL  anvil node .*no-such-anvil does not exist" "$WORK/bad.out" \
   && grep -q "fix: point POQ_ANVIL at the anvil binary" "$WORK/bad.out"; then
  pass "a broken POQ_ANVIL fails with its fix (exit 1)"
else
  fail "a broken POQ_ANVIL: exit $code"; cat "$WORK/bad.out" >&2
fi

if run_poq -- demo "Name a primary colour." > "$WORK/demo.out" 2> "$WORK/demo.err"; then pass "poq demo exits 0"
else fail "poq demo exited $?"; fi
grep -q "finalized: consensus computed, rewards paid" "$WORK/demo.err" && pass "demo: the round finished" \
  || { fail "demo: no finished round"; tail -20 "$WORK/demo.err" >&2; }
grep -q "Task #1: Name a primary colour." "$WORK/demo.out" && pass "demo: the task's answers printed" || fail "demo printed no task"

# --- where things were written
[ -d "$WORK/xdg/poq/models" ] && [ -d "$WORK/xdg/poq/evaluators" ] && pass "data in \$XDG_DATA_HOME/poq" \
  || fail "no models/evaluators under $WORK/xdg/poq"
# The window itself, through GTK on a virtual display, with the same private home and temp folders.
if env PATH=/usr/bin:/bin HOME="$WORK/home" XDG_DATA_HOME="$WORK/xdg" TMPDIR="$WORK/tmp" LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$WORK/tmp -Duser.home=$WORK/home" \
    "$ROOT/app/src/test/scripts/gui-smoke.sh" "$POQ" >"$WORK/gui.out" 2>&1; then
  grep -q "skipped" "$WORK/gui.out" && echo "skip: $(cat "$WORK/gui.out")" || pass "the packaged app opens its window (GTK, Xvfb)"
else
  fail "the packaged app's window: $(cat "$WORK/gui.out")"
fi

written="$(find "$APP" -newer "$WORK/stamp" | head -5)"
[ -z "$written" ] && pass "nothing written inside the installation" || fail "written inside the installation: $written"
# The inference worker gets the launcher's -Dpoq.llama.lib.path (EngineConfig.defaults()),
# so no native library at all is unpacked at run time.
unpacked="$(find "$WORK/tmp" "$WORK/home" -newer "$WORK/stamp" -type f \( -name '*.so' -o -name '*.so.*' -o -name '*jnidispatch*' \) \
  | head -10)"
[ -z "$unpacked" ] && pass "no native library unpacked at run time" \
  || fail "natives unpacked at run time: $unpacked"
[ ! -e "$WORK/home/.openjfx" ] && [ ! -e "$WORK/home/.djl.ai" ] && pass "no ~/.openjfx or ~/.djl.ai cache" \
  || fail "a native cache appeared in the home folder"

if [ "$failures" -gt 0 ]; then
  echo "test-deb: $failures check(s) failed" >&2
  exit 1
fi
echo "test-deb: all checks passed"
