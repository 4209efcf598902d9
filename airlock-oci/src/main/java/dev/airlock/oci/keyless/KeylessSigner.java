package dev.airlock.oci.keyless;

import dev.airlock.oci.OciException;
import dev.airlock.signature.SigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Signs bytes keyless, as cosign and sigstore-js do: a fresh ECDSA P-256 key (never written
 * anywhere), a Fulcio certificate binding it to the identity token's subject, a signature over the
 * artifact, the signature logged in Rekor as a {@code hashedrekord}, and a Sigstore v0.3 bundle of
 * all of it. Each answer is checked before the next step: a certificate for another key, a log
 * entry for another body or without an inclusion proof, or a log time outside the certificate's
 * validity is refused and no bundle is made.
 *
 * <p>The identity token must be given: Airlock does not run a browser OIDC flow. In CI it is the
 * workload's token (e.g. GitHub Actions' {@code ACTIONS_ID_TOKEN_REQUEST_URL} with audience {@code
 * sigstore}). Immutable and thread-safe; each {@link #sign} uses a new key.
 */
public final class KeylessSigner {
  private final URI fulcio;
  private final URI rekor;
  private final String token;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final Supplier<KeyPair> keys;

  private KeylessSigner(Builder b) {
    this.fulcio = Endpoints.base("fulcioUrl", b.fulcio);
    this.rekor = Endpoints.base("rekorUrl", b.rekor);
    this.token = Objects.requireNonNull(b.token, "identityToken");
    this.timeout = b.timeout;
    this.clock = b.clock;
    IdentityToken.parse(token, clock); // fail fast, before a registry is asked anything
    this.keys = b.keys;
    this.http =
        b.http != null
            ? b.http
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs an artifact (for OCI: the manifest bytes).
   *
   * @param artifact the bytes to sign
   * @return the bundle and who it names
   * @throws OciException when Fulcio or Rekor cannot be reached, refuse, or answer something that
   *     does not fit what was asked ({@link OciException.Kind#NETWORK}, {@code UNAUTHORIZED},
   *     {@code PROTOCOL})
   * @throws IllegalArgumentException when the identity token is not a usable JWT
   */
  public KeylessSignature sign(byte[] artifact) throws OciException {
    IdentityToken id = IdentityToken.parse(token, clock);
    ServiceHttp client = new ServiceHttp(http, timeout);
    KeyPair pair = keys.get();
    List<X509Certificate> chain = new FulcioClient(client, fulcio).signingCertificate(id, pair);
    X509Certificate leaf = chain.get(0);
    byte[] signature = SigningKeys.sign(pair.getPrivate(), artifact);
    byte[] sha256 = sha256(artifact);
    RekorEntry entry = new RekorClient(client, rekor).logHashedRekord(sha256, signature, leaf);
    Instant logged = Instant.ofEpochSecond(entry.integratedTime());
    Instant until = leaf.getNotAfter().toInstant();
    byte[] bundle = KeylessBundle.json(leaf, entry, sha256, signature);
    return new KeylessSignature(bundle, identities(leaf), entry.logIndex(), logged, until);
  }

  private static List<String> identities(X509Certificate leaf) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
        if (san.size() == 2 && san.get(1) instanceof String s) {
          out.add(s);
        }
      }
    } catch (CertificateParsingException e) {
      // The verifier reports an unreadable SAN; here it only changes what is printed.
      return List.of();
    }
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a {@link KeylessSigner}; Fulcio and Rekor URLs and the token are required. */
  public static final class Builder {
    private URI fulcio;
    private URI rekor;
    private String token;
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private HttpClient http;
    private Supplier<KeyPair> keys = SigningKeys::generateEcdsaP256;

    private Builder() {}

    /** Tests only: where the "ephemeral" key comes from (a fake Fulcio certifies a known key). */
    Builder keys(Supplier<KeyPair> k) {
      this.keys = k;
      return this;
    }

    /**
     * Fulcio's base URL, e.g. {@code https://fulcio.sigstore.dev}.
     *
     * @param url the URL
     * @return this
     */
    public Builder fulcioUrl(URI url) {
      this.fulcio = url;
      return this;
    }

    /**
     * Rekor's base URL, e.g. {@code https://rekor.sigstore.dev}.
     *
     * @param url the URL
     * @return this
     */
    public Builder rekorUrl(URI url) {
      this.rekor = url;
      return this;
    }

    /**
     * The OIDC identity token (a compact JWT) Fulcio certifies.
     *
     * @param jwt the token
     * @return this
     */
    public Builder identityToken(String jwt) {
      this.token = jwt;
      return this;
    }

    /**
     * The connect and per-request timeout (default 30 s).
     *
     * @param t the timeout
     * @return this
     */
    public Builder timeout(Duration t) {
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("timeout should be positive, found " + t);
      }
      this.timeout = t;
      return this;
    }

    /**
     * The clock that decides whether the token has expired.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The HTTP client (default: a new one, no redirects).
     *
     * @param c the client
     * @return this
     */
    public Builder httpClient(HttpClient c) {
      this.http = Objects.requireNonNull(c, "httpClient");
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the signer
     * @throws IllegalArgumentException when a URL is missing or not http(s)
     * @throws NullPointerException when the token is missing
     * @throws IllegalArgumentException when the token is not a JWT with a subject, or has expired
     */
    public KeylessSigner build() {
      return new KeylessSigner(this);
    }
  }
}
