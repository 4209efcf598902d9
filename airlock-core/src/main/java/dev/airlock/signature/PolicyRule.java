package dev.airlock.signature;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** One signature requirement of a {@link VerificationPolicy}. */
public sealed interface PolicyRule {
  /** The OIDC issuer of GitHub Actions workflow identities. */
  String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  /**
   * Checks a verified signature against this rule.
   *
   * @param signer who signed
   * @param annotations the payload's {@code optional} annotations
   * @return empty when it matches, else why not
   */
  Optional<String> mismatch(Signer signer, Map<String, String> annotations);

  /**
   * How the rule is named in results, e.g. {@code githubAction acme/plugins}.
   *
   * @return a one-line description
   */
  String describe();

  /**
   * A signature by a public key, optionally with required annotations.
   *
   * @param key the key
   * @param annotations claims the payload's {@code optional} must hold
   */
  record PubKey(PublicKey key, Map<String, String> annotations) implements PolicyRule {
    /** Copies. */
    public PubKey {
      Objects.requireNonNull(key, "key");
      annotations = Map.copyOf(annotations);
    }

    @Override
    public Optional<String> mismatch(Signer signer, Map<String, String> found) {
      String fingerprint = PublicKeys.fingerprint(key);
      if (signer.kind() != Signer.Kind.KEY || !signer.identity().equals(fingerprint)) {
        return Optional.of("not signed by key " + fingerprint);
      }
      for (var e : new java.util.TreeMap<>(annotations).entrySet()) {
        if (!e.getValue().equals(found.get(e.getKey()))) {
          return Optional.of(
              "annotation "
                  + e.getKey()
                  + " should be '"
                  + e.getValue()
                  + "', found "
                  + (found.containsKey(e.getKey()) ? "'" + found.get(e.getKey()) + "'" : "none"));
        }
      }
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "pubKey " + PublicKeys.fingerprint(key);
    }
  }

  /**
   * A keyless signature by an OIDC issuer and subject.
   *
   * @param issuer the exact issuer
   * @param equal the exact subject, or empty
   * @param urlPrefix a URL prefix of the subject (a {@code /} is added when missing, so {@code
   *     https://github.com/acme} does not match {@code https://github.com/acme-evil}), or empty
   */
  record GenericIssuer(String issuer, Optional<String> equal, Optional<String> urlPrefix)
      implements PolicyRule {
    /** Validates: exactly one of {@code equal} and {@code urlPrefix}. */
    public GenericIssuer {
      Objects.requireNonNull(issuer, "issuer");
      if (equal.isPresent() == urlPrefix.isPresent()) {
        throw new IllegalArgumentException("subject needs exactly one of equal and urlPrefix");
      }
      urlPrefix = urlPrefix.map(p -> p.endsWith("/") ? p : p + "/");
    }

    @Override
    public Optional<String> mismatch(Signer signer, Map<String, String> annotations) {
      if (signer.kind() != Signer.Kind.CERTIFICATE) {
        return Optional.of("signed by a key, not a certificate");
      }
      if (!signer.issuer().equals(issuer)) {
        return Optional.of("issuer should be " + issuer + ", found " + signer.issuer());
      }
      if (equal.isPresent() && !signer.identity().equals(equal.get())) {
        return Optional.of("subject should be " + equal.get() + ", found " + signer.identity());
      }
      if (urlPrefix.isPresent() && !signer.identity().startsWith(urlPrefix.get())) {
        return Optional.of(
            "subject should start with " + urlPrefix.get() + ", found " + signer.identity());
      }
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "genericIssuer "
          + issuer
          + " subject "
          + equal.map(e -> "= " + e).orElseGet(() -> "urlPrefix " + urlPrefix.orElseThrow());
    }
  }

  /**
   * A keyless signature by a GitHub Actions workflow of an owner (and repository).
   *
   * @param owner the GitHub user or organisation
   * @param repo the repository name, or empty for any repository of the owner
   */
  record GithubAction(String owner, Optional<String> repo) implements PolicyRule {
    /** Validates. */
    public GithubAction {
      Objects.requireNonNull(owner, "owner");
    }

