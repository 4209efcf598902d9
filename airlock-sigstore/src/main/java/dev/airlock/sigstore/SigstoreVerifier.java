package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.KeylessVerifier;
import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SignatureException.Reason;
import dev.airlock.signature.Signer;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.TrustMaterial;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyless verification on sigstore-java, with Airlock's own checks: a transparency-log entry whose
 * integrated time lies in the future is refused; logs without a validity start are not trusted;
 * bundles signed with a managed key are verified against the policy's keys; cosign's older keyless
 * {@code .sig} signatures (certificate + signed entry timestamp) are verified by {@link
 * LegacyKeylessCheck}. Certificate bundles are verified by {@link OwnBundleCheck} first (the fast
 * path of every re-verify); only when it refuses does sigstore-java's whole verifier run, for its
 * verdict and reasons, and never when the trust material has no CT log key (it would refuse every
 * certificate; {@link FulcioChains}). Every call checks everything again: what is kept between
 * calls is the trust material parsed once (the trusted root, its CA certificates and log keys),
 * never an outcome. Thread-safe after construction.
 */
public final class SigstoreVerifier implements KeylessVerifier {
  /** Tolerated clock skew for "integrated time in the future". */
  static final Duration SKEW = Duration.ofMinutes(5);

  /** Largest bundle parsed. */
  static final int MAX_BUNDLE = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INCONSISTENT =
      "Provided verification materials are inconsistent with log entry";

  /** At most this many prepared keys are kept. */
  private static final int MAX_PREPARED_KEYS = 64;

  private final Map<PublicKey, PublicKey> preparedKeys = new ConcurrentHashMap<>();
  private final SigstoreTrustedRoot root;
  private final dev.sigstore.KeylessVerifier keyless;
  private final Clock clock;

  private SigstoreVerifier(SigstoreTrustedRoot root, Clock clock) throws SignatureException {
    this.root = root;
    this.clock = clock;
    try {
      this.keyless = dev.sigstore.KeylessVerifier.builder().trustedRootProvider(() -> root).build();
    } catch (Exception e) {
      throw new SignatureException(
          Reason.BAD_POLICY, "keyless trust material cannot be used: " + e.getMessage());
    }
  }

  /**
   * A verifier for the given trust material.
   *
   * @param trust a trusted root, PEM files, or TUF (network, only when asked)
   * @param clock the current time, for the "integrated time in the future" check
   * @return the verifier
   * @throws SignatureException ({@link Reason#BAD_POLICY}) when the trust material is missing or
   *     unusable
   */
  public static SigstoreVerifier create(TrustMaterial trust, Clock clock)
      throws SignatureException {
    return new SigstoreVerifier(TrustedRoots.load(trust), clock);
  }

