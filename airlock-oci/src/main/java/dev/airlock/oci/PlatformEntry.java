package dev.airlock.oci;

import dev.airlock.artefact.Artefact;
import java.util.Optional;

/**
 * One entry of a multi-platform image index ({@link PluginPusher#pushIndex}): an Airlock artefact
 * for a WebAssembly platform (pushed as a CNCF wasm artifact), or a native file for the os/arch it
 * was built for (pushed as one layer; pullers classify it as native and never load it without an
 * opt-in).
 */
public final class PlatformEntry {
  private final Platform platform;
  private final Optional<Artefact> artefact;
  private final String fileName;
  private final byte[] nativeCode;

  private PlatformEntry(Platform p, Optional<Artefact> a, String fileName, byte[] nativeCode) {
    this.platform = p;
    this.artefact = a;
    this.fileName = fileName;
    this.nativeCode = nativeCode;
  }

  /**
   * An Airlock artefact for a WebAssembly platform.
   *
   * @param platform a platform whose architecture is {@code wasm} (e.g. {@code wasip1/wasm})
   * @param artefact the artefact
   * @return the entry
   * @throws IllegalArgumentException when the platform is not a WebAssembly one
   */
  public static PlatformEntry wasm(Platform platform, Artefact artefact) {
    if (!platform.isWasm()) {
      throw new IllegalArgumentException(
          "an Airlock artefact is WebAssembly: give it a wasm platform such as wasip1/wasm, not "
              + platform
              + " (native code is pushed as a plain file)");
    }
    return new PlatformEntry(platform, Optional.of(artefact), null, null);
  }

  /**
   * A native file (a shared library) for the os/arch it was built for.
   *
   * @param platform a platform that is not WebAssembly (e.g. {@code linux/amd64})
   * @param fileName the file's name, recorded as the layer's title (a plain name)
   * @param bytes its bytes (not copied)
   * @return the entry
   * @throws IllegalArgumentException when the platform is WebAssembly or the name is not plain
   */
  public static PlatformEntry nativeFile(Platform platform, String fileName, byte[] bytes) {
    if (platform.isWasm()) {
      throw new IllegalArgumentException(
          "a " + platform + " entry should be an Airlock artefact (.tar.gz), not a plain file");
    }
    if (fileName.isEmpty()
        || fileName.equals(".")
        || fileName.equals("..")
        || fileName.contains("/")
        || fileName.contains("\\")
        || fileName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
        || fileName.length() > 255) {
      throw new IllegalArgumentException(
          "a native file's name should be a plain file name, got '" + fileName + "'");
    }
    return new PlatformEntry(platform, Optional.empty(), fileName, bytes);
  }

  /**
   * @return the entry's platform
   */
  public Platform platform() {
    return platform;
  }

  /** The image this entry pushes: its blobs (layers, then config) and manifest. */
  WasmArtifact image() {
    if (artefact.isPresent()) {
      return WasmArtifact.of(artefact.get());
    }
    WasmArtifact.Blob config =
        WasmArtifact.blob(MediaTypes.OCI_EMPTY, new byte[] {'{', '}'}, java.util.Map.of());
    WasmArtifact.Blob layer =
        WasmArtifact.blob(
            MediaTypes.NATIVE_FILE,
            nativeCode,
            java.util.Map.of("org.opencontainers.image.title", fileName));
    var man = Json.MAPPER.createObjectNode();
    man.put("schemaVersion", 2);
    man.put("mediaType", MediaTypes.OCI_MANIFEST);
    man.set("config", WasmArtifact.descriptor(config.descriptor()));
    man.putArray("layers").add(WasmArtifact.descriptor(layer.descriptor()));
    return new WasmArtifact(config, java.util.List.of(layer), WasmArtifact.write(man));
  }
}
