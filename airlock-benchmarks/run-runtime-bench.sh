#!/usr/bin/env bash
# Produces the runtime numbers in docs/benchmarks.md ("Plugin runtime"): hook-call cost against
# bare Chicory, the Extism SDK and V8; a CPU-bound plugin against Java; fresh against pooled
# instances; throughput on 1 and 2 threads; deadline overshoot; cold start in fresh JVMs.
#
#   airlock-benchmarks/run-runtime-bench.sh [jmh] [node] [deadline] [cold]
#
# With no argument it runs every part, in that order, in about 6 minutes. Builds
# airlock-benchmarks/target/benchmarks.jar (and the example plugins) if the jar is missing;
# delete the jar to rebuild after a change. Output: the console, plus under
# airlock-benchmarks/target/: runtime-bench.txt (everything), runtime-jmh.json (JMH's results),
# cold-start.json and cold-start-jdk-aot.json (hyperfine's results).
#
# Needs node (Debian package nodejs), hyperfine, jq and python3 besides the JDK. Uses $JAVA_HOME/bin/java
# when JAVA_HOME is set, else java on the PATH; the numbers in the doc were taken with JDK 25.
# Extra JMH arguments can be given in JMH_ARGS, e.g. JMH_ARGS='-f 3'.
set -euo pipefail

module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
target="$module/target"
jar="$target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
examples="$root/examples/target/classes/dev/airlock/examples"

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(jmh node deadline cold)
for p in "${parts[@]}"; do
  case $p in
    jmh | node | deadline | cold) ;;
    *)
      echo "usage: $0 [jmh] [node] [deadline] [cold]" >&2
      exit 2
      ;;
  esac
done
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 || {
    echo "run-runtime-bench: '$1' not found: install the Debian package '$2'" >&2
    exit 1
  }
}
wants node && need node nodejs
wants cold && need hyperfine hyperfine && need jq jq

if [ ! -f "$jar" ] || [ ! -f "$examples/cpu-burn.wasm" ]; then
  (cd "$root" && mvn -q -pl airlock-benchmarks -am package -Dspotless.check.skip=true -DskipTests)
fi

# JMH 1.37 calls sun.misc.Unsafe, which JDK 24 and later warn about; allow it where the flag exists.
unsafe=()
fork_unsafe=()
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  unsafe=(--sun-misc-unsafe-memory-access=allow)
  fork_unsafe=(-jvmArgsAppend --sun-misc-unsafe-memory-access=allow)
fi

# hyperfine's JSON -> one line per command: median, mean ± σ, min … max, runs.
summarize() {
  jq -r '.results[] | "\(.command)\n    median \(.median * 1000 | round) ms, mean \(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms, min \(.min * 1000 | round) ms, max \(.max * 1000 | round) ms, \(.times | length) runs"' "$1"
}

run_jmh() {
  # shellcheck disable=SC2086  # JMH_ARGS is split on purpose
  "$java" "${unsafe[@]}" -jar "$jar" \
    'dev.airlock.benchmarks.(HookCall|CpuBound|Throughput)Benchmark' \
    -prof gc -foe true "${fork_unsafe[@]}" \
    -rf json -rff "$target/runtime-jmh.json" ${JMH_ARGS:-}
}

run_node() {
  node "$module/node/raw-abi-bench.mjs" "$examples/echo.wasm" echo 1024
  node "$module/node/raw-abi-bench.mjs" "$examples/cpu-burn.wasm" fnv1a 102400
}

run_deadline() {
  "$java" -cp "$jar" dev.airlock.benchmarks.DeadlineOvershoot wall 200 20
  "$java" -cp "$jar" dev.airlock.benchmarks.DeadlineOvershoot cpu 200 20
}

