package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.testing.SharedTestdata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Sigstore conformance {@code bundle-verify} case: a {@code _fail} case is rejected, every
 * other verifies, through the same path an OCI bundle takes (core policy + this module's SPI).
 */
class ConformanceTest {
  static final String DEFAULT_IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

  static Stream<String> cases() throws Exception {
    Optional<Path> dir = SharedTestdata.find("sigstore-conformance/bundle-verify");
    if (dir.isEmpty()) {
      return Stream.of("(absent)");
    }
    try (var s = Files.list(dir.get())) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  static Path publicGoodRoot() {
    return SharedTestdata.find("sigstore-java-samples").orElseThrow().resolve("trusted_root.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformanceCase(String name) throws Exception {
    Assumptions.assumeFalse(name.equals("(absent)"), SharedTestdata.MISSING);
    Path base = SharedTestdata.find("sigstore-conformance").orElseThrow();
    Path dir = base.resolve("bundle-verify").resolve(name);
    if (name.endsWith("_fail")) {
      // Rejected by verification (every candidate refused), not by a configuration error.
      assertThatThrownBy(() -> verify(base, dir))
          .as(name)
          .isInstanceOfSatisfying(
              dev.airlock.signature.PolicyFailure.class,
              e -> assertThat(e.rejected()).as(name).hasSize(1))
          .hasMessage("No valid signatures found for " + name);
    } else {
      try {
        assertThat(verify(base, dir).matches()).as(name).hasSize(1);
      } catch (dev.airlock.signature.PolicyFailure e) {
        throw new AssertionError(name + ": " + e.getMessage() + " " + e.rejected(), e);
      }
    }
  }

  static dev.airlock.signature.VerificationResult verify(Path base, Path dir) throws Exception {
    Path artifact =
        Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : base.resolve("a.txt");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact));
    Path root =
        Files.exists(dir.resolve("trusted_root.json"))
            ? dir.resolve("trusted_root.json")
            : publicGoodRoot();
    PolicyRule rule;
    if (Files.exists(dir.resolve("key.pub"))) {
      rule =
          new PolicyRule.PubKey(
              PublicKeys.parse(Files.readString(dir.resolve("key.pub")), "key.pub"), Map.of());
    } else {
      String identity = read(dir.resolve("identity"), DEFAULT_IDENTITY);
      String issuer = read(dir.resolve("issuer"), DEFAULT_ISSUER);
      rule =
          new PolicyRule.CertificateIdentity(
              Optional.of(identity),
              Optional.empty(),
              Optional.of(issuer),
              Optional.empty(),
              Map.of());
    }
    TrustMaterial trust = new TrustMaterial(Optional.of(root), List.of(), List.of(), false);
    VerificationPolicy policy =
        new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false);
    SignatureVerifier verifier =
        SignatureVerifier.of(
            policy, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())));
    SigstoreBundle bundle =
        new SigstoreBundle(
            dir.getFileName().toString(), Files.readAllBytes(dir.resolve("bundle.sigstore.json")));
    return verifier.verify(
        dir.getFileName().toString(),
        "sha256:" + HexFormat.of().formatHex(digest),
        List.of(bundle));
  }

  private static String read(Path p, String fallback) throws Exception {
    return Files.exists(p) ? Files.readString(p).strip() : fallback;
  }

  @Test
  void casesArePresent_orTheSuiteIsSkippedWithAMessage() throws Exception {
    Assumptions.assumeTrue(
        SharedTestdata.find("sigstore-conformance").isPresent(), SharedTestdata.MISSING);
    assertThat(cases().count()).isGreaterThanOrEqualTo(67);
  }
}
