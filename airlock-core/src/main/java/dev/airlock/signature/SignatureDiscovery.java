package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.internal.Digests;
import dev.airlock.signature.SignatureException.Reason;
import dev.airlock.signature.SignatureSource.Descriptor;
import dev.airlock.signature.SignatureSource.ReferrersPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the signatures of a manifest digest: Sigstore bundles through the OCI 1.1 referrers API
 * (paged, filtered to {@link SigstoreBundle#MEDIA_TYPE}) or, when the registry has none, the
 * fallback tag {@code sha256-<hex>} holding an index of referrers; then cosign's legacy tag {@code
 * sha256-<hex>.sig}. Reads at most {@link DiscoveryLimits} signatures, bytes and pages, and refuses
 * (fails closed) past them. Not thread-safe: one instance per discovery.
 */
public final class SignatureDiscovery {
  /** Largest signature manifest or index read. */
  public static final int MAX_MANIFEST = 4 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignatureSource source;
  private final DiscoveryLimits limits;
  private final String digest;
  private final List<SignatureCandidate> found = new ArrayList<>();
  private long bytes;

  private SignatureDiscovery(SignatureSource source, DiscoveryLimits limits, String digest) {
    this.source = source;
    this.limits = limits;
    this.digest = digest;
  }

  /**
   * Discovers the signatures of a manifest.
   *
   * @param source the repository view
   * @param manifestDigest {@code sha256:<hex>}
   * @param limits the bounds
   * @return the candidates, bundles first, in registry order
   * @throws SignatureException ({@link Reason#LIMIT}) past a bound, ({@link Reason#MALFORMED}) for
   *     unreadable signature manifests
   * @throws IOException on registry errors
   */
  public static List<SignatureCandidate> discover(
      SignatureSource source, String manifestDigest, DiscoveryLimits limits)
      throws SignatureException, IOException {
    SignatureVerifier.sha256Bytes(manifestDigest); // validates the form
    SignatureDiscovery d = new SignatureDiscovery(source, limits, manifestDigest);
    d.bundles();
    d.legacy();
    return List.copyOf(d.found);
  }

  /** The fallback tag of a digest's referrers index: {@code sha256-<hex>}. */
  static String fallbackTag(String digest) {
    return digest.replace(':', '-');
  }

  /** cosign's legacy signature tag: {@code sha256-<hex>.sig}. */
  static String legacyTag(String digest) {
    return fallbackTag(digest) + ".sig";
  }

  private void bundles() throws SignatureException, IOException {
    Optional<String> page = Optional.empty();
    Optional<ReferrersPage> first =
        source.referrers(digest, SigstoreBundle.MEDIA_TYPE, Optional.empty());
    if (first.isEmpty()) {
      fallbackIndex();
      return;
    }
    ReferrersPage current = first.get();
    for (int pages = 1; ; pages++) {
      // The listing is signature material too: a registry could otherwise send maxPages pages of
      // padding that no byte bound sees.
      room(current.bytes(), "referrers listing page " + pages);
      bytes += current.bytes();
      for (Descriptor d : current.descriptors()) {
        if (SigstoreBundle.MEDIA_TYPE.equals(d.artifactType())) {
          bundleReferrer(d);
        }
      }
      page = current.next();
      if (page.isEmpty()) {
        return;
      }
      if (pages >= limits.maxPages()) {
        throw limit(
            String.format(
                Locale.ROOT,
                "the referrers listing for %s did not end after %d pages; refusing (limit"
                    + " maxPages)",
                digest,
                limits.maxPages()));
      }
      current =
          source
              .referrers(digest, SigstoreBundle.MEDIA_TYPE, page)
              .orElseThrow(() -> new IOException("referrers API vanished while paging"));
    }
  }

  private void fallbackIndex() throws SignatureException, IOException {
    Optional<byte[]> index = source.manifestByTag(fallbackTag(digest), MAX_MANIFEST);
    if (index.isEmpty()) {
      return;
    }
    JsonNode root = json(count(index.get()), "referrers index " + fallbackTag(digest));
    for (JsonNode m : root.path("manifests")) {
      if (SigstoreBundle.MEDIA_TYPE.equals(m.path("artifactType").asText())) {
        bundleReferrer(descriptor(m));
      }
    }
  }

  private void bundleReferrer(Descriptor d) throws SignatureException, IOException {
    room(d.size(), "referrer manifest " + d.digest());
    JsonNode manifest =
        json(count(source.manifest(d.digest(), MAX_MANIFEST)), "referrer " + d.digest());
    if (!digest.equals(manifest.path("subject").path("digest").asText())) {
      return; // a referrer of something else, listed by a confused registry or an attacker
    }
    for (JsonNode layer : manifest.path("layers")) {
      if (layer.path("mediaType").asText().equals(SigstoreBundle.MEDIA_TYPE)) {
        Descriptor l = descriptor(layer);
        signature();
        room(l.size(), "bundle " + l.digest());
        byte[] blob = count(checked(source.blob(l.digest(), l.size()), l));
        found.add(new SigstoreBundle("referrer " + d.digest(), blob));
      }
    }
  }

  private void legacy() throws SignatureException, IOException {
    String tag = legacyTag(digest);
    Optional<byte[]> manifest = source.manifestByTag(tag, MAX_MANIFEST);
    if (manifest.isEmpty()) {
      return;
    }
    JsonNode root = json(count(manifest.get()), "signature manifest " + tag);
    int i = 0;
    for (JsonNode layer : root.path("layers")) {
      i++;
      if (!SimpleSigningPayload.MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        continue;
      }
      Descriptor d = descriptor(layer);
      signature();
      long cap = Math.min(d.size(), SimpleSigningPayload.MAX_BYTES);
      if (d.size() > SimpleSigningPayload.MAX_BYTES) {
        throw limit(
            tag + " layer " + i + " is " + d.size() + " bytes; payloads are at most " + cap);
      }
      room(d.size(), tag + " layer " + i);
      byte[] payload = count(checked(source.blob(d.digest(), cap), d));
      found.add(new LegacySignature(tag + " layer " + i, payload, d.annotations()));
    }
  }

  private void signature() throws SignatureException {
    if (found.size() >= limits.maxSignatures()) {
      throw limit(
          String.format(
              Locale.ROOT,
              "%s has more than %d signatures; refusing (limit maxSignatures)",
              digest,
              limits.maxSignatures()));
    }
  }

  private void room(long size, String what) throws SignatureException {
    if (size < 0 || bytes + size > limits.maxBytes()) {
      throw limit(
          String.format(
              Locale.ROOT,
              "reading %s (%d bytes) would exceed %d bytes of signature material for %s; refusing"
                  + " (limit maxBytes)",
              what,
              size,
              limits.maxBytes(),
              digest));
    }
  }

  private byte[] count(byte[] b) throws SignatureException {
    room(b.length, "signature material");
    bytes += b.length;
    return b;
  }

  private static byte[] checked(byte[] blob, Descriptor d) throws SignatureException {
    String actual = "sha256:" + Digests.sha256Hex(blob);
    if (!actual.equals(d.digest()) || blob.length != d.size()) {
      throw new SignatureException(
          Reason.MALFORMED,
          "blob " + d.digest() + " read back as " + actual + " (" + blob.length + " bytes)",
          d.digest(),
          actual,
          null);
    }
    return blob;
  }

  private static Descriptor descriptor(JsonNode n) throws SignatureException {
    String digest = n.path("digest").asText();
    if (!digest.matches("sha256:[0-9a-f]{64}") || !n.path("size").canConvertToLong()) {
      throw new SignatureException(
          Reason.MALFORMED, "descriptor has no valid sha256 digest and size: " + n);
    }
    Map<String, String> annotations = new HashMap<>();
    n.path("annotations")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new Descriptor(
        n.path("mediaType").asText(),
        digest,
        n.path("size").asLong(),
        n.path("artifactType").asText(""),
        annotations);
  }

  private static JsonNode json(byte[] bytes, String what) throws SignatureException {
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new SignatureException(Reason.MALFORMED, what + " is not a JSON manifest");
    }
  }

  private SignatureException limit(String message) {
    return new SignatureException(Reason.LIMIT, message);
  }
}
