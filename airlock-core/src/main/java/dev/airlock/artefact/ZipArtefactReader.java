package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.artefact.ZipLayout.Role;
import dev.airlock.internal.Digests;
import dev.airlock.internal.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a plugin {@code .zip} in Artifact Keeper's layout from memory, reading the archive itself
 * (central directory, local headers, {@link java.util.zip.Inflater}) rather than through {@code
 * java.util.zip.ZipInputStream}, which walks local headers and ignores the central directory, so it
 * and a central-directory reader can be shown different files.
 *
 * <p>Checks, in order: archive structure ({@link ZipDirectory}), unique names ({@link
 * ZipEntryRules}), each entry's role and size ({@link ZipLayout}), local headers against the
 * directory ({@link ZipLocalHeaders}), {@code plugin.toml} present, read and valid ({@link
 * PluginTomlParser}), the module found ({@link ZipWasmSearch}) and read, every other entry's data
 * (size and CRC), the module's magic number and version, the signature's form.
 */
final class ZipArtefactReader {
  /** Room for headers beyond the uncompressed total, in the zip file's own cap. */
  static final int HEADER_ROOM = 1024 * 1024;

  private ZipArtefactReader() {}

  /** Refuses a zip file larger than the wasm cap plus room for the rest and the headers. */
  static void checkZipSize(long size, int maxWasmBytes) throws ArtefactException {
    long max = (long) maxWasmBytes + ZipLayout.EXTRA_TOTAL_BYTES + HEADER_ROOM;
    if (size > max) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          "zip is "
              + size
              + " bytes, over the limit of "
              + max
              + " bytes (raise the wasm size limit to accept it)",
          String.valueOf(max),
          String.valueOf(size),
          null);
    }
  }

  static Artefact read(byte[] zip, byte[] signatureText, String signatureName, int maxWasmBytes)
      throws ArtefactException {
    checkZipSize(zip.length, maxWasmBytes);
    ZipDirectory directory = ZipDirectory.read(zip, ZipLayout.MAX_ENTRIES);
    Map<String, ZipRecord> files = files(directory, maxWasmBytes);
    ZipContent content = new ZipContent(zip, ZipLocalHeaders.check(zip, directory));

    ZipRecord tomlRecord = files.get(ZipLayout.PLUGIN_TOML);
    if (tomlRecord == null) {
      throw new ArtefactException(Reason.LAYOUT, "zip missing plugin.toml");
    }
    PluginToml toml = PluginTomlParser.parse(content.read(tomlRecord));
    ZipRecord wasmRecord = ZipWasmSearch.find(files, toml.name());
    byte[] wasm = content.read(wasmRecord);
    for (ZipRecord r : files.values()) {
      if (r != tomlRecord && r != wasmRecord) {
        content.verify(r);
      }
    }
    WasmMagic.check(wasm, "zip entry " + Text.quote(wasmRecord.name()));
    byte[] signature = signature(signatureText, signatureName);
    return new Artefact(
        Artefact.Format.ZIP,
        manifest(toml, wasm, signature != null),
        new byte[0],
        wasm,
        signature,
        Digests.sha256Hex(zip),
        zip);
  }

  /** Checks names, roles and sizes; returns the entries that are files, by name. */
  private static Map<String, ZipRecord> files(ZipDirectory directory, int maxWasmBytes)
      throws ArtefactException {
    ZipEntryRules.checkUnique(directory.records);
    List<Role> roles = new ArrayList<>();
    Map<String, ZipRecord> files = new LinkedHashMap<>();
    for (ZipRecord r : directory.records) {
      Role role = ZipLayout.role(r.name());
      roles.add(role);
      if (role != Role.DIRECTORY) {
        files.put(r.name(), r);
      }
    }
    ZipLayout.checkSizes(directory.records, roles, maxWasmBytes);
    return files;
  }

  private static byte[] signature(byte[] text, String name) throws ArtefactException {
    if (text == null) {
      return null;
    }
    if (text.length > ArtefactLayout.MAX_SIGNATURE_BYTES) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          name + " is " + text.length + " bytes; an Ed25519 signature in base64 is 88");
    }
    return SignatureText.decode(text, name);
  }

  /**
   * The manifest a zip stands for: {@code [plugin]} metadata, hooks from the capabilities, the
   * requirements as limits, no ABI (detected from imports), {@code packed_at} the epoch (a zip
   * carries no trustworthy packing time: DOS timestamps have no zone).
   */
  private static Manifest manifest(PluginToml toml, byte[] wasm, boolean signed)
      throws ArtefactException {
    try {
      return new Manifest(
          Manifest.SCHEMA_VERSION,
          toml.name(),
          toml.version(),
          toml.description(),
          toml.license(),
          toml.hooks(),
          Digests.sha256Hex(wasm),
          Optional.empty(),
          toml.permissions(),
          signed ? Optional.of(Manifest.ED25519) : Optional.empty(),
          Instant.EPOCH,
          toml.author(),
          toml.homepage(),
          Optional.empty());
    } catch (IllegalArgumentException e) {
      throw StructuredText.invalid("invalid plugin.toml: " + e.getMessage());
    }
  }
}
