package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.testing.Gzip;
import dev.airlock.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad archive, each refused with its exact message. */
class ArtefactReaderHostileTest {
  private final ArtefactReader reader = ArtefactReader.builder().maxWasmBytes(1 << 20).build();

  static byte[] tar(Consumer<TarBuilder> spec) {
    TarBuilder t = new TarBuilder();
    spec.accept(t);
    return Gzip.compress(t.build());
  }

  static byte[] valid() {
    return tar(
        t -> {
          t.add("manifest.json", Fixtures.manifestJson());
          t.add("plugin.wasm", Fixtures.WASM);
        });
  }

  static Stream<Arguments> badArchives() {
    byte[] m = Fixtures.manifestJson();
    byte[] w = Fixtures.WASM;
    String layoutOnly = "; artefacts hold only regular files with plain ustar headers";
    return Stream.of(
        bad(
            "dot-dot entry",
            tar(t -> t.add("../plugin.wasm", w)),
            "artefact entry '../plugin.wasm' escapes the archive root ('..')"),
        bad(
            "nested dot-dot",
            tar(t -> t.add("a/../../etc/x", w)),
            "artefact entry 'a/../../etc/x' escapes the archive root ('..')"),
        bad(
            "absolute path",
            tar(t -> t.add("/etc/passwd", w)),
            "artefact entry '/etc/passwd' is an absolute path"),
        bad(
            "prefix makes nested name",
            tar(t -> t.add("plugin.wasm", w).prefix("sub")),
            "artefact has unexpected entry 'sub/plugin.wasm' (allowed: manifest.json,"
                + " plugin.wasm, plugin.sig)"),
        bad(
            "symlink",
            tar(t -> t.add("plugin.wasm", new byte[0]).type('2').linkName("/etc")),
            "artefact entry 'plugin.wasm' is a symbolic link" + layoutOnly),
        bad(
            "hardlink",
            tar(t -> t.add("plugin.wasm", new byte[0]).type('1').linkName("x")),
            "artefact entry 'plugin.wasm' is a hard link" + layoutOnly),
        bad(
            "char device",
            tar(t -> t.add("manifest.json", new byte[0]).type('3')),
            "artefact entry 'manifest.json' is a character device" + layoutOnly),
        bad(
            "block device",
            tar(t -> t.add("manifest.json", new byte[0]).type('4')),
            "artefact entry 'manifest.json' is a block device" + layoutOnly),
        bad(
            "fifo",
            tar(t -> t.add("manifest.json", new byte[0]).type('6')),
            "artefact entry 'manifest.json' is a FIFO" + layoutOnly),
        bad(
            "directory",
            tar(t -> t.add("plugin.wasm/", new byte[0]).type('5')),
            "artefact entry 'plugin.wasm/' is a directory" + layoutOnly),
        bad(
            "pax header",
            tar(
                t -> {
                  t.add("PaxHeaders/manifest.json", "30 path=" + "m".repeat(21) + "\n").type('x');
                  t.add("manifest.json", m);
                }),
            "artefact entry 'PaxHeaders/manifest.json' uses a PAX extended header" + layoutOnly),
        bad(
            "gnu long name",
            tar(t -> t.add("././@LongLink", "x".repeat(300)).type('L').gnu()),
            "artefact entry '././@LongLink' uses a GNU long-name header" + layoutOnly),
        bad(
            "duplicate entry",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("manifest.json", m);
                }),
            "artefact has entry 'manifest.json' twice"),
        bad(
            "case alias",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("Plugin.WASM", w);
                }),
            "artefact entry 'Plugin.WASM' differs from 'plugin.wasm' only in case; entry names"
                + " are exact"),
        bad(
            "unknown extra entry",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("plugin.wasm", w);
                  t.add("signer.pub", "AAAA");
                }),
            "artefact has unexpected entry 'signer.pub' (allowed: manifest.json, plugin.wasm,"
                + " plugin.sig)"),
        bad(
            "four entries",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("plugin.wasm", w);
                  t.add("plugin.sig", "AAAA");
                  t.add("plugin.sig", "AAAA");
                }),
            "artefact has more than 3 entries; only manifest.json, plugin.wasm, plugin.sig are"
                + " allowed"),
        bad(
            "wrong order",
            tar(
                t -> {
                  t.add("plugin.wasm", w);
                  t.add("manifest.json", m);
                }),
            "artefact entries are out of order: 'manifest.json' comes after 'plugin.wasm';"
                + " expected manifest.json, plugin.wasm, plugin.sig in that order"),
        bad(
            "missing manifest",
            tar(t -> t.add("plugin.wasm", w)),
            "artefact missing manifest.json"),
        bad("missing wasm", tar(t -> t.add("manifest.json", m)), "artefact missing plugin.wasm"),
        bad("empty archive", tar(t -> {}), "artefact missing manifest.json"),
        bad(
            "size field claims gigabytes",
            tar(t -> t.add("plugin.wasm", w).sizeField("77777777777\0")),
            "artefact plugin.wasm is 8589934591 bytes, over the limit of 1048576 bytes (raise the"
                + " wasm size limit to accept it)"),
        bad(
            "base-256 size field",
            tar(t -> t.add("plugin.wasm", w).sizeField("\u0080\0\0\0\0\0\0\u0010\0\0\0\0")),
            "artefact plugin.wasm is 68719476736 bytes, over the limit of 1048576 bytes"
                + " (raise the wasm size limit to accept it)"),
        bad(
            "oversized manifest",
            tar(t -> t.add("manifest.json", new byte[65 * 1024])),
            "artefact manifest.json is 66560 bytes, over the 65536-byte limit"),
        bad(
            "oversized signature",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("plugin.wasm", w);
                  t.add("plugin.sig", "A".repeat(2000));
                }),
            "artefact plugin.sig is 2000 bytes; an Ed25519 signature in base64 is 88"),
        bad("bad checksum", tar(t -> t.add("manifest.json", m).badChecksum()), null),
        bad(
            "malformed size",
            tar(t -> t.add("manifest.json", m).sizeField("12x4\0")),
            "artefact tar header has a malformed size of entry 'manifest.json' field"),
        bad(
            "v7 header",
            tar(t -> t.add("manifest.json", m).v7()),
            "artefact tar header is not in ustar or GNU format"),
        bad(
            "data after end marker",
            Gzip.compress(
                concat(
                    new TarBuilder().endBlocks(2).build(),
                    "junk".getBytes(StandardCharsets.UTF_8))),
            "artefact has data after the tar end-of-archive marker"),
        bad(
            "no end marker",
            tar(
                t -> {
                  t.add("manifest.json", m);
                  t.add("plugin.wasm", w);
                  t.endBlocks(0);
                }),
            "artefact tar stream ends without an end-of-archive marker"),
        bad(
            "gzip bomb of padding",
            Gzip.compress(new byte[50 * 1024 * 1024]),
            "artefact has more than 65536 bytes of padding after the tar end-of-archive marker"),
        bad(
            "not gzip",
            "PK\u0003\u0004zipzip".getBytes(StandardCharsets.ISO_8859_1),
            "artefact is not gzip-compressed: expected first bytes 1f 8b, found first bytes 50 4b"
                + " (this looks like a zip file)"),
        bad(
            "empty file",
            new byte[0],
            "artefact is not gzip-compressed: expected first bytes 1f 8b, found an empty file"),
        bad(
            "truncated gzip",
            Gzip.truncate(valid(), valid().length - 30),
            "artefact is truncated: the gzip stream ends after "
                + (valid().length - 30)
                + " bytes, before its end"),
        bad(
            "truncated trailer",
            Gzip.truncate(valid(), valid().length - 3),
            "artefact is truncated: the gzip stream ends after "
                + (valid().length - 3)
                + " bytes, before its end"),
        bad("bad crc", Gzip.withBadCrc(valid()), null),
        bad(
            "trailing garbage",
            Gzip.concat(valid(), "garbage".getBytes(StandardCharsets.UTF_8)),
            "artefact has trailing data after the gzip stream, which ends at byte "
                + valid().length),
        bad(
            "second gzip member",
            Gzip.concat(valid(), Gzip.compress(new byte[1024])),
            "artefact has a second gzip member; an artefact is one gzip stream"));
  }

  private static Arguments bad(String name, byte[] bytes, String message) {
    return Arguments.of(name, bytes, message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return Gzip.concat(a, b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArchives")
  void readTarGz_badArchive_refusedWithExactMessage(String name, byte[] bytes, String message) {
    var thrown =
        assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
            .isInstanceOf(ArtefactException.class);
    if (message != null) {
      thrown.hasMessage(message);
    } else {
      thrown.hasMessageStartingWith("artefact ");
    }
  }

  @Test
  void readTarGz_badCrc_namesBothValues() {
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(Gzip.withBadCrc(valid()))))
        .isInstanceOf(ArtefactException.class)
        .hasMessageMatching(
            "artefact gzip CRC mismatch: trailer says [0-9a-f]{8}, data has"
                + " [0-9a-f]{8} \\(the file is damaged or was modified\\)")
        .extracting(e -> ((ArtefactException) e).reason())
        .isEqualTo(Reason.COMPRESSION);
  }

  @Test
  void readTarGz_badHeaderChecksum_namesBothValues() {
    byte[] bytes = tar(t -> t.add("manifest.json", Fixtures.manifestJson()).badChecksum());
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessageMatching(
            "artefact tar header checksum mismatch: header says \\d+, computed" + " \\d+");
  }

  @Test
  void readTarGz_wasmWithBadMagic_refused() {
    byte[] notWasm = "this is not wasm at all".getBytes(StandardCharsets.UTF_8);
    byte[] bytes =
        tar(
            t -> {
              t.add("manifest.json", Fixtures.manifest(notWasm).toJson());
              t.add("plugin.wasm", notWasm);
            });
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessage("artefact plugin.wasm has bad magic number");
  }

  @Test
  void readTarGz_wasmNotMatchingManifest_refusedWithBothDigests() {
    byte[] other = dev.airlock.testing.WasmModules.ofSize(200, 99);
    byte[] bytes =
        tar(
            t -> {
              t.add("manifest.json", Fixtures.manifestJson());
              t.add("plugin.wasm", other);
            });
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessage(
            "wasm sha256 mismatch: manifest claims "
                + Fixtures.manifest().wasmSha256()
                + ", actual "
                + dev.airlock.internal.Digests.sha256Hex(other));
  }

  @Test
  void readTarGz_signatureStripped_refused() {
    Manifest signedManifest =
        Fixtures.manifest().withSignatureAlgorithm(java.util.Optional.of("ed25519"));
    byte[] bytes =
        tar(
            t -> {
              t.add("manifest.json", signedManifest.toJson());
              t.add("plugin.wasm", Fixtures.WASM);
            });
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessage(
            "artefact manifest says signature_algorithm ed25519 but there is no"
                + " plugin.sig (was the signature removed?)");
  }

  @Test
  void readTarGz_signatureNotBase64_refused() {
    byte[] bytes =
        tar(
            t -> {
              t.add(
                  "manifest.json",
                  Fixtures.manifest()
                      .withSignatureAlgorithm(java.util.Optional.of("ed25519"))
                      .toJson());
              t.add("plugin.wasm", Fixtures.WASM);
              t.add("plugin.sig", "not base64 !!");
            });
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessageStartingWith("plugin.sig is not valid base64 (");
  }

  @Test
  void readTarGz_signatureButManifestSaysUnsigned_refused() {
    byte[] bytes =
        tar(
            t -> {
              t.add("manifest.json", Fixtures.manifestJson());
              t.add("plugin.wasm", Fixtures.WASM);
              t.add("plugin.sig", java.util.Base64.getEncoder().encodeToString(new byte[64]));
            });
    assertThatThrownBy(() -> reader.readTarGz(new ByteArrayInputStream(bytes)))
        .hasMessage(
            "artefact has plugin.sig but its manifest's signature_algorithm is null;"
                + " re-sign it with 'airlock sign'");
  }
}
