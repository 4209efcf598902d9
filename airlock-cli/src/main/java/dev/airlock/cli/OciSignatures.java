package dev.airlock.cli;

import dev.airlock.oci.Descriptor;
import dev.airlock.oci.MediaTypes;
import dev.airlock.oci.OciException;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.keyless.KeylessSigner;
import dev.airlock.oci.sign.OciSigner;
import dev.airlock.oci.sign.SignaturePullVerifier;
import dev.airlock.signature.PolicyParser;
import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code airlock sign oci://…} and {@code airlock verify oci://…}: cosign-style signatures. */
final class OciSignatures {
  private OciSignatures() {}

  /** Signs with a key: a legacy {@code .sig} signature, and a bundle referrer when asked. */
  static int sign(
      PrintWriter out,
      RegistryClient client,
      String reference,
      Path key,
      boolean bundle,
      boolean json)
      throws Exception {
    Reference ref = Reference.parse(reference);
    PrivateKey privateKey = SigningKeys.readPrivateKey(key);
    Optional<PublicKey> pub = Optional.empty();
    if (bundle) {
      Path pubFile = publicKeyBeside(key);
      pub = Optional.of(PublicKeys.parse(Files.readString(pubFile), pubFile.toString()));
    }
    OciSigner.Signed s = new OciSigner(client).sign(ref, privateKey, pub, Map.of());
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("reference", ref.toString());
      r.put("digest", s.manifestDigest().toString());
      r.put("signature_tag", s.legacyTag());
      r.put("signatures", s.legacySignatures());
      r.put("bundle_referrer", s.bundleReferrer().map(Object::toString).orElse(null));
      r.put("fallback_tag", s.fallbackTag().orElse(null));
      Json.print(out, r);
    } else {
      out.println("signed " + Reference.SCHEME + ref + " (" + s.manifestDigest() + ")");
      out.println(
          "  " + s.legacyTag() + ": " + s.legacySignatures() + " signature(s) (cosign legacy)");
      s.bundleReferrer().ifPresent(d -> out.println("  bundle referrer " + d));
      s.fallbackTag()
          .ifPresent(
              t -> out.println("  the registry has no referrers API; referrers index tag " + t));
    }
    return ExitCodes.OK;
  }

  /** Signs keyless and attaches the bundle; with {@code out}, also writes the bundle there. */
  static int signKeyless(
      PrintWriter out,
      RegistryClient client,
      String reference,
      KeylessSigner signer,
      Path bundleOut,
      boolean json)
      throws Exception {
    Reference ref = Reference.parse(reference);
    if (bundleOut != null && !Files.isDirectory(bundleOut.toAbsolutePath().getParent())) {
      // Checked first: a signature in the registry with its --out copy missing would be half done.
      throw new java.nio.file.NoSuchFileException(
          bundleOut.toAbsolutePath().getParent().toString(), null, "--out directory is missing");
    }
    OciSigner.SignedKeyless s = new OciSigner(client).signKeyless(ref, signer);
    if (bundleOut != null) {
      Path tmp = Files.createTempFile(bundleOut.toAbsolutePath().getParent(), ".bundle", ".tmp");
      try {
        Files.write(tmp, s.signature().bundle());
        Files.move(tmp, bundleOut, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    OciSigner.Attached a = s.attached();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("reference", ref.toString());
      r.put("digest", a.manifestDigest().toString());
      r.put("identities", s.signature().identities());
      r.put("log_index", s.signature().logIndex());
      r.put("integrated_time", s.signature().integratedTime().toString());
      r.put("certificate_expires", s.signature().certificateExpires().toString());
      r.put("bundle_referrer", a.referrer().toString());
      r.put("fallback_tag", a.fallbackTag().orElse(null));
      r.put("bundle_file", bundleOut == null ? null : bundleOut.toString());
      Json.print(out, r);
    } else {
      out.println(
          "signed "
              + Reference.SCHEME
              + ref
              + " ("
              + a.manifestDigest()
              + ") keyless as "
              + String.join(", ", s.signature().identities()));
      out.println(
          "  Rekor log index "
              + s.signature().logIndex()
              + " at "
              + s.signature().integratedTime()
              + "; certificate valid until "
              + s.signature().certificateExpires());
      out.println("  bundle referrer " + a.referrer());
      a.fallbackTag()
          .ifPresent(
              t -> out.println("  the registry has no referrers API; referrers index tag " + t));
      if (bundleOut != null) {
        out.println("  bundle written to " + bundleOut);
      }
    }
    return ExitCodes.OK;
  }

  static int attach(
      PrintWriter out, RegistryClient client, String reference, Path bundle, boolean json)
      throws Exception {
    Reference ref = Reference.parse(reference);
    OciSigner.Attached a = new OciSigner(client).attach(ref, Files.readAllBytes(bundle));
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("reference", ref.toString());
      r.put("digest", a.manifestDigest().toString());
      r.put("bundle_referrer", a.referrer().toString());
      r.put("fallback_tag", a.fallbackTag().orElse(null));
      Json.print(out, r);
    } else {
      out.println("attached " + bundle + " to " + Reference.SCHEME + ref);
      out.println("  bundle referrer " + a.referrer() + " of " + a.manifestDigest());
      a.fallbackTag()
          .ifPresent(
              t -> out.println("  the registry has no referrers API; referrers index tag " + t));
    }
    return ExitCodes.OK;
  }

  /** The public key of a {@code NAME.key}: {@code NAME.pub}, as keygen writes them. */
  static Path publicKeyBeside(Path key) throws SignatureException {
    String n = key.getFileName().toString();
    Path pub =
        key.resolveSibling((n.endsWith(".key") ? n.substring(0, n.length() - 4) : n) + ".pub");
    if (!Files.isRegularFile(pub)) {
      throw new SignatureException(
          SignatureException.Reason.BAD_KEY,
          "--bundle needs the public key beside the private key: " + pub + " is missing");
    }
    return pub;
  }

  /** Verifies a reference's signatures and prints who signed and which rule matched. */
  static int verify(
      PrintWriter out,
      RegistryClient client,
      String reference,
      List<Path> keys,
      Path policyFile,
      IdentityOptions identity,
      Path trustedRoot,
      boolean json)
      throws Exception {
    Reference ref = Reference.parse(reference);
    VerificationPolicy policy = policy(keys, policyFile, identity, trustedRoot);
    List<VerificationResult> results = new ArrayList<>();
    SignaturePullVerifier v =
        SignaturePullVerifier.of(policy, "cli", Clock.systemUTC()).onVerified(results::add);
    Descriptor d =
        client
            .headManifest(ref.repository(), ref.identifier(), MediaTypes.ALL_MANIFESTS)
            .orElseThrow(
                () ->
                    new OciException(
                        OciException.Kind.NOT_FOUND,
                        "no manifest " + ref.identifier() + " in " + ref.repository() + " (404)"));
    v.verify(ref, d.digest(), client);
    VerificationResult r = results.get(0);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", true);
      m.put("reference", ref.toString());
      m.put("digest", d.digest().toString());
      List<Map<String, String>> ms = new ArrayList<>();
      for (VerificationResult.Match x : r.matches()) {
        ms.add(Map.of("signer", x.signer().describe(), "rule", x.rule()));
      }
      m.put("matches", ms);
      m.put("rejected", r.rejected());
      Json.print(out, m);
    } else {
      out.println("Verified " + Reference.SCHEME + ref + " (" + d.digest() + ")");
      for (VerificationResult.Match x : r.matches()) {
        out.println("  signed by " + x.signer().describe() + "; rule matched: " + x.rule());
      }
      for (String why : r.rejected()) {
        out.println("  not counted: " + why);
      }
    }
    return ExitCodes.OK;
  }

  static VerificationPolicy policy(
      List<Path> keys, Path policyFile, IdentityOptions identity, Path trustedRoot)
      throws Exception {
    int modes =
        (keys.isEmpty() ? 0 : 1) + (policyFile == null ? 0 : 1) + (identity.anyGiven() ? 1 : 0);
    if (modes != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --key, --policy or --certificate-identity[-regexp] with"
              + " --certificate-oidc-issuer[-regexp]");
    }
    Optional<Path> root = Optional.ofNullable(trustedRoot);
    if (policyFile != null) {
      VerificationPolicy p =
          PolicyParser.parse(
              Files.readAllBytes(policyFile),
              policyFile.getFileName().toString(),
              policyFile.toAbsolutePath().getParent());
      if (root.isPresent() && !p.trust().any()) {
        p =
            new VerificationPolicy(
                p.allOf(),
                p.anyOf(),
                p.minimumMatches(),
                p.dockerReference(),
                new TrustMaterial(root, List.of(), List.of(), false),
                p.insecureSkip());
      }
      return p;
    }
    if (identity.anyGiven()) {
      PolicyRule rule = identity.rule();
      if (root.isEmpty()) {
        throw new IllegalArgumentException(
            "keyless verification needs --trusted-root FILE (a Sigstore trusted_root.json)");
      }
      return new VerificationPolicy(
          List.of(),
          List.of(rule),
          1,
          Optional.empty(),
          new TrustMaterial(root, List.of(), List.of(), false),
          false);
    }
    List<PublicKey> ks = new ArrayList<>();
    for (Path k : keys) {
      ks.add(PublicKeys.parse(Files.readString(k, StandardCharsets.US_ASCII), k.toString()));
    }
    return VerificationPolicy.anyKey(ks);
  }
}
