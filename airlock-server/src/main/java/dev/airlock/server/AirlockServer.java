package dev.airlock.server;

import dev.airlock.host.PluginHost;
import dev.airlock.host.PluginHostBuilder;
import dev.airlock.trust.TrustRoot;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The admin server: a REST API under {@code /api/v1} that changes a running {@link PluginHost}, a
 * dashboard at {@code /}, persistence in SQLite or PostgreSQL. Start it with {@link #start}.
 *
 * <pre>{@code
 * try (AirlockServer server = AirlockServer.start(options)) {
 *   System.out.println(server.url());
 * }
 * }</pre>
 */
public final class AirlockServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AirlockServer.class.getName());

  private final Database db;
  private final PluginHost host;
  private final LiveStreams live;
  private final Javalin app;
  private final Optional<String> generatedToken;
  private final List<String> recovered;
  private final String url;
  private final List<Route> routes;

  private AirlockServer(
      Database db,
      PluginHost host,
      LiveStreams live,
      Javalin app,
      Optional<String> generatedToken,
      List<String> recovered,
      String url,
      List<Route> routes) {
    this.routes = routes;
    this.db = db;
    this.host = host;
    this.live = live;
    this.app = app;
    this.generatedToken = generatedToken;
    this.recovered = recovered;
    this.url = url;
  }

  /**
   * Opens the database (running migrations), reconciles stored plugins, starts the host and
   * listens.
   *
   * @param o the options
   * @return the running server
   * @throws ServerStartException when the database cannot be used, the port is taken, or the data
   *     directory cannot be written
   */
  public static AirlockServer start(ServerOptions o) throws ServerStartException {
    return start(o, SourceOptions.defaults());
  }

  /**
   * Starts the server with settings for the registry, git, url and oci install sources.
   *
   * @param o the options
   * @param so where the install sources fetch from
   * @return the running server
   * @throws ServerStartException as {@link #start(ServerOptions)}, or when the index trust root
   *     cannot be loaded
   */
  public static AirlockServer start(ServerOptions o, SourceOptions so) throws ServerStartException {
    try {
      Files.createDirectories(o.dataDirectory());
    } catch (IOException e) {
      throw new ServerStartException(
          "cannot create the data directory " + o.dataDirectory().toAbsolutePath() + ": " + e, e);
    }
    SecretRedaction.install();
    Database db = Database.open(o.jdbcUrl());
    PluginHost host = null;
    try {
      Path data = o.dataDirectory();
      Path tmp = data.resolve("tmp");
      if (Files.exists(tmp)) {
        PluginApi.deleteTree(tmp);
      }
      Files.createDirectories(tmp);
      Tokens tokens = new Tokens(db);
      tokens.refresh();
      Optional<String> generated = bootstrap(tokens, o.adminToken());
      DemoKeys demo = DemoKeys.open(data.resolve("demo"));
      PluginHostBuilder hb =
          o.settings()
              .hostBuilder()
              .pluginsDirectory(data.resolve("plugins"))
              .hotReload(false)
              .enableNewPlugins(false)
              .allowDowngrade(true) // the server refuses rollbacks itself (?allow_downgrade)
              .stateStore(new DbStateStore(db));
      if (o.settings().host().trustRoot().isEmpty()) {
        hb.trustRoot(TrustRoot.load(demo.trustRoot())).requireSignature(true);
      }
      if (o.settings().host().compileCache().isEmpty()) {
        hb.compileCache(data.resolve("compile-cache")); // a restart loads without compiling
      }
      host = hb.build();
      BlobStore blobs = new BlobStore(data.resolve("blobs"));
      PluginDirectory directory = new PluginDirectory(data.resolve("plugins"), blobs);
      Verification verification = new Verification(host.settings());
      ServerMetrics metrics = new ServerMetrics();
      Lifecycle lifecycle = new Lifecycle(host, db, blobs, directory, verification, metrics);
      List<String> recovered = lifecycle.reconcile();
      LiveStreams live = new LiveStreams();
      host.addListener(metrics);
      metrics.watch(host);
      host.addListener(live);
      host.addListener(new EventRecorder(db));
      host.start();
      List<InstallSource> sources = new ArrayList<>(InstallSources.create(o, so, host, demo));
      sources.add(new ExamplePlugins(demo.key()));
      Set<String> allowed = Set.copyOf(host.settings().allowedSources());
      Uploads uploads = new Uploads(o.maxUploadBytes());
      PluginApi plugins = new PluginApi(host, db, lifecycle, uploads, sources, allowed, tmp);
      CallApi calls = new CallApi(host, db, lifecycle, directory, verification, metrics);
      AdminApi admin = new AdminApi(tokens, db, metrics);
      List<Route> routes = Routes.all(plugins, calls, admin, live);
      Javalin app = http(o, tmp, routes, new Auth(tokens));
      String url = "http://" + hostForUrl(o.host()) + ":" + app.port() + "/";
      return new AirlockServer(db, host, live, app, generated, recovered, url, routes);
    } catch (ApiException e) {
      cleanup(db, host);
      throw new ServerStartException("cannot start: " + e.getMessage(), e);
    } catch (IOException | dev.airlock.AirlockException e) {
      cleanup(db, host);
      throw new ServerStartException("cannot start: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      cleanup(db, host);
      if (hasCause(e, BindException.class)) {
        throw new ServerStartException(
            "cannot listen on "
                + o.host()
                + ":"
                + o.port()
                + ": the address is in use; pick another with --listen HOST:PORT",
            e);
      }
      throw e;
    }
  }

  private static void cleanup(Database db, PluginHost host) {
    if (host != null) {
      host.close();
    }
    db.close();
  }

  private static boolean hasCause(Throwable t, Class<?> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The admin token from the environment, or one made at first start (returned to print once). */
  private static Optional<String> bootstrap(Tokens tokens, Optional<String> given) {
    if (given.isPresent()) {
      tokens.ensure("bootstrap (AIRLOCK_ADMIN_TOKEN)", given.get().strip(), Set.of(Scope.ADMIN));
      return Optional.empty();
    }
    if (tokens.anyAdmin()) {
      return Optional.empty();
    }
    return Optional.of(tokens.create("bootstrap", Set.of(Scope.ADMIN)).secret());
  }

  private static Javalin http(ServerOptions o, Path tmp, List<Route> routes, Auth auth) {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.http.maxRequestSize = 4L * 1024 * 1024;
              cfg.http.generateEtags = false;
              cfg.jetty.multipartConfig.cacheDirectory(tmp.toString());
              cfg.jetty.multipartConfig.maxFileSize(o.maxUploadBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxTotalRequestSize(o.maxUploadBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);
              cfg.jetty.modifyHttpConfiguration(
                  h -> {
                    // "..%2f" must reach our id check (and its JSON 400), not Jetty's HTML one
                    h.setUriCompliance(UriCompliance.LEGACY);
                    h.setSendServerVersion(false);
                  });
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              DirectRoutes direct = new DirectRoutes(routes, auth);
              cfg.jetty.modifyServletContextHandler(
                  h ->
                      h.addFilter(
                          new org.eclipse.jetty.servlet.FilterHolder(direct),
                          Routes.BASE + "/*",
                          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
              cfg.jetty.addConnector(
                  (server, httpConfig) -> {
                    ServerConnector c =
                        new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                    c.setHost(o.host());
                    c.setPort(o.port());
                    c.setIdleTimeout(o.idleTimeout().toMillis());
                    return c;
                  });
              cfg.staticFiles.add(
                  s -> {
                    s.hostedPath = "/";
                    s.directory = "/dev/airlock/server/dashboard";
                    s.location = Location.CLASSPATH;
                    s.headers = ErrorMapping.STATIC_HEADERS;
                  });
            });
    ErrorMapping.install(app);
    for (Route r : routes) {
      if (r.isDirect()) {
        continue; // served by DirectRoutes
      }
      app.addHttpHandler(
          r.method(),
          r.path(),
          ctx -> {
            ErrorMapping.securityHeaders(ctx.res());
            auth.check(ctx, r.access());
            r.handler().handle(ctx);
          });
    }
    app.start();
    return app;
  }

  /**
   * @return the dashboard's URL, e.g. {@code http://127.0.0.1:8080/}
   */
  public String url() {
    return url;
  }

  /** The API's routes, as registered. */
  List<Route> routes() {
    return routes;
  }

  /**
   * @return the port listened on
   */
  public int port() {
    return app.port();
  }

  /**
   * The admin token made at this start, when the database had none and {@code AIRLOCK_ADMIN_TOKEN}
   * was not set. Show it once: only its hash is stored.
   *
   * @return the token, or empty
   */
  public Optional<String> generatedAdminToken() {
    return generatedToken;
  }

  /**
   * What the start had to repair after an unclean stop (files restored, orphans deleted).
   *
   * @return one line per repair
   */
  public List<String> recovered() {
    return recovered;
  }

  /** Stops listening, unloads every plugin once its calls finish, and closes the database. */
  @Override
  public void close() {
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "stopping the HTTP server failed", e);
    }
    live.close();
    host.close();
    db.close();
  }

  static Map<String, Object> errorBody(String error, String message, Map<String, Object> details) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    body.put("details", details);
    return body;
  }
}
