#!/usr/bin/env bash
# Produces the "OCI signature verification: per pull" numbers in docs/benchmarks.md.
#
# Starts Debian's docker-registry (plain http, 127.0.0.1, a free port, storage in a temp dir),
# pushes a 1 MiB plugin and signs it with a fresh ECDSA key (cosign legacy .sig), signs its
# manifest keyless with npm sigstore + @sigstore/mock (airlock-sigstore's interop scripts) and
# attaches that bundle as a referrer, then in one warm JVM times, same run, same registry: a pull
# with digests only, a pull under a key policy, a pull under a keyless githubAction policy, and
# the cached (pinned, no network) pull of each, re-verified from the cached signature material.
# Needs docker-registry, node/npm, python3, curl. N (default 30) pulls of each kind.
set -euo pipefail

module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
jar="${JAR:-$module/target/benchmarks.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
n=${N:-30}

if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -pl airlock-benchmarks -am package -Dspotless.check.skip=true -DskipTests)
fi
npmdir="$root/airlock-sigstore/target/npm-interop"
if [ ! -d "$npmdir/node_modules" ]; then
  mkdir -p "$npmdir"
  cp "$root"/airlock-sigstore/src/test/js/{package.json,package-lock.json,generate.js} "$npmdir/"
  (cd "$npmdir" && npm ci --no-audit --no-fund --loglevel=error)
fi

# shellcheck source=airlock-benchmarks/registry.sh
. "$module/registry.sh"
bench_registry error
bench() { "$java" -cp "$jar" dev.airlock.benchmarks.OciSignBench "$@"; }

{
  echo "commit: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc); load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  bench prepare "$host" "$work/s"
  mkdir -p "$work/s/keyless"
  (cd "$npmdir" && node generate.js "$work/s/keyless" "$work/s/manifest.json")
  bench run "$host" "$work/s" "$n"
  echo "load average after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
} | tee "$module/target/oci-sign-bench.txt"
