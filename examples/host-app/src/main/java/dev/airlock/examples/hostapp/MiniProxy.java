package dev.airlock.examples.hostapp;

import dev.airlock.host.PluginHost;
import dev.airlock.host.PluginInfo;
import dev.airlock.host.PluginStatus;
import dev.airlock.trust.TrustRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A database proxy in miniature: every query goes through the {@code pre_query} hook of each
 * enabled plugin in the plugins directory, and the first plugin that answers blocks it. Drop,
 * replace or remove plugin files while it runs; the host reloads them.
 *
 * <p>This is all the code a host application needs: build a host, start it, call hooks.
 */
public final class MiniProxy implements AutoCloseable {
  private final PluginHost host;

  /**
   * Starts a proxy serving the plugins in {@code plugins}, signed by a key in {@code trust}.
   *
   * @param plugins the plugins directory
   * @param trust the trust-root directory
   * @throws Exception when the directory or trust root cannot be read
   */
  public MiniProxy(Path plugins, Path trust) throws Exception {
    host = PluginHost.builder().pluginsDirectory(plugins).trustRoot(TrustRoot.load(trust)).build();
    host.addListener(event -> System.out.println("[airlock] " + event));
    host.start();
  }

  /**
   * Asks every enabled plugin's {@code pre_query} about a query.
   *
   * @param queryJson the query context as JSON
   * @return the first plugin's answer (e.g. a block), or empty when every plugin lets it pass
   * @throws Exception when a plugin fails; a real proxy decides whether that blocks
   */
  public String preQuery(String queryJson) throws Exception {
    for (PluginInfo p : host.plugins()) {
      boolean hasHook = p.manifest().map(m -> m.hooks().contains("pre_query")).orElse(false);
      if (p.status() == PluginStatus.ENABLED && hasHook) {
        byte[] out =
            host.call(p.name(), "pre_query", queryJson.getBytes(StandardCharsets.UTF_8)).output();
        if (out.length > 0) {
          return new String(out, StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  /**
   * Runs the proxy on stdin: one JSON query context per line, the verdict printed for each.
   *
   * @param args the plugins directory and the trust-root directory
   * @throws Exception when the proxy cannot start
   */
  public static void main(String[] args) throws Exception {
    try (MiniProxy proxy = new MiniProxy(Path.of(args[0]), Path.of(args[1]));
        var in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String verdict = proxy.preQuery(line);
        System.out.println(verdict.isEmpty() ? "continue" : verdict);
      }
    }
  }

  @Override
  public void close() {
    host.close();
  }
}
