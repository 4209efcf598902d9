package dev.airlock.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small registry token server for tests (the distribution "token" auth): checks Basic credentials
 * and issues ES256 JWTs with the signing certificate in {@code x5c}, granting pull and push on the
 * requested repositories. Anonymous requests get a token with no access.
 */
public final class TokenServer implements AutoCloseable {
  private final HttpServer server;
  private final PrivateKey key;
  private final String x5c;
  private final String user;
  private final String password;
  private final String service;
  private final String issuer;
  private final AtomicInteger requests = new AtomicInteger();

  private TokenServer(
      Path keyPem, Path certPem, String user, String password, String service, String issuer)
      throws Exception {
    this.key = readKey(keyPem);
    X509Certificate cert;
    try (var in = Files.newInputStream(certPem)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    this.x5c = Base64.getEncoder().encodeToString(cert.getEncoded());
    this.user = user;
    this.password = password;
    this.service = service;
    this.issuer = issuer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::token);
    server.start();
  }

  /**
   * Starts a token server on 127.0.0.1 and a free port.
   *
   * @param keyPem the ES256 signing key (PKCS#8 PEM)
   * @param certPem its certificate (in the registry's rootcertbundle)
   * @param user the user name it accepts
   * @param password the password it accepts
   * @param service the service name (the token audience)
   * @param issuer the issuer name
   * @return the running server
   * @throws Exception when it cannot start
   */
  public static TokenServer start(
      Path keyPem, Path certPem, String user, String password, String service, String issuer)
      throws Exception {
    return new TokenServer(keyPem, certPem, user, password, service, issuer);
  }

  /**
   * @return the realm URL
   */
  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /**
   * @return how many token requests it answered
   */
  public int requests() {
    return requests.get();
  }

  private void token(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    boolean known = false;
    if (auth != null && auth.startsWith("Basic ")) {
      String plain =
          new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
      if (!plain.equals(user + ":" + password)) {
        send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
        return;
      }
      known = true;
    }
    List<String> scopes = new ArrayList<>();
    String q = ex.getRequestURI().getRawQuery();
    for (String p : q == null ? new String[0] : q.split("&")) {
      if (p.startsWith("scope=")) {
        scopes.add(URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8));
      }
    }
    StringBuilder access = new StringBuilder("[");
    if (known) {
      for (String s : scopes) {
        String[] parts = s.split(":");
        if (parts.length == 3 && parts[0].equals("repository")) {
          if (access.length() > 1) {
            access.append(',');
          }
          access
              .append("{\"type\":\"repository\",\"name\":\"")
              .append(parts[1])
              .append("\",\"actions\":[\"pull\",\"push\"]}");
        }
      }
    }
    access.append(']');
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\""
            + (known ? user : "")
            + "\",\"aud\":\""
            + service
            + "\",\"exp\":"
            + (now + 300)
            + ",\"nbf\":"
            + (now - 10)
            + ",\"iat\":"
            + now
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"access\":"
            + access
            + "}";
    String jwt;
    try {
      String signing =
          b64(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + b64(claims.getBytes(StandardCharsets.UTF_8));
      Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
      sig.initSign(key);
      sig.update(signing.getBytes(StandardCharsets.US_ASCII));
      jwt = signing + "." + b64(sig.sign());
    } catch (Exception e) {
      send(ex, 500, "{}");
      return;
    }
    send(ex, 200, "{\"token\":\"" + jwt + "\",\"expires_in\":300}");
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  private static PrivateKey readKey(Path pem) throws Exception {
    String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
