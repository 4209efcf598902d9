package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.airlock.signature.SignatureException;
import dev.airlock.signature.TrustMaterial;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TUF is used only when asked, and never silently: without trust material and without {@code
 * use_sigstore_tuf_data} nothing is fetched; asked for but unreachable, the reason is named.
 */
class TufTrustTest {
  @Test
  void noTrustMaterial_andNoTuf_isAConfigurationError_withoutAnyFetch() {
    assertThatThrownBy(() -> TrustedRoots.load(TrustMaterial.NONE))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "keyless verification needs trust material: a trusted_root.json, Fulcio certificate"
                + " and Rekor key PEM files, or use_sigstore_tuf_data = true");
  }

  @Test
  void tufAskedFor_butUnreachable_namesTheReason() {
    // This machine reaches only package registries; where Sigstore's TUF mirror resolves, this
    // case cannot be produced, and the test says so instead of passing.
    assumeFalse(
        resolves("tuf-repo-cdn.sigstore.dev"),
        "tuf-repo-cdn.sigstore.dev resolves here: the unreachable case cannot be tested");
    TrustMaterial tuf = new TrustMaterial(Optional.empty(), List.of(), List.of(), true);
    assertThatThrownBy(() -> TrustedRoots.load(tuf))
        .isInstanceOf(SignatureException.class)
        .hasMessageStartingWith("cannot fetch the Sigstore public-good trusted root over TUF: ");
  }

  private static boolean resolves(String host) {
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
