package dev.airlock.oci.sign;

import dev.airlock.oci.Digest;
import dev.airlock.oci.MediaTypes;
import dev.airlock.oci.OciException;
import dev.airlock.oci.OciManifest;
import dev.airlock.oci.Referrers;
import dev.airlock.oci.RegistryView;
import dev.airlock.oci.Repository;
import dev.airlock.signature.DiscoveryLimits;
import dev.airlock.signature.SignatureSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The {@link SignatureSource} of one repository, over the OCI client's read-only {@link
 * RegistryView}: manifests by tag (404 is "no such tag") and by digest, small blobs, and the
 * referrers API. Every read is bounded (the client caps manifests at {@link OciManifest#MAX_BYTES}
 * and referrers at discovery's page bound; this class applies the smaller bounds discovery asks
 * for) and digest-checked. The client follows the referrers {@code Link} pages itself, so {@link
 * #referrers} answers with one page holding them all.
 */
public final class OciSignatureSource implements SignatureSource {
  private final RegistryView registry;
  private final Repository repo;
  private final DiscoveryLimits limits;

  /**
   * A source for one repository.
   *
   * @param registry the registry, authenticated as the pull is
   * @param repo the repository holding the signed manifest
   */
  public OciSignatureSource(RegistryView registry, Repository repo) {
    this(registry, repo, DiscoveryLimits.DEFAULT);
  }

  /**
   * A source for one repository whose referrers listing is read within discovery's bounds: at most
   * {@link DiscoveryLimits#maxPages()} pages and {@link DiscoveryLimits#maxBytes()} bytes (the
   * listing is read first, so the whole budget is still there; discovery then counts what it took).
   *
   * @param registry the registry, authenticated as the pull is
   * @param repo the repository holding the signed manifest
   * @param limits the bounds of the discovery this source serves
   */
  public OciSignatureSource(RegistryView registry, Repository repo, DiscoveryLimits limits) {
    this.registry = registry;
    this.repo = repo;
    this.limits = limits;
  }

  @Override
  public Optional<byte[]> manifestByTag(String tag, int maxBytes) throws IOException {
    OciManifest m;
    try {
      m = registry.getManifest(repo, tag, MediaTypes.ALL_MANIFESTS);
    } catch (OciException e) {
      if (e.kind() == OciException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw io(e);
    }
    return Optional.of(capped(m.bytes(), maxBytes, repo + ":" + tag));
  }

  @Override
  public byte[] manifest(String digest, int maxBytes) throws IOException {
    try {
      OciManifest m =
          registry.getManifest(repo, parse(digest).toString(), MediaTypes.ALL_MANIFESTS);
      return capped(m.bytes(), maxBytes, repo + "@" + digest);
    } catch (OciException e) {
      throw io(e);
    }
  }

  @Override
  public byte[] blob(String digest, long maxBytes) throws IOException {
    // Discovery passes the descriptor's size as maxBytes (it refuses larger sizes before asking),
    // so the client reads exactly that many bytes, stops one past it and checks the digest.
    try {
      Digest d = parse(digest);
      dev.airlock.oci.Descriptor probe =
          new dev.airlock.oci.Descriptor(
              "application/octet-stream",
              d,
              maxBytes,
              java.util.Map.of(),
              Optional.empty(),
              Optional.empty());
      return registry.getBlob(repo, probe, maxBytes);
    } catch (OciException e) {
      throw io(e);
    }
  }

  @Override
  public Optional<ReferrersPage> referrers(
      String subjectDigest, String artifactType, Optional<String> page) throws IOException {
    if (page.isPresent()) {
      return Optional.of(new ReferrersPage(List.of(), Optional.empty(), 0));
    }
    Referrers r;
    try {
      r =
          registry.referrers(
              repo,
              parse(subjectDigest),
              Optional.of(artifactType),
              limits.maxPages(),
              limits.maxBytes());
    } catch (OciException e) {
      throw io(e);
    }
    if (!r.supported()) {
      return Optional.empty();
    }
    List<SignatureSource.Descriptor> ds =
        r.manifests().stream()
            .map(
                d ->
                    new SignatureSource.Descriptor(
                        d.mediaType(),
                        d.digest().toString(),
                        d.size(),
                        d.artifactType().orElse(""),
                        d.annotations()))
            .toList();
    return Optional.of(new ReferrersPage(ds, Optional.empty(), r.bytes()));
  }

  private static Digest parse(String digest) throws IOException {
    try {
      return Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a digest: " + digest, e);
    }
  }

  private static byte[] capped(byte[] bytes, int maxBytes, String what) throws IOException {
    if (bytes.length > maxBytes) {
      throw new IOException(
          what + " is " + bytes.length + " bytes; signature manifests are read up to " + maxBytes);
    }
    return bytes;
  }

  private static IOException io(OciException e) {
    return new IOException(e.getMessage(), e);
  }
}
