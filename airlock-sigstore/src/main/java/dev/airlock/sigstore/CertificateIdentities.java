package dev.airlock.sigstore;

import dev.airlock.signature.Signer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads who a Fulcio certificate was issued to: the subject alternative name (e-mail or URI), the
 * OIDC issuer and the GitHub workflow claims from Fulcio's extensions (OID arc
 * 1.3.6.1.4.1.57264.1), in their v1 (raw string) and v2 (DER UTF8String) forms.
 */
final class CertificateIdentities {
  private static final String ARC = "1.3.6.1.4.1.57264.1.";

  /** Claim name → v1 OID suffix, v2 OID suffix (0 when none). */
  private static final Map<String, int[]> CLAIMS = new LinkedHashMap<>();

  static {
    CLAIMS.put(Signer.TRIGGER, new int[] {2, 20});
    CLAIMS.put(Signer.SHA, new int[] {3, 13});
    CLAIMS.put(Signer.WORKFLOW_NAME, new int[] {4, 0});
    CLAIMS.put(Signer.REPOSITORY, new int[] {5, 0});
    CLAIMS.put(Signer.REF, new int[] {6, 14});
    CLAIMS.put("source-repository-uri", new int[] {0, 12});
    CLAIMS.put("build-signer-uri", new int[] {0, 9});
    CLAIMS.put("runner-environment", new int[] {0, 11});
  }

  private CertificateIdentities() {}

  static Signer signer(X509Certificate cert) {
    Map<String, String> claims = new LinkedHashMap<>();
    CLAIMS.forEach(
        (name, oids) -> {
          String v = oids[1] > 0 ? v2(cert, ARC + oids[1]) : null;
          if (v == null && oids[0] > 0) {
            v = v1(cert, ARC + oids[0]);
          }
          if (v != null) {
            claims.put(name, v);
          }
        });
    if (!claims.containsKey(Signer.REPOSITORY) && claims.containsKey("source-repository-uri")) {
      String uri = claims.get("source-repository-uri");
      if (uri.startsWith("https://github.com/")) {
        claims.put(Signer.REPOSITORY, uri.substring("https://github.com/".length()));
      }
    }
    String issuer = v2(cert, ARC + 8);
    if (issuer == null) {
      issuer = v1(cert, ARC + 1);
    }
    return new Signer(Signer.Kind.CERTIFICATE, subject(cert), issuer == null ? "" : issuer, claims);
  }

  static String subject(X509Certificate cert) {
    try {
      var names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          int type = (Integer) n.get(0);
          if (type == 1 || type == 6) { // rfc822Name, uniformResourceIdentifier
            return String.valueOf(n.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return "";
    }
    return "";
  }

  /** A v1 extension: the extension value is the raw string bytes. */
  private static String v1(X509Certificate cert, String oid) {
    byte[] octets = unwrapOctetString(cert.getExtensionValue(oid));
    return octets == null ? null : new String(octets, StandardCharsets.UTF_8);
  }

  /** A v2 extension: the extension value is a DER UTF8String. */
  private static String v2(X509Certificate cert, String oid) {
    byte[] der = unwrapOctetString(cert.getExtensionValue(oid));
    if (der == null || der.length < 2 || der[0] != 0x0c) {
      return null;
    }
    int[] len = length(der, 1);
    if (len == null || len[1] + len[0] > der.length) {
      return null;
    }
    return new String(der, len[1], len[0], StandardCharsets.UTF_8);
  }

  private static byte[] unwrapOctetString(byte[] ext) {
    if (ext == null || ext.length < 2 || ext[0] != 0x04) {
      return null;
    }
    int[] len = length(ext, 1);
    if (len == null || len[1] + len[0] > ext.length) {
      return null;
    }
    return Arrays.copyOfRange(ext, len[1], len[1] + len[0]);
  }

  /** DER length at {@code at}: {length, offset of content}, or null. */
  private static int[] length(byte[] der, int at) {
    int b = der[at] & 0xff;
    if (b < 0x80) {
      return new int[] {b, at + 1};
    }
    int n = b & 0x7f;
    if (n == 0 || n > 3 || at + n >= der.length) {
      return null;
    }
    int len = 0;
    for (int i = 1; i <= n; i++) {
      len = (len << 8) | (der[at + i] & 0xff);
    }
    return new int[] {len, at + 1 + n};
  }
}
