package dev.airlock.signature;

import java.util.Map;
import java.util.Objects;

/**
 * Who made a signature that verified.
 *
 * @param kind a key or a (Fulcio) certificate
 * @param identity the key fingerprint ({@link PublicKeys#fingerprint}) or the certificate's subject
 *     alternative name (an e-mail address or a URL)
 * @param issuer the OIDC issuer in the certificate; empty for keys
 * @param claims the certificate's Fulcio extensions by short name ({@code repository}, {@code ref},
 *     {@code sha}, {@code workflow-name}, {@code trigger}, …); empty for keys
 */
public record Signer(Kind kind, String identity, String issuer, Map<String, String> claims) {
  /** How the signer is identified. */
  public enum Kind {
    /** A public key the policy lists. */
    KEY,
    /** A short-lived certificate from a trusted Fulcio, bound to an OIDC identity. */
    CERTIFICATE
  }

  /** The claim of a GitHub workflow's repository ({@code owner/repo}). */
  public static final String REPOSITORY = "repository";

  /** The claim of the git ref the workflow ran on. */
  public static final String REF = "ref";

  /** The claim of the commit the workflow ran on. */
  public static final String SHA = "sha";

  /** The claim of the workflow's name. */
  public static final String WORKFLOW_NAME = "workflow-name";

  /** The claim of the event that ran the workflow. */
  public static final String TRIGGER = "trigger";

  /** Validates and copies. */
  public Signer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(identity, "identity");
    issuer = issuer == null ? "" : issuer;
    claims = Map.copyOf(claims);
  }

  /**
   * A key signer.
   *
   * @param fingerprint the key's fingerprint
   * @return the signer
   */
  public static Signer key(String fingerprint) {
    return new Signer(Kind.KEY, fingerprint, "", Map.of());
  }

  /**
   * How the signer is named in messages: {@code key ecdsa-p256:…} or {@code SAN (issuer I)}.
   *
   * @return a one-line description
   */
  public String describe() {
    return kind == Kind.KEY ? "key " + identity : identity + " (issuer " + issuer + ")";
  }
}
