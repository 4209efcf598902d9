package dev.airlock.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS trust: the system trust store, plus the certificates of an optional CA file. */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext create(TrustManager[] trust) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /** The trust managers {@link #create} uses: one that accepts what any of its parts accepts. */
  static TrustManager[] trustManagers(Path caFile) throws IOException {
    try {
      List<X509TrustManager> managers = new ArrayList<>();
      managers.add(managerFor(null)); // the JDK's cacerts
      if (caFile != null) {
        KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
        extra.load(null, null);
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
          certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
          throw new IOException("CA file " + caFile + " holds no readable PEM certificate: " + e);
        }
        if (certs.isEmpty()) {
          throw new IOException("CA file " + caFile + " holds no certificate");
        }
        int i = 0;
        for (Certificate c : certs) {
          extra.setCertificateEntry("ca-" + i++, c);
        }
        managers.add(managerFor(extra));
      }
      return new TrustManager[] {new AnyOf(managers)};
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager managerFor(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager m : f.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  /** Trusts a chain when any of its managers does; the JDK still checks the host name. */
  private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager m : managers) {
        try {
          m.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream()
          .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }
}
