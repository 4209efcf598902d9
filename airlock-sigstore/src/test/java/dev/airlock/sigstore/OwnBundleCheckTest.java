package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.testing.SharedTestdata;
import dev.sigstore.bundle.Bundle;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OwnBundleCheck} alone, on the conformance cases with a certificate: it is the fast path of
 * every certificate bundle ({@link SigstoreVerifier} asks sigstore-java only when it refuses), so
 * its acceptance is the verdict. Every {@code _fail} case must be refused by it on its own, and
 * every other case accepted without the slow path.
 */
class OwnBundleCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> certificateCases() throws Exception {
    Optional<Path> dir = SharedTestdata.find("sigstore-conformance/bundle-verify");
    if (dir.isEmpty()) {
      return Stream.of("(absent)");
    }
    List<String> out = new java.util.ArrayList<>();
    try (var s = Files.list(dir.get())) {
      for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
        if (!Files.exists(p.resolve("key.pub")) && !Files.exists(p.resolve("bundle-only"))) {
          out.add(p.getFileName().toString());
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("certificateCases")
  void ownCheckAlone_givesTheConformanceVerdict(String name) throws Exception {
    Assumptions.assumeFalse(name.equals("(absent)"), SharedTestdata.MISSING);
    Path base = SharedTestdata.find("sigstore-conformance").orElseThrow();
    Path dir = base.resolve("bundle-verify").resolve(name);
    byte[] json = Files.readAllBytes(dir.resolve("bundle.sigstore.json"));
    JsonNode tree;
    Bundle bundle;
    try {
      tree = JSON.readTree(json);
      bundle = Bundle.from(new StringReader(new String(json, StandardCharsets.UTF_8)));
    } catch (Exception e) {
      assertThat(name).as("only _fail bundles are unreadable: " + e).endsWith("_fail");
      return;
    }
    if (bundle.getCertPath() == null || bundle.getCertPath().getCertificates().isEmpty()) {
      // SigstoreVerifier refuses these before the check ("has neither a certificate nor …")
      assertThat(name).as("only _fail bundles lack a certificate").endsWith("_fail");
      return;
    }
    Path artifact =
        Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : base.resolve("a.txt");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact));
    Path root =
        Files.exists(dir.resolve("trusted_root.json"))
            ? dir.resolve("trusted_root.json")
            : ConformanceTest.publicGoodRoot();
    var check =
        new OwnBundleCheck(
            TrustedRoots.load(new TrustMaterial(Optional.of(root), List.of(), List.of(), false)),
            Clock.systemUTC());
    SigstoreBundle candidate = new SigstoreBundle(name, json);
    if (name.endsWith("_fail")) {
      assertThatThrownBy(() -> check.verify(candidate, bundle, tree, digest))
          .as(name)
          .isInstanceOf(SignatureException.class)
          .hasMessageStartingWith("bundle " + name + " ");
    } else {
      assertThat(check.verify(candidate, bundle, tree, digest).identity()).as(name).isNotBlank();
    }
  }
}
