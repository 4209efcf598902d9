package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.internal.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signature material kept for re-verification without network: wraps a live {@link SignatureSource}
 * and records every answer discovery got (tags, manifests, blobs, referrers pages, "no referrers
 * API"), serialises it to one JSON document for the cache, and replays it offline. Replayed content
 * is checked against its digest again, so a tampered cache file is refused. Not thread-safe.
 */
public final class RecordedSignatureSource implements SignatureSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<SignatureSource> live;
  private final Map<String, Optional<byte[]>> tags = new LinkedHashMap<>();
  private final Map<String, byte[]> content = new LinkedHashMap<>();
  private final Map<String, Optional<ReferrersPage>> pages = new LinkedHashMap<>();

  private RecordedSignatureSource(Optional<SignatureSource> live) {
    this.live = live;
  }

  /**
   * Records what discovery reads from a live source.
   *
   * @param live the registry view
   * @return a recording source; pass it to {@link SignatureDiscovery}, then {@link #toJson()}
   */
  public static RecordedSignatureSource recording(SignatureSource live) {
    return new RecordedSignatureSource(Optional.of(live));
  }

  /**
   * Replays recorded material; asks no registry.
   *
   * @param json what {@link #toJson()} wrote
   * @return the replaying source
   * @throws SignatureException when the document is not recorded signature material
   */
  public static RecordedSignatureSource replay(byte[] json) throws SignatureException {
    RecordedSignatureSource r = new RecordedSignatureSource(Optional.empty());
    try {
      JsonNode root = JSON.readTree(json);
      Base64.Decoder b64 = Base64.getDecoder();
      root.path("tags")
          .properties()
          .forEach(
              e ->
                  r.tags.put(
                      e.getKey(),
                      e.getValue().isNull()
                          ? Optional.empty()
                          : Optional.of(b64.decode(e.getValue().asText()))));
      root.path("content")
          .properties()
          .forEach(e -> r.content.put(e.getKey(), b64.decode(e.getValue().asText())));
      for (var e : root.path("referrers").properties()) {
        r.pages.put(
            e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(page(e.getValue())));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new SignatureException(
          SignatureException.Reason.MALFORMED,
          "cached signature material is unreadable: " + e.getMessage());
    }
    return r;
  }

  /**
   * The recorded material as one JSON document (binary content base64).
   *
   * @return UTF-8 JSON
   */
  public byte[] toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode t = root.putObject("tags");
    tags.forEach((k, v) -> t.put(k, v.map(b64::encodeToString).orElse(null)));
    ObjectNode c = root.putObject("content");
    content.forEach((k, v) -> c.put(k, b64.encodeToString(v)));
    ObjectNode p = root.putObject("referrers");
    pages.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            p.putNull(k);
            return;
          }
          ObjectNode n = p.putObject(k);
          v.get().next().ifPresent(x -> n.put("next", x));
          n.put("bytes", v.get().bytes());
          ArrayNode ds = n.putArray("descriptors");
          for (Descriptor d : v.get().descriptors()) {
            ObjectNode dn = ds.addObject();
            dn.put("mediaType", d.mediaType()).put("digest", d.digest()).put("size", d.size());
            dn.put("artifactType", d.artifactType());
            ObjectNode an = dn.putObject("annotations");
            d.annotations().forEach(an::put);
          }
        });
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<byte[]> manifestByTag(String tag, int maxBytes) throws IOException {
    if (live.isPresent()) {
      Optional<byte[]> v = live.get().manifestByTag(tag, maxBytes);
      tags.put(tag, v);
      v.ifPresent(b -> content.put("sha256:" + Digests.sha256Hex(b), b));
      return v;
    }
    Optional<byte[]> v = tags.get(tag);
    if (v == null) {
      throw new IOException("tag " + tag + " is not in the cached signature material");
    }
    return v;
  }

  @Override
  public byte[] manifest(String digest, int maxBytes) throws IOException {
    if (live.isPresent()) { // manifests are not blobs to a registry: ask for a manifest
      byte[] b = live.get().manifest(digest, maxBytes);
      content.put(digest, b);
      return b;
    }
    return blob(digest, maxBytes);
  }

  @Override
  public byte[] blob(String digest, long maxBytes) throws IOException {
    if (live.isPresent()) {
      byte[] b = live.get().blob(digest, maxBytes);
      content.put(digest, b);
      return b;
    }
    byte[] b = content.get(digest);
    if (b == null) {
      throw new IOException(digest + " is not in the cached signature material");
    }
    String actual = "sha256:" + Digests.sha256Hex(b);
    if (!actual.equals(digest) || b.length > maxBytes) {
      throw new IOException("cached signature material " + digest + " reads back as " + actual);
    }
    return b;
  }

  @Override
  public Optional<ReferrersPage> referrers(String subject, String type, Optional<String> page)
      throws IOException {
    String key = subject + " " + page.orElse("");
    if (live.isPresent()) {
      Optional<ReferrersPage> v = live.get().referrers(subject, type, page);
      pages.put(key, v);
      return v;
    }
    Optional<ReferrersPage> v = pages.get(key);
    if (v == null) {
      throw new IOException("referrers page '" + key + "' is not in the cached signature material");
    }
    return v;
  }

  private static ReferrersPage page(JsonNode n) {
    List<Descriptor> ds = new ArrayList<>();
    for (JsonNode d : n.path("descriptors")) {
      Map<String, String> an = new LinkedHashMap<>();
      d.path("annotations").properties().forEach(e -> an.put(e.getKey(), e.getValue().asText()));
      ds.add(
          new Descriptor(
              d.path("mediaType").asText(),
              d.path("digest").asText(),
              d.path("size").asLong(),
              d.path("artifactType").asText(""),
              an));
    }
    // Material recorded before listings were counted has no "bytes": its own size stands in.
    long bytes =
        n.has("bytes")
            ? n.get("bytes").asLong()
            : n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return new ReferrersPage(
        ds, n.hasNonNull("next") ? Optional.of(n.get("next").asText()) : Optional.empty(), bytes);
  }
}
