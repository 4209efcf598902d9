# shellcheck shell=bash
# Sourced by the OCI benchmark scripts: starts Debian's docker-registry on 127.0.0.1 and a free
# port, plain http, storage in a temp dir, and stops it (and removes the dir) when the script exits.
#   bench_registry LOG_LEVEL   sets work (the temp dir), port, host (127.0.0.1:port), registry (pid)
bench_registry() {
  work=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$work/config.yml" <<YML
version: 0.1
log:
  level: $1
storage:
  filesystem:
    rootdirectory: $work/data
http:
  addr: 127.0.0.1:$port
  secret: bench
YML
  /usr/bin/docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
  registry=$!
  trap 'kill $registry 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  host=127.0.0.1:$port
}
