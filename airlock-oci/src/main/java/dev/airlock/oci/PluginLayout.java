package dev.airlock.oci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a manifest carries a plugin, decided from media types and annotations alone (before any layer
 * is downloaded). Recognised layouts, in order: Airlock's own (a wasm layer plus our manifest and
 * signature layers), CNCF ({@code application/wasm}), QueryMT ({@code
 * application/vnd.wasm.v1.layer+wasm}), Kubewarden / wasm-to-oci ({@code
 * application/vnd.wasm.content.layer.v1+wasm}), Istio / solo ({@code
 * application/vnd.module.wasm.content.layer.v1+wasm}), a QueryMT {@code mt.query.plugin.type}
 * annotation, ORAS (a layer titled {@code *.wasm}), and the Istio compat variant (a tar+gzip layer
 * holding the target file, {@code plugin.wasm} by default).
 *
 * @param name the layout's name ({@code airlock}, {@code cncf}, {@code querymt}, {@code
 *     kubewarden}, {@code istio}, {@code oras}, {@code istio-compat})
 * @param wasm the layer holding the module
 * @param extraction how the module is taken from that layer
 * @param airlockManifest our {@code manifest.json} layer, for the airlock layout
 * @param signature our {@code plugin.sig} layer, if any
 */
public record PluginLayout(
    String name,
    Descriptor wasm,
    Extraction extraction,
    Optional<Descriptor> airlockManifest,
    Optional<Descriptor> signature) {
  /** How the module is taken from its layer. */
  public enum Extraction {
    /** The layer is the module. */
    RAW,
    /** The layer is a tar+gzip archive holding the target file. */
    TAR_GZIP,
    /** The layer is a plain tar archive holding the target file. */
    TAR
  }

  /** QueryMT's plugin type annotation. */
  public static final String QUERYMT_TYPE = "mt.query.plugin.type";

  /**
   * Decides the layout of a single-image manifest.
   *
   * @param m the manifest
   * @param where the reference, for messages
   * @return the layout
   * @throws OciException ({@link OciException.Kind#UNSUPPORTED}) listing the media types found
   */
  public static PluginLayout of(OciManifest m, String where) throws OciException {
    List<Descriptor> layers = m.layers();
    for (Descriptor d : layers) {
      checkTitle(d, where);
    }
    Optional<Descriptor> ours = first(layers, MediaTypes.AIRLOCK_MANIFEST);
    Optional<Descriptor> sig = first(layers, MediaTypes.AIRLOCK_SIGNATURE);
    if (ours.isPresent()) {
      Descriptor w = only(layers, MediaTypes.WASM, where);
      return new PluginLayout("airlock", w, Extraction.RAW, ours, sig);
    }
    String[][] raw = {
      {MediaTypes.WASM, "cncf"},
      {MediaTypes.WASM_QUERYMT, "querymt"},
      {MediaTypes.WASM_CONTENT_V1, "kubewarden"},
      {MediaTypes.WASM_MODULE_V1, "istio"}
    };
    for (String[] r : raw) {
      if (first(layers, r[0]).isPresent()) {
        return plain(r[1], only(layers, r[0], where), Extraction.RAW);
      }
    }
    String qt = m.annotations().get(QUERYMT_TYPE);
    if (qt != null) {
      if (!qt.equalsIgnoreCase("wasm")) {
        throw new OciException(
            OciException.Kind.UNSUPPORTED,
            where
                + " is a QueryMT plugin of type '"
                + qt
                + "'; Airlock runs only type 'wasm'"
                + " (loading native code needs an explicit opt-in, which is not available)");
      }
      if (layers.size() == 1) {
        return plain("querymt", layers.get(0), extractionOf(layers.get(0)));
      }
    }
    for (Descriptor d : layers) {
      if (d.title().map(t -> t.endsWith(".wasm")).orElse(false)) {
        return plain("oras", d, Extraction.RAW);
      }
    }
    for (Descriptor d : layers) {
      if (MediaTypes.TAR_GZIP.contains(d.mediaType())) {
        return plain("istio-compat", d, Extraction.TAR_GZIP);
      }
      if (MediaTypes.TAR.contains(d.mediaType())) {
        return plain("istio-compat", d, Extraction.TAR);
      }
    }
    Set<String> found = new LinkedHashSet<>();
    m.config().ifPresent(c -> found.add(c.mediaType() + " (config)"));
    layers.forEach(d -> found.add(d.mediaType()));
    throw new OciException(
        OciException.Kind.UNSUPPORTED,
        "Could not determine plugin type of "
            + where
            + ": no layer is a wasm module (media types found: "
            + (found.isEmpty() ? "none" : String.join(", ", found))
            + "); expected a layer of type "
            + String.join(
                ", ",
                List.of(
                    MediaTypes.WASM,
                    MediaTypes.WASM_QUERYMT,
                    MediaTypes.WASM_CONTENT_V1,
                    MediaTypes.WASM_MODULE_V1))
            + ", a layer titled *.wasm, or a tar+gzip layer holding plugin.wasm");
  }

  /**
   * The layout of a native plugin: an image index entry for the host's exact os/arch. Airlock keeps
   * such a plugin as the one file its manifest carries and never loads it (that needs an opt-in
   * Airlock does not offer yet).
   *
   * @param m the image manifest the index entry points to
   * @param platform the entry's platform
   * @param where the reference, for messages
   * @return the layout ({@code native}, the single layer, {@link Extraction#RAW})
   * @throws OciException when the manifest does not have exactly one layer
   */
  public static PluginLayout nativeOf(OciManifest m, Platform platform, String where)
      throws OciException {
    for (Descriptor d : m.layers()) {
      checkTitle(d, where);
    }
    if (m.layers().size() != 1) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          where
              + " resolves to a native plugin for "
              + platform
              + " with "
              + m.layers().size()
              + " layers; Airlock keeps a native plugin as one file, so it needs exactly one layer");
    }
    return plain("native", m.layers().get(0), Extraction.RAW);
  }

  private static Extraction extractionOf(Descriptor d) {
    return MediaTypes.TAR_GZIP.contains(d.mediaType())
        ? Extraction.TAR_GZIP
        : MediaTypes.TAR.contains(d.mediaType()) ? Extraction.TAR : Extraction.RAW;
  }

  private static PluginLayout plain(String name, Descriptor d, Extraction e) {
    return new PluginLayout(name, d, e, Optional.empty(), Optional.empty());
  }

  private static Optional<Descriptor> first(List<Descriptor> layers, String type) {
    return layers.stream().filter(d -> d.mediaType().equals(type)).findFirst();
  }

  private static Descriptor only(List<Descriptor> layers, String type, String where)
      throws OciException {
    List<Descriptor> all = new ArrayList<>();
    for (Descriptor d : layers) {
      if (d.mediaType().equals(type)) {
        all.add(d);
      }
    }
    if (all.size() != 1) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          where + " has " + all.size() + " layers of type " + type + "; a plugin has exactly one");
    }
    return all.get(0);
  }

  /** A title names a file; a path in it would let a puller write outside its directory. */
  static void checkTitle(Descriptor d, String where) throws OciException {
    Optional<String> t = d.title();
    if (t.isEmpty()) {
      return;
    }
    String s = t.get();
    if (s.isEmpty()
        || s.equals(".")
        || s.equals("..")
        || s.contains("/")
        || s.contains("\\")
        || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
        || s.length() > 255) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          where
              + ": layer "
              + d.digest()
              + " has the title '"
              + s.replaceAll("\\p{Cntrl}", "?")
              + "', which is not a plain file name (no /, \\, .. or control characters); refused");
    }
  }
}
