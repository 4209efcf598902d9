package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Airlock's extension rule kind of the policy file, {@code certificateIdentity}: a keyless identity
 * in cosign's terms, which Kubewarden's {@code genericIssuer} and {@code githubAction} cannot say.
 *
 * <pre>
 * - kind: certificateIdentity
 *   identity: alice@example.com          # or identityRegexp: '.*@example\.com'
 *   issuer: https://accounts.google.com  # or issuerRegexp: 'https://accounts\.google\.com'
 *   githubWorkflow:                      # optional; each given claim must be equal
 *     repository: acme/plugins
 *     ref: refs/heads/main
 *     sha: 0123…
 *     name: release
 *     trigger: push
 * </pre>
 *
 * Regexps must match the whole value. One issuer form is required, and an identity form or {@code
 * githubWorkflow.repository}: without them any signer of the issuer would match. Unknown fields are
 * errors.
 */
final class IdentityRules {
  static final String KIND = "certificateIdentity";
  static final Set<String> FIELDS =
      Set.of("kind", "identity", "identityRegexp", "issuer", "issuerRegexp", "githubWorkflow");

  /** Field of {@code githubWorkflow} → claim name in {@link Signer#claims()}. */
  private static final Map<String, String> WORKFLOW =
      Map.of(
          "repository", Signer.REPOSITORY,
          "ref", Signer.REF,
          "sha", Signer.SHA,
          "name", Signer.WORKFLOW_NAME,
          "trigger", Signer.TRIGGER);

  private IdentityRules() {}

  static PolicyRule parse(LocatedTree t, JsonNode n, String path) throws SignatureException {
    String p = path + ".";
    Optional<String> identity = PolicyParser.text(t, n, "identity", p);
    Optional<Pattern> identityRegexp = regexp(t, n, "identityRegexp", p);
    Optional<String> issuer = PolicyParser.text(t, n, "issuer", p);
    Optional<Pattern> issuerRegexp = regexp(t, n, "issuerRegexp", p);
    if (identity.isPresent() && identityRegexp.isPresent()) {
      throw t.error(path, "gives identity and identityRegexp; keep one");
    }
    if (issuer.isPresent() == issuerRegexp.isPresent()) {
      throw t.error(
          path,
          "needs exactly one of issuer and issuerRegexp (an identity without its issuer can be"
              + " claimed at any OIDC provider)");
    }
    Map<String, String> claims = workflow(t, n.get("githubWorkflow"), p + "githubWorkflow");
    if (identity.isEmpty() && identityRegexp.isEmpty() && !claims.containsKey(Signer.REPOSITORY)) {
      throw t.error(
          path,
          "needs identity, identityRegexp or githubWorkflow.repository (else any signer of the"
              + " issuer would match)");
    }
    return new PolicyRule.CertificateIdentity(
        identity, identityRegexp, issuer, issuerRegexp, claims);
  }

  private static Optional<Pattern> regexp(LocatedTree t, JsonNode n, String field, String prefix)
      throws SignatureException {
    Optional<String> text = PolicyParser.text(t, n, field, prefix);
    try {
      return text.map(Pattern::compile);
    } catch (PatternSyntaxException e) {
      throw t.error(
          prefix + field,
          "is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + " of '"
              + text.get()
              + "'");
    }
  }

  private static Map<String, String> workflow(LocatedTree t, JsonNode n, String path)
      throws SignatureException {
    if (n == null) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw t.error(path, "should be a mapping of " + new java.util.TreeSet<>(WORKFLOW.keySet()));
    }
    PolicyParser.fields(t, n, path, WORKFLOW.keySet());
    Map<String, String> claims = new LinkedHashMap<>();
    for (var e : WORKFLOW.entrySet()) {
      PolicyParser.text(t, n, e.getKey(), path + ".").ifPresent(v -> claims.put(e.getValue(), v));
    }
    return claims;
  }
}
