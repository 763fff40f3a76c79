package dev.council.server;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.engine.CouncilEngine;
import dev.council.server.internal.Api;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP server over a {@link CouncilEngine}: the JSON API under {@code /v1} (runs, their Server-Sent
 * Event streams, councils), {@code /health/live} and {@code /health/ready}, the OpenAPI document at
 * {@code /openapi.json}, and the web page at {@code /}. Javalin on Jetty 12, one virtual thread per
 * request. docs/server.md describes the API.
 *
 * <pre>{@code
 * try (CouncilServer server = CouncilServer.builder(engine).councils(Path.of("councils")).port(8787).start()) {
 *   ... // http://127.0.0.1:8787/
 * }
 * }</pre>
 *
 * <p>The server only uses engine operations that work across a cluster (start, find, subscribe, cancel,
 * terminate, active runs), so in clustered mode every node serves every run. It does not own the engine:
 * {@link #close()} stops the server, not the engine, and runs go on. Thread-safe.
 */
public final class CouncilServer implements AutoCloseable {
  private final Javalin app;
  private final Api api;
  private final ServerConfig config;

  private CouncilServer(Javalin app, Api api, ServerConfig config) {
    this.app = app;
    this.api = api;
    this.config = config;
  }

  /** A builder for a server over {@code engine}. */
  public static Builder builder(CouncilEngine engine) {
    return new Builder(engine);
  }

  /** The port the server listens on (the chosen one when configured as 0). */
  public int port() {
    return app.port();
  }

  /** The address the server listens on. */
  public String bind() {
    return config.bind();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8787}. */
  public String url() {
    String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port();
  }

  /**
   * What the offline fallback substitutes in the councils served now, one line each ({@code [offline]
   * ...}); empty when nothing is (or the fallback is off). For a start-up notice.
   */
  public List<String> offlineNotices() {
    return api.notices();
  }

  /** Every API route as {@code METHOD /path}, as the OpenAPI document must list them. */
  public List<String> routes() {
    return api.routes();
  }

  /** Stops listening; open event streams end. The engine and its runs are not affected. Idempotent. */
  @Override
  public void close() {
    app.stop();
  }

  @Override
  public String toString() {
    return "CouncilServer[" + config.bind() + ":" + port() + "]";
  }

  /** Configures and starts a server. Not thread-safe; use once. */
  public static final class Builder {
    private final CouncilEngine engine;
    private ServerConfig config;
    private @Nullable Path councilsDir;
    private final Map<String, Council> councils = new LinkedHashMap<>();
    private @Nullable PastRuns pastRuns;
    private ProviderCheck providerCheck;
    private boolean offlineFallback;

    private Builder(CouncilEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.config = ServerConfig.from(engine.config());
      this.providerCheck = ProviderCheck.factories(engine.config(), CouncilServer.class.getClassLoader());
    }

    /**
     * How to tell whether a provider can be used here (shown per council in {@code GET /v1/councils} and
     * {@code /health/ready}). By default {@link ProviderCheck#factories} with the engine's configuration and
     * this library's class loader; pass one over the class loader the engine was built with when providers
     * come from plugin jars.
     */
    public Builder providerCheck(ProviderCheck check) {
      this.providerCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * Whether a council none of whose providers can be used here (no API key set) runs on the offline
     * {@code simulated} provider instead, marked {@code offline: true} — what {@code council serve} does, as
     * {@code council run} does. Off by default: such a council is then listed as not ready and refused.
     */
    public Builder offlineFallback(boolean fallback) {
      this.offlineFallback = fallback;
      return this;
    }

    /** Replaces every setting (by default read from the engine's configuration, {@code council.server.*}). */
    public Builder config(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The folder whose {@code NAME.json} files are served as councils named {@code NAME}. */
    public Builder councils(Path dir) {
      this.councilsDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Serves {@code council} under {@code name} too (a name from the folder is replaced). */
    public Builder council(String name, Council council) {
      councils.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(council, "council"));
      return this;
    }

    /** Where past runs are read: the recorder's history. Without it only runs the engine knows are served. */
    public Builder pastRuns(@Nullable PastRuns pastRuns) {
      this.pastRuns = pastRuns;
      return this;
    }

    /** The port to listen on; 0 picks a free one ({@link CouncilServer#port()} tells which). */
    public Builder port(int port) {
      config = config.withPort(port);
      return this;
    }

    /** The address to listen on; anything but loopback needs a {@link #token}. */
    public Builder bind(String bind) {
      config = config.withBind(bind);
      return this;
    }

    /** The bearer token API requests must carry; required when binding to an address other than loopback. */
    public Builder token(@Nullable String token) {
      config = config.withToken(token);
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws CouncilException of kind {@code VALIDATION} when the server would listen beyond loopback
     *     without a token, or when the port cannot be bound
     */
    public CouncilServer start() {
      ServerConfig cfg = config;
      if (!cfg.loopback() && cfg.token() == null) {
        throw new CouncilException(ErrorKind.VALIDATION, "refusing to listen on " + cfg.bind() + " without a"
            + " token: anyone who can reach it could start and cancel runs. Set COUNCIL_SERVER_TOKEN (or"
            + " council.server.token) to a long random secret, or bind to 127.0.0.1");
      }
      Api api = new Api(engine, cfg, councilsDir, councils, pastRuns, providerCheck, offlineFallback);
      Javalin app = Javalin.create(jc -> {
        jc.startup.showJavalinBanner = false;
        jc.startup.showOldJavalinVersionWarning = false;
        jc.concurrency.useVirtualThreads = true;
        jc.http.maxRequestSize = cfg.maxBodyBytes();
        jc.http.compressionStrategy = CompressionStrategy.NONE;
        jc.jetty.host = cfg.bind();
        jc.jetty.port = cfg.port();
        jc.staticFiles.add(sf -> {
          sf.hostedPath = "/";
          sf.directory = "/dev/council/server/web";
          sf.location = Location.CLASSPATH;
          sf.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
        });
        api.register(jc);
      });
      try {
        app.start();
      } catch (RuntimeException e) {
        app.stop();
        throw new CouncilException(ErrorKind.VALIDATION, "cannot listen on " + cfg.bind() + ":" + cfg.port()
            + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
            + "; pick another port (--port, council.server.port) or stop what uses it");
      }
      return new CouncilServer(app, api, cfg);
    }
  }
}
