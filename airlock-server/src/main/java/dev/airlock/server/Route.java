package dev.airlock.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * One API route: the table of these is what is registered, what the auth test walks and what the
 * OpenAPI test compares with the document. A route has a Javalin {@code handler}, or, for the hot
 * ones, a {@code direct} handler that {@link DirectRoutes} serves ahead of Javalin's router.
 */
record Route(HandlerType method, String path, Access access, Handler handler, Direct direct) {

  /** A handler on the servlet request and response, given the path's parameters in order. */
  @FunctionalInterface
  interface Direct {
    void serve(HttpServletRequest req, HttpServletResponse res, List<String> params)
        throws Exception;
  }

  Route(HandlerType method, String path, Access access, Handler handler) {
    this(method, path, access, handler, null);
  }

  Route(HandlerType method, String path, Access access, Direct direct) {
    this(method, path, access, null, direct);
  }

  boolean isDirect() {
    return direct != null;
  }
}
