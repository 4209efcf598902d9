package dev.airlock.artefact;

import java.util.Locale;

/** The calling convention a plugin module uses with its host. */
public enum Abi {
  /** HeliosDB Proxy's ABI: {@code alloc}/{@code dealloc} exports, hooks take (ptr, len). */
  RAW("raw"),
  /** Extism's ABI: imports from {@code extism:host/env}, exports are {@code () -> i32}. */
  EXTISM("extism");

  private final String id;

  Abi(String id) {
    this.id = id;
  }

  /**
   * The name used in manifests and on the command line.
   *
   * @return {@code raw} or {@code extism}
   */
  public String id() {
    return id;
  }

  /**
   * Parses an ABI name.
   *
   * @param id {@code raw} or {@code extism}
   * @return the ABI
   * @throws IllegalArgumentException for any other value, naming the allowed ones
   */
  public static Abi of(String id) {
    for (Abi abi : values()) {
      if (abi.id.equals(id)) {
        return abi;
      }
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "abi should be 'raw' or 'extism', got '%s'", id));
  }
}
