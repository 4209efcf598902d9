package dev.airlock.artefact;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of a plugin artefact, as stored in {@code manifest.json}.
 *
 * <p>The manifest pins the wasm by {@link #wasmSha256()}, so a signature over the manifest bytes
 * binds name, version, hooks, permissions and code together.
 *
 * @param schemaVersion the manifest schema version, {@code 1.x}
 * @param name the plugin name: lowercase letters, digits, {@code -} and {@code _}, 1–128
 *     characters, starting with a letter
 * @param version the plugin's semantic version
 * @param description a one-line description, possibly empty
 * @param license an SPDX license expression, possibly empty
 * @param hooks the exports the plugin offers as hooks
 * @param wasmSha256 SHA-256 of {@code plugin.wasm}, 64 lowercase hex characters
 * @param abi the ABI the plugin uses, or empty to detect it from the module's imports
 * @param permissions what the plugin asks to be granted
 * @param signatureAlgorithm {@code ed25519} when the artefact carries {@code plugin.sig}
 * @param packedAt when the artefact was packed, to the second, UTC
 * @param author who wrote the plugin, possibly empty
 * @param homepage where to learn more, possibly empty
 * @param configSchema the configuration the plugin accepts, if it declares it
 */
public record Manifest(
    String schemaVersion,
    String name,
    SemanticVersion version,
    String description,
    String license,
    List<String> hooks,
    String wasmSha256,
    Optional<Abi> abi,
    Permissions permissions,
    Optional<String> signatureAlgorithm,
    Instant packedAt,
    String author,
    String homepage,
    Optional<ConfigSchema> configSchema) {

  /** The schema version this code writes. */
  public static final String SCHEMA_VERSION = "1.0";

  /** The only signature algorithm artefacts use. */
  public static final String ED25519 = "ed25519";

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,127}");
  static final Pattern HOOK = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  static final int MAX_DESCRIPTION = 4096;
  static final int MAX_LICENSE = 256;
  static final int MAX_HOOKS = 256;

  /** Validates every field; see the parameter docs for the rules. */
  public Manifest {
    require(
        schemaVersion != null && schemaVersion.matches("1\\.\\d{1,4}"),
        "schema_version should be 1.x, got " + schemaVersion);
    require(name != null && NAME.matcher(name).matches(), nameRule(name));
    require(version != null, "version is required");
    description = description == null ? "" : description;
    license = license == null ? "" : license;
    require(
        description.length() <= MAX_DESCRIPTION,
        "description should be at most " + MAX_DESCRIPTION + " characters");
    require(
        license.length() <= MAX_LICENSE,
        "license should be at most " + MAX_LICENSE + " characters");
    hooks = List.copyOf(hooks);
    require(hooks.size() <= MAX_HOOKS, "hooks should list at most " + MAX_HOOKS + " exports");
    for (String hook : hooks) {
      require(
          HOOK.matcher(hook).matches(),
          "hook names should be export names (letters, digits, _ . -), got '" + hook + "'");
    }
    require(new HashSet<>(hooks).size() == hooks.size(), "hooks lists an export twice");
    require(
        wasmSha256 != null && SHA256_HEX.matcher(wasmSha256).matches(),
        "wasm_sha256 should be 64 lowercase hex characters");
    require(abi != null, "abi must not be null (use Optional.empty())");
    require(permissions != null, "permissions must not be null (use Permissions.NONE)");
    require(
        signatureAlgorithm != null && signatureAlgorithm.map(ED25519::equals).orElse(true),
        "signature_algorithm should be 'ed25519' or null, got " + signatureAlgorithm);
    require(
        packedAt != null && packedAt.getNano() == 0,
        "packed_at should be a UTC time to the second");
    author = author == null ? "" : author;
    homepage = homepage == null ? "" : homepage;
    require(
        author.length() <= MAX_LICENSE, "author should be at most " + MAX_LICENSE + " characters");
    require(
        homepage.length() <= MAX_LICENSE,
        "homepage should be at most " + MAX_LICENSE + " characters");
    require(configSchema != null, "configSchema must not be null (use Optional.empty())");
  }

  /**
   * A manifest without author, homepage or config schema.
   *
   * @param schemaVersion see the record description
   * @param name the plugin name
   * @param version the version
   * @param description a description
   * @param license a license
   * @param hooks the hooks
   * @param wasmSha256 SHA-256 of the wasm
   * @param abi the ABI, or empty
   * @param permissions the permissions
   * @param signatureAlgorithm {@code ed25519} or empty
   * @param packedAt the packing time
   */
  public Manifest(
      String schemaVersion,
      String name,
      SemanticVersion version,
      String description,
      String license,
      List<String> hooks,
      String wasmSha256,
      Optional<Abi> abi,
      Permissions permissions,
      Optional<String> signatureAlgorithm,
      Instant packedAt) {
    this(
        schemaVersion,
        name,
        version,
        description,
        license,
        hooks,
        wasmSha256,
        abi,
        permissions,
        signatureAlgorithm,
        packedAt,
        "",
        "",
        Optional.empty());
  }

  /**
   * Checks a plugin name against the naming rule.
   *
   * @param name the candidate
   * @return {@code name}
   * @throws IllegalArgumentException naming the rule when {@code name} breaks it
   */
  public static String checkName(String name) {
    require(name != null && NAME.matcher(name).matches(), nameRule(name));
    return name;
  }

  private static String nameRule(String name) {
    return "plugin name should be 1-128 lowercase letters, digits, '-' or '_', starting with a"
        + " letter, got '"
        + name
        + "'";
  }

  /**
   * A copy with another signature algorithm, as signing an artefact needs.
   *
   * @param algorithm {@code ed25519}, or empty for an unsigned artefact
   * @return the new manifest
   */
  public Manifest withSignatureAlgorithm(Optional<String> algorithm) {
    return new Manifest(
        schemaVersion,
        name,
        version,
        description,
        license,
        hooks,
        wasmSha256,
        abi,
        permissions,
        algorithm,
        packedAt,
        author,
        homepage,
        configSchema);
  }

  /**
   * Parses and validates {@code manifest.json} bytes.
   *
   * @param json the manifest bytes
   * @return the manifest
   * @throws ArtefactException naming the field and the rule when the manifest is invalid
   */
  public static Manifest parse(byte[] json) throws ArtefactException {
    return ManifestParser.parse(json);
  }

  /**
   * The canonical JSON form: sorted keys, no whitespace. Packing writes exactly these bytes.
   *
   * @return canonical UTF-8 JSON
   */
  public byte[] toJson() {
    return ManifestJson.toCanonicalJson(this);
  }

  /**
   * Truncates an instant to the second, as {@code packed_at} holds it.
   *
   * @param instant any instant
   * @return the instant without fractions of a second
   */
  public static Instant toPackedAt(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
