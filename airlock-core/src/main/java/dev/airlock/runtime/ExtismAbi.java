package dev.airlock.runtime;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Extism's ABI, implemented in Java: the {@code extism:host/env} imports current plugin kits use
 * (input, block memory, output, error, config, vars, logging, HTTP), over a per-call {@link
 * ExtismKernel}. Exports are {@code () -> i32}; non-zero means failure.
 */
final class ExtismAbi implements AbiBinding {
  static final String MODULE = "extism:host/env";
  private static final FunctionType EXPORT = FunctionType.of(List.of(), List.of(I32));

  static final String USER_MODULE = "extism:host/user";

  /** A host application's function and its arity (all parameters and results are i64). */
  record UserFunction(String name, int params, int results, ExtismHostFunction function) {}

  private final HttpGateway http;
  private final List<UserFunction> userFunctions;

  ExtismAbi(HttpGateway http, List<UserFunction> userFunctions) {
    this.http = http;
    this.userFunctions = List.copyOf(userFunctions);
  }

  @Override
  public String importModule() {
    return MODULE;
  }

  @Override
  public Map<String, FunctionType> requiredExports() {
    return Map.of();
  }

  @Override
  public List<FunctionType> hookTypes() {
    return List.of(EXPORT);
  }

  @Override
  public List<HostFunction> hostFunctions(InstanceSlot s) {
    List<HostFunction> f = new ArrayList<>(ExtismDataFunction.all(s));
    f.add(
        fn(
            s,
            "output_set",
            List.of(I64, I64),
            List.of(),
            (i, a) -> {
              CallState c = s.call();
              if (a[1] > c.plugin.limits.maxOutputBytes()) {
                throw new AbiViolation(
                    "output of "
                        + a[1]
                        + " bytes is over the cap of "
                        + c.plugin.limits.maxOutputBytes()
                        + " bytes",
                    c.plugin.limits.maxOutputBytes(),
                    a[1]);
              }
              c.output = c.kernel().read(a[0], a[1], "output_set");
              return null;
            }));
    f.add(
        fn(
            s,
            "error_set",
            List.of(I64),
            List.of(),
            (i, a) -> {
              CallState c = s.call();
              c.error = a[0] == 0 ? null : text(c.kernel().block(a[0], "error_set"));
              return null;
            }));
    f.add(
        fn(
            s,
            "error_get",
            List.of(),
            List.of(I64),
            (i, a) -> {
              CallState c = s.call();
              return one(
                  c.error == null ? 0 : c.kernel().store(c.error.getBytes(StandardCharsets.UTF_8)));
            }));
    f.add(
        fn(
            s,
            "config_get",
            List.of(I64),
            List.of(I64),
            (i, a) -> {
              CallState c = s.call();
              String v = c.plugin.config().get(text(c.kernel().block(a[0], "config_get key")));
              return one(v == null ? 0 : c.kernel().store(v.getBytes(StandardCharsets.UTF_8)));
            }));
    f.add(
        fn(
            s,
            "var_get",
            List.of(I64),
            List.of(I64),
            (i, a) -> {
              CallState c = s.call();
              byte[] v = c.plugin.vars.get(c.kernel().block(a[0], "var_get key"));
              return one(v == null ? 0 : c.kernel().store(v));
            }));
    f.add(
        fn(
            s,
            "var_set",
            List.of(I64, I64),
            List.of(),
            (i, a) -> {
              CallState c = s.call();
              byte[] key = c.kernel().block(a[0], "var_set key");
              if (a[1] == 0) {
                c.plugin.vars.delete(key);
              } else if (!c.plugin.vars.set(key, c.kernel().block(a[1], "var_set value"))) {
                throw new AbiViolation(
                    "var_set refused: the plugin's vars are over their cap",
                    c.plugin.limits.maxKvTotalBytes(),
                    c.kernel().length(a[1]));
              }
              return null;
            }));
    LogLine.Level[] levels = LogLine.Level.values();
    for (LogLine.Level level : levels) {
      String name = "log_" + level.name().toLowerCase(java.util.Locale.ROOT);
      f.add(
          fn(
              s,
              name,
              List.of(I64),
              List.of(),
              (i, a) -> {
                CallState c = s.call();
                byte[] msg = c.kernel().block(a[0], name);
                if (level.compareTo(c.plugin.logLevel) >= 0) {
                  c.logs.add(level, msg);
                }
                return null;
              }));
    }
    f.add(
        fn(
            s,
            "get_log_level",
            List.of(),
            List.of(I32),
            (i, a) -> one(s.call().plugin.logLevel.ordinal())));
    f.add(
        fn(
            s,
            "http_request",
            List.of(I64, I64),
            List.of(I64),
            (i, a) -> {
              CallState c = s.call();
              byte[] request = c.kernel().block(a[0], "http_request");
              byte[] body = a[1] == 0 ? new byte[0] : c.kernel().block(a[1], "http_request body");
              HttpGateway.Response r = http.send(c, request, body);
              c.httpStatus = r.status();
              c.httpHeaders = r.headersJson();
              return one(r.body().length == 0 ? 0 : c.kernel().store(r.body()));
            }));
    f.add(fn(s, "http_status_code", List.of(), List.of(I32), (i, a) -> one(s.call().httpStatus)));
    for (UserFunction u : userFunctions) {
      f.add(
          new HostFunction(
              USER_MODULE,
              u.name(),
              FunctionType.of(
                  java.util.Collections.nCopies(u.params(), I64),
                  java.util.Collections.nCopies(u.results(), I64)),
              (i, a) -> {
                long[] r;
                try {
                  r = u.function().call(s.call().kernel(), a);
                } catch (IllegalArgumentException e) {
                  throw new AbiViolation("host function " + u.name() + ": " + e.getMessage());
                }
                if ((r == null ? 0 : r.length) != u.results()) {
                  throw new IllegalStateException(
                      "host function "
                          + u.name()
                          + " returned "
                          + (r == null ? 0 : r.length)
                          + " results, declared "
                          + u.results());
                }
                return u.results() == 0 ? null : r;
              }));
    }
    f.add(
        fn(
            s,
            "http_headers",
            List.of(),
            List.of(I64),
            (i, a) -> {
              CallState c = s.call();
              return one(c.httpHeaders == null ? 0 : c.kernel().store(c.httpHeaders));
            }));
    return f;
  }

  @Override
  public byte[] invoke(Instance instance, CallState call) throws PluginErrorException {
    call.mark(2);
    int rc = (int) instance.export(call.hook).apply()[0];
    call.mark(3);
    if (rc != 0) {
      throw new PluginErrorException(
          call.plugin.name,
          call.hook,
          rc,
          call.error != null
              ? call.error
              : "plugin '" + call.plugin.name + "' hook '" + call.hook + "' returned " + rc);
    }
    return call.output == null ? new byte[0] : call.output;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static long[] one(long v) {
    return new long[] {v};
  }

  private static HostFunction fn(
      InstanceSlot slot,
      String name,
      List<ValType> params,
      List<ValType> results,
      WasmFunctionHandle handle) {
    return ExtismDataFunction.of(slot, name, params, results, handle);
  }
}
