package dev.airlock.server;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Handler;
import io.javalin.http.sse.SseHandler;
import java.util.List;

/** The whole API, in one table: registered as is, walked by the auth test, checked by OpenAPI. */
final class Routes {
  static final String BASE = "/api/v1";

  private Routes() {}

  /** Javalin streams only to {@code Accept: text/event-stream}; say so instead of a silent 200. */
  private static void acceptsEventStream(io.javalin.http.Context ctx) {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ApiException(
          406,
          "not_acceptable",
          "this route is a Server-Sent Events stream: send 'Accept: text/event-stream'");
    }
  }

  static List<Route> all(PluginApi p, CallApi c, AdminApi a, LiveStreams live) {
    Handler logStream =
        ctx -> {
          String id = Ids.plugin(ctx.pathParam("id"));
          acceptsEventStream(ctx);
          new SseHandler(
                  0,
                  client -> {
                    client.keepAlive();
                    live.addLogClient(id, client);
                    client.sendComment("streaming the logs of " + id);
                  })
              .handle(ctx);
        };
    Handler eventStream =
        ctx -> {
          acceptsEventStream(ctx);
          new SseHandler(
                  0,
                  client -> {
                    client.keepAlive();
                    live.addEventClient(client);
                    client.sendComment("streaming host events");
                  })
              .handle(ctx);
        };
    return List.of(
        // The hot one: served ahead of Javalin (DirectRoutes).
        new Route(
            POST, BASE + "/plugins/{id}/invoke/{hook}", Access.INVOKE, (Route.Direct) c::invoke),
        new Route(GET, BASE + "/health", Access.PUBLIC, a::health),
        new Route(GET, BASE + "/ready", Access.PUBLIC, a::ready),
        new Route(GET, BASE + "/openapi.json", Access.PUBLIC, a::openapi),
        new Route(GET, BASE + "/metrics", Access.READ, a::metrics),
        new Route(GET, BASE + "/whoami", Access.ANY, a::whoami),
        new Route(GET, BASE + "/examples", Access.READ, p::examples),
        new Route(GET, BASE + "/plugins", Access.READ, p::list),
        new Route(POST, BASE + "/plugins", Access.ADMIN, p::install),
        new Route(GET, BASE + "/plugins/{id}", Access.READ, p::get),
        new Route(PUT, BASE + "/plugins/{id}", Access.ADMIN, p::update),
        new Route(DELETE, BASE + "/plugins/{id}", Access.ADMIN, p::delete),
        new Route(POST, BASE + "/plugins/{id}/enable", Access.ADMIN, p::enable),
        new Route(POST, BASE + "/plugins/{id}/disable", Access.ADMIN, p::disable),
        new Route(PUT, BASE + "/plugins/{id}/config", Access.ADMIN, p::configure),
        new Route(GET, BASE + "/plugins/{id}/logs", Access.READ, c::logs),
        new Route(GET, BASE + "/plugins/{id}/logs/stream", Access.READ, logStream),
        new Route(GET, BASE + "/plugins/{id}/events", Access.READ, c::events),
        new Route(GET, BASE + "/events/stream", Access.READ, eventStream),
        new Route(POST, BASE + "/plugins/{id}/test", Access.INVOKE, c::test),
        new Route(GET, BASE + "/tokens", Access.ADMIN, a::listTokens),
        new Route(POST, BASE + "/tokens", Access.ADMIN, a::createToken),
        new Route(DELETE, BASE + "/tokens/{tokenId}", Access.ADMIN, a::revokeToken));
  }
}
