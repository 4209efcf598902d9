package dev.airlock.signature;

import dev.airlock.internal.Digests;
import dev.airlock.signature.SignatureDocuments.Blob;
import dev.airlock.signature.SignatureDocuments.Document;
import dev.airlock.signature.SignatureSource.Descriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake registry repository in memory (unit tests only): tags, manifests and blobs by digest, and
 * optionally a referrers API with a page size, or one that never ends.
 */
final class InMemorySignatureSource implements SignatureSource {
  final Map<String, byte[]> tags = new HashMap<>();
  final Map<String, byte[]> content = new HashMap<>();
  final List<Descriptor> referrers = new ArrayList<>();
  final java.util.Set<String> manifests = new java.util.HashSet<>();
  boolean referrersApi = true;

  /** As registries do: a manifest is not served as a blob, nor a blob as a manifest. */
  boolean strictKinds;

  boolean endless;
  int pageSize = 100;

  /** What each referrers page costs, as the bytes a registry sent for it. */
  long pageBytes;

  int requests;

  void push(Document d) {
    for (Blob b : d.blobs()) {
      content.put(b.digest(), b.bytes());
    }
    content.put(d.manifest().digest(), d.manifest().bytes());
    manifests.add(d.manifest().digest());
    d.tag().ifPresent(t -> tags.put(t, d.manifest().bytes()));
  }

  @Override
  public Optional<byte[]> manifestByTag(String tag, int maxBytes) throws IOException {
    requests++;
    byte[] b = tags.get(tag);
    if (b != null && b.length > maxBytes) {
      throw new IOException("manifest too large");
    }
    return Optional.ofNullable(b);
  }

  @Override
  public byte[] manifest(String digest, int maxBytes) throws IOException {
    if (strictKinds && !manifests.contains(digest)) {
      throw new IOException("no manifest " + digest);
    }
    return read(digest, maxBytes);
  }

  @Override
  public byte[] blob(String digest, long maxBytes) throws IOException {
    if (strictKinds && manifests.contains(digest)) {
      throw new IOException("no blob " + digest + " (404)");
    }
    return read(digest, maxBytes);
  }

  private byte[] read(String digest, long maxBytes) throws IOException {
    requests++;
    byte[] b = content.get(digest);
    if (b == null) {
      throw new IOException("not found: " + digest);
    }
    if (b.length > maxBytes) {
      throw new IOException("blob larger than " + maxBytes);
    }
    if (!digest.equals("sha256:" + Digests.sha256Hex(b))) {
      throw new IOException("digest mismatch");
    }
    return b;
  }

  @Override
  public Optional<ReferrersPage> referrers(String subject, String type, Optional<String> page) {
    requests++;
    if (!referrersApi) {
      return Optional.empty();
    }
    int from = page.map(Integer::parseInt).orElse(0);
    if (endless) {
      return Optional.of(
          new ReferrersPage(List.of(), Optional.of(String.valueOf(from + 1)), pageBytes));
    }
    int to = Math.min(referrers.size(), from + pageSize);
    return Optional.of(
        new ReferrersPage(
            referrers.subList(from, to),
            to < referrers.size() ? Optional.of(String.valueOf(to)) : Optional.empty(),
            pageBytes));
  }
}
