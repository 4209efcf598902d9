package dev.airlock.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust per registry: the system trust store plus any {@code *.crt} in {@code
 * <certs.d>/<host:port>/} or {@code <certs.d>/<host>/} (the Docker and containers layout).
 */
final class TlsTrust {
  private TlsTrust() {}

  static boolean hasCa(String hostPort, List<Path> certsDirs) {
    String host = Repository.hostOf(hostPort);
    for (Path dir : certsDirs) {
      for (String name : List.of(hostPort, host)) {
        Path d = dir.resolve(name);
        if (Files.isDirectory(d)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(d, "*.crt")) {
            if (files.iterator().hasNext()) {
              return true;
            }
          } catch (IOException e) {
            return true; // let the TLS setup report it
          }
        }
      }
    }
    return false;
  }

  static SSLContext forRegistry(String hostPort, List<Path> certsDirs) throws OciException {
    List<X509Certificate> extra = new ArrayList<>();
    String host = Repository.hostOf(hostPort);
    for (Path dir : certsDirs) {
      for (String name : hostPort.equals(host) ? List.of(host) : List.of(hostPort, host)) {
        Path d = dir.resolve(name);
        if (Files.isDirectory(d)) {
          extra.addAll(read(d));
        }
      }
    }
    try {
      if (extra.isEmpty()) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (TrustManager tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("system-" + i++, c);
          }
        }
      }
      for (X509Certificate c : extra) {
        ks.setCertificateEntry("registry-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new OciException(
          OciException.Kind.IO,
          "could not set up TLS trust for " + hostPort + ": " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  private static List<X509Certificate> read(Path dir) throws OciException {
    List<X509Certificate> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          for (Certificate c : cf.generateCertificates(in)) {
            out.add((X509Certificate) c);
          }
        } catch (GeneralSecurityException e) {
          throw new OciException(
              OciException.Kind.IO,
              "CA file " + f + " is not a PEM certificate: " + e.getMessage(),
              null,
              null,
              e);
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new OciException(
          OciException.Kind.IO, "could not read CA files in " + dir + ": " + e, null, null, e);
    }
    return out;
  }
}
