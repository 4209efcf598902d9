package dev.airlock.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;

/**
 * Blob downloads (verified while streaming), existence checks, and uploads ({@link BlobUploads}).
 */
final class BlobTransfers {
  private final Transport transport;
  private final BlobUploads uploads;

  BlobTransfers(Transport transport, RegistryConfig config) {
    this.transport = transport;
    this.uploads = new BlobUploads(transport, config);
  }

  static List<String> push(Repository repo) {
    return List.of("repository:" + repo.name() + ":pull,push");
  }

  boolean exists(Repository repo, Digest digest) throws OciException {
    return exists(repo, digest, HttpRegistryClient.pull(repo));
  }

  /** As {@link #exists(Repository, Digest)}, authorised for {@code scopes}. */
  private boolean exists(Repository repo, Digest digest, List<String> scopes) throws OciException {
    String path = "/v2/" + repo.name() + "/blobs/" + digest;
    HttpResponse<InputStream> r =
        transport.send(repo, HttpRegistryClient.get("HEAD", path, scopes));
    Transport.discard(r);
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw HttpRegistryClient.status(repo, "HEAD " + path, r.statusCode(), "");
  }

  byte[] getBytes(Repository repo, Descriptor d, long maxBytes) throws OciException {
    if (d.size() > maxBytes || d.size() > Integer.MAX_VALUE - 16) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "blob " + d.digest() + " is " + d.size() + " bytes; at most " + maxBytes + " accepted");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) d.size());
    stream(repo, d, out, null);
    return out.toByteArray();
  }

  void download(Repository repo, Descriptor d, Path target, LongConsumer progress)
      throws OciException {
    Path temp;
    try {
      temp = OciFiles.tempBeside(target);
    } catch (IOException e) {
      throw io("could not create a file beside " + target, e);
    }
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        stream(repo, d, out, progress);
      }
      OciFiles.commit(temp, target);
    } catch (IOException e) {
      throw io("could not write " + target, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the name marks it as a partial file
      }
    }
  }

  /**
   * Reads the blob into {@code out}, stopping one byte past its size, checking the digest. A read
   * failure is a network error; a write failure is an I/O error (so it never looks like the
   * registry being offline).
   */
  void stream(Repository repo, Descriptor d, OutputStream out, LongConsumer progress)
      throws OciException {
    String path = "/v2/" + repo.name() + "/blobs/" + d.digest();
    HttpResponse<InputStream> r =
        transport.send(repo, HttpRegistryClient.get("GET", path, HttpRegistryClient.pull(repo)));
    if (r.statusCode() == 404) {
      Transport.discard(r);
      throw new OciException(
          OciException.Kind.NOT_FOUND, "no blob " + d.digest() + " in " + repo + " (404)");
    }
    if (r.statusCode() != 200) {
      throw HttpRegistryClient.status(repo, "GET " + path, r.statusCode(), Transport.errorText(r));
    }
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > d.size()) {
      Transport.discard(r);
      throw tooLong(repo, d, declared + " bytes (Content-Length)");
    }
    MessageDigest md = d.digest().newEngine();
    long total = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = r.body()) {
      while (true) {
        int want = (int) Math.min(buf.length, d.size() + 1 - total);
        int n = in.read(buf, 0, Math.max(want, 1));
        if (n < 0) {
          break;
        }
        total += n;
        if (total > d.size()) {
          throw tooLong(repo, d, "more than that; stopped reading at " + total + " bytes");
        }
        md.update(buf, 0, n);
        try {
          out.write(buf, 0, n);
        } catch (IOException e) {
          throw new WriteFailure(e);
        }
        if (progress != null) {
          progress.accept(total);
        }
      }
    } catch (WriteFailure e) {
      throw io("could not write blob " + d.digest() + " from " + repo, e.getCause());
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.NETWORK,
          "reading blob "
              + d.digest()
              + " from "
              + repo
              + " failed after "
              + total
              + " bytes: "
              + e.getMessage(),
          null,
          null,
          e);
    }
    if (total != d.size()) {
      throw new OciException(
          OciException.Kind.DIGEST_MISMATCH,
          "blob "
              + d.digest()
              + " from "
              + repo
              + " is "
              + total
              + " bytes; its descriptor says "
              + d.size(),
          String.valueOf(d.size()),
          String.valueOf(total),
          null);
    }
    byte[] got = md.digest();
    if (!d.digest().matches(got)) {
      String actual = d.digest().algorithm() + ":" + java.util.HexFormat.of().formatHex(got);
      throw new OciException(
          OciException.Kind.DIGEST_MISMATCH,
          "blob digest mismatch in "
              + repo
              + ": expected "
              + d.digest()
              + ", got "
              + actual
              + "; the registry served corrupted or substituted content",
          d.digest().toString(),
          actual,
          null);
    }
  }

  private static OciException tooLong(Repository repo, Descriptor d, String what) {
    return new OciException(
        OciException.Kind.PROTOCOL,
        "blob "
            + d.digest()
            + " from "
            + repo
            + " is larger than its descriptor's "
            + d.size()
            + " bytes: "
            + what);
  }

  boolean push(Repository repo, BlobContent content, Descriptor d, Optional<Repository> from)
      throws OciException {
    // Under the push scope: the token a push settles first (see
    // HttpRegistryClient#preparePush) serves the check too, instead of a pull token per blob.
    if (from.isPresent()) {
      if (exists(repo, d.digest(), push(repo))) {
        return false;
      }
      return uploads.upload(repo, content, d, from);
    }
    // The upload session is opened while the check runs: one round trip less for a blob the
    // registry lacks (every blob of a new version), one DELETE more for one it has.
    FutureTask<String> opening = new FutureTask<>(() -> uploads.open(repo));
    Thread.ofVirtual().name("airlock-upload-open").start(opening);
    boolean exists;
    try {
      exists = exists(repo, d.digest(), push(repo));
    } catch (OciException | RuntimeException e) {
      abandon(repo, opening);
      throw e;
    }
    if (exists) {
      abandon(repo, opening);
      return false;
    }
    uploads.send(repo, await(opening), content, d);
    return true;
  }

  /** Waits for a session being opened and cancels it; a failure to open needs no cancel. */
  private void abandon(Repository repo, FutureTask<String> opening) {
    try {
      uploads.cancel(repo, await(opening));
    } catch (OciException | RuntimeException e) {
      // not opened: nothing to cancel
    }
  }

  private static String await(FutureTask<String> opening) throws OciException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OciException o) {
        throw o;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("opening an upload failed", e.getCause());
    } catch (InterruptedException e) {
      opening.cancel(true);
      Thread.currentThread().interrupt();
      throw new OciException(
          OciException.Kind.IO, "interrupted while opening an upload", null, null, e);
    }
  }

  /** A failure to write what was read, told apart from a failure to read. */
  private static final class WriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private static OciException io(String what, IOException e) {
    return new OciException(OciException.Kind.IO, what + ": " + e.getMessage(), null, null, e);
  }
}
