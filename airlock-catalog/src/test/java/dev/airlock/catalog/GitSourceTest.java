package dev.airlock.catalog;

import static dev.airlock.catalog.Fixtures.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.testing.Processes;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git+…#REF sources against real repositories made with the git binary. */
class GitSourceTest {
  static final byte[] ECHO = Fixtures.example("echo");

  @TempDir Path tmp;
  Path repo;
  Path plugins;
  KeyPair alice;

  @BeforeEach
  void setUp() throws Exception {
    Processes.require("git");
    alice = TestKeys.ed25519();
    plugins = tmp.resolve("plugins");
    repo = Files.createDirectories(tmp.resolve("echo-plugin"));
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(
        repo.resolve("plugin.toml"),
        "[plugin]\nname = \"echo\"\nversion = \"0.3.0\"\ndescription = \"echoes\"\n");
    Files.write(repo.resolve("plugin.wasm"), ECHO);
    ArtefactSigner.signBareWasmTo(ECHO, alice.getPrivate(), repo.resolve("plugin.wasm.sig"));
    Files.writeString(repo.resolve("echo.c"), "/* the source */\n");
    commit("first");
    git(repo, "tag", "v0.3.0");
  }

  static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
    cmd.addAll(List.of(args));
    return Processes.run(dir, Map.of(), cmd).ok().out().strip();
  }

  void commit(String message) throws Exception {
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", message);
  }

  Installer installer() throws Exception {
    return Installer.builder()
        .fetcher(Fetcher.builder().retries(0, Duration.ZERO).build())
        .trustRoot(Fixtures.trust(alice))
        .build();
  }

  InstallReport install(String spec) throws Exception {
    return installer().install(Source.parse(spec, null), plugins);
  }

  void refused(String spec, String message) throws Exception {
    assertThatThrownBy(() -> install(spec)).hasMessage(message);
    assertThat(visible(plugins)).isEmpty();
  }

  String url() {
    return "git+" + repo.toUri();
  }

  @Test
  void branchTagAndCommit_installTheSignedModule() throws Exception {
    InstallReport r = install(url() + "#main");
    assertThat(r.version()).isEqualTo("0.3.0");
    assertThat(r.signer()).contains("alice");
    assertThat(r.files())
        .containsExactly(
            plugins.resolve("echo.sig"),
            plugins.resolve("echo.json"),
            plugins.resolve("echo.wasm"));
    assertThat(Files.readAllBytes(plugins.resolve("echo.wasm"))).isEqualTo(ECHO);
    var a = ArtefactReader.create().read(plugins.resolve("echo.wasm"));
    assertThat(a.manifest().description()).isEqualTo("echoes");
    assertThat(install(url() + "#v0.3.0").version()).isEqualTo("0.3.0");
    String head = git(repo, "rev-parse", "HEAD");
    assertThat(install(url() + "#" + head).version()).isEqualTo("0.3.0");
    assertThat(visible(plugins))
        .containsExactly(".airlock-catalog.json", "echo.json", "echo.sig", "echo.wasm");
  }

  @Test
  void optionLikeRefsAndUrls_refused() throws Exception {
    refused(
        url() + "#--upload-pack=touch",
        "git ref '--upload-pack=touch' is refused: a ref is a branch, tag or commit made of letters,"
            + " digits, '.', '_', '/' and '-', not starting with '-'");
    refused(
        "git+ext::sh -c touch% /tmp/pwned#main",
        "git URL 'ext::sh -c touch% /tmp/pwned' is refused: it could be read as an option or a"
            + " transport");
    refused(
        "git+-oProxyCommand=x#main",
        "git URL '-oProxyCommand=x' is refused: it could be read as an option or a transport");
    refused(
        "git+https://-oProxyCommand=x/repo.git#main",
        "git URL 'https://-oProxyCommand=x/repo.git' is refused: it could be read as an option or a"
            + " transport");
    refused(
        "git+http://127.0.0.1:9/repo.git#main",
        "git URL 'http://127.0.0.1:9/repo.git' is refused: only git+https:// repositories are"
            + " cloned");
  }

  @Test
  void submodules_refused() throws Exception {
    Files.writeString(
        repo.resolve(".gitmodules"),
        "[submodule \"x\"]\n\tpath = x\n\turl = https://example.com/x\n");
    commit("submodule");
    refused(
        url() + "#main",
        "git source "
            + repo.toUri()
            + " has submodules (.gitmodules); they are never fetched: put the plugin's plugin.toml"
            + " and module in the repository itself");
  }

  @Test
  void symlinkLeavingTheClone_refused() throws Exception {
    Files.createSymbolicLink(repo.resolve("README"), Path.of("/etc/passwd"));
    commit("link");
    refused(
        url() + "#main",
        "git source "
            + repo.toUri()
            + " holds a symbolic link that leaves the repository (README -> /etc/passwd); refusing"
            + " it");
  }

  @Test
  void unsignedModule_withATrustRoot_refused() throws Exception {
    Files.delete(repo.resolve("plugin.wasm.sig"));
    commit("unsigned");
    refused(url() + "#main", "'echo' has no signature but a trust root was supplied");
  }

  @Test
  void unknownRef_namesTheRepository() throws Exception {
    assertThatThrownBy(() -> install(url() + "#nope"))
        .hasMessageStartingWith("cannot clone " + repo.toUri() + " at 'nope': ");
    assertThat(visible(plugins)).isEmpty();
  }

  @Test
  void repositoryLargerThanTheCap_stopped() throws Exception {
    byte[] noise = new byte[3 << 20];
    new java.util.Random(3).nextBytes(noise);
    Files.write(repo.resolve("noise.bin"), noise);
    commit("big");
    Installer capped =
        Installer.builder()
            .fetcher(Fetcher.builder().retries(0, Duration.ZERO).build())
            .maxBytes(1 << 20)
            .build();
    assertThatThrownBy(() -> capped.install(Source.parse(url() + "#main", null), plugins))
        .hasMessage(
            "git source " + repo.toUri() + " is larger than 1048576 bytes on disk; stopped");
    assertThat(visible(plugins)).isEmpty();
  }
}
