package dev.airlock.host;

import java.util.Objects;

/**
 * Where one effective setting came from: a command-line flag, an environment variable, the settings
 * file, or the built-in default.
 *
 * @param kind which layer
 * @param where the flag ({@code --dir}), the variable ({@code PLUGINS_PATH}), the file and key
 *     ({@code airlock.toml:plugins.directory}), or for a default a note such as {@code capped by
 *     max_memory} (usually empty)
 */
public record SettingsOrigin(Kind kind, String where) {
  /** The layers, highest precedence first. */
  public enum Kind {
    /** A command-line flag. */
    FLAG,
    /** An environment variable. */
    ENV,
    /** The settings file. */
    FILE,
    /** The built-in default. */
    DEFAULT
  }

  /** The plain built-in default. */
  public static final SettingsOrigin DEFAULT = new SettingsOrigin(Kind.DEFAULT, "");

  /** Checks for nulls. */
  public SettingsOrigin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(where, "where");
  }

  /**
   * A flag.
   *
   * @param flag e.g. {@code --dir}
   * @return the origin
   */
  public static SettingsOrigin flag(String flag) {
    return new SettingsOrigin(Kind.FLAG, flag);
  }

  /**
   * An environment variable.
   *
   * @param variable e.g. {@code PLUGINS_PATH}
   * @return the origin
   */
  public static SettingsOrigin env(String variable) {
    return new SettingsOrigin(Kind.ENV, variable);
  }

  /**
   * A key in the settings file.
   *
   * @param file the file as it was given
   * @param key the key's place, e.g. {@code plugins.directory}
   * @return the origin
   */
  public static SettingsOrigin file(String file, String key) {
    return new SettingsOrigin(Kind.FILE, file + ":" + key);
  }

  /**
   * @return e.g. {@code flag --dir}, {@code env PLUGINS_PATH}, {@code file
   *     airlock.toml:plugins.directory}, {@code default}
   */
  @Override
  public String toString() {
    return switch (kind) {
      case FLAG -> "flag " + where;
      case ENV -> "env " + where;
      case FILE -> "file " + where;
      case DEFAULT -> where.isEmpty() ? "default" : "default, " + where;
    };
  }
}
