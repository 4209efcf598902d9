package dev.airlock.catalog;

import static dev.airlock.catalog.Fixtures.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.HttpFixture;
import dev.airlock.testing.Processes;
import dev.airlock.testing.TestCa;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * git+https sources cloned from the real {@code git http-backend} behind a TLS server on 127.0.0.1
 * with a test CA: the clone follows the Fetcher's trust, credentials and redirect rules.
 */
class GitHttpsTest {
  static final byte[] ECHO = Fixtures.example("echo");
  @TempDir static Path caDir;
  static TestCa ca;

  @TempDir Path tmp;
  Path plugins;
  Path served;
  KeyPair alice;
  final List<HttpFixture> servers = new java.util.ArrayList<>();

  @BeforeAll
  static void makeCa() throws Exception {
    Processes.require("git");
    ca = TestCa.create(caDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    alice = TestKeys.ed25519();
    plugins = tmp.resolve("plugins");
    Path work = Files.createDirectories(tmp.resolve("echo-plugin"));
    GitSourceTest.git(work, "init", "-q", "-b", "main");
    Files.writeString(
        work.resolve("plugin.toml"), "[plugin]\nname = \"echo\"\nversion = \"0.3.0\"\n");
    Files.write(work.resolve("plugin.wasm"), ECHO);
    ArtefactSigner.signBareWasmTo(ECHO, alice.getPrivate(), work.resolve("plugin.wasm.sig"));
    GitSourceTest.git(work, "add", "-A");
    GitSourceTest.git(work, "commit", "-q", "-m", "first");
    served = Files.createDirectories(tmp.resolve("served"));
    GitSourceTest.git(
        tmp, "clone", "-q", "--bare", work.toString(), served.resolve("echo.git").toString());
  }

  @AfterEach
  void stop() {
    servers.forEach(HttpFixture::close);
  }

  HttpFixture serve(HttpFixture.Handler h, boolean tls) {
    HttpFixture f = HttpFixture.start(Map.of("/", h), tls ? ca.serverContext() : null);
    servers.add(f);
    return f;
  }

  static HttpFixture.Handler redirectTo(HttpFixture other) {
    return x -> {
      x.getResponseHeaders().add("Location", other.baseUrl() + x.getRequestURI());
      x.sendResponseHeaders(302, -1);
    };
  }

  InstallReport install(String url, Fetcher.Builder fetcher) throws Exception {
    return Installer.builder()
        .fetcher(fetcher.retries(0, Duration.ZERO).build())
        .trustRoot(Fixtures.trust(alice))
        .build()
        .install(Source.parse("git+" + url + "/echo.git#main", null), plugins);
  }

  void refused(String url, Fetcher.Builder fetcher, String message) throws Exception {
    assertThatThrownBy(() -> install(url, fetcher)).hasMessage(message);
    assertThat(visible(plugins)).isEmpty();
  }

  @Test
  void cloneOverHttps_trustsTheCaFile_andWithoutIt_saysTheCertificateIsNotTrusted()
      throws Exception {
    HttpFixture a = serve(new GitBackend(served, new CopyOnWriteArrayList<>()), true);
    refused(
        a.baseUrl(),
        Fetcher.builder(),
        "cannot clone "
            + a.baseUrl()
            + "/echo.git at 'main': TLS handshake failed ((certificate_unknown) PKIX path building"
            + " failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find"
            + " valid certification path to requested target): the server's certificate is not"
            + " trusted by the system trust store or the CA file, or does not name this host; give"
            + " the CA that signed it as the CA file");
    InstallReport r = install(a.baseUrl(), Fetcher.builder().caFile(ca.caPem()));
    assertThat(r.version()).isEqualTo("0.3.0");
    assertThat(r.signer()).contains("alice");
    assertThat(Files.readAllBytes(plugins.resolve("echo.wasm"))).isEqualTo(ECHO);
  }

  @Test
  void credentials_areSentToTheirOwnHostOnly() throws Exception {
    List<String> seenA = new CopyOnWriteArrayList<>();
    HttpFixture a = serve(new GitBackend(served, seenA), true);
    String hostA = "127.0.0.1:" + a.port();
    install(
        a.baseUrl(),
        Fetcher.builder()
            .caFile(ca.caPem())
            .credentials(Credentials.bearer(hostA, "tok-a"))
            .credentials(Credentials.basic("127.0.0.1:1", "u", "not-for-a")));
    assertThat(seenA).isNotEmpty().containsOnly("Bearer tok-a");

    seenA.clear();
    Files.walk(plugins)
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    install(
        a.baseUrl(),
        Fetcher.builder().caFile(ca.caPem()).credentials(Credentials.bearer("example.com", "x")));
    assertThat(seenA).isNotEmpty().containsOnly("-");
  }

  @Test
  void redirectToAnotherHost_withCredentials_refused_andTheOtherHostSeesNoToken() throws Exception {
    List<String> seenB = new CopyOnWriteArrayList<>();
    HttpFixture b = serve(new GitBackend(served, seenB), true);
    HttpFixture a = serve(redirectTo(b), true);
    String hostA = "127.0.0.1:" + a.port();
    refused(
        a.baseUrl(),
        Fetcher.builder().caFile(ca.caPem()).credentials(Credentials.bearer(hostA, "tok-a")),
        "cannot clone "
            + a.baseUrl()
            + "/echo.git at 'main': redirect from "
            + a.baseUrl()
            + "/echo.git/info/refs?service=git-upload-pack to "
            + b.baseUrl()
            + "/echo.git/info/refs?service=git-upload-pack refused: the request carried"
            + " credentials for "
            + hostA
            + ", which are never sent to another host");
    assertThat(seenB).doesNotContain("Bearer tok-a");
    assertThat(seenB).isEmpty();
  }

  @Test
  void redirectFromHttpsToHttp_refused() throws Exception {
    List<String> seenB = new CopyOnWriteArrayList<>();
    HttpFixture b = serve(new GitBackend(served, seenB), false);
    HttpFixture a = serve(redirectTo(b), true);
    refused(
        a.baseUrl(),
        Fetcher.builder().caFile(ca.caPem()),
        "cannot clone "
            + a.baseUrl()
            + "/echo.git at 'main': redirect from "
            + a.baseUrl()
            + "/echo.git/info/refs?service=git-upload-pack to "
            + b.baseUrl()
            + "/echo.git/info/refs?service=git-upload-pack refused: https must not be downgraded"
            + " to http");
    assertThat(seenB).isEmpty();
  }
}
