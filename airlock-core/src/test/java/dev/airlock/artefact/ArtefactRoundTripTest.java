package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ArtefactRoundTripTest {
  private final ArtefactReader reader = ArtefactReader.create();

  @Test
  void writeThenRead_unsigned_givesBackManifestAndWasm() throws Exception {
    byte[] bytes = ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null);

    Artefact a = reader.readTarGz(new ByteArrayInputStream(bytes));

    assertThat(a.format()).isEqualTo(Artefact.Format.TAR_GZ);
    assertThat(a.manifest()).isEqualTo(Fixtures.manifest());
    assertThat(a.manifestBytes()).isEqualTo(Fixtures.manifest().toJson());
    assertThat(bytes(a.wasm())).isEqualTo(Fixtures.WASM);
    assertThat(a.isSigned()).isFalse();
    assertThat(a.sha256()).isEqualTo(dev.airlock.internal.Digests.sha256Hex(bytes));
  }

  @Test
  void write_sameInputsTwice_givesIdenticalBytes() {
    byte[] first = ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null);
    byte[] second = ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void write_otherPackedAt_givesOtherBytes() {
    Manifest later =
        new Manifest(
            "1.0",
            "echo",
            SemanticVersion.parse("1.2.3"),
            "Echoes its input",
            "Apache-2.0",
            List.of("pre_query", "post_query"),
            Fixtures.manifest().wasmSha256(),
            Optional.of(Abi.RAW),
            Permissions.NONE,
            Optional.empty(),
            Instant.parse("2026-11-21T12:00:01Z"));

    assertThat(ArtefactWriter.toBytes(later, Fixtures.WASM, null))
        .isNotEqualTo(ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null));
  }

  @Test
  void write_gzipHeader_hasNoTimestamp() {
    byte[] bytes = ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null);

    assertThat(java.util.Arrays.copyOfRange(bytes, 4, 8)).containsOnly(0);
  }

  @Test
  void toJson_sortsKeysAndWritesNoWhitespace() {
    String json = new String(Fixtures.manifest().toJson(), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"abi\":\"raw\",\"description\":\"Echoes its input\","
                + "\"hooks\":[\"pre_query\",\"post_query\"],\"license\":\"Apache-2.0\",\"name\":\"echo\","
                + "\"packed_at\":\"2026-11-21T12:00:00Z\",\"schema_version\":\"1.0\","
                + "\"signature_algorithm\":null,\"version\":\"1.2.3\",\"wasm_sha256\":\""
                + Fixtures.manifest().wasmSha256()
                + "\"}");
  }

  @Test
  void writeThenRead_withPermissions_keepsEveryGrant() throws Exception {
    Permissions p =
        new Permissions(
            OptionalInt.of(32),
            OptionalLong.of(250),
            OptionalLong.of(100),
            List.of(
                new PathGrant("/srv/data", "/data", false), new PathGrant("/tmp/x", "/x", true)),
            List.of("*.example.com", "api.test"),
            List.of("HOME", "TZ"));
    Manifest m =
        new Manifest(
            "1.0",
            "granted",
            SemanticVersion.parse("0.1.0-rc.1+b5"),
            "",
            "",
            List.of("run"),
            Fixtures.manifest().wasmSha256(),
            Optional.empty(),
            p,
            Optional.empty(),
            Fixtures.PACKED_AT);

    Artefact a =
        reader.readTarGz(new ByteArrayInputStream(ArtefactWriter.toBytes(m, Fixtures.WASM, null)));

    assertThat(a.manifest()).isEqualTo(m);
    assertThat(a.manifest().permissions().allowedPaths().get(1).writable()).isTrue();
  }

  @Test
  void readTarGz_artefactWrittenByOtherTools_isAccepted() throws Exception {
    // GNU headers and a 10 KiB record padding, as GNU tar and Rust's tar crate write them.
    dev.airlock.testing.TarBuilder tar = new dev.airlock.testing.TarBuilder();
    tar.add("manifest.json", Fixtures.manifestJson()).gnu();
    tar.add("plugin.wasm", Fixtures.WASM).gnu();
    tar.trailing(new byte[10240 - 3 * 512]);

    Artefact a =
        reader.readTarGz(new ByteArrayInputStream(dev.airlock.testing.Gzip.compress(tar.build())));

    assertThat(a.manifest().name()).isEqualTo("echo");
  }

  static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
