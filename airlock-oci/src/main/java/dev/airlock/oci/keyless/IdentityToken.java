package dev.airlock.oci.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * An OIDC identity token as Fulcio receives it. We read only what the proof of possession needs
 * (the {@code email} claim when there is one, else {@code sub}) and refuse a token that has visibly
 * expired; the signature is Fulcio's to check, not ours.
 */
record IdentityToken(String compact, String subject) {

  /**
   * Reads a compact JWT.
   *
   * @throws IllegalArgumentException when it is not a JWT with a subject, or has expired
   */
  static IdentityToken parse(String compact, Clock clock) {
    String t = compact == null ? "" : compact.strip();
    String[] parts = t.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "the identity token is not a JWT (header.payload.signature): found "
              + parts.length
              + " part(s)");
    }
    JsonNode claims;
    try {
      claims = ServiceHttp.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException(
          "the identity token's payload is not base64url JSON: " + e.getMessage(), e);
    }
    if (claims == null || !claims.isObject()) {
      throw new IllegalArgumentException("the identity token's payload is not a JSON object");
    }
    JsonNode exp = claims.get("exp");
    if (exp != null && exp.canConvertToLong()) {
      Instant expires = Instant.ofEpochSecond(exp.asLong());
      if (!expires.isAfter(clock.instant())) {
        throw new IllegalArgumentException(
            "the identity token expired at " + expires + "; get a fresh one");
      }
    }
    JsonNode subject = claims.hasNonNull("email") ? claims.get("email") : claims.get("sub");
    if (subject == null || !subject.isTextual() || subject.asText().isEmpty()) {
      throw new IllegalArgumentException(
          "the identity token has no subject: expected an 'email' or 'sub' claim");
    }
    return new IdentityToken(t, subject.asText());
  }

  /** The bytes the proof of possession signs. */
  byte[] challenge() {
    return subject.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "IdentityToken[subject=" + subject + "]";
  }
}
