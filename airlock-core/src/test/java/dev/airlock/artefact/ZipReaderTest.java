package dev.airlock.artefact;

import static dev.airlock.artefact.ArtefactRoundTripTest.bytes;
import static dev.airlock.artefact.ZipFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.internal.Digests;
import dev.airlock.testing.WasmModules;
import dev.airlock.testing.ZipBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plugin zips that are accepted: the manifest they stand for, and where the module is found. */
class ZipReaderTest {
  private final ArtefactReader reader = ArtefactReader.builder().maxWasmBytes(1 << 20).build();

  @TempDir Path dir;

  @Test
  void readZip_valid_synthesizesManifestFromPluginToml() throws Exception {
    byte[] zip = ZipFixtures.valid().build();

    Artefact a = reader.readZip(zip, null);

    assertThat(a.format()).isEqualTo(Artefact.Format.ZIP);
    assertThat(a.manifest())
        .isEqualTo(
            new Manifest(
                "1.0",
                "echo",
                SemanticVersion.parse("1.2.3"),
                "Echoes its input",
                "Apache-2.0",
                List.of("format_key", "parse_metadata", "validate", "generate_index"),
                Digests.sha256Hex(Fixtures.WASM),
                Optional.empty(),
                new Permissions(
                    OptionalInt.of(32 * 16),
                    OptionalLong.of(10_000),
                    OptionalLong.empty(),
                    List.of(),
                    List.of(),
                    List.of()),
                Optional.empty(),
                Instant.EPOCH,
                "Airlock",
                "https://example.test/echo",
                Optional.empty()));
    assertThat(bytes(a.wasm())).isEqualTo(Fixtures.WASM);
    assertThat(a.manifestBytes()).isEmpty();
    assertThat(a.isSigned()).isFalse();
    assertThat(a.sha256()).isEqualTo(Digests.sha256Hex(zip));
    assertThat(bytes(a.signedContent())).isEqualTo(zip);
  }

