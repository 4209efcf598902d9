package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.Ed25519Keys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock pack}: wasm + metadata → a reproducible, optionally signed artefact. */
@Command(
    name = "pack",
    sortOptions = false,
    description = {
      "Pack a wasm module into a reproducible <name>-<version>.tar.gz artefact, signed when --key"
          + " is given. The same wasm, metadata and packing time give byte-identical output."
    })
final class PackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--wasm", required = true, paramLabel = "FILE", description = "The module.")
  Path wasm;

  @Option(
      names = "--name",
      required = true,
      description =
          "Plugin name: lowercase letters," + " digits, '-', '_', starting with a letter.")
  String name;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "SEMVER",
      description = "Plugin version, e.g. 1.2.3.")
  String version;

  @Option(
      names = "--hooks",
      required = true,
      split = ",",
      paramLabel = "EXPORT",
      description = "Comma-separated exports offered as hooks, e.g. pre_query,post_query.")
  List<String> hooks;

  @Option(
      names = "--abi",
      paramLabel = "raw|extism",
      description = "The plugin's ABI; detected from its imports at load time when absent.")
  String abi;

  @Option(names = "--description", defaultValue = "", description = "One-line description.")
  String description;

  @Option(names = "--license", defaultValue = "", description = "SPDX license expression.")
  String license;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Ed25519 private key (PEM) to sign" + " with.")
  Path key;

  @Option(
      names = "--packed-at",
      paramLabel = "TIME",
      defaultValue = "${env:SOURCE_DATE_EPOCH}",
      description =
          "Packing time: 2026-01-31T12:00:00Z or epoch seconds. Default:"
              + " $SOURCE_DATE_EPOCH, else now.")
  String packedAt;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Output file, or a directory to write <name>-<version>.tar.gz into.")
  Path out;

  @Option(
      names = "--max-wasm-size",
      paramLabel = "SIZE",
      defaultValue = "64MiB",
      description = "Largest module accepted (default: ${DEFAULT-VALUE}).")
  String maxWasmSize;

  @ArgGroup(exclusive = false, heading = "Permissions the plugin asks for (default: none):%n")
  PermissionOptions permissions = new PermissionOptions();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    int maxWasm = Math.toIntExact(Math.min(Units.parseSize(maxWasmSize), Integer.MAX_VALUE - 8));
    long size = Files.size(wasm);
    if (size > maxWasm) {
      throw new IllegalArgumentException(
          wasm + " is " + size + " bytes, over the --max-wasm-size" + " of " + maxWasm);
    }
    byte[] module = Files.readAllBytes(wasm);
    Manifest manifest =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            Manifest.checkName(name),
            SemanticVersion.parse(version),
            description,
            license,
            hooks,
            sha256(module),
            Optional.ofNullable(abi).map(Abi::of),
            permissions == null
                ? dev.airlock.artefact.Permissions.NONE
                : permissions.toPermissions(),
            Optional.empty(),
            packedAt(packedAt));
    PrivateKey privateKey = key == null ? null : Ed25519Keys.readPrivateKey(key);
    Path target = Files.isDirectory(out) ? out.resolve(ArtefactWriter.fileName(manifest)) : out;
    ArtefactSigner.packTo(manifest, module, privateKey, target);
    // Read back what was written: the artefact on disk is what we report on.
    Artefact written = ArtefactReader.builder().maxWasmBytes(maxWasm).build().read(target);
    report(spec.commandLine().getOut(), target, written);
    return ExitCodes.OK;
  }

  private void report(PrintWriter o, Path target, Artefact a) {
    Manifest m = a.manifest();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", m.name());
      r.put("version", m.version().toString());
      r.put("path", target.toString());
      r.put("wasm_sha256", m.wasmSha256());
      r.put("artefact_sha256", a.sha256());
      r.put("signed", a.isSigned());
      r.put("packed_at", m.packedAt().toString());
      Json.print(o, r);
      return;
    }
    o.println("packed " + m.name() + " " + m.version());
    o.println("  path:            " + target);
    o.println("  wasm sha256:     " + m.wasmSha256() + " (" + Units.formatSize(a.wasmSize()) + ")");
    o.println("  artefact sha256: " + a.sha256());
    o.println("  signed:          " + (a.isSigned() ? "yes (ed25519)" : "no"));
  }

  static Instant packedAt(String text) {
    if (text == null || text.isBlank()) {
      return Manifest.toPackedAt(Instant.now());
    }
    if (text.matches("\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(text));
    }
    try {
      return Manifest.toPackedAt(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--packed-at / SOURCE_DATE_EPOCH should be a UTC time"
              + " like 2026-01-31T12:00:00Z or epoch seconds, got '"
              + text
              + "'");
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
