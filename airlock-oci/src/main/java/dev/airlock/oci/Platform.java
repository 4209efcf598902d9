package dev.airlock.oci;

import java.util.Locale;
import java.util.Optional;

/**
 * A platform in an image index: os, architecture and an optional variant.
 *
 * @param os e.g. {@code linux}, {@code wasip1}
 * @param architecture e.g. {@code amd64}, {@code wasm}
 * @param variant e.g. {@code v8}, or empty
 */
public record Platform(String os, String architecture, Optional<String> variant) {
  /** The platform of Airlock's wasm plugins. */
  public static final Platform WASIP1 = new Platform("wasip1", "wasm", Optional.empty());

  /** Checks for blanks. */
  public Platform {
    if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
      throw new IllegalArgumentException("platform needs an os and an architecture");
    }
    variant = variant == null ? Optional.empty() : variant;
  }

  /**
   * Parses {@code os/arch[/variant]}.
   *
   * @param text the platform
   * @return the platform
   * @throws IllegalArgumentException when not of that form
   */
  public static Platform parse(String text) {
    String[] p = text == null ? new String[0] : text.split("/", -1);
    if (p.length < 2 || p.length > 3 || p[0].isBlank() || p[1].isBlank()) {
      throw new IllegalArgumentException(
          "--platform should be os/arch or os/arch/variant (e.g. wasip1/wasm), got '" + text + "'");
    }
    return new Platform(p[0], p[1], p.length == 3 ? Optional.of(p[2]) : Optional.empty());
  }

  /**
   * The platform this JVM runs on, in OCI names ({@code linux/amd64}, {@code darwin/arm64}).
   *
   * @return the host platform
   */
  public static Platform host() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o =
        os.startsWith("linux")
            ? "linux"
            : os.startsWith("mac") || os.startsWith("darwin")
                ? "darwin"
                : os.startsWith("windows") ? "windows" : os;
    String a =
        switch (arch) {
          case "x86_64", "amd64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "x86", "i386", "i686" -> "386";
          default -> arch;
        };
    return new Platform(o, a, Optional.empty());
  }

  /**
   * Whether this is a WebAssembly platform ({@code wasm} architecture).
   *
   * @return true for wasm
   */
  public boolean isWasm() {
    return "wasm".equals(architecture);
  }

  /** {@code os/arch[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
