package dev.airlock.catalog;

import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * The fetch rules for a JGit clone over https: the {@link Fetcher}'s trust (system store plus the
 * optional CA file), its credentials sent only to their own host, and every redirect checked before
 * JGit follows it (no https to http, no other host while credentials are attached).
 */
final class GitHttp implements HttpConnectionFactory, TransportConfigCallback {
  private final TrustManager[] trust;
  private final List<Credentials> credentials;
  private final HttpConnectionFactory jdk = new JDKHttpConnectionFactory();
  private final AtomicReference<String> refusal = new AtomicReference<>();

  GitHttp(TrustManager[] trust, List<Credentials> credentials) {
    this.trust = trust.clone();
    this.credentials = List.copyOf(credentials);
  }

  /** The first redirect this factory refused, if any: the reason a clone failed. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  @Override
  public void configure(org.eclipse.jgit.transport.Transport transport) {
    if (transport instanceof TransportHttp http) {
      http.setHttpConnectionFactory(this);
    }
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return create(url, null);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    HttpConnection c = proxy == null ? jdk.create(url) : jdk.create(url, proxy);
    try {
      c.configure(null, trust, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
    }
    Optional<Credentials> cred = credentialsFor(url);
    cred.ifPresent(k -> c.setRequestProperty("Authorization", k.authorization()));
    return new CheckedConnection(c, cred, this::checkRedirect);
  }

  private Optional<Credentials> credentialsFor(URL url) {
    try {
      URI uri = url.toURI();
      return credentials.stream().filter(k -> k.appliesTo(uri)).findFirst();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Throws when JGit is about to follow a redirect the fetch rules refuse. */
  private void checkRedirect(URL from, String location, Optional<Credentials> cred)
      throws IOException {
    String reason;
    URI to = null;
    try {
      to = from.toURI().resolve(new URI(location));
      String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https")) {
        reason = "https must not be downgraded to " + (scheme.isEmpty() ? "nothing" : scheme);
      } else if (cred.isPresent() && !sameOrigin(from, to)) {
        reason =
            "the request carried credentials for "
                + cred.get().host()
                + ", which are never sent to another host";
      } else {
        return;
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      reason = "not a valid URL";
    }
    String message =
        "redirect from "
            + from
            + " to "
            + (to == null ? "'" + location + "'" : to.toString())
            + " refused: "
            + reason;
    refusal.compareAndSet(null, message);
    throw new IOException(message);
  }

  private static boolean sameOrigin(URL a, URI b) {
    return a.getHost().equalsIgnoreCase(b.getHost())
        && (a.getPort() == -1 ? a.getDefaultPort() : a.getPort())
            == (b.getPort() == -1 ? 443 : b.getPort());
  }
}
