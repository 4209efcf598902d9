package dev.airlock.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (a request line it cannot parse, e.g. a NUL in the path) in our error shape,
 * so every answer of the server is {@code {error, message, details}} JSON.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    String message =
        "the request cannot be parsed"
            + (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
            + "; ids in paths must be 1-128 lowercase letters, digits, '-' or '_'";
    return ByteBuffer.wrap(
        Json.write(AirlockServer.errorBody("bad_request", message, Map.of()))
            .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      jakarta.servlet.http.HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            Json.write(
                    AirlockServer.errorBody(
                        code == 413 ? "payload_too_large" : "http_" + code,
                        message == null ? "HTTP " + code : message,
                        Map.of()))
                .getBytes(StandardCharsets.UTF_8));
  }
}
