package dev.airlock.server;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;

/** Checks the bearer token of a request against the route's access. Never logs a token. */
final class Auth {
  static final String TOKEN_ATTRIBUTE = "airlock.token";
  private final Tokens tokens;

  Auth(Tokens tokens) {
    this.tokens = tokens;
  }

  void check(Context ctx, Access access) {
    check(ctx.req(), ctx.res(), access);
  }

  /** The same check on the servlet request, for {@link DirectRoutes}. */
  void check(HttpServletRequest req, HttpServletResponse res, Access access) {
    if (access == Access.PUBLIC) {
      return;
    }
    String header = req.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"airlock\"");
      throw new ApiException(
          401,
          "unauthorized",
          "this route needs a bearer token"
              + (access.scope != null ? " with scope '" + access.scope.label() + "'" : "")
              + ": send 'Authorization: Bearer <token>' (make one with 'airlock token create"
              + " --scope "
              + (access.scope != null ? access.scope.label() : "read")
              + "')");
    }
    Optional<Tokens.Token> token = tokens.verify(header.substring(7).strip());
    if (token.isEmpty()) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"airlock\", error=\"invalid_token\"");
      throw new ApiException(
          401, "unauthorized", "the bearer token is not valid (unknown or revoked)");
    }
    req.setAttribute(TOKEN_ATTRIBUTE, token.get());
    if (access.scope != null && !token.get().allows(access.scope)) {
      throw new ApiException(
          403,
          "forbidden",
          "token '"
              + token.get().id()
              + "' has scopes ["
              + Tokens.label(token.get().scopes())
              + "]; this route needs '"
              + access.scope.label()
              + "'",
          Map.of("required", access.scope.label()));
    }
  }
}
