package dev.airlock.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Sigstore instance over real HTTP, for tests: {@code @sigstore/mock}'s Fulcio CA (with its
 * CT log) and Rekor log served by our {@code mock-servers.js} on 127.0.0.1 and ephemeral ports, so
 * a keyless signer talks to them with real requests. Keys are fresh on every start; {@link
 * #trustedRoot()} is the matching {@code trusted_root.json}.
 *
 * <p>It is a fake: the mock Fulcio reads the identity token's claims without checking a signature
 * (see {@link #unsignedToken}) and does not check proof of possession. Closing it stops the node
 * process (which also exits when its stdin closes, so a crashed JVM leaves nothing running).
 */
public final class MockSigstoreServers implements AutoCloseable {
  /** The OIDC issuer of {@link #githubToken}. */
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

  private final Process process;
  private final String fulcio;
  private final String rekor;
  private final Path trustedRoot;

  private MockSigstoreServers(Process process, Map<String, String> fields) {
    this.process = process;
    this.fulcio = fields.get("fulcio");
    this.rekor = fields.get("rekor");
    this.trustedRoot = Path.of(fields.get("trustedRoot"));
  }

  /**
   * Installs the pinned npm packages (once) and starts the servers.
   *
   * @param outDir where trusted_root.json is written
   * @return the running servers
   * @throws Exception when npm or node fails, or the servers do not report their ports in 60 s
   */
  public static MockSigstoreServers start(Path outDir) throws Exception {
    NpmMockSigstore.install();
    Path log = Files.createTempFile("mock-sigstore", ".log");
    Process p =
        new ProcessBuilder("node", "mock-servers.js", outDir.toAbsolutePath().toString())
            .directory(NpmMockSigstore.WORK.toFile())
            .redirectError(log.toFile())
            .start();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (line == null) {
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "mock-servers.js exited before listening: " + Files.readString(log));
      }
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) {
        fields.put(m.group(1), m.group(2));
      }
      if (!fields.keySet().containsAll(java.util.List.of("fulcio", "rekor", "trustedRoot"))) {
        throw new IllegalStateException("mock-servers.js printed " + line);
      }
      return new MockSigstoreServers(p, fields);
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * The Fulcio base URL.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public String fulcioUrl() {
    return fulcio;
  }

  /**
   * The Rekor base URL.
   *
   * @return e.g. {@code http://127.0.0.1:41235}
   */
  public String rekorUrl() {
    return rekor;
  }

  /**
   * The trusted root naming this instance's CA, CT log and Rekor keys.
   *
   * @return the trusted_root.json path
   */
  public Path trustedRoot() {
    return trustedRoot;
  }

  /**
   * An unsigned JWT ({@code alg: none}) with these claims, which the mock Fulcio accepts as is.
   *
   * @param claims the claims (values are strings or numbers)
   * @return the compact JWT
   */
  public static String unsignedToken(Map<String, Object> claims) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(e.getKey()).append("\":");
      json.append(e.getValue() instanceof Number ? e.getValue() : "\"" + e.getValue() + "\"");
    }
    json.append('}');
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  /**
   * A GitHub Actions style token for {@code owner/repo}'s {@code release.yml} on main.
   *
   * @param repository {@code owner/repo}
   * @return the compact JWT
   */
  public static String githubToken(String repository) {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", GITHUB_ISSUER);
    c.put("sub", githubSubject(repository));
    c.put("aud", "sigstore");
    c.put("iat", now);
    c.put("exp", now + 600);
    c.put("repository", repository);
    c.put("ref", "refs/heads/main");
    c.put("sha", "a".repeat(40));
    c.put("workflow", "release");
    c.put("event_name", "push");
    return unsignedToken(c);
  }

  /**
   * The certificate SAN the mock Fulcio writes for {@link #githubToken}.
   *
   * @param repository {@code owner/repo}
   * @return the workflow URL
   */
  public static String githubSubject(String repository) {
    return "https://github.com/" + repository + "/.github/workflows/release.yml@refs/heads/main";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
