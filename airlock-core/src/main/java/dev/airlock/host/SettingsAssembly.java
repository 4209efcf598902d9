package dev.airlock.host;

import dev.airlock.host.SettingsCatalog.Def;
import dev.airlock.host.SettingsLoader.Resolved;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.LogLine;
import dev.airlock.trust.TrustException;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns resolved values into {@link Settings}: the kill switch, the trust root (loaded here, so a
 * bad one is reported with where it was set), signature policy, limits (a default above its
 * maximum), providers.
 */
final class SettingsAssembly {
  private SettingsAssembly() {}

  static Settings assemble(
      Map<String, Resolved> v, SettingsFile.Content content, Optional<Path> file)
      throws SettingsException, IOException {
    boolean enabled = (Boolean) v.get(SettingsCatalog.ENABLED).value();
    if (!enabled) {
      // A host that loads nothing does not watch either.
      v.put(
          SettingsCatalog.HOT_RELOAD, new Resolved(false, v.get(SettingsCatalog.ENABLED).origin()));
    }
    Optional<TrustRoot> trust = trustRoot(v.get(SettingsCatalog.TRUST_ROOT));
    boolean require = requireSignature(v, trust.isPresent());
    cap(v, "memory", "max_memory");
    cap(v, "timeout", "max_timeout");
    cap(v, "cpu_time", "max_cpu_time");
    Set<String> sources =
        ((Set<?>) v.get(SettingsCatalog.ALLOWED_SOURCES).value())
            .stream().map(String.class::cast).collect(Collectors.toSet());
    HostSettings host =
        new HostSettings(
            (Path) value(v, SettingsCatalog.DIRECTORY),
            trust,
            require,
            sources,
            limits(v, "memory", "timeout", "cpu_time"),
            limits(v, "max_memory", "max_timeout", "max_cpu_time"),
            (Isolation) value(v, "isolation"),
            (Boolean) value(v, "enable_new_plugins"),
            (Boolean) value(v, SettingsCatalog.HOT_RELOAD),
            (Duration) value(v, "debounce"),
            (Boolean) value(v, "allow_downgrade"),
            (Boolean) value(v, "allow_network"),
            (Boolean) value(v, "allow_files"),
            (Boolean) value(v, "allow_env"),
            (LogLine.Level) value(v, "log_level"),
            ((Optional<?>) value(v, "compile_cache")).map(Path.class::cast),
            ((List<?>) value(v, "order")).stream().map(String.class::cast).toList(),
            (int) (long) (Long) value(v, "max_wasm_size"));
    List<SettingsProvider> providers =
        SettingsProviders.parse(content, sources, v.get(SettingsCatalog.ALLOWED_SOURCES).origin());
    List<Settings.Entry> entries = new ArrayList<>();
    for (Def d : SettingsCatalog.ALL) {
      Resolved r = v.get(d.key());
      entries.add(new Settings.Entry(d.key(), SettingsText.format(d, r.value()), r.origin()));
    }
    return new Settings(host, enabled, providers, entries, file);
  }

  private static Object value(Map<String, Resolved> v, String key) {
    return v.get(key).value();
  }

  private static Optional<TrustRoot> trustRoot(Resolved r) throws SettingsException {
    Optional<?> given = (Optional<?>) r.value();
    if (given.isEmpty()) {
      return Optional.empty();
    }
    Path dir = (Path) given.get();
    String problem;
    try {
      return Optional.of(TrustRoot.load(dir));
    } catch (TrustException e) {
      problem = e.getMessage();
    } catch (NoSuchFileException e) {
      problem = "trust root " + dir + " does not exist";
    } catch (IOException e) {
      problem = "cannot read the trust root " + dir + ": " + e.getMessage();
    }
    throw new SettingsException(
        SettingsText.label(r.origin()) + ": " + problem,
        r.origin(),
        SettingsCatalog.TRUST_ROOT,
        "a directory of trusted public keys",
        dir.toString());
  }

  private static boolean requireSignature(Map<String, Resolved> v, boolean trusted)
      throws SettingsException {
    Resolved r = v.get(SettingsCatalog.REQUIRE_SIGNATURE);
    Optional<?> given = (Optional<?>) r.value();
    boolean require = given.map(Boolean.class::cast).orElse(trusted);
    SettingsOrigin origin =
        given.isPresent()
            ? r.origin()
            : new SettingsOrigin(SettingsOrigin.Kind.DEFAULT, trusted ? "trust_root is set" : "");
    v.put(SettingsCatalog.REQUIRE_SIGNATURE, new Resolved(require, origin));
    if (require && !trusted) {
      throw new SettingsException(
          "signatures are required ("
              + origin
              + ") but no trust root is set; give one with --trust-root, PLUGIN_TRUSTED_KEYS or"
              + " plugins.trust_root, or stop requiring signatures",
          origin,
          SettingsCatalog.REQUIRE_SIGNATURE,
          "a trust root",
          null);
    }
    return require;
  }

  /**
   * A default above its maximum: a built-in default is lowered to the maximum; one that was set is
   * an error, since one of the two values is not what the operator meant.
   */
  private static void cap(Map<String, Resolved> v, String key, String maxKey)
      throws SettingsException {
    Resolved d = v.get(key);
    Resolved m = v.get(maxKey);
    int c =
        d.value() instanceof Duration a
            ? a.compareTo((Duration) m.value())
            : Integer.compare(
                SettingsText.pages((Long) d.value()), SettingsText.pages((Long) m.value()));
    if (c <= 0) {
      return;
    }
    if (d.origin().kind() == SettingsOrigin.Kind.DEFAULT) {
      v.put(
          key,
          new Resolved(
              m.value(), new SettingsOrigin(SettingsOrigin.Kind.DEFAULT, "capped by " + maxKey)));
      return;
    }
    Def def = SettingsCatalog.BY_KEY.get(key);
    String dv = SettingsText.format(def, d.value());
    String mv = SettingsText.format(SettingsCatalog.BY_KEY.get(maxKey), m.value());
    throw new SettingsException(
        String.format(
            java.util.Locale.ROOT,
            "%s %s (%s) is above %s %s (%s); lower %s or raise %s",
            key,
            dv,
            d.origin(),
            maxKey,
            mv,
            m.origin(),
            key,
            maxKey),
        d.origin(),
        key,
        "at most " + mv,
        dv);
  }

  private static Limits limits(Map<String, Resolved> v, String memory, String timeout, String cpu) {
    return Limits.builder()
        .maxMemoryPages(SettingsText.pages((Long) value(v, memory)))
        .timeout((Duration) value(v, timeout))
        .cpuTime((Duration) value(v, cpu))
        .maxKvValueBytes((int) (long) (Long) value(v, "kv_value_size"))
        .maxKvKeys((int) (long) (Long) value(v, "kv_keys"))
        .maxKvTotalBytes((Long) value(v, "kv_total_size"))
        .build();
  }
}
