package dev.airlock.artefact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.artefact.StructuredText.Syntax;
import dev.airlock.internal.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The optional manifest beside a bare module: {@code <name>.json}, {@code <name>.yaml}, {@code
 * <name>.yml} or {@code <name>.toml}. It describes the module (name, version, hooks, ABI,
 * configuration) but is not covered by the {@code .sig} sidecar, which signs the wasm bytes only;
 * so it may never ask for permissions, which must come from a signed {@code .tar.gz} manifest.
 */
final class SidecarManifest {
  private static final Map<String, Syntax> EXTENSIONS =
      Map.of(".json", Syntax.JSON, ".yaml", Syntax.YAML, ".yml", Syntax.YAML, ".toml", Syntax.TOML);
  private static final List<String> ORDER = List.of(".json", ".yaml", ".yml", ".toml");
  private static final List<String> FIELDS =
      List.of(
          "name",
          "version",
          "description",
          "license",
          "author",
          "homepage",
          "hooks",
          "abi",
          "config_schema");

  private SidecarManifest() {}

  /** The sidecar manifest beside {@code wasmFile}, if there is one; two or more are refused. */
  static Optional<Path> find(Path wasmFile, String stem) throws ArtefactException {
    List<Path> found = new ArrayList<>();
    for (String extension : ORDER) {
      Path candidate = wasmFile.resolveSibling(stem + extension);
      if (Files.exists(candidate)) {
        found.add(candidate);
      }
    }
    if (found.size() > 1) {
      throw new ArtefactException(
          Reason.MANIFEST,
          "bare wasm file "
              + Text.quote(wasmFile.getFileName().toString())
              + " has more than one sidecar manifest ("
              + found.stream()
                  .map(p -> p.getFileName().toString())
                  .collect(Collectors.joining(", "))
              + "); keep one");
    }
    return found.stream().findFirst();
  }

  /** Reads the sidecar and builds the module's manifest from it. */
  static Manifest read(Path sidecar, String stem, String wasmSha256, boolean signed)
      throws ArtefactException, IOException {
    String fileName = sidecar.getFileName().toString();
    String what = "sidecar manifest " + fileName;
    long size = Files.size(sidecar);
    if (size > StructuredText.MAX_BYTES) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          what + " is " + size + " bytes, over the " + StructuredText.MAX_BYTES + "-byte limit",
          String.valueOf(StructuredText.MAX_BYTES),
          String.valueOf(size),
          null);
    }
    Syntax syntax = EXTENSIONS.get(fileName.substring(fileName.lastIndexOf('.')));
    JsonNode root = StructuredText.parse(Files.readAllBytes(sidecar), syntax, what);
    if (!root.isObject()) {
      throw invalid(
          what
              + " should be "
              + (syntax == Syntax.YAML ? "a mapping" : "an object")
              + ", got "
              + StructuredText.kind(root, syntax));
    }
    checkFields(root, what);
    Fields f = new Fields(root, syntax, what);
    Optional<String> name = f.string("name");
    if (name.isPresent() && !name.get().equals(stem)) {
      throw invalid(
          what
              + " gives name "
              + Text.quote(name.get())
              + " but the module is "
              + Text.quote(stem + ".wasm")
              + "; the name must equal the file stem");
    }
    Optional<ConfigSchema> configSchema;
    try {
      configSchema = ConfigSchemaParser.configSchema(root.get("config_schema"));
    } catch (ArtefactException e) {
      throw invalid(what + ": " + e.getMessage());
    }
    try {
      return new Manifest(
          Manifest.SCHEMA_VERSION,
          stem,
          f.string("version")
              .map(SemanticVersion::parse)
              .orElse(new SemanticVersion(0, 0, 0, "", "")),
          f.string("description").orElse(""),
          f.string("license").orElse(""),
          f.strings("hooks"),
          wasmSha256,
          f.string("abi").map(Abi::of),
          Permissions.NONE,
          signed ? Optional.of(Manifest.ED25519) : Optional.empty(),
          Instant.EPOCH,
          f.string("author").orElse(""),
          f.string("homepage").orElse(""),
          configSchema);
    } catch (IllegalArgumentException e) {
      throw invalid(what + ": " + e.getMessage());
    }
  }

  private static void checkFields(JsonNode root, String what) throws ArtefactException {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (field.equals("permissions")) {
        throw invalid(
            what
                + " may not grant permissions: permissions must come from a signed .tar.gz"
                + " manifest (its manifest.json); a sidecar manifest is not signed");
      }
      if (!FIELDS.contains(field)) {
        throw invalid(
            what
                + " has unknown field "
                + Text.quote(field)
                + " (allowed: "
                + String.join(", ", FIELDS)
                + "); permissions must come from a signed .tar.gz manifest");
      }
    }
  }

  /** Typed access to the sidecar's fields; null counts as absent. */
  private record Fields(JsonNode root, Syntax syntax, String what) {
    Optional<String> string(String field) throws ArtefactException {
      JsonNode v = root.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isTextual()) {
        throw wrongType(field, "a string", v);
      }
      return Optional.of(v.textValue());
    }

    List<String> strings(String field) throws ArtefactException {
      JsonNode v = root.get(field);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw wrongType(field, "a list of strings", v);
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw wrongType(field, "a list of strings", item);
        }
        out.add(item.textValue());
      }
      return out;
    }

    private ArtefactException wrongType(String field, String expected, JsonNode found) {
      return invalid(
          what
              + " field '"
              + field
              + "' should be "
              + expected
              + ", got "
              + StructuredText.kind(found, syntax));
    }
  }

  private static ArtefactException invalid(String message) {
    return StructuredText.invalid(message);
  }
}
