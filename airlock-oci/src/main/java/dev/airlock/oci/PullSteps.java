package dev.airlock.oci;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.ProgressEvent.Phase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The network part of one pull, staged in a directory the caller commits or deletes. */
final class PullSteps {
  /** The staged signature material a recording verifier returned. */
  static final String SIGNATURES = "signatures.json";

  /** The cache's extension for a native plugin file (kept, never loaded). */
  static final String NATIVE_EXTENSION = ".native";

  private final RegistryClient client;
  private final OciCache cache;
  private final Platform host;
  private final Clock clock;

  PullSteps(RegistryClient client, OciCache cache, Platform host, Clock clock) {
    this.client = client;
    this.cache = cache;
    this.host = host;
    this.clock = clock;
  }

  CacheEntry run(Reference ref, Digest digest, PullOptions o, Path stage)
      throws OciException, IOException {
    String name = ref.toString();
    Repository repo = ref.repository();
    OciManifest top = client.getManifest(repo, digest.toString(), MediaTypes.ALL_MANIFESTS);
    List<Digest> blobs = new ArrayList<>();
    blobs.add(top.digest());
    Files.write(stage.resolve(top.digest().hex()), top.bytes());
    OciManifest image = top;
    Optional<Platform> nativeCode = Optional.empty();
    if (top.isIndex()) {
      PlatformSelector.Choice c = PlatformSelector.select(top, host, o.platform(), name);
      image =
          client.getManifest(repo, c.descriptor().digest().toString(), MediaTypes.ALL_MANIFESTS);
      blobs.add(image.digest());
      Files.write(stage.resolve(image.digest().hex()), image.bytes());
      if (image.isIndex()) {
        throw new OciException(
            OciException.Kind.UNSUPPORTED,
            name + ": an index entry is itself an index; nested indexes are not followed");
      }
      nativeCode = c.nativeCode() ? Optional.of(c.platform()) : Optional.empty();
    }
    PluginLayout layout =
        nativeCode.isPresent()
            ? PluginLayout.nativeOf(image, nativeCode.get(), name)
            : PluginLayout.of(image, name);
    o.listener().onEvent(new ProgressEvent(Phase.VERIFYING, name, 0, 0, top.digest().toString()));
    Optional<byte[]> material = o.verifier().verifyRecording(ref, top.digest(), client);
    if (material.isPresent()) {
      Files.write(stage.resolve(SIGNATURES), material.get());
    }
    List<Descriptor> wanted = new ArrayList<>();
    layout.airlockManifest().ifPresent(wanted::add);
    layout.signature().ifPresent(wanted::add);
    wanted.add(layout.wasm());
    for (Descriptor d : wanted) {
      blobs.add(d.digest());
    }
    StagedBlobs staged = new StagedBlobs(client, cache, stage, repo, o.listener(), name);
    staged.plan(wanted);
    Plugin plugin = plugin(layout, staged, o, name);
    return new CacheEntry(
        name,
        top.digest(),
        PluginPuller.now(clock),
        o.verifier().name(),
        plugin.digest(),
        plugin.extension(),
        plugin.kind(),
        layout.name(),
        blobs);
  }

  /** The plugin file staged as {@code plugin<ext>}. */
  private record Plugin(Digest digest, String extension, String kind) {}

