package dev.airlock.catalog;

import dev.airlock.host.SettingsException;
import dev.airlock.host.SettingsOrigin;
import dev.airlock.host.SettingsTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [catalog]} table of the host settings file: an extra CA file and per-host credentials
 * for every fetch (index, artefact, git clone). Secrets are never part of a message.
 *
 * <pre>
 * [catalog]
 * ca_file = "ca.pem"                        # relative to the settings file
 * [catalog.credentials."plugins.example.com"]
 * bearer = "…"
 * [catalog.credentials."git.example.com:8443"]
 * username = "ci"
 * password = "…"
 * </pre>
 *
 * @param caFile the CA file, resolved against the settings file's directory
 * @param credentials one entry per host, in file order
 */
public record CatalogSettings(Optional<Path> caFile, List<Credentials> credentials) {
  /** Keys of {@code [catalog]}. */
  static final List<String> KEYS = List.of("ca_file", "credentials");

  /** Keys of one {@code [catalog.credentials."HOST"]} table. */
  static final List<String> CREDENTIAL_KEYS = List.of("bearer", "username", "password");

  /** No CA file, no credentials. */
  public static final CatalogSettings NONE = new CatalogSettings(Optional.empty(), List.of());

  /** Copies the list. */
  public CatalogSettings {
    credentials = List.copyOf(credentials);
  }

  /**
   * Reads {@code [catalog]} from a settings file, with every check the host applies to the file.
   *
   * @param file the settings file
   * @return the settings, {@link #NONE} when the table is absent
   * @throws SettingsException naming the file and the key for unknown keys and wrong forms
   * @throws IOException when the file cannot be read
   */
  public static CatalogSettings load(Path file) throws SettingsException, IOException {
    Map<String, Object> t = SettingsTables.table(file, "catalog");
    String label = file.toString();
    unknown(label, "catalog", t.keySet(), KEYS);
    Optional<Path> ca = Optional.empty();
    if (t.containsKey("ca_file")) {
      String s = string(label, "catalog.ca_file", t.get("ca_file"), "a path to a PEM file");
      Path dir = file.toAbsolutePath().getParent();
      ca = Optional.of(dir.resolve(s).normalize());
    }
    List<Credentials> creds = new ArrayList<>();
    Object c = t.get("credentials");
    if (c != null) {
      if (!(c instanceof Map<?, ?> hosts)) {
        throw bad(label, "catalog.credentials", "should be a table of hosts", "a table", kind(c));
      }
      for (var e : hosts.entrySet()) {
        creds.add(one(label, String.valueOf(e.getKey()), e.getValue()));
      }
    }
    return new CatalogSettings(ca, creds);
  }

  private static Credentials one(String label, String host, Object value) throws SettingsException {
    String key = "catalog.credentials.\"" + host + "\"";
    if (!(value instanceof Map<?, ?> m)) {
      throw bad(label, key, "should be a table", "a table", kind(value));
    }
    @SuppressWarnings("unchecked")
    Set<String> keys = (Set<String>) m.keySet();
    unknown(label, key, keys, CREDENTIAL_KEYS);
    boolean bearer = m.containsKey("bearer");
    boolean basic = m.containsKey("username") || m.containsKey("password");
    if (bearer == basic) {
      throw bad(
          label,
          key,
          "should hold either bearer, or username and password",
          "bearer | username + password",
          String.join(", ", keys));
    }
    try {
      if (bearer) {
        return Credentials.bearer(host, string(label, key + ".bearer", m.get("bearer"), "a token"));
      }
      if (!m.containsKey("username") || !m.containsKey("password")) {
        throw bad(
            label,
            key,
            "should hold both username and password",
            "username + password",
            String.join(", ", keys));
      }
      return Credentials.basic(
          host,
          string(label, key + ".username", m.get("username"), "a user name"),
          string(label, key + ".password", m.get("password"), "a password"));
    } catch (IllegalArgumentException e) {
      throw bad(label, key, "is refused: " + e.getMessage(), "a host and a secret", "(hidden)");
    }
  }

  private static void unknown(String label, String at, Set<String> keys, List<String> known)
      throws SettingsException {
    for (String k : keys) {
      if (!known.contains(k)) {
        throw new SettingsException(
            label
                + ": unknown key '"
                + at
                + "."
                + k
                + "' (known keys: "
                + String.join(", ", known)
                + ")",
            SettingsOrigin.file(label, at + "." + k),
            at + "." + k,
            String.join(", ", known),
            at + "." + k);
      }
    }
  }

  /** A non-empty string; the value itself is never echoed (it may be a secret). */
  private static String string(String label, String key, Object v, String what)
      throws SettingsException {
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad(label, key, "should be " + what + " (a non-empty string)", what, kind(v));
    }
    return s;
  }

  private static String kind(Object v) {
    return switch (v) {
      case null -> "nothing";
      case String s -> s.isEmpty() ? "an empty string" : "a string";
      case Map<?, ?> m -> "a table";
      case List<?> l -> "a list";
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      default -> v.getClass().getSimpleName();
    };
  }

  private static SettingsException bad(
      String label, String key, String what, String expected, String found) {
    return new SettingsException(
        label + ": " + key + " " + what + ", found " + found,
        SettingsOrigin.file(label, key),
        key,
        expected,
        found);
  }

  /** Never shows the secrets. */
  @Override
  public String toString() {
    return "CatalogSettings[caFile=" + caFile + ", credentials=" + credentials + "]";
  }
}
