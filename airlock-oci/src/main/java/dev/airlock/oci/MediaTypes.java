package dev.airlock.oci;

import java.util.List;

/** The media types Airlock pushes, pulls and asks for. */
public final class MediaTypes {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker schema 2 manifest. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list. */
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** OCI empty descriptor media type (artifacts without config). */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** CNCF wasm artifact config. */
  public static final String WASM_CONFIG_V0 = "application/vnd.wasm.config.v0+json";

  /** Kubewarden / wasm-to-oci config. */
  public static final String WASM_CONFIG_V1 = "application/vnd.wasm.config.v1+json";

  /** CNCF wasm layer. */
  public static final String WASM = "application/wasm";

  /** QueryMT wasm layer. */
  public static final String WASM_QUERYMT = "application/vnd.wasm.v1.layer+wasm";

  /** Kubewarden and wasm-to-oci layer. */
  public static final String WASM_CONTENT_V1 = "application/vnd.wasm.content.layer.v1+wasm";

  /** Istio / solo.io layer. */
  public static final String WASM_MODULE_V1 = "application/vnd.module.wasm.content.layer.v1+wasm";

  /** Airlock's signed plugin manifest ({@code manifest.json}) layer. */
  public static final String AIRLOCK_MANIFEST = "application/vnd.airlock.plugin.manifest.v1+json";

  /** Airlock's Ed25519 signature ({@code plugin.sig}) layer. */
  public static final String AIRLOCK_SIGNATURE = "application/vnd.airlock.plugin.signature.v1";

  /** A native plugin file (a shared library) Airlock pushes into a multi-platform index. */
  public static final String NATIVE_FILE = "application/vnd.airlock.plugin.native.v1";

  /** The artifact type Airlock sets on manifests it pushes. */
  public static final String AIRLOCK_ARTIFACT = "application/vnd.airlock.plugin.v1";

  /** Tar+gzip image layers (Istio compat). */
  public static final List<String> TAR_GZIP =
      List.of(
          "application/vnd.oci.image.layer.v1.tar+gzip",
          "application/vnd.docker.image.rootfs.diff.tar.gzip");

  /** Plain tar layers. */
  public static final List<String> TAR =
      List.of("application/vnd.oci.image.layer.v1.tar", "application/x-tar");

  /** Manifests and indexes, OCI first: the {@code Accept} list for manifest requests. */
  public static final List<String> ALL_MANIFESTS =
      List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

  private MediaTypes() {}

  /**
   * Whether a media type names an index or manifest list.
   *
   * @param mediaType the media type
   * @return true for OCI index and Docker manifest list
   */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
  }

  /**
   * Whether a media type names a single-image manifest.
   *
   * @param mediaType the media type
   * @return true for OCI and Docker manifests
   */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }
}
