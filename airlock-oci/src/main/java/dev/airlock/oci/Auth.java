package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.auth.Challenge;
import dev.airlock.oci.auth.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry authentication: answers {@code WWW-Authenticate} challenges (Basic, Bearer), caches
 * tokens per host and scope until they expire, and never sends a registry's credentials to another
 * host.
 */
final class Auth {
  private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;

  /** The user name Docker's config.json implies for an identity token. */
  static final String IDENTITY_TOKEN_USER = "<token>";

  private record Token(String header, Instant expires) {}

  private final RegistryConfig config;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Boolean> basicHosts = new ConcurrentHashMap<>();
  private final Map<String, String> notes = new ConcurrentHashMap<>();

  Auth(RegistryConfig config) {
    this.config = config;
  }

  /** The Authorization value to send first, from the token cache or a known Basic host. */
  Optional<String> header(Repository repo, List<String> scopes) throws OciException {
    Token t = tokens.get(key(repo, scopes));
    if (t != null && t.expires.isAfter(config.clock().instant())) {
      return Optional.of(t.header);
    }
    if (basicHosts.containsKey(repo.apiHost())) {
      return credentials(repo).map(Credentials::basicHeader);
    }
    return Optional.empty();
  }

  /** A note for a 401 message (e.g. credentials withheld from a realm on another host). */
  String note(Repository repo) {
    return notes.getOrDefault(repo.apiHost(), "");
  }

  /**
   * Answers a challenge; afterwards {@link #header} gives what to send.
   *
   * @return true when something new can be tried
   */
  boolean authenticate(
      Repository repo, List<Challenge> challenges, List<String> scopes, Transport transport)
      throws OciException {
    Optional<Challenge> bearer =
        challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
    if (bearer.isPresent()) {
      tokens.put(key(repo, scopes), token(repo, bearer.get(), scopes, transport));
      return true;
    }
    if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
      if (credentials(repo).isEmpty()) {
        throw new OciException(
            OciException.Kind.UNAUTHORIZED,
            "registry "
                + repo.registry()
                + " asks for a user name and password and none are stored; run 'airlock registry"
                + " login "
                + repo.registry()
                + "'");
      }
      // Retry with the stored credentials; Transport retries a call once, so wrong credentials
      // still end in a refusal. Not "only the first time": a call sent concurrently, before
      // another marked the host, must get its retry too.
      basicHosts.put(repo.apiHost(), true);
      return true;
    }
    return false;
  }

  private Token token(Repository repo, Challenge c, List<String> scopes, Transport transport)
      throws OciException {
    String realm =
        c.param("realm")
            .orElseThrow(
                () ->
                    new OciException(
                        OciException.Kind.PROTOCOL,
                        "registry "
                            + repo.registry()
                            + " sent a Bearer challenge without a realm"));
    URI uri;
    try {
      uri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new OciException(
          OciException.Kind.PROTOCOL, "token realm '" + realm + "' is not a URL", null, null, e);
    }
    String realmHost = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean http = "http".equalsIgnoreCase(uri.getScheme());
    if (!https && !(http && config.httpAllowed(hostPort(uri)))) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "token realm "
              + realm
              + " of registry "
              + repo.registry()
              + " is not https; plain http is allowed only for loopback and listed insecure hosts");
    }
    StringBuilder q = new StringBuilder();
    c.param("service").ifPresent(s -> q.append("service=").append(enc(s)));
    TreeSet<String> all = new TreeSet<>(scopes);
    for (String s : all) {
      q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
    }
    Optional<Credentials> creds = credentials(repo);
    boolean sameSite = sameSite(repo.hostName(), realmHost);
    if (creds.isPresent() && !sameSite) {
      notes.put(
          repo.apiHost(),
          "; the credentials for "
              + repo.registry()
              + " were not sent to the token realm "
              + realmHost
              + " because it is another host");
      creds = Optional.empty();
    }
    HttpRequest.Builder rb;
    if (creds.isPresent() && creds.get().username().equals(IDENTITY_TOKEN_USER)) {
      // An identity token (config.json "identitytoken") is an OAuth2 refresh token: POST it.
      String form =
          q
              + "&grant_type=refresh_token&client_id=airlock&refresh_token="
              + enc(creds.get().secret());
      rb =
          HttpRequest.newBuilder(uri)
              .timeout(config.timeout())
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      URI target = URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
      rb = HttpRequest.newBuilder(target).timeout(config.timeout()).GET();
      creds.ifPresent(cr -> rb.header("Authorization", cr.basicHeader()));
    }
    HttpClient client = transport.clientFor(hostPort(uri));
    HttpResponse<InputStream> r;
    byte[] body;
    try {
      r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_TOKEN_RESPONSE + 1);
      }
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.NETWORK,
          "could not reach token realm " + realm + ": " + e.getMessage(),
          null,
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException(OciException.Kind.NETWORK, "interrupted", null, null, e);
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new OciException(
          OciException.Kind.UNAUTHORIZED,
          "token realm "
              + realm
              + " refused "
              + (creds.isPresent() ? "the credentials" : "an anonymous request")
              + " for "
              + String.join(" ", all)
              + " ("
              + r.statusCode()
              + "); run 'airlock registry login "
              + repo.registry()
              + "'"
              + note(repo));
    }
    if (r.statusCode() != 200 || body.length > MAX_TOKEN_RESPONSE) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "token realm " + realm + " answered " + r.statusCode() + " without a usable token");
    }
    JsonNode n = Json.object(body, "token response from " + realm);
    String token = n.path("token").asText(n.path("access_token").asText(""));
    if (token.isBlank()) {
      throw new OciException(
          OciException.Kind.PROTOCOL, "token response from " + realm + " holds no token");
    }
    long expiresIn = Math.max(60, n.path("expires_in").asLong(60));
    Instant now = config.clock().instant();
    return new Token("Bearer " + token, now.plusSeconds(expiresIn - 10));
  }

  Optional<Credentials> credentials(Repository repo) throws OciException {
    try {
      return config.credentials().find(repo.registry());
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.UNAUTHORIZED,
          "could not read credentials for " + repo.registry() + ": " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  /** Same host name, or two DNS names under the same parent domain (auth.x.io, registry.x.io). */
  static boolean sameSite(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.matches("[0-9.]+|.*:.*") || b.matches("[0-9.]+|.*:.*")) {
      return false;
    }
    return parent(a).equals(parent(b)) && parent(a).contains(".");
  }

  private static String parent(String host) {
    String[] p = host.split("\\.");
    return p.length < 2 ? host : p[p.length - 2] + "." + p[p.length - 1];
  }

  static String hostPort(URI u) {
    return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
  }

  private static String key(Repository repo, List<String> scopes) {
    return repo.apiHost() + " " + String.join(" ", new TreeSet<>(scopes));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
