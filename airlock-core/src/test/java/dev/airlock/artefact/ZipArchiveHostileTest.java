package dev.airlock.artefact;

import static dev.airlock.artefact.ZipFixtures.zip;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.ZipBuilder;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zips whose archive structure is hostile or damaged: the end record, the central directory, local
 * headers that disagree with it, hidden and overlapping data, data descriptors. Each is refused
 * with its exact message.
 */
class ZipArchiveHostileTest {
  private final ArtefactReader reader = ArtefactReader.builder().maxWasmBytes(1 << 20).build();

  private static final byte[] W = Fixtures.WASM;
  private static final int W_DEFLATED = ZipBuilder.deflate(W).length;

  static Stream<Arguments> badArchives() {
    byte[] valid = ZipFixtures.valid().build();
    byte[] stub = ZipFixtures.utf8("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n" + "#".repeat(64));
    byte[] unshifted = ZipFixtures.valid().prefix(stub, false).build();
    byte[] badSignature = valid.clone();
    badSignature[0] = 'X';
    return Stream.of(
        bad(
            "truncated download",
            java.util.Arrays.copyOf(valid, valid.length / 2),
            "zip has no end of central directory record: the file is truncated or not a zip"),
        bad(
            "end record cut short",
            ZipFixtures.valid().truncateEndRecord().build(),
            "zip has no end of central directory record: the file is truncated or not a zip"),
        bad(
            "trailing garbage",
            ZipFixtures.valid().trailing(ZipFixtures.utf8("garbage")).build(),
            "zip has 7 bytes of trailing data after its end of central directory record"),
        bad(
            "prepended stub, offsets not shifted",
            unshifted,
            "zip central directory ends at byte "
                + (unshifted.length - 22 - stub.length)
                + " but its end record is at byte "
                + (unshifted.length - 22)
                + ": the file has data before the zip (such as a self-extracting stub) or is"
                + " damaged"),
        bad(
            "prepended stub, offsets shifted",
            ZipFixtures.valid().prefix(stub, true).build(),
            "zip has "
                + stub.length
                + " bytes before its first entry 'plugin.toml' (a prepended stub or hidden data)"),
        bad(
            "zip64 locator",
            ZipFixtures.valid().zip64Locator().build(),
            "zip uses ZIP64 records; plugin zips are far below 4 GiB and never need them"),
        bad(
            "zip64 extra field",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W)
                      .centralExtra(new byte[] {1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                }),
            "zip entry 'plugin.wasm' uses ZIP64 fields; plugin zips are far below 4 GiB and never"
                + " need them"),
        bad(
            "zip64 extra field in the local header only",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W)
                      .localExtra(new byte[] {1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                }),
            "zip entry 'plugin.wasm' uses ZIP64 fields; plugin zips are far below 4 GiB and never"
                + " need them"),
        bad(
            "size field saturated for zip64",
            zip(z -> z.add("plugin.wasm", W).declaredSize(0xffffffffL)),
            "zip entry 'plugin.wasm' uses ZIP64 fields; plugin zips are far below 4 GiB and never"
                + " need them"),
        bad(
            "malformed extra field",
            zip(z -> z.add("plugin.wasm", W).centralExtra(new byte[] {9, 9, 9, 0})),
            "zip entry 'plugin.wasm' has a malformed extra field"),
        bad(
            "end record counts more entries than the directory holds",
            ZipFixtures.valid().entryCount(3).build(),
            "zip central directory is damaged: its end record declares 3 entries but entry 3 is"
                + " missing or runs past the directory"),
        bad(
            "end record counts fewer entries than the directory holds",
            ZipFixtures.valid().entryCount(1).build(),
            "zip central directory has 57 bytes beyond the entries its end record counts (1); the"
                + " directory and its end record disagree"),
        bad(
            "too many entries",
            zip(
                z -> {
                  for (int i = 0; i < 65; i++) {
                    z.add("README-" + i, "x");
                  }
                }),
            "zip has 65 entries, over the limit of 64"),
        bad(
            "local header names another file",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localName("evil.wasm");
                }),
            "zip entry 'plugin.wasm': its local header names it 'evil.wasm'; the local header and"
                + " the central directory must agree"),
        bad(
            "local header declares another size",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localSize(999);
                }),
            "zip entry 'plugin.wasm': its local header says size 999, the central directory "
                + W.length),
        bad(
            "local header declares another compressed size",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localCompressedSize(7);
                }),
            "zip entry 'plugin.wasm': its local header says compressed size 7, the central"
                + " directory "
                + W_DEFLATED),
        bad(
            "local header declares another CRC",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localCrc(0x1234);
                }),
            "zip entry 'plugin.wasm': its local header says CRC 0x1234, the central directory 0x"
                + Long.toHexString(crc(W))),
        bad(
            "local header declares another method",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localMethod(0);
                }),
            "zip entry 'plugin.wasm': its local header says compression method 0, the central"
                + " directory 8"),
        bad(
            "local header declares other flags",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).localFlags(0x800);
                }),
            "zip entry 'plugin.wasm': its local header says flags 0x800, the central directory"
                + " 0x0"),
        bad(
            "no local header where the directory points",
            badSignature,
            "zip entry 'plugin.toml' has no local header at byte 0, where the central directory"
                + " points"),
        bad(
            "entry hidden from the central directory, between entries",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("evil.wasm", W).hiddenFromCentral();
                  z.add("plugin.wasm", W);
                }),
            "zip has "
                + (30 + "evil.wasm".length() + W_DEFLATED)
                + " bytes after entry 'plugin.toml' and before entry 'plugin.wasm', that belong to"
                + " no entry (hidden data)"),
        bad(
            "entry hidden from the central directory, at the end",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W);
                  z.add("evil.wasm", W).hiddenFromCentral();
                }),
            "zip has "
                + (30 + "evil.wasm".length() + W_DEFLATED)
                + " bytes after entry 'plugin.wasm', before the central directory, that belong to"
                + " no entry (hidden data)"),
        bad(
            "two entries share their data (overlapping zip bomb)",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("README.md", ZipFixtures.TOML).localOffset(0);
                  z.add("plugin.wasm", W);
                }),
            "zip entries 'plugin.toml' and 'README.md' overlap (a zip bomb trick or a damaged"
                + " file)"),
        bad(
            "data descriptor disagrees with the directory",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).dataDescriptor(true).descriptorBytes(new byte[16]);
                }),
            "zip entry 'plugin.wasm': its data descriptor is missing or does not match the"
                + " central directory"),
        bad(
            "data descriptor flag without a descriptor",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).flags(8);
                }),
            "zip entry 'plugin.wasm': its data descriptor is missing or does not match the"
                + " central directory"),
        bad(
            "data descriptor, but the local header gives another size",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).dataDescriptor(false).localSize(5);
                }),
            "zip entry 'plugin.wasm': its local header says size 5, the central directory "
                + W.length),
        bad(
            "entry data runs into the central directory",
            zip(
                z -> {
                  z.add("plugin.toml", ZipFixtures.TOML);
                  z.add("plugin.wasm", W).declaredCompressedSize(W_DEFLATED + 100L);
                }),
            "zip entry 'plugin.wasm' runs into the central directory (the local header or data is"
                + " longer than the space the directory leaves for it)"));
  }

  private static Arguments bad(String name, byte[] bytes, String message) {
    return Arguments.of(name, bytes, message);
  }

  static long crc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArchives")
  void readZip_badArchive_refusedWithExactMessage(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> reader.readZip(bytes, null))
        .isInstanceOf(ArtefactException.class)
        .hasMessage(message);
  }
}
