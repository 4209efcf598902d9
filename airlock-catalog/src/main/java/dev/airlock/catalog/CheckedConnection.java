package dev.airlock.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.URL;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * A JGit connection whose redirect answers are checked before JGit sees them; everything else is
 * passed through. Trust cannot be changed or host checks switched off after creation.
 */
final class CheckedConnection implements HttpConnection {
  /** Decides whether a redirect may be followed. */
  @FunctionalInterface
  interface RedirectCheck {
    void check(URL from, String location, Optional<Credentials> cred) throws IOException;
  }

  private final HttpConnection c;
  private final Optional<Credentials> cred;
  private final RedirectCheck check;

  CheckedConnection(HttpConnection c, Optional<Credentials> cred, RedirectCheck check) {
    this.c = c;
    this.cred = cred;
    this.check = check;
  }

  @Override
  public int getResponseCode() throws IOException {
    int code = c.getResponseCode();
    if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
      String location = c.getHeaderField("Location");
      if (location != null) {
        check.check(c.getURL(), location, cred);
      }
    }
    return code;
  }

  @Override
  public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
      throws java.security.NoSuchAlgorithmException, java.security.KeyManagementException {
    // ignored: the trust was set when the connection was made; JGit may not replace it
  }

  @Override
  public void setHostnameVerifier(HostnameVerifier v)
      throws java.security.NoSuchAlgorithmException, java.security.KeyManagementException {
    // ignored: host name checks stay on (an http.sslVerify=false in ~/.gitconfig changes nothing)
  }

  @Override
  public URL getURL() {
    return c.getURL();
  }

  @Override
  public String getResponseMessage() throws IOException {
    return c.getResponseMessage();
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    return c.getHeaderFields();
  }

  @Override
  public void setRequestProperty(String key, String value) {
    if (key.equalsIgnoreCase("Authorization") && cred.isPresent()) {
      return; // our host-bound credentials win over anything JGit would add
    }
    c.setRequestProperty(key, value);
  }

  @Override
  public void setRequestMethod(String method) throws ProtocolException {
    c.setRequestMethod(method);
  }

  @Override
  public void setUseCaches(boolean use) {
    c.setUseCaches(use);
  }

  @Override
  public void setConnectTimeout(int ms) {
    c.setConnectTimeout(ms);
  }

  @Override
  public void setReadTimeout(int ms) {
    c.setReadTimeout(ms);
  }

  @Override
  public String getContentType() {
    return c.getContentType();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return c.getInputStream();
  }

  @Override
  public String getHeaderField(String name) {
    return c.getHeaderField(name);
  }

  @Override
  public List<String> getHeaderFields(String name) {
    return c.getHeaderFields(name);
  }

  @Override
  public int getContentLength() {
    return c.getContentLength();
  }

  @Override
  public void setInstanceFollowRedirects(boolean follow) {
    c.setInstanceFollowRedirects(false); // JGit follows redirects itself, after our check
  }

  @Override
  public void setDoOutput(boolean out) {
    c.setDoOutput(out);
  }

  @Override
  public void setFixedLengthStreamingMode(int length) {
    c.setFixedLengthStreamingMode(length);
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return c.getOutputStream();
  }

  @Override
  public void setChunkedStreamingMode(int chunk) {
    c.setChunkedStreamingMode(chunk);
  }

  @Override
  public String getRequestMethod() {
    return c.getRequestMethod();
  }

  @Override
  public boolean usingProxy() {
    return c.usingProxy();
  }

  @Override
  public void connect() throws IOException {
    c.connect();
  }
}
