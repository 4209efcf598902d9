#!/usr/bin/env bash
# Evidence for the airlock-core hot-path changes of commit d32176a ("Runtime hot path: …"), which
# are the three patches here (1-call-state, 2-watchdog, 3-pool-copies-lazy-http). Never touches
# the tree: it copies airlock-core's sources to a temporary directory, takes the patches out again
# (last first) to get the code before them, then puts them back one after another, compiles each
# step, and runs the same benchmarks with each step's classes ahead of the jar's:
#
#   - HookCallBenchmark (bare Chicory, Airlock raw and Extism ABI, fresh and pooled), with -prof gc
#   - ThroughputBenchmark, echo pooled on 1 and 2 threads (before, and with all three)
#   - ColdStart airlock-cache (and chicory-aot beside it) under hyperfine
#
# Usage: airlock-benchmarks/experiments/run-core-patch-experiment.sh
# Takes about 9 minutes. Output: the console and airlock-benchmarks/target/core-patch-*.{txt,json}.
# When airlock-core has moved on since, a patch may no longer come out or go back in cleanly, and
# the script says which. (If the tree does not contain them, it applies them to the tree as is.)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
root=$(dirname "$module")
target="$module/target"
jar="$target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
examples="$root/examples/target/classes/dev/airlock/examples"
steps=(1-call-state 2-watchdog 3-pool-copies-lazy-http)

command -v hyperfine >/dev/null || {
  echo "install the Debian package 'hyperfine'" >&2
  exit 1
}
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -pl airlock-benchmarks -am package -Dspotless.check.skip=true -DskipTests)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/airlock-core/src/main"
cp -r "$root/airlock-core/src/main/java" "$work/airlock-core/src/main/"
rm -f "$work/airlock-core/src/main/java/module-info.java" # compiled for the class path
(cd "$root" && mvn -q -pl airlock-core dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null)

# The code before the changes: take them out, last first, when the tree has them.
if patch -p1 -R -s --dry-run -d "$work" <"$here/${steps[-1]}.patch" >/dev/null 2>&1; then
  for ((i = ${#steps[@]} - 1; i >= 0; i--)); do
    patch -p1 -R -s -d "$work" <"$here/${steps[i]}.patch" || {
      echo "${steps[i]}.patch does not come out of airlock-core cleanly any more" >&2
      exit 1
    }
  done
fi
mkdir -p "$work/classes-before"
"$javac" -nowarn --release 21 -d "$work/classes-before" -cp "$(cat "$work/cp")" \
  $(find "$work/airlock-core/src/main/java" -name '*.java') 2>&1 | grep -v '^Note:' || true

for step in "${steps[@]}"; do
  if ! patch -p1 -s -d "$work" <"$here/$step.patch"; then
    echo "$step.patch no longer applies to airlock-core; see docs/benchmarks.md" >&2
    exit 1
  fi
  mkdir -p "$work/classes-$step"
  "$javac" -nowarn --release 21 -d "$work/classes-$step" -cp "$(cat "$work/cp")" \
    $(find "$work/airlock-core/src/main/java" -name '*.java') 2>&1 | grep -v '^Note:' || true
  [ -f "$work/classes-$step/dev/airlock/runtime/Plugin.class" ] || {
    echo "airlock-core does not compile after $step.patch" >&2
    exit 1
  }
done

unsafe=(--sun-misc-unsafe-memory-access=allow)
{
  echo "commit: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  for variant in before "${steps[@]}"; do
    cp="$work/classes-$variant:$jar"
    echo
    echo "=== $variant (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
    "$java" "${unsafe[@]}" -cp "$cp" org.openjdk.jmh.Main \
      'HookCallBenchmark.(airlockRaw|airlockExtism|bareChicory)$' \
      -prof gc -foe true -jvmArgsAppend "${unsafe[*]}" \
      -rf json -rff "$target/core-patch-$variant.json" |
      sed -n '/^Benchmark /,$p' | grep -v 'gc.count\|gc.time\|alloc.rate '
  done

  last="$work/classes-${steps[-1]}:$jar"
  for variant in before "${steps[-1]}"; do
    cp="$work/classes-$variant:$jar"
    echo
    echo "=== throughput, echo pooled, $variant (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
    "$java" "${unsafe[@]}" -cp "$cp" org.openjdk.jmh.Main \
      'ThroughputBenchmark.airlock(1Thread|2Threads)$' -p hook=echo -p isolation=POOLED \
      -foe true -jvmArgsAppend "${unsafe[*]}" \
      -rf json -rff "$target/core-patch-throughput-$variant.json" |
      sed -n '/^Benchmark /,$p'
  done

  echo
  echo "=== cold start, compile cache filled (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
  cp "$examples/echo.wasm" "$work/echo.wasm"
  "$java" -cp "$jar" dev.airlock.benchmarks.ColdStart airlock-cache "$work/echo.wasm" "$work/cache"
  hyperfine -N --warmup 3 --runs 20 --export-json "$target/core-patch-cold-start.json" \
    -n chicory-aot "$java -cp $jar dev.airlock.benchmarks.ColdStart chicory-aot" \
    -n airlock-cache-before \
    "$java -cp $work/classes-before:$jar dev.airlock.benchmarks.ColdStart airlock-cache $work/echo.wasm $work/cache" \
    -n airlock-cache-after \
    "$java -cp $last dev.airlock.benchmarks.ColdStart airlock-cache $work/echo.wasm $work/cache"
} 2>&1 | tee "$target/core-patch-experiment.txt"
