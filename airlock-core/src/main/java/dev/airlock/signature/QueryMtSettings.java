package dev.airlock.signature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps QueryMT's {@code [oci]} signature settings onto a {@link VerificationPolicy}: {@code
 * insecure_skip_signature}, {@code use_sigstore_tuf_data}, {@code rekor_pub_keys}, {@code
 * fulcio_certs}, {@code cert_email}, {@code cert_issuer}, {@code cert_url}, {@code
 * github_workflow_repository}. Other keys of the table are left to their owners.
 *
 * <p>Keyless trust without an identity constraint is refused: accepting any signer is never the
 * default.
 */
public final class QueryMtSettings {
  /** The keys this mapping reads. */
  public static final Set<String> KEYS =
      Set.of(
          "insecure_skip_signature",
          "use_sigstore_tuf_data",
          "rekor_pub_keys",
          "fulcio_certs",
          "cert_email",
          "cert_issuer",
          "cert_url",
          "github_workflow_repository");

  private QueryMtSettings() {}

  /**
   * Builds the policy.
   *
   * @param oci the {@code [oci]} table as parsed (strings, booleans, lists of strings)
   * @param baseDir directory relative paths are resolved against
   * @return the policy
   * @throws SignatureException ({@link SignatureException.Reason#BAD_POLICY}) for wrong types and
   *     unsafe combinations
   */
  public static VerificationPolicy toPolicy(Map<String, ?> oci, Path baseDir)
      throws SignatureException {
    boolean skip = bool(oci, "insecure_skip_signature");
    TrustMaterial trust =
        new TrustMaterial(
            Optional.empty(),
            paths(oci, "fulcio_certs", baseDir),
            paths(oci, "rekor_pub_keys", baseDir),
            bool(oci, "use_sigstore_tuf_data"));
    Optional<String> email = string(oci, "cert_email");
    Optional<String> url = string(oci, "cert_url");
    Optional<String> issuer = string(oci, "cert_issuer");
    Optional<String> repository = string(oci, "github_workflow_repository");
    if (skip) {
      return new VerificationPolicy(List.of(), List.of(), 1, Optional.empty(), trust, true);
    }
    if (email.isPresent() && url.isPresent()) {
      throw bad(
          "[oci] sets both cert_email and cert_url; a certificate has one identity, keep one");
    }
    if (email.isEmpty() && url.isEmpty() && repository.isEmpty()) {
      throw bad(
          "[oci] enables keyless verification with no identity constraint, which would accept"
              + " any signer; set cert_email or cert_url (and cert_issuer), or"
              + " github_workflow_repository");
    }
    if (issuer.isEmpty() && repository.isEmpty()) {
      throw bad(
          "[oci] cert_email/cert_url needs cert_issuer (e.g. https://accounts.google.com); an"
              + " identity without its issuer can be claimed at any OIDC provider");
    }
    if (!trust.any()) {
      throw bad(
          "[oci] keyless identity is set but no trust material: set fulcio_certs and"
              + " rekor_pub_keys, or use_sigstore_tuf_data = true");
    }
    Optional<String> subject = email.isPresent() ? email : url;
    Optional<Pattern> subjectPattern =
        subject.isEmpty()
            ? Optional.of(
                Pattern.compile(
                    Pattern.quote("https://github.com/" + repository.orElseThrow() + "/") + ".*"))
            : Optional.empty();
    PolicyRule rule =
        new PolicyRule.CertificateIdentity(
            subject,
            subjectPattern,
            Optional.of(issuer.orElse(PolicyRule.GITHUB_ISSUER)),
            Optional.empty(),
            repository.map(r -> Map.of(Signer.REPOSITORY, r)).orElse(Map.of()));
    return new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false);
  }

  private static boolean bool(Map<String, ?> oci, String key) throws SignatureException {
    Object v = oci.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw bad("[oci] " + key + " should be true or false, found " + v);
  }

  private static Optional<String> string(Map<String, ?> oci, String key) throws SignatureException {
    Object v = oci.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s && !s.isBlank()) {
      return Optional.of(s);
    }
    throw bad("[oci] " + key + " should be a non-empty string, found " + v);
  }

  private static List<Path> paths(Map<String, ?> oci, String key, Path baseDir)
      throws SignatureException {
    Object v = oci.get(key);
    if (v == null) {
      return List.of();
    }
    List<?> list = v instanceof List<?> l ? l : List.of(v);
    List<Path> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s) || s.isBlank()) {
        throw bad("[oci] " + key + " should be a file path or a list of them, found " + o);
      }
      out.add(baseDir.resolve(s));
    }
    return out;
  }

  private static SignatureException bad(String message) {
    return new SignatureException(SignatureException.Reason.BAD_POLICY, message);
  }
}