  @Test
  void readZip_withoutRequirements_getsArtifactKeepersDefaultLimits() throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", "[plugin]\nname = \"echo\"\nversion = \"0.1.0\"\n");
    z.add("plugin.wasm", Fixtures.WASM);

    Manifest m = reader.readZip(z.build(), null).manifest();

    assertThat(m.permissions().maxMemoryPages()).hasValue(64 * 16);
    assertThat(m.permissions().maxExecutionMillis()).hasValue(5_000);
    assertThat(m.permissions().allowedPaths()).isEmpty();
    assertThat(m.permissions().allowedHosts()).isEmpty();
    assertThat(m.permissions().env()).isEmpty();
    assertThat(m.hooks()).containsExactly("format_key", "parse_metadata", "validate");
  }

  @Test
  void readZip_artifactKeeperReleaseLayout_isAccepted() throws Exception {
    // As the example plugin's release workflow zips it: wasm, manifest, README, LICENSE, wit/.
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.wasm", Fixtures.WASM);
    z.add("plugin.toml", ZipFixtures.TOML);
    z.add("README.md", "# echo\n");
    z.add("LICENSE", "MIT License\n");
    z.addDirectory("wit/");
    z.add("wit/format-plugin.wit", "package artifact-keeper:format@1.0.0;\n");
    z.addDirectory("wit/deps/");
    z.add("wit/deps/types.wit", "interface types {}\n");

    assertThat(reader.readZip(z.build(), null).manifest().name()).isEqualTo("echo");
  }

  @Test
  void readZip_storedEntriesCommentAndMsDosHost_areAccepted() throws Exception {
    ZipBuilder z = new ZipBuilder().comment("built by CI run 42");
    z.add("plugin.toml", ZipFixtures.TOML).stored().versionMadeBy(20).externalAttributes(0);
    z.add("plugin.wasm", Fixtures.WASM).stored().versionMadeBy(20).externalAttributes(0x20);

    assertThat(bytes(reader.readZip(z.build(), null).wasm())).isEqualTo(Fixtures.WASM);
  }

  @ParameterizedTest(name = "descriptor signature: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void readZip_dataDescriptors_areAccepted(boolean withSignature) throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", ZipFixtures.TOML).dataDescriptor(withSignature);
    z.add("plugin.wasm", Fixtures.WASM).dataDescriptor(withSignature);

    assertThat(bytes(reader.readZip(z.build(), null).wasm())).isEqualTo(Fixtures.WASM);
  }

  @Test
  void readZip_writtenByTheJdk_isAccepted() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("plugin.toml"));
      zip.write(utf8(ZipFixtures.TOML));
      zip.putNextEntry(new ZipEntry("plugin.wasm"));
      zip.write(Fixtures.WASM);
    }

    assertThat(bytes(reader.readZip(out.toByteArray(), null).wasm())).isEqualTo(Fixtures.WASM);
  }

  @Test
  void read_zipFile_dispatchesOnMagicAndFindsSigSidecar() throws Exception {
    byte[] zip = ZipFixtures.valid().build();
    Path file = Files.write(dir.resolve("echo-1.2.3.zip"), zip);
    Files.write(
        dir.resolve("echo-1.2.3.zip.sig"),
        ZipFixtures.sign(zip, dev.airlock.testing.TestKeys.ed25519().getPrivate()));

    Artefact a = reader.read(file);

    assertThat(a.format()).isEqualTo(Artefact.Format.ZIP);
    assertThat(a.isSigned()).isTrue();
    assertThat(a.signature()).get().satisfies(s -> assertThat(s).hasSize(64));
    assertThat(a.manifest().signatureAlgorithm()).contains(Manifest.ED25519);
  }

  @Test
  void read_emptyZip_isReadAsZip() throws Exception {
    Path file = Files.write(dir.resolve("empty.zip"), new ZipBuilder().build());

    assertThatThrownBy(() -> reader.read(file)).hasMessage("zip missing plugin.toml");
  }

  @Test
  void readZip_fileOverTheCap_refusedBeforeReading() throws Exception {
    Path file = dir.resolve("big.zip");
    try (var channel =
        java.nio.channels.FileChannel.open(
            file,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[1]), 6L * 1024 * 1024);
    }

    assertThatThrownBy(() -> reader.readZip(file, null))
        .hasMessage(
            "zip is 6291457 bytes, over the limit of 6291456 bytes (raise the wasm size limit to"
                + " accept it)");
  }

  /** Every step of the search order, each with a competitor the step must win against. */
  static Stream<Arguments> searchOrder() {
    return Stream.of(
        step(
            "1: plugin.wasm",
            "plugin.wasm",
            "rpm-format.wasm",
            "other.wasm",
            "target/wasm32-wasip2/release/rpm_format.wasm"),
        step(
            "2: <name>.wasm",
            "rpm-format.wasm",
            "other.wasm",
            "target/wasm32-wasip2/release/rpm_format.wasm"),
        step(
            "3: the only root *.wasm",
            "other.wasm",
            "target/wasm32-wasip2/release/rpm_format.wasm",
            "out/plugin.wasm"),
        step(
            "4: wasip2 cargo output",
            "target/wasm32-wasip2/release/rpm_format.wasm",
            "target/wasm32-wasip2/release/plugin.wasm",
            "target/wasm32-wasip1/release/rpm_format.wasm",
            "out/plugin.wasm"),
        step(
            "4: wasip2 plugin.wasm",
            "target/wasm32-wasip2/release/plugin.wasm",
            "target/wasm32-wasip1/release/rpm_format.wasm",
            "out/plugin.wasm"),
        step(
            "4: wasip1 cargo output",
            "target/wasm32-wasip1/release/rpm_format.wasm",
            "target/wasm32-wasip1/release/plugin.wasm",
            "target/wasm32-wasi/release/rpm_format.wasm"),
        step(
            "4: wasip1 plugin.wasm",
            "target/wasm32-wasip1/release/plugin.wasm",
            "target/wasm32-wasi/release/rpm_format.wasm"),
        step(
            "4: wasi cargo output",
            "target/wasm32-wasi/release/rpm_format.wasm",
            "target/wasm32-wasi/release/plugin.wasm",
            "out/plugin.wasm"),
        step("4: wasi plugin.wasm", "target/wasm32-wasi/release/plugin.wasm", "out/plugin.wasm"),
        step(
            "5: out/plugin.wasm",
            "out/plugin.wasm",
            "dist/plugin.wasm",
            "target/wasm32-wasip2/release/rpm_format_plugin.wasm"),
        step(
            "5: dist/plugin.wasm",
            "dist/plugin.wasm",
            "target/wasm32-wasip2/release/rpm_format_plugin.wasm"),
        step(
            "6: the only wasip2 build output",
            "target/wasm32-wasip2/release/rpm_format_plugin.wasm",
            "target/wasm32-wasip1/release/other.wasm"),
        step(
            "6: the only wasip1 build output",
            "target/wasm32-wasip1/release/rpm_format_plugin.wasm",
            "target/wasm32-wasi/release/other.wasm"),
        step("6: the only wasi build output", "target/wasm32-wasi/release/rpm_format_plugin.wasm"));
  }

  private static Arguments step(String step, String expected, String... competitors) {
    return Arguments.of(step, expected, List.of(competitors));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("searchOrder")
  void readZip_searchOrder_picksTheFirstStepThatMatches(
      String step, String expected, List<String> competitors) throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", "[plugin]\nname = \"rpm-format\"\nversion = \"1.0.0\"\n");
    byte[] chosen = WasmModules.ofSize(200, expected.hashCode());
    z.add(expected, chosen);
    for (String name : competitors) {
      z.add(name, WasmModules.ofSize(200, name.hashCode()));
    }

    assertThat(bytes(reader.readZip(z.build(), null).wasm())).isEqualTo(chosen);
  }

  @Test
  void readZip_twoUnnamedModulesAtTheRoot_refusedAsAmbiguous() {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", "[plugin]\nname = \"rpm-format\"\nversion = \"1.0.0\"\n");
    z.add("b.wasm", Fixtures.WASM);
    z.add("a.wasm", Fixtures.WASM);
    z.add("target/wasm32-wasip2/release/rpm_format.wasm", Fixtures.WASM);

    assertThatThrownBy(() -> reader.readZip(z.build(), null))
        .hasMessage(
            "zip has several wasm modules in its root ('a.wasm', 'b.wasm') and none is named"
                + " plugin.wasm or rpm-format.wasm; keep one, or name the plugin's module"
                + " plugin.wasm");
  }

  @Test
  void readZip_twoUnnamedBuildOutputs_refusedAsAmbiguous() {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", "[plugin]\nname = \"rpm-format\"\nversion = \"1.0.0\"\n");
    z.add("target/wasm32-wasip2/release/x.wasm", Fixtures.WASM);
    z.add("target/wasm32-wasip2/release/y.wasm", Fixtures.WASM);

    assertThatThrownBy(() -> reader.readZip(z.build(), null))
        .hasMessage(
            "zip has several wasm modules in target/wasm32-wasip2/release/"
                + " ('target/wasm32-wasip2/release/x.wasm', 'target/wasm32-wasip2/release/y.wasm')"
                + " and none is named plugin.wasm or rpm_format.wasm; keep one, or name the"
                + " plugin's module plugin.wasm");
  }

  @Test
  void readZip_modulesNotChosen_areStillCheckedForDamage() {
    ZipBuilder z = new ZipBuilder();
    z.add("plugin.toml", ZipFixtures.TOML);
    z.add("plugin.wasm", Fixtures.WASM);
    z.add("target/wasm32-wasip2/release/echo.wasm", Fixtures.WASM).crc(7);

    assertThatThrownBy(() -> reader.readZip(z.build(), null))
        .hasMessageStartingWith(
            "zip entry 'target/wasm32-wasip2/release/echo.wasm' CRC mismatch: headers say"
                + " 00000007");
  }
}
