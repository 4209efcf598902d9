package dev.airlock.cli;

import dev.airlock.host.Settings;
import dev.airlock.host.SettingsProvider;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock config}: the host's settings. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Host settings: see where each comes from.",
    subcommands = {ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock config show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Print the effective host settings and where each came from: a flag, an environment"
            + " variable (env VAR), the settings file (file F:key) or the default.",
        "Precedence: flags > environment > file > defaults. Takes the flags of 'airlock host'."
      })
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin HostCommand.Flags flags;

    @Option(names = "--json", description = "Print the settings as JSON.")
    boolean json;

    /** The environment settings are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
      Settings s = flags.load(environment);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, json(s));
        return ExitCodes.OK;
      }
      int width = 0;
      for (Settings.Entry e : s.entries()) {
        width = Math.max(width, Math.min(40, shown(e).length()));
      }
      out.println("settings file: " + s.file().map(Object::toString).orElse("(none)"));
      for (Settings.Entry e : s.entries()) {
        out.println(
            String.format(
                Locale.ROOT, "%-20s %-" + width + "s  (%s)", e.key(), shown(e), e.origin()));
      }
      if (!s.pluginsEnabled()) {
        out.println(
            "plugins are switched off ("
                + s.origin("enabled")
                + "): 'airlock host' starts"
                + " no host");
      }
      out.println("providers:" + (s.providers().isEmpty() ? " (none)" : ""));
      for (SettingsProvider p : s.providers()) {
        out.println(
            "  "
                + p.name()
                + "  "
                + p.file().map(Object::toString).orElse(p.reference())
                + (p.config().isEmpty() ? "" : "  config " + new TreeMap<>(p.config())));
      }
      return ExitCodes.OK;
    }

    private static String shown(Settings.Entry e) {
      return e.value().isEmpty() ? "(none)" : e.value();
    }

    private static Map<String, Object> json(Settings s) {
      Map<String, Object> settings = new LinkedHashMap<>();
      for (Settings.Entry e : s.entries()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("value", e.value().isEmpty() ? null : e.value());
        one.put("origin", e.origin().toString());
        one.put("layer", e.origin().kind().name().toLowerCase(Locale.ROOT));
        settings.put(e.key(), one);
      }
      List<Map<String, Object>> providers =
          s.providers().stream()
              .map(
                  p -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("name", p.name());
                    one.put("path", p.reference());
                    one.put("source", p.source());
                    one.put("file", p.file().map(Object::toString).orElse(null));
                    one.put("config", new TreeMap<>(p.config()));
                    return one;
                  })
              .toList();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", s.file().map(Object::toString).orElse(null));
      r.put("plugins_enabled", s.pluginsEnabled());
      r.put("settings", settings);
      r.put("providers", providers);
      return r;
    }
  }
}
