package dev.airlock.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** The one place where failures become HTTP answers: JSON {@code {error, message, details}}. */
final class ErrorMapping {
  private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

  private ErrorMapping() {}

  static void install(Javalin app) {
    app.exception(
        ApiException.class, (e, ctx) -> write(ctx, e.status, e.error, e.getMessage(), e.details));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.log(
              System.Logger.Level.WARNING,
              "internal error on " + ctx.method() + " " + ctx.path(),
              e);
          write(
              ctx,
              500,
              "internal_error",
              "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              Map.of());
        });
    app.error(
        404,
        ctx -> {
          if (ctx.path().startsWith(Routes.BASE) && isEmpty(ctx)) {
            write(
                ctx,
                404,
                "not_found",
                "no route "
                    + ctx.method()
                    + " "
                    + ctx.path()
                    + " (see "
                    + Routes.BASE
                    + "/openapi.json)",
                Map.of());
          }
        });
  }

  /** Headers every API answer carries; set on the response directly (no after-handler pass). */
  static void securityHeaders(jakarta.servlet.http.HttpServletResponse res) {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
  }

  /** Headers for the dashboard's static files. */
  static final Map<String, String> STATIC_HEADERS =
      Map.of(
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY",
          "Cache-Control",
          "no-cache",
          "Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
              + " frame-ancestors 'none'");

  private static boolean isEmpty(Context ctx) {
    String r = ctx.result();
    return r == null
        || r.isEmpty()
        || r.equals("Endpoint " + ctx.method() + " " + ctx.path() + " not found")
        || r.startsWith("Not Found")
        || r.startsWith("Not found");
  }

  static void write(
      Context ctx, int status, String error, String message, Map<String, Object> details) {
    if (status == 413 && abortAfterAnswer(ctx.req(), ctx.res(), error, message, details)) {
      return;
    }
    ctx.status(status).json(AirlockServer.errorBody(error, message, details));
  }

  /** The same answer written straight to the servlet response, for {@link DirectRoutes}. */
  static void write(
      jakarta.servlet.http.HttpServletRequest req,
      jakarta.servlet.http.HttpServletResponse res,
      int status,
      String error,
      String message,
      Map<String, Object> details) {
    if (status == 413 && abortAfterAnswer(req, res, error, message, details)) {
      return;
    }
    if (res.isCommitted()) {
      return; // part of an answer is out already: nothing sensible can follow it
    }
    byte[] body =
        Json.write(AirlockServer.errorBody(error, message, details))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("application/json");
    res.setContentLength(body.length);
    try {
      res.getOutputStream().write(body);
    } catch (java.io.IOException e) {
      // the client went away
    }
  }

  /**
   * An oversized body may never end, and Jetty would read (and drop) it to the end before closing.
   * So the 413 is written and flushed here, and the connection closed under the sender.
   */
  private static boolean abortAfterAnswer(
      jakarta.servlet.http.HttpServletRequest req,
      jakarta.servlet.http.HttpServletResponse res,
      String error,
      String message,
      Map<String, Object> details) {
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(req);
    if (base == null || base.getHttpInput().isFinished() || res.isCommitted()) {
      return false;
    }
    try {
      res.setStatus(413);
      res.setContentType("application/json");
      res.setHeader("Connection", "close");
      res.getOutputStream()
          .write(
              Json.write(AirlockServer.errorBody(error, message, details))
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      res.flushBuffer();
    } catch (java.io.IOException | RuntimeException e) {
      // the client is gone already
    }
    base.getHttpChannel().getEndPoint().close();
    return true;
  }
}
