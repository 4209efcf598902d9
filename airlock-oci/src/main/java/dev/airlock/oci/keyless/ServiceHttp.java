package dev.airlock.oci.keyless;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One JSON POST to a Sigstore service with bounded answers: the status must be 2xx, the body at
 * most {@link #MAX_BODY} bytes and a JSON object. Failures name the service and the URL.
 */
final class ServiceHttp {
  static final int MAX_BODY = 1 << 20;
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BODY).build());
  }

  private final HttpClient client;
  private final Duration timeout;

  ServiceHttp(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** Posts {@code body} and returns the answer's JSON object. */
  JsonNode post(String service, URI url, JsonNode body) throws OciException {
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<InputStream> res;
    byte[] bytes;
    try {
      res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = res.body()) {
        bytes = in.readNBytes(MAX_BODY + 1);
      }
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.NETWORK,
          String.format(
              Locale.ROOT, "%s at %s could not be reached: %s; check the URL", service, url, e),
          null,
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException(
          OciException.Kind.NETWORK, service + " at " + url + ": interrupted", null, null, e);
    }
    if (bytes.length > MAX_BODY) {
      throw protocol(
          service, url, "the answer is larger than " + MAX_BODY + " bytes", "at most 1 MiB", null);
    }
    int status = res.statusCode();
    if (status / 100 != 2) {
      OciException.Kind kind =
          status == 401 || status == 403
              ? OciException.Kind.UNAUTHORIZED
              : OciException.Kind.PROTOCOL;
      throw new OciException(
          kind,
          String.format(
              Locale.ROOT,
              "%s at %s answered %d: %s%s",
              service,
              url,
              status,
              excerpt(bytes),
              kind == OciException.Kind.UNAUTHORIZED
                  ? "; the identity token was refused (expired, wrong audience or issuer?)"
                  : ""),
          "2xx",
          Integer.toString(status),
          null);
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw protocol(
            service, url, "the answer is not a JSON object", "an object", excerpt(bytes));
      }
      return n;
    } catch (IOException e) {
      throw protocol(
          service,
          url,
          "the answer is not JSON (" + reason(e) + "): " + excerpt(bytes),
          "JSON",
          excerpt(bytes));
    }
  }

  static OciException protocol(
      String service, URI url, String what, String expected, String actual) {
    return new OciException(
        OciException.Kind.PROTOCOL, service + " at " + url + ": " + what, expected, actual, null);
  }

  private static String reason(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage()
        : e.getMessage();
  }

  /** The start of an answer, printable, for messages. */
  static String excerpt(byte[] bytes) {
    String s = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip();
    s = s.replaceAll("\\p{Cntrl}", " ");
    return s.isEmpty() ? "(empty body)" : bytes.length > 200 ? s + "…" : s;
  }
}
