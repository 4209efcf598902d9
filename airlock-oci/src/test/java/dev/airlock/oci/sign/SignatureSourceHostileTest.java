package dev.airlock.oci.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.Digest;
import dev.airlock.oci.FakeRegistries;
import dev.airlock.oci.OciException;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.VerificationPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile signature answers from a fake registry (a unit test: the real registry cannot be made to
 * lie): an oversized fallback index, a referrers listing that never ends, a listing with too many
 * entries, and a registry with no signatures at all. Each is refused with its reason.
 */
class SignatureSourceHostileTest {
  private static final byte[] SUBJECT = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(SUBJECT);

  private static SignaturePullVerifier verifier() throws Exception {
    return SignaturePullVerifier.of(
        VerificationPolicy.anyKey(List.of(SigningKeys.generateEcdsaP256().getPublic())),
        "test",
        Clock.systemUTC());
  }

  private static OciException refused(FakeRegistries.Fake reg) throws Exception {
    Reference ref = Reference.parse("oci://" + reg.host() + "/a:1");
    RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
    try {
      verifier().verifyRecording(ref, DIGEST, c);
    } catch (OciException e) {
      assertThat(e.kind()).isEqualTo(OciException.Kind.VERIFICATION);
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void fallbackIndexOver4MiB_isRefused() throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.oversizedFallbackIndex("a", DIGEST)) {
      assertThat(refused(reg).getMessage())
          .startsWith("oci://" + reg.host() + "/a:1: could not read its signatures: ")
          .contains("4194304");
    }
  }

  @Test
  void referrersListingThatNeverEnds_isRefused() throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.endlessReferrers("a", DIGEST)) {
      assertThat(refused(reg).getMessage())
          .startsWith("oci://" + reg.host() + "/a:1: could not read its signatures: ")
          .endsWith("sent more than 16 pages of referrers for a");
      // Discovery's page bound (DiscoveryLimits.DEFAULT.maxPages = 16), one request each.
      assertThat(reg.requests()).isEqualTo(16);
    }
  }

  @Test
  void referrersListingOverTheByteBudget_isRefused_withoutReadingItAll() throws Exception {
    // Five linked 1 MiB pages: each page and the page count are within bounds, the sum (5 MiB)
    // is past discovery's 4 MiB of signature material.
    try (FakeRegistries.Fake reg = FakeRegistries.paddedReferrers("a", DIGEST, 5, 1 << 20)) {
      assertThat(refused(reg).getMessage())
          .isEqualTo(
              "oci://"
                  + reg.host()
                  + "/a:1: could not read its signatures: registry "
                  + reg.host()
                  + " sent more than 4194304 bytes of referrers listing for a (page 5); signature"
                  + " discovery reads at most that much signature material");
      assertThat(reg.requests()).isEqualTo(5);
    }
  }

  @Test
  void referrersListingWithinTheByteBudget_isCountedAgainstIt() throws Exception {
    // Three 1 MiB pages are read (3 MiB of 4): the listing itself is fine, and no signature is
    // found; what remains of the budget is what discovery may still read.
    try (FakeRegistries.Fake reg = FakeRegistries.paddedReferrers("a", DIGEST, 3, 1 << 20)) {
      assertThat(refused(reg).getMessage())
          .isEqualTo("No valid signatures found for oci://" + reg.host() + "/a:1");
      RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
      dev.airlock.oci.Referrers r =
          c.referrers(
              new dev.airlock.oci.Repository(reg.host(), "a"),
              DIGEST,
              java.util.Optional.empty(),
              16,
              4L << 20);
      assertThat(r.bytes()).isEqualTo(3L << 20);
    }
  }

  @Test
  void referrersListingWithTooManyEntries_isRefused() throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.hugeReferrers("a", DIGEST, 1001)) {
      assertThat(refused(reg).getMessage())
          .startsWith("oci://" + reg.host() + "/a:1: could not read its signatures: ")
          .contains("1000");
    }
  }

  @Test
  void noSignaturesAnywhere_isNoValidSignatures() throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.empty()) {
      assertThat(refused(reg).getMessage())
          .isEqualTo("No valid signatures found for oci://" + reg.host() + "/a:1");
    }
  }
}
