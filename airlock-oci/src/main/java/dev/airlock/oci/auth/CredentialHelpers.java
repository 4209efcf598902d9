package dev.airlock.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs Docker credential helpers: {@code docker-credential-<name> get} with the server URL on
 * stdin, answering {@code {"ServerURL","Username","Secret"}} on stdout.
 */
public final class CredentialHelpers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final int MAX_OUTPUT = 64 * 1024;

  private final String path;

  private CredentialHelpers(String path) {
    this.path = path;
  }

  /**
   * Helpers found on the given {@code PATH}.
   *
   * @param env the environment (its {@code PATH})
   * @return the runner
   */
  public static CredentialHelpers onPath(Map<String, String> env) {
    return new CredentialHelpers(env.getOrDefault("PATH", ""));
  }

  /**
   * Asks a helper for credentials.
   *
   * @param name the helper name ({@code desktop} runs {@code docker-credential-desktop})
   * @param serverUrl what to ask for
   * @return the credentials, or empty when the helper has none
   * @throws IOException when the helper is missing, fails or answers nonsense
   */
  public Optional<Credentials> get(String name, String serverUrl) throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new IOException("credential helper name '" + name + "' is not a plain program name");
    }
    Path program = find("docker-credential-" + name);
    Process p = new ProcessBuilder(program.toString(), "get").redirectErrorStream(false).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the helper exited without reading its input; its exit code and output say why
    }
    byte[] out;
    try (InputStream o = p.getInputStream()) {
      out = o.readNBytes(MAX_OUTPUT);
    }
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(program + " get did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + program, e);
    }
    String text = new String(out, StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
        return Optional.empty();
      }
      throw new IOException(
          program + " get failed (exit " + p.exitValue() + "): " + firstLine(text));
    }
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new IOException(program + " get answered something that is not JSON", e);
    }
    String user = n == null ? "" : n.path("Username").asText("");
    String secret = n == null ? "" : n.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(user, secret));
  }

  private Path find(String program) throws IOException {
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IOException(
        "credential helper "
            + program
            + " is not on PATH; install it or remove it from config.json");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