    @Override
    public Optional<String> mismatch(Signer signer, Map<String, String> annotations) {
      if (signer.kind() != Signer.Kind.CERTIFICATE || !signer.issuer().equals(GITHUB_ISSUER)) {
        return Optional.of(
            "not signed by a GitHub Actions workflow (issuer " + GITHUB_ISSUER + ")");
      }
      String prefix = "https://github.com/" + owner + "/" + repo.map(r -> r + "/").orElse("");
      if (!signer.identity().startsWith(prefix)) {
        return Optional.of("workflow should be under " + prefix + ", found " + signer.identity());
      }
      String repository = signer.claims().get(Signer.REPOSITORY);
      if (repository != null && !repository.startsWith(owner + "/")) {
        return Optional.of("repository claim " + repository + " is not owned by " + owner);
      }
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "githubAction " + owner + repo.map(r -> "/" + r).orElse("");
    }
  }

  /**
   * A keyless identity in cosign's terms ({@code --certificate-identity[-regexp]}, {@code
   * --certificate-oidc-issuer[-regexp]}, {@code --certificate-github-workflow-*}). Regexps must
   * match the whole value.
   *
   * @param subject exact SAN (e-mail or URL), or empty
   * @param subjectRegexp SAN pattern, or empty
   * @param issuer exact OIDC issuer, or empty
   * @param issuerRegexp issuer pattern, or empty
   * @param claims required Fulcio extension values by short name ({@code repository}, {@code ref},
   *     {@code sha}, {@code workflow-name}, {@code trigger})
   */
  record CertificateIdentity(
      Optional<String> subject,
      Optional<Pattern> subjectRegexp,
      Optional<String> issuer,
      Optional<Pattern> issuerRegexp,
      Map<String, String> claims)
      implements PolicyRule {
    /** Validates: some subject or claim constraint and some issuer constraint. */
    public CertificateIdentity {
      claims = Map.copyOf(claims);
      if (subject.isEmpty() && subjectRegexp.isEmpty() && claims.isEmpty()) {
        throw new IllegalArgumentException(
            "a keyless identity needs a subject, subject pattern or workflow claim");
      }
      if (issuer.isEmpty() && issuerRegexp.isEmpty()) {
        throw new IllegalArgumentException("a keyless identity needs an issuer or issuer pattern");
      }
    }

    @Override
    public Optional<String> mismatch(Signer signer, Map<String, String> annotations) {
      if (signer.kind() != Signer.Kind.CERTIFICATE) {
        return Optional.of("signed by a key, not a certificate");
      }
      if (subject.isPresent() && !subject.get().equals(signer.identity())) {
        return Optional.of("subject should be " + subject.get() + ", found " + signer.identity());
      }
      if (subjectRegexp.isPresent() && !subjectRegexp.get().matcher(signer.identity()).matches()) {
        return Optional.of(
            "subject should match /" + subjectRegexp.get() + "/, found " + signer.identity());
      }
      if (issuer.isPresent() && !issuer.get().equals(signer.issuer())) {
        return Optional.of("issuer should be " + issuer.get() + ", found " + signer.issuer());
      }
      if (issuerRegexp.isPresent() && !issuerRegexp.get().matcher(signer.issuer()).matches()) {
        return Optional.of(
            "issuer should match /" + issuerRegexp.get() + "/, found " + signer.issuer());
      }
      for (var e : new java.util.TreeMap<>(claims).entrySet()) {
        String found = signer.claims().get(e.getKey());
        if (!e.getValue().equals(found)) {
          return Optional.of(
              "certificate "
                  + e.getKey()
                  + " should be "
                  + e.getValue()
                  + ", found "
                  + (found == null ? "none" : found));
        }
      }
      return Optional.empty();
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder("certificate");
      subject.ifPresent(s -> b.append(" subject ").append(s));
      subjectRegexp.ifPresent(s -> b.append(" subject~/").append(s).append('/'));
      issuer.ifPresent(s -> b.append(" issuer ").append(s));
      issuerRegexp.ifPresent(s -> b.append(" issuer~/").append(s).append('/'));
      new java.util.TreeMap<>(claims)
          .forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
      return b.toString();
    }
  }
}
