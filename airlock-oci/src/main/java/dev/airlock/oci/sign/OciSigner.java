package dev.airlock.oci.sign;

import dev.airlock.oci.BlobContent;
import dev.airlock.oci.Descriptor;
import dev.airlock.oci.Digest;
import dev.airlock.oci.MediaTypes;
import dev.airlock.oci.OciException;
import dev.airlock.oci.OciManifest;
import dev.airlock.oci.Reference;
import dev.airlock.oci.Referrers;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.Repository;
import dev.airlock.oci.keyless.KeylessSignature;
import dev.airlock.oci.keyless.KeylessSigner;
import dev.airlock.signature.KeyBundles;
import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.SignatureDocuments;
import dev.airlock.signature.SignatureDocuments.Document;
import dev.airlock.signature.SignatureSource;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.SimpleSigningPayload;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs a manifest in a registry with a key, as cosign does: a legacy {@code sha256-<hex>.sig}
 * signature (the signatures already there are kept, the new one added), and optionally a Sigstore
 * v0.3 bundle as an OCI 1.1 referrer, plus the {@code sha256-<hex>} referrers index when the
 * registry has no referrers API. Blobs are pushed before the manifests that name them. {@link
 * #signKeyless} signs keyless instead (Fulcio certificate, Rekor entry) and attaches the bundle the
 * same way; {@link #attach} attaches a bundle made elsewhere.
 */
public final class OciSigner {
  private final RegistryClient client;

  /**
   * A signer.
   *
   * @param client the registry client (with push credentials)
   */
  public OciSigner(RegistryClient client) {
    this.client = client;
  }

  /**
   * What was written.
   *
   * @param manifestDigest the signed manifest
   * @param legacyTag the {@code .sig} tag
   * @param legacySignatures how many signatures that tag now holds
   * @param bundleReferrer the bundle referrer manifest, when {@code --bundle}
   * @param fallbackTag the referrers index tag, when the registry has no referrers API
   */
  public record Signed(
      Digest manifestDigest,
      String legacyTag,
      int legacySignatures,
      Optional<Digest> bundleReferrer,
      Optional<String> fallbackTag) {}

  /**
   * Signs what a reference names.
   *
   * @param ref the reference (a tag is resolved once; the signature is for its digest)
   * @param key the private key
   * @param bundleKey the matching public key to also write a bundle referrer, or empty
   * @param annotations extra claims for the payload's {@code optional} section
   * @return what was written
   * @throws OciException when the manifest is missing or the registry refuses a write
   */
  public Signed sign(
      Reference ref, PrivateKey key, Optional<PublicKey> bundleKey, Map<String, String> annotations)
      throws OciException {
    Repository repo = ref.repository();
    OciManifest subject = client.getManifest(repo, ref.identifier(), MediaTypes.ALL_MANIFESTS);
    String digest = subject.digest().toString();
    byte[] payload = SimpleSigningPayload.of(digest, repo.toString(), annotations).toBytes();
    LegacySignature fresh =
        SignatureDocuments.legacyLayer(payload, SigningKeys.sign(key, payload), Optional.empty());
    List<LegacySignature> layers = existingLegacy(repo, digest, fresh);
    layers.add(fresh);
    Document legacy = SignatureDocuments.legacyManifest(digest, layers);
    push(repo, legacy);
    Optional<Digest> referrer = Optional.empty();
    Optional<String> fallback = Optional.empty();
    if (bundleKey.isPresent()) {
      byte[] bundle = KeyBundles.messageSignature(key, bundleKey.get(), subject.bytes());
      Attached a = attach(repo, subject, bundle);
      referrer = Optional.of(a.referrer());
      fallback = a.fallbackTag();
    }
    return new Signed(
        subject.digest(), legacy.tag().orElseThrow(), layers.size(), referrer, fallback);
  }

  /**
   * Where an attached bundle went.
   *
   * @param manifestDigest the signed manifest
   * @param referrer the referrer manifest's digest
   * @param fallbackTag the referrers index tag, when the registry has no referrers API
   */
  public record Attached(Digest manifestDigest, Digest referrer, Optional<String> fallbackTag) {}

  /**
   * Attaches a Sigstore bundle made elsewhere (e.g. by cosign or sigstore-js, keyless) to what a
   * reference names, as cosign v3 does: a referrer manifest pushed by digest, and the {@code
   * sha256-<hex>} referrers index updated when the registry has no referrers API.
   *
   * @param ref the signed reference
   * @param bundle the bundle JSON (over the manifest bytes)
   * @return where it went
   * @throws OciException when the manifest is missing or a write is refused
   */
  public Attached attach(Reference ref, byte[] bundle) throws OciException {
    Repository repo = ref.repository();
    return attach(
        repo, client.getManifest(repo, ref.identifier(), MediaTypes.ALL_MANIFESTS), bundle);
  }

  /**
   * What a keyless signature wrote.
   *
   * @param signature the bundle and the identity it names
   * @param attached where the bundle went
   */
  public record SignedKeyless(KeylessSignature signature, Attached attached) {}

  /**
   * Signs what a reference names keyless (Fulcio certificate, Rekor entry) and attaches the bundle
   * as {@link #attach} does. The manifest is fetched once; the bundle signs its exact bytes. When
   * Fulcio or Rekor fail or answer something unusable, nothing is written to the registry.
   *
   * @param ref the reference
   * @param signer the keyless signer (services and identity token)
   * @return the signature and where it went
   * @throws OciException when the manifest is missing, signing fails, or a write is refused
   */
  public SignedKeyless signKeyless(Reference ref, KeylessSigner signer) throws OciException {
    Repository repo = ref.repository();
    OciManifest subject = client.getManifest(repo, ref.identifier(), MediaTypes.ALL_MANIFESTS);
    KeylessSignature sig = signer.sign(subject.bytes());
    return new SignedKeyless(sig, attach(repo, subject, sig.bundle()));
  }

  private Attached attach(Repository repo, OciManifest subject, byte[] bundle) throws OciException {
    String digest = subject.digest().toString();
    String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    SignatureSource.Descriptor s =
        new SignatureSource.Descriptor(
            subject.mediaType(), digest, subject.bytes().length, "", Map.of());
    Document doc = SignatureDocuments.bundleReferrer(s, bundle, created);
    Digest referrer = push(repo, doc);
    Referrers r = client.referrers(repo, subject.digest(), Optional.empty());
    if (r.supported()) {
      return new Attached(subject.digest(), referrer, Optional.empty());
    }
    List<SignatureSource.Descriptor> listed = existingIndex(repo, digest);
    SignatureSource.Descriptor mine =
        new SignatureSource.Descriptor(
            doc.manifest().mediaType(),
            doc.manifest().digest(),
            doc.manifest().bytes().length,
            SigstoreBundle.MEDIA_TYPE,
            Map.of());
    if (!listed.contains(mine)) {
      listed.add(mine);
    }
    Document index = SignatureDocuments.referrersIndex(digest, listed);
    push(repo, index);
    return new Attached(subject.digest(), referrer, index.tag());
  }

  private List<LegacySignature> existingLegacy(
      Repository repo, String digest, LegacySignature fresh) throws OciException {
    List<LegacySignature> out = new ArrayList<>();
    Optional<OciManifest> m = manifest(repo, digest.replace(':', '-') + ".sig");
    if (m.isEmpty()) {
      return out;
    }
    for (Descriptor d : m.get().layers()) {
      if (!SimpleSigningPayload.MEDIA_TYPE.equals(d.mediaType())) {
        continue;
      }
      byte[] p = client.getBlob(repo, d, SimpleSigningPayload.MAX_BYTES);
      LegacySignature old = new LegacySignature("existing", p, d.annotations());
      boolean same =
          Arrays.equals(p, fresh.payload()) && d.annotations().equals(fresh.annotations());
      if (!same) {
        out.add(old);
      }
    }
    return out;
  }

  private List<SignatureSource.Descriptor> existingIndex(Repository repo, String digest)
      throws OciException {
    List<SignatureSource.Descriptor> out = new ArrayList<>();
    Optional<OciManifest> index = manifest(repo, digest.replace(':', '-'));
    for (Descriptor d : index.map(OciManifest::manifests).orElse(List.of())) {
      out.add(
          new SignatureSource.Descriptor(
              d.mediaType(),
              d.digest().toString(),
              d.size(),
              d.artifactType().orElse(""),
              d.annotations()));
    }
    return out;
  }

  private Optional<OciManifest> manifest(Repository repo, String tag) throws OciException {
    try {
      return Optional.of(client.getManifest(repo, tag, MediaTypes.ALL_MANIFESTS));
    } catch (OciException e) {
      if (e.kind() == OciException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Blobs first, then the manifest (by tag, else by digest). */
  private Digest push(Repository repo, Document doc) throws OciException {
    for (SignatureDocuments.Blob b : doc.blobs()) {
      client.pushBlob(
          repo,
          BlobContent.of(b.bytes()),
          Descriptor.of(b.mediaType(), b.bytes(), Map.of()),
          Optional.empty());
    }
    byte[] bytes = doc.manifest().bytes();
    return client.putManifest(
        repo, doc.tag().orElse(doc.manifest().digest()), doc.manifest().mediaType(), bytes);
  }
}
