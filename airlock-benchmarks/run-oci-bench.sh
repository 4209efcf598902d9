#!/usr/bin/env bash
# Produces the "OCI push and pull" numbers in docs/benchmarks.md.
#
# Starts Debian's docker-registry (plain http, 127.0.0.1, a free port, storage in a temp dir) and,
# for the echo example as built (size 0), a 5 MiB and a 50 MiB plugin, times in the same run
# against the same registry:
#   - skopeo copy OCI layout -> registry (push) and registry -> OCI layout (pull), hyperfine;
#   - the airlock CLI: push, and pull into an empty cache (whole process, JVM start included);
#   - the library in one warm JVM (what a host embedding Airlock sees): push, pull, and a cached
#     digest-pinned pull (max(20, 1000/MiB) times; registry requests counted by the client).
# Every push sends new content (a fresh random custom section), so no blob is skipped or mounted.
# Also counts the registry's access-log lines during a cached digest-pinned `airlock pull`.
# Output: the console and airlock-benchmarks/target/oci-bench.txt. Takes about five minutes.
# Needs docker-registry, skopeo, hyperfine, python3; RUNS (default 5) sets hyperfine's runs.
# SIZES (default "0 5 50") picks the plugin sizes in MiB.
set -euo pipefail

module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
jar="$module/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
runs=${RUNS:-5}
# Registry storage, layouts, caches and temp files in memory (tmpfs) when there is one: otherwise
# the disk's writeback of the last run's hundreds of MiB lands on whichever client runs next, and
# that, not the client, decides the ratio (seen: the same library push 267 ms on a fresh registry,
# 415 ms after 700 MiB more had been written).
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -pl airlock-benchmarks -am package -Dspotless.check.skip=true -DskipTests)
fi
"$root/airlock" --version >/dev/null # builds the CLI when it is stale
# Then the jar itself, so no timed run pays for the launcher's staleness check.
cli="$java -jar $root/airlock-cli/target/airlock-cli.jar"

# shellcheck source=airlock-benchmarks/registry.sh
. "$module/registry.sh"
bench_registry info
bench() { "$java" -Djava.io.tmpdir="${TMPDIR:-/tmp}" -cp "$jar" dev.airlock.benchmarks.OciBench "$@"; }
hf() { hyperfine --style basic --runs "$runs" --export-json "$work/$1.json" "${@:2}" >/dev/null; }
mean() { python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['mean'])" "$work/$1.json"; }

{
  echo "commit: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u)"
  "$java" -version 2>&1 | head -n 1
  skopeo --version
  docker-registry --version
  echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "work directory: $work ($(df --output=fstype "$work" | tail -n 1))"
  for size in ${SIZES:-0 5 50}; do
    echo
    echo "== ${size} MiB plugin =="
    bench run "$host" "$size" "$runs"
    hf skopeo-push-$size --prepare "rm -rf $work/l && $java -cp $jar dev.airlock.benchmarks.OciBench layout $size $work/l" \
      "skopeo --insecure-policy copy -q --dest-tls-verify=false oci:$work/l:1 docker://$host/bench/sk-$size:1"
    hf cli-push-$size --prepare "$java -cp $jar dev.airlock.benchmarks.OciBench artefact $size $work/a.tar.gz" \
      "$cli push $work/a.tar.gz oci://$host/bench/cli-$size:1"
    bench artefact "$size" "$work/p.tar.gz"
    $cli push "$work/p.tar.gz" "oci://$host/bench/pull-$size:1" >/dev/null 2>&1
    hf skopeo-pull-$size --prepare "rm -rf $work/o" \
      "skopeo --insecure-policy copy -q --src-tls-verify=false docker://$host/bench/pull-$size:1 oci:$work/o:1"
    hf cli-pull-$size --prepare "rm -rf $work/c $work/out.tar.gz" \
      "$cli pull oci://$host/bench/pull-$size:1 --cache-dir $work/c -o $work/out.tar.gz"
    echo "skopeo push (layout -> registry) mean_s=$(mean skopeo-push-$size)"
    echo "airlock CLI push mean_s=$(mean cli-push-$size)"
    echo "skopeo pull (registry -> layout) mean_s=$(mean skopeo-pull-$size)"
    echo "airlock CLI pull (empty cache) mean_s=$(mean cli-pull-$size)"
  done
  echo
  echo "== cached digest-pinned pull through the CLI =="
  digest=$($cli pull "oci://$host/bench/pull-5:1" --cache-dir "$work/warm" --json 2>/dev/null |
    tail -n 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
  before=$(grep -c '"GET /v2\|"HEAD /v2' "$work/registry.log" || true)
  hf cli-cached --warmup 1 "$cli pull oci://$host/bench/pull-5@$digest --cache-dir $work/warm"
  after=$(grep -c '"GET /v2\|"HEAD /v2' "$work/registry.log" || true)
  echo "airlock CLI cached pinned pull mean_s=$(mean cli-cached) registry_requests=$((after - before))"
} 2>&1 | tee "$module/target/oci-bench.txt"
