package dev.airlock.oci.auth;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials in a Docker-style {@code config.json}: {@code credHelpers} (per registry), then
 * {@code auths} ({@code auth} = base64 of {@code user:password}, or an {@code identitytoken}), then
 * {@code credsStore} (a default helper). Helpers are the {@code docker-credential-<name>} programs
 * on {@code PATH}. The same format is what {@code airlock registry login} writes (to its own file).
 *
 * <p>Keys in {@code auths} may be {@code host[:port]} or URLs ({@code
 * https://index.docker.io/v1/}); a key matches only its own host and port, so credentials never
 * cross registries.
 */
public final class DockerConfigStore implements CredentialStore {
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Path file;
  private final CredentialHelpers helpers;

  /**
   * A store over a config file (which need not exist).
   *
   * @param file the {@code config.json}
   * @param helpers runs {@code docker-credential-*} programs
   */
  public DockerConfigStore(Path file, CredentialHelpers helpers) {
    this.file = file;
    this.helpers = helpers;
  }

  /**
   * Docker's own config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
   *
   * @param env the environment
   * @return the store
   */
  public static DockerConfigStore docker(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    Path p =
        dir != null && !dir.isBlank()
            ? Path.of(dir, "config.json")
            : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    return new DockerConfigStore(p, CredentialHelpers.onPath(env));
  }

  /**
   * The file this store reads.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  @Override
  public Optional<Credentials> find(String registry) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root = read(file);
    String helper = matching(root.path("credHelpers"), registry).map(JsonNode::asText).orElse(null);
    if (helper != null && !helper.isBlank()) {
      return helpers.get(helper, serverUrl(registry));
    }
    Optional<JsonNode> entry = matching(root.path("auths"), registry);
    if (entry.isPresent()) {
      Optional<Credentials> c = decode(entry.get(), registry);
      if (c.isPresent()) {
        return c;
      }
    }
    String store = root.path("credsStore").asText("");
    if (!store.isBlank()) {
      return helpers.get(store, serverUrl(registry));
    }
    return Optional.empty();
  }

  /**
   * Writes credentials for a registry into this file (created owner-only), keeping other entries.
   *
   * @param registry the registry
   * @param credentials the credentials
   * @throws IOException when the file cannot be read or written
   */
  public void store(String registry, Credentials credentials) throws IOException {
    ObjectNode root =
        Files.isRegularFile(file) ? (ObjectNode) read(file) : MAPPER.createObjectNode();
    ObjectNode auths = root.get("auths") instanceof ObjectNode o ? o : root.putObject("auths");
    String key = "docker.io".equals(registry) ? DOCKER_HUB_KEY : registry;
    auths
        .putObject(key)
        .put(
            "auth",
            Base64.getEncoder()
                .encodeToString(
                    (credentials.username() + ":" + credentials.secret())
                        .getBytes(StandardCharsets.UTF_8)));
    dev.airlock.oci.OciFiles.writePrivate(
        file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private static JsonNode read(Path file) throws IOException {
    try {
      JsonNode n = MAPPER.readTree(Files.readAllBytes(file));
      if (n == null || !n.isObject()) {
        throw new IOException(file + " should hold a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Optional<Credentials> decode(JsonNode e, String registry) throws IOException {
    String identity = e.path("identitytoken").asText("");
    String auth = e.path("auth").asText("");
    if (!auth.isBlank()) {
      String plain;
      try {
        plain = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException x) {
        throw new IOException("the auth entry for " + registry + " is not base64", x);
      }
      int colon = plain.indexOf(':');
      if (colon < 0) {
        throw new IOException(
            "the auth entry for " + registry + " should be base64(user:password)");
      }
      return Optional.of(new Credentials(plain.substring(0, colon), plain.substring(colon + 1)));
    }
    if (!identity.isBlank()) {
      return Optional.of(new Credentials("<token>", identity));
    }
    String user = e.path("username").asText("");
    String pass = e.path("password").asText("");
    return user.isBlank() ? Optional.empty() : Optional.of(new Credentials(user, pass));
  }

  private static Optional<JsonNode> matching(JsonNode map, String registry) {
    if (!map.isObject()) {
      return Optional.empty();
    }
    String want = normal(registry);
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (normal(e.getKey()).equals(want)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** host[:port], lower case; Docker Hub's aliases become docker.io. */
  static String normal(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT);
    if (k.startsWith("https://")) {
      k = k.substring(8);
    } else if (k.startsWith("http://")) {
      k = k.substring(7);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return switch (k) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> k;
    };
  }

  private static String serverUrl(String registry) {
    return "docker.io".equals(normal(registry)) ? DOCKER_HUB_KEY : registry;
  }
}
