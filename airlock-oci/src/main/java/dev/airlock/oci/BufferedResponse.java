package dev.airlock.oci;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response whose (small) body was already read, e.g. to look at an error text. */
final class BufferedResponse implements HttpResponse<InputStream> {
  private final HttpResponse<InputStream> r;
  private final byte[] body;

  BufferedResponse(HttpResponse<InputStream> r, byte[] body) {
    this.r = r;
    this.body = body.clone();
  }

  @Override
  public int statusCode() {
    return r.statusCode();
  }

  @Override
  public HttpRequest request() {
    return r.request();
  }

  @Override
  public Optional<HttpResponse<InputStream>> previousResponse() {
    return r.previousResponse();
  }

  @Override
  public HttpHeaders headers() {
    return r.headers();
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return r.sslSession();
  }

  @Override
  public URI uri() {
    return r.uri();
  }

  @Override
  public HttpClient.Version version() {
    return r.version();
  }
}
