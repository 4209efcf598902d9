package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.PolicyFailure;
import dev.airlock.testing.SharedTestdata;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance cases sigstore-java 2.0.0 gets wrong on its own, and the named negative
 * cases, each with the reason Airlock gives.
 */
class KnownShortfallsTest {
  private Path base;

  @BeforeEach
  void data() {
    Optional<Path> d = SharedTestdata.find("sigstore-conformance");
    Assumptions.assumeTrue(d.isPresent(), SharedTestdata.MISSING);
    base = d.get();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // sigstore-java accepts these two:
        "integrated-time-in-future_fail|was logged at 2026-05-07T15:34:11Z, outside the"
            + " certificate's validity (2026-05-07T15:18:10Z to 2026-05-07T15:28:10Z)",
        "trust-root-tlog-missing-validity-start_fail|does not verify: Transparency log entry could"
            + " not be verified",
        // the negative cases:
        "bundle-from-wrong-instance_fail|does not verify: Fulcio certificate was not valid:"
            + " Certificate was not verifiable against CAs",
        "intoto-set-outside-signing-cert-validity_fail|was signed at 2023-02-02T00:00:00Z, outside"
            + " the certificate's validity",
        "intoto-tsa-timestamp-outside-cert-validity_fail|was signed at 2023-02-02T00:00:00Z,"
            + " outside the certificate's validity",
        "wrong-hashedrekord-artifact_fail|transparency log entry (hashedrekord/0.0.1) records"
            + " another envelope or signer"
      })
  void refused_withReason(String name, String reason) {
    assertThatThrownBy(() -> ConformanceTest.verify(base, base.resolve("bundle-verify/" + name)))
        .isInstanceOfSatisfying(
            PolicyFailure.class,
            e ->
                assertThat(e.rejected())
                    .singleElement()
                    .asString()
                    .startsWith(name + ": bundle " + name + " " + reason));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intoto-with-custom-trust-root", "rekor2-dsse-happy-path"})
  void wronglyRejectedBySigstoreJava_verifyHere(String name) throws Exception {
    assertThat(ConformanceTest.verify(base, base.resolve("bundle-verify/" + name)).matches())
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.signer().identity())
                    .startsWith("https://github.com/sigstore-conformance/"));
  }
}
