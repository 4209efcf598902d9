# shellcheck shell=bash
# What ./airlock and ./build need from the machine: a JDK >= 21 (AIRLOCK_JAVA_HOME), Maven,
# and the Debian packages the build and tests drive. Sourced by both.
# Order: $JAVA_HOME, the java on PATH, then /usr/lib/jvm/* newest first.

AIRLOCK_MIN_JAVA=21

airlock_java_major() {
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  case $v in '' | *[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

airlock_find_jdk() {
  local candidates=() seen=" " found=() home major real
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    real=$(readlink -f "$(command -v java)")
    candidates+=("$(dirname "$(dirname "$real")")")
  fi
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r home; do candidates+=("$home"); done < <(
      for d in /usr/lib/jvm/*/; do
        d=${d%/}
        [ -x "$d/bin/java" ] && echo "$(airlock_java_major "$d") $d"
      done | sort -rn | cut -d' ' -f2-)
  fi
  for home in "${candidates[@]}"; do
    real=$(readlink -f "$home" 2>/dev/null || echo "$home")
    case $seen in *" $real "*) continue ;; esac
    seen="$seen$real "
    if [ ! -x "$home/bin/java" ]; then
      found+=("$home (no bin/java)")
      continue
    fi
    major=$(airlock_java_major "$home")
    if [ "$major" -lt "$AIRLOCK_MIN_JAVA" ]; then
      found+=("$home (Java $major)")
    elif [ ! -x "$home/bin/javac" ]; then
      found+=("$home (Java $major, a JRE without javac)")
    else
      AIRLOCK_JAVA_HOME=$home
      return 0
    fi
  done
  {
    echo "error: Airlock needs a JDK $AIRLOCK_MIN_JAVA or newer, and found none."
    if [ ${#found[@]} -eq 0 ]; then
      echo "  looked at \$JAVA_HOME, java on PATH and /usr/lib/jvm/*: nothing there"
    else
      echo "  looked at \$JAVA_HOME, java on PATH and /usr/lib/jvm/*; found:"
      printf '    %s\n' "${found[@]}"
    fi
    echo "  install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME to it"
  } >&2
  return 1
}

# Maven: the one on PATH, else Debian's package when we may install it.
airlock_find_maven() {
  if command -v mvn >/dev/null 2>&1; then
    return 0
  fi
  echo "airlock: Maven is not installed; installing Debian's 'maven' package" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && $sudo apt-get install -y -q maven >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q maven >/dev/null 2>&1; }; then
    return 0
  fi
  echo "error: Maven (mvn) is needed to build Airlock; install it (apt-get install maven)" >&2
  return 1
}

airlock_maven_env() {
  export JAVA_HOME=$AIRLOCK_JAVA_HOME
  export PATH="$AIRLOCK_JAVA_HOME/bin:$PATH"
  # Maven's own libraries call sun.misc.Unsafe; JDK 23+ warns about it on every run.
  if [ "$(airlock_java_major "$AIRLOCK_JAVA_HOME")" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in
      *unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

# Debian packages, installed when missing (as root, or with sudo). `airlock_need_packages build`
# installs what building needs (the CLI, ./airlock), `airlock_need_packages test` adds what the
# tests drive. cmd:pkg pairs: a command on PATH, or an absolute path (a glob) a package installs.
# Build:
#   make, clang, lld, wasi-libc,
#   libclang-rt-14-dev-wasm32     build the example plugins from C (examples/Makefile)
# Tests:
#   openssl                       real-openssl interoperability tests
#   git                           catalog: git+https:// install sources (tests make real repos)
#   nodejs, npm                   npm sigstore + @sigstore/mock interop; playwright-core
#   docker-registry, skopeo,
#   apache2-utils (htpasswd)      airlock-oci integration tests: a real registry, interop, bcrypt
#   postgresql                    the admin server's tests on a real PostgreSQL
#   chromium                      the dashboard's browser test (headless)
#   wrk                           the admin server's load benchmark (./build bench server)
AIRLOCK_BUILD_PACKAGES=(make:make clang:clang wasm-ld:lld
  /usr/lib/wasm32-wasi/libc.a:wasi-libc
  '/usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a:libclang-rt-14-dev-wasm32')
AIRLOCK_TEST_PACKAGES=(openssl:openssl git:git node:nodejs npm:npm
  /usr/bin/docker-registry:docker-registry skopeo:skopeo htpasswd:apache2-utils
  '/usr/lib/postgresql/*/bin/initdb:postgresql' chromium:chromium wrk:wrk)
airlock_need_packages() {
  local missing=() cmd pkg pair pairs=("${AIRLOCK_BUILD_PACKAGES[@]}")
  [ "${1:-test}" = test ] && pairs+=("${AIRLOCK_TEST_PACKAGES[@]}")
  for pair in "${pairs[@]}"; do
    cmd=${pair%%:*} pkg=${pair#*:}
    case $cmd in
      /*) compgen -G "$cmd" >/dev/null || missing+=("$pkg") ;;
      *) command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "airlock: installing Debian packages ${missing[*]} (needed to ${1:-test})" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; }; then
    echo "error: could not install ${missing[*]}; install them with apt-get and retry" >&2
    return 1
  fi
}
