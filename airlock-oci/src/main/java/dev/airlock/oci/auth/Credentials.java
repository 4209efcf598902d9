package dev.airlock.oci.auth;

/**
 * A user name and secret for one registry. The secret never appears in {@link #toString()}.
 *
 * @param username the user name ({@code <token>} for an identity token)
 * @param secret the password, personal access token or identity token
 */
public record Credentials(String username, String secret) {
  /** Checks for nulls. */
  public Credentials {
    if (username == null || secret == null) {
      throw new IllegalArgumentException("credentials need a username and a secret");
    }
  }

  /**
   * The {@code Authorization: Basic} value.
   *
   * @return {@code Basic <base64>}
   */
  public String basicHeader() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (username + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", secret=***]";
  }
}
