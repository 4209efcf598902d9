package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.artefact.Abi;
import dev.airlock.artefact.ConfigSchema;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.trust.ArtefactSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The example plugins (from {@code airlock-examples}), offered for install as {@code {"source":
 * "example", "name": ...}}: each is packed into a {@code .tar.gz} and signed with the server's demo
 * key, whose public half is in the demo trust root. Installing one goes through the same reader and
 * verifier as an upload.
 */
final class ExamplePlugins implements InstallSource {
  /** One example: what it does and how it is called. */
  record Example(
      String name,
      String version,
      Abi abi,
      List<String> hooks,
      String description,
      Optional<ConfigSchema> schema) {}

  static final List<Example> ALL =
      List.of(
          raw("echo", List.of("echo"), "Answers with its input", null),
          raw("uppercase", List.of("uppercase"), "Upper-cases ASCII letters", null),
          raw(
              "cost-governor",
              List.of("pre_query"),
              "Blocks unbounded SELECTs and SELECT * on listed tables",
              schema("star_blocked_tables", ConfigSchema.Type.STRING, "tables where * is refused")),
          raw("pii-redactor", List.of("post_query"), "Masks e-mails and card numbers", null),
          raw(
              "upload-policy",
              List.of("validate_upload"),
              "Refuses unsafe or oversized uploads",
              schema("max_bytes", ConfigSchema.Type.INTEGER, "largest upload accepted")),
          raw("npm-metadata", List.of("extract"), "Extracts package.json metadata", null),
          raw(
              "wasm-format",
              List.of("format_key", "parse_metadata", "validate", "generate_index"),
              "A format handler for .wasm files",
              null),
          raw("cpu-burn", List.of("fnv1a", "fib", "spin"), "Burns CPU (spin never returns)", null),
          new Example(
              "greeter",
              "1.0.0",
              Abi.EXTISM,
              List.of("greet", "fail"),
              "Greets by name (Extism ABI)",
              Optional.of(schema("greeting", ConfigSchema.Type.STRING, "the greeting word"))));

  private final PrivateKey key;

  ExamplePlugins(PrivateKey key) {
    this.key = key;
  }

  private static Example raw(String name, List<String> hooks, String what, ConfigSchema schema) {
    return new Example(name, "1.0.0", Abi.RAW, hooks, what, Optional.ofNullable(schema));
  }

  private static ConfigSchema schema(String key, ConfigSchema.Type type, String description) {
    return new ConfigSchema(
        List.of(
            new ConfigSchema.Property(
                key,
                type,
                List.of(),
                type == ConfigSchema.Type.INTEGER ? OptionalDouble.of(1) : OptionalDouble.empty(),
                OptionalDouble.empty(),
                -1,
                -1,
                Optional.empty(),
                description)),
        List.of());
  }

  @Override
  public String kind() {
    return "example";
  }

  @Override
  public String policyName() {
    return "file";
  }

  @Override
  public Staged fetch(JsonNode request, Path staging) {
    String name = request.path("name").asText("");
    Example e =
        ALL.stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.unprocessable(
                        "no_such_example",
                        "no example plugin '"
                            + name
                            + "' (examples: "
                            + ALL.stream().map(Example::name).toList()
                            + ")"));
    Path file = staging.resolve(e.name() + ".tar.gz");
    try {
      byte[] wasm = wasm(e.name());
      ArtefactSigner.packTo(manifest(e, wasm), wasm, key, file);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return new Staged(file, null, "example:" + e.name());
  }

  private static Manifest manifest(Example e, byte[] wasm) {
    return new Manifest(
        Manifest.SCHEMA_VERSION,
        e.name(),
        SemanticVersion.parse(e.version()),
        e.description(),
        "Apache-2.0",
        e.hooks(),
        sha256(wasm),
        Optional.of(e.abi()),
        Permissions.NONE,
        Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"),
        "Airlock examples",
        "",
        e.schema());
  }

  static byte[] wasm(String name) throws IOException {
    try (InputStream in =
        ExamplePlugins.class.getResourceAsStream("/dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new IOException(
            "example " + name + ".wasm is not on the class path (build the examples module)");
      }
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The examples as the API lists them. */
  static List<Map<String, Object>> listing() {
    return ALL.stream()
        .map(
            e ->
                Map.<String, Object>of(
                    "name", e.name(),
                    "version", e.version(),
                    "hooks", e.hooks(),
                    "description", e.description()))
        .toList();
  }
}
