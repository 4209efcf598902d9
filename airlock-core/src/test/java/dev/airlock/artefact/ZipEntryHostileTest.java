package dev.airlock.artefact;

import static dev.airlock.artefact.ZipFixtures.utf8;
import static dev.airlock.artefact.ZipFixtures.zip;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.testing.ZipBuilder;
import dev.airlock.testing.ZipEntrySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zips whose entries are hostile: paths that escape, links and devices, duplicate and case-aliased
 * names, encryption, unknown methods, entries that do not belong, zip bombs, damaged data. Each is
 * refused with its exact message.
 */
class ZipEntryHostileTest {
  private final ArtefactReader reader = ArtefactReader.builder().maxWasmBytes(1 << 20).build();

  private static final byte[] W = Fixtures.WASM;
  private static final String ONLY_FILES = "; plugin zips hold only regular files and directories";

  /** A zip holding plugin.toml and one other entry, shaped by {@code entry}. */
  static byte[] with(String name, byte[] content, java.util.function.Consumer<ZipEntrySpec> e) {
    return zip(
        z -> {
          z.add("plugin.toml", ZipFixtures.TOML);
          e.accept(z.add(name, content));
        });
  }

  static byte[] with(String name, byte[] content) {
    return with(name, content, e -> {});
  }

  static Stream<Arguments> badEntries() {
    byte[] zeros = Arrays.copyOf(W, 900_000);
    return Stream.of(
        bad(
            "zip slip",
            with("../plugin.wasm", W),
            "zip entry '../plugin.wasm' escapes the archive root ('..')"),
        bad(
            "nested zip slip",
            with("wit/../../etc/cron.d/x.wit", W),
            "zip entry 'wit/../../etc/cron.d/x.wit' escapes the archive root ('..')"),
        bad(
            "windows zip slip",
            with("..\\plugin.wasm", W),
            "zip entry '..\\u005cplugin.wasm' escapes the archive root ('..')"),
        bad("absolute path", with("/etc/passwd", W), "zip entry '/etc/passwd' is an absolute path"),
        bad(
            "drive letter",
            with("C:/plugin.wasm", W),
            "zip entry 'C:/plugin.wasm' is an absolute path"),
        bad(
            "backslash root",
            with("\\plugin.wasm", W),
            "zip entry '\\u005cplugin.wasm' is an absolute path"),
        bad(
            "backslash separator",
            with("wit\\format.wit", W),
            "zip entry 'wit\\u005cformat.wit' uses a backslash; zip entry names separate with"
                + " '/'"),
        bad(
            "dot segment",
            with("./plugin.wasm", W),
            "zip entry './plugin.wasm' has an empty or '.' path segment"),
        bad(
            "empty segment",
            with("wit//format.wit", W),
            "zip entry 'wit//format.wit' has an empty or '.' path segment"),
        bad("empty name", with("", W), "zip has an entry with an empty name"),
        bad(
            "control character",
            with("plugin\u0001.wasm", W),
            "zip entry 'plugin\\u0001.wasm' has a control character in its name"),
        bad(
            "name not UTF-8",
            with("x", W, e -> e.rawName(new byte[] {'p', (byte) 0xff, '.', 'w'})),
            "zip entry #2 has a name that is not valid UTF-8"),
        bad(
            "symbolic link",
            with("plugin.wasm", utf8("/etc/passwd"), e -> e.unixMode(0120777)),
            "zip entry 'plugin.wasm' is a symbolic link (external attributes, made on host 3)"
                + ONLY_FILES),
        bad(
            "symbolic link claiming an MS-DOS host",
            with("plugin.wasm", utf8("/etc"), e -> e.unixMode(0120777).versionMadeBy(20)),
            "zip entry 'plugin.wasm' is a symbolic link (external attributes, made on host 0)"
                + ONLY_FILES),
        bad(
            "character device",
            with("plugin.wasm", new byte[0], e -> e.unixMode(020644)),
            "zip entry 'plugin.wasm' is a character device (external attributes, made on host 3)"
                + ONLY_FILES),
        bad(
            "block device",
            with("plugin.wasm", new byte[0], e -> e.unixMode(060644)),
            "zip entry 'plugin.wasm' is a block device (external attributes, made on host 3)"
                + ONLY_FILES),
        bad(
            "fifo",
            with("plugin.wasm", new byte[0], e -> e.unixMode(010644)),
            "zip entry 'plugin.wasm' is a FIFO (external attributes, made on host 3)" + ONLY_FILES),
        bad(
            "socket",
            with("plugin.wasm", new byte[0], e -> e.unixMode(0140644)),
            "zip entry 'plugin.wasm' is a socket (external attributes, made on host 3)"
                + ONLY_FILES),
        bad(
            "unknown file type",
            with("plugin.wasm", W, e -> e.unixMode(030644)),
            "zip entry 'plugin.wasm' has unknown unix file type 030000 (external attributes, made"
                + " on host 3)"
                + ONLY_FILES),
        bad(
            "directory attribute on a file name",
            with("plugin.wasm", W, e -> e.externalAttributes(0x10)),
            "zip entry 'plugin.wasm' is marked as a directory but its name does not end in '/'"),
        bad(
            "unix directory mode on a file name",
            with("plugin.wasm", W, e -> e.unixMode(040755)),
            "zip entry 'plugin.wasm' is marked as a directory but its name does not end in '/'"),
        bad(
            "directory name marked as a regular file",
            with("wit/", new byte[0], ZipEntrySpec::stored),
            "zip entry 'wit/' ends in '/' but is marked as a regular file"),
        bad(
            "directory with content",
            with("wit/", utf8("hello"), e -> e.stored().externalAttributes(040755L << 16)),
            "zip entry 'wit/' is a directory but declares 5 bytes of content"),
        bad(
            "duplicate entry",
            with("plugin.toml", utf8(ZipFixtures.TOML)),
            "zip has entry 'plugin.toml' twice"),
        bad(
            "case alias",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W);
                  z.add("PLUGIN.WASM", W);
                }),
            "zip entries 'plugin.wasm' and 'PLUGIN.WASM' name the same path on a case-insensitive"
                + " file system; entry names must differ in more than case or a trailing '/'"),
        bad(
            "file and directory alias",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("wit", W);
                  z.addDirectory("wit/");
                }),
            "zip entries 'wit' and 'wit/' name the same path on a case-insensitive file system;"
                + " entry names must differ in more than case or a trailing '/'"),
        bad(
            "manifest name in another case",
            zip(
                z -> {
                  z.add("Plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W);
                }),
            "zip entry 'Plugin.toml' differs from 'plugin.toml' only in case; entry names are"
                + " exact"),
        bad(
            "module name in another case",
            with("PLUGIN.WASM", W),
            "zip entry 'PLUGIN.WASM' differs from 'plugin.wasm' only in case; entry names are"
                + " exact"),
        bad(
            "plugin.toml in a subdirectory",
            zip(
                z -> {
                  z.add("echo/plugin.toml", ZipFixtures.TOML);
                  z.add("echo/plugin.wasm", W);
                }),
            "zip entry 'echo/plugin.toml' is not at the root; plugin.toml must be at the zip's root"
                + " (zip the plugin directory's contents, not the directory)"),
        bad("unexpected file", with("install.sh", utf8("rm -rf /")), unexpected("install.sh")),
        bad("wasm in another directory", with("lib/plugin.wasm", W), unexpected("lib/plugin.wasm")),
        bad("other name in out/", with("out/other.wasm", W), unexpected("out/other.wasm")),
        bad(
            "unexpected directory",
            with("src/", new byte[0], e -> e.externalAttributes(0x10)),
            unexpected("src/")),
        bad(
            "encrypted",
            with("plugin.wasm", W, e -> e.flags(1)),
            "zip entry 'plugin.wasm' is encrypted; plugin zips must not be"),
        bad(
            "strong encryption",
            with("plugin.wasm", W, e -> e.flags(0x41)),
            "zip entry 'plugin.wasm' is encrypted; plugin zips must not be"),
        bad(
            "masked local headers",
            with("plugin.wasm", W, e -> e.flags(0x2000)),
            "zip entry 'plugin.wasm' is encrypted; plugin zips must not be"),
        bad(
            "unsupported flag",
            with("plugin.wasm", W, e -> e.flags(0x10)),
            "zip entry 'plugin.wasm' sets general-purpose flags 0x0010, which this reader does"
                + " not support"),
        bad(
            "bzip2",
            with("plugin.wasm", W, e -> e.method(12)),
            "zip entry 'plugin.wasm' uses compression method 12; only stored (0) and deflate (8)"
                + " are read"),
        bad(
            "stored with two sizes",
            with("plugin.wasm", W, e -> e.stored().declaredCompressedSize(10)),
            "zip entry 'plugin.wasm' is stored but declares 10 compressed and "
                + W.length
                + " uncompressed bytes"),
        bad(
            "oversized plugin.toml",
            zip(z -> z.add("plugin.toml", "#".repeat(70_000))),
            "zip entry 'plugin.toml' is 70000 bytes, over the 65536-byte limit"),
        bad(
            "size field claims gigabytes",
            with("plugin.wasm", W, e -> e.declaredSize(4_000_000_000L)),
            "zip entry 'plugin.wasm' is 4000000000 bytes, over the limit of 1048576 bytes (raise"
                + " the wasm size limit to accept it)"),
        bad(
            "oversized document",
            with("README.md", utf8("hi"), e -> e.declaredSize(2_000_000)),
            "zip entry 'README.md' is 2000000 bytes, over the 1048576-byte limit for documents"),
        bad(
            "zip bomb: small file, huge output",
            with("plugin.wasm", zeros),
            "zip entry 'plugin.wasm' expands "
                + ZipBuilder.deflate(zeros).length
                + " compressed bytes to 900000 (more than 200:1); this looks like a zip bomb"),
        bad(
            "zip bomb: lying uncompressed size",
            with("plugin.wasm", new byte[10 << 20], e -> e.declaredSize(300)),
            "zip entry 'plugin.wasm' inflates to more than the 300 bytes its headers declare (a"
                + " zip bomb or a damaged file)"),
        bad(
            "uncompressed size larger than the data",
            with("plugin.wasm", W, e -> e.declaredSize(400)),
            "zip entry 'plugin.wasm' inflates to "
                + W.length
                + " bytes but its headers declare 400"),
        bad(
            "entries add up past the total cap",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  for (int i = 0; i < 6; i++) {
                    z.add("m" + i + ".wasm", W)
                        .stored()
                        .declaredSize(1_000_000)
                        .declaredCompressedSize(1_000_000);
                  }
                }),
            "zip entries add up to "
                + (6_000_000 + ZipFixtures.TOML.length())
                + " bytes uncompressed, over the limit of 5242880 bytes"),
        bad(
            "CRC mismatch",
            with("plugin.wasm", W, e -> e.crc(0x1234)),
            "zip entry 'plugin.wasm' CRC mismatch: headers say 00001234, data has "
                + String.format("%08x", ZipArchiveHostileTest.crc(W))
                + " (the file is damaged or was modified)"),
        bad(
            "CRC mismatch in a stored document",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W);
                  z.add("LICENSE", "MIT").stored().crc(1);
                }),
            "zip entry 'LICENSE' CRC mismatch: headers say 00000001, data has "
                + String.format("%08x", ZipArchiveHostileTest.crc(utf8("MIT")))
                + " (the file is damaged or was modified)"),
        bad(
            "deflate stream cut short",
            with("plugin.wasm", W, e -> e.rawData(Arrays.copyOf(ZipBuilder.deflate(W), 100))),
            "zip entry 'plugin.wasm' has a deflate stream that ends early (the file is truncated"
                + " or damaged)"),
        bad(
            "bytes after the deflate stream",
            with(
                "plugin.wasm", W, e -> e.rawData(concat(ZipBuilder.deflate(W), new byte[] {1, 2}))),
            "zip entry 'plugin.wasm' has 2 bytes after the end of its deflate stream"),
        bad("no plugin.toml", zip(z -> z.add("plugin.wasm", W)), "zip missing plugin.toml"),
        bad("empty zip", zip(z -> {}), "zip missing plugin.toml"),
        bad(
            "no module",
            with("README.md", utf8("# echo")),
            "zip has no wasm module; looked for plugin.wasm, echo.wasm, a single *.wasm at the"
                + " root, target/<triple>/release/echo.wasm or plugin.wasm, out/plugin.wasm,"
                + " dist/plugin.wasm, and a single *.wasm in target/<triple>/release/ (triples:"
                + " wasm32-wasip2, wasm32-wasip1, wasm32-wasi)"),
        bad(
            "module is not wasm",
            with("plugin.wasm", utf8("MZ this is not wasm")),
            "zip entry 'plugin.wasm' has bad magic number"),
        bad(
            "module is a component",
            with("plugin.wasm", new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0}),
            "zip entry 'plugin.wasm' is a WebAssembly component (version 0d 00 01 00), not a core"
                + " module; Airlock runs core modules (version 1, 01 00 00 00)"),
        bad(
            "plugin.toml breaks a rule",
            zip(
                z -> {
                  z.add(
                      "plugin.toml",
                      ZipFixtures.TOML.replace("timeout_secs = 10", "timeout_secs = 0"));
                  z.add("plugin.wasm", W);
                }),
            "plugin.toml [requirements] timeout_secs is 0; it must be between 1 and 300 seconds"),
        bad(
            "plugin.toml description longer than a manifest allows",
            zip(
                z -> {
                  z.add(
                      "plugin.toml",
                      ZipFixtures.TOML.replace("Echoes its input", "x".repeat(5000)));
                  z.add("plugin.wasm", W);
                }),
            "invalid plugin.toml: description should be at most 4096 characters"));
  }

  private static String unexpected(String name) {
    return "zip has unexpected entry '"
        + name
        + "' (allowed: plugin.toml; *.wasm at the root or in target/<triple>/release/;"
        + " plugin.wasm in out/ or dist/; README, LICENSE, NOTICE, CHANGELOG-style documents at"
        + " the root; *.wit files under wit/; and their directories)";
  }

  private static Arguments bad(String name, byte[] bytes, String message) {
    return Arguments.of(name, bytes, message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEntries")
  void readZip_badEntry_refusedWithExactMessage(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> reader.readZip(bytes, null))
        .isInstanceOf(ArtefactException.class)
        .hasMessage(message);
  }

  @Test
  void readZip_corruptDeflateData_refusedAsCompression() {
    byte[] bytes = with("plugin.wasm", W, e -> e.rawData(new byte[] {(byte) 0xff, 1, 2, 3}));

    assertThatThrownBy(() -> reader.readZip(bytes, null))
        .hasMessageStartingWith("zip entry 'plugin.wasm' has corrupt deflate data (")
        .extracting(e -> ((ArtefactException) e).reason())
        .isEqualTo(Reason.COMPRESSION);
  }

  @Test
  void readZip_largerThanTheFileCap_refusedBeforeParsing() {
    byte[] huge = new byte[6 * 1024 * 1024 + 1];

    assertThatThrownBy(() -> reader.readZip(huge, null))
        .hasMessage(
            "zip is 6291457 bytes, over the limit of 6291456 bytes (raise the wasm size limit to"
                + " accept it)")
        .extracting(e -> ((ArtefactException) e).reason())
        .isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void readZip_signatureNotBase64_refused() {
    byte[] bytes = ZipFixtures.valid().build();

    assertThatThrownBy(() -> reader.readZip(bytes, utf8("not base64 !!")))
        .hasMessageStartingWith("zip signature is not valid base64 (");
  }

  @Test
  void readZip_oversizedSignature_refused() {
    byte[] bytes = ZipFixtures.valid().build();

    assertThatThrownBy(() -> reader.readZip(bytes, utf8("A".repeat(2000))))
        .hasMessage("zip signature is 2000 bytes; an Ed25519 signature in base64 is 88");
  }
}
