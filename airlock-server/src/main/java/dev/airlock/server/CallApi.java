package dev.airlock.server;

import dev.airlock.contract.ContractException;
import dev.airlock.contract.ContractRun;
import dev.airlock.host.HostException;
import dev.airlock.host.HostSettings;
import dev.airlock.host.PluginHost;
import dev.airlock.host.PluginInfo;
import dev.airlock.host.PluginLog;
import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.LogLine;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import dev.airlock.runtime.PluginOptions;
import dev.airlock.runtime.PluginTimeoutException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Calling plugins: invoke a hook, run a contract test, read logs and events. */
final class CallApi {
  private final PluginHost host;
  private final Database db;
  private final Lifecycle lifecycle;
  private final PluginDirectory directory;
  private final Verification verification;
  private final ServerMetrics metrics;

  CallApi(
      PluginHost host,
      Database db,
      Lifecycle lifecycle,
      PluginDirectory directory,
      Verification verification,
      ServerMetrics metrics) {
    this.host = host;
    this.db = db;
    this.lifecycle = lifecycle;
    this.directory = directory;
    this.verification = verification;
    this.metrics = metrics;
  }

  /** {@code POST /plugins/{id}/invoke/{hook}}, served by {@link DirectRoutes}. */
  void invoke(HttpServletRequest req, HttpServletResponse res, List<String> params) {
    String id = Ids.plugin(params.get(0));
    String hook = Ids.hook(params.get(1));
    byte[] input = body(req);
    long t0 = System.nanoTime();
    try {
      CallResult r = host.call(id, hook, input);
      metrics.call(id, hook, ServerMetrics.Outcome.OK, System.nanoTime() - t0);
      write(res, r.output());
    } catch (HostException e) {
      throw HostErrors.map(e);
    } catch (PluginTimeoutException e) {
      metrics.call(id, hook, ServerMetrics.Outcome.TIMEOUT, System.nanoTime() - t0);
      throw failed(504, "plugin_timeout", e);
    } catch (PluginException e) {
      metrics.call(id, hook, ServerMetrics.Outcome.ERROR, System.nanoTime() - t0);
      throw failed(502, "plugin_failed", e);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(
          409, "wrong_state", "plugin '" + id + "' was unloaded: " + e.getMessage());
    }
  }

  /** The largest invoke body: as large as the plugin input cap allows, never more. */
  static final int MAX_INPUT = 4 * 1024 * 1024;

  /**
   * Reads the body straight into an array of its declared length (no copies through a buffer); a
   * body without a length is read up to one byte past the limit.
   */
  private static byte[] body(HttpServletRequest req) {
    long declared = req.getContentLengthLong();
    if (declared > MAX_INPUT) {
      throw tooLarge(Long.toString(declared));
    }
    try {
      if (declared < 0) {
        byte[] b = req.getInputStream().readNBytes(MAX_INPUT + 1);
        if (b.length > MAX_INPUT) {
          throw tooLarge("over " + MAX_INPUT);
        }
        return b;
      }
      byte[] b = req.getInputStream().readNBytes((int) declared);
      if (b.length != declared) {
        throw ApiException.badRequest(
            "the body ended after " + b.length + " of " + declared + " declared bytes");
      }
      return b;
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
    }
  }

  private static ApiException tooLarge(String size) {
    return new ApiException(
        413,
        "payload_too_large",
        "the input is " + size + " bytes, over the limit of " + MAX_INPUT + " bytes");
  }

  /** Writes the output directly (no result stream copy). */
  private static void write(HttpServletResponse res, byte[] out) {
    res.setStatus(200);
    res.setContentType("application/octet-stream");
    res.setContentLength(out.length);
    try {
      res.getOutputStream().write(out);
    } catch (java.io.IOException e) {
      // the client went away; nothing to answer
    }
  }

  private static ApiException failed(int status, String error, PluginException e) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", e.getClass().getSimpleName());
    details.put("logs", e.logs().stream().map(l -> l.level() + " " + l.message()).toList());
    return new ApiException(status, error, e.getMessage(), details);
  }

  /** Runs the plugin's contracts on the request body, as {@code airlock test} does. */
  void test(Context ctx) throws Exception {
    String id = Ids.plugin(ctx.pathParam("id"));
    PluginRecords.Installed r = lifecycle.record(id);
    PluginInfo info =
        host.plugin(id)
            .orElseThrow(() -> ApiException.notFound("plugin '" + id + "' is not loaded"));
    String path = ctx.queryParamAsClass("path", String.class).getOrDefault("sample");
    byte[] sample = ctx.bodyAsBytes();
    HostSettings s = host.settings();
    var va =
        verification.verify(
            new Staged(
                directory.dir().resolve(r.fileName()),
                r.signatureFileName().map(n -> directory.dir().resolve(n)).orElse(null),
                r.source()));
    try (Engine engine =
            Engine.builder()
                .defaultLimits(s.defaultLimits())
                .maximumLimits(s.maximumLimits())
                .logLevel(s.logLevel())
                .build();
        Plugin p = engine.load(va, PluginOptions.builder().config(info.config()).build())) {
      ContractRun run = ContractRun.run(p, sample, path);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("plugin", id);
      m.put("version", r.version());
      m.put("passed", run.passed());
      m.put("format_key", run.formatKey().orElse(null));
      m.put(
          "steps",
          run.steps().stream()
              .map(
                  st ->
                      Map.<String, Object>of(
                          "hook", st.hook(), "value", st.value(), "failures", st.failures()))
              .toList());
      ctx.json(m);
    } catch (IllegalArgumentException | ContractException e) {
      throw ApiException.unprocessable("contract_test_failed", e.getMessage());
    }
  }

  void logs(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    lifecycle.record(id);
    LogLine.Level min = level(ctx.queryParam("level"));
    Instant since = since(ctx.queryParam("since"));
    int limit = limit(ctx.queryParam("limit"));
    List<PluginLog> all =
        host.logs(id).stream()
            .filter(l -> l.line().level().compareTo(min) >= 0)
            .filter(l -> since == null || !l.time().isBefore(since))
            .toList();
    List<Map<String, Object>> items =
        all.subList(Math.max(0, all.size() - limit), all.size()).stream().map(Json::log).toList();
    ctx.json(Map.of("items", items));
  }

  void events(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    int limit = limit(ctx.queryParam("limit"));
    var items =
        db.transaction(c -> PluginRecords.events(c, id, limit)).stream()
            .map(
                e ->
                    Map.<String, Object>of(
                        "time",
                        Instant.ofEpochMilli(e.at()).toString(),
                        "plugin",
                        id,
                        "type",
                        e.type().toLowerCase(Locale.ROOT),
                        "message",
                        e.message()))
            .toList();
    ctx.json(Map.of("items", items));
  }

  private static LogLine.Level level(String text) {
    if (text == null) {
      return LogLine.Level.values()[0];
    }
    try {
      return LogLine.Level.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "level " + Ids.show(text) + " is not valid: expected trace, debug, info, warn or error");
    }
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "since "
              + Ids.show(text)
              + " is not valid: expected an ISO-8601 instant such as"
              + " 2026-01-01T00:00:00Z");
    }
  }

  static int limit(String text) {
    if (text == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.badRequest("limit " + Ids.show(text) + " is not valid: expected 1-1000");
  }
}
