package dev.airlock.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/** {@link RegistryClient} over {@code java.net.http}. */
final class HttpRegistryClient implements RegistryClient {

  final Transport transport;
  private final BlobTransfers blobs;
  private final PagedLists lists;
  // Registries that answered a push-scoped request without asking for credentials.
  private final java.util.Set<String> openHosts =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  HttpRegistryClient(RegistryConfig config) {
    this.transport = new Transport(config);
    this.lists = new PagedLists(transport, config.pageSize());
    this.blobs = new BlobTransfers(transport, config);
  }

  static List<String> pull(Repository repo) {
    return List.of("repository:" + repo.name() + ":pull");
  }

  static Transport.Call get(String method, String target, List<String> scopes, String... headers) {
    java.util.LinkedHashMap<String, String> h = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new Transport.Call(
        method, target, Map.copyOf(h), HttpRequest.BodyPublishers::noBody, scopes);
  }

  @Override
  public void ping(String registry) throws OciException {
    Repository repo = new Repository(registry, "_");
    HttpResponse<InputStream> r = transport.send(repo, get("GET", "/v2/", List.of()));
    String detail = Transport.errorText(r);
    if (r.statusCode() != 200) {
      throw status(repo, "GET /v2/", r.statusCode(), detail);
    }
  }

  /**
   * One {@code GET /v2/} under the push scope, unless a token or credentials for it are known: the
   * transport answers its challenge (fetching the push token once), or the registry answers 200
   * without one and is remembered as open.
   */
  @Override
  public boolean preparePush(Repository repo) throws OciException {
    List<String> scopes = BlobTransfers.push(repo);
    if (openHosts.contains(repo.apiHost()) || transport.hasAuth(repo, scopes)) {
      return true;
    }
    HttpResponse<InputStream> r = transport.send(repo, get("GET", "/v2/", scopes));
    Transport.discard(r);
    if (r.statusCode() != 200) {
      return false; // not the API root we know: the first upload settles authentication
    }
    if (!transport.hasAuth(repo, scopes)) {
      openHosts.add(repo.apiHost());
    }
    return true;
  }

