package dev.airlock.sigstore;

import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Whether a signing certificate chains to a trusted Fulcio CA. With CT log keys in the trusted
 * root, sigstore-java's {@link FulcioVerifier} decides: the chain and an embedded SCT signed by a
 * trusted CT log. Without any (QueryMT's PEM trust: {@code fulcio_certs} and {@code rekor_pub_keys}
 * name no CT log), sigstore-java refuses every certificate ("No ct logs were provided to
 * verifier"), so the chain is checked here with the JDK's PKIX validator and the SCT is not
 * checked: no CT log key given means no SCT check. The signature, the log entry and the times are
 * checked as always.
 */
final class FulcioChains {
  private FulcioChains() {}

  /**
   * Checks {@code chain} (leaf first; intermediates optional) against the root's CAs.
   *
   * @param root the trusted root
   * @param chain the certificates the signature carries, leaf first
   * @param at when the CA must have been valid and the chain checked (issuance or log time)
   * @throws Exception saying why no CA accepts it
   */
  static void verify(SigstoreTrustedRoot root, List<X509Certificate> chain, Instant at)
      throws Exception {
    if (!root.getCTLogs().isEmpty()) {
      FulcioVerifier.newFulcioVerifier(root)
          .verifySigningCertificate(
              CertificateFactory.getInstance("X.509").generateCertPath(chain));
      return;
    }
    List<CertificateAuthority> cas = CertificateAuthority.find(root.getCAs(), at);
    if (cas.isEmpty()) {
      throw new java.security.cert.CertificateException(
          "no trusted Fulcio CA is valid at " + at + " (" + root.getCAs().size() + " listed)");
    }
    String last = "";
    for (CertificateAuthority ca : cas) {
      @SuppressWarnings("unchecked")
      List<X509Certificate> caChain = (List<X509Certificate>) ca.getCertPath().getCertificates();
      // Each certificate of a CA's chain (intermediate first, root last) may anchor the path, with
      // the CA's certificates before it as intermediates: a PEM file given as trusted may hold the
      // issuing intermediate alone, or the intermediate and its root.
      for (int i = 0; i < caChain.size(); i++) {
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeAll(caChain);
        path.addAll(caChain.subList(0, i));
        try {
          PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(caChain.get(i), null)));
          params.setRevocationEnabled(false);
          params.setDate(Date.from(at));
          CertPathValidator.getInstance("PKIX")
              .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
          return;
        } catch (java.security.GeneralSecurityException e) {
          last = e.getMessage();
        }
      }
    }
    throw new java.security.cert.CertificateException(
        "does not chain to a trusted Fulcio CA (checked without SCT: the trust material names no CT"
            + " log): "
            + last);
  }
}
