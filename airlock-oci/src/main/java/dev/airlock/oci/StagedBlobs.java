package dev.airlock.oci;

import dev.airlock.oci.ProgressEvent.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a pull's blobs into its staging directory ({@code <stage>/<hex>}), each read once: from
 * the cache when it holds the blob intact (hard-linked, else copied), else from the registry,
 * verified while streaming. What is read can also go to another stream as it passes (the cache's
 * copy of the artefact, a small layer kept in memory), so nothing is read back afterwards. The
 * staged files are not synced: the staging directory is deleted when a pull fails, and the cache
 * checks every file's digest whenever it reads it, so a file torn by a crash is never served. Not
 * thread-safe.
 */
final class StagedBlobs {
  /** The first bytes of a blob (a module's magic and version). */
  static final int HEAD = 8;

  private final RegistryClient client;
  private final OciCache cache;
  private final Path stage;
  private final Repository repo;
  private final ProgressListener listener;
  private final String name;
  private long done;
  private long total;

  StagedBlobs(
      RegistryClient client,
      OciCache cache,
      Path stage,
      Repository repo,
      ProgressListener listener,
      String name) {
    this.client = client;
    this.cache = cache;
    this.stage = stage;
    this.repo = repo;
    this.listener = listener;
    this.name = name;
  }

  /** Counts what will be downloaded, for the progress total. */
  void plan(List<Descriptor> wanted) throws IOException {
    for (Descriptor d : wanted) {
      if (!Files.isRegularFile(cache.blobPath(d.digest()))) {
        total += d.size();
      }
    }
  }

  Path path(Digest d) {
    return stage.resolve(d.hex());
  }

  /**
   * Stages a blob, passing its bytes to {@code also} (may be {@code null}) as they come.
   *
   * @return the blob's first {@link #HEAD} bytes (fewer when it is shorter)
   */
  byte[] fetch(Descriptor d, OutputStream also) throws OciException, IOException {
    return fetch(d, also, true);
  }

  /**
   * Stages a blob as {@link #fetch(Descriptor, OutputStream)} does, or, when {@code keep} is false,
   * only passes a downloaded blob to {@code also} (the bytes are kept elsewhere, e.g. inside the
   * cache's {@code .tar.gz}, so they are not written twice).
   */
  byte[] fetch(Descriptor d, OutputStream also, boolean keep) throws OciException, IOException {
    Path staged = path(d.digest());
    if (cache.hasIntact(d.digest())) {
      try {
        Files.createLink(staged, cache.blobPath(d.digest()));
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(cache.blobPath(d.digest()), staged); // no hard links here: copy
      }
      return copy(staged, also);
    }
    Head head = new Head();
    long base = done;
    try (OutputStream file =
        keep ? Files.newOutputStream(staged) : OutputStream.nullOutputStream()) {
      OutputStream tee = tee(file, also, head);
      client.streamBlob(
          repo,
          d,
          tee,
          n ->
              listener.onEvent(
                  new ProgressEvent(
                      Phase.DOWNLOADING, name, base + n, total, d.digest().toString())));
    }
    done += d.size();
    return head.bytes();
  }

  private static byte[] copy(Path file, OutputStream also) throws IOException {
    Head head = new Head();
    try (InputStream in = Files.newInputStream(file)) {
      OutputStream tee = tee(OutputStream.nullOutputStream(), also, head);
      byte[] buf = new byte[1 << 18];
      for (int n; (n = in.read(buf)) > 0; ) {
        tee.write(buf, 0, n);
        if (also == null && head.full()) {
          break; // only the head was wanted
        }
      }
    }
    return head.bytes();
  }

  private static OutputStream tee(OutputStream a, OutputStream b, Head head) {
    return new OutputStream() {
      @Override
      public void write(int x) throws IOException {
        write(new byte[] {(byte) x}, 0, 1);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        head.add(buf, off, len);
        a.write(buf, off, len);
        if (b != null) {
          b.write(buf, off, len);
        }
      }
    };
  }

  /** Keeps the first bytes that pass. */
  private static final class Head {
    private final byte[] bytes = new byte[HEAD];
    private int n;

    void add(byte[] buf, int off, int len) {
      int k = Math.min(len, HEAD - n);
      if (k > 0) {
        System.arraycopy(buf, off, bytes, n, k);
        n += k;
      }
    }

    boolean full() {
      return n == HEAD;
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(bytes, n);
    }
  }
}