  @Override
  public Optional<Descriptor> headManifest(Repository repo, String ref, List<String> accept)
      throws OciException {
    String path = "/v2/" + repo.name() + "/manifests/" + ref;
    HttpResponse<InputStream> r =
        transport.send(repo, get("HEAD", path, pull(repo), "Accept", String.join(", ", accept)));
    Transport.discard(r);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw status(repo, "HEAD " + path, r.statusCode(), "");
    }
    Optional<String> digest = r.headers().firstValue("Docker-Content-Digest");
    String type = r.headers().firstValue("Content-Type").orElse("");
    long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);

    if (digest.isEmpty() || size < 0 || type.isBlank()) {
      return Optional.of(getManifest(repo, ref, accept)).map(HttpRegistryClient::descriptorOf);
    }
    Digest d;
    try {
      d = Digest.parse(digest.get());
    } catch (IllegalArgumentException e) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "registry "
              + repo.registry()
              + " sent a malformed Docker-Content-Digest: "
              + e.getMessage());
    }
    if (ref.startsWith("sha256:") && !ref.equals(d.toString())) {
      throw lyingDigest(repo, ref, d.toString());
    }
    return Optional.of(
        new Descriptor(
            type.split(";")[0].strip(), d, size, Map.of(), Optional.empty(), Optional.empty()));
  }

  static Descriptor descriptorOf(OciManifest m) {
    return new Descriptor(
        m.mediaType(),
        m.digest(),
        m.bytes().length,
        m.annotations(),
        Optional.empty(),
        m.artifactType());
  }

  @Override
  public OciManifest getManifest(Repository repo, String ref, List<String> accept)
      throws OciException {
    String path = "/v2/" + repo.name() + "/manifests/" + ref;
    HttpResponse<InputStream> r =
        transport.send(repo, get("GET", path, pull(repo), "Accept", String.join(", ", accept)));
    if (r.statusCode() == 404) {
      Transport.discard(r);
      throw new OciException(
          OciException.Kind.NOT_FOUND,
          "no manifest " + ref + " in " + repo + " (404); check the tag or digest");
    }
    if (r.statusCode() != 200) {
      throw status(repo, "GET " + path, r.statusCode(), Transport.errorText(r));
    }
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    String where = repo + (ref.startsWith("sha256:") ? "@" : ":") + ref;
    if (declared > OciManifest.MAX_BYTES) {
      Transport.discard(r);
      throw tooBig(where, declared + " bytes (Content-Length)");
    }
    byte[] bytes;
    try (InputStream in = r.body()) {
      bytes = in.readNBytes(OciManifest.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.NETWORK, "reading manifest " + where + " failed: " + e, null, null, e);
    }
    if (bytes.length > OciManifest.MAX_BYTES) {
      throw tooBig(where, "more than " + OciManifest.MAX_BYTES + " bytes");
    }
    Digest actual = Digest.sha256(bytes);
    if (ref.startsWith("sha256:") && !ref.equals(actual.toString())) {
      throw new OciException(
          OciException.Kind.DIGEST_MISMATCH,
          "manifest "
              + where
              + " digest mismatch: asked for "
              + ref
              + ", the bytes hash to "
              + actual
              + "; the registry served other content",
          ref,
          actual.toString(),
          null);
    }
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()
        && header.get().startsWith("sha256:")
        && !header.get().equals(actual.toString())) {
      throw lyingDigest(repo, header.get(), actual.toString());
    }
    return OciManifest.parse(bytes, r.headers().firstValue("Content-Type").orElse(null), where);
  }

  private static OciException tooBig(String where, String what) {
    return new OciException(
        OciException.Kind.PROTOCOL,
        "manifest "
            + where
            + " is "
            + what
            + "; at most "
            + OciManifest.MAX_BYTES
            + " bytes (4 MiB) are allowed");
  }

  private static OciException lyingDigest(Repository repo, String claimed, String actual) {
    return new OciException(
        OciException.Kind.DIGEST_MISMATCH,
        "registry "
            + repo.registry()
            + " sent Docker-Content-Digest "
            + claimed
            + " but the manifest bytes hash to "
            + actual
            + "; refusing content that lies about"
            + " its digest",
        claimed,
        actual,
        null);
  }

  @Override
  public byte[] getBlob(Repository repo, Descriptor d, long maxBytes) throws OciException {
    return blobs.getBytes(repo, d, maxBytes);
  }

  @Override
  public void downloadBlob(Repository repo, Descriptor d, Path target, LongConsumer progress)
      throws OciException {
    blobs.download(repo, d, target, progress);
  }

  @Override
  public void streamBlob(
      Repository repo, Descriptor d, java.io.OutputStream out, LongConsumer progress)
      throws OciException {
    blobs.stream(repo, d, out, progress);
  }

  @Override
  public boolean blobExists(Repository repo, Digest digest) throws OciException {
    return blobs.exists(repo, digest);
  }

  @Override
  public boolean pushBlob(
      Repository repo, BlobContent content, Descriptor d, Optional<Repository> mountFrom)
      throws OciException {
    return blobs.push(repo, content, d, mountFrom);
  }

  @Override
  public Digest putManifest(Repository repo, String ref, String mediaType, byte[] bytes)
      throws OciException {
    String path = "/v2/" + repo.name() + "/manifests/" + ref;
    Transport.Call call =
        new Transport.Call(
            "PUT",
            path,
            Map.of("Content-Type", mediaType),
            () -> HttpRequest.BodyPublishers.ofByteArray(bytes),
            BlobTransfers.push(repo));
    HttpResponse<InputStream> r = transport.send(repo, call);
    String detail = Transport.errorText(r);
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw status(repo, "PUT " + path, r.statusCode(), detail);
    }
    Digest ours = Digest.sha256(bytes);
    Optional<String> theirs = r.headers().firstValue("Docker-Content-Digest");
    if (theirs.isPresent() && !theirs.get().equals(ours.toString())) {
      throw lyingDigest(repo, theirs.get(), ours.toString());
    }
    return ours;
  }

  @Override
  public Referrers referrers(Repository repo, Digest subject, Optional<String> artifactType)
      throws OciException {
    return lists.referrers(repo, subject, artifactType, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  @Override
  public Referrers referrers(
      Repository repo, Digest subject, Optional<String> artifactType, int maxPages, long maxBytes)
      throws OciException {
    return lists.referrers(repo, subject, artifactType, maxPages, maxBytes);
  }

  @Override
  public List<String> listTags(Repository repo) throws OciException {
    return lists.tags(repo);
  }

  @Override
  public long requestCount() {
    return transport.requestCount();
  }

  static OciException status(Repository repo, String what, int code, String detail) {
    OciException.Kind kind =
        code == 404
            ? OciException.Kind.NOT_FOUND
            : code == 401 || code == 403
                ? OciException.Kind.UNAUTHORIZED
                : code >= 500 ? OciException.Kind.NETWORK : OciException.Kind.PROTOCOL;
    return new OciException(
        kind,
        "registry "
            + repo.registry()
            + " answered "
            + code
            + " to "
            + what
            + (detail.isEmpty() ? "" : ": " + detail)
            + (code == 403 ? "; the credentials lack access to " + repo.name() : ""));
  }
}
