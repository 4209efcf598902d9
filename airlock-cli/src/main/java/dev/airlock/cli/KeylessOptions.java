package dev.airlock.cli;

import dev.airlock.oci.keyless.KeylessSigner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code airlock sign oci://… --keyless}: the Sigstore services and the identity token. */
final class KeylessOptions {
  static final String PUBLIC_FULCIO = "https://fulcio.sigstore.dev";
  static final String PUBLIC_REKOR = "https://rekor.sigstore.dev";

  @Option(
      names = "--keyless",
      description =
          "oci:// only, instead of --key: sign keyless (Sigstore). A fresh key is certified by"
              + " Fulcio for the identity token's subject, the signature is logged in Rekor, and"
              + " the v0.3 bundle is attached as a referrer of the manifest.")
  boolean keyless;

  @Option(
      names = "--fulcio-url",
      paramLabel = "URL",
      description =
          "Fulcio for --keyless (default "
              + PUBLIC_FULCIO
              + "; https, plain http only on loopback).")
  URI fulcio;

  @Option(
      names = "--rekor-url",
      paramLabel = "URL",
      description =
          "Rekor for --keyless (default " + PUBLIC_REKOR + "; https, plain http only on loopback).")
  URI rekor;

  @Option(
      names = "--identity-token",
      paramLabel = "JWT",
      description =
          "The OIDC identity token Fulcio certifies (audience sigstore). Airlock runs no browser"
              + " login: in CI use the workload's token (GitHub Actions: id-token: write), else"
              + " get one with your OIDC provider. Prefer --identity-token-file (a command line"
              + " is visible to other users).")
  String token;

  @Option(
      names = "--identity-token-file",
      paramLabel = "FILE",
      description = "Read the identity token from this file.")
  Path tokenFile;

  boolean anyGiven() {
    return keyless || fulcio != null || rekor != null || token != null || tokenFile != null;
  }

  KeylessSigner signer() throws IOException {
    if ((token == null) == (tokenFile == null)) {
      throw new IllegalArgumentException(
          "--keyless needs exactly one of --identity-token JWT or --identity-token-file FILE");
    }
    String jwt =
        token != null ? token : Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
    return KeylessSigner.builder()
        .fulcioUrl(fulcio != null ? fulcio : URI.create(PUBLIC_FULCIO))
        .rekorUrl(rekor != null ? rekor : URI.create(PUBLIC_REKOR))
        .identityToken(jwt)
        .build();
  }
}
