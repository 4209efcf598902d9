package dev.airlock.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/** Blob downloads (verified while streaming) and uploads (mount, single PUT, PATCH chunks). */
final class BlobTransfers {
  private final Transport transport;
  private final RegistryConfig config;

  BlobTransfers(Transport transport, RegistryConfig config) {
    this.transport = transport;
    this.config = config;
  }

  static List<String> push(Repository repo) {
    return List.of("repository:" + repo.name() + ":pull,push");
  }

  boolean exists(Repository repo, Digest digest) throws OciException {
    String path = "/v2/" + repo.name() + "/blobs/" + digest;
    HttpResponse<InputStream> r =
        transport.send(repo, HttpRegistryClient.get("HEAD", path, HttpRegistryClient.pull(repo)));
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

  /** Reads the blob into {@code out}, stopping one byte past its size, checking the digest. */
  private void stream(Repository repo, Descriptor d, OutputStream out, LongConsumer progress)
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
        out.write(buf, 0, n);
        if (progress != null) {
          progress.accept(total);
        }
      }
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
    if (exists(repo, d.digest())) {
      return false;
    }
    String uploads = "/v2/" + repo.name() + "/blobs/uploads/";
    List<String> scopes = push(repo);
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
    String location = location(repo, r);
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
    return true;
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
        () ->
            content == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> {
                          try {
                            return limited(content.open(offset), len);
                          } catch (IOException e) {
                            throw new UncheckedIOException(e);
                          }
                        }),
                    len),
        scopes);
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

  private static OciException io(String what, IOException e) {
    return new OciException(OciException.Kind.IO, what + ": " + e.getMessage(), null, null, e);
  }
}