  /**
   * Stages the plugin file, reading each layer once. Airlock's layout: the small layers first,
   * checked against each other, then the module streams into the cache's {@code .tar.gz}, where
   * alone it is kept (not a second time as a blob). A raw module: the staged blob is the plugin (a
   * hard link; its digest is the layer's). A tar layer: extracted from the staged blob.
   */
  private static Plugin plugin(PluginLayout layout, StagedBlobs staged, PullOptions o, String name)
      throws OciException, IOException {
    Descriptor w = layout.wasm();
    int max = ArtefactReader.DEFAULT_MAX_WASM_BYTES;
    if (layout.airlockManifest().isPresent()) {
      byte[] manifest = small(staged, layout.airlockManifest().get(), name);
      byte[] sig =
          layout.signature().isPresent() ? small(staged, layout.signature().get(), name) : null;
      ArtefactLayers.Parts p = ArtefactLayers.check(manifest, sig, w, max, name);
      o.listener().onEvent(new ProgressEvent(Phase.EXTRACTING, name, 0, 0, layout.name()));
      Path file = staged.path(w.digest()).resolveSibling("plugin.tar.gz");
      MessageDigest wasmSha = w.digest().algorithm().equals("sha256") ? null : Digest.sha256();
      Digest digest;
      try (StoredArtefact a =
          StoredArtefact.open(file, p.manifest(), p.manifestBytes(), w.size(), p.signature())) {
        OutputStream out = a.wasm();
        OutputStream into = wasmSha == null ? out : new DigestOutputStream(out, wasmSha);
        byte[] head = staged.fetch(w, into, false); // kept once: inside the .tar.gz
        checkModule(head, w.size(), name);
        digest = a.finish();
      }
      if (wasmSha != null) {
        String actual = java.util.HexFormat.of().formatHex(wasmSha.digest());
        if (!actual.equals(p.manifest().wasmSha256())) {
          throw ArtefactLayers.invalid(
              name,
              "wasm sha256 mismatch: manifest claims "
                  + p.manifest().wasmSha256()
                  + ", actual "
                  + actual,
              null);
        }
      }
      return new Plugin(digest, ".tar.gz", "airlock");
    }
    if (layout.extraction() == PluginLayout.Extraction.RAW) {
      if (w.size() > max) {
        throw LayerExtractor.tooBig(name, w.size(), max);
      }
      boolean nativeCode = layout.name().equals("native");
      o.listener().onEvent(new ProgressEvent(Phase.EXTRACTING, name, 0, 0, layout.name()));
      byte[] head = staged.fetch(w, null);
      if (!nativeCode) {
        checkModule(head, w.size(), name);
      }
      String ext = nativeCode ? NATIVE_EXTENSION : ".wasm";
      Path blob = staged.path(w.digest());
      Path file = blob.resolveSibling("plugin" + ext);
      try {
        Files.createLink(file, blob);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(blob, file);
      }
      return new Plugin(w.digest(), ext, nativeCode ? "native" : "wasm");
    }
    staged.fetch(w, null);
    o.listener().onEvent(new ProgressEvent(Phase.EXTRACTING, name, 0, 0, layout.name()));
    byte[] wasm =
        LayerExtractor.wasm(
            staged.path(w.digest()), layout.extraction(), o.targetFile(), max, name);
    checkModule(wasm, wasm.length, name);
    Files.write(staged.path(w.digest()).resolveSibling("plugin.wasm"), wasm);
    return new Plugin(Digest.sha256(wasm), ".wasm", "wasm");
  }

  /** A small layer (manifest.json, plugin.sig), staged and kept in memory. */
  private static byte[] small(StagedBlobs staged, Descriptor d, String name)
      throws OciException, IOException {
    long max =
        d.mediaType().equals(MediaTypes.AIRLOCK_MANIFEST)
            ? ArtefactLayers.MAX_MANIFEST_BYTES
            : ArtefactLayers.MAX_SIGNATURE_BYTES;
    if (d.size() > max) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          name
              + ": its "
              + d.mediaType()
              + " layer is "
              + d.size()
              + " bytes; at most "
              + max
              + " allowed");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) d.size());
    staged.fetch(d, out);
    return out.toByteArray();
  }

  /** Checks a module's first bytes ({@code size} is its whole length). */
  static void checkModule(byte[] wasm, long size, String name) throws OciException {
    if (size < 8
        || wasm.length < 8
        || wasm[0] != 0
        || wasm[1] != 'a'
        || wasm[2] != 's'
        || wasm[3] != 'm') {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          name + ": the plugin layer is not a WebAssembly module (no \\0asm magic)");
    }
    if (wasm[4] == 0x0d && wasm[6] == 1) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          name + " is a WebAssembly component (wasip2); Airlock runs wasip1 core modules only");
    }
    if (wasm[4] != 1 || wasm[5] != 0 || wasm[6] != 0 || wasm[7] != 0) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED, name + ": unsupported WebAssembly binary version");
    }
  }

  static Optional<String> none() {
    return Optional.empty();
  }
}
