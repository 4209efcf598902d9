package dev.airlock.cli;

import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.Signer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * {@code airlock verify oci://…}'s keyless identity, named as cosign names it: the certificate SAN
 * and OIDC issuer, exact or regexp, and the GitHub workflow claims Fulcio writes into the
 * certificate. Regexps must match the whole value (cosign's match a part: anchor yours there).
 */
final class IdentityOptions {
  @Option(
      names = "--certificate-identity",
      paramLabel = "SAN",
      description = "oci://: keyless; the certificate's e-mail or URI must be this.")
  String identity;

  @Option(
      names = "--certificate-identity-regexp",
      paramLabel = "REGEX",
      description = "oci://: keyless; the certificate's e-mail or URI must match (whole value).")
  String identityRegexp;

  @Option(
      names = "--certificate-oidc-issuer",
      paramLabel = "URL",
      description = "oci://: keyless; the certificate's OIDC issuer must be this.")
  String issuer;

  @Option(
      names = "--certificate-oidc-issuer-regexp",
      paramLabel = "REGEX",
      description = "oci://: keyless; the certificate's OIDC issuer must match (whole value).")
  String issuerRegexp;

  @Option(
      names = "--certificate-github-workflow-repository",
      paramLabel = "OWNER/REPO",
      description = "oci://: keyless; the GitHub workflow's repository claim must be this.")
  String repository;

  @Option(
      names = "--certificate-github-workflow-ref",
      paramLabel = "REF",
      description = "oci://: keyless; the workflow's git ref, e.g. refs/heads/main.")
  String ref;

  @Option(
      names = "--certificate-github-workflow-sha",
      paramLabel = "SHA",
      description = "oci://: keyless; the commit the workflow ran on.")
  String sha;

  @Option(
      names = "--certificate-github-workflow-name",
      paramLabel = "NAME",
      description = "oci://: keyless; the workflow's name.")
  String name;

  @Option(
      names = "--certificate-github-workflow-trigger",
      paramLabel = "EVENT",
      description = "oci://: keyless; the event that ran the workflow, e.g. push.")
  String trigger;

  /** Every option as cosign names it, for messages. */
  static final String ALL =
      "--certificate-identity[-regexp], --certificate-oidc-issuer[-regexp],"
          + " --certificate-github-workflow-*";

  boolean anyGiven() {
    return identity != null
        || identityRegexp != null
        || issuer != null
        || issuerRegexp != null
        || !claims().isEmpty();
  }

  boolean identityGiven() {
    return identity != null || identityRegexp != null;
  }

  /**
   * The rule these options describe.
   *
   * @throws IllegalArgumentException when an identity or issuer form is missing or doubled, or a
   *     regexp does not compile
   */
  PolicyRule rule() {
    if (identity != null && identityRegexp != null) {
      throw new IllegalArgumentException(
          "give --certificate-identity or --certificate-identity-regexp, not both");
    }
    if (issuer != null && issuerRegexp != null) {
      throw new IllegalArgumentException(
          "give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both");
    }
    if (!identityGiven()) {
      throw new IllegalArgumentException(
          "keyless verification needs --certificate-identity or --certificate-identity-regexp"
              + " (the workflow options only narrow it)");
    }
    if (issuer == null && issuerRegexp == null) {
      throw new IllegalArgumentException(
          "--certificate-identity needs --certificate-oidc-issuer or"
              + " --certificate-oidc-issuer-regexp (an identity without its issuer can be claimed"
              + " at any OIDC provider)");
    }
    return new PolicyRule.CertificateIdentity(
        Optional.ofNullable(identity),
        regexp("--certificate-identity-regexp", identityRegexp),
        Optional.ofNullable(issuer),
        regexp("--certificate-oidc-issuer-regexp", issuerRegexp),
        claims());
  }

  private Map<String, String> claims() {
    Map<String, String> c = new LinkedHashMap<>();
    put(c, Signer.REPOSITORY, repository);
    put(c, Signer.REF, ref);
    put(c, Signer.SHA, sha);
    put(c, Signer.WORKFLOW_NAME, name);
    put(c, Signer.TRIGGER, trigger);
    return c;
  }

  private static void put(Map<String, String> c, String claim, String value) {
    if (value != null) {
      c.put(claim, value);
    }
  }

  private static Optional<Pattern> regexp(String option, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pattern.compile(value));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          option
              + " '"
              + value
              + "' is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }
}
