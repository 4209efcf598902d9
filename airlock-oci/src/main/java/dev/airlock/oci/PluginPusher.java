package dev.airlock.oci;

import dev.airlock.artefact.Artefact;
import dev.airlock.oci.ProgressEvent.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
      long total = size(a);
      byte[] top = index ? a.index() : a.manifest();
      String topType = index ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
      Digest topDigest = checkTarget(ref, top, index);
      pushBlobs(ref, a, mountFrom, listener, new long[] {0, total});
      if (index) {
        Digest m = Digest.sha256(a.manifest());
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
   * Pushes several plugins as one image index, one entry per platform: every entry's blobs and
   * manifest first (children before the index, as registries require), then the index under the
   * reference's tag. Entries are sorted by platform, so the same entries give the same digest in
   * any order.
   *
   * @param entries one per platform, at least one; no platform twice
   * @param ref where to push; a tag, or a digest that must equal the index's
   * @param mountFrom a repository on the same registry to mount blobs from
   * @param listener progress events
   * @return the index's digest
   * @throws OciException when the push fails
   * @throws IllegalArgumentException when there is no entry or a platform comes twice
   */
  public Digest pushIndex(
      List<PlatformEntry> entries,
      Reference ref,
      Optional<Repository> mountFrom,
      ProgressListener listener)
      throws OciException {
    List<PlatformEntry> sorted = PlatformIndex.sorted(entries);
    String name = ref.toString();
    try {
      List<WasmArtifact> images = new ArrayList<>();
      long total = 0;
      for (PlatformEntry e : sorted) {
        WasmArtifact a = e.image();
        images.add(a);
        total += size(a);
      }
      byte[] top = PlatformIndex.bytes(sorted, images);
      Digest topDigest = checkTarget(ref, top, true);
      long[] progress = {0, total};
      for (WasmArtifact a : images) {
        pushBlobs(ref, a, mountFrom, listener, progress);
        Digest m = Digest.sha256(a.manifest());
        client.putManifest(ref.repository(), m.toString(), MediaTypes.OCI_MANIFEST, a.manifest());
      }
      client.putManifest(
          ref.repository(), ref.tag().orElse(topDigest.toString()), MediaTypes.OCI_INDEX, top);
      listener.onEvent(new ProgressEvent(Phase.DONE, name, total, total, topDigest.toString()));
      return topDigest;
    } catch (OciException e) {
      listener.onEvent(new ProgressEvent(Phase.FAILED, name, 0, 0, e.getMessage()));
      throw e;
    }
  }

  private static long size(WasmArtifact a) {
    long total = a.config().descriptor().size();
    for (WasmArtifact.Blob b : a.layers()) {
      total += b.descriptor().size();
    }
    return total;
  }

  /** The top digest, refused before anything is sent when the reference pins another one. */
  private static Digest checkTarget(Reference ref, byte[] top, boolean index) throws OciException {
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
    return topDigest;
  }

  /**
   * Every blob of an image, concurrently (as skopeo and docker upload layers): each upload is its
   * own {@code HEAD}, {@code POST}, {@code PUT} exchange, so a small layer does not wait behind the
   * module. Progress events come from the calling thread, in blob order; the first failure cancels
   * the rest and is thrown. {@code progress} is {done, total}.
   */
  private void pushBlobs(
      Reference ref,
      WasmArtifact a,
      Optional<Repository> mountFrom,
      ProgressListener listener,
      long[] progress)
      throws OciException {
    List<WasmArtifact.Blob> blobs = concat(a);
    // Authentication is settled before the concurrent uploads (tokens per scope), so they reuse
    // it instead of each answering a challenge: by one request, or when the client cannot, by
    // uploading the config (small) first and alone.
    if (!client.preparePush(ref.repository())) {
      WasmArtifact.Blob first = blobs.remove(blobs.size() - 1);
      client.pushBlob(
          ref.repository(), BlobContent.of(first.bytes()), first.descriptor(), mountFrom);
      uploaded(listener, ref, progress, first.descriptor());
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> uploads = new ArrayList<>();
      for (WasmArtifact.Blob b : blobs) {
        uploads.add(
            pool.submit(
                () ->
                    client.pushBlob(
                        ref.repository(), BlobContent.of(b.bytes()), b.descriptor(), mountFrom)));
      }
      try {
        for (int i = 0; i < blobs.size(); i++) {
          await(uploads.get(i));
          uploaded(listener, ref, progress, blobs.get(i).descriptor());
        }
      } finally {
        uploads.forEach(f -> f.cancel(true)); // no-op for the finished ones
      }
    }
  }

  /** Counts a finished blob into {@code progress} ({done, total}) and tells the listener. */
  private static void uploaded(
      ProgressListener listener, Reference ref, long[] progress, Descriptor d) {
    progress[0] += d.size();
    listener.onEvent(
        new ProgressEvent(
            Phase.UPLOADING, ref.toString(), progress[0], progress[1], d.digest().toString()));
  }

  private static void await(Future<Boolean> f) throws OciException {
    try {
      f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OciException o) {
        throw o;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("upload failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException(
          OciException.Kind.IO, "interrupted while uploading blobs", null, null, e);
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

  private static List<WasmArtifact.Blob> concat(WasmArtifact a) {
    List<WasmArtifact.Blob> all = new ArrayList<>(a.layers());
    all.add(a.config());
    return all;
  }
}