run_cold() {
  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now: $work is local
  trap "rm -rf '$work'" RETURN
  cp "$examples/echo.wasm" "$work/echo.wasm"
  local cold=("$java" -cp "$jar" dev.airlock.benchmarks.ColdStart)
  # Fill the compile cache once, and show that it holds the module.
  "${cold[@]}" airlock-cache "$work/echo.wasm" "$work/cache"
  echo "compile cache: $(find "$work/cache" -name '*.jar' -printf '%P (%s bytes) ')"
  hyperfine -N --warmup 3 --runs 30 --export-json "$target/cold-start.json" \
    -n jvm "${cold[*]} jvm" \
    -n chicory-aot "${cold[*]} chicory-aot" \
    -n chicory-compile "${cold[*]} chicory-compile $work/echo.wasm" \
    -n airlock-no-cache "${cold[*]} airlock $work/echo.wasm" \
    -n airlock-cache "${cold[*]} airlock-cache $work/echo.wasm $work/cache"
  summarize "$target/cold-start.json"

  # The ratio that target 4 is about, from interleaved pairs: hyperfine runs each command's
  # processes in a row, so a drift of the machine between commands lands in the ratio.
  python3 - "$work" "${cold[@]}" <<'PY'
import statistics, subprocess, sys, time
work, cold = sys.argv[1], sys.argv[2:]
modes = {"chicory-aot": ["chicory-aot"],
         "airlock-cache": ["airlock-cache", work + "/echo.wasm", work + "/cache"]}
def run(mode):
    t0 = time.perf_counter()
    subprocess.run(cold + modes[mode], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0
for _ in range(3):
    run("chicory-aot"); run("airlock-cache")
aot, ours, ratios = [], [], []
for i in range(40):
    order = ["chicory-aot", "airlock-cache"] if i % 2 == 0 else ["airlock-cache", "chicory-aot"]
    t = {m: run(m) for m in order}
    aot.append(t["chicory-aot"]); ours.append(t["airlock-cache"])
    ratios.append(t["airlock-cache"] / t["chicory-aot"])
q = statistics.quantiles(ratios, n=4)
print("interleaved, 40 pairs: chicory-aot median %.0f ms, airlock-cache median %.0f ms,"
      " ratio of pairs median %.2f (quartiles %.2f-%.2f)"
      % (statistics.median(aot) * 1e3, statistics.median(ours) * 1e3,
         statistics.median(ratios), q[0], q[2]))
PY

  # The same two with the JDK's own AOT cache (JEP 483/514), trained by one run each: what a
  # host can add on top, for either side.
  local aot=("$java" -XX:AOTCacheOutput="$work/chicory.aot" -cp "$jar")
  "${aot[@]}" dev.airlock.benchmarks.ColdStart chicory-aot >/dev/null 2>&1
  aot=("$java" -XX:AOTCacheOutput="$work/airlock.aot" -cp "$jar")
  "${aot[@]}" dev.airlock.benchmarks.ColdStart airlock-cache "$work/echo.wasm" "$work/cache" \
    >/dev/null 2>&1
  hyperfine -N --warmup 3 --runs 30 --export-json "$target/cold-start-jdk-aot.json" \
    -n chicory-aot+jdk-aot \
    "$java -XX:AOTCache=$work/chicory.aot -cp $jar dev.airlock.benchmarks.ColdStart chicory-aot" \
    -n airlock-cache+jdk-aot \
    "$java -XX:AOTCache=$work/airlock.aot -cp $jar dev.airlock.benchmarks.ColdStart airlock-cache $work/echo.wasm $work/cache"
  summarize "$target/cold-start-jdk-aot.json"
}

{
  echo "commit: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u)"
  echo "memory: $(awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) GiB"
  echo "kernel: $(uname -sr)"
  "$java" -version 2>&1
  if wants node; then echo "node $(node --version), V8 $(node -p process.versions.v8)"; fi
  if wants cold; then hyperfine --version; fi
  echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  start=$SECONDS
  for p in "${parts[@]}"; do
    echo
    echo "=== $p (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
    "run_$p"
  done
  echo
  echo "done in $((SECONDS - start)) s; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
} 2>&1 | tee "$target/runtime-bench.txt"
