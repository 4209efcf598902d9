package dev.airlock.oci;

import java.nio.charset.StandardCharsets;

/** Hostile signature answers on the fake registry, for tests outside this package. */
public final class FakeRegistries {
  private FakeRegistries() {}

  /** A running fake. */
  public static final class Fake implements AutoCloseable {
    private final FakeRegistry reg;
    private final ReferrersRegistry store;

    Fake(FakeRegistry reg) {
      this(reg, null);
    }

    Fake(FakeRegistry reg, ReferrersRegistry store) {
      this.reg = reg;
      this.store = store;
    }

    /** Requests seen, as {@code METHOD /path?query}. */
    public java.util.List<String> requestLines() {
      return reg.seen.stream().map(s -> s.method() + " " + s.path()).toList();
    }

    /** Tags pushed (only for {@link #referrersApi}). */
    public java.util.List<String> tags() {
      return store.tags();
    }

    /** host:port. */
    public String host() {
      return reg.host();
    }

    /** Requests seen. */
    public int requests() {
      return reg.seen.size();
    }

    @Override
    public void close() {
      reg.close();
    }
  }

  /** No referrers API, no tags: nothing signs anything. */
  public static Fake empty() throws Exception {
    return new Fake(new FakeRegistry());
  }

  /**
   * A registry that keeps what is pushed to {@code repo} and has the OCI 1.1 referrers API, {@code
   * pageSize} referrers a page linked with {@code Link} headers ({@link ReferrersRegistry}).
   */
  public static Fake referrersApi(String repo, int pageSize) throws Exception {
    FakeRegistry reg = new FakeRegistry();
    return new Fake(reg, new ReferrersRegistry(reg, repo, pageSize));
  }

  /** No referrers API; the fallback tag holds an index over 4 MiB. */
  public static Fake oversizedFallbackIndex(String repo, Digest subject) throws Exception {
    FakeRegistry reg = new FakeRegistry();
    StringBuilder b =
        new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",");
    b.append("\"annotations\":{\"pad\":\"")
        .append("x".repeat(OciManifest.MAX_BYTES))
        .append("\"}}");
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    reg.route(
        "GET /v2/" + repo + "/manifests/" + subject.toString().replace(':', '-'),
        ex -> FakeRegistry.send(ex, 200, MediaTypes.OCI_INDEX, body));
    return new Fake(reg);
  }

  /** A referrers API whose every page links to another. */
  public static Fake endlessReferrers(String repo, Digest subject) throws Exception {
    FakeRegistry reg = new FakeRegistry();
    byte[] page =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    reg.route(
        "GET /v2/" + repo + "/referrers/" + subject,
        ex -> {
          ex.getResponseHeaders()
              .set(
                  "Link",
                  "</v2/"
                      + repo
                      + "/referrers/"
                      + subject
                      + "?n="
                      + System.nanoTime()
                      + ">;"
                      + " rel=\"next\"");
          FakeRegistry.send(ex, 200, MediaTypes.OCI_INDEX, page);
        });
    return new Fake(reg);
  }

  /**
   * A referrers API with {@code pages} linked pages, each an empty listing padded (an annotation)
   * to {@code pageBytes}: every page under the 4 MiB page bound and the page count under
   * discovery's 16, so only a byte bound over the whole listing stops it.
   */
  public static Fake paddedReferrers(String repo, Digest subject, int pages, int pageBytes)
      throws Exception {
    FakeRegistry reg = new FakeRegistry();
    String head = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",";
    String tail = "\"manifests\":[]}";
    String open = "\"annotations\":{\"pad\":\"";
    String close = "\"},";
    int pad = pageBytes - head.length() - tail.length() - open.length() - close.length();
    byte[] page = (head + open + "x".repeat(pad) + close + tail).getBytes(StandardCharsets.UTF_8);
    reg.route(
        "GET /v2/" + repo + "/referrers/" + subject,
        ex -> {
          String q = ex.getRequestURI().getRawQuery();
          int n = q != null && q.startsWith("page=") ? Integer.parseInt(q.substring(5)) : 1;
          if (n < pages) {
            ex.getResponseHeaders()
                .set(
                    "Link",
                    "</v2/"
                        + repo
                        + "/referrers/"
                        + subject
                        + "?page="
                        + (n + 1)
                        + ">; rel=\"next\"");
          }
          FakeRegistry.send(ex, 200, MediaTypes.OCI_INDEX, page);
        });
    return new Fake(reg);
  }

  /** A referrers API listing {@code n} entries on one page. */
  public static Fake hugeReferrers(String repo, Digest subject, int n) throws Exception {
    FakeRegistry reg = new FakeRegistry();
    StringBuilder b =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_MANIFEST)
          .append("\",\"digest\":\"")
          .append(Digest.sha256(("r" + i).getBytes(StandardCharsets.UTF_8)))
          .append(
              "\",\"size\":10,\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}");
    }
    byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    reg.route(
        "GET /v2/" + repo + "/referrers/" + subject,
        ex -> FakeRegistry.send(ex, 200, MediaTypes.OCI_INDEX, body));
    return new Fake(reg);
  }
}