  /**
   * A verifier with no keyless trust, for key-only policies: it accepts bundles signed with the
   * policy's keys that carry no log entry (no log is trusted, so entries cannot verify).
   * Certificates never verify.
   *
   * @param clock the current time
   * @return the verifier
   * @throws SignatureException never in practice; the empty root is always usable
   */
  public static SigstoreVerifier forKeysOnly(Clock clock) throws SignatureException {
    byte[] empty =
        ("{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
                + "\"tlogs\":[],\"certificateAuthorities\":[],\"ctlogs\":[],"
                + "\"timestampAuthorities\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    return new SigstoreVerifier(TrustedRoots.parse(empty, "empty trusted root"), clock);
  }

  /**
   * The same check as {@link PublicKeys#verify}, for EC keys on BouncyCastle ({@link EcdsaChecks})
   * with the key prepared once and kept (the policy's keys: configuration, not outcomes).
   */
  @Override
  public boolean verifyKeySignature(PublicKey key, byte[] message, byte[] signature) {
    if (!"EC".equals(key.getAlgorithm())) {
      return PublicKeys.verify(key, message, signature);
    }
    try {
      return EcdsaChecks.verify(prepared(key), message, signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a malformed signature is a signature that does not verify
    }
  }

  /**
   * {@code key} prepared for {@link EcdsaChecks}, kept for the policy's keys.
   *
   * @throws GeneralSecurityException when the key cannot be converted
   */
  PublicKey prepared(PublicKey key) throws GeneralSecurityException {
    PublicKey p = preparedKeys.get(key);
    if (p == null) {
      p = EcdsaChecks.prepare(key);
      if (preparedKeys.size() < MAX_PREPARED_KEYS) { // a policy names a few keys; stay bounded
        preparedKeys.putIfAbsent(key, p);
      }
    }
    return p;
  }

  @Override
  public Signer verifyLegacy(LegacySignature signature) throws SignatureException {
    return new LegacyKeylessCheck(root, clock).verify(signature);
  }

  @Override
  public Signer verifyBundle(SigstoreBundle candidate, byte[] artifactSha256, List<PublicKey> keys)
      throws SignatureException {
    byte[] json = candidate.json();
    if (json.length > MAX_BUNDLE) {
      throw invalid(candidate, "is " + json.length + " bytes; bundles are at most " + MAX_BUNDLE);
    }
    String text = new String(json, StandardCharsets.UTF_8);
    JsonNode tree = checkIntegratedTimes(candidate, text);
    if (tree.path("verificationMaterial").has("publicKey")) {
      return new KeyBundleCheck(root, this).verify(candidate, tree, artifactSha256, keys);
    }
    if (root.getCAs().isEmpty() && hasCertificate(tree)) {
      // Nothing to chain to (a key-only policy): refused without parsing it for sigstore-java.
      throw invalid(
          candidate, "is signed with a certificate and no certificate authority is trusted");
    }
    Bundle bundle;
    try {
      bundle = Bundle.from(new StringReader(text));
    } catch (BundleParseException | RuntimeException e) {
      throw new SignatureException(
          Reason.MALFORMED,
          candidate.origin() + " is not a valid Sigstore bundle: " + e.getMessage());
    }
    if (bundle.getCertPath() == null || bundle.getCertPath().getCertificates().isEmpty()) {
      throw invalid(candidate, "has neither a certificate nor a public key");
    }
    OwnBundleCheck own = new OwnBundleCheck(root, clock);
    if (OwnBundleCheck.needed(tree)
        || Checkpoints.nameDiffersFromKey(tree, root)
        || root.getCTLogs().isEmpty()) {
      // No CT log key (PEM trust): sigstore-java's verifier refuses every certificate there ("No
      // ct logs were provided to verifier"), so its verdict would hide OwnBundleCheck's reason.
      return own.verify(candidate, bundle, tree, artifactSha256);
    }
    try {
      // The fast path: every check sigstore-java makes, on its building blocks, with ECDSA on
      // BouncyCastle (EcdsaChecks). A bundle it accepts, sigstore-java accepts as well, apart from
      // the two differences OwnBundleCheck documents (log body compared as a record, checkpoint
      // origin matched by key hint).
      return own.verify(candidate, bundle, tree, artifactSha256);
    } catch (SignatureException refused) {
      // Refused: sigstore-java's verifier decides, with its reasons (the slow path, failures only).
    }
    try {
      keyless.verify(artifactSha256, bundle, VerificationOptions.empty());
    } catch (KeylessVerificationException e) {
      if (INCONSISTENT.equals(e.getMessage())) {
        // sigstore-java compares the log body text with its own serialisation; compare the record.
        return own.verify(candidate, bundle, tree, artifactSha256);
      }
      throw invalid(candidate, "does not verify: " + e.getMessage());
    } catch (RuntimeException e) {
      throw invalid(candidate, "does not verify: " + e.getMessage());
    }
    X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    for (var entry : bundle.getEntries()) {
      // sigstore-java accepts an integrated time outside the certificate's validity.
      if (entry.getIntegratedTime() > 0) {
        Instant t = Instant.ofEpochSecond(entry.getIntegratedTime());
        try {
          leaf.checkValidity(java.util.Date.from(t));
        } catch (java.security.cert.CertificateException e) {
          throw invalid(
              candidate,
              "was logged at "
                  + t
                  + ", outside the certificate's validity ("
                  + leaf.getNotBefore().toInstant()
                  + " to "
                  + leaf.getNotAfter().toInstant()
                  + ")");
        }
      }
    }
    return CertificateIdentities.signer(leaf);
  }

  private static boolean hasCertificate(JsonNode tree) {
    JsonNode material = tree.path("verificationMaterial");
    return material.has("certificate") || material.has("x509CertificateChain");
  }

  private JsonNode checkIntegratedTimes(SigstoreBundle candidate, String text)
      throws SignatureException {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new SignatureException(Reason.MALFORMED, candidate.origin() + " is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new SignatureException(Reason.MALFORMED, candidate.origin() + " is not a JSON object");
    }
    Instant latest = clock.instant().plus(SKEW);
    for (JsonNode e : n.path("verificationMaterial").path("tlogEntries")) {
      long t;
      try {
        t = BundleEntries.number(e.path("integratedTime"));
      } catch (NumberFormatException ex) {
        throw invalid(candidate, "has a non-numeric integratedTime");
      }
      if (Instant.ofEpochSecond(t).isAfter(latest)) {
        throw invalid(
            candidate,
            String.format(
                Locale.ROOT,
                "has a transparency log entry integrated at %s, in the future (now %s)",
                Instant.ofEpochSecond(t),
                clock.instant()));
      }
    }
    return n;
  }

  static SignatureException invalid(SigstoreBundle b, String what) {
    return new SignatureException(Reason.INVALID, "bundle " + b.origin() + " " + what);
  }
}
