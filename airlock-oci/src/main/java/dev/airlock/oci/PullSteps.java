package dev.airlock.oci;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.oci.ProgressEvent.Phase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The network part of one pull, staged in a directory the caller commits or deletes. */
final class PullSteps {
  /** The staged signature material a recording verifier returned. */
  static final String SIGNATURES = "signatures.json";

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
      if (c.nativeCode()) {
        throw new OciException(
            OciException.Kind.UNSUPPORTED,
            name
                + " resolves to a native plugin for "
                + c.platform()
                + " (the host's platform);"
                + " loading native code needs an explicit opt-in, which Airlock does not offer"
                + " yet; pass --platform wasip1/wasm to pick a wasm build if the index has one");
      }
    }
    PluginLayout layout = PluginLayout.of(image, name);
    o.listener().onEvent(new ProgressEvent(Phase.VERIFYING, name, 0, 0, top.digest().toString()));
    Optional<byte[]> material = o.verifier().verifyRecording(ref, top.digest(), client);
    if (material.isPresent()) {
      Files.write(stage.resolve(SIGNATURES), material.get());
    }
    List<Descriptor> wanted = new ArrayList<>();
    wanted.add(layout.wasm());
    layout.airlockManifest().ifPresent(wanted::add);
    layout.signature().ifPresent(wanted::add);
    download(repo, wanted, o, stage, name);
    for (Descriptor d : wanted) {
      blobs.add(d.digest());
    }
    o.listener().onEvent(new ProgressEvent(Phase.EXTRACTING, name, 0, 0, layout.name()));
    byte[] wasm =
        LayerExtractor.wasm(
            blobFile(stage, layout.wasm().digest()),
            layout.extraction(),
            o.targetFile(),
            ArtefactReader.DEFAULT_MAX_WASM_BYTES,
            name);
    checkModule(wasm, name);
    byte[] plugin;
    String ext;
    String kind;
    if (layout.airlockManifest().isPresent()) {
      plugin = assemble(stage, layout, wasm, name);
      ext = ".tar.gz";
      kind = "airlock";
    } else {
      plugin = wasm;
      ext = ".wasm";
      kind = "wasm";
    }
    Path pluginFile = stage.resolve("plugin" + ext);
    Files.write(pluginFile, plugin);
    try (java.nio.channels.FileChannel c =
        java.nio.channels.FileChannel.open(pluginFile, java.nio.file.StandardOpenOption.WRITE)) {
      c.force(true);
    }
    return new CacheEntry(
        name,
        top.digest(),
        PluginPuller.now(clock),
        o.verifier().name(),
        Digest.sha256(plugin),
        ext,
        kind,
        layout.name(),
        blobs);
  }

  private void download(
      Repository repo, List<Descriptor> wanted, PullOptions o, Path stage, String name)
      throws OciException, IOException {
    long total = 0;
    List<Descriptor> todo = new ArrayList<>();
    for (Descriptor d : wanted) {
      if (cache.hasIntact(d.digest())) {
        Path staged = stage.resolve(d.digest().hex());
        try {
          Files.createLink(staged, cache.blobPath(d.digest()));
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(cache.blobPath(d.digest()), staged); // no hard links here: copy
        }
      } else {
        todo.add(d);
        total += d.size();
      }
    }
    long[] done = {0};
    final long all = total;
    for (Descriptor d : todo) {
      long base = done[0];
      client.downloadBlob(
          repo,
          d,
          stage.resolve(d.digest().hex()),
          n ->
              o.listener()
                  .onEvent(
                      new ProgressEvent(
                          Phase.DOWNLOADING, name, base + n, all, d.digest().toString())));
      done[0] += d.size();
    }
  }

  private static Path blobFile(Path stage, Digest d) {
    return stage.resolve(d.hex());
  }

  /** Rebuilds the signed .tar.gz from its layers; the manifest bytes must come back unchanged. */
  private static byte[] assemble(Path stage, PluginLayout layout, byte[] wasm, String name)
      throws OciException, IOException {
    byte[] manifestBytes =
        Files.readAllBytes(blobFile(stage, layout.airlockManifest().get().digest()));
    byte[] sig = null;
    if (layout.signature().isPresent()) {
      byte[] text = Files.readAllBytes(blobFile(stage, layout.signature().get().digest()));
      try {
        sig =
            Base64.getDecoder()
                .decode(new String(text, java.nio.charset.StandardCharsets.US_ASCII).strip());
      } catch (IllegalArgumentException e) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            name + ": the plugin.sig layer is not base64",
            null,
            null,
            e);
      }
    }
    try {
      Manifest m = Manifest.parse(manifestBytes);
      // Stored, not recompressed: the layers were verified, the signature covers manifest.json,
      // and level 9 would cost more than the download (see docs/benchmarks.md).
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(wasm.length + 8192);
      ArtefactWriter.write(m, wasm, sig, buf, 0);
      byte[] tgz = buf.toByteArray();
      Artefact back = ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
      if (!Arrays.equals(back.manifestBytes(), manifestBytes)) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            name
                + ": the manifest.json layer is not in canonical form, so its signature could not"
                + " be carried over; re-push it with 'airlock push'");
      }
      return tgz;
    } catch (ArtefactException | IllegalArgumentException e) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          name + ": its Airlock layers do not form a valid artefact: " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  static void checkModule(byte[] wasm, String name) throws OciException {
    if (wasm.length < 8 || wasm[0] != 0 || wasm[1] != 'a' || wasm[2] != 's' || wasm[3] != 'm') {
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
