#!/usr/bin/env bash
# Produces the admin-server numbers in docs/benchmarks.md ("Admin server"): wrk on loopback against
# POST /api/v1/plugins/echo/invoke/echo (bearer token, 13-byte body) and, in the same run and JVM,
# a bare Javalin endpoint that does nothing; then enable/disable round trips.
#
#   airlock-benchmarks/run-server-bench.sh [seconds] [fresh|pooled]
#
# Defaults: 10 s per measurement, the host's default isolation (fresh: a new instance per call).
#
# Needs wrk (Debian package wrk). Builds airlock-server's test classes if missing. Output: the
# console and airlock-benchmarks/target/server-bench.txt.
set -euo pipefail
module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
secs=${1:-10}
isolation=${2:-fresh}
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v wrk >/dev/null || { echo "run-server-bench: wrk not found: apt-get install wrk" >&2; exit 1; }
server="$root/airlock-server"
mkdir -p "$module/target"
out="$module/target/server-bench.txt"
if [ ! -f "$server/target/test-classes/dev/airlock/server/ServerBenchTarget.class" ] ||
  [ ! -f "$server/target/bench-classpath.txt" ]; then
  # One reactor run, so the sibling modules resolve to their target/classes (nothing installed).
  (cd "$root" && mvn -q -pl airlock-server -am test-compile dependency:build-classpath \
    -Dspotless.check.skip=true -Dmdep.outputFile=target/bench-classpath.txt)
fi
cp="$server/target/classes:$server/target/test-classes:$(cat "$server/target/bench-classpath.txt")"
# The reactor's own modules, freshly built, win over any installed copies.
for m in airlock-core airlock-catalog airlock-oci airlock-examples:examples airlock-testing; do
  dir=${m#*:}; [ "$dir" = "$m" ] && dir=$m
  cp="$root/$dir/target/classes:$cp"
done
log=$(mktemp)
"$java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$cp" dev.airlock.server.ServerBenchTarget "$isolation" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log" "$lua_invoke" "$lua_noop" "$lua_toggle"' EXIT
for _ in $(seq 1 120); do grep -q '^READY' "$log" && break; sleep 0.5; done
read -r _ aport bport token < <(grep '^READY' "$log")
lua_invoke=$(mktemp --suffix=.lua); lua_noop=$(mktemp --suffix=.lua); lua_toggle=$(mktemp --suffix=.lua)
cat >"$lua_invoke" <<LUA
wrk.method = "POST"
wrk.body = "hello, plugin"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
# The same request (headers and body) goes to both: only the endpoint differs.
cp "$lua_invoke" "$lua_noop"
cat >"$lua_toggle" <<LUA
local n = 0
request = function()
  n = n + 1
  local verb = (n % 2 == 0) and "enable" or "disable"
  return wrk.format("POST", "/api/v1/plugins/echo/" .. verb,
    { ["Authorization"] = "Bearer $token" }, "")
end
LUA
run() { # label, wrk args...
  local label=$1; shift
  echo "== $label: wrk $*" | tee -a "$out"
  wrk "$@" | tee -a "$out"
}
: >"$out"
echo "JVM: $("$java" -version 2>&1 | head -1); cores: $(nproc); isolation: $isolation" | tee -a "$out"
# Warm both up, then alternate so drift affects both alike.
wrk -t1 -c4 -d5s -s "$lua_noop" "http://127.0.0.1:$bport/noop" >/dev/null
wrk -t1 -c4 -d5s -s "$lua_invoke" "http://127.0.0.1:$aport/api/v1/plugins/echo/invoke/echo" >/dev/null
for round in 1 2; do
  run "bare Javalin no-op (round $round)" -t1 -c8 -d"${secs}s" --latency -s "$lua_noop" "http://127.0.0.1:$bport/noop"
  run "airlock invoke echo (round $round)" -t1 -c8 -d"${secs}s" --latency -s "$lua_invoke" "http://127.0.0.1:$aport/api/v1/plugins/echo/invoke/echo"
done
run "enable/disable round trips (one client)" -t1 -c1 -d"${secs}s" --latency -s "$lua_toggle" "http://127.0.0.1:$aport"
echo "ratios (airlock / bare, requests/s):" | tee -a "$out"
# Pair each round's bare and Airlock figures: "bare round N" comes before "airlock round N".
grep -E '^== (bare|airlock)|^Requests/sec' "$out" | paste - - |
  awk '/bare Javalin/ {b=$NF} /airlock invoke/ {printf "  round: airlock %s / bare %s = %.2f\n", $NF, b, $NF/b}' |
  tee -a "$out"
