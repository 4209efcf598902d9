package dev.airlock.oci;

import java.util.List;
import java.util.Optional;

/**
 * Picks the entry of an image index to use: an exact match for the host's os/arch is a native
 * plugin; otherwise a {@code wasip1}/{@code wasi} + {@code wasm} entry is a wasm plugin; {@code
 * wasip2} components are refused; {@code --platform} overrides the host.
 */
final class PlatformSelector {
  /** The chosen entry and whether it is native code. */
  record Choice(Descriptor descriptor, Platform platform, boolean nativeCode) {}

  private PlatformSelector() {}

  static Choice select(OciManifest index, Platform host, Optional<Platform> wanted, String where)
      throws OciException {
    List<Descriptor> ms = index.manifests();
    if (wanted.isPresent()) {
      Platform w = wanted.get();
      for (Descriptor d : ms) {
        if (d.platform().isPresent() && matches(d.platform().get(), w)) {
          return new Choice(d, d.platform().get(), !w.isWasm());
        }
      }
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          "Image index "
              + where
              + " contains no manifest for the platform "
              + w
              + " (it offers: "
              + offered(ms)
              + ")");
    }
    for (Descriptor d : ms) {
      if (d.platform().isPresent()
          && !d.platform().get().isWasm()
          && matches(d.platform().get(), host)) {
        return new Choice(d, d.platform().get(), true);
      }
    }
    for (String os : List.of("wasip1", "wasi")) {
      for (Descriptor d : ms) {
        Optional<Platform> p = d.platform();
        if (p.isPresent() && p.get().isWasm() && p.get().os().equals(os)) {
          return new Choice(d, p.get(), false);
        }
      }
    }
    if (ms.stream().anyMatch(d -> d.platform().map(p -> p.os().equals("wasip2")).orElse(false))) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          "Image index "
              + where
              + " offers only wasip2 components ("
              + offered(ms)
              + "); Airlock runs wasip1 core modules, not components");
    }
    throw new OciException(
        OciException.Kind.UNSUPPORTED,
        "Image index contains no manifest for the host platform ("
            + host.os()
            + "/"
            + host.architecture()
            + ") and no wasi/wasm fallback was found.");
  }

  private static boolean matches(Platform p, Platform want) {
    return p.os().equals(want.os())
        && p.architecture().equals(want.architecture())
        && (want.variant().isEmpty() || want.variant().equals(p.variant()));
  }

  private static String offered(List<Descriptor> ms) {
    return String.join(
        ", ", ms.stream().map(d -> d.platform().map(Platform::toString).orElse("?")).toList());
  }
}
