package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.host.SettingsLoader;
import dev.airlock.testing.HttpFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A static file server for index and artefacts, and the "nothing was stored" check. */
final class SourceFixtures {
  private SourceFixtures() {}

  /** Serves the files of {@code dir} on 127.0.0.1 (404 when absent; no directory escape). */
  static HttpFixture serve(Path dir) {
    return HttpFixture.start(
        Map.of(
            "/",
            x -> {
              String p = x.getRequestURI().getPath().substring(1);
              Path f = dir.resolve(p).normalize();
              if (p.isEmpty() || !f.startsWith(dir) || !Files.isRegularFile(f)) {
                x.sendResponseHeaders(404, -1);
                return;
              }
              byte[] b = Files.readAllBytes(f);
              x.sendResponseHeaders(200, b.length);
              x.getResponseBody().write(b);
            }),
        null);
  }

  static ServerFixture start(Path data, SourceOptions so, Map<String, String> env)
      throws Exception {
    return start(data, so, env, ServerOptions.DEFAULT_MAX_UPLOAD);
  }

  static ServerFixture start(Path data, SourceOptions so, Map<String, String> env, long maxBytes)
      throws Exception {
    return start(data, so, env, maxBytes, Optional.empty());
  }

  /** As above, on the database at {@code jdbc} (SQLite in {@code data} when empty). */
  static ServerFixture start(
      Path data, SourceOptions so, Map<String, String> env, long maxBytes, Optional<String> jdbc)
      throws Exception {
    var settings =
        SettingsLoader.load(
            Map.of("directory", data.resolve("plugins").toString()), env, Optional.empty());
    ServerOptions o =
        new ServerOptions(
            "127.0.0.1",
            0,
            data,
            jdbc,
            settings,
            Optional.of(ServerFixture.ADMIN),
            maxBytes,
            Duration.ofSeconds(3));
    return ServerFixture.wrap(AirlockServer.start(o, so), data);
  }

  /** What an install may change: blobs, plugins directory, catalog work files, staging, rows. */
  record Stored(TreeSet<String> files, List<String> ids) {}

  static Stored stored(ServerFixture s) throws Exception {
    TreeSet<String> files = new TreeSet<>();
    for (String d : List.of("blobs", "plugins", "catalog", "tmp")) {
      Path dir = s.data.resolve(d);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> w = Files.walk(dir)) {
        w.filter(Files::isRegularFile)
            .map(p -> s.data.relativize(p).toString())
            .filter(n -> !n.endsWith(".lock"))
            .forEach(files::add);
      }
    }
    List<String> ids = new java.util.ArrayList<>();
    s.get("/api/v1/plugins").json().get("items").forEach(i -> ids.add(i.get("id").asText()));
    return new Stored(files, ids);
  }

  /** Asserts a 422 refusal with exactly {@code message}, and that nothing changed. */
  static void refused(
      ServerFixture s, ServerFixture.Answer a, String error, String message, Stored before)
      throws Exception {
    assertThat(a.status()).as(a.text()).isEqualTo(422);
    assertThat(a.json().get("error").asText()).isEqualTo(error);
    assertThat(a.json().get("message").asText()).isEqualTo(message);
    assertThat(stored(s)).isEqualTo(before);
  }

  static String json(String... kv) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < kv.length; i += 2) {
      b.append(i == 0 ? "" : ",").append('"').append(kv[i]).append("\":\"");
      b.append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }

  /**
   * A {@code plugin.toml} for the wasm-format example module: a format handler whose hooks are
   * {@code format_key}, {@code parse_metadata}, {@code validate} and {@code generate_index}.
   */
  static String formatToml(String name, String version) {
    return "[plugin]\nname = \""
        + name
        + "\"\nversion = \""
        + version
        + "\"\ndescription = \"relays .wasm files\"\n"
        + "[format]\nkey = \"wasm\"\ndisplay_name = \"WebAssembly\"\n"
        + "[capabilities]\ngenerate_index = true\n";
  }

  static byte[] read(Path p) throws IOException {
    return Files.readAllBytes(p);
  }
}
