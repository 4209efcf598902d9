package dev.airlock.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the routes marked direct (the invoke gateway) as a servlet filter in front of Javalin: the
 * same security headers, bearer check and JSON errors, without Javalin's per-request context, regex
 * route matching and path-parameter extraction, which cost about a fifth of a small invoke. Every
 * other request passes on to Javalin untouched.
 */
final class DirectRoutes implements Filter {
  private static final System.Logger LOG = System.getLogger(DirectRoutes.class.getName());

  private record Template(Route route, String[] segments) {}

  private final List<Template> templates;
  private final Auth auth;

  DirectRoutes(List<Route> routes, Auth auth) {
    this.templates =
        routes.stream()
            .filter(Route::isDirect)
            .map(r -> new Template(r, r.path().substring(1).split("/", -1)))
            .toList();
    this.auth = auth;
  }

  boolean isEmpty() {
    return templates.isEmpty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String uri = req.getRequestURI();
    for (Template t : templates) {
      if (t.route.method().name().equals(req.getMethod())) {
        List<String> params = match(t.segments, uri);
        if (params != null) {
          serve(t.route, req, res, params);
          return;
        }
      }
    }
    chain.doFilter(request, response);
  }

  private void serve(
      Route r, HttpServletRequest req, HttpServletResponse res, List<String> params) {
    try {
      ErrorMapping.securityHeaders(res);
      auth.check(req, res, r.access());
      r.direct().serve(req, res, params);
    } catch (ApiException e) {
      ErrorMapping.write(req, res, e.status, e.error, e.getMessage(), e.details);
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.WARNING, "internal error on " + req.getMethod() + " " + r.path(), e);
      ErrorMapping.write(
          req,
          res,
          500,
          "internal_error",
          "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          java.util.Map.of());
    }
  }

  /**
   * The path's parameters when {@code uri} (raw, still percent-encoded) fits the template, else
   * null. A parameter is one non-empty segment, decoded the way Javalin decodes path parameters
   * ({@code +} stays a plus).
   */
  static List<String> match(String[] template, String uri) {
    if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
      return null;
    }
    List<String> params = null;
    int from = 1;
    for (int i = 0; i < template.length; i++) {
      int end = uri.indexOf('/', from);
      boolean last = i == template.length - 1;
      if (last != (end < 0)) {
        return null; // too few or too many segments
      }
      String segment = last ? uri.substring(from) : uri.substring(from, end);
      String want = template[i];
      if (want.startsWith("{")) {
        if (segment.isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new ArrayList<>(2);
        }
        params.add(decode(segment));
      } else if (!want.equals(segment)) {
        return null;
      }
      from = end + 1;
    }
    return params == null ? List.of() : params;
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment; // a broken escape: left as is, for the id check to refuse
    }
  }
}
