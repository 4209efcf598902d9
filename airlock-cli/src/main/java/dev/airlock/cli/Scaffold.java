package dev.airlock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files of a new plugin project, by relative path; {@code NAME} and {@code ABI} filled in. */
final class Scaffold {
  static final String VERSION = "0.1.0";
  static final String HOOK = "handle";

  private Scaffold() {}

  static Map<String, byte[]> files(String name, String abi) throws IOException {
    String header = abi.equals("extism") ? "airlock_extism.h" : "airlock_raw.h";
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("README.md", text(README, name, abi));
    out.put("airlock.toml", text(TOML, name, abi));
    out.put("build.sh", text(BUILD, name, abi));
    out.put(".gitignore", "build/\n*.tar.gz\n".getBytes(StandardCharsets.UTF_8));
    out.put("src/" + name + ".c", text(abi.equals("extism") ? EXTISM_C : RAW_C, name, abi));
    out.put("include/" + header, header(header));
    return out;
  }

  private static byte[] header(String file) throws IOException {
    try (InputStream in =
        Scaffold.class.getResourceAsStream("/dev/airlock/examples/include/" + file)) {
      if (in == null) {
        throw new IOException("the example header " + file + " is missing from this build");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] text(String template, String name, String abi) {
    return template
        .replace("@NAME@", name)
        .replace("@ABI@", abi)
        .replace("@VERSION@", VERSION)
        .replace("@HOOK@", HOOK)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final String TOML =
      """
      # The plugin this project builds. build.sh and the pack command in README.md use these values.
      [plugin]
      name = "@NAME@"
      version = "@VERSION@"
      abi = "@ABI@"
      hooks = ["@HOOK@"]
      """;

  private static final String BUILD =
      """
      #!/bin/sh
      # Builds build/@NAME@.wasm from src/@NAME@.c with clang for wasm32-wasi.
      # Debian: apt-get install clang lld wasi-libc libclang-rt-<clang major>-dev-wasm32
      set -eu
      cd "$(dirname "$0")"
      CLANG=${CLANG:-clang}
      if ! command -v "$CLANG" >/dev/null 2>&1; then
        echo "build.sh: '$CLANG' not found: install clang, lld and wasi-libc" >&2
        exit 1
      fi
      mkdir -p build
      # reactor: no main; the host calls _initialize, then the hooks.
      "$CLANG" --target=wasm32-wasi -mexec-model=reactor -O2 -std=c11 -Wall -Wextra -Werror \\
        -Iinclude -Wl,--strip-all -o build/@NAME@.wasm src/@NAME@.c
      echo "built build/@NAME@.wasm"
      """;

  private static final String RAW_C =
      """
      /*
       * @NAME@: an Airlock plugin (raw ABI). Hook `@HOOK@` answers "@NAME@: " followed by
       * its input. See include/airlock_raw.h for the host functions (log, kv, config).
       */
      #include "airlock_raw.h"

      static const char PREFIX[] = "@NAME@: ";

      AIRLOCK_HOOK("@HOOK@")
      uint64_t @HOOK@(const uint8_t *in, uint32_t len) {
        uint32_t n = (uint32_t)(sizeof PREFIX - 1);
        uint8_t *out = malloc(n + len);
        if (out == NULL) {
          return 0;
        }
        memcpy(out, PREFIX, n);
        memcpy(out + n, in, len);
        return airlock_return(out, n + len);
      }
      """;

  private static final String EXTISM_C =
      """
      /*
       * @NAME@: an Airlock plugin (Extism ABI). Export `@HOOK@` answers "@NAME@: " followed
       * by its input. See include/airlock_extism.h for config, vars and logging.
       */
      #include "airlock_extism.h"

      static const char PREFIX[] = "@NAME@: ";

      AX_EXPORT("@HOOK@")
      int32_t @HOOK@(void) {
        size_t len;
        char *in = ax_input(&len);
        size_t n = sizeof PREFIX - 1;
        char *out = in == NULL ? NULL : malloc(n + len);
        if (out == NULL) {
          free(in);
          ax_error("out of memory");
          return 1;
        }
        memcpy(out, PREFIX, n);
        memcpy(out + n, in, len);
        ax_output(out, n + len);
        free(out);
        free(in);
        return 0;
      }
      """;

  private static final String README =
      """
      # @NAME@

      An Airlock plugin in C (@ABI@ ABI), made by `airlock new`.

      - `src/@NAME@.c`: the hook `@HOOK@`
      - `include/`: the Airlock ABI header
      - `airlock.toml`: name, version, ABI and hooks
      - `build.sh`: clang for wasm32-wasi (Debian: `apt-get install clang lld wasi-libc`)

      Next, from this directory:

      ```sh
      ./build.sh
      airlock pack --wasm build/@NAME@.wasm --name @NAME@ --version @VERSION@ --hooks @HOOK@ --abi @ABI@ --out .
      printf world | airlock run @NAME@-@VERSION@.tar.gz --hook @HOOK@ --input -
      ```

      The last command prints `@NAME@: world`. Sign with `airlock keygen` and `pack --key`;
      publish with `airlock catalog add`.
      """;
}
