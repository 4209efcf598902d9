package dev.airlock.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Debian's {@code docker-registry} (CNCF distribution 2.8) started for a test on 127.0.0.1 and a
 * free port, in one of three configurations: plain http; TLS with a test CA plus htpasswd (bcrypt)
 * basic auth; TLS plus bearer tokens from {@link TokenServer}. Certificates come from real {@code
 * openssl}, the password file from {@code htpasswd -B}.
 */
public final class DockerRegistry implements AutoCloseable {
  /** The configurations. */
  public enum Mode {
    /** Plain http, no auth. */
    PLAIN,
    /** TLS (test CA) and htpasswd basic auth. */
    BASIC,
    /** TLS and bearer tokens from our token server. */
    TOKEN
  }

  /** The user every authenticated mode accepts. */
  public static final String USER = "airlock";

  /** Its password. */
  public static final String PASSWORD = "s3cret-pass";

  private final Mode mode;
  private final int port;
  private final Process process;
  private final Path dir;
  private final TokenServer tokens;

  private DockerRegistry(Mode mode, int port, Process process, Path dir, TokenServer tokens) {
    this.mode = mode;
    this.port = port;
    this.process = process;
    this.dir = dir;
    this.tokens = tokens;
  }

  /**
   * Whether the registry binary is installed.
   *
   * @return true when {@code /usr/bin/docker-registry} exists
   */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/docker-registry"));
  }

  /**
   * Starts a registry.
   *
   * @param mode the configuration
   * @param dir an empty working directory (storage, certificates, logs)
   * @return the running registry
   * @throws Exception when it does not start within 20 s
   */
  public static DockerRegistry start(Mode mode, Path dir) throws Exception {
    int port = freePort();
    StringBuilder cfg = new StringBuilder();
    cfg.append("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(dir.resolve("data"))
        .append("\n  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append("\n  secret: airlock-test\n");
    TokenServer tokens = null;
    if (mode != Mode.PLAIN) {
      certificates(dir);
      cfg.append("  tls:\n    certificate: ")
          .append(dir.resolve("server.crt"))
          .append("\n    key: ")
          .append(dir.resolve("server.key"))
          .append('\n');
    }
    if (mode == Mode.BASIC) {
      Processes.run(dir, "htpasswd", "-Bbc", dir.resolve("htpasswd").toString(), USER, PASSWORD)
          .ok();
      cfg.append("auth:\n  htpasswd:\n    realm: airlock-test\n    path: ")
          .append(dir.resolve("htpasswd"))
          .append('\n');
    } else if (mode == Mode.TOKEN) {
      tokens =
          TokenServer.start(
              dir.resolve("token.pk8"),
              dir.resolve("token.crt"),
              USER,
              PASSWORD,
              "airlock-registry",
              "airlock-token-issuer");
      cfg.append("auth:\n  token:\n    realm: ")
          .append(tokens.realm())
          .append("\n    service: airlock-registry\n    issuer: airlock-token-issuer\n")
          .append("    rootcertbundle: ")
          .append(dir.resolve("token.crt"))
          .append('\n');
    }
    Files.writeString(dir.resolve("config.yml"), cfg);
    Process p =
        new ProcessBuilder(
                "/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    DockerRegistry r = new DockerRegistry(mode, port, p, dir, tokens);
    Instant until = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return r;
      } catch (IOException e) {
        if (!p.isAlive() || Instant.now().isAfter(until)) {
          r.close();
          throw new IllegalStateException(
              "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")), e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static void certificates(Path dir) throws Exception {
    String ec = "ec_paramgen_curve:prime256v1";
    selfSigned(dir, "ca", "/CN=airlock-test-ca");
    Processes.run(
            dir,
            "openssl",
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            ec,
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1")
        .ok();
    Files.writeString(
        dir.resolve("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
    Processes.run(
            dir,
            "openssl",
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "ext.cnf")
        .ok();
    selfSigned(dir, "token", "/CN=airlock-token-signer");
    Processes.run(
            dir, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "token.key", "-out", "token.pk8")
        .ok();
  }

  /** NAME.key and a self-signed NAME.crt (P-256, two days) for SUBJECT. */
  private static void selfSigned(Path dir, String name, String subject) throws Exception {
    Processes.run(
            dir,
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            name + ".key",
            "-out",
            name + ".crt",
            "-days",
            "2",
            "-subj",
            subject)
        .ok();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * @return {@code 127.0.0.1:<port>}
   */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /**
   * @return the mode
   */
  public Mode mode() {
    return mode;
  }

  /**
   * A {@code certs.d}-style directory holding {@code <host:port>/ca.crt} for this registry.
   *
   * @return the directory (empty for plain http)
   * @throws IOException when it cannot be written
   */
  public Path certsDir() throws IOException {
    Path d = dir.resolve("certs.d");
    if (mode != Mode.PLAIN) {
      Files.createDirectories(d.resolve(hostPort()));
      Files.copy(
          dir.resolve("ca.crt"),
          d.resolve(hostPort()).resolve("ca.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(d);
    return d;
  }

  /**
   * @return the test CA certificate (TLS modes)
   */
  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  /**
   * @return the token server's request count, 0 when there is none
   */
  public int tokenRequests() {
    return tokens == null ? 0 : tokens.requests();
  }

  /**
   * Arguments for {@code skopeo} to reach this registry ({@code --dest-…} or {@code --src-…}).
   *
   * @param prefix {@code dest} or {@code src}, or empty for inspect
   * @return the options
   */
  public List<String> skopeoOptions(String prefix) {
    String p = prefix.isEmpty() ? "--" : "--" + prefix + "-";
    if (mode == Mode.PLAIN) {
      return List.of(p + "tls-verify=false");
    }
    return List.of(
        p + "cert-dir=" + dir.resolve("certs.d").resolve(hostPort()),
        p + "creds=" + USER + ":" + PASSWORD);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (tokens != null) {
      tokens.close();
    }
  }
}
