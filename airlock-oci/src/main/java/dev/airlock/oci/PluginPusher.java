package dev.airlock.oci;

import dev.airlock.artefact.Artefact;
import dev.airlock.oci.ProgressEvent.Phase;
import java.util.Optional;

/**
 * Pushes an Airlock artefact as a CNCF wasm artifact ({@link WasmArtifact}): blobs first (skipped
 * when the registry has them, mounted from {@code mountFrom} when given), then the manifest, then
 * optionally an image index over it, tagged. The same artefact always gives the same digest.
 */
public final class PluginPusher {
  private final RegistryClient client;

  private PluginPusher(RegistryClient client) {
    this.client = client;
  }

  /**
   * A pusher.
   *
   * @param client the registry client
   * @return the pusher
   */
  public static PluginPusher create(RegistryClient client) {
    return new PluginPusher(client);
  }

  /**
   * Pushes an artefact.
   *
   * @param artefact the artefact (read with {@code ArtefactReader}, a {@code .tar.gz})
   * @param ref where to push; a tag, or a digest that must equal the manifest's
   * @param index also push an image index ({@code wasip1/wasm}) and tag that instead
   * @param mountFrom a repository on the same registry to mount blobs from
   * @param listener progress events
   * @return the pushed digest (the index's when {@code index})
   * @throws OciException when the push fails
   */
  public Digest push(
      Artefact artefact,
      Reference ref,
      boolean index,
      Optional<Repository> mountFrom,
      ProgressListener listener)
      throws OciException {
    String name = ref.toString();
    try {
      WasmArtifact a = WasmArtifact.of(artefact);
      long total = a.config().descriptor().size();
      for (WasmArtifact.Blob b : a.layers()) {
        total += b.descriptor().size();
      }
      long done = 0;
      for (WasmArtifact.Blob b : concat(a)) {
        client.pushBlob(ref.repository(), BlobContent.of(b.bytes()), b.descriptor(), mountFrom);
        done += b.descriptor().size();
        listener.onEvent(
            new ProgressEvent(
                Phase.UPLOADING, name, done, total, b.descriptor().digest().toString()));
      }
      Digest m = Digest.sha256(a.manifest());
      byte[] top = index ? a.index() : a.manifest();
      String topType = index ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
      Digest topDigest = Digest.sha256(top);
      if (ref.digest().isPresent() && !ref.digest().get().equals(topDigest)) {
        throw new OciException(
            OciException.Kind.DIGEST_MISMATCH,
            "cannot push to "
                + ref
                + ": this artefact's "
                + (index ? "index" : "manifest")
                + " digest is "
                + topDigest,
            ref.digest().get().toString(),
            topDigest.toString(),
            null);
      }
      if (index) {
        client.putManifest(ref.repository(), m.toString(), MediaTypes.OCI_MANIFEST, a.manifest());
      }
      client.putManifest(ref.repository(), ref.tag().orElse(topDigest.toString()), topType, top);
      listener.onEvent(new ProgressEvent(Phase.DONE, name, total, total, topDigest.toString()));
      return topDigest;
    } catch (OciException e) {
      listener.onEvent(new ProgressEvent(Phase.FAILED, name, 0, 0, e.getMessage()));
      throw e;
    }
  }

  /**
   * The manifest digest {@link #push} would give, without a registry.
   *
   * @param artefact the artefact
   * @return the manifest digest
   */
  public static Digest manifestDigest(Artefact artefact) {
    return Digest.sha256(WasmArtifact.of(artefact).manifest());
  }

  private static java.util.List<WasmArtifact.Blob> concat(WasmArtifact a) {
    java.util.List<WasmArtifact.Blob> all = new java.util.ArrayList<>(a.layers());
    all.add(a.config());
    return all;
  }
}
