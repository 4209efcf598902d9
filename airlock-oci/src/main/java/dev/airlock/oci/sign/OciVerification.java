package dev.airlock.oci.sign;

import dev.airlock.oci.PullVerifier;
import dev.airlock.signature.PolicyParser;
import dev.airlock.signature.QueryMtSettings;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.VerificationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The signature policy of a host's {@code oci://} providers, from the settings file's {@code [oci]}
 * table: QueryMT's keys ({@link QueryMtSettings#KEYS}) or {@code policy = "file"} naming a
 * Kubewarden-style policy file ({@link PolicyParser}). No table means no signature check (digests
 * only, as before); unknown keys are errors.
 */
public final class OciVerification {
  /** The key naming a policy file. */
  public static final String POLICY = "policy";

  private OciVerification() {}

  /**
   * The verifier for a settings {@code [oci]} table.
   *
   * @param oci the table (empty: no signature verification)
   * @param baseDir the settings file's directory (relative paths)
   * @param clock the current time
   * @return {@link PullVerifier#NONE} for an empty table, else a {@link SignaturePullVerifier}
   * @throws SignatureException for unknown keys, wrong types and unsafe combinations
   * @throws IOException when the policy file cannot be read
   */
  public static PullVerifier fromSettings(Map<String, ?> oci, Path baseDir, Clock clock)
      throws SignatureException, IOException {
    if (oci.isEmpty()) {
      return PullVerifier.NONE;
    }
    Set<String> known = new TreeSet<>(QueryMtSettings.KEYS);
    known.add(POLICY);
    for (String k : oci.keySet()) {
      if (!known.contains(k)) {
        throw bad("[oci] has an unknown key '" + k + "' (known keys: " + known + ")");
      }
    }
    VerificationPolicy policy;
    String id;
    if (oci.containsKey(POLICY)) {
      if (oci.size() > 1) {
        throw bad(
            "[oci] sets policy and "
                + new TreeSet<>(oci.keySet()).stream().filter(k -> !k.equals(POLICY)).toList()
                + "; put everything in the policy file, or use the QueryMT keys alone");
      }
      if (!(oci.get(POLICY) instanceof String s) || s.isBlank()) {
        throw bad("[oci] policy should be a file path, found " + oci.get(POLICY));
      }
      Path file = baseDir.resolve(s);
      byte[] bytes = Files.readAllBytes(file);
      policy = PolicyParser.parse(bytes, file.getFileName().toString(), file.getParent());
      id = "policy:" + sha256(bytes);
    } else {
      policy = QueryMtSettings.toPolicy(oci, baseDir);
      id = "oci:" + sha256(new TreeMap<>(oci).toString().getBytes(StandardCharsets.UTF_8));
    }
    return SignaturePullVerifier.of(policy, id, clock);
  }

  /**
   * Whether a table turns verification off ({@code insecure_skip_signature = true}).
   *
   * @param oci the table
   * @return true when signatures are not checked
   */
  public static boolean skips(Map<String, ?> oci) {
    return Boolean.TRUE.equals(oci.get("insecure_skip_signature"));
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b), 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SignatureException bad(String m) {
    return new SignatureException(SignatureException.Reason.BAD_POLICY, m);
  }
}
