package dev.airlock.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code airlock inspect oci://…} shows: digest, media types, platforms, layers, annotations
 * and what kind of plugin it is; read without downloading layers.
 *
 * @param reference the reference
 * @param digest the top manifest or index digest
 * @param mediaType its media type
 * @param platforms the index's platforms (empty for a single manifest)
 * @param manifestDigest the chosen image manifest's digest
 * @param config the config descriptor
 * @param layers the layers
 * @param annotations the manifest's annotations
 * @param kind what kind of plugin, or why it is not one
 */
public record Inspection(
    Reference reference,
    Digest digest,
    String mediaType,
    List<Platform> platforms,
    Digest manifestDigest,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    String kind) {
  /**
   * Inspects a reference.
   *
   * @param client the client
   * @param ref the reference
   * @param platform a platform to pick from an index instead of the host's
   * @return the inspection
   * @throws OciException when it cannot be read
   */
  public static Inspection of(RegistryClient client, Reference ref, Optional<Platform> platform)
      throws OciException {
    OciManifest top =
        client.getManifest(ref.repository(), ref.identifier(), MediaTypes.ALL_MANIFESTS);
    OciManifest image = top;
    List<Platform> platforms = List.of();
    Optional<Platform> nativeCode = Optional.empty();
    if (top.isIndex()) {
      platforms = top.manifests().stream().flatMap(d -> d.platform().stream()).toList();
      try {
        PlatformSelector.Choice c =
            PlatformSelector.select(top, Platform.host(), platform, ref.toString());
        image =
            client.getManifest(
                ref.repository(), c.descriptor().digest().toString(), MediaTypes.ALL_MANIFESTS);
        nativeCode = c.nativeCode() ? Optional.of(c.platform()) : Optional.empty();
      } catch (OciException e) {
        return new Inspection(
            ref,
            top.digest(),
            top.mediaType(),
            platforms,
            top.digest(),
            Optional.empty(),
            List.of(),
            top.annotations(),
            "not usable: " + e.getMessage());
      }
    }
    String kind;
    try {
      if (nativeCode.isPresent()) {
        PluginLayout l = PluginLayout.nativeOf(image, nativeCode.get(), ref.toString());
        kind =
            "native plugin for "
                + nativeCode.get()
                + " (one "
                + l.wasm().mediaType()
                + " layer; pulled and cached, but loading native code needs an explicit opt-in ("
                + PullResult.NATIVE_OPT_IN
                + "), which Airlock does not offer yet)";
      } else {
        PluginLayout l = PluginLayout.of(image, ref.toString());
        kind =
            l.airlockManifest().isPresent()
                ? "Airlock plugin ("
                    + (l.signature().isPresent() ? "signed" : "unsigned")
                    + " artefact; layout airlock)"
                : "wasm plugin (layout "
                    + l.name()
                    + ", "
                    + l.extraction().name().toLowerCase(java.util.Locale.ROOT)
                    + ")";
      }
    } catch (OciException e) {
      kind = "not a plugin: " + e.getMessage();
    }
    return new Inspection(
        ref,
        top.digest(),
        top.mediaType(),
        platforms,
        image.digest(),
        image.config(),
        image.layers(),
        image.annotations(),
        kind);
  }
}
