package dev.airlock.artefact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The configuration a plugin accepts, as its manifest's {@code config_schema} declares it: a JSON
 * Schema subset over flat key/value configuration. Each property has a {@code type} ({@code
 * string}, {@code integer}, {@code number} or {@code boolean}) and optionally {@code enum}, {@code
 * minimum}/{@code maximum} (numbers), {@code minLength}/{@code maxLength} and {@code pattern}
 * (strings) and a {@code description}; {@code required} lists keys that must be set. Keys the
 * schema does not name are refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigSchema {
  /** The value types a property may have. */
  public enum Type {
    /** Any text. */
    STRING,
    /** A whole number, written in decimal. */
    INTEGER,
    /** A decimal number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN
  }

  /**
   * One configuration key and its rules.
   *
   * @param name the key
   * @param type its type
   * @param enumValues allowed values, or empty for any
   * @param minimum smallest number allowed
   * @param maximum largest number allowed
   * @param minLength shortest string allowed, or -1
   * @param maxLength longest string allowed, or -1
   * @param pattern a regular expression the whole string must match
   * @param description what the key does, possibly empty
   */
  public record Property(
      String name,
      Type type,
      List<String> enumValues,
      OptionalDouble minimum,
      OptionalDouble maximum,
      int minLength,
      int maxLength,
      Optional<String> pattern,
      String description) {
    /** Copies the enum list and checks the pattern compiles. */
    public Property {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      enumValues = List.copyOf(enumValues);
      description = description == null ? "" : description;
      pattern.ifPresent(ConfigSchema::compile);
    }
  }

  private final Map<String, Property> properties;
  private final List<String> required;

  /**
   * A schema.
   *
   * @param properties the keys and their rules
   * @param required keys that must be set; each must be a property
   * @throws IllegalArgumentException when a required key is not a property
   */
  public ConfigSchema(List<Property> properties, List<String> required) {
    Map<String, Property> byName = new LinkedHashMap<>();
    for (Property p : properties) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("config_schema names property '" + p.name() + "' twice");
      }
    }
    for (String r : required) {
      if (!byName.containsKey(r)) {
        throw new IllegalArgumentException(
            "config_schema requires '" + r + "', which is not one of its properties");
      }
    }
    this.properties = Map.copyOf(byName);
    this.required = List.copyOf(required);
  }

  /**
   * @return the properties by key
   */
  public Map<String, Property> properties() {
    return properties;
  }

  /**
   * @return keys that must be set
   */
  public List<String> required() {
    return required;
  }

  /**
   * Checks a configuration.
   *
   * @param config key/value configuration
   * @return one message per problem, naming the field and the rule; empty when valid
   */
  public List<String> validate(Map<String, String> config) {
    List<String> problems = new ArrayList<>();
    for (String r : required) {
      if (!config.containsKey(r)) {
        problems.add("field '" + r + "' is required");
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
      Property p = properties.get(e.getKey());
      if (p == null) {
        problems.add(
            "field '"
                + e.getKey()
                + "' is not in the plugin's config_schema (known: "
                + new java.util.TreeSet<>(properties.keySet())
                + ")");
        continue;
      }
      String problem = check(p, e.getValue());
      if (problem != null) {
        problems.add("field '" + e.getKey() + "' " + problem);
      }
    }
    return problems;
  }

  private static String check(Property p, String value) {
    if (!p.enumValues().isEmpty() && !p.enumValues().contains(value)) {
      return "must be one of " + p.enumValues() + ", got '" + value + "'";
    }
    switch (p.type()) {
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          return "must be true or false, got '" + value + "'";
        }
      }
      case INTEGER, NUMBER -> {
        double v;
        try {
          if (p.type() == Type.INTEGER && !value.matches("-?\\d{1,18}")) {
            return "must be an integer, got '" + value + "'";
          }
          v = Double.parseDouble(value);
          if (!Double.isFinite(v)) {
            return "must be a finite number, got '" + value + "'";
          }
        } catch (NumberFormatException e) {
          return "must be a number, got '" + value + "'";
        }
        if (p.minimum().isPresent() && v < p.minimum().getAsDouble()) {
          return "must be at least " + format(p.minimum().getAsDouble()) + ", got " + value;
        }
        if (p.maximum().isPresent() && v > p.maximum().getAsDouble()) {
          return "must be at most " + format(p.maximum().getAsDouble()) + ", got " + value;
        }
      }
      case STRING -> {
        int n = value.codePointCount(0, value.length());
        if (p.minLength() >= 0 && n < p.minLength()) {
          return "must be at least " + p.minLength() + " characters, got " + n;
        }
        if (p.maxLength() >= 0 && n > p.maxLength()) {
          return "must be at most " + p.maxLength() + " characters, got " + n;
        }
        if (p.pattern().isPresent() && !compile(p.pattern().get()).matcher(value).matches()) {
          return "must match the pattern " + p.pattern().get() + ", got '" + value + "'";
        }
      }
    }
    return null;
  }

  private static String format(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "config_schema pattern '"
              + regex
              + "' is not a valid"
              + " regular expression: "
              + e.getDescription());
    }
  }

  /** The schema as a JSON-shaped map, for canonical writing. */
  Map<String, Object> toJsonMap() {
    Map<String, Object> props = new LinkedHashMap<>();
    for (Property p : properties.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", p.type().name().toLowerCase(Locale.ROOT));
      if (!p.enumValues().isEmpty()) {
        m.put("enum", p.enumValues());
      }
      p.minimum().ifPresent(v -> m.put("minimum", number(v)));
      p.maximum().ifPresent(v -> m.put("maximum", number(v)));
      if (p.minLength() >= 0) {
        m.put("minLength", p.minLength());
      }
      if (p.maxLength() >= 0) {
        m.put("maxLength", p.maxLength());
      }
      p.pattern().ifPresent(v -> m.put("pattern", v));
      if (!p.description().isEmpty()) {
        m.put("description", p.description());
      }
      props.put(p.name(), m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "object");
    out.put("properties", props);
    if (!required.isEmpty()) {
      out.put("required", required);
    }
    return out;
  }

  private static Object number(double v) {
    if (v != Math.rint(v) || Math.abs(v) > 1e15) {
      throw new IllegalArgumentException("config_schema minimum/maximum must be whole numbers");
    }
    return (long) v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigSchema s
        && s.properties.equals(properties)
        && s.required.equals(required);
  }

  @Override
  public int hashCode() {
    return properties.hashCode() * 31 + required.hashCode();
  }

  @Override
  public String toString() {
    return "ConfigSchema" + toJsonMap();
  }
}
