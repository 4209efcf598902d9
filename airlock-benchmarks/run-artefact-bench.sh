#!/usr/bin/env bash
# Produces the "Artefact load + verify" numbers in docs/benchmarks.md.
#
# Builds airlock-benchmarks/target/benchmarks.jar if it is missing (delete it to rebuild after a
# change), prints the machine it runs on, then runs ArtefactLoadBenchmark with JMH's GC profiler.
# Output: the console, plus target/artefact-bench.txt (everything) and target/artefact-bench.json
# (JMH's machine-readable results) under airlock-benchmarks/. Takes about three minutes.
#
# Uses $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH; the numbers in the doc
# were taken with JDK 25. Extra arguments go to JMH, e.g. `-p sizeMiB=5` for one size only.
set -euo pipefail

module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
jar="$module/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -pl airlock-benchmarks -am package -Dspotless.check.skip=true -DskipTests)
fi

# JMH 1.37 calls sun.misc.Unsafe, which JDK 24 and later warn about; allow it where the flag exists.
unsafe=()
fork_unsafe=()
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  unsafe=(--sun-misc-unsafe-memory-access=allow)
  fork_unsafe=(-jvmArgsAppend --sun-misc-unsafe-memory-access=allow)
fi

{
  echo "commit: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u)"
  echo "kernel: $(uname -sr)"
  "$java" -version 2>&1
  gzip --version | head -n 1
  sha256sum --version | head -n 1
  echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo
  set -x
  "$java" "${unsafe[@]}" -jar "$jar" 'dev.airlock.benchmarks.ArtefactLoadBenchmark' \
    -prof gc -foe true "${fork_unsafe[@]}" \
    -rf json -rff "$module/target/artefact-bench.json" "$@"
} 2>&1 | tee "$module/target/artefact-bench.txt"
