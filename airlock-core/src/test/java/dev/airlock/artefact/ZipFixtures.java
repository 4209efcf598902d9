package dev.airlock.artefact;

import dev.airlock.testing.ZipBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.function.Consumer;

/** Valid plugin zips and their parts, built by the independent {@link ZipBuilder}. */
final class ZipFixtures {
  /** A plugin.toml with every section Artifact Keeper documents. */
  static final String TOML =
      """
      [plugin]
      name = "echo"
      version = "1.2.3"
      description = "Echoes its input"
      author = "Airlock"
      license = "Apache-2.0"
      homepage = "https://example.test/echo"

      [format]
      key = "echo"
      display_name = "Echo"
      extensions = [".echo"]

      [capabilities]
      parse_metadata = true
      validate_artifact = true
      generate_index = true

      [requirements]
      min_memory_mb = 16
      max_memory_mb = 32
      timeout_secs = 10
      """;

  private ZipFixtures() {}

  /** plugin.toml and plugin.wasm, deflated, as {@code zip plugin.zip plugin.toml plugin.wasm}. */
  static ZipBuilder valid() {
    ZipBuilder zip = new ZipBuilder();
    zip.add("plugin.toml", TOML);
    zip.add("plugin.wasm", Fixtures.WASM);
    return zip;
  }

  static byte[] zip(Consumer<ZipBuilder> spec) {
    ZipBuilder zip = new ZipBuilder();
    spec.accept(zip);
    return zip.build();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The content of a {@code .sig} sidecar: base64 Ed25519 over {@code bytes}, newline. */
  static byte[] sign(byte[] bytes, PrivateKey key) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(bytes);
      return utf8(Base64.getEncoder().encodeToString(s.sign()) + "\n");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
