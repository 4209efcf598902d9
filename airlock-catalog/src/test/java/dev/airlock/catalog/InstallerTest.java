package dev.airlock.catalog;

import static dev.airlock.catalog.Fixtures.visible;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.host.StateStore;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs from an index served over loopback HTTP into a plugins directory. */
class InstallerTest {
  static final byte[] ECHO = Fixtures.example("echo");
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path tmp;
  Path repo;
  Path plugins;
  Served served;
  KeyPair alice;
  TrustRoot trust;
  final List<String> steps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    plugins = tmp.resolve("plugins");
    served = new Served(repo);
    alice = TestKeys.ed25519();
    trust = Fixtures.trust(alice);
  }

  @AfterEach
  void tearDown() {
    served.close();
  }

  Publisher publisher(Instant now) {
    return new Publisher(Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(30));
  }

  /** Packs and publishes name@version, signed, into a signed index. */
  void publish(String name, String version) throws Exception {
    Path a = Fixtures.pack(repo, name, version, ECHO, alice);
    publisher(NOW)
        .add(repo.resolve("index.json"), a, Optional.empty(), Optional.of(alice.getPrivate()));
  }

  Installer.Builder installer() throws Exception {
    return Installer.builder()
        .fetcher(Fetcher.builder().retries(0, Duration.ZERO).build())
        .trustRoot(trust)
        .clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))
        .listener((step, detail) -> steps.add(step + " " + detail));
  }

  InstallReport install(Installer.Builder b, String spec) throws Exception {
    return b.build().install(Source.parse(spec, served.url("index.json")), plugins);
  }

  void refused(Installer.Builder b, String spec, String message) throws Exception {
    var before = visible(plugins);
    assertThatThrownBy(() -> install(b, spec)).hasMessage(message);
    assertThat(visible(plugins)).isEqualTo(before);
  }

  @Test
  void latestVersion_installedFromASignedIndex() throws Exception {
    publish("echo", "1.0.0");
    publish("echo", "2.0.0");
    InstallReport r = install(installer(), "echo");
    assertThat(r.version()).isEqualTo("2.0.0");
    assertThat(r.signer()).contains("alice");
    assertThat(r.files()).containsExactly(plugins.resolve("echo.tar.gz"));
    assertThat(r.sha256()).isEqualTo(Fixtures.sha256(repo.resolve("echo-2.0.0.tar.gz")));
    assertThat(Files.readAllBytes(r.plugin()))
        .isEqualTo(Files.readAllBytes(repo.resolve("echo-2.0.0.tar.gz")));
    assertThat(ArtefactReader.create().read(r.plugin()).manifest().version()).hasToString("2.0.0");
    assertThat(visible(plugins)).containsExactly(".airlock-catalog.json", "echo.tar.gz");
    assertThat(steps)
        .extracting(s -> s.substring(0, s.indexOf(' ')))
        .containsExactly("RESOLVED", "FETCHED", "VERIFIED", "PLACED", "RECORDED");
  }

  @Test
  void exactAndRange() throws Exception {
    publish("echo", "1.2.0");
    publish("echo", "1.4.1");
    publish("echo", "2.0.0");
    assertThat(install(installer(), "echo@^1.2").version()).isEqualTo("1.4.1");
    assertThat(install(installer().allowDowngrade(true), "echo@1.2.0").version())
        .isEqualTo("1.2.0");
  }

  @Test
  void unknownNameAndVersion_refused() throws Exception {
    publish("echo", "1.0.0");
    refused(installer(), "nope", "no plugin 'nope' in registry");
    refused(
        installer(),
        "echo@3.0.0",
        "no plugin 'echo' at version '3.0.0' in registry (versions: 1.0.0)");
  }

  @Test
  void tamperedArtefact_hashMismatch_nothingWritten() throws Exception {
    publish("echo", "1.0.0");
    Path a = repo.resolve("echo-1.0.0.tar.gz");
    String indexed = Fixtures.sha256(a);
    byte[] b = Files.readAllBytes(a);
    b[b.length / 2] ^= 1;
    Files.write(a, b);
    refused(
        installer(),
        "echo",
        "sha256 mismatch for 'echo': index=" + indexed + " actual=" + Fixtures.sha256(b));
  }

  @Test
  void entryPointingAtAnotherPluginsArtefact_refusedAsMixAndMatch() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, alice);
    Files.writeString(
        repo.resolve("index.json"),
        Fixtures.index(
            Fixtures.entry("billing", "1.0.0", a.getFileName().toString(), Fixtures.sha256(a))));
    refused(
        installer().allowUnsignedIndex(true),
        "billing",
        "index entry 'billing@1.0.0' points at an artefact of 'echo@1.0.0' (mix-and-match); refusing it");
  }

  @Test
  void artefactLargerThanDeclared_stopped() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, alice);
    Files.writeString(
        repo.resolve("index.json"),
        "{\"schema_version\": \"1\", \"plugins\": [{\"name\": \"echo\", \"version\": \"1.0.0\","
            + " \"artifact\": \"echo-1.0.0.tar.gz\", \"size\": 100, \"sha256\": \""
            + Fixtures.sha256(a)
            + "\"}]}");
    refused(
        installer().allowUnsignedIndex(true),
        "echo",
        served.url("echo-1.0.0.tar.gz")
            + " is larger than 100 bytes (the index entry's size, or the fetcher's maximum); stopped");
  }

  @Test
  void unsignedArtefact_withTrustRoot_refused() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, null);
    publisher(NOW)
        .add(repo.resolve("index.json"), a, Optional.empty(), Optional.of(alice.getPrivate()));
    refused(installer(), "echo", "'echo' has no signature but a trust root was supplied");
  }

  @Test
  void artefactSignedByAStranger_refused() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, TestKeys.ed25519());
    publisher(NOW)
        .add(repo.resolve("index.json"), a, Optional.empty(), Optional.of(alice.getPrivate()));
    refused(
        installer(),
        "echo",
        "signature verification failed for 'echo': signature did not match any trusted key (tried"
            + " alice)");
  }

  @Test
  void downgrade_refusedUnlessAllowed() throws Exception {
    publish("echo", "1.0.0");
    publish("echo", "2.0.0");
    install(installer(), "echo");
    byte[] installed = Files.readAllBytes(plugins.resolve("echo.tar.gz"));
    refused(
        installer(),
        "echo@1.0.0",
        "refusing to install 'echo' 1.0.0: version 2.0.0 was installed before; pass"
            + " --allow-downgrade to install an older version");
    assertThat(Files.readAllBytes(plugins.resolve("echo.tar.gz"))).isEqualTo(installed);
    InstallReport r = install(installer().allowDowngrade(true), "echo@1.0.0");
    assertThat(r.version()).isEqualTo("1.0.0");
    assertThat(r.previous()).contains("2.0.0");
  }

  @Test
  void downgrade_belowTheHostsHighestVersion_refused() throws Exception {
    publish("echo", "2.0.0");
    Files.createDirectories(plugins);
    StateStore.inDirectory(plugins)
        .save("echo", new StateStore.Entry(Optional.empty(), Map.of(), Optional.of("3.1.0")));
    refused(
        installer(),
        "echo",
        "refusing to install 'echo' 2.0.0: version 3.1.0 was installed before; pass"
            + " --allow-downgrade to install an older version");
    InstallReport r = install(installer().allowDowngrade(true), "echo");
    assertThat(r.notes())
        .containsExactly(
            "downgrade from 3.1.0: the host refuses versions below 3.1.0 unless its"
                + " allow_downgrade setting is on");
  }

  @Test
  void unsignedIndex_usableOnlyWhenAllowed() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, alice);
    publisher(NOW).add(repo.resolve("index.json"), a, Optional.empty(), Optional.empty());
    refused(
        installer(),
        "echo",
        "index "
            + served.url("index.json")
            + " is not signed (no index.json.sig beside it); pass --allow-unsigned-index to use it"
            + " anyway");
    assertThat(install(installer().allowUnsignedIndex(true), "echo").version()).isEqualTo("1.0.0");
  }

  @Test
  void expiredIndex_refusedAsFrozen() throws Exception {
    publish("echo", "1.0.0");
    Instant later = NOW.plus(Duration.ofDays(31));
    refused(
        installer().clock(Clock.fixed(later, ZoneOffset.UTC)),
        "echo",
        "index "
            + served.url("index.json")
            + " expired at 2026-07-01T00:00:00Z (now 2026-07-02T00:00:00Z); a mirror may be serving a"
            + " frozen copy: refresh it, or ask the publisher to re-sign the index");
  }

  @Test
  void olderIndex_afterANewerOne_refusedAsRollback() throws Exception {
    publish("echo", "1.0.0");
    byte[] oldIndex = Files.readAllBytes(repo.resolve("index.json"));
    byte[] oldSig = Files.readAllBytes(repo.resolve("index.json.sig"));
    publish("echo", "1.1.0");
    install(installer(), "echo");
    Files.write(repo.resolve("index.json"), oldIndex);
    Files.write(repo.resolve("index.json.sig"), oldSig);
    refused(
        installer(),
        "echo",
        "index "
            + served.url("index.json")
            + " has index_version 1, older than version 2 seen before; a mirror may be serving an"
            + " old copy (rollback)");
  }

  @Test
  void indexChangedAfterSigning_refused() throws Exception {
    publish("echo", "1.0.0");
    Path idx = repo.resolve("index.json");
    Files.writeString(idx, Files.readString(idx).replace("echo plugin", "evil plugin"));
    refused(
        installer(),
        "echo",
        "index signature "
            + served.url("index.json.sig")
            + " does not verify "
            + served.url("index.json")
            + ": signature did not match any trusted key (tried alice)");
  }

  @Test
  void remoteIndexNamingALocalFile_refused() throws Exception {
    Path a = Fixtures.pack(tmp.resolve("elsewhere"), "echo", "1.0.0", ECHO, alice);
    Files.writeString(
        repo.resolve("index.json"),
        Fixtures.index(Fixtures.entry("echo", "1.0.0", a.toString(), Fixtures.sha256(a))));
    refused(
        installer().allowUnsignedIndex(true),
        "echo",
        "index "
            + served.url("index.json")
            + " is remote but 'echo@1.0.0' points at the local file "
            + a.toUri()
            + "; a remote index may only name http(s) artefacts");
  }

  @Test
  void bareWasmEntry_sidecarsLandBeforeTheModule() throws Exception {
    Files.write(repo.resolve("echo.wasm"), ECHO);
    String sig = dev.airlock.trust.ArtefactSigner.signBareWasm(ECHO, alice.getPrivate()).strip();
    Files.writeString(
        repo.resolve("index.json"),
        "{\"schema_version\": \"1\", \"plugins\": [{\"name\": \"echo\", \"version\": \"1.5.0\","
            + " \"artifact\": \"echo.wasm\", \"signature\": \""
            + sig
            + "\", \"sha256\": \""
            + Fixtures.sha256(ECHO)
            + "\"}]}");
    InstallReport r = install(installer().allowUnsignedIndex(true), "echo");
    assertThat(r.files())
        .containsExactly(
            plugins.resolve("echo.sig"),
            plugins.resolve("echo.json"),
            plugins.resolve("echo.wasm"));
    assertThat(steps.subList(3, 6))
        .containsExactly("SIDECAR_PLACED echo.sig", "SIDECAR_PLACED echo.json", "PLACED echo.wasm");
    // What the host will read: the module with its signature and the index's version.
    var a = ArtefactReader.create().read(plugins.resolve("echo.wasm"));
    assertThat(a.manifest().version()).hasToString("1.5.0");
    assertThat(trust.verify(a.signedContent(), a.signature().orElseThrow())).isEqualTo("alice");
  }

  @Test
  void directSources_urlAndLocalFile() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, alice);
    InstallReport fromUrl = install(installer(), served.url("echo-1.0.0.tar.gz"));
    assertThat(fromUrl.files()).containsExactly(plugins.resolve("echo.tar.gz"));
    assertThat(fromUrl.signer()).contains("alice");
    Path b = Fixtures.pack(tmp.resolve("local"), "echo", "1.1.0", ECHO, alice);
    InstallReport fromFile = install(installer(), b.toString());
    assertThat(fromFile.version()).isEqualTo("1.1.0");
    assertThat(Files.readAllBytes(plugins.resolve("echo.tar.gz"))).isEqualTo(Files.readAllBytes(b));
    assertThat(a).exists();
  }

  @Test
  void urlToABareModule_bringsTheManifestBesideIt() throws Exception {
    Files.write(repo.resolve("echo.wasm"), ECHO);
    Files.writeString(
        repo.resolve("echo.sig"),
        dev.airlock.trust.ArtefactSigner.signBareWasm(ECHO, alice.getPrivate()));
    InstallReport bare = install(installer(), served.url("echo.wasm"));
    assertThat(bare.version()).as("no manifest beside it").isEqualTo("0.0.0");
    assertThat(plugins.resolve("echo.json")).doesNotExist();

    Files.writeString(
        repo.resolve("echo.json"),
        "{\"name\": \"echo\", \"version\": \"2.1.0\", \"description\": \"copies\","
            + " \"hooks\": [\"echo\"]}",
        UTF_8);
    InstallReport withManifest = install(installer(), served.url("echo.wasm"));
    assertThat(withManifest.version()).isEqualTo("2.1.0");
    var a = ArtefactReader.create().read(plugins.resolve("echo.wasm"));
    assertThat(a.manifest().version()).hasToString("2.1.0");
    assertThat(a.manifest().hooks()).containsExactly("echo");
  }

  @Test
  void urlToABareModule_aBrokenManifestBesideIt_isRefused_nothingPlaced() throws Exception {
    Files.write(repo.resolve("echo.wasm"), ECHO);
    Files.writeString(
        repo.resolve("echo.sig"),
        dev.airlock.trust.ArtefactSigner.signBareWasm(ECHO, alice.getPrivate()));
    Files.writeString(repo.resolve("echo.toml"), "name = \"echo\"\nversion = 3\n", UTF_8);
    var before = visible(plugins);
    assertThatThrownBy(() -> install(installer(), served.url("echo.wasm")))
        .hasMessageContaining("echo.toml")
        .hasMessageContaining("version");
    assertThat(visible(plugins)).isEqualTo(before);
  }

  @Test
  void notAPlugin_refusedByItsBytes() throws Exception {
    Files.writeString(repo.resolve("junk.tar.gz"), "hello", UTF_8);
    refused(
        installer(),
        served.url("junk.tar.gz"),
        served.url("junk.tar.gz")
            + " is not a plugin: expected a .tar.gz (gzip), a .zip or a .wasm module by its first"
            + " bytes");
  }

  @Test
  void zipPackage_installedWithItsSignatureSidecar() throws Exception {
    dev.airlock.testing.ZipBuilder z = new dev.airlock.testing.ZipBuilder();
    z.add("plugin.toml", "[plugin]\nname = \"echo\"\nversion = \"0.4.0\"\n");
    z.add("plugin.wasm", ECHO);
    byte[] zip = z.build();
    Path local = Files.createDirectories(tmp.resolve("local"));
    Files.write(local.resolve("echo-0.4.0.zip"), zip);
    Files.writeString(
        local.resolve("echo-0.4.0.zip.sig"),
        java.util.Base64.getEncoder()
                .encodeToString(dev.airlock.trust.Ed25519Keys.sign(alice.getPrivate(), zip))
            + "\n");
    InstallReport r = install(installer(), local.resolve("echo-0.4.0.zip").toString());
    assertThat(r.version()).isEqualTo("0.4.0");
    assertThat(r.signer()).contains("alice");
    assertThat(r.files())
        .containsExactly(plugins.resolve("echo.zip.sig"), plugins.resolve("echo.zip"));
    assertThat(Files.readAllBytes(plugins.resolve("echo.zip"))).isEqualTo(zip);
  }

  @Test
  void localFile_installsEvenWhenTheFetcherAllowsOnlyHttps() throws Exception {
    Path a = Fixtures.pack(tmp.resolve("local"), "echo", "1.0.0", ECHO, alice);
    Installer https =
        Installer.builder()
            .fetcher(Fetcher.builder().schemes(java.util.Set.of("https")).build())
            .trustRoot(trust)
            .build();
    assertThat(https.install(new Source.LocalFile(a), plugins).version()).isEqualTo("1.0.0");
    assertThatThrownBy(() -> https.install(Source.parse(served.url("index.json"), null), plugins))
        .hasMessage(
            "scheme 'http' of " + served.url("index.json") + " is not allowed (allowed: https)");
  }

  @Test
  void entryClaimingASignatureTheArtefactLacks_refused() throws Exception {
    Path a = Fixtures.pack(repo, "echo", "1.0.0", ECHO, null);
    String claimed =
        java.util.Base64.getEncoder()
            .encodeToString(dev.airlock.trust.Ed25519Keys.sign(alice.getPrivate(), new byte[] {1}));
    Files.writeString(
        repo.resolve("index.json"),
        "{\"schema_version\": \"1\", \"plugins\": [{\"name\": \"echo\", \"version\": \"1.0.0\","
            + " \"artifact\": \"echo-1.0.0.tar.gz\", \"signature\": \""
            + claimed
            + "\", \"sha256\": \""
            + Fixtures.sha256(a)
            + "\"}]}");
    refused(
        installer().trustRoot(null).allowUnsignedIndex(true),
        "echo",
        "index entry 'echo@1.0.0' declares a signature that its artefact does not carry (the"
            + " artefact is unsigned)");
  }
}
