package dev.airlock.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blob uploads: a cross-repository mount when possible, else {@code POST} then one {@code PUT}, or
 * {@code PATCH} chunks then {@code PUT} for blobs over the chunk size. Never a {@code POST} with a
 * body (distribution 2.8 ignores it). Without a mount the session can be opened apart ({@link
 * #open}), while the caller still checks whether the blob is there, and then filled ({@link #send})
 * or abandoned ({@link #cancel}).
 */
final class BlobUploads {
  private final Transport transport;
  private final RegistryConfig config;

  BlobUploads(Transport transport, RegistryConfig config) {
    this.transport = transport;
    this.config = config;
  }

  boolean upload(Repository repo, BlobContent content, Descriptor d, Optional<Repository> from)
      throws OciException {
    String uploads = "/v2/" + repo.name() + "/blobs/uploads/";
    List<String> scopes = BlobTransfers.push(repo);
    if (from.isPresent()
        && from.get().registry().equals(repo.registry())
        && !from.get().equals(repo)) {
      uploads += "?mount=" + d.digest() + "&from=" + from.get().name();
      scopes =
          List.of(
              "repository:" + repo.name() + ":pull,push",
              "repository:" + from.get().name() + ":pull");
    }
    HttpResponse<InputStream> r = transport.send(repo, call("POST", uploads, scopes, null, 0, 0));
    String detail = Transport.errorText(r);
    if (r.statusCode() == 201) {
      return false; // mounted
    }
    if (r.statusCode() != 202) {
      throw HttpRegistryClient.status(repo, "POST " + uploads, r.statusCode(), detail);
    }
    send(repo, location(repo, r), content, d);
    return true;
  }

  /**
   * Opens an upload session ({@code POST}, no body) and returns its location.
   *
   * @throws OciException when the registry refuses
   */
  String open(Repository repo) throws OciException {
    String uploads = "/v2/" + repo.name() + "/blobs/uploads/";
    HttpResponse<InputStream> r =
        transport.send(repo, call("POST", uploads, BlobTransfers.push(repo), null, 0, 0));
    String detail = Transport.errorText(r);
    if (r.statusCode() != 202) {
      throw HttpRegistryClient.status(repo, "POST " + uploads, r.statusCode(), detail);
    }
    return location(repo, r);
  }

  /** Sends a blob's bytes into an open session and completes it with its digest. */
  void send(Repository repo, String location, BlobContent content, Descriptor d)
      throws OciException {
    List<String> scopes = BlobTransfers.push(repo);
    if (d.size() > config.chunkSize()) {
      long offset = 0;
      while (offset < d.size()) {
        long len = Math.min(config.chunkSize(), d.size() - offset);
        Transport.Call patch = call("PATCH", location, scopes, content, offset, len);
        HttpResponse<InputStream> p = transport.send(repo, patch);
        String pd = Transport.errorText(p);
        if (p.statusCode() != 202) {
          throw HttpRegistryClient.status(repo, "PATCH upload", p.statusCode(), pd);
        }
        location = location(repo, p);
        offset += len;
      }
      put(repo, location, scopes, null, 0, d);
    } else {
      put(repo, location, scopes, content, d.size(), d);
    }
  }

  /**
   * Abandons an open session ({@code DELETE}); a registry that refuses lets it expire, so the
   * answer is not checked.
   */
  void cancel(Repository repo, String location) {
    try {
      Transport.discard(
          transport.send(repo, call("DELETE", location, BlobTransfers.push(repo), null, 0, 0)));
    } catch (OciException e) {
      // the session expires on the registry's own schedule
    }
  }

  private void put(
      Repository repo,
      String location,
      List<String> scopes,
      BlobContent content,
      long len,
      Descriptor d)
      throws OciException {
    String target = location + (location.contains("?") ? "&" : "?") + "digest=" + d.digest();
    HttpResponse<InputStream> r =
        transport.send(repo, call("PUT", target, scopes, content, 0, len));
    String detail = Transport.errorText(r);
    if (r.statusCode() != 201) {
      throw HttpRegistryClient.status(repo, "PUT upload of " + d.digest(), r.statusCode(), detail);
    }
  }

  private static Transport.Call call(
      String method,
      String target,
      List<String> scopes,
      BlobContent content,
      long offset,
      long len) {
    Map<String, String> headers =
        content == null
            ? Map.of()
            : method.equals("PATCH")
                ? Map.of(
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    offset + "-" + (offset + len - 1))
                : Map.of("Content-Type", "application/octet-stream");
    return new Transport.Call(
        method,
        target,
        headers,
        () -> body(content, offset, len),
        scopes,
        content == null ? null : streamed(content, offset, len));
  }

  /** The same bytes as {@link #body}, for a blocking connection to write itself. */
  private static BlockingExchange.StreamedBody streamed(
      BlobContent content, long offset, long len) {
    return new BlockingExchange.StreamedBody() {
      @Override
      public long length() {
        return len;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        if (content instanceof MemoryContent m) {
          out.write(m.bytes(), (int) offset, (int) len);
          return;
        }
        try (InputStream in = limited(content.open(offset), len)) {
          in.transferTo(out);
        }
      }
    };
  }

  /**
   * The request body for {@code len} bytes of {@code content} from {@code offset}: from the array
   * or the file itself when it can (no stream in between), else through a bounded stream.
   */
  private static HttpRequest.BodyPublisher body(BlobContent content, long offset, long len) {
    if (content == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    if (content instanceof MemoryContent m) {
      return HttpRequest.BodyPublishers.ofByteArray(m.bytes(), (int) offset, (int) len);
    }
    if (content instanceof FileContent f && offset == 0) {
      try {
        if (java.nio.file.Files.size(f.file()) == len) {
          return HttpRequest.BodyPublishers.ofFile(f.file());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return limited(content.open(offset), len);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }),
        len);
  }

  private static InputStream limited(InputStream in, long len) {
    return new InputStream() {
      long left = len;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = in.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int n) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int r = in.read(b, off, (int) Math.min(n, left));
        if (r > 0) {
          left -= r;
        }
        return r;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static String location(Repository repo, HttpResponse<InputStream> r) throws OciException {
    return r.headers()
        .firstValue("Location")
        .orElseThrow(
            () ->
                new OciException(
                    OciException.Kind.PROTOCOL,
                    "registry " + repo.registry() + " started an upload without a Location"));
  }
}
