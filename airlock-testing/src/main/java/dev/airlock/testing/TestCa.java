package dev.airlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate authority and a server certificate for {@code 127.0.0.1}, made with the
 * JDK's {@code keytool} (so no test trusts a certificate made by the code under test).
 */
public final class TestCa {
  private static final String PASS = "changeit";

  private final Path caPem;
  private final Path serverStore;

  private TestCa(Path caPem, Path serverStore) {
    this.caPem = caPem;
    this.serverStore = serverStore;
  }

  /** Creates the CA and a server certificate (SAN IP 127.0.0.1) in {@code dir}. */
  public static TestCa create(Path dir) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    String[][] steps = {
      {
        "-genkeypair",
        "-keystore",
        ca.toString(),
        "-alias",
        "ca",
        "-dname",
        "CN=Airlock Test CA",
        "-keyalg",
        "EC",
        "-ext",
        "bc:c",
        "-validity",
        "2"
      },
      {
        "-exportcert",
        "-keystore",
        ca.toString(),
        "-alias",
        "ca",
        "-rfc",
        "-file",
        dir.resolve("ca.pem").toString()
      },
      {
        "-genkeypair",
        "-keystore",
        server.toString(),
        "-alias",
        "server",
        "-dname",
        "CN=127.0.0.1",
        "-keyalg",
        "EC",
        "-validity",
        "2"
      },
      {
        "-certreq",
        "-keystore",
        server.toString(),
        "-alias",
        "server",
        "-file",
        dir.resolve("server.csr").toString()
      },
      {
        "-gencert",
        "-keystore",
        ca.toString(),
        "-alias",
        "ca",
        "-infile",
        dir.resolve("server.csr").toString(),
        "-outfile",
        dir.resolve("server.pem").toString(),
        "-ext",
        "san=ip:127.0.0.1",
        "-rfc",
        "-validity",
        "2"
      },
      {
        "-importcert",
        "-noprompt",
        "-keystore",
        server.toString(),
        "-alias",
        "ca",
        "-file",
        dir.resolve("ca.pem").toString()
      },
      {
        "-importcert",
        "-keystore",
        server.toString(),
        "-alias",
        "server",
        "-file",
        dir.resolve("server.pem").toString()
      },
    };
    for (String[] step : steps) {
      java.util.List<String> cmd = new java.util.ArrayList<>();
      cmd.add(keytool);
      cmd.addAll(java.util.List.of(step));
      cmd.addAll(java.util.List.of("-storepass", PASS, "-storetype", "PKCS12"));
      Processes.run(dir, java.util.Map.of(), cmd).ok();
    }
    return new TestCa(dir.resolve("ca.pem"), server);
  }

  /** The CA certificate, PEM. */
  public Path caPem() {
    return caPem;
  }

  /** A server-side TLS context presenting the 127.0.0.1 certificate and its chain. */
  public SSLContext serverContext() {
    try (InputStream in = Files.newInputStream(serverStore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS.toCharArray());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASS.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test server key store", e);
    }
  }
}
