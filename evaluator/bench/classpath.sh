# Sourced by the bench scripts with $root set to the repository root: compiles evaluator and the modules
# it needs, copies its external (non-org.poq) jars to evaluator/target/bench-lib, and sets $cp to the
# folders of the sibling modules from this checkout's reactor build (their target/classes and
# target/test-classes), never from ~/.m2: nothing is installed, and a stale SNAPSHOT there cannot be
# what gets measured. Java runs with -cp "$cp:target/bench-lib/*" from evaluator/: folders and one
# wildcard, not a long -cp list, because ONNX Runtime 1.29 crashes at start-up when the JVM command line
# is longer than about 4 KB (see docs/evaluator.md).
export DJL_OFFLINE=true
(cd "$root" && mvn -q -B -o -pl evaluator -am test-compile dependency:copy-dependencies \
  -DincludeScope=test -DexcludeGroupIds=org.poq -DoutputDirectory=target/bench-lib)
cp=""
for m in evaluator network core; do
  cp="$cp:$root/$m/target/test-classes:$root/$m/target/classes"
done
cp="${cp#:}"
