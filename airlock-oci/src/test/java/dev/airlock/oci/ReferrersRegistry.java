package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake registry that keeps what is pushed and has the OCI 1.1 referrers API (which Debian's
 * docker-registry 2.8 lacks), for tests: manifests by tag and digest, blobs through upload
 * sessions, and {@code GET /v2/<name>/referrers/<digest>} computed from the stored manifests'
 * {@code subject}, {@code pageSize} entries a page with a {@code Link: <…>; rel="next"} header.
 * Like several real registries it ignores the {@code artifactType} filter (clients must filter).
 */
final class ReferrersRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeRegistry reg;
  private final String repo;
  private final int pageSize;
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, String> types = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

  ReferrersRegistry(FakeRegistry reg, String repo, int pageSize) {
    this.reg = reg;
    this.repo = repo;
    this.pageSize = pageSize;
    reg.fallback(this::handle);
  }

  /** The tags pushed so far. */
  List<String> tags() {
    return manifests.keySet().stream().filter(k -> !k.startsWith("sha256:")).sorted().toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String m = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String base = "/v2/" + repo + "/";
    if (!path.startsWith(base)) {
      notFound(ex);
      return;
    }
    String rest = path.substring(base.length());
    if (rest.startsWith("manifests/")) {
      manifest(ex, m, rest.substring("manifests/".length()));
    } else if (rest.startsWith("blobs/uploads/")) {
      upload(ex, m, rest.substring("blobs/uploads/".length()));
    } else if (rest.startsWith("blobs/")) {
      byte[] b = blobs.get(rest.substring("blobs/".length()));
      if (b == null) {
        notFound(ex);
      } else if (m.equals("HEAD")) {
        ex.getResponseHeaders().set("Content-Length", String.valueOf(b.length));
        ex.sendResponseHeaders(200, -1);
      } else {
        FakeRegistry.send(ex, 200, "application/octet-stream", b);
      }
    } else if (rest.startsWith("referrers/") && m.equals("GET")) {
      referrers(ex, rest.substring("referrers/".length()));
    } else {
      notFound(ex);
    }
  }

  private void manifest(HttpExchange ex, String method, String ref) throws IOException {
    if (method.equals("PUT")) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String digest = Digest.sha256(body).toString();
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      manifests.put(digest, body);
      manifests.put(ref, body);
      types.put(digest, type);
      types.put(ref, type);
      if (!order.contains(digest)) {
        order.add(digest);
      }
      ex.getResponseHeaders().set("Docker-Content-Digest", digest);
      FakeRegistry.send(ex, 201, null, new byte[0]);
      return;
    }
    byte[] b = manifests.get(ref);
    if (b == null) {
      notFound(ex);
      return;
    }
    ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(b).toString());
    if (method.equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Type", types.get(ref));
      ex.getResponseHeaders().set("Content-Length", String.valueOf(b.length));
      ex.sendResponseHeaders(200, -1);
    } else {
      FakeRegistry.send(ex, 200, types.get(ref), b);
    }
  }

  private void upload(HttpExchange ex, String method, String session) throws IOException {
    if (method.equals("POST")) {
      ex.getResponseHeaders()
          .set("Location", "/v2/" + repo + "/blobs/uploads/" + UUID.randomUUID());
      FakeRegistry.send(ex, 202, null, new byte[0]);
      return;
    }
    if (method.equals("DELETE")) {
      FakeRegistry.send(ex, 204, null, new byte[0]);
      return;
    }
    String query = ex.getRequestURI().getRawQuery();
    byte[] body = ex.getRequestBody().readAllBytes();
    String digest = Digest.sha256(body).toString();
    if (query == null || !query.contains("digest=" + digest)) {
      FakeRegistry.send(
          ex, 400, "application/json", "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}".getBytes());
      return;
    }
    blobs.put(digest, body);
    ex.getResponseHeaders().set("Docker-Content-Digest", digest);
    FakeRegistry.send(ex, 201, null, new byte[0]);
  }

  private void referrers(HttpExchange ex, String subject) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (String digest : List.copyOf(order)) {
      JsonNode n = JSON.readTree(manifests.get(digest));
      if (subject.equals(n.path("subject").path("digest").asText())) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", types.get(digest)).put("digest", digest);
        d.put("size", manifests.get(digest).length);
        String type =
            n.hasNonNull("artifactType")
                ? n.get("artifactType").asText()
                : n.path("config").path("mediaType").asText();
        d.put("artifactType", type);
        if (n.has("annotations")) {
          d.set("annotations", n.get("annotations"));
        }
        all.add(d);
      }
    }
    String query = ex.getRequestURI().getRawQuery();
    int page = 0;
    if (query != null && query.matches("(.*&)?page=\\d+(&.*)?")) {
      page = Integer.parseInt(query.replaceAll("(.*&)?page=(\\d+)(&.*)?", "$2"));
    }
    int from = Math.min(page * pageSize, all.size());
    int to = Math.min(from + pageSize, all.size());
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = index.putArray("manifests");
    all.subList(from, to).forEach(ms::add);
    if (to < all.size()) {
      ex.getResponseHeaders()
          .set(
              "Link",
              "</v2/" + repo + "/referrers/" + subject + "?page=" + (page + 1) + ">; rel=\"next\"");
    }
    FakeRegistry.send(ex, 200, MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
  }

  private static void notFound(HttpExchange ex) throws IOException {
    FakeRegistry.send(
        ex,
        404,
        "application/json",
        "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"unknown\"}]}"
            .getBytes(StandardCharsets.UTF_8));
  }
}
