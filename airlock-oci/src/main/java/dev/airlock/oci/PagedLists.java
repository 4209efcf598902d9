package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paged lists of the distribution API: tags and referrers, following {@code Link} headers. */
final class PagedLists {
  private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");
  private static final int MAX_PAGES = 1000;
  private static final int MAX_LIST_BYTES = 4 * 1024 * 1024;

  private final Transport transport;
  private final int pageSize;

  PagedLists(Transport transport, int pageSize) {
    this.transport = transport;
    this.pageSize = pageSize;
  }

  Referrers referrers(
      Repository repo, Digest subject, Optional<String> artifactType, int maxPages, long maxBytes)
      throws OciException {
    int limit = Math.min(Math.max(1, maxPages), MAX_PAGES);
    String target =
        "/v2/"
            + repo.name()
            + "/referrers/"
            + subject
            + artifactType.map(t -> "?artifactType=" + enc(t)).orElse("");
    List<Descriptor> out = new ArrayList<>();
    long total = 0;
    for (int page = 0; target != null; page++) {
      if (page >= limit) {
        throw pages(repo, "referrers", limit);
      }
      HttpResponse<InputStream> r =
          transport.send(repo, get("GET", target, pull(repo), "Accept", MediaTypes.OCI_INDEX));
      if (r.statusCode() == 404 && page == 0) {
        Transport.discard(r);
        return Referrers.unsupported();
      }
      if (r.statusCode() != 200) {
        throw status(repo, "GET " + target, r.statusCode(), Transport.errorText(r));
      }
      long left = maxBytes - total;
      byte[] body = readList(repo, r, (int) Math.min(MAX_LIST_BYTES, left));
      if (body.length > left) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            "registry "
                + repo.registry()
                + " sent more than "
                + maxBytes
                + " bytes of referrers listing for "
                + repo.name()
                + " (page "
                + (page + 1)
                + "); signature discovery reads at most that much signature material");
      }
      total += body.length;
      OciManifest index =
          OciManifest.parse(body, MediaTypes.OCI_INDEX, repo + " referrers of " + subject);
      out.addAll(index.manifests());
      target = next(r);
    }
    return new Referrers(true, out, total);
  }

  List<String> tags(Repository repo) throws OciException {
    String target = "/v2/" + repo.name() + "/tags/list?n=" + pageSize;
    List<String> tags = new ArrayList<>();
    for (int page = 0; target != null; page++) {
      if (page >= MAX_PAGES) {
        throw pages(repo, "tags", MAX_PAGES);
      }
      HttpResponse<InputStream> r = transport.send(repo, get("GET", target, pull(repo)));
      if (r.statusCode() == 404) {
        Transport.discard(r);
        throw new OciException(OciException.Kind.NOT_FOUND, "no repository " + repo + " (404)");
      }
      if (r.statusCode() != 200) {
        throw status(repo, "GET " + target, r.statusCode(), Transport.errorText(r));
      }
      JsonNode n = Json.object(readList(repo, r), "tag list of " + repo);
      for (JsonNode t : n.path("tags")) {
        if (t.isTextual()) {
          tags.add(t.textValue());
        }
      }
      target = next(r);
    }
    return tags;
  }

  private static byte[] readList(Repository repo, HttpResponse<InputStream> r) throws OciException {
    return readList(repo, r, MAX_LIST_BYTES);
  }

  /**
   * A list page: at most {@code cap} + 1 bytes are read (a longer page is the caller's to refuse
   * when {@code cap} is below the page bound), and over {@link #MAX_LIST_BYTES} is refused here.
   */
  private static byte[] readList(Repository repo, HttpResponse<InputStream> r, int cap)
      throws OciException {
    try (InputStream in = r.body()) {
      byte[] b = in.readNBytes(cap + 1);
      if (b.length > MAX_LIST_BYTES) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            "registry " + repo.registry() + " sent a list page over " + MAX_LIST_BYTES + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.NETWORK, "reading from " + repo + " failed: " + e, null, null, e);
    }
  }

  private static String next(HttpResponse<InputStream> r) {
    for (String link : r.headers().allValues("Link")) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static OciException pages(Repository repo, String what, int max) {
    return new OciException(
        OciException.Kind.PROTOCOL,
        "registry "
            + repo.registry()
            + " sent more than "
            + max
            + " pages of "
            + what
            + " for "
            + repo.name());
  }

  private static OciException status(Repository repo, String what, int code, String detail) {
    return HttpRegistryClient.status(repo, what, code, detail);
  }

  private static Transport.Call get(
      String method, String target, List<String> scopes, String... headers) {
    return HttpRegistryClient.get(method, target, scopes, headers);
  }

  private static List<String> pull(Repository repo) {
    return HttpRegistryClient.pull(repo);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
