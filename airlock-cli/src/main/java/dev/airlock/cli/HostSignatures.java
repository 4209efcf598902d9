package dev.airlock.cli;

import dev.airlock.host.Settings;
import dev.airlock.host.SettingsTables;
import dev.airlock.oci.PullVerifier;
import dev.airlock.oci.sign.OciVerification;
import dev.airlock.oci.sign.SignaturePullVerifier;
import dev.airlock.signature.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** The signature policy of {@code airlock host}'s {@code oci://} providers: the [oci] table. */
final class HostSignatures {
  private HostSignatures() {}

  static PullVerifier verifier(Settings s, PrintWriter out) throws Exception {
    if (s.file().isEmpty()) {
      return PullVerifier.NONE;
    }
    Path file = s.file().get();
    Map<String, Object> table = SettingsTables.table(file, "oci");
    PullVerifier v =
        OciVerification.fromSettings(table, file.toAbsolutePath().getParent(), Clock.systemUTC());
    if (!(v instanceof SignaturePullVerifier sv)) {
      return v;
    }
    boolean skip = OciVerification.skips(table);
    return sv.onVerified(
        r -> {
          if (skip) {
            HostCommand.line(
                out,
                Instant.now(),
                "*",
                "WARNING",
                "signature verification of "
                    + r.subject()
                    + " is SKIPPED (insecure_skip_signature = true in [oci]); anyone who can"
                    + " push to the registry can run code in this host");
          } else {
            HostCommand.line(out, Instant.now(), "*", "VERIFIED", describe(r));
          }
        });
  }

  static String describe(VerificationResult r) {
    StringBuilder b = new StringBuilder(r.subject()).append(' ').append(r.manifestDigest());
    for (VerificationResult.Match m : r.matches()) {
      b.append("; signed by ")
          .append(m.signer().describe())
          .append(" (rule ")
          .append(m.rule())
          .append(')');
    }
    return b.toString();
  }
}
